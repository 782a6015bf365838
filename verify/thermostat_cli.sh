#!/bin/sh
# thermostat_cli.sh - fanos thermostat (doc/spec.md section 15): each bad
# grid file or command line is one clear line, a non-zero exit and no
# output file; a good grid's rows against `fanos run` of the same setting
# (final loss to the last digit, the tracking recomputed here from the
# run's trace: [TH1], [TH2], [TH4]); a diverged run is inf, never nan
# ([TH3]); the shipped experiments/thermostat_grid.ini reads and runs.
set -u
FANOS=${FANOS:-./src/fanos}
SRC=${srcdir:-.}
D=$SRC/experiments/draws
T=$(mktemp -d "${TMPDIR:-/tmp}/thermostat_cli.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
passes=0
ok() { echo "ok: $1"; passes=$((passes + 1)); }
no() { echo "FAIL: $1"; fails=$((fails + 1)); }

GOOD='[thermostat]
Q = 1, 1e-4
rho_T = 0, 0.9
T0_max = 1e-3
seeds = 0..1

[problem q]
problem = quadratic
dim = 100
cond = 1e2, 1e4
budget = 40
loop = after-last
set = lr=1e-3

[problem r]
problem = rosenbrock
dim = 100
budget = 30
set = lr=3e-2'
printf '%s\n' "$GOOD" >"$T/good.ini"

# run_th EXPECTED-STATUS ARGS...: fanos thermostat with the three outputs
# in $T/out; the outputs must all be absent unless the status is 0.
run_th() {
    want=$1
    shift
    rm -rf "$T/out"
    mkdir "$T/out"
    "$FANOS" thermostat "$@" >"$T/stdout" 2>"$T/err"
    rc=$?
    [ "$rc" -eq "$want" ]
}
# expect NAME STATUS PATTERN ARGS...: exit STATUS, one line on stderr that
# matches PATTERN, nothing in $T/out.
expect() {
    name=$1 want=$2 pat=$3
    shift 3
    run_th "$want" "$@"
    if [ "$rc" -ne "$want" ]; then no "$name: exit $rc, expected $want"; cat "$T/err"
    elif [ "$(wc -l <"$T/err")" -ne 1 ]; then no "$name: $(wc -l <"$T/err") lines"; cat "$T/err"
    elif ! grep -q -- "$pat" "$T/err"; then no "$name: message lacks '$pat'"; cat "$T/err"
    elif [ -n "$(ls -A "$T/out")" ]; then no "$name: an output file was left: $(ls "$T/out")"
    else ok "$name"; fi
}
OUTS="-o $T/out/runs.csv --settings $T/out/set.csv --answer $T/out/ans.csv"
# bad_file NAME LINE PATTERN SED: good.ini edited by SED fails at LINE.
bad_file() {
    sed "$4" "$T/good.ini" >"$T/bad.ini"
    # shellcheck disable=SC2086
    expect "$1" 1 "^fanos: $T/bad.ini:$2: .*$3" "$T/bad.ini" $OUTS --draws-dir "$D" --quiet
}

# ---- usage errors: status 2 --------------------------------------------
# shellcheck disable=SC2086
expect "no -o" 2 "thermostat: -o FILE is required" "$T/good.ini"
expect "no grid file" 2 "the grid file FILE.ini is required" -o "$T/out/runs.csv"
expect "unknown option" 2 "unknown option '--bogus'" "$T/good.ini" -o "$T/out/runs.csv" --bogus
expect "misspelled option" 2 "did you mean --settings?" "$T/good.ini" -o "$T/out/r.csv" --setings x
expect "two grid files" 2 "unexpected argument" "$T/good.ini" "$T/good.ini" -o "$T/out/r.csv"
expect "option without value" 2 "needs a value" "$T/good.ini" -o

# ---- bad input: status 1, file:line ------------------------------------
bad_file "Q out of range" 2 "'0' is not a number in (0, inf)" 's/^Q = .*/Q = 1, 0/'
bad_file "Q twice" 2 "'1' is listed twice" 's/^Q = .*/Q = 1, 1/'
bad_file "rho_T out of range" 3 "'1' is not a number in \[0, 1)" 's/^rho_T = .*/rho_T = 1/'
bad_file "T0_max not a number" 4 "'x' is not a number in \[0, inf)" 's/^T0_max = .*/T0_max = x/'
bad_file "empty item" 2 "an empty item" 's/^Q = .*/Q = 1,,2/'
bad_file "unknown key" 3 "rhoT: unknown key; did you mean rho_T?" 's/^rho_T = /rhoT = /'
bad_file "missing Q" 1 "Q: missing" '/^Q = /d'
bad_file "bad seed range" 5 "'2..1' is not a new seed" 's/^seeds = .*/seeds = 2..1/'
bad_file "seed twice" 5 "'1' is not a new seed" 's/^seeds = .*/seeds = 0..1, 1/'
bad_file "unknown draws" 6 "unknown draws; accepted: reference, fresh" 's/^seeds = .*/seeds = 0\ndraws = fresch/'
bad_file "unknown problem" 8 "quadratik: unknown problem; did you mean quadratic?" 's/= quadratic$/= quadratik/'
bad_file "a PINN problem" 8 "burgers is a problem of fanos pinn" 's/= quadratic$/= burgers/'
bad_file "unknown problem key" 9 "dimm = 100: unknown key; did you mean dim?" '9s/^dim/dimm/'
bad_file "cond out of range" 10 "'0.5': value out of range; accepted: \[1, inf)" 's/^cond = .*/cond = 1e2, 0.5/'
bad_file "budget 0" 11 "budget = 0: not an integer in range" '11s/.*/budget = 0/'
bad_file "no budget" 7 "budget: missing" '11d'
bad_file "unknown loop" 12 "unknown loop; accepted: before-last, after-last" 's/^loop = .*/loop = after/'
bad_file "grid key in set" 13 "'Q=...' is no FANoS setting here" 's/^set = lr=1e-3$/set = lr=1e-3, Q=2/'
bad_file "unknown setting" 13 "'lrr=...' is no FANoS setting here; did you mean lr?" 's/^set = lr=1e-3$/set = lrr=1/'
bad_file "bad setting value" 13 "lr=-1 is not valid; accepted: lr in (0, inf)" 's/^set = lr=1e-3$/set = lr=-1/'
bad_file "setting twice" 13 "lr is set twice" 's/^set = lr=1e-3$/set = lr=1e-3, lr=2/'
bad_file "setting conflicts with the grid" 13 "with Q=1, rho_T=0, T0_max=0.001 of the grid: T0_min=1 conflicts" \
    's/^set = lr=1e-3$/set = lr=1e-3, T0_min=1/'
bad_file "unknown section" 7 "unknown section; accepted: \[problem NAME\]" 's/^\[problem q\]/[probl q]/'
bad_file "section twice" 15 "section \[problem q\] appears twice" 's/^\[problem r\]/[problem q]/'
bad_file "key twice" 3 "Q: duplicated key (first at line 2)" '3s/.*/Q = 2/'
bad_file "indented line" 3 "indented line" '3s/^/ /'
bad_file "not key = value" 3 "expected \[section\] or key = value" '3s/.*/rho_T 0.9/'
bad_file "seed without a reference draw" 5 "seed 3 of \[problem q\]: no reference draw of that seed" \
    's/^seeds = .*/seeds = 0..3/'
printf '[thermostat]\nQ = 1\0\n' >"$T/bad.ini"
# shellcheck disable=SC2086
expect "a NUL byte" 1 "bad.ini:2: a NUL byte" "$T/bad.ini" $OUTS
{ printf '[thermostat]\nQ = 1'; printf '%0196d\n' 0; } >"$T/bad.ini"
# shellcheck disable=SC2086
expect "a line of 200 characters" 1 "bad.ini:2: line longer than 199 characters" "$T/bad.ini" $OUTS
{ printf '\357\273\277'; cat "$T/good.ini"; } >"$T/bom.ini"
"$FANOS" thermostat "$T/bom.ini" -o "$T/bom.csv" --draws-dir "$D" --quiet 2>"$T/err" &&
    ok "a byte order mark is skipped" || no "a byte order mark: $(cat "$T/err")"
printf '[thermostat]\nQ = 1\nrho_T = 0.9\nT0_max = 1e-3\nseeds = 0\n' >"$T/bad.ini"
# shellcheck disable=SC2086
expect "no problem" 1 "bad.ini:5: no \[problem NAME\] section" "$T/bad.ini" $OUTS
printf 'Q = 1\n' >"$T/bad.ini"
# shellcheck disable=SC2086
expect "key outside a section" 1 "bad.ini:1: Q = 1: a key outside a section" "$T/bad.ini" $OUTS
# shellcheck disable=SC2086
expect "missing grid file" 1 "nothing.ini: cannot read the grid file" "$T/nothing.ini" $OUTS
# shellcheck disable=SC2086
expect "missing draws folder" 1 "seed 0 of \[problem q\]: cannot read" "$T/good.ini" $OUTS \
    --draws-dir "$T/nowhere" --quiet
expect "the same output twice" 1 "is given as two outputs" "$T/good.ini" -o "$T/out/a.csv" \
    --answer "$T/out/a.csv"
expect "output in a missing folder" 1 "cannot write" "$T/good.ini" -o "$T/out/no/runs.csv" \
    --draws-dir "$D"
expect "output over the grid file" 1 "is the input file" "$T/good.ini" -o "$T/good.ini"

# ---- help ----------------------------------------------------------------
h=$("$FANOS" thermostat --help | tr '\n' ' ')
case $h in
    *"Usage: fanos thermostat FILE.ini -o"*"1 on bad input"*"2 on a usage error"*) ok "--help" ;;
    *) no "--help lacks the usage or the exit rule" ;;
esac
[ "$("$FANOS" --help thermostat)" = "$("$FANOS" thermostat --help)" ] && ok "--help thermostat" \
    || no "fanos --help thermostat is not fanos thermostat --help"

# ---- a good grid ---------------------------------------------------------
# shellcheck disable=SC2086
if run_th 0 "$T/good.ini" $OUTS --draws-dir "$D" --quiet; then ok "a good grid runs"
else no "a good grid failed: $(cat "$T/err")"; fi
R=$T/out/runs.csv
# 3 problems (cond 1e2 and 1e4, and r) x 2 Q x 2 rho_T x 1 T0_max x 2 seeds
[ "$(sed 1d "$R" | wc -l)" -eq 24 ] && ok "24 runs" || no "$(sed 1d "$R" | wc -l) runs, not 24"
[ "$(sed 1d "$T/out/set.csv" | wc -l)" -eq 12 ] && ok "12 settings" || no "settings rows"
[ "$(sed 1d "$T/out/ans.csv" | wc -l)" -eq 3 ] && ok "3 answers" || no "answer rows"
head -1 "$R" | grep -qx 'problem,param,Q,rho_T,T0_max,seed,tracking,final_loss,diverged,diverged_step,steps,seconds' \
    && ok "runs header" || no "runs header: $(head -1 "$R")"
grep -qi nan "$T"/out/*.csv && no "a nan in the outputs" || ok "no nan in the outputs"
[ -z "$(cat "$T/stdout" "$T/err")" ] && ok "--quiet prints nothing" || no "output with --quiet"
# the order of [TH4]: problem, Q, rho_T, T0_max, seed (the seed fastest)
[ "$(sed -n '2,5p' "$R" | cut -d, -f1-6 | tr '\n' ' ')" = \
  "q,100,1,0,0.001,0 q,100,1,0,0.001,1 q,100,1,0.9,0.001,0 q,100,1,0.9,0.001,1 " ] \
    && ok "row order" || no "row order: $(sed -n '2,5p' "$R" | cut -d, -f1-6 | tr '\n' ' ')"

# same_as_run LINE ARGS...: row LINE of the runs file is `fanos run ARGS`:
# the same final loss as text, and the tracking recomputed from the trace
# (median over the second half of |ln T_ema - ln T0|) within 1e-12.
same_as_run() {
    line=$1
    shift
    row=$(sed -n "${line}p" "$R")
    res=$("$FANOS" run "$@" --trace "$T/trace.csv") || { no "fanos run $*"; return; }
    loss=$(printf '%s\n' "$res" | sed 's/^final_loss=\([^ ]*\) .*/\1/')
    col() { head -1 "$T/trace.csv" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
    te=$(col T_ema) t0=$(col T0)
    n=$(($(wc -l <"$T/trace.csv") - 1))
    mine=$(awk -F, -v a="$te" -v b="$t0" -v h=$((n / 2 + 2)) \
        'NR >= h { if ($a > 0 && $b > 0) printf "%.17g\n", (log($a) > log($b) ? log($a) - log($b) : log($b) - log($a)); else print "inf" }' \
        "$T/trace.csv" | sort -g | awk '{ v[NR] = $1 } END { printf "%.17g\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    csvloss=$(printf '%s\n' "$row" | cut -d, -f8)
    csvtrack=$(printf '%s\n' "$row" | cut -d, -f7)
    if awk -v x="$loss" -v y="$csvloss" 'BEGIN { exit !(x + 0 == y + 0) }' &&
       awk -v x="$mine" -v y="$csvtrack" 'BEGIN { d = x - y; if (d < 0) d = -d; exit !(d <= 1e-12 * (y < 1 ? 1 : y)) }'; then
        ok "row $line is fanos run $*"
    else
        no "row $line ($row): fanos run gives final loss $loss, tracking $mine"
    fi
}
# row 9: q, cond 1e2, Q 1e-4, rho_T 0.9, seed 1; row 22: r, Q 1e-4, rho_T 0, seed 0
same_as_run 9 --problem quadratic --dim 100 --cond 1e2 --draws reference --draws-dir "$D" \
    --seed 1 --budget 40 --final after-last --set lr=1e-3 --set Q=1e-4 --set rho_T=0.9 --set T0_max=1e-3
same_as_run 22 --problem rosenbrock --dim 100 --draws reference --draws-dir "$D" --seed 0 \
    --budget 30 --set lr=3e-2 --set Q=1e-4 --set rho_T=0 --set T0_max=1e-3
[ "$(sed -n 9p "$R" | cut -d, -f1-6)" = "q,100,0.0001,0.9,0.001,1" ] && ok "row 9's setting" \
    || no "row 9 is $(sed -n 9p "$R")"
[ "$(sed -n 22p "$R" | cut -d, -f1-6)" = "r,,0.0001,0,0.001,0" ] && ok "row 22's setting" \
    || no "row 22 is $(sed -n 22p "$R")"

# -o - writes the runs to standard output, the same rows but the seconds
"$FANOS" thermostat "$T/good.ini" -o - --draws-dir "$D" --quiet >"$T/dash.csv" 2>"$T/err" &&
    [ "$(cut -d, -f1-11 "$T/dash.csv")" = "$(cut -d, -f1-11 "$R")" ] && ok "-o -" || no "-o -: $(cat "$T/err")"

# ---- the paper's script on these results ---------------------------------
PERL=${PERL:-perl}
G=$SRC/paper/thermostat_grid.pl
mkdir -p "$T/tr"
if "$PERL" "$G" traces "$FANOS" "$T/good.ini" "$T/out/ans.csv" "$R" "$D" "$T/tr" >/dev/null 2>"$T/err" &&
   [ -f "$T/tr/th_best_3.csv" ] && grep -qx 'n = 3' "$T/tr/th_best.gpi" &&
   [ "$(head -1 "$T/tr/th_best_1.csv")" = "step,T_inst,T_ema,T0,zeta" ]; then
    ok "thermostat_grid.pl traces: the best-tracking runs again, their tracking checked"
else
    no "thermostat_grid.pl traces: $(cat "$T/err")"
fi
# a runs file whose tracking is not the trace's is refused
awk -F, -v OFS=, 'NR > 1 { $7 = $7 * 1.001 + 1e-3 } { print }' "$R" >"$T/wrong.csv"
mkdir -p "$T/tr2"
if "$PERL" "$G" traces "$FANOS" "$T/good.ini" "$T/out/ans.csv" "$T/wrong.csv" "$D" "$T/tr2" \
       >/dev/null 2>"$T/err"; then
    no "a wrong tracking was not refused"
elif grep -q 'gives tracking' "$T/err" && [ ! -f "$T/tr2/th_best.gpi" ]; then
    ok "thermostat_grid.pl traces refuses a tracking the trace does not give"
else
    no "a wrong tracking: $(cat "$T/err")"
fi
if "$PERL" "$G" tex "$FANOS" "$T/good.ini" "$T/out/ans.csv" "$T/out/set.csv" "$T/tr" "$T/th.tex" 2>"$T/err" &&
   grep -qF '\csname v@thnsettings\endcsname{4}' "$T/th.tex" &&
   grep -qF '\csname v@thnruns\endcsname{24}' "$T/th.tex" &&
   [ "$(grep -c '^[qr].* \\\\$' "$T/th.tex")" -eq 3 ]; then
    ok "thermostat_grid.pl tex: the macros and a table row per problem"
else
    no "thermostat_grid.pl tex: $(cat "$T/err")"
fi

# ---- a diverged run: inf, not nan ([TH3]) --------------------------------
printf '[thermostat]\nQ = 1\nrho_T = 0.9\nT0_max = 1e-3\nseeds = 0\ndraws = fresh\n\n[problem d]\nproblem = quadratic\ndim = 10\ncond = 1e3\nbudget = 100\nloop = after-last\nset = lr=1, identity_mass=1, grad_clip=0\n' >"$T/div.ini"
if "$FANOS" thermostat "$T/div.ini" -o "$T/div.csv" --answer "$T/dans.csv" --quiet 2>"$T/err"; then
    row=$(sed -n 2p "$T/div.csv")
    case $row in
        d,1000,1,0.9,0.001,0,inf,inf,1,*) ok "a diverged run is inf, inf, diverged 1" ;;
        *) no "diverged row: $row" ;;
    esac
    grep -qi nan "$T/div.csv" "$T/dans.csv" && no "nan in a diverged grid" || ok "no nan in a diverged grid"
    case $(sed -n 2p "$T/dans.csv") in
        d,1000,1,1,0,,,,,,,,,,,,,0,,no,undefined) ok "the answer of a grid whose runs all diverged" ;;
        *) no "answer of a diverged grid: $(sed -n 2p "$T/dans.csv")" ;;
    esac
else
    no "a diverging grid failed: $(cat "$T/err")"
fi

# ---- the shipped grid file, on a small grid of its own problems ----------
sed -e 's/^Q = .*/Q = 1/' -e 's/^rho_T = .*/rho_T = 0.9/' -e 's/^T0_max = .*/T0_max = 1e-3/' \
    -e 's/^seeds = .*/seeds = 0/' -e 's/^budget = .*/budget = 20/' \
    "$SRC/experiments/thermostat_grid.ini" >"$T/shipped.ini"
if "$FANOS" thermostat "$T/shipped.ini" -o "$T/shipped.csv" --draws-dir "$D" --quiet 2>"$T/err"; then
    [ "$(sed 1d "$T/shipped.csv" | cut -d, -f1,2 | tr '\n' ' ')" = \
      "quadratic,100 quadratic,1000 quadratic,10000 quadratic,100000 quadratic,1000000 rosenbrock, " ] \
        && ok "experiments/thermostat_grid.ini: its six problems" \
        || no "shipped grid's problems: $(sed 1d "$T/shipped.csv" | cut -d, -f1,2 | tr '\n' ' ')"
else
    no "experiments/thermostat_grid.ini does not run: $(cat "$T/err")"
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
