#!/bin/sh
# heldout_cli.sh - a tiny tuned experiment of softmax through the command
# (doc/experiments.md, "Held-out results and learning curves"): the
# held-out columns of its rows, a run killed and resumed, the phases in
# shards merged back, the statistics of the held-out columns and the
# curves split out of the rows, and the settings refused with one line.
# [MB8] the five held-out columns after the tuned ones.
# [MB10] target_step: the first curve step at or below target_loss.
# [MB11] the curve: step 0, every eval_every steps and the last.
# [MB13] the evaluation runs rerun the trial of the lowest mean
# heldout_loss.
# [MB14] fanos stats: the means of the held-out columns and
# target_reached, recomputed here with awk.
# [MB15] fanos stats --curves: the median, min and max at each step,
# recomputed here with awk.
# [MB17] eval_every and target_loss refused with one line, exit 1 and no
# output file.
set -u
FANOS=${FANOS:-$(pwd)/src/fanos}
T=$(mktemp -d "${TMPDIR:-/tmp}/heldout_cli.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
passes=0
fails=0
ok() { echo "ok: $1"; passes=$((passes + 1)); }
no() { echo "FAIL: $1"; fails=$((fails + 1)); }

cat >t.ini <<'EOF'
[experiment]
name = H
problem = softmax
ntrain = 300
ntest = 100
batch = 100
epochs = 2
eval_every = 2
target_loss = 2.1
loop = before-last
trials = 3
tuning_seeds = 10..11
evaluation_seeds = 0..2

[method AdamW]
optimizer = adamw
set = weight_decay=0
tune.lr = log 1e-4 .. 1e-1

[method SGD]
optimizer = sgd
tune.lr = 1e-2, 1e306
EOF
HEAD="experiment,problem,param,draws,method,lr,seed,final_loss,diverged,diverged_step,evals,steps,seconds,phase,trial,settings,heldout_loss,heldout_accuracy,heldout_bits,target_step,curve"
nosec() { cut -d, -f1-12,14- "$1"; }     # all but seconds (column 13)

# ---- one sweep: the columns ---------------------------------------------
"$FANOS" sweep t.ini -o r.csv --quiet --threads 2 2>err || { no "sweep"; cat err; }
[ "$(head -n 1 r.csv)" = "$HEAD" ] && ok "the header: the tuned columns, then the five held-out ones" ||
    { no "header"; head -n 1 r.csv; }
# 3 AdamW + 2 SGD trials on 2 seeds = 10 tuning rows, 2 methods x 3 seeds
[ "$(wc -l <r.csv)" -eq 17 ] && ok "10 tuning and 6 evaluation rows" || no "row count $(wc -l <r.csv)"
awk -F, 'NR > 1 && $9 == 0 {
        n = split($21, p, " ")
        if (n != 4) bad = "points " n
        for (i = 1; i <= n; i++) { split(p[i], q, ":"); if (q[1] != 2 * (i - 1)) bad = "step " q[1] }
        split(p[n], q, ":"); if (q[2] != $17 || q[3] != $18) bad = "last point " p[n]
        t = ""; for (i = 1; i <= n; i++) { split(p[i], q, ":"); if (t == "" && q[2] <= 2.1) t = q[1] }
        if (t != $20) bad = "target " t " against " $20
        if ($19 - $17 / log(2) > 1e-12 * $19 || $17 / log(2) - $19 > 1e-12 * $19) bad = "bits"
        good++ }
     NR > 1 && $9 == 1 { if ($17 != "nan" || $18 != "nan" || $19 != "nan") bad = "diverged metrics"; div++ }
     END { if (bad != "" || good < 10 || div != 2) { print bad, good, div; exit 1 } }' r.csv &&
    ok "each curve: steps 0, 2, 4, 6, its last point the held-out columns, target_step its first step <= 2.1, bits = loss/ln 2; diverged rows nan" ||
    no "curves and held-out columns"

# ---- the choice: the trial of the lowest mean heldout_loss --------------
for m in AdamW SGD; do
    want=$(awk -F, -v m=$m '$14 == "tuning" && $5 == m { s[$15] += $17; if ($9 == 1) d[$15] = 1 }
        END { b = ""; for (t in s) if (!(t in d) && (b == "" || s[t] < s[b])) b = t; print b }' r.csv)
    got=$(awk -F, -v m=$m '$14 == "evaluation" && $5 == m { print $15; exit }' r.csv)
    [ -n "$want" ] && [ "$want" = "$got" ] && ok "$m: the evaluation reruns trial $got, the lowest mean heldout_loss" ||
        no "$m: evaluation trial $got, expected $want"
done

# ---- killed after run 6, resumed ----------------------------------------
stopped() {
    i=0
    while [ $i -lt 500 ]; do
        s=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
        [ "$s" = T ] && return 0
        [ -z "$s" ] && return 1
        sleep 0.02; i=$((i + 1))
    done
    return 1
}
FANOS_TEST_STOP=run:6 "$FANOS" sweep t.ini -o k.csv --quiet --threads 1 2>err &
pid=$!
if stopped $pid; then kill -KILL $pid; fi
kill -CONT $pid 2>/dev/null
wait $pid
[ ! -e k.csv ] && [ "$(($(wc -l <k.csv.journal) - 2))" -eq 6 ] &&
    ok "SIGKILL after run 6: six rows in the journal, with their curves" || no "kill after run 6"
"$FANOS" sweep t.ini -o k.csv --resume --quiet --threads 2 2>err &&
    nosec r.csv >a && nosec k.csv >b && cmp -s a b && [ ! -e k.csv.journal ] &&
    ok "--resume: the rows of an uninterrupted sweep, curves included (all but seconds)" ||
    { no "--resume"; cat err; diff a b | head -5; }

# ---- the phases in shards, merged ---------------------------------------
"$FANOS" sweep t.ini --phase tuning --shard 1/2 -o t1.csv --quiet 2>err &&
    "$FANOS" sweep t.ini --phase tuning --shard 2/2 -o t2.csv --quiet 2>>err &&
    "$FANOS" merge t1.csv t2.csv --expect t.ini -o tun.csv 2>>err &&
    "$FANOS" sweep t.ini --phase evaluation --tuning tun.csv --shard 1/2 -o e1.csv --quiet 2>>err &&
    "$FANOS" sweep t.ini --phase evaluation --tuning tun.csv --shard 2/2 -o e2.csv --quiet 2>>err &&
    "$FANOS" merge tun.csv e1.csv e2.csv --expect t.ini -o m.csv 2>>err &&
    nosec m.csv >c && cmp -s a c &&
    ok "shards of both phases merged: the one sweep's rows, curves included" ||
    { no "shards and merge"; cat err; diff a c | head -5; }

# ---- statistics of the held-out columns ---------------------------------
"$FANOS" stats r.csv -o s.csv --curves c.csv 2>err || { no "stats"; cat err; }
hdr=$(head -n 1 s.csv)
case $hdr in
*,phase,trial,settings,heldout_loss_mean,heldout_loss_std,heldout_loss_ci_lo,heldout_loss_ci_hi,heldout_loss_median,heldout_accuracy_mean,*,heldout_bits_mean,*,target_step_mean,target_step_std,target_step_ci_lo,target_step_ci_hi,target_step_median,target_reached)
    ok "the summary's held-out columns";;
*) no "summary header: $hdr";;
esac
# the evaluation row of AdamW against the raw rows
col() { awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) print i; exit }' s.csv; }
hm=$(col heldout_loss_mean) am=$(col heldout_accuracy_mean) tr=$(col target_reached) ts=$(col target_step_mean)
awk -F, -v hm="$hm" -v am="$am" -v tr="$tr" -v ts="$ts" '
    FNR == NR { if ($14 == "evaluation" && $5 == "AdamW" && $9 == 0) { l += $17; a += $18; n++
                if ($20 != "") { r++; t += $20 } } next }
    $18 == "evaluation" && $5 == "AdamW" { found = 1
        d = $hm - l / n; if (d < 0) d = -d; if (d > 1e-12) bad = "loss " $hm " " l / n
        d = $am - a / n; if (d < 0) d = -d; if (d > 1e-12) bad = "accuracy"
        if ($tr != r) bad = "reached " $tr " " r
        if (r && $ts != t / r) bad = "target " $ts " " t / r }
    END { if (!found || bad != "") { print bad; exit 1 } }' r.csv s.csv &&
    ok "AdamW's evaluation row: the means of heldout_loss, heldout_accuracy, target_step and target_reached of its rows" ||
    no "held-out statistics"
# the band at step 4 of SGD's evaluation rows: median, min, max of 3 seeds
want=$(awk -F, '$14 == "evaluation" && $5 == "SGD" { n = split($21, p, " ")
        for (i = 1; i <= n; i++) { split(p[i], q, ":"); if (q[1] == 4) print q[2] } }' r.csv | sort -g |
       awk '{ v[NR] = $1 } END { printf "%s %s %s %d\n", v[2], v[1], v[3], NR }')
got=$(awk -F, '$7 == "evaluation" && $5 == "SGD" && $9 == 4 { printf "%s %s %s %d\n", $11, $12, $13, $10 }' c.csv)
[ -n "$want" ] && [ "$want" = "$got" ] && ok "--curves: SGD at step 4, median, min and max of its three seeds ($got)" ||
    no "--curves band: '$got', expected '$want'"
[ "$(head -n 1 c.csv)" = "experiment,problem,param,draws,method,lr,phase,trial,step,n,loss_median,loss_min,loss_max,accuracy_median,accuracy_min,accuracy_max" ] &&
    [ "$(wc -l <c.csv)" -eq $((1 + 6 * 4 + 2)) ] &&
    [ "$(awk -F, '$6 == "1e+306" { printf "%s:%s ", $9, $10 }' c.csv)" = "0:2 1:0 " ] &&
    ok "--curves: a line per step (4) of 6 rows of the summary, and steps 0 and 1 of the diverged trial (no finite run at 1)" ||
    no "--curves lines $(wc -l <c.csv)"
# the diverged trial: in the count, out of the means
awk -F, -v hm="$hm" '$18 == "tuning" && $5 == "SGD" && $6 == "1e+306" { found = 1
        if ($9 != 2 || $hm != "nan") exit 1 } END { exit !found }' s.csv &&
    ok "the diverged SGD trial: two diverged runs, nan held-out means" || no "diverged trial in the summary"

# ---- a damaged curve is refused on read-back -----------------------------
awk -F, 'BEGIN { OFS = "," } NR == 3 { $21 = "0:2.3:0.1 0:2.2:0.2" } { print }' r.csv >bad.csv
rm -f o.csv
"$FANOS" stats bad.csv -o o.csv >out 2>err
[ $? -eq 1 ] && [ ! -e o.csv ] && [ "$(wc -l <err)" -eq 1 ] && grep -q "bad.csv:3: curve '0:2.3:0.1 0:2.2:0.2': accepted: points STEP:LOSS:ACCURACY" err &&
    ok "stats refuses a curve whose steps do not increase, naming file:line" || { no "damaged curve"; cat err; }
"$FANOS" stats "$(cd /; pwd)/nonexistent.csv" --curves x.csv >out 2>err
[ $? -eq 1 ] && [ ! -e x.csv ] && ok "no curves file when stats fails" || no "curves file after a failure"

# ---- settings refused -----------------------------------------------------
refused() {     # name, sed script, message
    sed "$2" t.ini >bad.ini
    rm -f o.csv
    "$FANOS" sweep bad.ini -o o.csv --quiet >out 2>err
    rc=$?
    [ $rc -eq 1 ] && [ ! -e o.csv ] && [ ! -e o.csv.journal ] && [ "$(wc -l <err)" -eq 1 ] && grep -qF "$3" err &&
        ok "$1: one line, exit 1, no output" || { no "$1 (exit $rc)"; cat err; }
}
refused "target_loss = 0" 's/^target_loss = .*/target_loss = 0/' \
    "bad.ini:9: [experiment] target_loss = 0: not a number > 0; accepted: a held-out loss (nats) > 0"
refused "target_loss = nan" 's/^target_loss = .*/target_loss = nan/' "target_loss = nan: not a number > 0"
refused "target_loss without eval_every" '/^eval_every/d' \
    "target_loss = 2.1: a target without eval_every: its step is read off the held-out curve; accepted: eval_every = K"
refused "eval_every = 0" 's/^eval_every = .*/eval_every = 0/' \
    "[experiment] eval_every = 0: not an integer in range; accepted: an integer in [1, 1000000000]"
refused "a curve of 300 points" 's/^epochs = .*/epochs = 100/; s/^eval_every = .*/eval_every = 1/' \
    "bad.ini: eval_every = 1: 300 steps a run give a curve of 302 points; accepted: at most 256 points, eval_every >= 2"
cat >rb.ini <<'EOF'
[experiment]
name = R
problem = rosenbrock
dim = 10
budget = 10
eval_every = 2
loop = before-last
lr = 1e-3
fresh_seeds = 0

[method AdamW]
optimizer = adamw
EOF
rm -f o.csv
"$FANOS" sweep rb.ini -o o.csv --quiet >out 2>err
[ $? -eq 1 ] && [ ! -e o.csv ] && [ "$(wc -l <err)" -eq 1 ] &&
    grep -qF "rb.ini:6: [experiment] eval_every = 2: does not apply to problem = rosenbrock (it applies to problem = softmax, mlp, charlm only)" err &&
    ok "eval_every for rosenbrock: one line naming who takes it" || { no "eval_every for rosenbrock"; cat err; }

# ---- fanos bench work: the work of [MB18] of the experiment's problem -------
# softmax 784-10: 2 * 7840 * 2 FLOPs a training example (no input adjoint),
# 100 held-out examples of 2 * 7840 FLOPs, 7850 parameters, 300 examples
# in batches of 100.
"$FANOS" bench work t.ini >w 2>err
[ $? -eq 0 ] && grep -qx 'work_H_grad_flop_per_example=31360' w && grep -qx 'work_H_eval_mflop=1.568000' w &&
    grep -qx 'work_H_params=7850' w && grep -qx 'work_H_steps_per_epoch=3' w &&
    grep -qx 'work_H_grad_tanh_per_example=0' w && [ ! -s err ] &&
    ok "bench work: the FLOPs, parameters and batches of the softmax experiment" || { no "bench work"; cat w err; }
grep -v '^eval_every' rb.ini >rb2.ini
"$FANOS" bench work t.ini rb2.ini >w 2>err
[ $? -eq 1 ] && [ "$(wc -l <err)" -eq 1 ] &&
    grep -qF "rb2.ini: problem = rosenbrock: bench work takes an experiment of a problem trained on a data set, with fresh seeds (accepted: softmax, mlp, charlm)" err &&
    ok "bench work of a rosenbrock experiment: one line naming the problem, exit 1" || { no "bench work rosenbrock"; cat err; }
"$FANOS" bench work >w 2>err
[ $? -eq 2 ] && [ "$(wc -l <err)" -eq 1 ] && ok "bench work without a file: usage error" || { no "bench work no file"; cat err; }

# ---- fanos bench data: the products against the passes that make them ----
# the same experiment: every figure, its batch of 100, rates that are
# numbers above 0; 3 timed turns (--reps 3)
"$FANOS" bench data --reps 3 t.ini >w 2>err
[ $? -eq 0 ] && [ ! -s err ] && grep -qx 'data_H_batch=100' w && [ "$(grep -c '^data_H_' w)" -eq 11 ] &&
    awk -F= '/_ms(_min)?=|gflops_max=/ { n++; if ($2 !~ /^[0-9.]+$/ || ($2 + 0 <= 0 && $1 ~ /gflops/)) bad = 1 } END { exit bad || n != 10 }' w &&
    ok "bench data: the step's and the held-out pass's times and their products' rates" || { no "bench data"; cat w err; }
"$FANOS" bench data t.ini rb2.ini >w 2>err
[ $? -eq 1 ] && [ "$(wc -l <err)" -eq 1 ] && grep -q '^data_H_batch=100$' w &&
    grep -qF "rb2.ini: problem = rosenbrock: bench data takes an experiment of a problem trained on a data set, with fresh seeds (accepted: softmax, mlp, charlm)" err &&
    ok "bench data of a rosenbrock experiment after a good one: that one's lines, then one line naming the problem, exit 1" || { no "bench data rosenbrock"; cat w err; }

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
