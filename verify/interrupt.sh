#!/bin/sh
# A sweep killed with SIGKILL midway, under make: no truncated CSV is taken
# as complete, and rerunning make gives the same results as a run that was
# never interrupted (every column but seconds).
set -u
fanos=$(pwd)/src/fanos
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }
cat > "$dir/exp.ini" <<'INI'
[experiment]
name = K
problem = rosenbrock
dim = 100
budget = 20000
loop = before-last
lr = 1e-4, 1e-3, 3e-3, 1e-2
fresh_seeds = 0..39

[method FANoS-RMS]
optimizer = fanos

[method AdamW]
optimizer = adamw
INI
printf 'out.csv: exp.ini\n\t"%s" sweep exp.ini -o out.csv --threads 1 --quiet\n' "$fanos" > "$dir/Makefile"

(cd "$dir" && exec make -s >make1.log 2>&1) &
makepid=$!
# wait until the sweep runs, let it get midway, then kill it
i=0
while [ $i -lt 200 ] && ! pgrep -f "sweep exp.ini -o out.csv" >/dev/null; do sleep 0.05; i=$((i + 1)); done
sleep 1
pid=$(pgrep -f "sweep exp.ini -o out.csv" | tail -n 1)
if [ -n "$pid" ]; then kill -KILL "$pid"; ok "sweep killed midway (pid $pid)"; else ko "no sweep to kill"; fi
wait $makepid
rc=$?
[ $rc -ne 0 ] && ok "make reports the killed sweep (exit $rc)" || ko "make exited 0 after the kill"
[ ! -e "$dir/out.csv" ] && ok "no out.csv after the kill" || ko "a truncated out.csv was left"

(cd "$dir" && timeout 300 make -s >make2.log 2>&1) && ok "make reruns the sweep" || ko "rerun failed"
[ -s "$dir/out.csv" ] || ko "no out.csv after the rerun"
timeout 300 "$fanos" sweep "$dir/exp.ini" -o "$dir/ref.csv" --threads 2 --quiet || ko "uninterrupted run failed"
strip() { awk -F, 'BEGIN { OFS = "," } { NF = NF - 1; print }' "$1"; }
if [ "$(head -n 1 "$dir/ref.csv" | awk -F, '{ print $NF }')" = seconds ] &&
   [ "$(strip "$dir/out.csv")" = "$(strip "$dir/ref.csv")" ]; then
    ok "rerun equals an uninterrupted run ($(($(wc -l < "$dir/ref.csv") - 1)) runs, seconds aside)"
else
    ko "rerun differs from an uninterrupted run"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
