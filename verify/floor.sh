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
# paper's pdflatex at 1014; F5good, F5bad, F6, golden 0.5 s each.  CPU
# seconds (the fifth field): 2 + 1 + 2 + 1 + 7 + 3 + 4 * 0.5 = 18, the
# PINN's 10 of them (not its runs' 9 s), the others' 8 (the sum of their
# runs' seconds and the
# F stages' wall, so that either basis gives the same floor); pdflatex has
# none (it is not a stage of timed.sh)
t() { printf '%s,%s,%s,%s,%s\n' "$1" "$2" "$3" "$4" "$5" > "$r/times/$1"; }
t T1 2.0 1000.0 1002.0 2.0
t T2 1.0 1000.0 1001.0 1.0
t T3 2.0 1001.0 1003.0 2.0
t T2best 1.0 1010.0 1011.0 1.0
t T4 5.0 1003.0 1008.0 7.0
t T4x 5.0 1006.0 1011.0 3.0
t F5good 0.5 1002.0 1002.5 0.5
t F5bad 0.5 1002.5 1003.0 0.5
t F6 0.5 1003.0 1003.5 0.5
t golden 0.5 1003.5 1004.0 0.5
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
          experiment_wall_s_T4=5.0 experiment_cpu_s_T4x=3.0 \
          experiments_cpu_s=18.0 experiments_cpu_over_floor=1.29 other_compute_basis=cpu \
          pinn_cpu_s=10.0 pinn_cpu_over_floor=1.667 pinn_cpu_ms_per_eval=3.333 \
          factor_cpu_run_over_eval=1.333 data_cpu_s=none data_cpu_over_floor=none; do
    if grep -qx "$kv" "$T/out"; then ok; else no "expected $kv, got: $(grep "^${kv%%=*}=" "$T/out")"; fi
done
if grep -q 'T4x & 2 & 3.0 & 5.0 & 3.0 ' "$T/floor.tex" && grep -q '2.667 times their floor' "$T/floor.tex" &&
   grep -q '& 1.778 ' "$T/floor.tex" && grep -q 'used 18.0 s of CPU, 1.29 times' "$T/floor.tex"; then ok; else no "floor.tex lacks the figures"; fi

# the other compute is the stages' CPU, not the runs' seconds, and every
# stage but the PINN's, T5-T7's and pdflatex counts (an lr profile's too):
# T1's CPU 4 s instead of 2 and a T3profile-100 stage of 1 s give 11 s of
# other compute and a floor of 3 + 5.5 = 8.5 s
r3=$T/build3
cp -r "$r" "$r3"
printf 'T1,2.0,1000.0,1002.0,4.0\n' > "$r3/times/T1"
printf 'T3profile-100,1.5,1011.0,1012.5,1.0\n' > "$r3/times/T3profile-100"
"$PERL" "$FLOOR" "$r3" > "$T/out5" 2> "$T/err" || no "floor.pl, T1 of 4 s CPU: $(cat "$T/err")"
if grep -qx 'other_compute_s=11.0' "$T/out5" && grep -qx 'paper_floor_s=8.5' "$T/out5" &&
   grep -qx 'experiment_compute_s_T1=2.0' "$T/out5"; then ok
else no "T1 of 4 s CPU: $(grep -E '^(other_compute_s|paper_floor_s)=' "$T/out5")"; fi
# a PINN stage without its record: the PINN's CPU is unknown (none), not
# T4x's alone against the whole floor
rm "$r3/times/T4"
"$PERL" "$FLOOR" "$r3" > "$T/out6" 2> "$T/err" || no "floor.pl without T4's record: $(cat "$T/err")"
if grep -qx 'pinn_cpu_s=none' "$T/out6" && grep -qx 'pinn_cpu_over_floor=none' "$T/out6"; then ok
else no "without T4's record: $(grep -E '^pinn_cpu' "$T/out6")"; fi

# the tanh probe and the work of a data experiment (T6): the PINN
# evaluation's 200000 tanh values at 2 ns (fastest; median 3) add 0.4 ms
# to the probe's 2 ms; T6's two runs: 9 steps of an epoch of 4 steps over
# 100 examples in batches of 30 (2 epochs, 200 examples, then one batch,
# 30) with 3 held-out records, and 4 steps (100 examples) with none (the
# last iterate's, 1); 1e9 FLOPs and 1e6 tanh values an example, 2e10
# FLOPs and 50 examples a held-out evaluation, 1e8 parameters; the fastest
# step probe 1 ns a parameter (sgd; adamw's 3 not used)
r2=$T/build2
cp -r "$r" "$r2"
printf 'tanh_ns,3,ns\ntanh_ns_min,2,ns\npinn_tanh_per_eval,200000,\nstep_sgd_d1e5_ns,1,ns/param\nstep_adamw_d1e5_ns,3,ns/param\n' >> "$r2/raw/bench.csv"
for kv in examples:100 batch:30 steps_per_epoch:4 grad_flop_per_example:1e9 \
          grad_tanh_per_example:1e6 heldout:50 eval_mflop:20000 params:100000000; do
    printf 'work_T6_%s,%s,\n' "${kv%:*}" "${kv#*:}" >> "$r2/raw/bench.csv"
done
H='experiment,problem,param,draws,method,lr,seed,final_loss,diverged,diverged_step,evals,steps,seconds,phase,trial,settings,heldout_loss,heldout_accuracy,heldout_bits,target_step,curve'
printf '%s\nT6,mlp,,fresh,A,0.1,0,1,0,0,9,9,0.5,evaluation,3,lr=0.1,1,0.5,1.4,,0:2:0.1 5:1:0.5 9:0.5:0.8\nT6,mlp,,fresh,A,0.1,1,1,0,0,4,4,0.3,evaluation,3,lr=0.1,1,0.5,1.4,,\n' "$H" > "$r2/raw/T6.csv"
printf 'T6,1.0,1004.0,1005.0,1.6\n' > "$r2/times/T6"
"$PERL" "$FLOOR" "$r2" --tex "$T/floor2.tex" > "$T/out3" 2> "$T/err" || no "floor.pl with T6: $(cat "$T/err")"
# PINN: 3000 * 2.4 ms / 2 = 3.6 s; 2.5 / 2.4 = 1.042; 8 / 3.6 = 2.222.
# T6: (330 + 4 * 20) GFLOP = 410 GFLOP at 100 GFLOP/s = 4.1 s; (230 + 3 *
# 50 + 100 + 50) * 1e6 = 5.3e8 tanh values at 2 ns = 1.06 s; 13 * 1e8
# updates at 1 ns = 1.3 s; over two cores 3.23 s; runs 0.8 s = 0.12 of
# 6.46.  Floor 3.6 + 3.23 + 4 = 10.83 s: 11 / 10.83 = 1.02, 14 / 10.83 =
# 1.29.  CPU: T6 1.6 s over 6.46 = 0.25; all 19.6 s over 21.66 = 0.90.
for kv in pinn_floor_s=3.6 pinn_probe_ms_per_eval=2.400 pinn_tanh_ms_per_eval=0.400 \
          tanh_ns_used=2.0000 factor_eval_over_probe=1.042 pinn_wall_over_floor=2.222 \
          step_ns_used=1.0000 step_probe_used=step_sgd_d1e5_ns data_gflop=410.0 \
          data_tanh_values=530000000 data_step_params=1300000000 data_floor_s=3.2 \
          data_run_seconds=0.8 data_compute_over_floor=0.12 data_wall_s=1.0 \
          other_compute_s=8.0 paper_floor_s=10.8 experiments_wall_over_floor=1.02 \
          paper_wall_over_floor=1.29 experiment_runs_T6=2 data_cpu_s=1.6 \
          data_cpu_over_floor=0.25 experiments_cpu_s=19.6 experiments_cpu_over_floor=0.90; do
    if grep -qx "$kv" "$T/out3"; then ok; else no "with T6: expected $kv, got: $(grep "^${kv%%=*}=" "$T/out3")"; fi
done
if grep -q 'T6 & 2 & 0.8 & 1.0' "$T/floor2.tex" && grep -q '1.02 times the floor' "$T/floor2.tex"; then ok
else no "floor2.tex lacks the T6 figures"; fi
# no rates of bench data: no reading at the shapes' rates
for kv in data_products_probe_s=4.1 data_products_own_s=none data_factor_shapes=none \
          data_floor_own_s=none paper_floor_own_s=none experiments_wall_over_floor_own=none; do
    if grep -qx "$kv" "$T/out3"; then ok; else no "with T6, no bench data: expected $kv, got: $(grep "^${kv%%=*}=" "$T/out3")"; fi
done
if grep -q 'own shapes' "$T/floor2.tex"; then no "floor2.tex reads the shapes' rates it lacks"; else ok; fi
# T6's products at the rates of its own shapes (bench data): a step's at
# 50 GFLOP/s, a held-out pass's at 40: (230 + 100) examples * 1e9 FLOPs
# = 330 GFLOP in 6.6 s, (3 + 1) * 20 GFLOP = 80 GFLOP in 2 s: 8.6 s
# against 4.1 s at the probe's rate, 2.10 times.  T6's floor 3.23 +
# (8.6 - 4.1) / 2 = 5.48 s; its CPU 1.6 s over 10.96 = 0.15; the floor
# 10.83 - 3.23 + 5.48 = 13.08 s, 11 / 13.08 = 0.84.  Only the step's
# rate: none.
cp -r "$r2" "$T/build2s"
printf 'data_T6_step_products_gflops_max,50,\n' >> "$T/build2s/raw/bench.csv"
"$PERL" "$FLOOR" "$T/build2s" > "$T/out3s" 2> "$T/err" || no "floor.pl, T6 step rate only: $(cat "$T/err")"
if grep -qx 'data_products_own_s=none' "$T/out3s"; then ok; else no "T6 step rate only: $(grep '^data_products_own_s=' "$T/out3s")"; fi
printf 'data_T6_eval_products_gflops_max,40,\n' >> "$T/build2s/raw/bench.csv"
"$PERL" "$FLOOR" "$T/build2s" --tex "$T/floor2s.tex" > "$T/out3s" 2> "$T/err" || no "floor.pl, T6 rates: $(cat "$T/err")"
for kv in data_products_probe_s=4.1 data_products_own_s=8.6 data_factor_shapes=2.10 \
          data_floor_own_s=5.5 data_cpu_over_floor_own=0.15 paper_floor_own_s=13.1 \
          experiments_wall_over_floor_own=0.84 paper_floor_s=10.8 data_cpu_over_floor=0.25; do
    if grep -qx "$kv" "$T/out3s"; then ok; else no "T6 rates: expected $kv, got: $(grep "^${kv%%=*}=" "$T/out3s")"; fi
done
if grep -q 'they take 8.6 s, 2.10 times their 4.1 s' "$T/floor2s.tex" &&
   grep -q 'experiments took 0.84 times it' "$T/floor2s.tex"; then ok
else no "floor2s.tex lacks the shapes' reading"; fi
# rates above the probe's (300 and 400 GFLOP/s): 1.1 + 0.2 = 1.3 s,
# 0.32 times, "faster"; a rate of 0, inf or nan counts as missing
for rates in '300 400' '0 40' 'inf 40' '50 nan'; do
    cp -r "$r2" "$T/build2r"
    # shellcheck disable=SC2086
    set -- $rates
    printf 'data_T6_step_products_gflops_max,%s,\ndata_T6_eval_products_gflops_max,%s,\n' "$1" "$2" >> "$T/build2r/raw/bench.csv"
    "$PERL" "$FLOOR" "$T/build2r" --tex "$T/floor2r.tex" > "$T/out3r" 2> "$T/err" || no "floor.pl, rates $rates: $(cat "$T/err")"
    if [ "$1" = 300 ]; then
        if grep -qx 'data_products_own_s=1.3' "$T/out3r" && grep -qx 'data_factor_shapes=0.32' "$T/out3r" &&
           grep -q 'run faster than the probe' "$T/floor2r.tex"; then ok
        else no "rates 300 and 400: $(grep -E '^data_(products_own_s|factor_shapes)=' "$T/out3r")"; fi
    elif grep -qx 'data_products_own_s=none' "$T/out3r" && ! grep -q 'own shapes' "$T/floor2r.tex"; then ok
    else no "rates $rates: $(grep '^data_products_own_s=' "$T/out3r")"; fi
    rm -rf "$T/build2r"
done
# T6's rows without its work in bench.csv: its stage's CPU (1.6 s) counts
# as other compute
grep -v '^work_T6_' "$r2/raw/bench.csv" > "$T/b" && mv "$T/b" "$r2/raw/bench.csv"
"$PERL" "$FLOOR" "$r2" > "$T/out4" 2> "$T/err" || no "floor.pl, T6 without work: $(cat "$T/err")"
if grep -qx 'other_compute_s=9.6' "$T/out4" && grep -qx 'data_floor_s=0.0' "$T/out4" &&
   grep -qx 'data_cpu_s=none' "$T/out4"; then ok
else no "T6 without work: $(grep -E 'other_compute_s|data_floor_s' "$T/out4")"; fi

# a bench.csv without the fastest repetitions: the medians are used
cp "$r/raw/bench.csv" "$T/bench_full.csv"
printf 'name,value,unit\npinn_mflop,200,\ndgemm_gflops,100,\npinn_eval_ms,2.5,\n' > "$r/raw/bench.csv"
# and T1's stage time as an older timed.sh wrote it, with no CPU field:
# the experiments' CPU is unknown, the PINN's still known, and the other
# compute is the runs' seconds and the F stages' wall (8 s, as above)
printf 'T1,2.0,1000.0,1002.0\n' > "$r/times/T1"
"$PERL" "$FLOOR" "$r" > "$T/out2" 2> "$T/err" || no "floor.pl without _max/_min: $(cat "$T/err")"
if grep -qx 'pinn_wall_over_floor=2.667' "$T/out2" && grep -qx 'factor_eval_over_probe=1.250' "$T/out2" &&
   grep -qx 'experiments_cpu_s=none' "$T/out2" && grep -qx 'pinn_cpu_s=10.0' "$T/out2" &&
   grep -qx 'other_compute_basis=runs' "$T/out2" && grep -qx 'other_compute_s=8.0' "$T/out2"; then ok
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
# a stage record with a field that is no number: one line naming the file
mkdir -p "$r/times"
printf 'T1,2.0,1000.0,1002.0,2.0\n' > "$r/times/T1"
printf 'T3,2.0,1001.0,1003.0,0:02\n' > "$r/times/T3"
if "$PERL" "$FLOOR" "$r" > /dev/null 2> "$T/err"; then no "a CPU field '0:02': exit 0"
elif [ "$(wc -l < "$T/err")" -ne 1 ] || ! grep -q "times/T3: cpu '0:02' is not a number" "$T/err"; then
    no "a CPU field '0:02': $(cat "$T/err")"
else ok; fi

# timed.sh itself: a command of about 0.3 s of CPU gives NAME,wall,start,
# end,cpu with its CPU at least 0.1 s and not above its wall time plus the
# rounding; a failing command gives its exit status and no file
TIMED="${srcdir:-.}/paper/timed.sh"
${SHELL:-/bin/sh} "$TIMED" "$T/tt" busy "$PERL" -e 'my $x = 0; my $t = times; $x += sin($x + 1) while times - $t < 0.3' \
    || no "timed.sh on a busy loop exited non-zero"
if awk -F, 'NF == 5 && $1 == "busy" && $5 >= 0.1 && $5 <= $2 + 0.15 && $4 >= $3 { ok = 1 } END { exit !ok }' "$T/tt/busy" 2>/dev/null &&
   [ "$(ls -A "$T/tt")" = busy ]; then ok
else no "timed.sh wrote: $(cat "$T/tt/busy" 2>&1), folder: $(ls -A "$T/tt" 2>&1)"; fi
${SHELL:-/bin/sh} "$TIMED" "$T/tt" fails sh -c 'exit 3'; st=$?
if [ "$st" -eq 3 ] && [ ! -e "$T/tt/fails" ]; then ok; else no "timed.sh of a failing command: status $st, $(ls "$T/tt")"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
