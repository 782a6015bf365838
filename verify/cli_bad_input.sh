#!/bin/sh
# cli_bad_input.sh - the fanos command against bad input.
#
# Every row of the table below is one bad invocation.  Each must
#  - exit non-zero and below 128 (no signal, no sanitizer abort),
#  - write exactly ONE line on stderr, containing the row's MUST1 text (the
#    offending input) and MUST2 text (the accepted range or rule; "-" for
#    none), and nothing on stdout,
#  - leave no output file: $W/out stays empty and no *.tmp.* file appears.
#
# Table rows:  ARGUMENTS | MUST1 | MUST2
# ARGUMENTS are shell words (evaluated, so quotes and $W, $NL work); $W/in
# holds the input files made below, $W/out is where outputs would go.  Add
# rows for new commands (sweep, stats, merge, pinn, ...) at the end of the
# table, or in a second table fed to run_table.
#
# usage: cli_bad_input.sh   (FANOS names the command; default ./src/fanos)
set -u

FANOS=${FANOS:-./src/fanos}
W=$(mktemp -d "${TMPDIR:-/tmp}/fanos-bad.XXXXXX") || exit 99
trap 'rm -rf "$W"' EXIT HUP INT TERM
NL='
'
TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 60"

# ---- input files -------------------------------------------------------
mkdir "$W/in" "$W/out" || exit 99
: > "$W/in/empty.txt"
printf '# only a comment\n\n  \n' > "$W/in/comments.txt"
printf '1 2 x\n' > "$W/in/word.txt"
printf '1\n2\nfoo\n' > "$W/in/line3.txt"
printf '1,2,nan\n' > "$W/in/nan.txt"
printf '1 2 inf\n' > "$W/in/inf.txt"
printf '1 2 -Infinity\n' > "$W/in/minf.txt"
printf '1 2\n' > "$W/in/few.txt"
printf '1 2 3 4\n' > "$W/in/many.txt"
printf '1 2 3x\n' > "$W/in/garbage.txt"
printf '1e999 2 3\n' > "$W/in/overflow.txt"
printf '0x1 2 3\n' > "$W/in/hex.txt"
printf '1\0002 3\n' > "$W/in/nul.txt"
printf '1;2;3\n' > "$W/in/semicolon.txt"
printf '1 2 3 # three\n4\n' > "$W/in/comment_many.txt"
# a 400-digit integer: a token too long to be an x0 entry (and 1e399)
awk 'BEGIN { s = "1"; for (i = 0; i < 399; i++) s = s "0"; print s, 2, 3 }' \
    > "$W/in/huge.txt"
printf '1 2 3\n' > "$W/in/good.txt"
ln -s "$W/in/nowhere.txt" "$W/in/dangling.txt"
# Tests run as root in CI, where chmod 000 does not stop a read: a
# directory is a path that exists and cannot be read as a file.
mkdir "$W/in/adir"

# ---- the table ---------------------------------------------------------
TABLE_RUN='
| no command given | -
bogus | bogus | -
"" | unknown command | -
--bogus | --bogus | -
run --bogus | --bogus | -
run extra | extra | -
run -d 3 | -d | -
run --problem sphere | sphere | rosenbrock
run --problem "" | --problem | rosenbrock
run --problem "a${NL}b" | --problem a\nb | rosenbrock
run --optimizer adamz | adamz | known: sgd, adamw, rmsprop, fanos
run --optimizer FANOS | FANOS | known: sgd, adamw, rmsprop, fanos
run --optimizer "" | --optimizer | known: sgd, adamw, rmsprop, fanos
run --final middle | middle | before-last or after-last
run --dim | --dim | needs a value
run --set | --set | needs a value
run --budget 10 --trace | --trace | needs a value
run --set lr | --set lr | key=value
run --set =1 | =1 | key=value
run --set bogus=1 | bogus | fanos params fanos
run --set LR=1e-3 | LR | fanos params fanos
run --dim 0 | --dim 0 | [2, 100000000]
run --dim 1 | --dim 1 | [2, 100000000]
run --dim -1 | --dim -1 | [2, 100000000]
run --dim 1e12 | --dim 1e12 | [2, 100000000]
run --dim 99999999999999999999 | 99999999999999999999 | [2, 100000000]
run --dim 100000001 | 100000001 | [2, 100000000]
run --dim 3.5 | --dim 3.5 | [2, 100000000]
run --dim abc | --dim abc | [2, 100000000]
run --dim "" | --dim | [2, 100000000]
run --dim " 5" | --dim  5 | [2, 100000000]
run --dim 0x10 | 0x10 | [2, 100000000]
run --dim=1 | --dim 1 | [2, 100000000]
run --budget 0 | --budget 0 | [1, 1000000000]
run --budget -1 | --budget -1 | [1, 1000000000]
run --budget 1e3 | --budget 1e3 | [1, 1000000000]
run --budget 1000000001 | 1000000001 | [1, 1000000000]
run --budget 18446744073709551616 | 18446744073709551616 | [1, 1000000000]
run --budget abc | --budget abc | [1, 1000000000]
run --budget "10 " | --budget 10 | [1, 1000000000]
run --seed -1 | --seed -1 | [0, 4294967294]
run --seed 4294967295 | 4294967295 | [0, 4294967294]
run --seed 99999999999999999999 | 99999999999999999999 | [0, 4294967294]
run --seed 1.5 | --seed 1.5 | [0, 4294967294]
run --seed x | --seed x | [0, 4294967294]
run --clip -1 | --clip -1 | [0, inf)
run --clip nan | --clip nan | [0, inf)
run --clip inf | --clip inf | [0, inf)
run --clip -inf | --clip -inf | [0, inf)
run --clip abc | --clip abc | [0, inf)
run --clip 1e-3x | 1e-3x | [0, inf)
run --clip 1e999 | 1e999 | [0, inf)
run --clip "" | --clip | [0, inf)
run --set T0_max=0 --set T0_min=1e-9 | T0_min=1e-09 | T0_max
run --set lr=0.5 --set weight_decay=2 | weight_decay=2 | lr * weight_decay < 1
run --set lr=1 --set weight_decay=1 | weight_decay=1 | lr * weight_decay < 1
run --dim 3 --x0 "$W/in/nowhere.txt" | nowhere.txt | No such file
run --dim 3 --x0 "$W/in/dangling.txt" | dangling.txt | No such file
run --dim 3 --x0 "$W/in/adir" | adir | Is a directory
run --dim 3 --x0 "" | --x0 | cannot read
run --dim 3 --x0 "$W/in/empty.txt" | empty.txt | exactly 3
run --dim 3 --x0 "$W/in/comments.txt" | comments.txt | exactly 3
run --dim 3 --x0 "$W/in/word.txt" | word.txt: line 1 | finite number
run --dim 3 --x0 "$W/in/line3.txt" | line3.txt: line 3 | finite number
run --dim 3 --x0 "$W/in/nan.txt" | nan.txt: line 1 | finite number
run --dim 3 --x0 "$W/in/inf.txt" | inf.txt: line 1 | finite number
run --dim 3 --x0 "$W/in/minf.txt" | minf.txt: line 1 | finite number
run --dim 3 --x0 "$W/in/few.txt" | few.txt: 2 numbers | exactly 3
run --dim 3 --x0 "$W/in/many.txt" | many.txt: at least 4 numbers | exactly 3
run --dim 3 --x0 "$W/in/comment_many.txt" | comment_many.txt | exactly 3
run --dim 3 --x0 "$W/in/garbage.txt" | garbage.txt: line 1 | finite number
run --dim 3 --x0 "$W/in/overflow.txt" | overflow.txt: line 1 | finite number
run --dim 3 --x0 "$W/in/hex.txt" | hex.txt: line 1 | finite number
run --dim 3 --x0 "$W/in/nul.txt" | nul.txt: line 1 | finite number
run --dim 3 --x0 "$W/in/semicolon.txt" | semicolon.txt: line 1 | finite number
run --dim 3 --x0 "$W/in/huge.txt" | huge.txt: line 1 | finite number
run --dim 4 --x0 "$W/in/good.txt" | good.txt: 3 numbers | exactly 4
run --budget 5 --trace "$W/out/missing/t.csv" | missing/t.csv | cannot write
run --budget 5 --trace "" | --trace | needs a file name
run --dim 3 --budget 5 --trace "$W/in/adir" | adir | write failed
run --trace "$W/out/t.csv" --dim 0 | --dim 0 | [2, 100000000]
run --trace "$W/out/t.csv" --set lr=nan | lr=nan | (0, inf)
run --trace "$W/out/t.csv" --dim 3 --x0 "$W/in/empty.txt" | empty.txt | exactly 3
run --trace "$W/out/t.csv" --set T0_min=1 | T0_min=1 | T0_max
run --trace "$W/out/t.csv" --optimizer nope | nope | known: sgd, adamw, rmsprop, fanos
params bogus | bogus | known: sgd, adamw, rmsprop, fanos
params --bogus | --bogus | -
params fanos fanos | only one optimizer | -
'

# Every optimizer parameter, with its accepted range as the message must
# give it and the values that lie outside it; each also gets the generic
# bad values below.  Rows:  OPTIMIZER | NAME | RANGE | OUT-OF-RANGE VALUES
# (add the parameters of new optimizers here).
REAL_PARAMS='
fanos | lr | (0, inf) | 0 -1 -0 1e-400
fanos | beta | [0, 1) | 1 -0.1 2 1.0000001
fanos | eps | (0, inf) | 0 -1e-8
fanos | Q | (0, inf) | 0 -1
fanos | T0_max | [0, inf) | -1 -1e-300
fanos | T0_min | [0, inf) | -1e-3
fanos | tau | (-inf, inf) |
fanos | rho_T | [0, 1) | 1 -0.5
fanos | zeta_clip | [0, inf) | -1
fanos | grad_clip | [0, inf) | -1
fanos | weight_decay | [0, inf) | -0.1
fanos | zeta_const | (-inf, inf) |
'
BOOL_PARAMS='
fanos | decoupled_weight_decay
fanos | explicit_euler
fanos | fixed_friction
fanos | identity_mass
'
# not numbers, trailing garbage, hexadecimal, NaN, infinities, overflow:
# each must be refused with the range
REAL_GARBAGE='abc 1e-3x 0x10 1,5 nan NaN inf -inf Infinity 1e400 -1e400'
BOOL_GARBAGE='2 -1 0.5 1.0 yes no on truex nan'

# The generated rows (empty value and blanks around it included).
param_rows()
{
    printf '%s\n' "$REAL_PARAMS" | while IFS='|' read -r opt name range bad; do
        opt=$(trim "$opt") name=$(trim "$name") range=$(trim "$range")
        [ -z "$name" ] && continue
        for v in $bad $REAL_GARBAGE; do
            echo "run --optimizer $opt --set $name=$v | $name=$v | $range"
        done
        echo "run --optimizer $opt --set $name= | $name= | $range"
        echo "run --optimizer $opt --set \"$name= 1\" | $name= 1 | $range"
        echo "run --optimizer $opt --set \"$name=1 \" | $name=1  | $range"
    done
    printf '%s\n' "$BOOL_PARAMS" | while IFS='|' read -r opt name; do
        opt=$(trim "$opt") name=$(trim "$name")
        [ -z "$name" ] && continue
        for v in $BOOL_GARBAGE; do
            echo "run --optimizer $opt --set $name=$v | $name=$v | {0, 1}"
        done
        echo "run --optimizer $opt --set $name= | $name= | {0, 1}"
        echo "run --optimizer $opt --set \"$name= 1\" | $name= 1 | {0, 1}"
    done
}

pass=0
fail=0

# One row: run it, then check exit status, stderr, stdout and leftovers.
check_row()
{
    args=$1 must1=$2 must2=$3
    eval "set -- $args"
    (cd "$W/out" && exec $TIMEOUT "$FANOS_ABS" "$@") \
        > "$W/stdout" 2> "$W/stderr"
    rc=$?
    why=
    nlines=$(wc -l < "$W/stderr")
    if [ "$rc" -eq 0 ] || [ "$rc" -ge 128 ]; then
        why="exit status $rc"
    elif [ "$nlines" -ne 1 ] || [ -n "$(tail -c 1 "$W/stderr")" ]; then
        why="$nlines lines on stderr"
    elif ! grep -F -q -e "$must1" "$W/stderr"; then
        why="stderr does not name '$must1'"
    elif [ "$must2" != "-" ] && ! grep -F -q -e "$must2" "$W/stderr"; then
        why="stderr does not give '$must2'"
    elif [ -s "$W/stdout" ]; then
        why="output on stdout"
    elif [ -n "$(ls -A "$W/out")" ]; then
        why="left $(ls -A "$W/out" | tr '\n' ' ')"
    elif [ -n "$(find "$W" -name '*.tmp.*')" ]; then
        why="left a temporary file"
    fi
    if [ -z "$why" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: fanos $args: $why"
        sed 's/^/  stderr: /' "$W/stderr" | head -5
    fi
    rm -rf "$W/out" && mkdir "$W/out"
}

trim()
{
    printf '%s' "$1" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//'
}

run_table()
{
    while IFS='|' read -r a m1 m2; do
        [ -z "$a$m1$m2" ] && continue
        check_row "$(trim "$a")" "$(trim "$m1")" "$(trim "$m2")"
    done <<EOF
$1
EOF
}

case $FANOS in
    /*) FANOS_ABS=$FANOS ;;
    *) FANOS_ABS=$(pwd)/$FANOS ;;
esac
if [ ! -x "$FANOS_ABS" ]; then
    echo "cli_bad_input: $FANOS_ABS not found"
    exit 99
fi

# A good run first, so that the checks above cannot pass for a command
# that fails on everything.
if ! (cd "$W/out" && "$FANOS_ABS" run --dim 3 --budget 5 \
          --x0 "$W/in/good.txt" --trace t.csv > /dev/null) ||
   [ ! -s "$W/out/t.csv" ]; then
    echo "FAIL: a good run failed"
    fail=$((fail + 1))
fi
rm -rf "$W/out" && mkdir "$W/out"

run_table "$TABLE_RUN"
run_table "$(param_rows)"

# A result that cannot be written is a failure too.
if [ -w /dev/full ]; then
    for args in "run --budget 5" "params" "--help" "--version"; do
        # shellcheck disable=SC2086
        (cd "$W/out" && $TIMEOUT "$FANOS_ABS" $args) > /dev/full 2> "$W/stderr"
        rc=$?
        if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] &&
           [ "$(wc -l < "$W/stderr")" -eq 1 ] &&
           grep -q 'standard output' "$W/stderr"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL: fanos $args > /dev/full: exit $rc"
            cat "$W/stderr"
        fi
    done
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
