#!/bin/sh
# cli_quadratic.sh - `fanos run` with the quadratic, the draws and lbfgs:
# results printed, and every bad value refused with one line on stderr,
# exit status 1 and nothing on stdout (2 for a usage error: an unknown
# option, an option without its value, an unexpected argument).
# [D1] [D2] [D3] [Q5] [LB1] [LB6]
set -u
FANOS=${FANOS:-./src/fanos}
DRAWS="${srcdir:-.}/experiments/draws"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fanos-cli-XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0

ok() { # ok PATTERN ARGS...: exit 0, one stdout line matching PATTERN
    pat=$1; shift
    if ! "$FANOS" run "$@" >"$tmp/out" 2>"$tmp/err"; then
        echo "FAIL (exit $?): fanos run $*"; cat "$tmp/err"; fail=1; return
    fi
    if [ "$(wc -l <"$tmp/out")" -ne 1 ] || ! grep -Eq -- "$pat" "$tmp/out" ||
       [ -s "$tmp/err" ]; then
        echo "FAIL: fanos run $*: output"; cat "$tmp/out" "$tmp/err"; fail=1
    fi
}

bad() { # bad PATTERN ARGS...: exit 1, one stderr line matching PATTERN
    refused 1 "$@"
}

usage() { # usage PATTERN ARGS...: exit 2, one stderr line matching PATTERN
    refused 2 "$@"
}

refused() { # refused STATUS PATTERN ARGS...
    want=$1 pat=$2; shift 2
    "$FANOS" run "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne "$want" ] || [ -s "$tmp/out" ] ||
       [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -Eq -- "$pat" "$tmp/err"; then
        echo "FAIL (exit $rc): fanos run $* should be refused with /$pat/"
        cat "$tmp/out" "$tmp/err"; fail=1
    fi
}

value() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" "$tmp/out"; }

# fresh draws: reproducible, and the seed matters
ok '^final_loss=[0-9.e+-]+ diverged=0 ' --problem quadratic --dim 20 --cond 1e3 --seed 4 --budget 50
a=$(value final_loss)
ok 'evals=50 ' --problem quadratic --dim 20 --cond 1e3 --seed 4 --budget 50
[ "$a" = "$(value final_loss)" ] || { echo "FAIL: fresh draws not reproducible"; fail=1; }
ok 'evals=50 ' --problem quadratic --dim 20 --cond 1e3 --seed 5 --budget 50
[ "$a" != "$(value final_loss)" ] || { echo "FAIL: seeds 4 and 5 gave one result"; fail=1; }

# reference draws: the T3 loop and L-BFGS
ok 'evals=3000 steps=3000 ' --problem quadratic --cond 1e2 --draws reference --draws-dir "$DRAWS" --seed 1 --optimizer fanos --final after-last
ok 'iterations=[0-9]+ lbfgs_status=-?[0-9]+ lbfgs_status_name=LBFGS[A-Z_]+ stop=(budget|lbfgs|breakdown)$' --problem quadratic --cond 1e6 --draws reference --draws-dir "$DRAWS" --seed 2 --optimizer lbfgs --budget 500
ok 'stop=max_iterations$' --problem rosenbrock --draws reference --draws-dir "$DRAWS" --seed 9 --optimizer lbfgs --set m=7 --set linesearch=strong-wolfe --set max_iterations=4
[ "$(value iterations)" = 4 ] || { echo "FAIL: max_iterations=4 ran $(value iterations)"; fail=1; }
ok 'stop=budget$' --draws reference --draws-dir "$DRAWS" --seed 3 --optimizer lbfgs --budget 20
[ "$(value evals)" = 20 ] || { echo "FAIL: budget 20 made $(value evals) evaluations"; fail=1; }
# the reference x0 of seed 0 is not the fresh one
ok 'evals=10 ' --draws reference --draws-dir "$DRAWS" --seed 0 --budget 10
a=$(value final_loss)
ok 'evals=10 ' --seed 0 --budget 10
[ "$a" != "$(value final_loss)" ] || { echo "FAIL: reference and fresh x0 agree"; fail=1; }

# bad values
bad 'unknown problem; did you mean quadratic' --problem quad
bad '^fanos: --cond 5: only --problem quadratic' --cond 5
bad '^fanos: --cond 0.5: must be a number in \[1, inf\)' --problem quadratic --cond 0.5
bad '^fanos: --cond nan: ' --problem quadratic --cond nan
bad '^fanos: --draws ref: must be fresh or reference' --draws ref
bad 'reference draws of quadratic are for D = 100' --problem quadratic --draws reference --dim 99 --draws-dir "$DRAWS"
bad '^fanos: --seed 10: rosenbrock100_x0.csv has no reference draws' --draws reference --seed 10 --draws-dir "$DRAWS"
bad '^fanos: --seed 3: quadratic_seed3.csv has no reference draws' --problem quadratic --draws reference --seed 3 --draws-dir "$DRAWS"
bad 'cannot read rosenbrock100_x0.csv' --draws reference --draws-dir "$tmp/none"
bad 'cannot read quadratic_seed0.csv' --problem quadratic --draws reference --draws-dir "$tmp/none"
printf '# c\n1,2\n' >"$tmp/quadratic_seed0.csv"
bad 'quadratic_seed0.csv has the wrong number' --problem quadratic --draws reference --draws-dir "$tmp"
printf 'seed,x0\nzero,1\n' >"$tmp/rosenbrock100_x0.csv"
bad 'rosenbrock100_x0.csv is malformed|wrong number' --draws reference --draws-dir "$tmp"
bad 'needs a folder name' --draws-dir=
bad 'use one of them' --draws reference --x0 "$tmp/quadratic_seed0.csv" --draws-dir "$DRAWS"
bad 'quadratic needs 2 <= D <= 10000' --problem quadratic --dim 10001
bad 'fresh draws of the quadratic need 0 <= S <= 2147483646' --problem quadratic --seed 2147483647
bad '^fanos: --set m=0: out of range; m must be in \[1, 1000\] integer' --optimizer lbfgs --set m=0
bad '^fanos: --set m=1001: ' --optimizer lbfgs --set m=1001
bad '^fanos: --set m=1.5: ' --optimizer lbfgs --set m=1.5
bad "'wolfe' is not a name; linesearch must be in {more-thuente, strong-wolfe}" --optimizer lbfgs --set linesearch=wolfe
bad 'unknown parameter .lr. for optimizer lbfgs' --optimizer lbfgs --set lr=0.1
bad "max_iterations=x: 'x' is not a number; max_iterations must be in \[0, 2147483647\] integer" --optimizer lbfgs --set max_iterations=x
# [LB4] --clip 0 is what L-BFGS does (no clipping) and is accepted: the
# same result as without --clip; any other --clip is refused.  --final is
# refused with either value, the default before-last included, since the
# final loss of L-BFGS (the loss at its last accepted iterate) is neither
# rule; leaving --final out is the only accepted form.
bad '^fanos: --clip 1: lbfgs does not clip .*--clip 0 \(off\)' --optimizer lbfgs --clip 1
bad '^fanos: --clip 1e-300: lbfgs does not clip' --optimizer lbfgs --clip 1e-300
# the value as given, to the last digit (0.1 + 0.2 is not 0.3)
bad '^fanos: --clip 0.30000000000000004: ' --optimizer lbfgs --clip 0.30000000000000004
bad '^fanos: --clip 0.5: ' --optimizer lbfgs --clip=0.5
bad '^fanos: --final after-last: the final loss of lbfgs is the loss at its last accepted iterate, neither before-last nor after-last' --optimizer lbfgs --final after-last
bad '^fanos: --final before-last: the final loss of lbfgs is the loss at its last accepted iterate, neither' --optimizer lbfgs --final before-last
bad '^fanos: --final before-last: .*no --final$' --optimizer lbfgs --clip 0 --final before-last
bad '^fanos: --final after-last: ' --optimizer lbfgs --final after-last --trace "$tmp/t.csv"
for c in 0 0.0 -0 0e5; do
    "$FANOS" run --dim 10 --seed 4 --optimizer lbfgs --budget 40 --clip "$c" \
        2>"$tmp/err" | sed 's/ seconds=[^ ]*//' > "$tmp/clip0" || {
        echo "FAIL: lbfgs --clip $c refused: $(cat "$tmp/err")"; fail=1; }
    "$FANOS" run --dim 10 --seed 4 --optimizer lbfgs --budget 40 \
        | sed 's/ seconds=[^ ]*//' > "$tmp/noclip"
    if ! grep -q '^final_loss=.* evals=40 ' "$tmp/clip0" ||
       ! cmp -s "$tmp/clip0" "$tmp/noclip"; then
        echo "FAIL: lbfgs --clip $c differs from no --clip"; fail=1
    fi
done
[ -e "$tmp/t.csv" ] && { echo "FAIL: a refused run left a trace"; fail=1; }
bad '^fanos: .*/nodir/t.csv: cannot write' --optimizer lbfgs --trace "$tmp/nodir/t.csv"

# the line search's name in experiment files (more-thuente) and the older
# spelling (morethuente) give the default line search
for ls in more-thuente morethuente; do
    "$FANOS" run --problem rosenbrock --dim 10 --seed 4 --optimizer lbfgs --budget 40 \
        --set linesearch=$ls 2>"$tmp/err" | sed 's/ seconds=[^ ]*//' > "$tmp/ls_$ls" || {
        echo "FAIL: linesearch=$ls: $(cat "$tmp/err")"; fail=1; }
done
"$FANOS" run --problem rosenbrock --dim 10 --seed 4 --optimizer lbfgs --budget 40 |
    sed 's/ seconds=[^ ]*//' > "$tmp/ls_default"
if ! cmp -s "$tmp/ls_more-thuente" "$tmp/ls_default" || ! cmp -s "$tmp/ls_morethuente" "$tmp/ls_default" ||
   ! grep -q 'final_loss=' "$tmp/ls_default"; then
    echo "FAIL: linesearch=more-thuente/morethuente differ from the default"; fail=1
fi

# $FANOS_DRAWS_DIR is the default of --draws-dir, for run as for sweep
a=$("$FANOS" run --draws reference --draws-dir "$DRAWS" --seed 3 --budget 20 | sed 's/ seconds=[^ ]*//')
b=$(FANOS_DRAWS_DIR="$DRAWS" "$FANOS" run --draws reference --seed 3 --budget 20 | sed 's/ seconds=[^ ]*//')
[ -n "$a" ] && [ "$a" = "$b" ] || { echo "FAIL: FANOS_DRAWS_DIR: '$b' != '$a'"; fail=1; }
FANOS_DRAWS_DIR=/nonexistent "$FANOS" run --draws reference --seed 3 --budget 20 >/dev/null 2>&1 &&
    { echo "FAIL: FANOS_DRAWS_DIR=/nonexistent was not used"; fail=1; }

# [LB8] the L-BFGS trace: the start point, then one row per accepted
# iterate; the evaluations grow, and the last row is the final result
line=$("$FANOS" run --problem rosenbrock --dim 10 --draws fresh \
    --seed 9 --optimizer lbfgs --budget 60 --trace "$tmp/t.csv" 2>"$tmp/err") || {
    echo "FAIL: lbfgs --trace: $(cat "$tmp/err")"; fail=1; }
final=$(printf '%s\n' "$line" | sed -n 's/.*final_loss=\([^ ]*\).*/\1/p')
iters=$(printf '%s\n' "$line" | sed -n 's/.* iterations=\([0-9]*\).*/\1/p')
evals=$(printf '%s\n' "$line" | sed -n 's/.* evals=\([0-9]*\).*/\1/p')
awk -F, -v final="$final" -v iters="$iters" -v evals="$evals" '
    NR == 1 { if ($0 != "evals,loss,iteration,x0,x1,x2,x3,x4,x5,x6,x7,x8,x9") bad = "header " $0; next }
    NR == 2 && ($1 != 1 || $3 != 0) { bad = "first row " $0 }
    NR > 2 && ($1 <= pe || $3 != pi + 1 || $2 > pl) { bad = "row " NR ": " $0 }
    { if (NF != 13) bad = "fields in row " NR; pe = $1; pi = $3; pl = $2; last = $2; n++ }
    END {
        if (!bad && n != iters + 1) bad = n " rows for " iters " iterations"
        if (!bad && last != final) bad = "last loss " last " != final " final
        if (!bad && pe > evals) bad = "evals " pe " > " evals
        if (bad) { print "FAIL: lbfgs trace: " bad; exit 1 } }' "$tmp/t.csv" || fail=1
[ "${iters:-0}" -gt 5 ] || { echo "FAIL: lbfgs trace run made $iters iterations"; fail=1; }
bad 'unknown optimizer' --optimizer lbfgsx

# --x0 files as editors write them: a UTF-8 byte order mark, and a number
# of 5001 characters (5000 zeros then 2) read as 2: the same run as "1 2 3"
printf '1 2 3\n' >"$tmp/plain.txt"
printf '\357\273\2771 2 3\n' >"$tmp/bom.txt"
{ printf '1 '; awk 'BEGIN { s = ""; for (i = 0; i < 5000; i++) s = s "0"; printf "%s2 3\n", s }'; } >"$tmp/long.txt"
"$FANOS" run --dim 3 --budget 10 --x0 "$tmp/plain.txt" >"$tmp/plain" || fail=1
for f in bom long; do
    "$FANOS" run --dim 3 --budget 10 --x0 "$tmp/$f.txt" >"$tmp/$f" 2>"$tmp/err" || { echo "FAIL: --x0 $f.txt"; cat "$tmp/err"; fail=1; }
    [ -s "$tmp/plain" ] && [ "$(sed 's/ seconds=.*//' "$tmp/$f")" = "$(sed 's/ seconds=.*//' "$tmp/plain")" ] \
        || { echo "FAIL: --x0 $f.txt is not the run of 1 2 3"; cat "$tmp/$f" "$tmp/plain"; fail=1; }
done
# a token over the limit, 2^20 zeros then 1 (1048577 characters, a valid
# number but for its length): the message states the limit
awk 'BEGIN { s = "0"; for (i = 0; i < 20; i++) s = s s; print s "1", 2 }' >"$tmp/over.txt"
bad 'over.txt:1:1: value 1: .*at most 1048576 characters' --dim 2 --x0 "$tmp/over.txt"
# usage errors: exit status 2, with lbfgs and the problem options too
usage "^fanos: run: unknown option '--cnd'" --problem quadratic --cnd 10
usage '^fanos: option --cond needs a value$' --problem quadratic --cond
usage '^fanos: option --draws needs a value$' --draws
usage '^fanos: option --draws-dir needs a value$' --draws reference --draws-dir
usage "^fanos: run: unexpected argument 'quadratic'" --problem rosenbrock quadratic
usage '^fanos: option --set needs a value$' --optimizer lbfgs --set
usage "^fanos: run: unknown option '--m'" --optimizer lbfgs --m 5

# --help names every new option and lbfgs's settings
"$FANOS" run --help >"$tmp/help" || fail=1
for w in --cond --draws --draws-dir quadratic lbfgs linesearch max_iterations strong-wolfe stop=; do
    grep -q -- "$w" "$tmp/help" || { echo "FAIL: --help does not mention $w"; fail=1; }
done
if [ "$fail" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
