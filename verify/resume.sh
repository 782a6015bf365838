#!/bin/sh
# resume.sh - sweeps that survive interruption: SIGINT, SIGTERM and
# SIGKILL at random points and at fixed ones (FANOS_TEST_STOP stops the
# sweep after its journal is opened, after its K-th run, before and after
# the final rename), each followed by --resume, for a first-order sweep, a
# PINN sweep and the shards of one joined by fanos merge; every final file
# is compared with an uninterrupted sweep's, every column but seconds.
# Then the journals --resume refuses, each with one line.
# [ST25] the journal: rows appended at once, read back by --resume, the
# identity line checked, a torn last line dropped, removed at the end.
# [ST22] only the missing runs run (the count the sweep reports).
set -u
FANOS=${FANOS:-$(pwd)/src/fanos}
pass=0 fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/resume.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
ok() { pass=$((pass + 1)); echo "ok: $*"; }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
seed=${RESUME_SEED:-$$}
echo "random delays from seed $seed (RESUME_SEED=$seed reruns them)"
delay() { awk -v s="$seed" -v i="$1" -v m="$2" 'BEGIN { srand(s + 7 * i); printf "%.3f", rand() * m }'; }
# every column but seconds
strip() { awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seconds") c = i } { $c = ""; print }' "$1"; }
same() { [ -f "$1" ] && [ "$(strip "$1")" = "$(strip "$2")" ]; }
stopped() {     # wait until process $1 is stopped (state T)
    i=0
    while [ $i -lt 500 ]; do
        s=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
        [ "$s" = T ] && return 0
        [ -z "$s" ] && return 1
        sleep 0.02; i=$((i + 1))
    done
    return 1
}
signum() { case $1 in INT) echo 2;; TERM) echo 15;; KILL) echo 9;; esac; }

cat > f.ini <<'INI'
[experiment]
name = K
problem = rosenbrock
dim = 100
budget = 3000
loop = before-last
lr = 1e-4, 1e-3, 3e-3, 1e-2
fresh_seeds = 0..9

[method FANoS-RMS]
optimizer = fanos

[method AdamW]
optimizer = adamw

[method L-BFGS]
optimizer = lbfgs
INI
cat > p.ini <<'INI'
[experiment]
name = P
problem = pinn
pde = burgers, allen-cahn
warmup_steps = 20
polish_iterations = 5
widths = 2, 5, 1
fresh_seeds = 0..9

[method AdamW]
optimizer = adamw
lr = 1e-3

[method FANoS]
optimizer = fanos
lr = 1e-3
INI
"$FANOS" sweep f.ini -o f_ref.csv --threads 2 --quiet || no "uninterrupted first-order sweep"
"$FANOS" sweep p.ini -o p_ref.csv --threads 2 --quiet || no "uninterrupted PINN sweep"
[ "$(wc -l < f_ref.csv)" -eq 91 ] && [ "$(wc -l < p_ref.csv)" -eq 41 ] && [ ! -e f_ref.csv.journal ] &&
    ok "uninterrupted sweeps: 90 and 40 runs, no journal left" || no "uninterrupted sweeps"

# interrupted WHEN INI OUT SIG EXTRA...: run the sweep in the background
# and send SIG once it stops at phase WHEN (FANOS_TEST_STOP), or after
# WHEN seconds when WHEN is a number; sets rc, leaves stderr in err.txt
interrupted() {
    when=$1 ini=$2 out=$3 sig=$4; shift 4
    case $when in
    [0-9]*) # from when its handler and message are in place: once the
            # journal holds a row more than before (the journal itself is
            # there earlier, and a signal then ends the sweep unsaid)
            pre=$(rows "$out")
            "$FANOS" sweep "$ini" -o "$out" --threads 2 "$@" 2> err.txt &
            pid=$!
            while kill -0 $pid 2>/dev/null && [ "$(rows "$out")" -le "$pre" ]; do
                sleep 0.01
            done
            sleep "$when"; kill -"$sig" $pid 2>/dev/null;;
    *)      FANOS_TEST_STOP=$when "$FANOS" sweep "$ini" -o "$out" --threads 2 --quiet "$@" 2> err.txt &
            pid=$!
            stopped $pid || no "the sweep did not stop at $when"
            kill -"$sig" $pid; kill -CONT $pid 2>/dev/null;;
    esac
    wait $pid; rc=$?
}
rows() { echo $(($(wc -l 2>/dev/null < "$1.journal" || echo 2) - 2)); }
# the one line a caught signal prints, with the runs saved and the command
# (saved_line OUT N MIN): the count is the journal's when the handler read
# it, at least MIN (the rows there before); the sweep's other thread may
# still append runs before the signal ends the process, so the journal
# holds that count or more
saved_line() {
    said=$(tail -n 1 err.txt | sed -n "s/^fanos: sweep interrupted: \([0-9]*\) of $2 runs are saved in $1.journal; to run the others: .* --resume\$/\1/p")
    held=$(rows "$1")
    [ "$(grep -c 'interrupted' err.txt)" -eq 1 ] && [ -n "$said" ] &&
        [ "$said" -ge "$3" ] && [ "$said" -le "$held" ] ||
        { echo "the message said ${said:-nothing} (at least $3), the journal holds $held runs"; return 1; }
}

# ---- fixed points: after the journal is opened, after run K, before and
# after the final rename
for kind in f p; do
    [ $kind = f ] && n=90 || n=40
    rm -f $kind.csv*
    interrupted journal $kind.ini $kind.csv INT
    [ $rc -eq 130 ] && saved_line $kind.csv $n 0 && grep -q ': 0 of' err.txt &&
        ok "$kind: SIGINT before any run: exit 130, '0 of $n runs saved'" || { no "$kind: SIGINT at start (exit $rc)"; cat err.txt; }
    interrupted run:7 $kind.ini $kind.csv TERM --resume
    # (the other thread may append more runs after SIGCONT: at least 7)
    [ $rc -eq 143 ] && saved_line $kind.csv $n 7 && [ ! -e $kind.csv ] &&
        ok "$kind: SIGTERM after run 7: exit 143, '$said of $n runs saved' ($held in the journal), no output" || { no "$kind: SIGTERM after run 7 (exit $rc)"; cat err.txt; }
    # the command of the message, as printed, goes on (and is stopped again
    # after 5 more runs, then killed)
    cmd=$(sed -n 's/^fanos: sweep interrupted: .* to run the others: //p' err.txt)
    (FANOS_TEST_STOP=run:12; export FANOS_TEST_STOP; eval "exec $cmd --quiet") 2> err.txt &
    pid=$!; stopped $pid && kill -KILL $pid; kill -CONT $pid 2>/dev/null; wait $pid; rc=$?
    [ $rc -eq 137 ] && [ "$(rows $kind.csv)" -eq 12 ] &&
        ok "$kind: the printed command resumes; SIGKILL after run 12 keeps 12 rows" || no "$kind: printed command (exit $rc)"
    interrupted before-rename $kind.ini $kind.csv KILL --resume
    [ $rc -eq 137 ] && [ ! -e $kind.csv ] && [ "$(rows $kind.csv)" -eq $n ] &&
        ls $kind.csv.tmp.* >/dev/null 2>&1 &&
        ok "$kind: SIGKILL before the rename: every run in the journal, no output" || no "$kind: SIGKILL before the rename (exit $rc)"
    interrupted after-rename $kind.ini $kind.csv KILL --resume
    [ $rc -eq 137 ] && same $kind.csv ${kind}_ref.csv && [ -e $kind.csv.journal ] && ! ls $kind.csv.tmp.* >/dev/null 2>&1 &&
        ok "$kind: resumed with nothing to run, SIGKILL after the rename: output complete, journal left" ||
        no "$kind: SIGKILL after the rename (exit $rc)"
    cp $kind.csv before.csv
    "$FANOS" sweep $kind.ini -o $kind.csv --threads 2 --quiet 2> err.txt
    rc=$?
    [ $rc -eq 1 ] && [ "$(wc -l < err.txt)" -eq 1 ] && grep -q "$kind.csv.journal: .*--resume" err.txt && cmp -s before.csv $kind.csv &&
        ok "$kind: an existing journal without --resume: exit 1, one line naming --resume" || { no "$kind: journal without --resume (exit $rc)"; cat err.txt; }
    "$FANOS" sweep $kind.ini -o $kind.csv --threads 2 --resume 2> err.txt
    [ $? -eq 0 ] && same $kind.csv ${kind}_ref.csv && [ ! -e $kind.csv.journal ] &&
        grep -q "$n of $n runs done; running the other 0" err.txt &&
        ok "$kind: --resume after all: the same file, journal removed" || { no "$kind: final resume"; cat err.txt; }
done

# ---- random points: SIGINT, SIGTERM, SIGKILL after random delays, each
# sweep resumed (and perhaps interrupted again) until complete
i=0
for kind in f f f p p p; do
    i=$((i + 1))
    rm -f $kind.csv*
    [ $kind = f ] && max=0.6 || max=0.3
    rounds=0 landed=""
    while [ ! -e $kind.csv ] && [ $rounds -lt 6 ]; do
        rounds=$((rounds + 1))
        set -- INT TERM KILL
        eval sig=\${$(( (i + rounds) % 3 + 1 ))}
        wait=$(delay $((i * 10 + rounds)) $max)
        before=$(rows $kind.csv)
        interrupted $wait $kind.ini $kind.csv $sig --resume
        if [ $rc -eq 0 ]; then landed="$landed done"
        elif [ $rc -eq $((128 + $(signum $sig))) ] && [ -e $kind.csv ]; then
            landed="$landed $sig-after-the-output"  # the output is complete
        elif [ $rc -eq $((128 + $(signum $sig))) ]; then
            landed="$landed $sig@${wait}s:$(rows $kind.csv)"
            # SIGKILL says nothing
            [ $sig = KILL ] || saved_line $kind.csv $([ $kind = f ] && echo 90 || echo 40) $before ||
                { no "$kind: the message after $sig"; cat err.txt; }
        else no "$kind: exit $rc after $sig"; cat err.txt; break; fi
    done
    [ -e $kind.csv ] && [ ! -e $kind.csv.journal ] ||
        "$FANOS" sweep $kind.ini -o $kind.csv --threads 2 --quiet --resume
    same $kind.csv ${kind}_ref.csv && [ ! -e $kind.csv.journal ] && ! ls $kind.csv.tmp.* >/dev/null 2>&1 &&
        ok "$kind: interrupted at random ($landed ), resumed: the uninterrupted file" || no "$kind: random interruptions ($landed )"
done

# ---- shards: each interrupted and resumed, then merged
rm -f s1.csv* s2.csv*
interrupted run:9 f.ini s1.csv INT --shard 1/2
[ $rc -eq 130 ] && saved_line s1.csv 45 9 || no "shard 1/2: SIGINT after run 9 (exit $rc)"
interrupted "$(delay 99 0.3)" f.ini s2.csv KILL --shard 2/2
"$FANOS" sweep f.ini -o s2.csv --shard 2/2 --threads 2 --quiet --resume &&
    "$FANOS" sweep f.ini -o s1.csv --shard 1/2 --threads 2 --quiet --resume &&
    "$FANOS" merge s1.csv s2.csv --expect f.ini -o merged.csv && same merged.csv f_ref.csv &&
    [ ! -e s1.csv.journal ] && [ ! -e s2.csv.journal ] &&
    ok "shards interrupted, resumed and merged: the unsharded file" || no "shards and merge"

# ---- a tuned sweep of both phases: killed in its tuning runs, then in
# its evaluation runs, resumed each time (the evaluation rows of the
# journal wait until the best trials are chosen again from its tuning rows)
cat > t.ini <<'INI'
[experiment]
name = U
problem = rosenbrock
dim = 10
budget = 200
loop = before-last
trials = 4
tuning_seeds = 100..102
evaluation_seeds = 0..2

[method AdamW]
optimizer = adamw
tune.lr = log 1e-4 .. 1e-1

[method SGD]
optimizer = sgd
set = momentum=0.9
tune.lr = log 1e-6 .. 1e-2
INI
"$FANOS" sweep t.ini -o t_ref.csv --threads 2 --quiet &&
    [ "$(grep -c ',tuning,' t_ref.csv)" -eq 24 ] && [ "$(grep -c ',evaluation,' t_ref.csv)" -eq 6 ] &&
    ok "tuned sweep: 24 tuning and 6 evaluation runs" || no "uninterrupted tuned sweep"
rm -f t.csv*
interrupted run:5 t.ini t.csv KILL
[ $rc -eq 137 ] && [ "$(rows t.csv)" -ge 5 ] || no "tuned: SIGKILL after run 5 (exit $rc)"
interrupted run:27 t.ini t.csv KILL --resume
[ $rc -eq 137 ] && [ "$(rows t.csv)" -ge 27 ] && [ "$(grep -c ',evaluation,' t.csv.journal)" -ge 3 ] ||
    no "tuned: SIGKILL after run 27, in the evaluation runs (exit $rc)"
"$FANOS" sweep t.ini -o t.csv --threads 2 --resume 2> err.txt && same t.csv t_ref.csv &&
    [ ! -e t.csv.journal ] && grep -q "24 of 24 tuning runs done; running the other 0" err.txt &&
    ok "tuned: killed in each phase, resumed: the uninterrupted file" || { no "tuned: resume"; cat err.txt; }
# a journal row of an evaluation run that is no run of the evaluation plan:
# the first evaluation row of the journal (which ones the two threads have
# finished by run 27 varies) given seed 9, neither a tuning nor an
# evaluation seed
rm -f t.csv*
interrupted run:27 t.ini t.csv KILL
sed -i '0,/,evaluation,/s/^\(U,rosenbrock,,fresh,[^,]*,[^,]*\),[0-9]*,\(.*,evaluation,\)/\1,9,\2/' t.csv.journal
grep -q '^U,rosenbrock,,fresh,[^,]*,[^,]*,9,.*,evaluation,' t.csv.journal || no "tuned: no evaluation row in the journal after run 27"
"$FANOS" sweep t.ini -o t.csv --threads 2 --quiet --resume 2> err.txt
[ $? -eq 1 ] && [ "$(wc -l < err.txt)" -eq 1 ] && grep -q "t.csv.journal:[0-9]*: the run [^ ]* .* seed=9 .*is no run of this sweep" err.txt &&
    ok "tuned: an evaluation row of another seed is refused, one line" || { no "tuned: foreign evaluation row"; cat err.txt; }

# ---- a torn last line (a row cut short) and a torn first line are dropped
rm -f f.csv*
interrupted run:20 f.ini f.csv KILL
printf 'K,rosenbrock,,fresh,FANoS-RMS,0.01,3,12.3' >> f.csv.journal
"$FANOS" sweep f.ini -o f.csv --threads 2 --resume 2> err.txt && same f.csv f_ref.csv &&
    grep -q "20 of 90 runs done; running the other 70" err.txt &&
    ok "a torn last line is dropped: 20 rows kept, 70 run" || { no "torn last line"; cat err.txt; }
# the torn line goes from the journal itself, not only from what is read
# back: a resumed sweep stopped again has its rows after the 20 whole ones,
# each a whole row of the header's width, and the next --resume completes
rm -f f.csv*
interrupted run:20 f.ini f.csv KILL
head -n 22 f.csv.journal > whole.txt
printf 'K,rosenbrock,,fresh,FANoS-RMS,0.01,3,12.3' >> f.csv.journal
interrupted run:30 f.ini f.csv KILL --resume
[ $rc -eq 137 ] && [ "$(rows f.csv)" -ge 30 ] && head -n 22 f.csv.journal | cmp -s - whole.txt &&
    [ "$(tail -c 1 f.csv.journal | od -An -c | tr -d ' ')" = '\n' ] &&
    awk -F, 'NR == 2 { n = NF } NR > 2 && NF != n { bad++ } END { exit bad > 0 }' f.csv.journal &&
    "$FANOS" sweep f.ini -o f.csv --threads 2 --quiet --resume && same f.csv f_ref.csv &&
    ok "the torn line is cut from the journal: rows appended after it are whole, a second --resume completes" ||
    { no "torn last line, resumed twice (exit $rc)"; tail -n +21 f.csv.journal | head -n 4; }
rm -f f.csv*
printf '#fanos-jou' > f.csv.journal
"$FANOS" sweep f.ini -o f.csv --threads 2 --quiet --resume && same f.csv f_ref.csv &&
    ok "a journal torn in its first line starts over" || no "torn first line"

# ---- journals --resume refuses: exit 1, one line, nothing written
rm -f f.csv* p.csv*
interrupted run:5 f.ini f.csv KILL
interrupted run:5 p.ini p.csv KILL
cp f.csv.journal good.journal
refused() {     # refused WHAT PATTERN ARGS...: exit 1, one line matching
    what=$1 pat=$2; shift 2
    cp f.csv.journal j.before
    "$FANOS" sweep "$@" --threads 2 --quiet > out.txt 2> err.txt
    rc=$?
    if [ $rc -eq 1 ] && [ "$(wc -l < err.txt)" -eq 1 ] && grep -q -- "$pat" err.txt && [ ! -e f.csv ] &&
       cmp -s j.before f.csv.journal; then ok "refused: $what"
    else no "refused: $what (exit $rc): $(cat err.txt)"; fi
}
cp p.csv.journal f.csv.journal
refused "the journal of another experiment" "the journal of another experiment, or of this file before it changed (its first line '#fanos-journal,1,P," f.ini -o f.csv --resume
cp good.journal f.csv.journal
sed 's/^budget = 3000/budget = 2999/' f.ini > f2.ini && mv f2.ini f.ini
refused "the journal of the file before it changed" "of this file before it changed (its first line '#fanos-journal,1,K,.*; accepted: the journal of this file as it was" f.ini -o f.csv --resume
sed 's/^budget = 2999/budget = 3000/' f.ini > f2.ini && mv f2.ini f.ini
refused "the journal of another shard" "the journal of another --shard (its first line '#fanos-journal,1,K,[0-9a-f]*,1/1', this sweep's '#fanos-journal,1,K,[0-9a-f]*,2/2'); accepted: the same --shard" f.ini -o f.csv --resume --shard 2/2
{ cat good.journal; sed -n 3p good.journal; } > f.csv.journal
refused "a run twice" "f.csv.journal:8: the run .* is there twice" f.ini -o f.csv --resume
{ cat good.journal; sed -n 3p good.journal | awk -F, -v OFS=, '{ $7 = 99; print }'; } > f.csv.journal
refused "a run of no plan" "f.csv.journal:8: the run .* seed=99 .* is no run of this sweep" f.ini -o f.csv --resume
awk -F, -v OFS=, 'NR == 3 { $6 = sprintf("%.1e", $6) } { print }' good.journal > f.csv.journal
refused "a key not written as the sweep writes it" "f.csv.journal:3: .* is not written as fanos sweep writes it" f.ini -o f.csv --resume
printf 'hello\n' > f.csv.journal
refused "not a journal" "f.csv.journal:1: not a journal of fanos sweep" f.ini -o f.csv --resume
cp good.journal f.csv.journal
refused "--resume with -o -" "--resume: -o - is not a file" f.ini -o - --resume
# one sweep at a time per journal (the first holds its lock while stopped)
FANOS_TEST_STOP=journal "$FANOS" sweep f.ini -o f.csv --threads 2 --quiet --resume 2>/dev/null &
pid=$!
stopped $pid
refused "a journal another sweep is writing" "another fanos sweep is writing this journal" f.ini -o f.csv --resume
kill -KILL $pid; kill -CONT $pid 2>/dev/null; wait $pid
"$FANOS" sweep f.ini -o f.csv --threads 2 --quiet --resume && same f.csv f_ref.csv &&
    ok "the same journal, once free, resumes" || no "resume after the refusals"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
