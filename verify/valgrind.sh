#!/bin/sh
# valgrind.sh - valgrind memcheck on the main paths of the fanos command
# and on the library suites (`make check-valgrind`; not part of make check,
# it takes a minute).  Any memory error or leak (definite, indirect or
# possible) fails.  Logs in valgrind-logs/.
#
# usage: verify/valgrind.sh   (from the build directory, after make check)
set -u
VALGRIND=${VALGRIND:-valgrind}
LIBTOOL=${LIBTOOL:-./libtool}
command -v "$VALGRIND" >/dev/null 2>&1 || {
    echo "valgrind.sh: valgrind not found: install the Debian package valgrind"
    exit 2
}
W=$(mktemp -d "${TMPDIR:-/tmp}/fanos-vg.XXXXXX") || exit 2
trap 'rm -rf "$W"' EXIT HUP INT TERM
mkdir -p valgrind-logs
printf '1 2 3 4 5\n-1 -2 -3 -4 -5\n' > "$W/x0.txt"
VG_ERR=99
pass=0 fail=0

# vg NAME EXPECTED-STATUS PROGRAM ARGS...: run under memcheck.
vg()
{
    name=$1 want=$2
    shift 2
    log=valgrind-logs/$name.log
    CK_FORK=no $LIBTOOL --mode=execute "$VALGRIND" --tool=memcheck \
        --error-exitcode=$VG_ERR --leak-check=full \
        --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible \
        --track-origins=yes --log-file="$log" "$@" > "$W/out" 2>&1
    rc=$?
    errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -1)
    if [ "$rc" -eq "$want" ] && [ "${errs:-x}" = 0 ]; then
        pass=$((pass + 1))
        echo "ok    $name (exit $rc, 0 errors)"
    else
        fail=$((fail + 1))
        echo "FAIL  $name (exit $rc, expected $want; ${errs:-?} errors; see $log)"
    fi
}

vg run_default 0 ./src/fanos run --dim 10 --budget 300
vg run_trace 0 ./src/fanos run --dim 10 --budget 50 --x0 "$W/x0.txt" \
    --trace "$W/trace.csv" --set grad_clip=0 --set identity_mass=true
vg run_after_last 0 ./src/fanos run --dim 4 --budget 20 --final after-last \
    --clip 1 --seed 7 --set explicit_euler=1 --set fixed_friction=1 \
    --set zeta_const=0.5 --set weight_decay=0.1 --set decoupled_weight_decay=0
vg run_diverged 0 ./src/fanos run --dim 3 --budget 100 --set lr=1e3 \
    --set grad_clip=0 --trace "$W/div.csv"
vg params 0 ./src/fanos params
vg params_markdown 0 ./src/fanos params fanos --markdown
vg help 0 ./src/fanos --help
vg version 0 ./src/fanos --version
vg bad_set 1 ./src/fanos run --set lr=nan
vg bad_x0 1 ./src/fanos run --dim 4 --x0 "$W/x0.txt" --trace "$W/t.csv"
vg bad_trace 1 ./src/fanos run --budget 5 --trace "$W/no/such/dir/t.csv"
vg bad_conflict 1 ./src/fanos run --set T0_min=1
vg bad_command 2 ./src/fanos frobnicate
for t in verify/check_api verify/check_golden; do
    [ -x "$t" ] && vg "$(basename "$t")" 0 "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
