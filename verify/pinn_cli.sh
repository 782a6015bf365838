#!/bin/sh
# pinn_cli.sh - `fanos pinn` and `fanos bench`: bad input gives one line on
# stderr, exit status 1 for a bad value and 2 for a usage error (an unknown
# option or probe, an option without its value, an unexpected argument, a
# required option missing), and nothing on stdout; a short run prints one
# name=value line.
fanos=${FANOS:-./src/fanos}
draws="${srcdir:-.}/experiments/draws"
fail=0
err=$(mktemp) out=$(mktemp)
trap 'rm -f "$err" "$out"' EXIT

bad() { # expected-status args...
    want=$1; shift
    "$fanos" "$@" >"$out" 2>"$err"
    st=$?
    lines=$(wc -l <"$err")
    if [ "$st" -ne "$want" ] || [ "$lines" -ne 1 ] || [ -s "$out" ]; then
        echo "FAIL: fanos $* -> status $st (want $want), $lines stderr lines:"
        cat "$err"
        fail=1
    fi
}

bad 2 pinn --warmup fanos
bad 1 pinn --problem heat --warmup fanos
bad 2 pinn --problem burgers
bad 1 pinn --problem burgers --warmup nosuch
bad 1 pinn --problem burgers --warmup fanos --draws maybe
bad 1 pinn --problem burgers --warmup fanos --seed 5
bad 1 pinn --problem burgers --warmup fanos --seed -1
bad 1 pinn --problem burgers --warmup fanos --warmup-steps 0
bad 1 pinn --problem burgers --warmup fanos --polish-iterations x
bad 1 pinn --problem burgers --warmup fanos --widths 2,50,2
bad 1 pinn --problem burgers --warmup fanos --widths 3,5,1
bad 1 pinn --problem burgers --warmup fanos --widths 2,,1
bad 1 pinn --problem burgers --warmup fanos --set lr=-1
bad 1 pinn --problem burgers --warmup fanos --set nosuch=1
bad 1 pinn --problem burgers --warmup fanos --draws-dir /nonexistent
bad 1 pinn --problem burgers --warmup fanos --draws-dir "$draws" --widths 2,20,1
bad 2 pinn --problem burgers --warmup fanos --frobnicate
bad 2 pinn --problem burgers --warmup fanos extra
bad 2 pinn --problem burgers --warmup fanos --seed
bad 2 pinn --problem
bad 2 bench nosuch
bad 1 bench pinn --block 0
bad 1 bench pinn --reps 2
bad 1 bench pinn --rounds 0
bad 1 bench pinn --rounds 1001
bad 1 bench pinn --rounds x
bad 2 bench pinn --rounds
bad 2 bench pinn --frobnicate
bad 2 bench pinn extra

# a short run on the reference draws and on fresh ones
for d in reference fresh; do
    line=$("$fanos" pinn --problem allen-cahn --warmup fanos --seed 1 \
        --draws $d --draws-dir "$draws" --warmup-steps 3 \
        --polish-iterations 0 2>"$err")
    case "$line" in
    "problem=allen-cahn draws=$d warmup=fanos seed=1 warmup_loss="*"entry_loss=nan polish_loss=nan polish_iterations=0 evals=3 "*"diverged=0") ;;
    *) echo "FAIL: short $d run printed '$line'"; cat "$err"; fail=1 ;;
    esac
done
# [N19] the warm-up lr is 1e-3 whatever the optimizer's own default
# (RMSProp's is 1e-2), and --set overrides it
m=fanos
"$fanos" params rmsprop >/dev/null 2>&1 && m=rmsprop
short() {
    "$fanos" pinn --problem burgers --warmup $m --seed 2 --draws fresh \
        --warmup-steps 4 --polish-iterations 0 "$@" 2>"$err" |
        sed 's/.*warmup_loss=\([^ ]*\).*/\1/'
}
a=$(short) b=$(short --set lr=0.001) c=$(short --set lr=0.01)
if [ -z "$a" ] || [ "$a" != "$b" ] || [ "$a" = "$c" ]; then
    echo "FAIL: $m warm-up lr: default $a, lr=1e-3 $b, lr=1e-2 $c"
    fail=1
fi
# $FANOS_DRAWS_DIR is the default of --draws-dir
a=$("$fanos" pinn --problem burgers --warmup adamw --draws-dir "$draws" --warmup-steps 2 --polish-iterations 0 | sed 's/ seconds=[^ ]*//')
b=$(FANOS_DRAWS_DIR="$draws" "$fanos" pinn --problem burgers --warmup adamw --warmup-steps 2 --polish-iterations 0 | sed 's/ seconds=[^ ]*//')
[ -n "$a" ] && [ "$a" = "$b" ] || { echo "FAIL: pinn FANOS_DRAWS_DIR: '$b' != '$a'"; fail=1; }

# a short `fanos bench pinn` prints every figure once, each a number (but
# the BLAS core's name), with the fraction of each side-by-side round
# between its minimum and maximum
"$fanos" bench pinn --reps 3 --rounds 3 >"$out" 2>"$err" || {
    echo "FAIL: bench pinn exited non-zero"; cat "$err"; fail=1; }
for k in pinn_eval_ms pinn_gflops dgemm_gflops pinn_dgemm_fraction \
         pinn_side_by_side_rounds pinn_eval_ms_side_by_side \
         pinn_side_by_side_fraction pinn_side_by_side_fraction_min \
         pinn_side_by_side_fraction_max pinn_side_by_side_cpu_fraction; do
    n=$(grep -c "^$k=[0-9][0-9.e+-]*\$" "$out")
    [ "$n" -eq 1 ] || { echo "FAIL: bench pinn: $k printed $n times as a number"; fail=1; }
done
grep -q '^pinn_side_by_side_rounds=3$' "$out" || { echo "FAIL: bench pinn: rounds"; fail=1; }
# fanos bench --help names every figure that bench pinn prints
"$fanos" bench --help >"$err.help" || { echo "FAIL: bench --help"; fail=1; }
for k in $(cut -d= -f1 "$out"); do
    grep -qw -- "$k" "$err.help" || { echo "FAIL: bench --help does not list $k"; fail=1; }
done
rm -f "$err.help"
awk -F= '{ v[$1] = $2 } END {
    if (!(v["pinn_side_by_side_fraction_min"] <= v["pinn_side_by_side_fraction"] &&
          v["pinn_side_by_side_fraction"] <= v["pinn_side_by_side_fraction_max"] &&
          v["pinn_side_by_side_fraction_min"] > 0)) exit 1 }' "$out" ||
    { echo "FAIL: bench pinn: side-by-side fractions out of order"; cat "$out"; fail=1; }
if [ "$fail" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
