#!/bin/sh
# quadratic_bits.sh - a quadratic run gives the same final loss, bit for
# bit, from `fanos run` and from a one-run `fanos sweep`, whatever
# OPENBLAS_NUM_THREADS says: the quadratic uses one BLAS thread and both
# commands the same OpenBLAS kernels ([ST7]: the result of a run depends on
# its own settings only).
set -u
FANOS=${FANOS:-./src/fanos}
DRAWS=${srcdir:-.}/experiments/draws
T=$(mktemp -d "${TMPDIR:-/tmp}/quadratic_bits.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
passes=0
ok() { echo "ok: $1"; passes=$((passes + 1)); }
no() { echo "FAIL: $1"; fails=$((fails + 1)); }

# same DRAWS SEED COND OPT LR: run and sweep of one configuration; the two
# texts (run: %.17g, sweep: shortest round trip) read as the same double
same() {
    draws=$1 seed=$2 cond=$3 opt=$4 lr=$5
    printf '%s\n' '[experiment]' 'name = q' 'problem = quadratic' 'dim = 100' \
        "cond = $cond" 'budget = 20' 'loop = after-last' "${draws}_seeds = $seed" \
        '[method M]' "optimizer = $opt" "lr = $lr" >"$T/q.ini"
    rm -f "$T/q.csv"
    "$FANOS" sweep "$T/q.ini" --quiet --draws-dir "$DRAWS" -o "$T/q.csv" 2>"$T/err" ||
        { no "sweep $*"; cat "$T/err"; return; }
    b=$(awk -F, 'NR == 2 { print $8 }' "$T/q.csv")
    a=$("$FANOS" run --problem quadratic --dim 100 --cond "$cond" --seed "$seed" \
        --draws "$draws" --draws-dir "$DRAWS" --optimizer "$opt" --set lr="$lr" \
        --budget 20 --final after-last 2>"$T/err" | sed -n 's/^final_loss=\([^ ]*\) .*/\1/p')
    [ -n "$a" ] || { no "run $*"; cat "$T/err"; return; }
    awk -v a="$a" -v b="$b" 'BEGIN { exit !(b != "" && a + 0 == b + 0) }' &&
        ok "run = sweep, $draws seed $seed cond $cond $opt, OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS-unset} ($a)" ||
        no "run $a != sweep $b ($*, OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS-unset})"
}

for threads in unset 2; do
    if [ "$threads" = unset ]; then unset OPENBLAS_NUM_THREADS
    else OPENBLAS_NUM_THREADS=$threads; export OPENBLAS_NUM_THREADS; fi
    same reference 1 1e2 fanos 1e-3
    same reference 0 1e4 adamw 1e-2
    same fresh 2 1e3 sgd 1e-4
done

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
