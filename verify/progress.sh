#!/bin/sh
# progress.sh - the progress of fanos sweep and fanos pinn on standard
# error: one line redrawn in place on a terminal (a pty through script(1)),
# at most one line every 5 s plus the final one elsewhere, nothing with
# --quiet; and fanos pinn --trace, the warm-up steps and polish iterates
# through the warm start's watchers, which change no result.
# [ST24] the display rules; [ST23] the counts and times it shows.
# [N22] the watchers: the trace's losses are the run's, the run the same.
set -u
FANOS=${FANOS:-$(pwd)/src/fanos}
DRAWS=${DRAWS:-${srcdir:-.}/experiments/draws}
pass=0 fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/progress.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
ok() { pass=$((pass + 1)); echo "ok: $*"; }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
command -v script >/dev/null 2>&1 && HAVE_SCRIPT=1 || HAVE_SCRIPT=0

cat > e.ini <<'INI'
[experiment]
name = Q
problem = rosenbrock
dim = 20
budget = 500
loop = before-last
lr = 1e-3, 1e-2
fresh_seeds = 0..9

[method SGD]
optimizer = sgd
INI

# not on a terminal: 20 quick runs, one line (the final), not 20
start=$(date +%s)
"$FANOS" sweep e.ini -o a.csv --threads 2 2> err.txt || no "the sweep failed"
secs=$(($(date +%s) - start))
n=$(wc -l < err.txt)
[ "$n" -le $((1 + secs / 5)) ] && grep -qx 'runs 20/20, done in [0-9]*:[0-9][0-9]' err.txt &&
    ok "not a terminal: $n line(s) for 20 runs in ${secs}s, the last the final one" ||
    { no "not a terminal: $n lines for 20 runs in ${secs}s"; cat err.txt; }
! grep -q "$(printf '\r')" err.txt && ok "no carriage return off a terminal" || no "a carriage return in a log"
"$FANOS" sweep e.ini -o b.csv --threads 2 --quiet 2> err.txt
[ ! -s err.txt ] && [ "$(cut -d, -f1-12 a.csv)" = "$(cut -d, -f1-12 b.csv)" ] &&
    ok "sweep --quiet: nothing on stderr, the same rows" || no "sweep --quiet printed: $(cat err.txt)"

PINN="pinn --problem burgers --warmup adamw --draws fresh --seed 3 --widths 2,5,1 --warmup-steps 20 --polish-iterations 5"
"$FANOS" $PINN > plain.txt 2> err.txt || no "fanos pinn failed"
[ "$(wc -l < err.txt)" -eq 2 ] && grep -qx 'warm-up 20/20, done in [0-9]*:[0-9][0-9] (loss [0-9.e+-]*)' err.txt &&
    grep -q '^polish [0-9]*/[0-9]*, done in' err.txt &&
    ok "pinn off a terminal: the final line of each stage" || { no "pinn progress"; cat err.txt; }
"$FANOS" $PINN --quiet --trace trace.csv > traced.txt 2> err.txt || no "fanos pinn --trace failed"
[ ! -s err.txt ] && ok "pinn --quiet: nothing on stderr" || no "pinn --quiet printed: $(cat err.txt)"
# the result line but seconds is the same with and without the trace
nosec() { sed 's/ seconds=[^ ]*//' "$1"; }
[ "$(nosec plain.txt)" = "$(nosec traced.txt)" ] && ok "[N22] the same result with the watchers" ||
    no "the result changed with --trace: $(cat plain.txt traced.txt)"
val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" traced.txt; }
awk -F, -v w="$(val warmup_loss)" -v e="$(val entry_loss)" -v p="$(val polish_loss)" \
    -v it="$(val polish_iterations)" -v ev="$(val evals)" '
    NR == 1 { ok = $0 == "stage,step,evals,loss"; next }
    $1 == "warmup" { nw++; ok = ok && $2 == nw && $3 == nw; lw = $4 }
    $1 == "polish" { ok = ok && $2 == np && $3 > last; last = $3; if (np++ == 0) fp = $4; lp = $4 }
    END { exit !(ok && nw == 20 && lw + 0 == w + 0 && np == it + 1 && fp + 0 == e + 0 &&
                 lp + 0 == p + 0 && last <= ev + 0) }' trace.csv &&
    ok "[N22] the trace: 20 warm-up rows ending at warmup_loss, the polish from entry_loss to polish_loss" ||
    { no "the pinn trace"; cat traced.txt trace.csv; }
"$FANOS" $PINN --quiet --trace - > both.txt
[ "$(head -n -1 both.txt)" = "$(cat trace.csv)" ] && ok "pinn --trace -: the trace on standard output" ||
    no "pinn --trace -"

if [ $HAVE_SCRIPT = 1 ]; then
    # on a terminal: redrawn in place, the final line ended by a newline
    script -qc "'$FANOS' sweep e.ini -o c.csv --threads 2" /dev/null > tty.txt 2>&1 < /dev/null
    cr=$(printf '\r')
    grep -q "${cr}runs 0/20, 0:00 elapsed, ETA ?" tty.txt && grep -q "${cr}runs 20/20, done in" tty.txt &&
        [ "$(tr -cd '\n' < tty.txt | wc -c)" -eq 1 ] &&
        ok "[ST24] a terminal: one line, redrawn in place" || { no "sweep on a terminal"; od -c tty.txt | head; }
    script -qc "'$FANOS' sweep e.ini -o d.csv --threads 2 --quiet" /dev/null > tty.txt 2>&1 < /dev/null
    [ ! -s tty.txt ] && ok "a terminal, --quiet: nothing" || no "--quiet on a terminal: $(od -c tty.txt | head -3)"
    script -qc "'$FANOS' $PINN" /dev/null > tty.txt 2>&1 < /dev/null
    grep -q "${cr}warm-up 20/20, done in" tty.txt && grep -q "${cr}polish [0-9]*/[0-9]*, done in" tty.txt &&
        grep -q "^problem=burgers" tty.txt &&
        ok "pinn on a terminal: warm-up, then polish, then the result" || { no "pinn on a terminal"; od -c tty.txt | head; }
else
    echo "script(1) not found: the terminal cases are skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
