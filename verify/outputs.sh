#!/bin/sh
# outputs.sh - how the fanos command writes its output files: a device, a
# pipe or /dev/stdout is written directly and stays what it is; a symbolic
# link is followed (its target replaced, the link kept); a directory, a
# path ending in '/', a link to a missing file, and a file the command
# reads are refused at once with one line on stderr, exit 1, and nothing
# changed.
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
