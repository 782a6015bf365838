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
SUPP=$(cd "$(dirname "$0")" && pwd)/valgrind.supp
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
        --track-origins=yes --suppressions="$SUPP" \
        --log-file="$log" "$@" > "$W/out" 2>&1
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
# sweep (a tiny experiment: a first-order method on a grid, one with its
# own lr that diverges, a clipped one and L-BFGS; reference and fresh
# draws; a quadratic on two threads), its shards merged, statistics, the
# stability map, and their error paths.
DRAWS=$(cd "$(dirname "$0")/../experiments/draws" && pwd)
cat > "$W/tiny.ini" <<'EOF'
[experiment]
name = tiny
problem = rosenbrock
dim = 100
budget = 40
loop = before-last
lr = 1e-3, 3e-2
reference_seeds = 1
fresh_seeds = 0..1

[method FANoS]
optimizer = fanos
set = grad_clip=1

[method SGD-div]
optimizer = sgd
lr = 10

[method AdamW+clip]
optimizer = adamw
clip = 1

[method L-BFGS]
optimizer = lbfgs
set = m=5
EOF
cat > "$W/quad.ini" <<'EOF'
[experiment]
name = quad
problem = quadratic
dim = 10
cond = 10, 1e3
budget = 20
loop = after-last
fresh_seeds = 0, 1

[method SGD]
optimizer = sgd
lr = 1e-2
EOF
printf '[experiment]\nname = x\nbudget = 5\nbudget = 6\n' > "$W/bad.ini"
vg sweep 0 ./src/fanos sweep "$W/tiny.ini" --draws-dir "$DRAWS" --threads 1 \
    --quiet -o "$W/raw.csv"
vg sweep_threads 0 ./src/fanos sweep "$W/quad.ini" --threads 2 -o "$W/q.csv"
vg sweep_shard1 0 ./src/fanos sweep "$W/tiny.ini" --draws-dir "$DRAWS" \
    --threads 1 --quiet --shard 1/2 -o "$W/s1.csv"
vg sweep_shard2 0 ./src/fanos sweep "$W/tiny.ini" --draws-dir "$DRAWS" \
    --threads 1 --quiet --shard 2/2 -o "$W/s2.csv"
vg sweep_dry_run 0 ./src/fanos sweep "$W/tiny.ini" --draws-dir "$DRAWS" --dry-run
vg merge 0 ./src/fanos merge "$W/s2.csv" "$W/s1.csv" --expect "$W/tiny.ini" \
    -o "$W/m.csv"
vg stats 0 ./src/fanos stats "$W/raw.csv" "$W/q.csv" -o "$W/sum.csv"
vg stability 0 ./src/fanos stability --nw 5 --nz 4 -o "$W/stab.csv"
printf '[thermostat]\nQ = 1, 1e-3\nrho_T = 0.9\nT0_max = 1e-3\nseeds = 0..1\n\n[problem q]\nproblem = quadratic\ndim = 100\ncond = 1e2, 1e4\nbudget = 20\nloop = after-last\n' > "$W/th.ini"
vg thermostat 0 ./src/fanos thermostat "$W/th.ini" --draws-dir "$DRAWS" --quiet \
    -o "$W/th.csv" --settings "$W/ths.csv" --answer "$W/tha.csv"
printf '[thermostat]\nQ = 1, 0\n' > "$W/thbad.ini"
vg thermostat_bad 1 ./src/fanos thermostat "$W/thbad.ini" -o "$W/thb.csv"
# a sweep stopped after its 3rd run and killed, then resumed from its
# journal; a journal of another file refused; -o -; fanos pinn --trace
FANOS_TEST_STOP=run:3 ./src/fanos sweep "$W/tiny.ini" --draws-dir "$DRAWS" \
    --threads 1 --quiet -o "$W/res.csv" 2>/dev/null &
pid=$!
i=0
while [ $i -lt 500 ] && [ "$(awk '{ print $3 }' /proc/$pid/stat 2>/dev/null)" != T ]; do
    sleep 0.02; i=$((i + 1))
done
kill -KILL $pid; kill -CONT $pid 2>/dev/null; wait $pid 2>/dev/null
vg sweep_resume 0 ./src/fanos sweep "$W/tiny.ini" --draws-dir "$DRAWS" \
    --threads 2 --quiet --resume -o "$W/res.csv"
cp "$W/s1.csv" "$W/other.csv"
printf '#fanos-journal,1,other,00000000,1/1\n' > "$W/other.csv.journal"
vg bad_journal 1 ./src/fanos sweep "$W/tiny.ini" --draws-dir "$DRAWS" \
    --quiet --resume -o "$W/other.csv"
vg stats_stdout 0 ./src/fanos stats "$W/raw.csv" -o -
vg pinn_trace 0 ./src/fanos pinn --problem burgers --warmup adamw --draws fresh \
    --widths 2,3,1 --warmup-steps 5 --polish-iterations 3 --trace "$W/pt.csv"
vg bad_sweep 1 ./src/fanos sweep "$W/bad.ini" -o "$W/r.csv"
vg bad_merge 1 ./src/fanos merge "$W/s1.csv" "$W/raw.csv" -o "$W/r.csv"
vg bad_stats 1 ./src/fanos stats "$W/bad.ini" -o "$W/r.csv"
vg bad_shard 1 ./src/fanos sweep "$W/tiny.ini" --shard 3/2 -o "$W/r.csv"
vg usage_shard 2 ./src/fanos sweep "$W/tiny.ini" -o "$W/r.csv" --shard
# the outputs are whole: 18 runs (FANoS and AdamW+clip on 2 lrs, SGD-div
# on 1, L-BFGS once, each for 3 seeds), the
# merge of the shards is the unsharded file but the seconds column, and
# the lr 10 rows diverged
cut -d, -f1-12 "$W/raw.csv" > "$W/raw12" 2>/dev/null
cut -d, -f1-12 "$W/m.csv" > "$W/m12" 2>/dev/null
cut -d, -f1-12 "$W/res.csv" > "$W/res12" 2>/dev/null
if ! cmp -s "$W/raw12" "$W/m12" || [ "$(wc -l < "$W/raw.csv")" -ne 19 ] ||
   ! cmp -s "$W/raw12" "$W/res12" || [ -e "$W/res.csv.journal" ] ||
   [ "$(wc -l < "$W/pt.csv")" -lt 7 ] ||
   [ "$(grep -c ',SGD-div,10,[0-9]*,nan,1,' "$W/raw.csv")" -ne 3 ] ||
   [ "$(wc -l < "$W/q.csv")" -ne 5 ] || [ ! -s "$W/sum.csv" ]; then
    fail=$((fail + 1))
    echo "FAIL  the sweep, merge, resume, stats or trace output under valgrind"
else
    pass=$((pass + 1))
fi
# the names a user types (did you mean, the paper's method names, --lr,
# the x0 token, a file that is no raw CSV, --digits) and --objective on a
# shared object built here, its callback failing too
vg name_optimizer 1 ./src/fanos run --optimizer adam
vg name_option 2 ./src/fanos run --budgt 4
vg name_method 0 ./src/fanos run --optimizer SGD+Mom --lr 1e-4 --dim 4 --budget 20
vg name_set 1 ./src/fanos run --set lr 0.01
printf 'x,y\n' > "$W/hdr.txt"
vg name_x0 1 ./src/fanos run --dim 2 --x0 "$W/hdr.txt"
vg name_stats_ini 1 ./src/fanos stats "$W/tiny.ini" -o "$W/r.csv"
vg stats_digits 0 ./src/fanos stats "$W/raw.csv" --digits 3 -o "$W/d.csv"
vg name_ini_key 1 ./src/fanos sweep "$W/bad.ini" --dry-run
cat > "$W/obj.c" <<'EOF'
#include <stddef.h>
int sq(void *ctx, size_t n, const double *x, double *f, double *g)
{
    double s = 0;
    (void)ctx;
    for (size_t i = 0; i < n; i++) {
        s += x[i] * x[i];
        if (g)
            g[i] = 2 * x[i];
    }
    *f = s;
    return 0;
}
int sq_x0(size_t n, unsigned long seed, double *x0)
{
    for (size_t i = 0; i < n; i++)
        x0[i] = 1.0 + (double)seed;
    return 0;
}
int fails(void *ctx, size_t n, const double *x, double *f, double *g)
{
    (void)ctx, (void)n, (void)x, (void)g;
    *f = 1;
    return -1;
}
EOF
if ${CC:-cc} -shared -fPIC -o "$W/libobj.so" "$W/obj.c"; then
    vg objective 0 ./src/fanos run --objective "$W/libobj.so:sq" --dim 5 --seed 1 \
        --budget 30 --trace "$W/obj.csv"
    vg objective_fails 1 ./src/fanos run --objective "$W/libobj.so:fails" --dim 5
    vg objective_nosymbol 1 ./src/fanos run --objective "$W/libobj.so:none" --dim 5
else
    fail=$((fail + 1))
    echo "FAIL  cannot build the shared object of --objective"
fi
for t in verify/check_api verify/check_golden verify/check_data verify/check_names \
         verify/check_alloc; do
    [ -x "$t" ] && vg "$(basename "$t")" 0 "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
