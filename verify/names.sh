#!/bin/sh
# names.sh - the names and files a user types, through the command: the
# "did you mean" of every option of every command (each option of each
# --help, misspelled), the method names of the paper that --optimizer,
# --warmup and params take, --lr and --set lr 0.01, the one wording of
# missing reference draws (run, pinn, sweep), the place and text of a bad
# --x0 token, stats on a file that is not a raw CSV, --digits, and
# fanos run --objective on shared objects built here with $CC.
set -u
FANOS=${FANOS:-./src/fanos}
DRAWS="${srcdir:-.}/experiments/draws"
pass=0 fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/names.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT HUP INT TERM
ok() { pass=$((pass + 1)); }
no() { echo "FAIL: $*"; fail=$((fail + 1)); }
# expect STATUS TEXT ARGS...: the command exits with STATUS and its one
# line on stderr contains TEXT (a fixed string)
expect() {
    want=$1 text=$2; shift 2
    "$FANOS" "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if [ $rc -ne "$want" ]; then
        no "fanos $*: exit status $rc, expected $want: $(cat "$T/err")"
    elif [ "$(wc -l < "$T/err")" -ne 1 ] || ! grep -qF -- "$text" "$T/err"; then
        no "fanos $*: stderr lacks '$text': $(cat "$T/err")"
    else
        ok
    fi
}
# same ARGS1 -- ARGS2: both succeed with the same line (seconds aside)
same() {
    a= b=
    while [ "$1" != -- ]; do a="$a '$1'"; shift; done
    shift
    for x in "$@"; do b="$b '$x'"; done
    ra=$(eval "\"$FANOS\" $a" | sed 's/ seconds=[^ ]*//') &&
        rb=$(eval "\"$FANOS\" $b" | sed 's/ seconds=[^ ]*//') &&
        [ -n "$ra" ] && [ "$ra" = "$rb" ] && ok || no "$a and $b differ: $ra / $rb"
}

# ---- every option of every command, misspelled ---------------------------
# The last letter doubled ("--budget" as "--budgett") is one edit away:
# the message must name the option.
for cmd in run pinn sweep merge stats params stability thermostat "bench steps" "bench pinn"; do
    # shellcheck disable=SC2086
    help=$("$FANOS" $cmd --help) || { no "fanos $cmd --help"; continue; }
    # the options of the usage lines ([--dim D], -o FILE) and of the list
    # (a line that starts with one), not those the prose names
    opts=$(printf '%s\n' "$help" | sed -n 's/^ *\(-o\|--[a-z][a-z0-9-]*\).*/\1/p
        /^Usage:\|^  or:\|^  *\[/{ s/[^-]*\(-o \|--[a-z][a-z0-9-]*\)/\1\n/g; p; }' |
        sed -n 's/^\(-o\|--[a-z][a-z0-9-]*\).*/\1/p' | sort -u)
    for o in $opts; do
        last=$(printf '%s' "$o" | tail -c 1)
        # shellcheck disable=SC2086
        "$FANOS" $cmd "$o$last" >/dev/null 2>"$T/err"
        rc=$?
        if [ $rc -eq 2 ] && grep -qF -- "did you mean $o?" "$T/err"; then
            ok
        else
            no "fanos $cmd $o$last: exit $rc, no 'did you mean $o?': $(cat "$T/err")"
        fi
    done
done
# a parameter given as an option, a name without its option
expect 2 "optimizer parameters are set with --set momentum=VALUE" run --momentum 0.9
expect 2 "optimizer parameters are set with --set beta1=0.8" run --optimizer adamw --beta1=0.8
expect 2 "did you mean --problem quadratic?" run quadratic
expect 2 "did you mean --warmup adamw?" pinn --problem burgers adamw
expect 2 "did you mean --markdown?" params --markdwon
expect 2 "unknown command 'swep'; did you mean sweep?" swep

# ---- names of optimizers, problems, parameters ---------------------------
expect 1 "--optimizer adam: unknown optimizer; did you mean adamw?" run --optimizer adam
expect 1 "unknown optimizer; did you mean fanos?" run --optimizer fanoss
expect 1 "unknown optimizer" run --optimizer AdamW+clip
expect 1 "unknown optimizer" run --optimizer FixedFriction-1
expect 1 "--problem rosenbrok: unknown problem; did you mean rosenbrock?" run --problem rosenbrok
expect 1 "burgers is a problem of fanos pinn" run --problem burgers
expect 1 "--problem burger: unknown problem; did you mean burgers?" pinn --problem burger --warmup adamw
expect 1 "rosenbrock is a problem of fanos run" pinn --problem rosenbrock --warmup adamw
expect 1 "unknown parameter 'momentun' for optimizer sgd; did you mean momentum?" \
    run --optimizer sgd --set momentun=0.9
expect 1 "unknown parameter 'LR'" run --set LR=0.1
expect 1 "did you mean lr?" run --set LR=0.1
expect 1 "params: unknown optimizer 'adam'; did you mean adamw?" params adam
expect 1 "L-BFGS is the polish of every PINN run" pinn --problem burgers --warmup L-BFGS \
    --draws-dir "$DRAWS"

# the method names of the paper (fanos run --help lists them)
for name in AdamW RMSProp FANoS VRAdam iKFAD CD CADAM Adam-eqbeta SGD+Mom FANoS-RMS \
            FANoS-Baseline NGN-M L-BFGS adamw ADAMW; do
    "$FANOS" params "$name" >/dev/null 2>"$T/err" && ok || no "params $name: $(cat "$T/err")"
    "$FANOS" run --optimizer "$name" --budget 3 --dim 4 >/dev/null 2>"$T/err" && ok ||
        no "run --optimizer $name: $(cat "$T/err")"
done
"$FANOS" run --help | grep -q 'SGD+Mom' && ok || no "run --help names the method names"
same run --optimizer AdamW --budget 50 -- run --optimizer adamw --budget 50
same run --optimizer FANoS-RMS --set lr=0.01 --budget 50 -- run --optimizer fanos --set lr=0.01 --budget 50
same run --optimizer L-BFGS --budget 50 -- run --optimizer lbfgs --budget 50
# SGD+Mom states its momentum; a --set after it wins
same run --optimizer SGD+Mom --set lr=1e-4 --budget 50 -- \
     run --optimizer sgd --set momentum=0.9 --set lr=1e-4 --budget 50
same run --optimizer SGD+Mom --set momentum=0.5 --set lr=1e-4 --budget 50 -- \
     run --optimizer sgd --set momentum=0.5 --set lr=1e-4 --budget 50
"$FANOS" pinn --problem burgers --warmup AdamW --draws fresh --warmup-steps 2 \
    --polish-iterations 0 | grep -q ' warmup=adamw ' && ok || no "pinn --warmup AdamW"

# ---- --lr and --set lr 0.01 ----------------------------------------------
same run --lr 0.01 --budget 50 -- run --set lr=0.01 --budget 50
same run --lr=0.01 --budget 50 -- run --set lr=0.01 --budget 50
same run --lr 0.5 --set lr=0.01 --budget 50 -- run --set lr=0.01 --budget 50
same run --set lr=0.5 --lr 0.01 --budget 50 -- run --set lr=0.01 --budget 50
same pinn --problem burgers --warmup fanos --draws fresh --warmup-steps 3 --polish-iterations 0 --lr 0.01 -- \
     pinn --problem burgers --warmup fanos --draws fresh --warmup-steps 3 --polish-iterations 0 --set lr=0.01
expect 1 "--set lr 0.01: expected key=value as one word; accepted: --set lr=0.01" run --set lr 0.01
expect 1 "--set lr 0.01: expected key=value as one word; accepted: --set lr=0.01" \
    pinn --problem burgers --warmup fanos --set lr 0.01
expect 1 "--set lr=abc: 'abc' is not a number" run --lr abc
expect 2 "option --lr needs a value" run --lr

# ---- missing reference draws: one wording everywhere ---------------------
hint="accepted: the folder of the reference draws: --draws-dir experiments/draws from the source tree, the folder in \$FANOS_DRAWS_DIR"
printf '[experiment]\nname = x\nproblem = rosenbrock\ndim = 100\nbudget = 5\nloop = before-last\nlr = 0.1\nreference_seeds = 0\n[method A]\noptimizer = sgd\n' > "$T/ref.ini"
expect 1 "$hint" run --draws reference --draws-dir "$T/none"
expect 1 "cannot read rosenbrock100_x0.csv: no folder $T/none" run --draws reference --draws-dir "$T/none"
expect 1 "$hint" pinn --problem burgers --warmup adamw --draws-dir "$T/none"
expect 1 "cannot read pinn_seed0_params.txt, pinn_seed0_points.csv: no folder" \
    pinn --problem burgers --warmup adamw --draws-dir "$T/none"
expect 1 "$hint" sweep "$T/ref.ini" --draws-dir "$T/none" -o "$T/r.csv"
expect 1 "ref.ini:8: reference_seeds: seed 0: cannot read rosenbrock100_x0.csv" \
    sweep "$T/ref.ini" --draws-dir "$T/none" -o "$T/r.csv"
expect 1 "$hint" sweep "$T/ref.ini" --draws-dir "$T/none" --dry-run
mkdir "$T/emptydir"
expect 1 "cannot read quadratic_seed0.csv in $T/emptydir; $hint" run --problem quadratic --draws reference --draws-dir "$T/emptydir"
sed 's/^problem = rosenbrock/problem = quadratic\ncond = 10/; s/^dim = 100/dim = 100/; s/^loop = before-last/loop = after-last/' "$T/ref.ini" > "$T/q.ini"
expect 1 "q.ini:9: reference_seeds: seed 0: cannot read quadratic_seed0.csv in $T/emptydir; $hint" \
    sweep "$T/q.ini" --draws-dir "$T/emptydir" --dry-run
# a folder of the draws without the seed: that seed is the fault
expect 1 "--seed 3: quadratic_seed3.csv has no reference draws of this seed" \
    run --problem quadratic --draws reference --draws-dir "$DRAWS" --seed 3
FANOS_DRAWS_DIR="$T/none" expect 1 "the folder in \$FANOS_DRAWS_DIR (now $T/none)" run --draws reference
# ... and with it set right, no --draws-dir is needed
FANOS_DRAWS_DIR="$DRAWS" "$FANOS" run --draws reference --budget 3 >/dev/null && ok ||
    no "FANOS_DRAWS_DIR as the default folder"

# ---- a bad --x0 file: file:line:column and the token ----------------------
printf 'x,y\n1 2\n' > "$T/header.txt"
expect 1 "header.txt:1:1: value 1: 'x' is not a number (a header line? '#' starts a comment)" \
    run --dim 2 --x0 "$T/header.txt"
printf '1; 2\n' > "$T/semi.txt"
expect 1 "semi.txt:1:1: value 1: '1;' is not a number" run --dim 2 --x0 "$T/semi.txt"
printf '# start\n1\n  nan\n' > "$T/nan.txt"
expect 1 "nan.txt:3:3: value 2: 'nan' is not a finite number" run --dim 2 --x0 "$T/nan.txt"
printf '1 0x10\n' > "$T/hex.txt"
expect 1 "hex.txt:1:3: value 2: '0x10' is not a decimal number" run --dim 2 --x0 "$T/hex.txt"
awk 'BEGIN { s = "1"; for (i = 0; i < 80; i++) s = s "2"; print "0", s "z" }' > "$T/long.txt"
expect 1 "long.txt:1:3: value 2: '122222222222222222222222...' (82 characters) is not a number" \
    run --dim 2 --x0 "$T/long.txt"

# ---- stats and merge on files that are not raw CSVs ----------------------
expect 1 "ref.ini:1: 1 field, expected 13: not a raw CSV of fanos sweep; its first line is '[experiment]' (an experiment file? fanos sweep FILE -o RAW.csv runs it); accepted: a raw CSV whose first line is experiment,problem,param,..." \
    stats "$T/ref.ini" -o "$T/s.csv"
expect 1 "(an experiment file?" merge "$T/ref.ini" -o "$T/m.csv"
printf 'experiment,problem,param,draws,method,lr,count,n_ok,n_diverged,diverged_rate,mean,std,ci_lo,ci_hi,median,best\n' > "$T/summary.csv"
expect 1 "(a summary of fanos stats, not a raw CSV it reads)" stats "$T/summary.csv" -o "$T/s.csv"

# ---- experiment files ----------------------------------------------------
sed 's/^budget = 5/budgett = 5/' "$T/ref.ini" > "$T/k.ini"
expect 1 "k.ini:5: [experiment] budgett: unknown key (did you mean budget?)" sweep "$T/k.ini" --dry-run
sed 's/^optimizer = sgd/optimizer = SGD+Mom/' "$T/ref.ini" > "$T/o.ini"
expect 1 "optimizer = SGD+Mom: unknown optimizer (did you mean sgd with set = momentum=0.9?)" sweep "$T/o.ini" --dry-run
sed 's/^optimizer = sgd/optimizer = adam/' "$T/ref.ini" > "$T/o.ini"
expect 1 "optimizer = adam: unknown optimizer (did you mean adamw?)" sweep "$T/o.ini" --dry-run
printf 'set = momentun=0.9\n' >> "$T/o.ini"
sed -i 's/^optimizer = adam$/optimizer = sgd/' "$T/o.ini"
expect 1 "'momentun' is not a setting of optimizer sgd (did you mean momentum?)" sweep "$T/o.ini" --dry-run
sed 's/^problem = rosenbrock/problem = rosenbrok/' "$T/ref.ini" > "$T/p.ini"
expect 1 "problem = rosenbrok: unknown value (did you mean rosenbrock?)" sweep "$T/p.ini" --dry-run
sed 's/^\[method A\]/[methd A]/' "$T/ref.ini" > "$T/s.ini"
expect 1 "[methd A]: unknown section (did you mean [method NAME]?)" sweep "$T/s.ini" --dry-run

# ---- stats --digits ------------------------------------------------------
"$FANOS" sweep "${srcdir:-.}/verify/../experiments/quadratic_sweep.ini" --draws-dir "$DRAWS" \
    --dry-run >/dev/null || no "sweep --dry-run"
printf '[experiment]\nname = d\nproblem = rosenbrock\ndim = 4\nbudget = 50\nloop = before-last\nlr = 0.001, 0.01\nfresh_seeds = 0..3\n[method A]\noptimizer = adamw\n' > "$T/d.ini"
"$FANOS" sweep "$T/d.ini" --quiet -o "$T/d.csv" && "$FANOS" stats "$T/d.csv" -o "$T/full.csv" &&
    "$FANOS" stats "$T/d.csv" --digits 3 -o "$T/d3.csv" || no "sweep and stats"
# each statistic of --digits 3 is the full one with 3 significant digits
paste -d, "$T/full.csv" "$T/d3.csv" | awk -F, 'NR > 1 {
    h = NF / 2; for (c = 10; c <= 15; c++) { v = sprintf("%.3g", $c); if (v + 0 != $(c + h) + 0) bad++ } }
    END { exit bad > 0 }' && ok || no "stats --digits 3: $(cat "$T/d3.csv")"
[ "$(cut -d, -f1-9 "$T/full.csv")" = "$(cut -d, -f1-9 "$T/d3.csv")" ] && ok || no "--digits changed the counts"
expect 1 "--digits 0: accepted: an integer in [1, 17]" stats "$T/d.csv" --digits 0 -o "$T/x.csv"
expect 1 "--digits 18: accepted: an integer in [1, 17]" stats "$T/d.csv" --digits 18 -o "$T/x.csv"

# ---- fanos run --objective -----------------------------------------------
set -- ${CC:-cc}
cc=$*
cat > "$T/obj.c" <<'EOF'
#include <math.h>
#include <stddef.h>
/* f = sum (x_i - 1)^2: 0 at x = 1; the start point 3 + seed */
int bowl(void *ctx, size_t n, const double *x, double *f, double *g)
{
    double s = 0;
    (void)ctx;
    for (size_t i = 0; i < n; i++) {
        s += (x[i] - 1) * (x[i] - 1);
        if (g)
            g[i] = 2 * (x[i] - 1);
    }
    *f = s;
    return 0;
}
int bowl_x0(size_t n, unsigned long seed, double *x0)
{
    for (size_t i = 0; i < n; i++)
        x0[i] = 3.0 + (double)seed;
    return 0;
}
/* fails at its third call */
int fails(void *ctx, size_t n, const double *x, double *f, double *g)
{
    static int calls;
    (void)ctx, (void)n, (void)x, (void)g;
    *f = 1;
    return ++calls == 3 ? -42 : 0;
}
/* a start point that fails, and one that is not finite */
int bad_x0(size_t n, unsigned long seed, double *x0) { (void)n, (void)seed, (void)x0; return -7; }
int nonfin(void *ctx, size_t n, const double *x, double *f, double *g) { return bowl(ctx, n, x, f, g); }
int nonfin_x0(size_t n, unsigned long seed, double *x0)
{
    (void)seed;
    for (size_t i = 0; i < n; i++)
        x0[i] = NAN;
    return 0;
}
int bad(void *ctx, size_t n, const double *x, double *f, double *g) { return bowl(ctx, n, x, f, g); }
EOF
# shellcheck disable=SC2086
if ! $cc -shared -fPIC -o "$T/libobj.so" "$T/obj.c" 2>"$T/ccerr"; then
    no "$cc -shared -fPIC: $(cat "$T/ccerr")"
else
    cd "$T" || exit 99
    F=$FANOS
    case $F in /*) ;; *) F=$OLDPWD/$F ;; esac
    # the start point of bowl_x0 for seed 2: 5 in each of 3 coordinates,
    # loss 3 * 4^2 = 48 before the first step (the trace's first row)
    "$F" run --objective ./libobj.so:bowl --dim 3 --seed 2 --budget 5 --trace tr.csv >/dev/null &&
        [ "$(sed -n 2p tr.csv | cut -d, -f2)" = 48 ] && ok || no "--objective bowl, seed 2: $(sed -n 2p tr.csv)"
    # a name without '/' is a file of the current folder
    "$F" run --objective libobj.so:bowl --dim 3 --budget 5 >/dev/null && ok || no "--objective libobj.so:bowl"
    # --x0 replaces bowl_x0: 1 2 3 gives 0 + 1 + 4 = 5
    printf '1 2 3\n' > x0.txt
    "$F" run --objective ./libobj.so:bowl --dim 3 --x0 x0.txt --budget 5 --trace tr2.csv >/dev/null &&
        [ "$(sed -n 2p tr2.csv | cut -d, -f2)" = 5 ] && ok || no "--objective with --x0"
    # L-BFGS finds the minimum of the bowl
    "$F" run --objective ./libobj.so:bowl --dim 5 --optimizer lbfgs --budget 50 |
        grep -q '^final_loss=0 ' && ok || no "--objective with lbfgs"
    # without SYMBOL_x0 the start point is zeros: fails has none, loss 1
    cd "$OLDPWD" || exit 99
    expect 1 "--objective $T/libobj.so:fails: fails failed at call 3 (returned -42)" \
        run --objective "$T/libobj.so:fails" --dim 2 --budget 10
    expect 1 "bad_x0 (n 2, seed 0) returned -7" run --objective "$T/libobj.so:bad" --dim 2
    expect 1 "nonfin_x0 wrote a value that is not finite" run --objective "$T/libobj.so:nonfin" --dim 2
    expect 1 "has no function 'nope'" run --objective "$T/libobj.so:nope" --dim 2
    expect 1 "cannot load $T/missing.so: No such file or directory" run --objective "$T/missing.so:bowl" --dim 2
    expect 1 "cannot load $T/obj.c:" run --objective "$T/obj.c:bowl" --dim 2
    expect 1 "accepted: FILE:SYMBOL" run --objective "$T/libobj.so" --dim 2
    expect 1 "not with --draws reference" run --objective "$T/libobj.so:bowl" --dim 2 --draws reference
    expect 1 "not with --problem" run --objective "$T/libobj.so:bowl" --dim 2 --problem quadratic
    expect 1 "not with --cond" run --objective "$T/libobj.so:bowl" --dim 2 --cond 10
    expect 2 "--objective $T/libobj.so:bowl needs --dim D" run --objective "$T/libobj.so:bowl"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
