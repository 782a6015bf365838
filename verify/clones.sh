#!/bin/sh
# clones.sh - the vector clones of the steps and passes against a build
# without them (`make check-clones`; not part of make check).
#
# The library compiles each optimizer step and each element-wise pass of
# the PINN and of the data problems three times (AVX-512, AVX2, baseline;
# FANOS_VECTOR_CLONES in src/core/internal.h) and runs the clone the CPU
# supports.  doc/performance.md says that every clone computes the same
# operations in the same order.  This script checks it on the machine it
# runs on: every first-order optimizer on Rosenbrock-100D and on a
# quadratic at three learning rates, the FANoS ablations, SGD's options,
# and short mini-batch runs of softmax, mlp and charlm, each traced by
# both commands; every trace and every result line (seconds aside) must be
# byte-identical.
#
# usage: clones.sh FANOS_WITH_CLONES FANOS_WITHOUT   (exit 0: identical)
set -u
[ $# -eq 2 ] || { echo "usage: clones.sh FANOS_WITH_CLONES FANOS_WITHOUT" >&2; exit 2; }
W=$(mktemp -d "${TMPDIR:-/tmp}/fanos-clones.XXXXXX") || exit 2
trap 'rm -rf "$W"' EXIT HUP INT TERM

# runs FANOS DIR: every case, traced into DIR
runs()
{
    F=$1 O=$2
    mkdir -p "$O" || return 1
    for opt in sgd adamw rmsprop fanos vradam ikfad cd cadam ngnm adam-eqbeta; do
        for lr in 1e-4 1e-3 1e-2; do
            one "$F" "$O" ros_${opt}_$lr --problem rosenbrock --dim 100 \
                --optimizer $opt --lr $lr --budget 400 --seed 3 || return 1
            one "$F" "$O" quad_${opt}_$lr --problem quadratic --dim 64 \
                --cond 1e4 --optimizer $opt --lr $lr --budget 300 --seed 5 || return 1
        done
        one "$F" "$O" softmax_$opt --problem softmax --param ntrain=1000 \
            --param batch=100 --optimizer $opt --lr 1e-3 --budget 60 --seed 2 || return 1
        one "$F" "$O" mlp_$opt --problem mlp --param widths=784,64,32,10 \
            --param ntrain=1000 --param batch=64 --optimizer $opt --lr 1e-3 \
            --budget 60 --seed 2 || return 1
        one "$F" "$O" charlm_$opt --problem charlm --param batch=64 \
            --optimizer $opt --lr 1e-3 --budget 40 --seed 2 || return 1
    done
    for s in explicit_euler=1 fixed_friction=1 identity_mass=true grad_clip=0 \
             weight_decay=0.1; do
        one "$F" "$O" ros_fanos_$s --problem rosenbrock --dim 100 --optimizer fanos \
            --lr 3e-2 --set $s --budget 400 --seed 4 || return 1
    done
    for s in nesterov=1 weight_decay=0.1 dampening=0.5; do
        one "$F" "$O" ros_sgd_$s --problem rosenbrock --dim 100 --optimizer sgd \
            --set momentum=0.9 --lr 1e-3 --set $s --budget 400 --seed 4 || return 1
    done
}

# one FANOS DIR NAME ARGS...: one traced run; its line without seconds=
one()
{
    F=$1 O=$2 name=$3
    shift 3
    if ! "$F" run "$@" --trace "$O/$name.csv" > "$O/$name.out" 2> "$O/$name.err"; then
        echo "clones.sh: $F run $*: failed: $(cat "$O/$name.err")"
        return 1
    fi
    sed 's/ seconds=[^ ]*//' "$O/$name.out" > "$O/$name.line" && rm -f "$O/$name.out" "$O/$name.err"
}

runs "$1" "$W/a" || exit 1
runs "$2" "$W/b" || exit 1
n=0 d=0
for f in "$W"/a/*; do
    n=$((n + 1))
    cmp -s "$f" "$W/b/${f##*/}" || { d=$((d + 1)); echo "differs: ${f##*/}"; }
done
cpu=baseline
grep -q -w avx2 /proc/cpuinfo 2>/dev/null && cpu=avx2
grep -q -w avx512f /proc/cpuinfo 2>/dev/null && cpu=avx512f
echo "clones.sh: $((n / 2)) runs, $n files (traces and result lines), $d differ (this CPU's widest clone: $cpu)"
[ "$n" -gt 0 ] && [ "$d" -eq 0 ]
