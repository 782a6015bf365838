#!/bin/sh
# learn_cli.sh - the fanos command on the problems trained on a data set
# (doc/spec.md section 13): fanos run --param, the held-out metrics on the
# result line, bad data and bad sizes (one line, exit 1, no output file),
# and an experiment file with problem = mlp through fanos sweep (threads
# and shards give the same rows; epochs as the budget).
#
# IDs checked here: [ML6] the tables' defaults through fanos params; [LM5]
# charlm's; [MB5] epochs; [MB7] sizes above the data; [PR4] no reference
# draws; [PR5] the data folder as a path; [N20] the bounds of epochs.
set -u
FANOS=${FANOS:-./src/fanos}
T=$(mktemp -d "${TMPDIR:-/tmp}/learn_cli.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
mkdir "$T/out" || exit 99
fails=0
passes=0
ok() { echo "ok: $1"; passes=$((passes + 1)); }
no() { echo "FAIL: $1"; fails=$((fails + 1)); }

# bad_run STATUS MUST -- ARGS...: fanos ARGS (with a trace into $T/out)
# exits with STATUS, one line on stderr containing MUST, nothing on
# stdout, no file left in $T/out.
bad_run() {
    want=$1 must=$2
    shift 3
    (cd "$T/out" && "$FANOS_ABS" "$@" --trace tr.csv) >"$T/stdout" 2>"$T/err"
    rc=$?
    n=$(wc -l <"$T/err")
    if [ "$rc" -ne "$want" ]; then no "fanos $*: exit $rc, expected $want"; cat "$T/err"
    elif [ "$n" -ne 1 ]; then no "fanos $*: $n lines on stderr"; cat "$T/err"
    elif ! grep -F -q -e "$must" "$T/err"; then no "fanos $*: stderr lacks '$must'"; cat "$T/err"
    elif [ -s "$T/stdout" ]; then no "fanos $*: output on stdout"
    elif [ -n "$(ls -A "$T/out")" ]; then no "fanos $*: left $(ls -A "$T/out")"
    else ok "fanos $* -> $want: $(cat "$T/err")"; fi
    rm -rf "$T/out" && mkdir "$T/out"
}
case $FANOS in
    /*) FANOS_ABS=$FANOS ;;
    *) FANOS_ABS=$(pwd)/$FANOS ;;
esac

# ---- the parameter tables -------------------------------------------------
"$FANOS" params mlp | grep -q '^  widths  *list default 784,256,128,10 ' &&
    "$FANOS" params mlp | grep -q '^  batch  *int  default 128 ' &&
    "$FANOS" params softmax | grep -q '^  data  *path default "" ' &&
    ok "fanos params mlp, softmax: widths 784,256,128,10, batch 128, data \"\"" ||
    no "fanos params mlp/softmax"
"$FANOS" params charlm | grep -q '^  context  *int  default 16 ' &&
    "$FANOS" params charlm | grep -q '^  embed  *int  default 16 ' &&
    "$FANOS" params charlm | grep -q '^  hidden  *list default 256 ' &&
    ok "fanos params charlm: context 16, embed 16, hidden 256" ||
    no "fanos params charlm"
# [ML6] softmax's and mlp's tables, row by row: kind, default and range
# (closed at both ends): ntrain, ntest and batch in [0, 10^8], defaults 0
# (all), 0 (all) and 128; mlp's widths default 784,256,128,10, each in
# [1, 4096]
cat >"$T/ml6" <<'EOF'
ntrain int 0 [0, 100000000]
ntest int 0 [0, 100000000]
batch int 128 [0, 100000000]
widths list 784,256,128,10 [1, 4096]
ntrain int 0 [0, 100000000]
ntest int 0 [0, 100000000]
batch int 128 [0, 100000000]
EOF
{ "$FANOS" params softmax && "$FANOS" params mlp; } |
    awk '$1 != "data" { print $1, $2, $4, $6, $7 }' >"$T/ml6.out" &&
    cmp -s "$T/ml6" "$T/ml6.out" && ok "fanos params softmax, mlp: the kinds, defaults and ranges" ||
    { no "fanos params softmax, mlp: the ranges"; diff "$T/ml6" "$T/ml6.out"; }
# [LM5] charlm's table, row by row: kind, default and range (closed at
# both ends): context and embed in [1, 1024], hidden widths in [1, 4096],
# ntrain and nvalid in [0, 2^30 = 1073741824], batch in [0, 10^8]
cat >"$T/lm5" <<'EOF'
context int 16 [1, 1024]
embed int 16 [1, 1024]
hidden list 256 [1, 4096]
ntrain int 0 [0, 1073741824]
nvalid int 0 [0, 1073741824]
batch int 128 [0, 100000000]
EOF
"$FANOS" params charlm | awk '$1 != "data" { print $1, $2, $4, $6, $7 }' >"$T/lm5.out" &&
    cmp -s "$T/lm5" "$T/lm5.out" && ok "fanos params charlm: the kinds, defaults and ranges" ||
    { no "fanos params charlm: the ranges"; diff "$T/lm5" "$T/lm5.out"; }

# ---- runs ----------------------------------------------------------------
out=$("$FANOS" run --problem mlp --param widths=784,16,10 --param ntrain=300 \
      --param ntest=100 --param batch=64 --optimizer adamw --budget 10 2>"$T/err")
rc=$?
echo "$out" | grep -Eq '^final_loss=[0-9.e+-]+ diverged=0 diverged_step=0 evals=10 steps=10 skipped=0 seconds=[0-9.]+ heldout_loss=[0-9.e+-]+ heldout_accuracy=[0-9.e+-]+ heldout_bits=[0-9.e+-]+$' &&
    [ "$rc" -eq 0 ] && [ ! -s "$T/err" ] &&
    ok "fanos run --problem mlp: the result line with the held-out metrics" ||
    { no "fanos run --problem mlp: $out (exit $rc)"; cat "$T/err"; }
a=$("$FANOS" run --problem softmax --param ntrain=200 --param ntest=50 \
    --param batch=0 --optimizer sgd --set lr=0.1 --budget 5 | sed 's/ seconds=[^ ]*//')
b=$("$FANOS" run --problem softmax --param ntrain=200 --param ntest=50 \
    --param batch=0 --optimizer sgd --set lr=0.1 --budget 5 | sed 's/ seconds=[^ ]*//')
[ -n "$a" ] && [ "$a" = "$b" ] && ok "fanos run --problem softmax, full batch: two runs, one line" ||
    no "softmax runs differ: $a / $b"
# the loss falls on the full batch (5 steps of SGD from chance)
echo "$a" | awk -F'[= ]' '{ exit !($2 < 2.3) }' && ok "softmax: loss below log 10 after 5 steps ($a)" ||
    no "softmax loss: $a"
# charlm on a small corpus of our own, as a folder given by --param data
mkdir "$T/corpus" && awk 'BEGIN { for (i = 0; i < 200; i++) print "the quick brown fox jumps over the lazy dog" }' \
    >"$T/corpus/text"
out=$("$FANOS" run --problem charlm --param "data=$T/corpus" --param context=4 \
      --param embed=3 --param hidden=8 --optimizer adamw --set lr=0.01 --budget 20 2>"$T/err")
echo "$out" | grep -Eq 'diverged=0 .* heldout_bits=[0-9.]+$' &&
    ok "fanos run --problem charlm --param data=DIR ($out)" || { no "charlm: $out"; cat "$T/err"; }

# ---- bad input: one line, exit 1 or 2, no output file ----------------------
bad_run 1 "data = $T/nowhere: $T/nowhere/train-images-idx3-ubyte.gz" -- \
    run --problem mlp --param "data=$T/nowhere"
bad_run 1 "data = $T/corpus/text" -- run --problem charlm --param "data=$T/corpus/text"
bad_run 1 "ntrain = 60001: the data in" -- run --problem mlp --param ntrain=60001
bad_run 1 "accepted: ntrain <= 60000" -- run --problem softmax --param ntrain=60001
bad_run 1 "ntest = 10001" -- run --problem softmax --param ntest=10001
# [MB7] ntrain at the 60000 training examples is not above them: with a
# bad ntest, the line names ntest
bad_run 1 "ntest = 10001: the data in" -- run --problem mlp --param ntrain=60000 --param ntest=10001
bad_run 1 "batch = 60001" -- run --problem mlp --param batch=60001
bad_run 1 "batch=128 is not valid with the other parameters" -- \
    run --problem mlp --param ntrain=100
bad_run 1 "widths=784,10,9 is not valid" -- run --problem mlp --param widths=784,10,9
bad_run 1 "widths=3,10 is not valid" -- run --problem mlp --param widths=3,10
bad_run 1 "--param widths=784,,10: not a valid value" -- run --problem mlp --param widths=784,,10
bad_run 1 "--param widths=784,5000,10: not a valid value" -- run --problem mlp --param widths=784,5000,10
bad_run 1 "--param batch=-1: not a valid value; batch must be an integer in [0, 100000000]" -- \
    run --problem mlp --param batch=-1
bad_run 1 "--param batch=1.5: not a valid value" -- run --problem mlp --param batch=1.5
bad_run 1 "unknown parameter 'nosuch' of problem mlp (accepted: data, widths" -- \
    run --problem mlp --param nosuch=1
bad_run 1 "--param batch: expected KEY=VALUE" -- run --problem mlp --param batch
bad_run 1 "--param =3: expected KEY=VALUE" -- run --problem mlp --param =3
bad_run 1 "hidden=4,4,4 is not valid" -- run --problem charlm --param hidden=4,4,4
bad_run 1 "embed=1024 is not valid" -- run --problem charlm --param context=17 --param embed=1024
bad_run 1 "nvalid = 300000: the data in" -- run --problem charlm --param nvalid=300000
mkdir "$T/tiny" && printf '%0100d' 0 >"$T/tiny/text"     # 90 training bytes
bad_run 1 "context = 100: the data in $T/tiny holds 89" -- run --problem charlm \
    --param "data=$T/tiny" --param context=100 --param embed=1 --param ntrain=1 --param batch=1
bad_run 1 "the mlp problem has no reference draws" -- run --problem mlp --draws reference
bad_run 1 "--dim 10: the softmax problem has no --dim" -- run --problem softmax --dim 10
bad_run 1 "--param dim=3: dim has its own option" -- run --problem rosenbrock --param dim=3
"$FANOS" run --problem mlp --param >"$T/stdout" 2>"$T/err"
[ $? -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "option --param needs a value" "$T/err" &&
    ok "fanos run --param without its value -> 2" || { no "--param without value"; cat "$T/err"; }

# ---- an experiment file with problem = mlp ---------------------------------
cat >"$T/mlp.ini" <<'EOF'
[experiment]
name = mlp_smoke
problem = mlp
widths = 784, 16, 10
ntrain = 2000
ntest = 200
batch = 128
budget = 12
loop = before-last
lr = 1e-3, 1e-2
fresh_seeds = 0..1

[method AdamW]
optimizer = adamw

[method SGD]
optimizer = sgd
set = momentum=0.9
EOF
"$FANOS" sweep "$T/mlp.ini" -o "$T/r1.csv" --threads 1 --quiet 2>"$T/err" &&
    "$FANOS" sweep "$T/mlp.ini" -o "$T/r2.csv" --threads 2 --quiet 2>>"$T/err" &&
    "$FANOS" sweep "$T/mlp.ini" -o "$T/p1.csv" --shard 1/3 --quiet 2>>"$T/err" &&
    "$FANOS" sweep "$T/mlp.ini" -o "$T/p2.csv" --shard 2/3 --quiet 2>>"$T/err" &&
    "$FANOS" sweep "$T/mlp.ini" -o "$T/p3.csv" --shard 3/3 --quiet 2>>"$T/err" &&
    "$FANOS" merge "$T/p1.csv" "$T/p2.csv" "$T/p3.csv" --expect "$T/mlp.ini" -o "$T/r3.csv" 2>>"$T/err" ||
    { no "sweep of problem = mlp failed"; cat "$T/err"; }
nosec() { cut -d, -f1-12,14- "$1"; }     # all but seconds (column 13)
[ "$(wc -l <"$T/r1.csv")" -eq 9 ] && nosec "$T/r1.csv" >"$T/a" && nosec "$T/r2.csv" >"$T/b" &&
    nosec "$T/r3.csv" >"$T/c" && cmp -s "$T/a" "$T/b" && cmp -s "$T/a" "$T/c" &&
    ok "sweep of problem = mlp: 8 rows, the same for --threads 1, 2 and three shards" ||
    { no "sweep rows differ"; cat "$T/r1.csv" "$T/r2.csv" "$T/r3.csv"; }
grep -q '^mlp_smoke,mlp,,fresh,AdamW,0.001,0,[0-9.e-]*,0,0,12,12,' "$T/r1.csv" &&
    ok "a raw row of problem = mlp: 12 evaluations" || { no "raw row"; cat "$T/r1.csv"; }
"$FANOS" stats "$T/r1.csv" -o "$T/s.csv" && [ "$(wc -l <"$T/s.csv")" -eq 5 ] &&
    ok "fanos stats on the mlp rows" || no "fanos stats on the mlp rows"
# epochs as the budget: 2000 examples in batches of 128 are 16 steps
sed 's/^budget = 12$/epochs = 2/' "$T/mlp.ini" >"$T/ep.ini"
"$FANOS" sweep "$T/ep.ini" -o "$T/e.csv" --quiet 2>"$T/err" &&
    awk -F, 'NR > 1 && ($11 != 32 || $12 != 32) { bad = 1 } END { exit bad || NR != 9 }' "$T/e.csv" &&
    ok "epochs = 2: 2 * ceil(2000 / 128) = 32 steps a run" || { no "epochs"; cat "$T/err" "$T/e.csv"; }
# [N20] the bounds of epochs, an integer in [1, 1000000]:
# 1 and 1000000 pass the check of --dry-run (its 8 runs printed, nothing on
# stderr), 0 and 1000001 are refused with one line naming the range
for e in 1 1000000; do
    sed "s/^budget = 12\$/epochs = $e/" "$T/mlp.ini" >"$T/ep.ini"
    "$FANOS" sweep "$T/ep.ini" -o "$T/dry.csv" --dry-run >"$T/stdout" 2>"$T/err" &&
        [ ! -s "$T/err" ] && [ "$(wc -l <"$T/stdout")" -eq 8 ] && [ ! -e "$T/dry.csv" ] &&
        ok "epochs = $e accepted by --dry-run" || { no "epochs = $e refused"; cat "$T/err"; }
done
for e in 0 1000001; do
    sed "s/^budget = 12\$/epochs = $e/" "$T/mlp.ini" >"$T/ep.ini"
    "$FANOS" sweep "$T/ep.ini" -o "$T/dry.csv" --dry-run >"$T/stdout" 2>"$T/err"
    rc=$?
    [ "$rc" -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && [ ! -s "$T/stdout" ] &&
        grep -F -q "epochs = $e: not an integer in range; accepted: an integer in [1, 1000000]" \
            "$T/err" && ok "epochs = $e refused: $(cat "$T/err")" ||
        { no "epochs = $e: exit $rc"; cat "$T/err"; }
done
# bad files: reference seeds, epochs beside budget, bad data, sizes above the data
expect_sweep_error() {
    rm -f "$T/o.csv"
    "$FANOS" sweep "$T/bad.ini" -o "$T/o.csv" >"$T/stdout" 2>"$T/err"
    rc=$?
    if [ "$rc" -ne 1 ] || [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -F -q -e "$2" "$T/err" ||
        ls "$T"/o.csv* >/dev/null 2>&1; then
        no "$1: exit $rc"; cat "$T/err"
    else ok "$1: $(cat "$T/err")"; fi
}
sed 's/^fresh_seeds = 0..1$/reference_seeds = 0/' "$T/mlp.ini" >"$T/bad.ini"
expect_sweep_error "reference seeds of mlp" "problem = mlp has no reference draws; accepted: fresh_seeds only"
sed 's/^budget = 12$/budget = 12\nepochs = 1/' "$T/mlp.ini" >"$T/bad.ini"
expect_sweep_error "budget and epochs" "budget and epochs are both given"
sed "s|^ntest = 200\$|data = $T/nowhere|" "$T/mlp.ini" >"$T/bad.ini"
expect_sweep_error "a missing data folder" "problem = mlp: data = $T/nowhere: $T/nowhere/train-images-idx3-ubyte.gz"
sed 's/^ntrain = 2000$/ntrain = 90000/' "$T/mlp.ini" >"$T/bad.ini"
expect_sweep_error "ntrain above the data" "ntrain = 90000: the data in"
sed 's/^batch = 128$/batch = 4000/' "$T/mlp.ini" >"$T/bad.ini"
expect_sweep_error "batch above ntrain" "batch: examples per mini-batch, at most ntrain"
sed 's/^budget = 12$/epochs = 12/; s/^problem = mlp$/problem = rosenbrock/; /^widths/d; /^ntrain/d; /^ntest/d; /^batch/d' \
    "$T/mlp.ini" >"$T/bad.ini"
expect_sweep_error "epochs for rosenbrock" "epochs = 12: does not apply to problem = rosenbrock"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
