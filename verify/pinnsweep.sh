#!/bin/sh
# pinnsweep.sh - PINN sweeps (problem = pinn) through fanos sweep, merge and
# stats (doc/spec.md ST16 to ST18, N20): strict PINN keys, the raw CSV
# columns and row order, thread- and shard-independence, diverged rows,
# and a sweep row equal to the `fanos pinn` run with the same settings.
set -u
FANOS=${FANOS:-./src/fanos}
SRC=${srcdir:-.}
DRAWS=$SRC/experiments/draws
for o in adamw rmsprop fanos sgd; do
    "$FANOS" params "$o" >/dev/null 2>&1 || { echo "optimizer $o not built: skip"; exit 77; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/pinnsweep.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
passes=0
ok() { echo "ok: $1"; passes=$((passes + 1)); }
no() { echo "FAIL: $1"; fails=$((fails + 1)); }

# ---- [N20] strict PINN keys: one line naming bad.ini:LINE, exit 1 ------
HEAD='[experiment]
name = x
problem = pinn'
METH='[method A]
optimizer = adamw
lr = 1e-3'
expect_error() {
    rm -f "$T/out.csv"
    "$FANOS" sweep "$T/bad.ini" --draws-dir "$DRAWS" -o "$T/out.csv" >"$T/stdout" 2>"$T/err"
    rc=$?
    lines=$(wc -l <"$T/err")
    if [ "$rc" -ne 1 ]; then no "$1: exit $rc, expected 1"
    elif [ "$lines" -ne 1 ]; then no "$1: $lines lines on stderr"; cat "$T/err"
    elif ! grep -q "^fanos: $T/bad.ini:$2: " "$T/err"; then no "$1: no bad.ini:$2"; cat "$T/err"
    elif ! grep -q -- "$3" "$T/err"; then no "$1: message lacks '$3'"; cat "$T/err"
    elif ls "$T"/out.csv* >/dev/null 2>&1; then no "$1: an output file was left"
    else ok "$1"; fi
}
bad() { printf '%s\n' "$@" >"$T/bad.ini"; }

bad "$HEAD" 'fresh_seeds = 0' "$METH"
expect_error "pde missing" 1 "missing required key pde; accepted: a comma-separated list of distinct PDEs: burgers, allen-cahn"
bad "$HEAD" 'pde = burgers, heat' 'fresh_seeds = 0' "$METH"
expect_error "unknown pde" 4 "'heat' is not a PDE"
bad "$HEAD" 'pde = burgers, burgers' 'fresh_seeds = 0' "$METH"
expect_error "pde twice" 4 "'burgers' is listed twice"
bad "$HEAD" 'pde =' 'fresh_seeds = 0' "$METH"
expect_error "empty pde list" 4 "pde = : empty list"
bad "$HEAD" 'pde = burgers' 'warmup_steps = 0' 'fresh_seeds = 0' "$METH"
expect_error "warmup_steps 0" 5 "warmup_steps = 0: not an integer in range; accepted: an integer in \[1, 100000000\]"
bad "$HEAD" 'pde = burgers' 'polish_iterations = -1' 'fresh_seeds = 0' "$METH"
expect_error "polish_iterations -1" 5 "accepted: an integer in \[0, 100000000\]"
bad "$HEAD" 'pde = burgers' 'widths = 3, 50, 1' 'fresh_seeds = 0' "$METH"
expect_error "widths" 5 "widths = 3, 50, 1: not valid with the other settings of problem = burgers; accepted: widths: layer widths, the first 2 (x, t), the last 1 (u), 3 to 16 layers"
bad "$HEAD" 'pde = burgers' 'budget = 100' 'fresh_seeds = 0' "$METH"
expect_error "budget with pinn" 5 "budget = 100: does not apply to problem = pinn"
bad "$HEAD" 'pde = burgers' 'loop = after-last' 'fresh_seeds = 0' "$METH"
expect_error "loop with pinn" 5 "does not apply to problem = pinn"
bad '[experiment]' 'name = x' 'problem = rosenbrock' 'budget = 10' 'loop = before-last' 'pde = burgers' 'fresh_seeds = 0' "$METH"
expect_error "pde without pinn" 6 "pde = burgers: does not apply to problem = rosenbrock (it applies to problem = pinn only)"
# [N20] the bounds of the other protocol's keys, read by the same function
bad '[experiment]' 'name = x' 'problem = rosenbrock' 'budget = 0' 'loop = before-last' 'fresh_seeds = 0' "$METH"
expect_error "budget 0" 4 "budget = 0: not an integer in range; accepted: an integer in \[1, 1000000000\]$"
bad '[experiment]' 'name = x' 'problem = rosenbrock' 'budget = 10' 'loop = sideways' 'fresh_seeds = 0' "$METH"
expect_error "loop sideways" 5 "loop = sideways: unknown value; accepted: before-last, after-last$"
bad "$HEAD" 'pde = burgers' 'fresh_seeds = 0' '[method L]' 'optimizer = lbfgs'
expect_error "lbfgs warm-up" 7 "L-BFGS is the polish of every PINN run"
bad "$HEAD" 'pde = burgers' 'fresh_seeds = 0' "$METH" 'clip = 1'
expect_error "clip with pinn" 9 "the T4 warm-up has no gradient clip"
bad "$HEAD" 'pde = burgers' 'fresh_seeds = 0' '[method A]' 'optimizer = adamw'
expect_error "no lr" 6 "has no lr of its own"
bad "$HEAD" 'pde = burgers' 'reference_seeds = 3..5' "$METH"
expect_error "reference seed 5" 5 "seed 5: cannot read the reference draws of pinn (dim 5301; .*: value out of range"

# ---- a tiny PINN sweep -------------------------------------------------
# Methods declared out of name order, seeds out of order, both PDEs; the
# SGD runs at lr 1e200 overflow in their warm-up.
cat >"$T/tiny.ini" <<EOF2
[experiment]
name = tiny
problem = pinn
pde = burgers, allen-cahn
warmup_steps = 4
polish_iterations = 3
reference_seeds = 1, 0
fresh_seeds = 7

[method RMSProp]
optimizer = rmsprop
lr = 1e-3

[method AdamW]
optimizer = adamw
set = weight_decay=0.01
lr = 1e-3

[method SGD]
optimizer = sgd
lr = 1e200
EOF2
start=$(date +%s)
"$FANOS" sweep "$T/tiny.ini" --draws-dir "$DRAWS" --threads 1 -o "$T/t1.csv" 2>"$T/progress" || no "tiny sweep, 1 thread"
secs=$(($(date +%s) - start))
"$FANOS" sweep "$T/tiny.ini" --draws-dir "$DRAWS" --threads 2 --quiet -o "$T/t2.csv" || no "tiny sweep, 2 threads"

# [ST16] the columns, in this order, and the keys in the order of ST2:
# problem bytewise (allen-cahn first), reference before fresh, method
# bytewise, seed numerically.
[ "$(head -n 1 "$T/t1.csv")" = "experiment,problem,draws,method,lr,seed,warmup_loss,entry_loss,polish_loss,polish_iterations,evals,seconds,diverged" ] \
    && ok "[ST16] header" || { no "[ST16] header"; head -n 1 "$T/t1.csv"; }
: >"$T/keys"
for p in allen-cahn burgers; do
    for d in reference fresh; do
        [ $d = reference ] && seeds="0 1" || seeds=7
        for m in AdamW,0.001 RMSProp,0.001 SGD,1e+200; do
            for s in $seeds; do echo "tiny,$p,$d,$m,$s" >>"$T/keys"; done
        done
    done
done
tail -n +2 "$T/t1.csv" | cut -d, -f1-6 | cmp -s - "$T/keys" && ok "[ST16] [ST2] rows in key order" \
    || { no "[ST16] rows in key order"; cat "$T/t1.csv"; }
"$FANOS" sweep "$T/tiny.ini" --draws-dir "$DRAWS" --dry-run | cmp -s - "$T/keys" && ok "--dry-run lists the PINN keys" || no "--dry-run"
# [ST24] off a terminal: a line at most every 5 s, then the final one
tail -n 1 "$T/progress" | grep -qx 'runs 18/18, done in [0-9]*:[0-9][0-9]' &&
    [ "$(wc -l < "$T/progress")" -le $((1 + secs / 5)) ] &&
    [ "$(grep -vc '^runs [0-9]*/18, [0-9]*:[0-9][0-9] elapsed, ETA .* pde=\(burgers\|allen-cahn\))$' "$T/progress")" -eq 1 ] \
    && ok "[ST24] progress: $(wc -l < "$T/progress") line(s) in ${secs}s (those before the last name the run and its PDE)" ||
    { no "progress"; cat "$T/progress"; }
# every row: 13 fields, evals = 4 warm-up + at most floor(5/4 * 3) = 3
# (a diverged warm-up stops at its first non-finite loss)
bad_rows=$(awk -F, 'NR > 1 && (NF != 13 || $11 > 7 || $11 < ($13 ? 1 : 4) || ($13 != 0 && $13 != 1))' "$T/t1.csv" | wc -l)
[ "$bad_rows" -eq 0 ] && ok "13 fields, evals within warm-up + polish" || no "row fields"

# [ST17] the SGD runs diverged and are kept, with nan after the warm-up
n=$(awk -F, '$4 == "SGD" && $13 == 1 && $8 == "nan" && $9 == "nan" && $10 == 0' "$T/t1.csv" | wc -l)
[ "$n" -eq 6 ] && ok "[ST17] diverged runs recorded" || { no "[ST17] diverged rows: $n"; grep SGD "$T/t1.csv"; }
n=$(awk -F, 'NR > 1 && $4 != "SGD" && $13 == 0 && $8 != "nan" && $9 != "nan"' "$T/t1.csv" | wc -l)
[ "$n" -eq 12 ] && ok "other runs finite" || no "other runs: $n"

# [ST7] 1 and 2 threads: every column but seconds (12)
cut -d, -f1-11,13 "$T/t1.csv" >"$T/a"; cut -d, -f1-11,13 "$T/t2.csv" >"$T/b"
cmp -s "$T/a" "$T/b" && ok "[ST7] 1 and 2 threads agree but seconds" || no "[ST7] threads differ"

# [ST3] [ST4] shards merged in any order equal the unsharded run
for k in 1 2 3; do
    "$FANOS" sweep "$T/tiny.ini" --draws-dir "$DRAWS" --shard $k/3 --quiet -o "$T/s$k.csv" || no "shard $k"
done
"$FANOS" merge "$T/s3.csv" "$T/s1.csv" "$T/s2.csv" --expect "$T/tiny.ini" -o "$T/m.csv" || no "merge"
cut -d, -f1-11,13 "$T/m.csv" | cmp -s - "$T/a" && ok "[ST4] merged PINN shards equal the unsharded run" || no "[ST4] merge"
"$FANOS" merge "$T/s1.csv" "$T/s2.csv" --expect "$T/tiny.ini" -o "$T/m2.csv" 2>"$T/err"
[ $? -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && [ ! -e "$T/m2.csv" ] && ok "--expect refuses a missing PINN shard" || no "--expect"
"$FANOS" merge "$T/s1.csv" "$T/s1.csv" -o "$T/m2.csv" 2>"$T/err"
[ $? -eq 1 ] && grep -q "is also at" "$T/err" && ok "merge refuses a PINN run twice" || no "merge twice"

# merge and stats refuse what they cannot read
printf '%s\n' '[experiment]' 'name = r' 'problem = rosenbrock' 'budget = 5' 'loop = before-last' \
    'fresh_seeds = 0' '[method A]' 'optimizer = adamw' 'lr = 1e-3' >"$T/r.ini"
"$FANOS" sweep "$T/r.ini" --quiet -o "$T/r.csv" || no "rosenbrock sweep"
"$FANOS" merge "$T/r.csv" "$T/s1.csv" -o "$T/m3.csv" 2>"$T/err"
[ $? -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "a PINN sweep among those of a first-order sweep" "$T/err" \
    && [ ! -e "$T/m3.csv" ] && ok "merge refuses mixed kinds" || { no "mixed merge"; cat "$T/err"; }
# [ST18] stats of a PINN raw CSV, against values worked out here: entry
# losses 1, 2, 4 and a diverged run: n_ok 3, mean 7/3, std (ddof 0)
# sqrt(42/27), median 2; seconds 10, 20, 30 -> mean 20.
printf '%s\n' 'experiment,problem,draws,method,lr,seed,warmup_loss,entry_loss,polish_loss,polish_iterations,evals,seconds,diverged' \
    'T,burgers,fresh,A,0.001,0,1.5,1,0.5,3,10,10,0' 'T,burgers,fresh,A,0.001,1,2.5,2,0.5,3,10,20,0' \
    'T,burgers,fresh,A,0.001,2,4.5,4,0.5,3,10,30,0' 'T,burgers,fresh,A,0.001,3,nan,nan,nan,0,5,1,1' >"$T/hand.csv"
if "$FANOS" stats "$T/hand.csv" -o "$T/sum.csv" 2>"$T/err" && awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    function near(a, b) { return (a - b < 1e-12 && b - a < 1e-12) }
    { ok = $c["count"] == 4 && $c["n_ok"] == 3 && $c["n_diverged"] == 1 &&
           near($c["entry_loss_mean"], 7 / 3) && near($c["entry_loss_std"], sqrt(42 / 27)) &&
           near($c["entry_loss_median"], 2) && near($c["seconds_mean"], 20) &&
           near($c["polish_loss_std"], 0) && $c["entry_loss_ci_lo"] >= 1 && $c["entry_loss_ci_hi"] <= 4 }
    END { exit !(NR == 2 && ok) }' "$T/sum.csv"; then
    ok "[ST18] stats of a PINN raw CSV: count, divergence, mean, std, median, CI"
else
    no "[ST18] stats of a PINN raw CSV"; cat "$T/err" "$T/sum.csv"
fi
# [ST18] two groups (method B after A): the header, in this order, and
# one row per group, each with a field per column; B's entry losses 3, 5.
{ head -n 1 "$T/hand.csv"; tail -n +2 "$T/hand.csv"
  printf '%s\n' 'T,burgers,fresh,B,0.01,0,1,3,1,3,10,5,0' 'T,burgers,fresh,B,0.01,1,1,5,1,3,10,5,0'; } >"$T/hand2.csv"
want="experiment,problem,draws,method,lr,count,n_ok,n_diverged,diverged_rate"
for m in warmup_loss entry_loss polish_loss seconds; do
    want="$want,${m}_mean,${m}_std,${m}_ci_lo,${m}_ci_hi,${m}_median"
done
if "$FANOS" stats "$T/hand2.csv" -o "$T/sum2.csv" 2>"$T/err" && [ "$(head -n 1 "$T/sum2.csv")" = "$want" ] &&
    awk -F, -v nf="$(echo "$want" | awk -F, '{ print NF }')" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    NF != nf { bad = 1 }
    NR == 2 && $c["method"] != "A" { bad = 1 }
    NR == 3 && ($c["method"] != "B" || $c["count"] != 2 || $c["entry_loss_mean"] != 4 || $c["seconds_median"] != 5) { bad = 1 }
    END { exit !(NR == 3 && !bad) }' "$T/sum2.csv"; then
    ok "[ST18] two groups: the header and a full row each"
else
    no "[ST18] two groups"; cat "$T/err" "$T/sum2.csv"
fi
"$FANOS" stats "$T/t1.csv" -o "$T/sum1.csv" 2>"$T/err" && [ "$(wc -l <"$T/sum1.csv")" -gt 1 ] \
    && ok "[ST18] stats of the tiny PINN sweep" || { no "[ST18] stats of the tiny sweep"; cat "$T/err"; }

# [ST17] every column of a PINN row read strictly, by stats and merge
# alike: pinn_bad NAME SED PATTERN: hand.csv edited by SED is refused by
# both with one line naming bad_hand.csv:LINE and PATTERN, exit 1, no output.
. "${srcdir:-.}/verify/strict_rows.sh"
pinn_bad() { strict_row "PINN $1" "$T/hand.csv" "$2" "$3"; }
pinn_bad "warmup_loss=abc" 's/^\(T,burgers,fresh,A,0.001,1\),2.5,/\1,abc,/' "3: warmup_loss 'abc' with diverged = 0; accepted: a finite number"
pinn_bad "a nan warmup_loss of a finished run" 's/^\(T,burgers,fresh,A,0.001,1\),2.5,/\1,nan,/' "3: warmup_loss 'nan' with diverged = 0"
pinn_bad "entry_loss=abc" 's/^\(T,burgers,fresh,A,0.001,1,2.5\),2,/\1,abc,/' "3: entry_loss 'abc'"
pinn_bad "an inf polish_loss of a finished run" 's/^\(T,burgers,fresh,A,0.001,1,2.5,2\),0.5,/\1,inf,/' "3: polish_loss 'inf' with diverged = 0"
pinn_bad "a diverged run's warmup_loss=abc" 's/^\(T,burgers,fresh,A,0.001,3\),nan,/\1,abc,/' "5: warmup_loss 'abc' with diverged = 1"
pinn_bad "polish_iterations=-3" 's/^\(T,burgers,fresh,A,0.001,1,2.5,2,0.5\),3,/\1,-3,/' "3: polish_iterations '-3'"
pinn_bad "evals=fifty" 's/^\(T,burgers,fresh,A,0.001,1,2.5,2,0.5,3\),10,/\1,fifty,/' "3: evals 'fifty'"
pinn_bad "seconds=x" 's/^\(T,burgers,fresh,A,0.001,1,2.5,2,0.5,3,10\),20,/\1,x,/' "3: seconds 'x'"
pinn_bad "diverged=yes" 's/^\(T,burgers,fresh,A,0.001,1,.*\),0$/\1,yes/' "3: diverged 'yes'"
pinn_bad "an unknown PDE" 's/^T,burgers,fresh,A,0.001,1,/T,heat,fresh,A,0.001,1,/' "3: problem 'heat': accepted: burgers, allen-cahn"
# what the format allows: a finished run without polish (nan entry and
# polish losses, 0 iterations), a diverged run's inf or finite losses
sed 's/^\(T,burgers,fresh,A,0.001,2,4.5\),4,0.5,3,/\1,nan,nan,0,/; s/^\(T,burgers,fresh,A,0.001,3\),nan,/\1,inf,/' \
    "$T/hand.csv" >"$T/hand_ok.csv"
"$FANOS" stats "$T/hand_ok.csv" -o "$T/sum_ok.csv" 2>"$T/err" &&
    "$FANOS" merge "$T/hand_ok.csv" -o "$T/m_ok.csv" 2>>"$T/err" && cmp -s "$T/hand_ok.csv" "$T/m_ok.csv" &&
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { exit !($c["n_ok"] == 3 && $c["entry_loss_mean"] == 1.5 && $c["warmup_loss_mean"] == 2.8333333333333335) }' "$T/sum_ok.csv" \
    && ok "[ST17] stats and merge accept nan where a stage did not run, inf in a diverged run" \
    || { no "[ST17] nan where allowed"; cat "$T/err" "$T/sum_ok.csv"; }
# a PINN raw CSV saved with a UTF-8 byte order mark reads as without it
printf '\357\273\277' | cat - "$T/hand.csv" >"$T/hand_bom.csv"
"$FANOS" stats "$T/hand_bom.csv" -o "$T/sum_bom.csv" 2>"$T/err" && cmp -s "$T/sum.csv" "$T/sum_bom.csv" &&
    "$FANOS" merge "$T/hand_bom.csv" -o "$T/m_bom.csv" 2>>"$T/err" && cmp -s "$T/hand.csv" "$T/m_bom.csv" \
    && ok "PINN stats and merge read a raw CSV with a byte order mark" || { no "PINN BOM"; cat "$T/err"; }

# [N20] a sweep row is the `fanos pinn` run with the same settings
# (sweep: shortest round-trip text; pinn: %.17g; compared as doubles)
"$FANOS" pinn --problem burgers --warmup adamw --set weight_decay=0.01 --seed 7 \
    --draws fresh --warmup-steps 4 --polish-iterations 3 >"$T/one" || no "fanos pinn"
row=$(grep '^tiny,burgers,fresh,AdamW,0.001,7,' "$T/t1.csv" |
      awk -F, '{ printf "warmup_loss=%.17g entry_loss=%.17g polish_loss=%.17g polish_iterations=%d evals=%d diverged=%d",
                 $7, $8, $9, $10, $11, $13 }')
one=$(sed 's/ seconds=[^ ]*//; s/.* warmup_loss=/warmup_loss=/' "$T/one")
[ -n "$row" ] && [ "$row" = "$one" ] && ok "[N20] sweep row = fanos pinn (fresh)" || { no "[N20] fresh"; echo "$row"; echo "$one"; }
"$FANOS" pinn --problem allen-cahn --warmup rmsprop --seed 1 --draws reference --draws-dir "$DRAWS" \
    --warmup-steps 4 --polish-iterations 3 >"$T/one" || no "fanos pinn"
row=$(grep '^tiny,allen-cahn,reference,RMSProp,0.001,1,' "$T/t1.csv" |
      awk -F, '{ printf "warmup_loss=%.17g entry_loss=%.17g polish_loss=%.17g polish_iterations=%d evals=%d diverged=%d",
                 $7, $8, $9, $10, $11, $13 }')
one=$(sed 's/ seconds=[^ ]*//; s/.* warmup_loss=/warmup_loss=/' "$T/one")
[ -n "$row" ] && [ "$row" = "$one" ] && ok "[N20] sweep row = fanos pinn (reference)" || { no "[N20] reference"; echo "$row"; echo "$one"; }

# [ST16] a PINN row has no trial column: a journal of the tiny sweep (3
# runs saved, then the sweep killed) with its first run written twice is
# refused by --resume naming that run by its method, lr, seed and draws
# columns (4, 5, 6, 3), without a trial
FANOS_TEST_STOP=run:3 "$FANOS" sweep "$T/tiny.ini" --draws-dir "$DRAWS" --threads 1 --quiet \
    -o "$T/j.csv" 2>"$T/err" &
pid=$!
i=0
while [ $i -lt 500 ] && [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" != T ]; do
    sleep 0.02; i=$((i + 1))
done
kill -KILL $pid 2>/dev/null; kill -CONT $pid 2>/dev/null; wait $pid 2>/dev/null
if [ "$(wc -l <"$T/j.csv.journal")" -eq 5 ]; then
    sed -n 3p "$T/j.csv.journal" >>"$T/j.csv.journal"
    want=$(sed -n 3p "$T/j.csv.journal" | awk -F, -v j="$T/j.csv.journal" -v x="$T/tiny.ini" '{
        printf "fanos: %s:6: the run %s lr=%s seed=%s draws=%s is there twice; accepted: the rows fanos sweep wrote for the runs of %s, each once",
               j, $4, $5, $6, $3, x }')
    "$FANOS" sweep "$T/tiny.ini" --draws-dir "$DRAWS" --threads 1 --quiet -o "$T/j.csv" --resume \
        >"$T/stdout" 2>"$T/err"
    rc=$?
    [ "$rc" -eq 1 ] && [ "$(cat "$T/err")" = "$want" ] && [ ! -e "$T/j.csv" ] &&
        ok "[ST16] a PINN run twice in the journal: $(cat "$T/err")" ||
        { no "[ST16] a PINN run twice in the journal: exit $rc"; cat "$T/err"; echo "$want"; }
else
    no "[ST16] the killed PINN sweep left no journal of 3 runs"; cat "$T/err"
fi

# the experiment files of T4: 60 runs each, the methods and lr of T4
for f in pinn pinn_family; do
    "$FANOS" sweep "$SRC/experiments/$f.ini" --draws-dir "$DRAWS" --dry-run >"$T/$f" 2>"$T/err" || { no "$f.ini"; cat "$T/err"; continue; }
    [ "$(wc -l <"$T/$f")" -eq 60 ] && ok "$f.ini: 60 runs" || no "$f.ini runs"
done
for m in AdamW RMSProp FANoS; do
    [ "$(grep -c "^T4,\(burgers\|allen-cahn\),\(reference\|fresh\),$m,0.001,[0-4]\$" "$T/pinn")" -eq 20 ] \
        && ok "T4 $m: 20 runs at lr 0.001" || no "T4 $m"
done
for m in VRAdam CADAM iKFAD; do
    [ "$(grep -c "^T4,\(burgers\|allen-cahn\),\(reference\|fresh\),$m,0.001,[0-4]\$" "$T/pinn_family")" -eq 20 ] \
        && ok "T4 family $m: 20 runs at lr 0.001" || no "T4 family $m"
done

# the tuned T4 (pinn_tuned.ini): its tuning plan, 2 PDEs x 11 methods x 4
# lrs on tuning seed 1000, each method's lr (or eta) 1e-4 .. 1e-1
if "$FANOS" sweep "$SRC/experiments/pinn_tuned.ini" --draws-dir "$DRAWS" --dry-run >"$T/tuned" 2>"$T/err"; then
    [ "$(wc -l <"$T/tuned")" -eq 88 ] &&
        [ "$(grep -c '^T4tuned,\(burgers\|allen-cahn\),fresh,[^,]*,\(0.0001\|0.001\|0.01\|0.1\),1000,,,,,,,,tuning,[0-3],' "$T/tuned")" -eq 88 ] &&
        [ "$(cut -d, -f4 "$T/tuned" | sort -u | wc -l)" -eq 11 ] &&
        ok "pinn_tuned.ini: 88 tuning runs, 11 methods at 4 lrs on seed 1000" || { no "pinn_tuned.ini plan"; head -3 "$T/tuned"; }
else
    no "pinn_tuned.ini"; cat "$T/err"
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
