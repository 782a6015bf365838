#!/bin/sh
# tuned_cli.sh - tuned experiments through the command (doc/spec.md
# section 14, doc/experiments.md "Tuned experiments"): the file syntax and
# its refusals, both phases in one sweep, the phases as shards merged back
# into the same rows, the statistics with best and edge, and the edge
# column of an untuned sweep.
# [TU5] [TU6] [TU7] [TU8] [TU9] [TU10] named here (and [TU11] to [TU14], with the
# columns of [ST18] in its summary, for a
# tuned warm start); the rules themselves are
# checked in verify/check_tuning.c.
set -u
FANOS=${FANOS:-./src/fanos}
SRC=${srcdir:-.}
FANOS_DRAWS_DIR=$SRC/experiments/draws
export FANOS_DRAWS_DIR
T=$(mktemp -d "${TMPDIR:-/tmp}/tuned_cli.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
passes=0
ok() { echo "ok: $1"; passes=$((passes + 1)); }
no() { echo "FAIL: $1"; fails=$((fails + 1)); }

HEAD='[experiment]
name = X
problem = rosenbrock
dim = 10
budget = 60
loop = before-last'
TUNE='trials = 6
tuning_seeds = 10..11
evaluation_seeds = 0..2'
cat >"$T/t.ini" <<EOF
$HEAD
$TUNE

[method AdamW]
optimizer = adamw
set = weight_decay=0
tune.lr = log 1e-4 .. 1e2
tune.beta2 = 0.9, 0.99, 0.999

[method CD+clip]
optimizer = cd
clip = 1
tune.eta = log 1e-6 .. 1e-1
tune.beta1 = 0.5, 0.9
tune.c = 0, 1

[method Eq]
optimizer = adam-eqbeta
set = weight_decay=0
tune.lr = 1e-3, 1e-2
tune.beta = 0.9, 0.95

[method L-BFGS]
optimizer = lbfgs
EOF

# ---- both phases in one sweep -------------------------------------------
if "$FANOS" sweep "$T/t.ini" --quiet --threads 2 -o "$T/all.csv" 2>"$T/err"; then
    h=$(head -1 "$T/all.csv")
    [ "$h" = "experiment,problem,param,draws,method,lr,seed,final_loss,diverged,diverged_step,evals,steps,seconds,phase,trial,settings" ] &&
        ok "tuned header: the untuned columns, then phase, trial, settings" ||
        no "tuned header: $h"
    # AdamW and CD 6 Sobol trials, Eq the 2 x 2 grid (4 <= 6), L-BFGS 1:
    # 17 trials x 2 seeds; then 4 methods x 3 seeds
    nt=$(grep -c ',tuning,' "$T/all.csv")
    ne=$(grep -c ',evaluation,' "$T/all.csv")
    [ "$nt" -eq 34 ] && [ "$ne" -eq 12 ] && ok "34 tuning rows, 12 evaluation rows (4 methods x 3 seeds)" ||
        no "tuning rows $nt, evaluation rows $ne"
    awk -F, 'NR > 1 && $14 == "tuning" && $7 != 10 && $7 != 11 { bad = 1 }
             NR > 1 && $14 == "evaluation" && ($7 > 2 || $4 != "fresh") { bad = 1 }
             END { exit bad }' "$T/all.csv" &&
        ok "tuning rows on the tuning seeds, evaluation rows on the evaluation seeds" ||
        no "seeds of the phases"
    grep -q '^X,rosenbrock,,fresh,Eq,0.01,10,.*,tuning,2,lr=0.01 beta=0.9$' "$T/all.csv" &&
        ok "the grid of Eq: trial 2 is lr = 0.01, beta = 0.9 (the last knob fastest)" ||
        { no "Eq grid row"; grep ',Eq,' "$T/all.csv" | head -4; }
else
    no "tuned sweep"; cat "$T/err"
fi

# ---- statistics: one row per trial, best = the chosen trial --------------
if "$FANOS" stats "$T/all.csv" -o "$T/sum.csv" 2>"$T/err"; then
    tail -n +2 "$T/sum.csv" | awk -F, '$16 == 1 && $18 == "tuning" { print $5 "," $19 }' | sort >"$T/best_t"
    tail -n +2 "$T/sum.csv" | awk -F, '$18 == "evaluation" { print $5 "," $19 }' | sort >"$T/best_e"
    grep ',evaluation,' "$T/all.csv" | awk -F, '{ print $5 "," $15 }' | sort -u >"$T/ran_e"
    cmp -s "$T/best_t" "$T/best_e" && cmp -s "$T/best_t" "$T/ran_e" &&
        [ "$(wc -l <"$T/best_t")" -eq 4 ] &&
        ok "the evaluation runs are the best trials of the tuning rows (stats and sweep agree)" ||
        { no "best trials"; cat "$T/best_t" "$T/best_e" "$T/ran_e"; }
    # the mean of the best tuning trial is the lowest among trials with no divergence
    awk -F, 'NR > 1 && $18 == "tuning" && $9 == 0 { if (!($5 in m) || $11 < m[$5]) m[$5] = $11 }
             NR > 1 && $18 == "tuning" && $16 == 1 { b[$5] = $11 }
             END { for (k in b) if (b[k] != m[k]) exit 1 }' "$T/sum.csv" &&
        ok "[TU7] best = the lowest mean among the trials without a diverged run" ||
        no "best is not the lowest mean"
else
    no "stats of a tuned raw CSV"; cat "$T/err"
fi

# ---- the phases as shards, merged: the same rows --------------------------
run_ok() { "$@" 2>"$T/err" || { no "$*"; cat "$T/err"; }; }
run_ok "$FANOS" sweep "$T/t.ini" --phase tuning --shard 1/2 --quiet -o "$T/p1.csv"
run_ok "$FANOS" sweep "$T/t.ini" --phase tuning --shard 2/2 --quiet -o "$T/p2.csv"
run_ok "$FANOS" merge "$T/p2.csv" "$T/p1.csv" --expect "$T/t.ini" -o "$T/tuning.csv"
run_ok "$FANOS" sweep "$T/t.ini" --phase evaluation --tuning "$T/tuning.csv" --shard 1/2 --quiet -o "$T/e1.csv"
run_ok "$FANOS" sweep "$T/t.ini" --phase evaluation --tuning "$T/tuning.csv" --shard 2/2 --quiet -o "$T/e2.csv"
run_ok "$FANOS" merge "$T/tuning.csv" "$T/e1.csv" "$T/e2.csv" --expect "$T/t.ini" -o "$T/merged.csv"
if [ -f "$T/merged.csv" ] && [ -f "$T/all.csv" ]; then
    cut -d, -f1-12,14- "$T/merged.csv" >"$T/a"
    cut -d, -f1-12,14- "$T/all.csv" >"$T/b"
    cmp -s "$T/a" "$T/b" && ok "phases sharded and merged = the one sweep (all but seconds)" ||
        { no "merged phases differ"; diff "$T/a" "$T/b" | head -4; }
fi
# --expect refuses an evaluation part that does not follow the tuning rows
if [ -f "$T/e1.csv" ]; then
    "$FANOS" merge "$T/tuning.csv" "$T/e1.csv" --expect "$T/t.ini" -o "$T/m2.csv" 2>"$T/err"
    rc=$?
    [ "$rc" -eq 1 ] && grep -q -- "--expect $T/t.ini: " "$T/err" && [ ! -f "$T/m2.csv" ] &&
        ok "merge --expect: a missing evaluation shard is an error" ||
        { no "missing evaluation shard: exit $rc"; cat "$T/err"; }
fi

# ---- refusals ----------------------------------------------------------
# expect_error NAME LINE PATTERN [ARGS...]: bad.ini fails with one line
# naming bad.ini:LINE (or no line when LINE is -) and matching PATTERN.
expect_error() {
    name=$1 line=$2 pat=$3
    shift 3
    rm -f "$T/out.csv"
    "$FANOS" sweep "$T/bad.ini" "$@" -o "$T/out.csv" >"$T/stdout" 2>"$T/err"
    rc=$?
    n=$(wc -l <"$T/err")
    if [ "$rc" -eq 0 ]; then no "$name: exit 0"
    elif [ "$n" -ne 1 ]; then no "$name: $n lines on stderr"; cat "$T/err"
    elif [ "$line" != - ] && ! grep -q "^fanos: $T/bad.ini:$line: " "$T/err"; then
        no "$name: no bad.ini:$line"; cat "$T/err"
    elif ! grep -q -- "$pat" "$T/err"; then no "$name: message lacks '$pat'"; cat "$T/err"
    elif ls "$T"/out.csv* >/dev/null 2>&1; then no "$name: an output file was left"
    else ok "$name (exit $rc)"; fi
}
bad() { printf '%s\n' "$@" >"$T/bad.ini"; }
M='[method A]
optimizer = adamw'
bad "$HEAD" "$TUNE" 'evaluation_seeds = 2..5' "$M" 'tune.lr = log 1e-3 .. 1'
expect_error "evaluation seeds twice" 10 "duplicated key"
bad "$HEAD" 'trials = 6' 'tuning_seeds = 1..3' 'evaluation_seeds = 3..5' "$M" 'tune.lr = 1e-3, 1e-2'
expect_error "[TU9] a seed among tuning and evaluation seeds" 9 "evaluation_seeds: seed 3 is also a tuning seed"
bad "$HEAD" 'trials = 6' 'tuning_seeds = 1..11' 'evaluation_seeds = 20, 10, 11' "$M" 'tune.lr = 1e-3, 1e-2'
expect_error "[TU9] the first shared seed in the order of evaluation_seeds" 9 "seed 10 is also a tuning seed"
# two lists of a million seeds: looked up in a sorted copy (comparing
# every pair, 10^12 of them, would take many minutes)
bad "$HEAD" 'trials = 6' 'tuning_seeds = 0..999999' \
    'evaluation_seeds = 1000000..1999998, 999999' "$M" 'tune.lr = 1e-3, 1e-2'
expect_error "[TU9] a shared seed among a million" 9 "seed 999999 is also a tuning seed"
bad "$HEAD" "$TUNE" 'fresh_seeds = 0' "$M" 'tune.lr = 1e-3'
expect_error "fresh_seeds in a tuned experiment" 10 "a tuned experiment (trials) has no such key"
bad "$HEAD" "$TUNE" 'lr = 1e-3' "$M" 'tune.lr = 1e-3'
expect_error "an lr grid in a tuned experiment" 10 "accepted: a tune.lr key"
bad "$HEAD" 'fresh_seeds = 0' 'lr = 1e-3' "$M" 'tune.beta2 = 0.9, 0.99'
expect_error "a knob in an untuned experiment" 11 "only a tuned experiment has knobs"
bad "$HEAD" 'fresh_seeds = 0' 'tuning_seeds = 1' 'lr = 1e-3' "$M"
expect_error "tuning_seeds without trials" 8 "only a tuned experiment has it"
bad "$HEAD" "$TUNE" "$M" 'tune.beta2 = 0.9, 0.99'
expect_error "a tuned method without tune.lr" 10 "has no tune.lr key"
bad "$HEAD" "$TUNE" "$M" 'lr = 1e-3' 'tune.lr = 1e-3'
expect_error "an lr list in a tuned method" 12 "a tuned method has no lr list"
bad "$HEAD" "$TUNE" "$M" 'tune.lr = log 0 .. 1'
expect_error "a log range from 0" 12 "not a list or a range; accepted: a comma-separated list of distinct numbers, or log A .. B"
bad "$HEAD" "$TUNE" "$M" 'tune.lr = linear 1 .. 1'
expect_error "an empty range" 12 "not a list or a range"
bad "$HEAD" "$TUNE" "$M" 'tune.lr = 1e-3' 'tune.gamma = 0.5, 1'
expect_error "a knob that is no parameter" 13 "'gamma' is not a parameter of optimizer adamw; accepted: lr, beta1, beta2, eps, weight_decay"
bad "$HEAD" "$TUNE" "$M" 'tune.lr = 1e-3' 'tune.beta2 = 0.9, 1'
expect_error "a knob value out of range" 13 "tune.beta2: a value out of range; accepted: beta2 in \[0, 1)"
bad "$HEAD" "$TUNE" '[method C]' 'optimizer = cd' 'tune.eta = 1e-3' 'tune.beta1 = 0, 0.9'
expect_error "a coordinate out of range" 13 "accepted: eta > 0, beta1 in (0, 1\]"
bad "$HEAD" "$TUNE" '[method C]' 'optimizer = cd' 'tune.eta = 1e-3' 'tune.lr = 1e-2'
expect_error "lr and eta both" 13 "tuned twice, with both lr and eta, or also fixed by set"
bad "$HEAD" "$TUNE" "$M" 'set = weight_decay=0.5' 'tune.lr = log 1e-3 .. 10'
expect_error "a trial against the optimizer's rules" 10 "\[method A\] trial [0-9]* (lr=[0-9.e-]*): parameters conflict; accepted: settings within the rules of optimizer adamw"
bad "$HEAD" 'fresh_seeds = 0' 'lr = 1e-3' "$M"
expect_error "--phase on an untuned experiment" - "not a tuned experiment" --phase tuning
bad "$HEAD" "$TUNE" "$M" 'tune.lr = 1e-3, 1e-2'
expect_error "--shard of a tuned experiment without --phase" - "accepted: --shard with --phase tuning" --shard 1/2
expect_error "--phase evaluation without --tuning" - "--phase evaluation needs --tuning RAW.csv" --phase evaluation
expect_error "--tuning rows of another plan" - "--tuning $T/tuning.csv: run 1 of the plan" --phase evaluation --tuning "$T/tuning.csv"

# ---- the edge column of an untuned sweep ---------------------------------
cat >"$T/u.ini" <<EOF
$HEAD
fresh_seeds = 0..1
lr = 1e-4, 1e-3, 1e-2
[method AdamW]
optimizer = adamw
[method L-BFGS]
optimizer = lbfgs
EOF
if "$FANOS" sweep "$T/u.ini" --quiet -o "$T/u.csv" 2>"$T/err" &&
   "$FANOS" stats "$T/u.csv" -o "$T/us.csv" 2>"$T/err"; then
    head -1 "$T/us.csv" | grep -q ',median,best,edge$' && ok "untuned summary: the edge column after best" ||
        no "untuned summary header: $(head -1 "$T/us.csv")"
    # AdamW on 60 steps is best at its largest lr: the high edge of 3 values
    awk -F, '$5 == "AdamW" && $16 == 1 { print $6 "," $17 }' "$T/us.csv" | grep -qx '0.01,lr:high' &&
        awk -F, '$5 == "L-BFGS" { print $17 }' "$T/us.csv" | grep -qx '' &&
        ok "[TU10] AdamW's best lr 0.01, the largest of 3, is flagged lr:high; L-BFGS never" ||
        { no "untuned edges"; cat "$T/us.csv"; }
else
    no "untuned sweep and stats"; cat "$T/err"
fi

# ---- a tuned warm start (problem = pinn) ---------------------------------
PHEAD='[experiment]
name = P
problem = pinn
pde = burgers, allen-cahn
widths = 2, 6, 1
n_collocation = 30
n_boundary = 6
n_initial = 6
warmup_steps = 12
polish_iterations = 3'
PTUNE='trials = 3
tuning_seeds = 10
evaluation_seeds = 0..1'
cat >"$T/p.ini" <<EOF
$PHEAD
$PTUNE
tuning_warmup_steps = 4

[method AdamW]
optimizer = adamw
set = weight_decay=0
tune.lr = 1e-3, 1e-2, 1e-1

[method CD]
optimizer = cd
tune.eta = 1e-4, 1e-3, 1e-2
tune.beta1 = 0.9
EOF
if "$FANOS" sweep "$T/p.ini" --quiet -o "$T/p.csv" 2>"$T/err" &&
   "$FANOS" stats "$T/p.csv" -o "$T/ps.csv" 2>"$T/err"; then
    [ "$(head -1 "$T/p.csv")" = "experiment,problem,draws,method,lr,seed,warmup_loss,entry_loss,polish_loss,polish_iterations,evals,seconds,diverged,phase,trial,settings" ] &&
        [ "$(awk -F, 'NR > 1 && NF != 16' "$T/p.csv" | wc -l)" -eq 0 ] &&
        [ "$(awk -F, '$14 == "tuning"' "$T/p.csv" | wc -l)" -eq 12 ] &&
        [ "$(awk -F, '$14 == "evaluation"' "$T/p.csv" | wc -l)" -eq 8 ] &&
        ok "[TU11] tuned PINN rows: the PINN columns, then phase, trial, settings; 12 tuning and 8 evaluation rows" ||
        { no "tuned PINN rows"; cat "$T/p.csv"; }
    # a warm-up of 4 steps and at most 3 polish iterations (each of at most
    # a few evaluations) against a warm-up of 12 steps
    awk -F, '$14 == "tuning" && $11 > 4 + 3 * 2 { bad = 1 }
             $14 == "evaluation" && $11 < 12 { bad = 1 }
             END { exit bad }' "$T/p.csv" &&
        ok "[TU13] tuning runs warm up for tuning_warmup_steps, evaluation runs for warmup_steps" ||
        { no "tuning warm-up"; cat "$T/p.csv"; }
    # the trial of least polish_loss per (PDE, method) among the tuning
    # rows is the trial of its evaluation rows and the best in the summary
    awk -F, 'NR > 1 && $14 == "tuning" && $13 == 0 {
                 k = $2 "/" $4
                 if (!(k in lo) || $9 + 0 < lo[k]) { lo[k] = $9 + 0; best[k] = $15 } }
             NR > 1 && $14 == "evaluation" { ev[$2 "/" $4] = $15 }
             END { n = 0; for (k in best) { n++; if (ev[k] != best[k]) exit 1 }
                   exit n != 4 }' "$T/p.csv" &&
        ok "[TU12] the best trial is the one of least polish_loss, and it is rerun on the evaluation seeds" ||
        { no "tuned PINN choice"; cat "$T/p.csv"; }
    h=$(head -1 "$T/ps.csv")
    case $h in
    experiment,problem,draws,method,lr,count,*,seconds_median,best,edge,phase,trial,settings) ok "[TU14] tuned PINN summary: ST18's columns, then best, edge, phase, trial, settings" ;;
    *) no "tuned PINN summary header: $h" ;;
    esac
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             $c["phase"] == "evaluation" && $c["best"] != 1 { exit 1 }
             $c["phase"] == "tuning" && $c["best"] == 1 { nb++ }
             END { exit nb != 4 }' "$T/ps.csv" &&
        ok "[TU14] one best trial per PDE and method, and every evaluation row is best" ||
        { no "tuned PINN summary best"; cat "$T/ps.csv"; }
    # each metric's mean in its own column: the mean of the evaluation
    # rows' warmup_loss, entry_loss and polish_loss of each group
    awk -F, 'FNR == 1 { f++; for (i = 1; i <= NF; i++) c[f, $i] = i; next }
             f == 1 && $14 == "evaluation" && $13 == 0 {
                 k = $2 "/" $4; n[k]++
                 for (j = 7; j <= 9; j++) sum[k, j] += $j }
             f == 2 && $c[2, "phase"] == "evaluation" {
                 k = $2 "/" $4; m++
                 split("warmup_loss entry_loss polish_loss", name, " ")
                 for (j = 7; j <= 9; j++) {
                     want = sum[k, j] / n[k]; got = $c[2, name[j - 6] "_mean"]
                     if (!(n[k] > 0) || (got - want) ^ 2 > 1e-24 * want ^ 2) bad = 1 } }
             END { exit bad || m != 4 }' "$T/p.csv" "$T/ps.csv" &&
        ok "[TU14] the summary's warmup_loss, entry_loss and polish_loss means are those of the rows" ||
        { no "tuned PINN summary means"; cat "$T/ps.csv"; }
    # killed after its 5th run (a tuning run) and after its 15th (an
    # evaluation run), then resumed: the rows of the uninterrupted sweep
    noseconds() { cut -d, -f1-11,13- "$1"; }
    for k in 5 15; do
        rm -f "$T/r.csv" "$T/r.csv.journal"
        FANOS_TEST_STOP=run:$k "$FANOS" sweep "$T/p.ini" --quiet --threads 1 -o "$T/r.csv" 2>/dev/null &
        pid=$!
        i=0
        while [ $i -lt 500 ] && [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" != T ]; do
            sleep 0.02
            i=$((i + 1))
        done
        kill -KILL $pid 2>/dev/null
        wait $pid 2>/dev/null
        held=$(($(wc -l <"$T/r.csv.journal") - 2))
        if [ ! -e "$T/r.csv" ] && [ "$held" -ge "$k" ] &&
           "$FANOS" sweep "$T/p.ini" --quiet --resume -o "$T/r.csv" 2>"$T/err" &&
           [ "$(noseconds "$T/r.csv")" = "$(noseconds "$T/p.csv")" ]; then
            ok "tuned PINN sweep killed after run $k ($held in the journal), resumed: the same rows"
        else
            no "tuned PINN sweep killed after run $k, resumed"; cat "$T/err"
        fi
    done
else
    no "tuned PINN sweep and stats"; cat "$T/err"
fi
PM='[method A]
optimizer = adamw
tune.lr = 1e-3, 1e-2'
bad "$PHEAD" 'fresh_seeds = 0' 'lr = 1e-3' 'tuning_warmup_steps = 4' '[method A]' 'optimizer = adamw'
expect_error "tuning_warmup_steps without trials" 13 "tuning_warmup_steps = 4: only a tuned experiment has it"
bad "$PHEAD" "$PTUNE" 'tuning_warmup_steps = 0' "$PM"
expect_error "tuning_warmup_steps 0" 14 "accepted: an integer in \[1, 100000000\]"
bad "$HEAD" "$TUNE" 'tuning_warmup_steps = 4' "$M" 'tune.lr = 1e-3'
expect_error "tuning_warmup_steps of a first-order experiment" 10 "tuning_warmup_steps = 4: does not apply to problem = rosenbrock"
bad "$PHEAD" "$PTUNE" "$PM" 'clip = 1'
expect_error "a clip in a tuned PINN experiment" 17 "the T4 warm-up has no gradient clip"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
