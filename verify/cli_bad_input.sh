#!/bin/sh
# cli_bad_input.sh - the fanos command against bad input.
#
# Every row of the table below is one bad invocation.  Each must
#  - exit with the row's STATUS: 2 for a usage error (an unknown option, an
#    option without its value, an unexpected or missing argument, a
#    required option missing), 1 for bad input (a value unparsable, out of
#    range or in conflict, a file that cannot be read), as every --help says,
#  - write exactly ONE line on stderr, containing the row's MUST1 text (the
#    offending input) and MUST2 text (the accepted range or rule; "-" for
#    none), and nothing on stdout,
#  - leave no output file: $W/out stays empty and no *.tmp.* file appears.
#
# Table rows:  ARGUMENTS | MUST1 | MUST2 | STATUS
# ARGUMENTS are shell words (evaluated, so quotes and $W, $NL work); $W/in
# holds the input files made below, $W/out is where outputs would go.  Add
# rows for new commands (sweep, stats, merge, pinn, ...) at the end of the
# table, or in a second table fed to run_table.  No single quote inside a
# table (each is one single-quoted shell string).
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

# Experiment files (doc/experiments.md): a good one, and one per fault.
DRAWS=$(cd "${srcdir:-.}/experiments/draws" 2>/dev/null && pwd)
EXP_HEAD='[experiment]
name = bad
problem = rosenbrock
dim = 4
budget = 5
loop = before-last'
EXP_METH='[method A]
optimizer = sgd'
ini() { f=$1; shift; printf '%s\n' "$@" > "$W/in/$f.ini"; }
ini good "$EXP_HEAD" 'lr = 0.01, 0.001' 'fresh_seeds = 0, 1' "$EXP_METH" \
    '[method L-BFGS]' 'optimizer = lbfgs'
ini refseed "$EXP_HEAD" 'lr = 0.01' 'reference_seeds = 0' "$EXP_METH"
ini nosection 'name = bad' 'problem = rosenbrock'
ini noexp "$EXP_METH" 'lr = 1'
ini nomethod "$EXP_HEAD" 'lr = 0.01' 'fresh_seeds = 0'
ini dupkey "$EXP_HEAD" 'lr = 0.01' 'fresh_seeds = 0' 'budget = 7' "$EXP_METH"
ini dupsection "$EXP_HEAD" 'lr = 0.01' 'fresh_seeds = 0' "$EXP_METH" "$EXP_METH"
ini unknownkey "$EXP_HEAD" 'lr = 0.01' 'fresh_seeds = 0' 'seeds = 3' "$EXP_METH"
ini unknownsection "$EXP_HEAD" 'lr = 0.01' 'fresh_seeds = 0' '[runs]' 'n = 1'
ini budgettype '[experiment]' 'name = bad' 'problem = rosenbrock' \
    'budget = 1e3' 'loop = before-last' 'lr = 0.1' 'fresh_seeds = 0' "$EXP_METH"
ini dimtype '[experiment]' 'name = bad' 'problem = rosenbrock' 'dim = 3.5' \
    'budget = 5' 'loop = before-last' 'lr = 0.1' 'fresh_seeds = 0' "$EXP_METH"
ini problemtype '[experiment]' 'name = bad' 'problem = 1' 'budget = 5' \
    'loop = before-last' 'lr = 0.1' 'fresh_seeds = 0' "$EXP_METH"
ini lrtype "$EXP_HEAD" 'lr = 0.1, fast' 'fresh_seeds = 0' "$EXP_METH"
ini lrempty "$EXP_HEAD" 'lr =' 'fresh_seeds = 0' "$EXP_METH"
ini seedtype "$EXP_HEAD" 'lr = 0.1' 'fresh_seeds = zero' "$EXP_METH"
ini cliptype "$EXP_HEAD" 'lr = 0.1' 'fresh_seeds = 0' "$EXP_METH" 'clip = nan'
ini settype "$EXP_HEAD" 'lr = 0.1' 'fresh_seeds = 0' "$EXP_METH" \
    'set = momentum=high'
ini colon "$EXP_HEAD" 'lr: 0.1' 'fresh_seeds = 0' "$EXP_METH"
ini quaddim '[experiment]' 'name = bad' 'problem = quadratic' 'dim = 20000' \
    'cond = 10' 'budget = 5' 'loop = after-last' 'lr = 0.1' 'fresh_seeds = 0' \
    "$EXP_METH"
ini manyseeds "$EXP_HEAD" 'lr = 0.1' 'fresh_seeds = 0..99999999' "$EXP_METH"
printf '%s\n' "$EXP_HEAD" 'lr = 0.1' 'fresh_seeds = 0' '[method A]' \
    'optimizer = sgd' | tr 'g' '\000' > "$W/in/nul.ini"
: > "$W/in/empty.ini"

# Raw CSVs of fanos sweep, and faults in them.
RAW_H=experiment,problem,param,draws,method,lr,seed,final_loss,diverged,diverged_step,evals,steps,seconds
printf '%s\n' "$RAW_H" 'E,rosenbrock,,fresh,A,0.1,0,1.5,0,0,5,5,0.01' \
    'E,rosenbrock,,fresh,A,0.1,1,2.5,0,0,5,5,0.01' > "$W/in/raw1.csv"
printf '%s\n' "$RAW_H" 'E,rosenbrock,,fresh,A,0.1,2,0.5,0,0,5,5,0.01' > "$W/in/raw2.csv"
printf '%s\n' "$RAW_H" 'E,rosenbrock,,fresh,A,0.1,1,2.5,0,0,5,5,0.01' > "$W/in/rawdup.csv"
printf '%s\n' "$(echo "$RAW_H" | sed 's/seed,final_loss/final_loss,seed/')" \
    'E,rosenbrock,,fresh,A,0.1,2.5,1,0,0,5,5,0.01' > "$W/in/rawswap.csv"
printf '%s\n' "$RAW_H,extra" 'E,rosenbrock,,fresh,A,0.1,2,0.5,0,0,5,5,0.01,x' > "$W/in/rawwide.csv"
printf '%s\n' "$RAW_H" 'E,rosenbrock,,fresh,A,0.1,0,fast,0,0,5,5,0.01' > "$W/in/rawloss.csv"
printf '%s\n' "$RAW_H" 'E,rosenbrock,,fresh,A,0.1,0,1.5,0,0,5,5,0.01' \
    'E,rosenbrock,,fresh,A,0.1,1,2.5,0,0,5' > "$W/in/rawtrunc.csv"
printf '%s\n' "$RAW_H" 'E,rosenbrock,,fresh,A,0.1,0,1.5,0,0,5,5,"0.01' > "$W/in/rawquote.csv"
printf '%s\n' "$RAW_H" 'E,rosenbrock,,fresh,A,0.1,0,1.5,2,0,5,5,0.01' > "$W/in/rawdiv.csv"
printf '%s\n' "$RAW_H" 'E,rosenbrock,,new,A,0.1,0,1.5,0,0,5,5,0.01' > "$W/in/rawdraws.csv"
printf '%s\n' "$RAW_H" 'E,rosenbrock,,fresh,A,-0.1,0,1.5,0,0,5,5,0.01' > "$W/in/rawlr.csv"
printf '%s\n' "$RAW_H" 'E,rosenbrock,,fresh,A,0.1,-3,1.5,0,0,5,5,0.01' > "$W/in/rawseed.csv"
printf '%s\n' "$RAW_H" 'E,rosenbrock,,fresh,A,0.1,0,inf,0,0,5,5,0.01' > "$W/in/rawinf.csv"
printf 'experiment,problem,param,draws,method,lr,count\n' > "$W/in/summary.csv"

# ---- the table ---------------------------------------------------------
TABLE_RUN='
| no command given | - | 2
bogus | bogus | - | 2
"" | unknown command | - | 2
--bogus | --bogus | - | 2
run --bogus | --bogus | - | 2
run extra | extra | - | 2
run -d 3 | -d | - | 2
run --problem sphere | sphere | rosenbrock | 1
run --problem "" | --problem | rosenbrock | 1
run --problem "a${NL}b" | --problem a\nb | rosenbrock | 1
run --optimizer adamz | adamz | known: sgd, adamw, rmsprop, fanos | 1
run --optimizer FANOS-SGD | FANOS-SGD | known: sgd, adamw, rmsprop, fanos | 1
run --optimizer "" | --optimizer | known: sgd, adamw, rmsprop, fanos | 1
run --final middle | middle | before-last or after-last | 1
run --dim | --dim | needs a value | 2
run --set | --set | needs a value | 2
run --budget 10 --trace | --trace | needs a value | 2
run --set lr | --set lr | key=value | 1
run --set =1 | =1 | key=value | 1
run --set bogus=1 | bogus | fanos params fanos | 1
run --set LR=1e-3 | LR | fanos params fanos | 1
run --dim 0 | --dim 0 | [2, 100000000] | 1
run --dim 1 | --dim 1 | [2, 100000000] | 1
run --dim -1 | --dim -1 | [2, 100000000] | 1
run --dim 1e12 | --dim 1e12 | [2, 100000000] | 1
run --dim 99999999999999999999 | 99999999999999999999 | [2, 100000000] | 1
run --dim 100000001 | 100000001 | [2, 100000000] | 1
run --dim 3.5 | --dim 3.5 | [2, 100000000] | 1
run --dim abc | --dim abc | [2, 100000000] | 1
run --dim "" | --dim | [2, 100000000] | 1
run --dim " 5" | --dim  5 | [2, 100000000] | 1
run --dim 0x10 | 0x10 | [2, 100000000] | 1
run --dim=1 | --dim 1 | [2, 100000000] | 1
run --budget 0 | --budget 0 | [1, 1000000000] | 1
run --budget -1 | --budget -1 | [1, 1000000000] | 1
run --budget 1e3 | --budget 1e3 | [1, 1000000000] | 1
run --budget 1000000001 | 1000000001 | [1, 1000000000] | 1
run --budget 18446744073709551616 | 18446744073709551616 | [1, 1000000000] | 1
run --budget abc | --budget abc | [1, 1000000000] | 1
run --budget "10 " | --budget 10 | [1, 1000000000] | 1
run --seed -1 | --seed -1 | [0, 4294967294] | 1
run --seed 4294967295 | 4294967295 | [0, 4294967294] | 1
run --seed 99999999999999999999 | 99999999999999999999 | [0, 4294967294] | 1
run --seed 1.5 | --seed 1.5 | [0, 4294967294] | 1
run --seed x | --seed x | [0, 4294967294] | 1
run --clip -1 | --clip -1 | [0, inf) | 1
run --clip nan | --clip nan | [0, inf) | 1
run --clip inf | --clip inf | [0, inf) | 1
run --clip -inf | --clip -inf | [0, inf) | 1
run --clip abc | --clip abc | [0, inf) | 1
run --clip 1e-3x | 1e-3x | [0, inf) | 1
run --clip 1e999 | 1e999 | [0, inf) | 1
run --clip "" | --clip | [0, inf) | 1
run --set T0_max=0 --set T0_min=1e-9 | T0_min=1e-09 | T0_max | 1
run --set lr=0.5 --set weight_decay=2 | weight_decay=2 | lr * weight_decay < 1 | 1
run --set lr=1 --set weight_decay=1 | weight_decay=1 | lr * weight_decay < 1 | 1
run --optimizer adam-eqbeta --set beta2=0.9999999999999999 | beta2=0.9999999999999999 conflicts | (= beta1) | 1
run --optimizer adam-eqbeta --set beta1=0.9 | beta1=0.9 conflicts with beta2=0.95 (its default) of adam-eqbeta | beta2 is the EMA factor of the squared gradient (= beta1) | 1
run --optimizer adam-eqbeta --set beta1=0.30000000000000004 | beta1=0.30000000000000004 conflicts with beta2=0.95 (its default) | (= beta1) | 1
run --optimizer adam-eqbeta --set beta1=0.9 --set beta2=0.8 | beta2=0.8 conflicts with the other parameters of adam-eqbeta | (= beta1) | 1
run --optimizer adamw --set lr=200 | lr=200 conflicts with weight_decay=0.01 (its default) of adamw | lr * weight_decay < 1 | 1
run --optimizer adamw --set weight_decay=0.01 --set lr=200 | weight_decay=0.01 conflicts with lr=200 of adamw | lr * weight_decay < 1 | 1
run --cond 1.0000000000000002 | --cond 1.0000000000000002: | --problem quadratic | 1
pinn --problem burgers --warmup adam-eqbeta --draws fresh --set beta1=0.9 | beta1=0.9 conflicts with beta2=0.95 (its default) of adam-eqbeta | (= beta1) | 1
run --dim 3 --x0 "$W/in/nowhere.txt" | nowhere.txt | No such file | 1
run --dim 3 --x0 "$W/in/dangling.txt" | dangling.txt | No such file | 1
run --dim 3 --x0 "$W/in/adir" | adir | Is a directory | 1
run --dim 3 --x0 "" | --x0 | cannot read | 1
run --dim 3 --x0 "$W/in/empty.txt" | empty.txt | exactly 3 | 1
run --dim 3 --x0 "$W/in/comments.txt" | comments.txt | exactly 3 | 1
run --dim 3 --x0 "$W/in/word.txt" | word.txt:1:5: value | finite number | 1
run --dim 3 --x0 "$W/in/line3.txt" | line3.txt:3:1: value | finite number | 1
run --dim 3 --x0 "$W/in/nan.txt" | nan.txt:1:5: value | finite number | 1
run --dim 3 --x0 "$W/in/inf.txt" | inf.txt:1:5: value | finite number | 1
run --dim 3 --x0 "$W/in/minf.txt" | minf.txt:1:5: value | finite number | 1
run --dim 3 --x0 "$W/in/few.txt" | few.txt: 2 numbers | exactly 3 | 1
run --dim 3 --x0 "$W/in/many.txt" | many.txt: at least 4 numbers | exactly 3 | 1
run --dim 3 --x0 "$W/in/comment_many.txt" | comment_many.txt | exactly 3 | 1
run --dim 3 --x0 "$W/in/garbage.txt" | garbage.txt:1:5: value | finite number | 1
run --dim 3 --x0 "$W/in/overflow.txt" | overflow.txt:1:1: value | finite number | 1
run --dim 3 --x0 "$W/in/hex.txt" | hex.txt:1:1: value | finite number | 1
run --dim 3 --x0 "$W/in/nul.txt" | nul.txt:1:2: value | finite number | 1
run --dim 3 --x0 "$W/in/semicolon.txt" | semicolon.txt:1:1: value | finite number | 1
run --dim 3 --x0 "$W/in/huge.txt" | huge.txt:1:1: value | finite number | 1
run --dim 4 --x0 "$W/in/good.txt" | good.txt: 3 numbers | exactly 4 | 1
run --budget 5 --trace "$W/out/missing/t.csv" | missing/t.csv | cannot write | 1
run --budget 5 --trace "" | --trace | needs a file name | 1
run --dim 3 --budget 5 --trace "$W/in/adir" | adir | is a directory | 1
run --trace "$W/out/t.csv" --dim 0 | --dim 0 | [2, 100000000] | 1
run --trace "$W/out/t.csv" --set lr=nan | lr=nan | (0, inf) | 1
run --trace "$W/out/t.csv" --dim 3 --x0 "$W/in/empty.txt" | empty.txt | exactly 3 | 1
run --trace "$W/out/t.csv" --set T0_min=1 | T0_min=1 | T0_max | 1
run --trace "$W/out/t.csv" --optimizer nope | nope | known: sgd, adamw, rmsprop, fanos | 1
params bogus | bogus | known: sgd, adamw, rmsprop, fanos | 1
params --bogus | --bogus | - | 2
params fanos fanos | only one optimizer | - | 2
'

# `fanos run` with the quadratic, the reference draws and L-BFGS.
TABLE_RUN_PROBLEMS='
run --problem quadratic --cond 0 | --cond 0 | [1, inf) | 1
run --problem quadratic --cond -1 | --cond -1 | [1, inf) | 1
run --problem quadratic --cond nan | --cond nan | [1, inf) | 1
run --problem quadratic --cond 1e400 | --cond 1e400 | [1, inf) | 1
run --problem quadratic --cond inf | --cond inf | [1, inf) | 1
run --problem quadratic --cond "" | --cond | [1, inf) | 1
run --problem quadratic --cond 10x | --cond 10x | [1, inf) | 1
run --cond 10 | --cond 10 | --problem quadratic | 1
run --draws bogus | --draws bogus | fresh or reference | 1
run --draws "" | --draws | fresh or reference | 1
run --draws reference --draws-dir "$DRAWS" --dim 50 | 50 | 100 | 1
run --draws reference --draws-dir "$DRAWS" --seed 10 | --seed 10 | rosenbrock 0..9 | 1
run --problem quadratic --draws reference --draws-dir "$DRAWS" --dim 50 | 50 | D = 100 | 1
run --problem quadratic --draws reference --draws-dir "$DRAWS" --seed 10 | --seed 10 | quadratic 0..2 | 1
run --draws reference --draws-dir "$W/in/adir" | adir | cannot read | 1
run --problem quadratic --dim 10001 | 10001 | 2 <= D <= 10000 | 1
run --optimizer lbfgs --set m=0 | m=0 | [1, 1000] | 1
run --optimizer lbfgs --set m=1001 | m=1001 | [1, 1000] | 1
run --optimizer lbfgs --set m=abc | m=abc | [1, 1000] | 1
run --optimizer lbfgs --set linesearch=bogus | linesearch=bogus | strong-wolfe | 1
run --optimizer lbfgs --set history=5 | history | fanos params lbfgs | 1
run --optimizer lbfgs --set max_iterations=-1 | max_iterations=-1 | integer | 1
run --optimizer lbfgs --set lr=0.1 | lr | lbfgs | 1
'

# sweep, merge, stats and stability.
TABLE_SWEEP='
sweep | no experiment file | --help | 2
sweep --bogus "$W/in/good.ini" -o r.csv | --bogus | --help | 2
sweep "$W/in/good.ini" "$W/in/good.ini" -o r.csv | one experiment file only | - | 2
sweep "$W/in/good.ini" | no output file | -o RAW.csv | 2
sweep "$W/in/good.ini" -o | -o | needs a value | 2
sweep "$W/in/nowhere.ini" -o r.csv | nowhere.ini | No such file | 1
sweep "$W/in/adir" -o r.csv | adir | Is a directory | 1
sweep "$W/in/empty.ini" -o r.csv | empty.ini:1 | [experiment] | 1
sweep "$W/in/nosection.ini" -o r.csv | nosection.ini:1 | start the file with [experiment] | 1
sweep "$W/in/noexp.ini" -o r.csv | noexp.ini:1 | missing section [experiment] | 1
sweep "$W/in/nomethod.ini" -o r.csv | nomethod.ini:8 | [method NAME] | 1
sweep "$W/in/dupkey.ini" -o r.csv | dupkey.ini:9 | a key may appear once | 1
sweep "$W/in/dupsection.ini" -o r.csv | dupsection.ini:11 | each section may appear once | 1
sweep "$W/in/unknownkey.ini" -o r.csv | unknownkey.ini:9: [experiment] seeds | name, problem, dim | 1
sweep "$W/in/unknownsection.ini" -o r.csv | unknownsection.ini:9: [runs] | [experiment], [method NAME] | 1
sweep "$W/in/budgettype.ini" -o r.csv | budgettype.ini:4: [experiment] budget = 1e3 | [1, 1000000000] | 1
sweep "$W/in/dimtype.ini" -o r.csv | dimtype.ini:4: [experiment] dim = 3.5 | [2, 100000000] | 1
sweep "$W/in/problemtype.ini" -o r.csv | problem = 1 | rosenbrock, quadratic | 1
sweep "$W/in/lrtype.ini" -o r.csv | lr = 0.1, fast | distinct numbers > 0 | 1
sweep "$W/in/lrempty.ini" -o r.csv | lrempty.ini:7: [experiment] lr = : empty list | distinct numbers > 0 | 1
sweep "$W/in/seedtype.ini" -o r.csv | fresh_seeds = zero | [0, 4294967294] | 1
sweep "$W/in/cliptype.ini" -o r.csv | clip = nan | a number >= 0 | 1
sweep "$W/in/settype.ini" -o r.csv | momentum=high | momentum in | 1
sweep "$W/in/colon.ini" -o r.csv | colon.ini:7 | key = value | 1
sweep "$W/in/quaddim.ini" -o r.csv | dim = 20000 | [2, 10000] | 1
sweep "$W/in/manyseeds.ini" -o r.csv | 0..99999999 | at most 1000000 seeds | 1
sweep "$W/in/nul.ini" -o r.csv | nul.ini:5 | text file | 1
sweep "$W/in/good.ini" -o r.csv --shard 0/3 | --shard 0/3 | 1 <= K <= N | 1
sweep "$W/in/good.ini" -o r.csv --shard 4/3 | --shard 4/3 | 1 <= K <= N | 1
sweep "$W/in/good.ini" -o r.csv --shard 1/0 | --shard 1/0 | 1 <= K <= N | 1
sweep "$W/in/good.ini" -o r.csv --shard x/y | --shard x/y | 1 <= K <= N | 1
sweep "$W/in/good.ini" -o r.csv --shard 1/3/5 | --shard 1/3/5 | 1 <= K <= N | 1
sweep "$W/in/good.ini" -o r.csv --shard 3 | --shard 3 | 1 <= K <= N | 1
sweep "$W/in/good.ini" -o r.csv --shard /3 | --shard /3 | 1 <= K <= N | 1
sweep "$W/in/good.ini" -o r.csv --shard "" | --shard | 1 <= K <= N | 1
sweep "$W/in/good.ini" -o r.csv --shard 1/1000001 | 1/1000001 | N <= 1000000 | 1
sweep "$W/in/good.ini" -o r.csv --threads 0 | --threads 0 | [1, 1024] | 1
sweep "$W/in/good.ini" -o r.csv --threads 1025 | --threads 1025 | [1, 1024] | 1
sweep "$W/in/good.ini" -o r.csv --threads -1 | --threads -1 | [1, 1024] | 1
sweep "$W/in/good.ini" -o r.csv --threads abc | --threads abc | [1, 1024] | 1
sweep "$W/in/good.ini" -o r.csv --threads "" | --threads | [1, 1024] | 1
sweep "$W/in/good.ini" -o "$W/out/missing/r.csv" | missing/r.csv | No such file | 1
sweep "$W/in/good.ini" -o "" | empty output file name | accepted: -o FILE | 1
sweep "$W/in/refseed.ini" --draws-dir "$W/in/adir" -o r.csv | refseed.ini:8: reference_seeds: seed 0 | --draws-dir | 1
merge | merge | -o RAW.csv | 2
merge --bogus "$W/in/raw1.csv" -o m.csv | --bogus | --help | 2
merge "$W/in/raw1.csv" | merge | -o RAW.csv | 2
merge -o m.csv | merge | A.csv B.csv | 2
merge "$W/in/nowhere.csv" -o m.csv | nowhere.csv | No such file | 1
merge "$W/in/adir" -o m.csv | adir | Is a directory | 1
merge "$W/in/empty.txt" -o m.csv | empty.txt | expected the header experiment | 1
merge "$W/in/raw1.csv" "$W/in/rawswap.csv" -o m.csv | rawswap.csv:1: column 7 | not a raw CSV | 1
merge "$W/in/raw1.csv" "$W/in/rawwide.csv" -o m.csv | rawwide.csv:1: 14 fields | expected 13 | 1
merge "$W/in/raw1.csv" "$W/in/summary.csv" -o m.csv | summary.csv:1: 7 fields | expected 13 | 1
merge "$W/in/raw1.csv" "$W/in/raw1.csv" -o m.csv | raw1.csv:2 | each run once | 1
merge "$W/in/raw1.csv" "$W/in/rawdup.csv" -o m.csv | rawdup.csv:2 | each run once | 1
merge "$W/in/raw1.csv" "$W/in/rawtrunc.csv" -o m.csv | rawtrunc.csv:3: 11 fields | expected 13 | 1
merge "$W/in/raw1.csv" "$W/in/rawquote.csv" -o m.csv | rawquote.csv:2 | malformed CSV | 1
merge "$W/in/raw1.csv" "$W/in/rawdraws.csv" -o m.csv | draws | reference, fresh | 1
merge "$W/in/raw1.csv" "$W/in/raw2.csv" --expect "$W/in/good.ini" -o m.csv | --expect | plan | 1
merge "$W/in/raw1.csv" --expect "$W/in/dupkey.ini" -o m.csv | dupkey.ini:9 | a key may appear once | 1
merge "$W/in/raw1.csv" --expect "$W/in/nowhere.ini" -o m.csv | nowhere.ini | No such file | 1
merge "$W/in/raw1.csv" -o "$W/out/missing/m.csv" | missing/m.csv | No such file | 1
stats | stats | -o SUMMARY.csv | 2
stats --bogus "$W/in/raw1.csv" -o s.csv | --bogus | --help | 2
stats -o s.csv | stats | RAW.csv... | 2
stats "$W/in/nowhere.csv" -o s.csv | nowhere.csv | No such file | 1
stats "$W/in/empty.txt" -o s.csv | empty.txt | expected the header experiment | 1
stats "$W/in/rawswap.csv" -o s.csv | rawswap.csv:1: column 7 | not a raw CSV | 1
stats "$W/in/summary.csv" -o s.csv | summary.csv:1 | expected 13 | 1
stats "$W/in/rawloss.csv" -o s.csv | rawloss.csv:2: final_loss | a finite number | 1
stats "$W/in/rawinf.csv" -o s.csv | rawinf.csv:2: final_loss | a finite number | 1
stats "$W/in/rawtrunc.csv" -o s.csv | rawtrunc.csv:3: 11 fields | expected 13 | 1
stats "$W/in/rawquote.csv" -o s.csv | rawquote.csv:2 | malformed CSV | 1
stats "$W/in/rawdiv.csv" -o s.csv | rawdiv.csv:2: diverged | 0, 1 | 1
stats "$W/in/rawlr.csv" -o s.csv | rawlr.csv:2: lr | a number > 0 | 1
stats "$W/in/rawseed.csv" -o s.csv | rawseed.csv:2: seed | [0, 4294967294] | 1
stats "$W/in/raw1.csv" "$W/in/rawdup.csv" -o s.csv | rawdup.csv:2 | each run once | 1
stats "$W/in/raw1.csv" -o s.csv --resamples 0 | --resamples 0 | [1, 100000000] | 1
stats "$W/in/raw1.csv" -o s.csv --level 1 | --level 1 | (0, 1) | 1
stats "$W/in/raw1.csv" -o s.csv --level nan | --level nan | (0, 1) | 1
stats "$W/in/raw1.csv" -o s.csv --seed -1 | --seed -1 | [0, 4294967294] | 1
stats "$W/in/raw1.csv" -o "$W/out/missing/s.csv" | missing/s.csv | No such file | 1
stability --nw 0 -o st.csv | --nw 0 | [2, 10000] | 1
stability --nw 1 -o st.csv | --nw 1 | [2, 10000] | 1
stability --nw 10001 -o st.csv | --nw 10001 | [2, 10000] | 1
stability --nw abc -o st.csv | --nw abc | [2, 10000] | 1
stability --nw "" -o st.csv | --nw | [2, 10000] | 1
stability --nz 0 -o st.csv | --nz 0 | [2, 10000] | 1
stability --nz 1e3 -o st.csv | --nz 1e3 | [2, 10000] | 1
stability --nw | --nw | needs a value | 2
stability --bogus -o st.csv | --bogus | --help | 2
stability extra -o st.csv | extra | --help | 2
stability --nw 2 --nz 2 | -o FILE | required | 2
stability --nw 2 --nz 2 -o "$W/out/missing/st.csv" | missing/st.csv | No such file | 1
stability --nw 2 --nz 2 -o "" | empty output file name | accepted: -o FILE | 1
'

# Usage errors of every command (exit status 2): an unknown option, an
# argument where none is taken, a required option or argument missing; the
# options that are missing their value are generated by usage_rows below.
TABLE_USAGE='
run --dim 3 extra | extra | fanos run --help | 2
--version extra | extra | fanos --help | 2
-V extra | extra | fanos --help | 2
--help nope | nope | unknown command | 2
--help run extra | extra | fanos --help | 2
help stats extra | extra | fanos --help | 2
run --budget 5 -- | -- | fanos run --help | 2
pinn --bogus --problem burgers --warmup fanos | --bogus | fanos pinn --help | 2
pinn --problem burgers --warmup fanos extra | extra | fanos pinn --help | 2
pinn --warmup adamw | --problem is required | fanos pinn --help | 2
pinn --problem burgers | --warmup is required | fanos pinn --help | 2
pinn | --problem is required | fanos pinn --help | 2
pinn --warmup adamw --problem heat --draws maybe | --problem heat | burgers, allen-cahn | 1
stability --nw 2 --nz 2 extra -o st.csv | extra | fanos stability --help | 2
params -x | -x | fanos params --help | 2
bench nosuch | nosuch | steps, pinn | 2
bench --bogus | --bogus | steps, pinn | 2
bench steps --bogus | --bogus | fanos bench steps --help | 2
bench steps extra | extra | fanos bench steps --help | 2
bench steps --reps 0 | --reps 0 | [1, 101] | 1
bench steps --reps x | --reps x | [1, 101] | 1
bench steps --dmax 2e5 | --dmax 2e5 | 1e5, 1e6, 1e7 | 1
bench pinn --bogus | --bogus | fanos bench pinn --help | 2
bench data --bogus t.ini | --bogus | fanos bench data --help | 2
bench data --reps 0 t.ini | --reps 0 | [1, 101] | 1
bench data t.ini --reps 102 | --reps 102 | [1, 101] | 1
bench data --repss 3 t.ini | --repss | did you mean --reps? | 2
bench data t.ini --reps | --reps needs a value | --reps | 2
bench data | no experiment file | fanos bench data [--reps N] FILE.ini | 2
bench pinn extra | extra | fanos bench pinn --help | 2
bench pinn --block 0 | --block 0 | [1, 4096] | 1
sweep "$W/in/good.ini" -o r.csv --bogus | --bogus | fanos sweep --help | 2
stats "$W/in/raw1.csv" -o s.csv -x | -x | fanos stats --help | 2
merge "$W/in/raw1.csv" -o m.csv --bogus | --bogus | fanos merge --help | 2
'
# The options that take a value, each given without one (last on the line).
# Rows:  COMMAND AND ITS REQUIRED ARGUMENTS | OPTIONS
VALUE_OPTIONS='
run | --problem --dim --cond --optimizer --set --budget --seed --draws --draws-dir --x0 --clip --final --trace
pinn --problem burgers --warmup fanos | --problem --warmup --set --seed --draws --draws-dir --warmup-steps --polish-iterations --widths
stability -o st.csv | --nw --nz -o
sweep "$W/in/good.ini" -o r.csv | --shard --threads --draws-dir -o --output
merge "$W/in/raw1.csv" -o m.csv | --expect -o --output
stats "$W/in/raw1.csv" -o s.csv | --resamples --level --seed -o --output
bench steps | --csv --reps --dmax
bench pinn | --block --reps --rounds
'
usage_rows()
{
    printf '%s\n' "$VALUE_OPTIONS" | while IFS='|' read -r cmd opts; do
        [ -z "$opts" ] && continue
        for o in $opts; do
            echo "$(trim "$cmd") $o | option $o needs a value | - | 2"
        done
    done
}

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
            echo "run --optimizer $opt --set $name=$v | $name=$v | $range | 1"
        done
        echo "run --optimizer $opt --set $name= | $name= | $range | 1"
        echo "run --optimizer $opt --set \"$name= 1\" | $name= 1 | $range | 1"
        echo "run --optimizer $opt --set \"$name=1 \" | $name=1  | $range | 1"
    done
    printf '%s\n' "$BOOL_PARAMS" | while IFS='|' read -r opt name; do
        opt=$(trim "$opt") name=$(trim "$name")
        [ -z "$name" ] && continue
        for v in $BOOL_GARBAGE; do
            echo "run --optimizer $opt --set $name=$v | $name=$v | {0, 1} | 1"
        done
        echo "run --optimizer $opt --set $name= | $name= | {0, 1} | 1"
        echo "run --optimizer $opt --set \"$name= 1\" | $name= 1 | {0, 1} | 1"
    done
}

pass=0
fail=0

# One row: run it, then check exit status, stderr, stdout and leftovers.
check_row()
{
    args=$1 must1=$2 must2=$3 want=$4
    eval "set -- $args"
    (cd "$W/out" && exec $TIMEOUT "$FANOS_ABS" "$@") \
        > "$W/stdout" 2> "$W/stderr"
    rc=$?
    why=
    left=$(leftovers)
    nlines=$(wc -l < "$W/stderr")
    if [ "$want" != 1 ] && [ "$want" != 2 ]; then
        why="the row gives no STATUS (1 or 2)"
    elif [ "$rc" -ne "$want" ]; then
        why="exit status $rc, expected $want"
    elif [ "$nlines" -ne 1 ] || [ -n "$(tail -c 1 "$W/stderr")" ]; then
        why="$nlines lines on stderr"
    elif ! grep -F -q -e "$must1" "$W/stderr"; then
        why="stderr does not name '$must1'"
    elif [ "$must2" != "-" ] && ! grep -F -q -e "$must2" "$W/stderr"; then
        why="stderr does not give '$must2'"
    elif [ -s "$W/stdout" ]; then
        why="output on stdout"
    elif [ -n "$left" ]; then
        why="left $left"
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
    [ -z "$left" ] || { rm -rf "$W/out" && mkdir "$W/out"; }
}

# The names in $W/out, on one line (a glob, not ls: a process less a row).
leftovers()
{
    for f in "$W/out"/* "$W/out"/.[!.]* "$W/out"/..?*; do
        if [ -e "$f" ] || [ -L "$f" ]; then printf '%s ' "${f##*/}"; fi
    done
}

# (in the shell: the table has some 600 rows, and a process a field
# would double the run's time)
strip()   # strip NAME: trims the variable NAME in place
{
    eval "t=\$$1"
    t=${t#"${t%%[![:space:]]*}"}
    t=${t%"${t##*[![:space:]]}"}
    eval "$1=\$t"
}
trim()
{
    s=$1; strip s; printf '%s' "$s"
}

run_table()
{
    while IFS='|' read -r a m1 m2 st; do
        [ -z "$a$m1$m2$st" ] && continue
        strip a; strip m1; strip m2; strip st
        check_row "$a" "$m1" "$m2" "$st"
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
# and the good paths of the other commands on the inputs the rows spoil
if ! (cd "$W/out" && "$FANOS_ABS" sweep "$W/in/good.ini" -o r.csv --quiet &&
      "$FANOS_ABS" merge "$W/in/raw1.csv" "$W/in/raw2.csv" -o m.csv &&
      "$FANOS_ABS" stats "$W/in/raw1.csv" "$W/in/raw2.csv" -o s.csv &&
      "$FANOS_ABS" stats r.csv -o s2.csv &&
      "$FANOS_ABS" stability --nw 2 --nz 2 -o st.csv) ||
   [ "$(wc -l < "$W/out/r.csv")" -ne 7 ] || [ ! -s "$W/out/st.csv" ]; then
    echo "FAIL: a good sweep, merge, stats or stability failed"
    fail=$((fail + 1))
fi
rm -rf "$W/out" && mkdir "$W/out"

run_table "$TABLE_RUN"
run_table "$(param_rows)"
run_table "$TABLE_RUN_PROBLEMS"
run_table "$TABLE_SWEEP"
run_table "$TABLE_USAGE"
run_table "$(usage_rows)"

# Every --help states the rule of the statuses checked above.
for cmd in run pinn stability sweep merge stats params bench "bench steps" \
           "bench pinn"; do
    # shellcheck disable=SC2086
    h=$("$FANOS_ABS" $cmd --help | tr '\n' ' ')
    case $h in
        *"1 on bad input"*"2 on a usage error (an unknown option, an option without its value, an unexpected or missing argument, a required option missing)"*)
            pass=$((pass + 1)) ;;
        *) fail=$((fail + 1)); echo "FAIL: fanos $cmd --help: no exit status rule" ;;
    esac
done

# fanos --help lists the commands, one line each, and points to their own
# --help (it is not the help of run); fanos --help COMMAND is that help.
h=$("$FANOS_ABS" --help)
for cmd in run params stability sweep merge stats pinn bench; do
    if [ "$(printf '%s\n' "$h" | grep -c "^  $cmd  ")" -eq 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL: fanos --help: no one line for $cmd"
    fi
done
case $h in
    *--budget*|*"Optimizers and their parameters"*)
        fail=$((fail + 1)); echo "FAIL: fanos --help prints the help of run" ;;
    *"fanos COMMAND --help"*"2 on a usage error"*) pass=$((pass + 1)) ;;
    *) fail=$((fail + 1)); echo "FAIL: fanos --help: no pointer or exit rule" ;;
esac
if [ "$("$FANOS_ABS" --help run)" = "$("$FANOS_ABS" run --help)" ] &&
   [ "$("$FANOS_ABS" help bench)" = "$("$FANOS_ABS" bench --help)" ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL: fanos --help COMMAND is not COMMAND --help"
fi
# the man page (built by make before the tests) keeps every command's help
if [ -f fanos.1 ] && grep -q '^\.SH "COMMANDS IN DETAIL"' fanos.1 &&
   grep -q -- 'budget N' fanos.1 && grep -q 'fanos bench steps' fanos.1; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL: fanos.1 lacks the commands' help"
fi

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
