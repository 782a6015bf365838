#!/bin/sh
# floor.sh - paper/floor.pl on made-up result files whose figures are
# worked out by hand: the floor, the wall times, and the PINN ratio as the
# product of its three factors (doc/performance.md, "The make-paper floor").
set -u
PERL=${PERL:-perl}
FLOOR="${srcdir:-.}/paper/floor.pl"
pass=0 fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/floor.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
ok() { pass=$((pass + 1)); }
no() { echo "FAIL: $*"; fail=$((fail + 1)); }

r=$T/build
mkdir -p "$r/raw" "$r/times"
# the probe: 200 MFLOP per evaluation, dgemm at 100 GFLOP/s in its fastest
# repetition (2 ms for the FLOPs of one evaluation; its median, 50, is
# not used), the evaluation alone 2.5 ms at its fastest (median 4 ms)
printf 'name,value,unit\npinn_mflop,200,\ndgemm_gflops,50,\ndgemm_gflops_max,100,\npinn_eval_ms,4,\npinn_eval_ms_min,2.5,\n' > "$r/raw/bench.csv"
# PINN sweeps: 3000 evaluations in 9 s of run time
H='experiment,problem,draws,method,lr,seed,warmup_loss,entry_loss,polish_loss,polish_iterations,evals,seconds,diverged'
printf '%s\nT4,burgers,reference,A,0.001,0,1,1,1,1,1000,3,0\nT4,burgers,reference,A,0.001,1,1,1,1,1,1000,3,0\n' "$H" > "$r/raw/T4.csv"
printf '%s\nT4,burgers,reference,B,0.001,0,1,1,1,1,500,1.5,0\nT4,burgers,reference,B,0.001,1,1,1,1,1,500,1.5,0\n' "$H" > "$r/raw/T4x.csv"
# the other sweeps: 2 + 1 + 1 + 2 s of run time
H='experiment,problem,param,draws,method,lr,seed,final_loss,diverged,diverged_step,evals,steps,seconds'
for e in T1:1 T2:0.5 T2best:0.5 T3:1; do
    printf '%s\n%s,rosenbrock,,reference,A,0.1,0,1,0,0,1,1,%s\n%s,rosenbrock,,reference,A,0.1,1,1,0,0,1,1,%s\n' \
        "$H" "${e%:*}" "${e#*:}" "${e%:*}" "${e#*:}" > "$r/raw/${e%:*}.csv"
done
# stages: the first starts at 1000; T4 and T4x overlap (1003-1008 and
# 1006-1011: 8 s together, not 10); the last experiment ends at 1011, the
# paper's pdflatex at 1014; F5good, F5bad, F6, golden 0.5 s each
t() { printf '%s,%s,%s,%s\n' "$1" "$2" "$3" "$4" > "$r/times/$1"; }
t T1 2.0 1000.0 1002.0
t T2 1.0 1000.0 1001.0
t T3 2.0 1001.0 1003.0
t T2best 1.0 1010.0 1011.0
t T4 5.0 1003.0 1008.0
t T4x 5.0 1006.0 1011.0
t F5good 0.5 1002.0 1002.5
t F5bad 0.5 1002.5 1003.0
t F6 0.5 1003.0 1003.5
t golden 0.5 1003.5 1004.0
printf 'pdflatex,2,1012,1014\n' > "$r/times/pdflatex"

"$PERL" "$FLOOR" "$r" --tex "$T/floor.tex" > "$T/out" 2> "$T/err" || no "floor.pl exited non-zero: $(cat "$T/err")"
# floor: 3000 * 200e6 / (2 * 100e9) = 3 s for the PINN; other compute
# 6 s of runs + 2 s of stages over two cores = 4 s; 7 s in all.
# PINN: 8 s of wall over 3 s = 2.667 = 1.25 (2.5 / 2 ms) * 1.2 (3 / 2.5 ms
# per evaluation) * 1.778 (2 * 8 / 9 s).
for kv in pinn_evals=3000 pinn_gflop=600.0 pinn_run_seconds=9.0 \
          other_compute_s=8.0 pinn_floor_s=3.0 pinn_wall_s=8.0 \
          pinn_wall_over_floor=2.667 dgemm_gflops_used=100.00 \
          pinn_eval_ms=2.500 pinn_probe_ms_per_eval=2.000 \
          pinn_run_ms_per_eval=3.000 factor_eval_over_probe=1.250 \
          factor_run_over_eval=1.200 factor_idle_cores=1.778 \
          paper_floor_s=7.0 experiments_wall_s=11.0 \
          experiments_wall_over_floor=1.57 paper_wall_s=14.0 \
          paper_wall_over_floor=2.00 experiment_runs_T4=2 \
          experiment_compute_s_T4x=3.0 experiment_compute_s_T1=2.0 \
          experiment_wall_s_T4=5.0; do
    if grep -qx "$kv" "$T/out"; then ok; else no "expected $kv, got: $(grep "^${kv%%=*}=" "$T/out")"; fi
done
if grep -q 'T4x & 2 & 3.0 & 5.0' "$T/floor.tex" && grep -q '2.667 times their floor' "$T/floor.tex" &&
   grep -q '& 1.778 ' "$T/floor.tex"; then ok; else no "floor.tex lacks the figures"; fi

# a bench.csv without the fastest repetitions: the medians are used
cp "$r/raw/bench.csv" "$T/bench_full.csv"
printf 'name,value,unit\npinn_mflop,200,\ndgemm_gflops,100,\npinn_eval_ms,2.5,\n' > "$r/raw/bench.csv"
"$PERL" "$FLOOR" "$r" > "$T/out2" 2> "$T/err" || no "floor.pl without _max/_min: $(cat "$T/err")"
if grep -qx 'pinn_wall_over_floor=2.667' "$T/out2" && grep -qx 'factor_eval_over_probe=1.250' "$T/out2"; then ok
else no "without _max/_min: $(grep -E 'pinn_wall_over_floor|factor_eval' "$T/out2")"; fi
cp "$T/bench_full.csv" "$r/raw/bench.csv"

# no bench.csv, or no stage times: one line on stderr, non-zero, no table
rm -f "$T/floor.tex"
mv "$r/raw/bench.csv" "$T/bench.csv"
if "$PERL" "$FLOOR" "$r" --tex "$T/floor.tex" > /dev/null 2> "$T/err"; then
    no "no bench.csv: exit 0"
elif [ "$(wc -l < "$T/err")" -ne 1 ] || [ -e "$T/floor.tex" ]; then
    no "no bench.csv: $(cat "$T/err")"
else ok; fi
mv "$T/bench.csv" "$r/raw/bench.csv"
rm -rf "$r/times"
if "$PERL" "$FLOOR" "$r" > /dev/null 2> "$T/err"; then no "no stage times: exit 0"
elif [ "$(wc -l < "$T/err")" -ne 1 ]; then no "no stage times: $(cat "$T/err")"
else ok; fi
if "$PERL" "$FLOOR" > /dev/null 2>&1; then no "no argument: exit 0"; else ok; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
