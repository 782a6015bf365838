#!/bin/sh
# sweep_cli.sh - fanos sweep, merge and stats (doc/spec.md section 9):
# strict experiment files, thread- and shard-independent output, diverged
# rows, start points, and statistics against values worked out by hand.
set -u
FANOS=${FANOS:-./src/fanos}
SRC=${srcdir:-.}
FANOS_DRAWS_DIR=$SRC/experiments/draws
export FANOS_DRAWS_DIR
T=$(mktemp -d "${TMPDIR:-/tmp}/sweep_cli.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
passes=0
ok() { echo "ok: $1"; passes=$((passes + 1)); }
no() { echo "FAIL: $1"; fails=$((fails + 1)); }

# ---- strict experiment files ------------------------------------------
HEAD='[experiment]
name = x
problem = rosenbrock
budget = 10
loop = before-last
fresh_seeds = 0'
METH='[method A]
optimizer = fanos'

# expect_error NAME LINE PATTERN: bad.ini fails with one line naming
# bad.ini:LINE and matching PATTERN, exit 1, and no output file.
expect_error() {
    rm -f "$T/out.csv"
    "$FANOS" sweep "$T/bad.ini" -o "$T/out.csv" >"$T/stdout" 2>"$T/err"
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

bad "$HEAD" 'lr = 0.1' 'foo = 1' "$METH"
expect_error "unknown key" 8 "foo: unknown key; accepted: name, problem"
bad "$HEAD" 'lr = 0.1' '[methods A]' 'optimizer = fanos'
expect_error "unknown section" 8 "unknown section (did you mean \[method NAME\]?); accepted: \[experiment\], \[method NAME\]"
bad "$HEAD" 'lr = 0.1' 'budget = 20' "$METH"
expect_error "duplicated key" 8 "budget: duplicated key (first at line 4)"
bad "$HEAD" 'lr = 0.1' "$METH" "$METH"
expect_error "duplicated section" 10 "section \[method A\] appears twice"
bad "$HEAD" 'lr = 0.1' "$METH" 'lr = 0.2' 'optimizer = sgd'
expect_error "a key twice in a method, once in [experiment] too" 11 "optimizer: duplicated key (first at line 9)"
# the checks for twice compare pairs: files of very many keys or
# sections are refused at the first beyond the bound (the 10001st key,
# counting the 6 of [experiment]; the 1001st section), at once
{ printf '%s\n' "$HEAD" 'lr = 0.1'; i=0
  while [ $i -lt 10000 ]; do echo "k$i = 1"; i=$((i + 1)); done
  printf '%s\n' "$METH"; } >"$T/bad.ini"
expect_error "more than 10000 keys" 10002 "more than 10000 keys; accepted: at most 10000"
{ printf '%s\n' "$HEAD" 'lr = 0.1'; i=0
  while [ $i -lt 1000 ]; do printf '[method m%d]\noptimizer = sgd\n' $i; i=$((i + 1)); done
  } >"$T/bad.ini"
expect_error "more than 1000 sections" 2006 "more than 1000 sections; accepted: at most 1000"
bad "$HEAD" 'lr =' "$METH"
expect_error "empty lr grid" 7 "lr = : empty list; accepted: a comma-separated list"
bad "$HEAD" 'lr = 0.1,' "$METH"
expect_error "empty list item" 7 "empty item in the list"
bad "$HEAD" 'lr = 0.1, abc' "$METH"
expect_error "lr not a number" 7 "'abc' is not a number > 0"
bad "$HEAD" 'lr = 0.1, 0' "$METH"
expect_error "lr not positive" 7 "'0' is not a number > 0"
bad "$HEAD" 'lr = 0.1, 0.1' "$METH"
expect_error "lr listed twice" 7 "'0.1' is listed twice"
bad '[experiment]' 'name = x' 'problem = rosenbrock' 'budget = 1.5' 'loop = before-last' 'fresh_seeds = 0' 'lr = 1' "$METH"
expect_error "budget not an integer" 4 "budget = 1.5: not an integer in range; accepted: an integer in \[1, 1000000000\]"
bad '[experiment]' 'name = x' 'problem = heat' 'budget = 1' 'loop = before-last' 'fresh_seeds = 0' 'lr = 1' "$METH"
expect_error "unknown problem" 3 "problem = heat: unknown value; accepted: rosenbrock, quadratic, pinn"
bad '[experiment]' 'name = x' 'problem = rosenbrock' 'budget = 1' 'loop = after' 'fresh_seeds = 0' 'lr = 1' "$METH"
expect_error "unknown loop" 5 "accepted: before-last, after-last"
bad '[experiment]' 'name = x' 'problem = rosenbrock' 'loop = before-last' 'fresh_seeds = 0' 'lr = 1' "$METH"
expect_error "missing budget" 1 "missing required key budget; accepted: an integer"
bad '[experiment]' 'name = x' 'problem = quadratic' 'budget = 1' 'loop = before-last' 'fresh_seeds = 0' 'lr = 1' "$METH"
expect_error "quadratic without cond" 1 "missing required key cond"
bad "$HEAD" 'lr = 1' 'cond = 10' "$METH"
expect_error "cond on rosenbrock" 8 "cond = [0-9e.]*: does not apply to problem = rosenbrock (it applies to problem = quadratic only)"
bad '[experiment]' 'name = x' 'problem = rosenbrock' 'budget = 1' 'loop = before-last' 'lr = 1' "$METH"
expect_error "no seeds" 1 "missing required key reference_seeds or fresh_seeds"
bad '[experiment]' 'name = x' 'problem = rosenbrock' 'budget = 1' 'loop = before-last' 'lr = 1' 'fresh_seeds = 3..1' "$METH"
expect_error "bad seed range" 7 "'3..1' is not a seed or a range A..B"
bad '[experiment]' 'name = x' 'problem = rosenbrock' 'budget = 1' 'loop = before-last' 'lr = 1' 'fresh_seeds = 0..3, 2' "$METH"
expect_error "seed twice" 7 "seed 2 is listed twice"
bad '[experiment]' 'name = x,y' 'problem = rosenbrock' 'budget = 1' 'loop = before-last' 'lr = 1' 'fresh_seeds = 0' "$METH"
expect_error "bad experiment name" 2 "not a valid name; accepted: a non-empty name"
bad "$HEAD" 'lr = 1'
expect_error "no method" 7 "no \[method NAME\] section"
bad "$HEAD" 'lr = 1' '[method A]' 'set = beta=0.9'
expect_error "missing optimizer" 8 "missing required key optimizer; accepted: sgd, adamw, rmsprop, fanos"
bad "$HEAD" 'lr = 1' '[method A]' 'optimizer = nosuch'
expect_error "unknown optimizer" 9 "optimizer = nosuch: unknown optimizer; accepted: sgd, adamw, rmsprop, fanos"
bad "$HEAD" 'lr = 1' "$METH" 'set = beta=2'
expect_error "setting out of range" 10 "beta=2 is not valid; accepted: beta in \[0, 1)"
bad "$HEAD" 'lr = 1' "$METH" 'set = betas=0.9'
expect_error "unknown setting" 10 "'betas' is not a setting of optimizer fanos"
bad "$HEAD" 'lr = 1' "$METH" 'set = lr=0.1'
expect_error "lr in set" 10 "(use the lr key)"
bad "$HEAD" 'lr = 1' "$METH" 'set = beta'
expect_error "setting without =" 10 "'beta' has no '='"
bad "$HEAD" 'lr = 1' "$METH" 'clip = -1'
expect_error "negative clip" 10 "clip = -1: not a number >= 0"
bad "$HEAD" 'lr = 1' "$METH" 'set = weight_decay=2'
expect_error "settings in conflict" 8 "weight_decay=2 conflicts with lr=1 of fanos"
# a conflict blamed on a parameter the file left alone names the file's own
bad "$HEAD" 'lr = 0.1' '[method A]' 'optimizer = adam-eqbeta' 'set = beta1=0.9'
expect_error "conflict with a default" 8 "beta1=0.9 conflicts with beta2=0.95 (its default) of adam-eqbeta"
bad "$HEAD" "$METH"
expect_error "no lr anywhere" 7 "has no lr of its own and \[experiment\] has no lr grid"
bad "$HEAD" 'lr = 1' "$METH" '[method L]' 'optimizer = lbfgs' 'lr = 1'
expect_error "lr for L-BFGS" 12 "lbfgs has no learning rate and runs once per seed"
# L-BFGS settings take the ranges and names of fanos run --set: a value out
# of range says so and gives the range (m=0 was once "not an L-BFGS
# setting", and max_iterations stopped at 1000000000)
bad "$HEAD" 'lr = 1' "$METH" '[method L]' 'optimizer = lbfgs' 'set = m=0'
expect_error "L-BFGS m out of range" 12 "set = m=0: m=0 is not valid; accepted: m in \[1, 1000\] integer"
bad "$HEAD" 'lr = 1' "$METH" '[method L]' 'optimizer = lbfgs' 'set = max_iterations=2147483648'
expect_error "L-BFGS max_iterations out of range" 12 "max_iterations=2147483648 is not valid; accepted: max_iterations in \[0, 2147483647\] integer"
bad "$HEAD" 'lr = 1' "$METH" '[method L]' 'optimizer = lbfgs' 'set = mm=3'
expect_error "unknown L-BFGS setting" 12 "'mm' is not a setting of optimizer lbfgs; accepted: m, linesearch, max_iterations, epsilon, past, delta, max_linesearch"
bad "$HEAD" 'lr = 1' "$METH" '[method L]' 'optimizer = lbfgs' 'set = linesearch=wolfe'
expect_error "unknown line search" 12 "linesearch=wolfe is not valid; accepted: linesearch in {more-thuente, strong-wolfe}"
"$FANOS" run --optimizer lbfgs --set max_iterations=2147483647 --budget 5 >/dev/null \
    || no "fanos run takes max_iterations=2147483647"
bad "$HEAD" 'lr = 1' "$METH" '[method L]' 'optimizer = lbfgs' 'set = max_iterations=2147483647, m=1000'
"$FANOS" sweep "$T/bad.ini" --dry-run >"$T/stdout" 2>"$T/err" && [ "$(wc -l <"$T/stdout")" -eq 2 ] \
    && ok "L-BFGS max_iterations=2147483647, m=1000 accepted, as by fanos run" \
    || { no "L-BFGS max_iterations=2147483647"; cat "$T/err"; }
# linesearch=morethuente (fanos run's older spelling) is More-Thuente: the
# rows equal those of more-thuente and differ from those of strong-wolfe
for ls in more-thuente morethuente strong-wolfe; do
    printf '%s\n' '[experiment]' 'name = l' 'problem = rosenbrock' 'budget = 40' \
        'loop = before-last' 'fresh_seeds = 0..1' '[method L]' 'optimizer = lbfgs' \
        "set = linesearch=$ls" >"$T/ls.ini"
    "$FANOS" sweep "$T/ls.ini" -o "$T/ls_$ls.csv" --quiet || no "linesearch=$ls"
    cut -d, -f1-12 "$T/ls_$ls.csv" >"$T/ls_$ls"
done
cmp -s "$T/ls_more-thuente" "$T/ls_morethuente" && ! cmp -s "$T/ls_morethuente" "$T/ls_strong-wolfe" \
    && [ "$(wc -l <"$T/ls_morethuente")" -eq 3 ] \
    && ok "linesearch=morethuente is more-thuente" || no "linesearch=morethuente"
bad "$HEAD" 'lr = 1' "$METH" 'garbage'
expect_error "not key = value" 10 "expected '\[section\]' or 'key = value'"
bad "$HEAD" 'lr = 1' "$METH" '  set = beta=0.9'
expect_error "indented line" 10 "indented line"
bad 'name = x' "$HEAD" 'lr = 1' "$METH"
expect_error "key before any section" 1 "a key outside a section"
bad "$HEAD" "lr = 1$(printf '%0250d' 0)" "$METH"
expect_error "over-long line" 7 "line longer than 199 characters"

# Reference draws the folder does not hold (seeds 0..2 of the quadratic,
# 0..4 of the PINN, 0..9 of Rosenbrock, for dim 100 and the default widths)
# are refused before any run, and --dry-run refuses them too: it once
# printed these plans, which the real sweep then refused.
expect_both() {
    expect_error "$@"
    "$FANOS" sweep "$T/bad.ini" --dry-run >"$T/stdout" 2>"$T/err"
    rc=$?
    if [ "$rc" -ne 1 ] || [ "$(wc -l <"$T/err")" -ne 1 ] || [ -s "$T/stdout" ] ||
       ! grep -q "^fanos: $T/bad.ini:$2: .*$3" "$T/err"; then
        no "$1, --dry-run: exit $rc"; cat "$T/err"
    else ok "$1, --dry-run"; fi
}
QUAD='[experiment]
name = q
problem = quadratic
cond = 10
budget = 5
loop = after-last
lr = 1e-3'
PINN='[experiment]
name = p
problem = pinn
pde = burgers
warmup_steps = 2
polish_iterations = 0
lr = 1e-3'
bad "$QUAD" 'reference_seeds = 0..3' "$METH"
expect_both "quadratic reference seed 3" 8 "reference_seeds: seed 3: cannot read the reference draws of quadratic (dim 100; quadratic_seed3.csv) .*: value out of range; accepted: the seeds and sizes"
bad "$QUAD" 'dim = 10' 'reference_seeds = 0' "$METH"
expect_both "quadratic reference draws, dim 10" 9 "reference_seeds: seed 0: cannot read the reference draws of quadratic (dim 10; .*: invalid or mismatched dimension"
bad "$PINN" 'reference_seeds = 0..5' "$METH"
expect_both "PINN reference seed 5" 8 "reference_seeds: seed 5: cannot read the reference draws of pinn (dim 5301; pinn_seed5_params.txt, pinn_seed5_points.csv) .*: value out of range"
bad "$PINN" 'widths = 2, 5, 1' 'reference_seeds = 0' "$METH"
expect_both "PINN reference draws, widths 2,5,1" 9 "reference_seeds: seed 0: cannot read the reference draws of pinn (dim 21; .*: invalid or mismatched dimension"
bad '[experiment]' 'name = x' 'problem = rosenbrock' 'budget = 10' 'loop = before-last' 'lr = 1' 'reference_seeds = 0..10' "$METH"
expect_both "Rosenbrock reference seed 10" 7 "reference_seeds: seed 10: cannot read the reference draws of rosenbrock (dim 100; rosenbrock100_x0.csv) .*: value out of range"
bad "$QUAD" 'reference_seeds = 0..2' "$METH"
[ "$("$FANOS" sweep "$T/bad.ini" --dry-run | wc -l)" -eq 3 ] && ok "quadratic reference seeds 0..2 planned" \
    || no "quadratic reference seeds 0..2"
bad "$PINN" 'widths = 2, 5, 1' 'fresh_seeds = 0' "$METH"
[ "$("$FANOS" sweep "$T/bad.ini" --dry-run | wc -l)" -eq 1 ] && ok "PINN widths 2,5,1 with fresh seeds planned" \
    || no "PINN widths 2,5,1, fresh seeds"

"$FANOS" sweep "$T/nosuch.ini" -o "$T/out.csv" 2>"$T/err"
[ $? -eq 1 ] && grep -q "nosuch.ini: cannot read" "$T/err" && ! ls "$T"/out.csv* >/dev/null 2>&1 \
    && ok "missing file" || no "missing file"
"$FANOS" sweep "$T/bad.ini" --shard 4/3 -o "$T/out.csv" 2>/dev/null
[ $? -eq 1 ] && ok "bad --shard value is bad input (1)" || no "bad --shard"
"$FANOS" sweep "$T/bad.ini" -o "$T/out.csv" --shard 2>/dev/null
[ $? -eq 2 ] && ok "--shard without a value is a usage error" || no "--shard without a value"

# ---- a tiny sweep --------------------------------------------------------
# 2 reference seeds and 3 fresh ones; three FANoS rows on a grid of two
# lrs, one with its own lrs including 1 (which diverges without a clip).
cat >"$T/tiny.ini" <<'EOF'
# a tiny sweep ; comments start with # or ;
[experiment]
name = tiny
problem = rosenbrock
dim = 100
budget = 150
loop = before-last
lr = 3e-2, 1e-3   ; inline comment
reference_seeds = 1, 3
fresh_seeds = 5..7

[method FANoS-RMS]
optimizer = fanos
set = grad_clip=1

[method FANoS-noclip]
optimizer = fanos
set = grad_clip = 0, beta=0.99
lr = 1, 3e-3

[method B+clip]
optimizer = fanos
set = grad_clip=0
clip = 1
EOF

# [ST1] the plan: 3 methods x 2 lrs x (2 + 3) seeds = 30 runs
"$FANOS" sweep "$T/tiny.ini" --dry-run >"$T/plan.csv" || no "dry run"
[ "$(wc -l <"$T/plan.csv")" -eq 30 ] && ok "[ST1] 30 runs planned" || no "[ST1] plan size"
[ "$(grep -c ',FANoS-noclip,1,' "$T/plan.csv")" -eq 5 ] && ok "[ST1] own lr list" || no "[ST1] own lr list"
# [ST2] the order of the rows: reference before fresh, methods bytewise,
# lr and seed numerically
cat >"$T/order.csv" <<'EOF'
tiny,rosenbrock,,reference,B+clip,0.001,1
tiny,rosenbrock,,reference,B+clip,0.001,3
tiny,rosenbrock,,reference,B+clip,0.03,1
tiny,rosenbrock,,reference,B+clip,0.03,3
tiny,rosenbrock,,reference,FANoS-RMS,0.001,1
EOF
head -5 "$T/plan.csv" | cmp -s - "$T/order.csv" && ok "[ST2] row order" || no "[ST2] row order"
[ "$(sed -n 10p "$T/plan.csv")" = "tiny,rosenbrock,,reference,FANoS-noclip,0.003,3" ] &&
[ "$(sed -n 13p "$T/plan.csv")" = "tiny,rosenbrock,,fresh,B+clip,0.001,5" ] &&
    ok "[ST2] lr numeric, reference first" || no "[ST2] lr numeric, reference first"

# a UTF-8 byte order mark is skipped (it once hid the first section); a
# line of exactly 199 characters is whole, one of 200 is refused
printf '\357\273\277' | cat - "$T/tiny.ini" >"$T/bom.ini"
"$FANOS" sweep "$T/bom.ini" --dry-run | cmp -s - "$T/plan.csv" && ok "BOM skipped" || no "BOM"
{ cat "$T/tiny.ini"; printf '#%0198d\n' 0; } >"$T/l199.ini"
"$FANOS" sweep "$T/l199.ini" --dry-run | cmp -s - "$T/plan.csv" && ok "199 characters" || no "199 characters"
{ cat "$T/tiny.ini"; printf '#%0199d\n' 0; } >"$T/bad.ini"
expect_error "200 characters" 25 "line longer than 199 characters"
# a million seeds are read in O(n log n) (each seed was once compared with
# every other: hours), and the plan finds each start point directly
million() { printf '%s\n' '[experiment]' 'name = m' 'problem = rosenbrock' 'budget = 1' \
    'loop = before-last' "fresh_seeds = $1" '[method A]' 'optimizer = sgd' 'lr = 1' >"$T/bad.ini"; }
million 999999..0
expect_error "seed range backwards" 6 "'999999..0' is not a seed or a range"
million 0..1000000
expect_error "more than a million seeds" 6 "more than 1000000 seeds"
million 0..999999
n=$(timeout 60 "$FANOS" sweep "$T/bad.ini" --dry-run --shard 100000/100000 | wc -l)
[ "$n" -eq 10 ] && ok "a million seeds" || no "a million seeds ($n rows)"

start=$(date +%s)
"$FANOS" sweep "$T/tiny.ini" -o "$T/t1.csv" --threads 1 2>"$T/progress" || no "sweep, 1 thread"
secs=$(($(date +%s) - start))
"$FANOS" sweep "$T/tiny.ini" -o "$T/t2.csv" --threads 2 --quiet || no "sweep, 2 threads"
# [ST24] not on a terminal: at most a line every 5 s, then the final one
[ "$(wc -l <"$T/progress")" -le $((1 + secs / 5)) ] &&
    tail -n 1 "$T/progress" | grep -q '^runs 30/30, done in [0-9]*:[0-9][0-9]$' \
    && ok "[ST24] progress: $(wc -l <"$T/progress") line(s) in ${secs}s" || { no "progress lines"; cat "$T/progress"; }
head -1 "$T/t1.csv" | grep -qx 'experiment,problem,param,draws,method,lr,seed,final_loss,diverged,diverged_step,evals,steps,seconds' \
    && ok "raw header" || no "raw header"
[ "$(wc -l <"$T/t1.csv")" -eq 31 ] && ok "31 lines" || no "line count"
# [ST7] every column but seconds is the same with 1 and 2 threads
cut -d, -f1-12 "$T/t1.csv" >"$T/a"; cut -d, -f1-12 "$T/t2.csv" >"$T/b"
cmp -s "$T/a" "$T/b" && ok "[ST7] 1 and 2 threads agree" || no "[ST7] threads"
# a huge OMP_NUM_THREADS (without --threads) is capped at 1024 and at the
# runs of the plan: 100000 once crashed the sweep (rc 139, a temporary file
# left), 50000 made libgomp fail to create its threads
printf '%s\n' '[experiment]' 'name = omp' 'problem = rosenbrock' 'budget = 20' \
    'loop = before-last' 'lr = 1e-3' 'reference_seeds = 0' 'fresh_seeds = 0..1' \
    '[method A]' 'optimizer = sgd' >"$T/omp.ini"
"$FANOS" sweep "$T/omp.ini" -o "$T/omp1.csv" --threads 1 --quiet || no "omp.ini, 1 thread"
for t in 100000 50000; do
    OMP_NUM_THREADS=$t "$FANOS" sweep "$T/omp.ini" -o "$T/omp$t.csv" --quiet 2>"$T/err"
    rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$T/err" ]; then no "OMP_NUM_THREADS=$t: exit $rc"; cat "$T/err"
    elif ls "$T"/omp$t.csv.tmp* >/dev/null 2>&1; then no "OMP_NUM_THREADS=$t: temporary file left"
    elif [ "$(cut -d, -f1-12 "$T/omp$t.csv")" != "$(cut -d, -f1-12 "$T/omp1.csv")" ] ||
         [ "$(wc -l <"$T/omp1.csv")" -ne 4 ]; then no "OMP_NUM_THREADS=$t: rows differ from --threads 1"
    else ok "OMP_NUM_THREADS=$t capped, rows as --threads 1"; fi
done
# needs cli_out_open directory check
# -o naming an existing directory fails before any run (it once ran the
# whole plan, then failed "write failed: Is a directory"): exit 1, one
# line on stderr naming it (no progress line: nothing ran), no temporary
# file left beside it
mkdir "$T/outdir"
"$FANOS" sweep "$T/omp.ini" -o "$T/outdir" --threads 1 >"$T/stdout" 2>"$T/err"
rc=$?
if [ "$rc" -ne 1 ] || [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -q "$T/outdir" "$T/err"; then
    no "-o an existing directory: exit $rc, $(wc -l <"$T/err") lines on stderr"; head -3 "$T/err"
elif ls -d "$T"/outdir.tmp* "$T"/outdir/* >/dev/null 2>&1; then no "-o an existing directory: a file was left"
else ok "-o an existing directory fails before any run"; fi

# the plan's order is the order of the rows
tail -n +2 "$T/t1.csv" | cut -d, -f1-7 | cmp -s - "$T/plan.csv" && ok "[ST2] rows in plan order" || no "[ST2] rows"
ls "$T"/t1.csv.tmp* >/dev/null 2>&1 && no "temporary file left" || ok "no temporary file left"

# [ST5] FANoS at lr 1 without a clip diverges: diverged 1, final_loss nan,
# diverged_step = the evaluation, the sweep went on (other rows present)
awk -F, 'NR > 1 && $5 == "FANoS-noclip" && $6 == "1" {
    n++; if ($8 != "nan" || $9 != 1 || $10 < 1 || $10 != $11) bad++ }
    NR > 1 && $9 == 0 { if ($8 == "nan" || $10 != 0 || $11 != 150 || $12 != 150) bad2++ }
    END { exit !(n == 5 && bad == 0 && bad2 == 0) }' "$T/t1.csv" \
    && ok "[ST5] diverged rows" || no "[ST5] diverged rows"

# [ST3] [ST4] shards 1/3, 2/3, 3/3 merged (in any order) equal the
# unsharded run but the seconds column; shard k holds rows i = k-1 mod 3
for k in 1 2 3; do
    "$FANOS" sweep "$T/tiny.ini" --shard $k/3 -o "$T/s$k.csv" --quiet || no "shard $k"
done
awk -F, 'NR > 1 { print > (dir "/r" ((NR - 2) % 3 + 1)) }' dir="$T" "$T/a"
for k in 1 2 3; do
    tail -n +2 "$T/s$k.csv" | cut -d, -f1-12 | cmp -s - "$T/r$k" || no "[ST3] shard $k rows"
done
ok "[ST3] shards hold rows i mod 3"
"$FANOS" merge "$T/s2.csv" "$T/s3.csv" "$T/s1.csv" -o "$T/m.csv" || no "merge"
cut -d, -f1-12 "$T/m.csv" | cmp -s - "$T/a" && ok "[ST4] merge equals unsharded" || no "[ST4] merge"
"$FANOS" merge "$T/s2.csv" "$T/s3.csv" "$T/s1.csv" --expect "$T/tiny.ini" -o "$T/me.csv" \
    && cmp -s "$T/m.csv" "$T/me.csv" && ok "merge --expect, complete" || no "merge --expect"
"$FANOS" merge "$T/s2.csv" "$T/s3.csv" --expect "$T/tiny.ini" -o "$T/me2.csv" 2>"$T/err"
[ $? -eq 1 ] && grep -q "run 1 of the plan" "$T/err" && [ ! -e "$T/me2.csv" ] \
    && ok "merge --expect, a shard missing" || no "merge --expect, missing shard"
"$FANOS" merge "$T/s1.csv" "$T/m.csv" -o "$T/mm.csv" 2>"$T/err"
[ $? -eq 1 ] && grep -q "also at" "$T/err" && [ ! -e "$T/mm.csv" ] && ok "[ST4] a run twice is an error" || no "[ST4] duplicate"
printf 'a,b\n1,2\n' >"$T/notraw.csv"
"$FANOS" merge "$T/notraw.csv" -o "$T/mm.csv" 2>"$T/err"
[ $? -eq 1 ] && grep -q "notraw.csv:1:" "$T/err" && ok "merge rejects other CSVs" || no "merge other CSV"
"$FANOS" sweep "$T/tiny.ini" --shard 40/40 -o "$T/s40.csv" --quiet
[ "$(wc -l <"$T/s40.csv")" -eq 1 ] && ok "empty shard" || no "empty shard"

# [ST6] reference rows start from the reference draw of their seed, fresh
# rows from the GSL draw: each equals fanos run from that start.
awk -F, -v s=3 'NR > 1 && $1 == s { for (i = 2; i <= NF; i++) print $i }' \
    "$FANOS_DRAWS_DIR/rosenbrock100_x0.csv" >"$T/x0_3"
want=$("$FANOS" run --x0 "$T/x0_3" --set lr=0.03 --set grad_clip=1 --budget 150 | sed 's/ .*//; s/final_loss=//')
got=$(awk -F, '$4 == "reference" && $5 == "FANoS-RMS" && $6 == "0.03" && $7 == 3 { print $8 }' "$T/t1.csv")
awk -v a="$want" -v b="$got" 'BEGIN { exit !(a + 0 == b + 0 && a != "") }' \
    && ok "[ST6] reference start ($got)" || no "[ST6] reference start: $want vs $got"
want=$("$FANOS" run --seed 6 --set lr=0.001 --set grad_clip=0 --clip 1 --budget 150 | sed 's/ .*//; s/final_loss=//')
got=$(awk -F, '$4 == "fresh" && $5 == "B+clip" && $6 == "0.001" && $7 == 6 { print $8 }' "$T/t1.csv")
awk -v a="$want" -v b="$got" 'BEGIN { exit !(a + 0 == b + 0 && a != "") }' \
    && ok "[ST6] fresh start ($got)" || no "[ST6] fresh start: $want vs $got"

# ---- fanos stats on a hand-made raw CSV ------------------------------------
H=experiment,problem,param,draws,method,lr,seed,final_loss,diverged,diverged_step,evals,steps,seconds
cat >"$T/raw.csv" <<EOF
$H
E,quadratic,10,fresh,M,0.1,0,7,0,0,5,5,0.1
E,quadratic,10,fresh,M,0.1,1,7,0,0,5,5,0.1
E,quadratic,10,fresh,M,0.1,2,7,0,0,5,5,0.1
E,quadratic,10,fresh,M,0.01,0,4,0,0,5,5,0.1
E,quadratic,10,fresh,M,0.01,1,1,0,0,5,5,0.1
E,quadratic,10,fresh,M,0.01,2,3,0,0,5,5,0.1
E,quadratic,10,fresh,M,0.01,3,2,0,0,5,5,0.1
E,quadratic,10,fresh,M,0.01,4,nan,1,3,3,3,0.1
E,quadratic,10,fresh,M,0.001,0,0.5,0,0,5,5,0.1
E,quadratic,10,fresh,M,0.001,1,nan,1,2,2,2,0.1
E,quadratic,10,fresh,T,0.3,0,3,0,0,5,5,0.1
E,quadratic,10,fresh,T,0.3,1,3,0,0,5,5,0.1
E,quadratic,10,fresh,T,0.03,0,2,0,0,5,5,0.1
E,quadratic,10,fresh,T,0.03,1,4,0,0,5,5,0.1
E,quadratic,10,fresh,D,0.01,0,nan,1,1,1,1,0.1
E,quadratic,10,fresh,D,0.01,1,nan,1,1,1,1,0.1
E,quadratic,10,fresh,D,0.1,0,5,0,0,5,5,0.1
E,quadratic,10,fresh,D,0.1,1,nan,1,4,4,4,0.1
E,quadratic,10,fresh,L-BFGS,,0,1e-9,0,0,5,5,0.1
E,quadratic,10,fresh,L-BFGS,,1,3e-9,0,0,5,5,0.1
E,quadratic,9,reference,B,1,0,1,0,0,5,5,0.1
E,quadratic,9,reference,B,1,1,0,0,0,5,5,0.1
EOF
# Hand values (ddof 0):
#  M 0.01: 1,2,3,4 (+1 diverged): mean 2.5, std sqrt(1.25), median 2.5,
#          divergence 1/5; M 0.1: 7,7,7: mean 7, std 0, CI [7, 7];
#          M 0.001 (mean 0.5) and M 0.01 (2.5) have a diverged run, so the
#          best lr of M is 0.1 although its mean is the highest; 0.1 is the
#          largest of M's 3 lrs, so its edge is lr:high ([TU10]).
#  T 0.03: 2,4 and T 0.3: 3,3 tie at mean 3: best the smaller lr 0.03;
#          std 1 and 0.
#  D: every lr has a diverged run: no best; D 0.01 all diverged: nan.
#  L-BFGS: one group, no lr: mean 2e-9, std 1e-9, best.
#  B: 0 and 1: CI [0, 1] (see check_stats.c), mean, median, std 0.5.
# Rows: param 9 before 10 (numeric), reference before fresh, methods
# bytewise, lr numeric with empty first.
cat >"$T/want.csv" <<'EOF'
experiment,problem,param,draws,method,lr,count,n_ok,n_diverged,diverged_rate,mean,std,ci_lo,ci_hi,median,best,edge
E,quadratic,9,reference,B,1,2,2,0,0,0.5,0.5,0,1,0.5,1,
E,quadratic,10,fresh,D,0.01,2,0,2,1,nan,nan,nan,nan,nan,0,
E,quadratic,10,fresh,D,0.1,2,1,1,0.5,5,0,5,5,5,0,
E,quadratic,10,fresh,L-BFGS,,2,2,0,0,2e-9,1e-9,*,*,2e-9,1,
E,quadratic,10,fresh,M,0.001,2,1,1,0.5,0.5,0,0.5,0.5,0.5,0,
E,quadratic,10,fresh,M,0.01,5,4,1,0.2,2.5,1.118033988749895,*,*,2.5,0,
E,quadratic,10,fresh,M,0.1,3,3,0,0,7,0,7,7,7,1,lr:high
E,quadratic,10,fresh,T,0.03,2,2,0,0,3,1,*,*,3,1,
E,quadratic,10,fresh,T,0.3,2,2,0,0,3,0,3,3,3,0,
EOF
"$FANOS" stats "$T/raw.csv" -o "$T/sum.csv" || no "stats"
# compare: text exactly, numbers to 1e-12 relative, '*' = checked below
awk -F, 'NR == FNR { w[FNR] = $0; n = FNR; next }
    { split(w[FNR], e, ","); if (NF != 17) bad++
      for (i = 1; i <= NF; i++) {
        if (e[i] == "*" || e[i] == $i) continue
        if (e[i] ~ /^[-0-9.e]+$/ && $i ~ /^[-0-9.e+]+$/) {
          d = $i - e[i]; if (d < 0) d = -d; m = e[i] < 0 ? -e[i] : e[i]
          if (d <= 1e-12 * m) continue }
        print "row " FNR " col " i ": " $i " != " e[i]; bad++ } }
    END { if (FNR != n) bad++; exit bad != 0 }' "$T/want.csv" "$T/sum.csv" \
    && ok "[ST8] [ST9] [ST10] [ST11] [ST14] [ST15] stats by hand" || { no "stats by hand"; cat "$T/sum.csv"; }
# [ST13] CIs contain the mean and lie within the data's range
awk -F, 'NR > 1 && $8 > 0 { if (!($13 <= $11 && $11 <= $14)) bad++ }
    $5 == "M" && $6 == "0.01" { if (!($13 >= 1 && $14 <= 4 && $13 < $14)) bad++ }
    $5 == "T" && $6 == "0.03" { if (!($13 >= 2 && $14 <= 4)) bad++ }
    END { exit bad != 0 }' "$T/sum.csv" && ok "[ST13] CI brackets the mean" || no "[ST13] CI"
# [ST12] deterministic, and the same for a group whatever else is in the file
"$FANOS" stats "$T/raw.csv" -o "$T/sum2.csv" && cmp -s "$T/sum.csv" "$T/sum2.csv" \
    && ok "[ST12] stats deterministic" || no "[ST12] deterministic"
grep ',M,0.01,' "$T/raw.csv" | sed "1i $H" >"$T/raw1.csv"
"$FANOS" stats "$T/raw1.csv" -o "$T/sum1.csv"
[ "$(tail -1 "$T/sum1.csv" | cut -d, -f1-15)" = "$(grep ',M,0.01,' "$T/sum.csv" | cut -d, -f1-15)" ] \
    && ok "[ST12] a group's CI depends on the group only" || no "[ST12] group independence"
# stats of a real sweep: the lr 1 row of FANoS-noclip diverged 100%
"$FANOS" stats "$T/t1.csv" -o "$T/tsum.csv" || no "stats of the sweep"
grep -q '^tiny,rosenbrock,,reference,FANoS-noclip,1,2,0,2,1,nan,nan,nan,nan,nan,0,$' "$T/tsum.csv" \
    && ok "[ST15] diverged group in a sweep" || no "[ST15] sweep summary"
# malformed raw input: raw_bad below
cat "$T/raw.csv" "$T/raw.csv" | sed '24d' >"$T/dup.csv"
"$FANOS" stats "$T/dup.csv" -o "$T/bs.csv" 2>"$T/err"
[ $? -eq 1 ] && grep -q "also at" "$T/err" && ok "stats rejects a run twice" || no "stats duplicate"

# [ST12] --seed S seeds mt19937 with S + 1: seeds 0 and 4357 (GSL's default,
# which it substitutes for 0) differ; a seed gives the same CIs every time
# (eight irregular values, so that the CI moves with the resamples)
{ echo "$H"; i=0
  for v in 3.1 1.7 4.25 1.05 5.9 9.3 2.65 6.5; do
      echo "E,quadratic,10,fresh,M,0.1,$i,$v,0,0,5,5,0.1"; i=$((i + 1)); done; } >"$T/rawseed.csv"
for sd in 0 4357 5; do
    "$FANOS" stats "$T/rawseed.csv" --seed $sd -o "$T/seed$sd.csv" || no "stats --seed $sd"
done
"$FANOS" stats "$T/rawseed.csv" --seed 5 -o "$T/seed5b.csv" || no "stats --seed 5"
! cmp -s "$T/seed0.csv" "$T/seed4357.csv" && ok "[ST12] --seed 0 and --seed 4357 differ" || no "[ST12] seed 0 = 4357"
cmp -s "$T/seed5.csv" "$T/seed5b.csv" && ok "[ST12] --seed 5 reproducible" || no "[ST12] --seed 5"
"$FANOS" stats "$T/rawseed.csv" --seed 4294967294 -o "$T/seedmax.csv" && ok "--seed 4294967294 accepted" || no "--seed max"
"$FANOS" stats "$T/rawseed.csv" --seed 4294967295 -o "$T/seedbad.csv" 2>"$T/err"
[ $? -eq 1 ] && grep -q "accepted: an integer in \[0, 4294967294\]" "$T/err" && [ ! -e "$T/seedbad.csv" ] \
    && ok "--seed 4294967295 refused" || { no "--seed 4294967295"; cat "$T/err"; }

# every column of a raw row read strictly, by stats and merge alike (ST5):
# raw_bad NAME SED PATTERN: raw.csv edited by SED is refused by both with
# one line naming bad_raw.csv:LINE and PATTERN, exit 1, no output file.
. "${srcdir:-.}/verify/strict_rows.sh"
raw_bad() { strict_row "$1" "$T/raw.csv" "$2" "$3"; }
raw_bad "a bad final_loss" 's/^\(E,quadratic,10,fresh,M,0.1,1\),7,/\1,abc,/' "3: final_loss 'abc' with diverged = 0"
raw_bad "a nan final_loss of a finished run" 's/^\(E,quadratic,10,fresh,M,0.1,1\),7,/\1,nan,/' "3: final_loss 'nan'"
raw_bad "an inf final_loss" 's/^\(E,quadratic,10,fresh,M,0.1,1\),7,/\1,inf,/' "3: final_loss 'inf'"
raw_bad "a final_loss in hexadecimal" 's/^\(E,quadratic,10,fresh,M,0.1,1\),7,/\1,0x7,/' "3: final_loss '0x7'"
raw_bad "a diverged run's number" 's/^\(E,quadratic,10,fresh,D,0.01,1\),nan,/\1,3,/' "17: final_loss '3' with diverged = 1; accepted: nan"
raw_bad "evals=fifty" 's/^\(E,quadratic,10,fresh,M,0.1,1,7,0,0\),5,/\1,fifty,/' "3: evals 'fifty'"
raw_bad "negative steps" 's/^\(E,quadratic,10,fresh,M,0.1,1,7,0,0,5\),5,/\1,-5,/' "3: steps '-5'"
raw_bad "a bad diverged_step" 's/^\(E,quadratic,10,fresh,M,0.01,4,nan,1\),3,/\1,3.5,/' "9: diverged_step '3.5'"
raw_bad "a diverged_step of a finished run" 's/^\(E,quadratic,10,fresh,M,0.1,1,7,0\),0,/\1,4,/' "3: diverged_step '4' with diverged = 0"
raw_bad "seconds=soon" 's/^\(E,quadratic,10,fresh,M,0.1,1,7,0,0,5,5\),0.1$/\1,soon/' "3: seconds 'soon'"
raw_bad "a diverged of 2" 's/^\(E,quadratic,10,fresh,M,0.1,1,7\),0,/\1,2,/' "3: diverged '2'"
raw_bad "an unknown problem" 's/^E,quadratic,10,fresh,M,0.1,1,/E,heat,10,fresh,M,0.1,1,/' "3: problem 'heat': accepted: rosenbrock, quadratic"
"$FANOS" merge "$T/raw.csv" -o "$T/mraw.csv" && ok "merge accepts the hand-made raw CSV" || no "merge of raw.csv"
# a raw CSV saved with a UTF-8 byte order mark reads as without it
printf '\357\273\277' | cat - "$T/raw.csv" >"$T/bom.csv"
"$FANOS" stats "$T/bom.csv" -o "$T/sumbom.csv" 2>"$T/err" && cmp -s "$T/sum.csv" "$T/sumbom.csv" \
    && ok "stats reads a raw CSV with a byte order mark" || { no "stats with a BOM"; cat "$T/err"; }
"$FANOS" merge "$T/bom.csv" -o "$T/mbom.csv" 2>"$T/err" && cmp -s "$T/mraw.csv" "$T/mbom.csv" \
    && ok "merge reads a raw CSV with a byte order mark" || { no "merge with a BOM"; cat "$T/err"; }

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
