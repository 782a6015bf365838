#!/bin/sh
# No fused multiply-add in libfanos: the package is compiled with
# -ffp-contract=off (configure.ac), so that the AVX-512, AVX2 and baseline
# clones of a loop (FANOS_VECTOR_CLONES, src/core/internal.h) compute the
# same operations and give the same bits.  The AVX-512 target enables FMA,
# and GCC's default fuses a multiply and an add wherever it can.
lib=src/.libs/libfanos.so
[ -f "$lib" ] || { echo "no $lib (static build): nothing to check"; echo "0 passed, 0 failed"; exit 77; }
command -v objdump >/dev/null 2>&1 || { echo "objdump not found"; exit 77; }
n=$(objdump -d "$lib" | grep -cE '[[:space:]]vf(n)?m(add|sub)[0-9]*[ps][sd]')
if [ "$n" -ne 0 ]; then
    echo "$lib holds $n FMA instructions:"
    objdump -d "$lib" | awk '/^[0-9a-f]+ <.*>:/{fn=$2} /[[:space:]]vf(n)?m(add|sub)[0-9]*[ps][sd]/{print fn}' | sort | uniq -c
    echo "0 passed, 1 failed"; exit 1
fi
echo "$lib: no FMA instruction"
echo "1 passed, 0 failed"
