#!/bin/sh
# A sweep killed with SIGKILL midway, under make: no truncated CSV is taken
# as complete, and rerunning make (whose rule passes --resume, as make
# paper's do) goes on from the journal and gives the same results as a run
# that was never interrupted (every column but seconds).
set -u
fanos=${FANOS:-$(pwd)/src/fanos}
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
printf 'out.csv: exp.ini\n\t"%s" sweep exp.ini -o out.csv --threads 1 --quiet --resume\n' "$fanos" > "$dir/Makefile"

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
saved=$(($(wc -l < "$dir/out.csv.journal") - 2))
[ "$saved" -gt 0 ] && [ "$saved" -lt 320 ] && ok "the journal holds $saved finished runs" ||
    ko "the journal holds $saved runs, expected some of the 320"
# SIGKILL leaves the temporary file (PATH.tmp.HOST.PID.XXXXXX); the next
# command writing out.csv removes it, and those of other dead processes of
# this host, but not those of live processes or of other hosts
host=$(uname -n)
left=$(cd "$dir" && ls | grep -c "^out\.csv\.tmp\.$host\.$pid\.......\$")
[ "$left" -eq 1 ] && ok "the killed sweep's temporary file is named for host and pid" ||
    ko "expected the killed sweep's temporary file, found: $(ls "$dir")"
: > "$dir/out.csv.tmp.$host.4294967.zzzzzz"     # above any pid_max: dead
: > "$dir/out.csv.tmp.$host.$$.live00"          # this shell: alive
: > "$dir/out.csv.tmp.other-host.4294967.abcdef"
: > "$dir/out.csv.tmp.$host.x.abcdef"           # not a temporary name

(cd "$dir" && timeout 300 make -s >make2.log 2>&1) && ok "make reruns the sweep" || ko "rerun failed"
[ -s "$dir/out.csv" ] || ko "no out.csv after the rerun"
[ ! -e "$dir/out.csv.journal" ] && ok "the journal is gone once out.csv is complete" ||
    ko "the journal is left after the rerun"
remain=$(cd "$dir" && ls | grep '^out\.csv\.tmp\.' | LC_ALL=C sort | tr '\n' ' ')
want=$(printf '%s\n' "out.csv.tmp.$host.$$.live00" "out.csv.tmp.$host.x.abcdef" \
    "out.csv.tmp.other-host.4294967.abcdef" | LC_ALL=C sort | tr '\n' ' ')
[ "$remain" = "$want" ] &&
    ok "the rerun removed the dead processes' temporary files only" ||
    ko "temporary files after the rerun: $remain"
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
