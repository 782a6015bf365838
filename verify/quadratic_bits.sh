#!/bin/sh
# quadratic_bits.sh - a quadratic run gives the same final loss, bit for
# bit, from `fanos run` and from a one-run `fanos sweep`, whatever
# OPENBLAS_NUM_THREADS says: the quadratic uses one BLAS thread and both
# commands the same OpenBLAS kernels ([ST7]: the result of a run depends on
# its own settings only).
# [Q6] And a few T3 rows (every column but seconds) are the same, bit for
# bit, under two BLAS kernels of OpenBLAS (OPENBLAS_CORETYPE Prescott and
# Haswell, or Core2 on a CPU without AVX2): the quadratic's products are
# loops of the package, in a fixed order of summation.
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

# A few T3 rows (both draws sources, three kappas, five methods) under two
# BLAS kernels; `fanos bench pinn` names the kernel OpenBLAS took.
core_b=Haswell
grep -q avx2 /proc/cpuinfo 2>/dev/null || core_b=Core2
printf '%s\n' '[experiment]' 'name = T3' 'problem = quadratic' 'dim = 100' \
    'cond = 1e2, 1e4, 1e6' 'budget = 3000' 'loop = after-last' \
    'reference_seeds = 1' 'fresh_seeds = 2' \
    '[method AdamW]' 'optimizer = adamw' 'set = weight_decay=0' 'lr = 1e-2' \
    '[method RMSProp]' 'optimizer = rmsprop' 'set = alpha=0.99, momentum=0.9' 'lr = 1e-3' \
    '[method FANoS-RMS]' 'optimizer = fanos' 'lr = 1e-3' \
    '[method L-BFGS]' 'optimizer = lbfgs' \
    '[method NGN-M]' 'optimizer = ngnm' 'lr = 1e-3' >"$T/t3.ini"
unset OPENBLAS_NUM_THREADS
for core in Prescott $core_b; do
    got=$(OPENBLAS_CORETYPE=$core "$FANOS" bench pinn --reps 3 --rounds 1 2>/dev/null |
          sed -n 's/^blas_core=//p')
    if [ "$got" != "$core" ]; then
        echo "skip: OPENBLAS_CORETYPE=$core gives blas_core '$got' (not OpenBLAS with that kernel)"
        continue
    fi
    OPENBLAS_CORETYPE=$core "$FANOS" sweep "$T/t3.ini" --quiet --threads 2 \
        --draws-dir "$DRAWS" -o "$T/t3_$core.csv" 2>"$T/err" &&
        cut -d, -f1-12 "$T/t3_$core.csv" >"$T/t3_$core.cut" ||
        { no "T3 rows under $core"; cat "$T/err"; }
done
if [ -f "$T/t3_Prescott.cut" ] && [ -f "$T/t3_$core_b.cut" ]; then
    rows=$(($(wc -l <"$T/t3_Prescott.cut") - 1))
    if cmp -s "$T/t3_Prescott.cut" "$T/t3_$core_b.cut"; then
        ok "$rows T3 rows bit for bit the same under OPENBLAS_CORETYPE Prescott and $core_b"
    else
        no "T3 rows differ between OPENBLAS_CORETYPE Prescott and $core_b"
        diff "$T/t3_Prescott.cut" "$T/t3_$core_b.cut" | head -5
    fi
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
