#!/bin/sh
# outputs.sh - how the fanos command writes its output files: -o - is the
# standard output; a device, a pipe or a descriptor (/dev/stdout,
# /dev/fd/N) is written directly, where it stands, never truncated, and
# stays what it is; fanos stats without -o prints the CSV, or an aligned
# table on a terminal; a symbolic link is followed (its target replaced,
# the link kept); a directory, a path ending in '/', a link to a missing
# file, a file the command reads, and a file the user cannot write
# (without --force) are refused at once with one line on stderr, exit 1,
# and nothing changed.
set -u
FANOS=${FANOS:-$(pwd)/src/fanos}
pass=0 fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/outputs.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
ok() { pass=$((pass + 1)); }
no() { echo "FAIL: $*"; fail=$((fail + 1)); }

# refused CMD...: exit 1, one stderr line, nothing on stdout
refused() {
    "$FANOS" "$@" >out.txt 2>err.txt
    rc=$?
    if [ $rc -ne 1 ] || [ -s out.txt ] || [ "$(wc -l < err.txt)" -ne 1 ]; then
        no "fanos $* gave exit $rc: $(cat out.txt err.txt)"
    else ok; fi
}
snapshot() { for f in "$@"; do stat -c '%n %s %y %F' "$f"; [ -f "$f" ] && cksum < "$f"; done 2>&1; }

cat > e.ini <<'INI'
[experiment]
name = O
problem = rosenbrock
dim = 4
budget = 5
loop = before-last
lr = 1e-3
fresh_seeds = 0..1

[method SGD]
optimizer = sgd
INI
"$FANOS" sweep e.ini -o raw.csv --threads 1 --quiet || no "the small sweep failed"
printf '1 2 3\n' > x.txt

# devices and pipes: written directly, still devices afterwards
dev_before=$(ls -l /dev/null | cut -c1)
"$FANOS" run --dim 3 --budget 3 --trace /dev/null >/dev/null 2>err.txt || no "--trace /dev/null: $(cat err.txt)"
"$FANOS" stats raw.csv -o /dev/null 2>err.txt || no "stats -o /dev/null: $(cat err.txt)"
"$FANOS" sweep e.ini -o /dev/null --threads 1 --quiet 2>err.txt || no "sweep -o /dev/null: $(cat err.txt)"
"$FANOS" stability --nw 3 --nz 3 -o /dev/null 2>err.txt || no "stability -o /dev/null: $(cat err.txt)"
[ "$(ls -l /dev/null | cut -c1)" = c ] && [ "$dev_before" = c ] && ok || no "/dev/null is no longer a character device"
n=$("$FANOS" run --dim 3 --budget 3 --trace /dev/stdout | grep -c '^[0-9]*,')
[ "$n" -eq 3 ] && ok || no "--trace /dev/stdout printed $n trace rows, expected 3"
[ -L /dev/stdout ] || [ -c /dev/stdout ] && ok || no "/dev/stdout was replaced"
if [ -s raw.csv ] && command -v mkfifo >/dev/null 2>&1 && mkfifo pipe; then
    timeout 30 cat pipe > from_pipe.csv &
    reader=$!
    "$FANOS" stats raw.csv -o pipe 2>err.txt || no "stats -o FIFO: $(cat err.txt)"
    wait $reader
    "$FANOS" stats raw.csv -o direct.csv
    cmp -s from_pipe.csv direct.csv && [ -p pipe ] && ok || no "a FIFO output differs from a file, or is no FIFO now"
fi

# -o - is the standard output, for every command with -o, and gives what
# the file would hold (sweep: all but seconds)
"$FANOS" merge raw.csv -o merged.csv
"$FANOS" stability --nw 3 --nz 3 -o stab.csv
"$FANOS" stats raw.csv -o - > dash.csv 2>err.txt && cmp -s dash.csv direct.csv && [ ! -e ./- ] && ok ||
    no "stats -o -: $(cat err.txt)"
"$FANOS" merge raw.csv -o - > dash.csv && cmp -s dash.csv merged.csv && ok || no "merge -o -"
"$FANOS" stability --nw 3 --nz 3 -o - > dash.csv && cmp -s dash.csv stab.csv && ok || no "stability -o -"
"$FANOS" sweep e.ini -o - --threads 1 --quiet > dash.csv && [ ! -e ./-.journal ] &&
    [ "$(cut -d, -f1-12 dash.csv)" = "$(cut -d, -f1-12 raw.csv)" ] && ok || no "sweep -o -"
"$FANOS" run --dim 3 --budget 3 --trace - > dash.csv && [ "$(grep -c '^[0-9]*,' dash.csv)" -eq 3 ] &&
    grep -q '^final_loss=' dash.csv && ok || no "run --trace -"
[ ! -e ./- ] && ok || no "a file named - was made"
# stats without -o: the CSV when the standard output is a file or a pipe,
# an aligned table on a terminal
"$FANOS" stats raw.csv | cmp -s - direct.csv && ok || no "stats | (no -o) is not the CSV"
if command -v script >/dev/null 2>&1; then
    script -qc "'$FANOS' stats raw.csv" /dev/null < /dev/null | tr -d '\r' > table.txt
    awk 'NR == 1 { ok = $1 == "experiment" && $2 == "problem" && index($0, "  mean") > 0; w = length($0) }
         { ok = ok && length($0) == w && index($0, ",") == 0 }
         END { exit !(ok && NR == 2) }' table.txt && ok || { no "stats on a terminal: no aligned table"; cat table.txt; }
fi

# a descriptor the shell opened is written where it stands, never
# truncated: what came before and after stays
{ echo before; "$FANOS" stats raw.csv -o /dev/stdout; echo after; } > log.txt
{ echo before; cat direct.csv; echo after; } > want.txt
cmp -s log.txt want.txt && ok || no "-o /dev/stdout truncated the log: $(head -3 log.txt)"
{ echo before; "$FANOS" sweep e.ini -o /dev/stdout --threads 1 --quiet; echo after; } > log.txt
[ "$(head -n 1 log.txt)" = before ] && [ "$(tail -n 1 log.txt)" = after ] && [ "$(wc -l < log.txt)" -eq 5 ] && ok ||
    no "sweep -o /dev/stdout: $(cat log.txt)"
echo before > log.txt
"$FANOS" stats raw.csv -o /dev/fd/3 3>> log.txt
"$FANOS" merge raw.csv -o /proc/self/fd/3 3>> log.txt
{ echo before; cat direct.csv merged.csv; } > want.txt
cmp -s log.txt want.txt && ok || no "-o /dev/fd/3, /proc/self/fd/3 (>>): $(head -3 log.txt)"
{ echo before >&2; "$FANOS" stats raw.csv -o /dev/stderr; } 2> log.txt
{ echo before; cat direct.csv; } > want.txt
cmp -s log.txt want.txt && ok || no "-o /dev/stderr: $(head -3 log.txt)"

# an existing file the user cannot write is refused unless --force
for cmd in "stats raw.csv -o ro.csv" "merge raw.csv -o ro.csv" "stability --nw 3 --nz 3 -o ro.csv" \
           "sweep e.ini -o ro.csv --threads 1 --quiet" "run --dim 3 --budget 3 --trace ro.csv"; do
    rm -f ro.csv; echo keep > ro.csv; chmod 444 ro.csv
    "$FANOS" $cmd > out.txt 2> err.txt
    rc=$?
    if [ $rc -eq 1 ] && [ "$(wc -l < err.txt)" -eq 1 ] && grep -q "ro.csv: exists and is read-only (mode 0444); accepted: .* --force" err.txt &&
       [ "$(cat ro.csv)" = keep ] && [ ! -s out.txt ]; then ok; else no "fanos $cmd on a read-only file: exit $rc, $(cat err.txt)"; fi
    "$FANOS" $cmd --force > out.txt 2> err.txt
    [ $? -eq 0 ] && [ "$(cat ro.csv)" != keep ] && ok || no "fanos $cmd --force: $(cat err.txt)"
done
rm -f ro.csv; echo keep > ro.csv; chmod 444 ro.csv
"$FANOS" pinn --problem burgers --warmup adamw --draws fresh --widths 2,3,1 --warmup-steps 2 \
    --polish-iterations 0 --quiet --trace ro.csv > out.txt 2> err.txt
[ $? -eq 1 ] && grep -q 'read-only' err.txt && [ "$(cat ro.csv)" = keep ] && ok || no "pinn --trace read-only: $(cat err.txt)"
"$FANOS" pinn --problem burgers --warmup adamw --draws fresh --widths 2,3,1 --warmup-steps 2 \
    --polish-iterations 0 --quiet --trace ro.csv --force > out.txt && head -n 1 ro.csv | grep -qx 'stage,step,evals,loss' &&
    ok || no "pinn --trace --force"
chmod 644 ro.csv

# a symbolic link: the target is replaced, the link stays
"$FANOS" stats raw.csv -o target.csv
: > target.csv
ln -s target.csv link.csv
"$FANOS" stats raw.csv -o link.csv 2>err.txt || no "stats -o link: $(cat err.txt)"
[ -L link.csv ] && cmp -s target.csv direct.csv && ok || no "the link was replaced, or its target not written"

# refused at once, nothing written or changed
mkdir adir
before=$(snapshot raw.csv e.ini x.txt adir)
refused run --dim 3 --budget 3 --trace adir
refused run --dim 3 --budget 3 --trace "$T/adir"
refused run --dim 3 --budget 3 --trace newdir/
ln -s missing.csv dangling.csv
refused run --dim 3 --budget 3 --trace dangling.csv
refused run --dim 3 --x0 x.txt --trace x.txt
refused run --dim 3 --x0 x.txt --trace ./x.txt
ln -s x.txt x_link.txt
refused run --dim 3 --x0 x_link.txt --trace x.txt
refused stats raw.csv -o raw.csv
refused sweep e.ini -o e.ini --threads 1 --quiet
refused merge raw.csv -o raw.csv
refused merge raw.csv --expect e.ini -o e.ini
# a directory output is refused before the sweep runs anything
refused sweep e.ini -o adir --threads 1
[ "$(snapshot raw.csv e.ini x.txt adir)" = "$before" ] && ok || no "a refused command changed a file"
[ -z "$(ls adir)" ] && ok || no "something was written into adir"
ls | grep -q '\.tmp\.' && no "temporary files left: $(ls | grep '\.tmp\.')" || ok

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
