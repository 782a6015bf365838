#!/bin/sh
# readme_commands.sh - every shell example of README.md, as written.
#
# Each ```sh block of README.md (and each file it shows) follows a marker
# line that says how it is run here:
#   <!-- ci:setup -->     the set-up command: what CI runs first (.ci/run);
#                         not here
#   <!-- ci:example-* --> C examples of the library, compiled by their own
#                         tests (readme_experiment.sh), not here
#   <!-- ci:dry-run -->   make with -n (the README gives its run time)
#   <!-- ci:run -->       as written, with sh -e, in a folder that holds
#                         src/ (the built command), experiments/ and paper/
#                         of the tree, as the top of a built source tree
#                         does; cc is $CC
#   <!-- ci:make -->      as written, make in the build tree with its
#                         results under this folder (R=) instead of build/
#   <!-- ci:cluster -->   as written, with fanos on PATH and stand-ins for
#                         sbatch (the array's tasks one after another) and
#                         GNU parallel (the jobs one after another, here)
#   <!-- ci:file NAME --> the block (any language) is the file NAME, written
#                         for the blocks after it
# (the C example of the library, <!-- ci:example -->, is
# verify/readme_example.sh's).  A ```sh block without a marker fails: no
# example escapes the test.  A block that needs gnuplot is skipped when it
# is not installed.
set -u
src=${srcdir:-.}
src=$(cd "$src" && pwd)
build=$(pwd)
MAKE=${MAKE:-make}
w=$(mktemp -d "${TMPDIR:-/tmp}/fanos-readme.XXXXXX") || exit 99
trap 'rm -rf "$w"' EXIT HUP INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $1"; }
no() { fail=$((fail + 1)); echo "FAIL: $1"; }

# ---- the blocks, in order: NNN.KIND (and NNN.name for a file) -----------
mkdir "$w/blocks" "$w/top" "$w/bin" || exit 99
awk -v d="$w/blocks" '
    /^<!-- ci:[a-z-]+( [^ ]+)? -->$/ { split($0, m, /[: ]+/); kind = m[3]; name = m[4]
                                       if (name == "-->") name = ""
                                       if (kind == "end") kind = ""; next }
    /^```/ && !inside { inside = 1; lang = substr($0, 4); n++
                        f = sprintf("%s/%03d.%s", d, n, kind != "" ? kind : (lang == "sh" ? "unmarked" : "text"))
                        if (name != "") { printf "%s\n", name > (f ".name"); close(f ".name") }
                        printf "" > f; kind = ""; name = ""; next }
    /^```/ && inside { inside = 0; close(f); next }
    inside { print > f }
    NF { if ($0 !~ /^<!--/) kind = ""; }
' "$src/README.md"
ls "$w/blocks" | grep -q . || { echo "README.md: no blocks"; echo "0 passed, 1 failed"; exit 1; }

# ---- the folder the examples run in, and the stand-ins -------------------
ln -s "$build/src" "$w/top/src"
ln -s "$src/experiments" "$w/top/experiments"
ln -s "$src/paper" "$w/top/paper"
set -- ${CC:-cc}
realcc=$(command -v "$1") || { echo "no C compiler ($1)"; echo "0 passed, 1 failed"; exit 1; }
shift
printf '#!/bin/sh\nexec %s %s "$@"\n' "$realcc" "$*" > "$w/bin/cc"
cat > "$w/bin/sbatch" <<'EOF'
#!/bin/sh
# sbatch (stand-in): every task of the script's --array, one after another
script=$1
range=$(sed -n 's/^#SBATCH --array=//p' "$script")
cpus=$(sed -n 's/^#SBATCH --cpus-per-task=//p' "$script")
first=${range%-*} last=${range#*-}
i=$first
while [ "$i" -le "$last" ]; do
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$((last - first + 1)) \
        SLURM_CPUS_PER_TASK=${cpus:-1} sh "$script" || exit 1
    i=$((i + 1))
done
echo "Submitted batch job 1"
EOF
cat > "$w/bin/parallel" <<'EOF'
#!/bin/sh
# parallel (stand-in): each job of standard input, one after another, here
while [ $# -gt 0 ]; do
    case $1 in
        --sshloginfile|--workdir|-S|-j) shift 2 ;;
        --*) shift ;;
        *) break ;;
    esac
done
while read -r item; do
    cmd=
    for a in "$@"; do
        q=$(printf '%s' "$a" | sed "s|{}|$item|g; s|'|'\\\\''|g")
        cmd="$cmd '$q'"
    done
    eval "$cmd" || exit 1
done
EOF
chmod +x "$w/bin/cc" "$w/bin/sbatch" "$w/bin/parallel"
: > "$w/top/hosts.txt"

# ---- run them ------------------------------------------------------------
for b in "$w"/blocks/*; do
    case $b in *.name) continue ;; esac
    n=$(basename "$b")
    kind=${n#*.}
    first=$(head -n 1 "$b")
    what="README block $n ($first)"
    if [ -f "$b.name" ]; then
        cp "$b" "$w/top/$(cat "$b.name")" && ok "$what: the file $(cat "$b.name")" ||
            no "$what: cannot write the file"
        continue
    fi
    case $kind in
        text|example|example-*|setup) continue ;;
        unmarked) no "$what: a sh block without a ci: marker"; continue ;;
    esac
    if grep -q '^gnuplot' "$b" && ! command -v gnuplot >/dev/null 2>&1; then
        echo "skip: $what (no gnuplot)"
        continue
    fi
    case $kind in
        run) (cd "$w/top" && PATH="$w/bin:$PATH" sh -e "$b") ;;
        cluster) (cd "$w/top" && PATH="$w/bin:$w/top/src:$PATH" sh -e "$b") ;;
        make) (cd "$w/top" && make() { command "$MAKE" -C "$build" R="$w/top/build" "$@"; } &&
               . "$b") ;;
        dry-run) (cd "$w/top" && make() { command "$MAKE" -n -C "$build" R="$w/top/build" "$@"; } &&
                  . "$b") >/dev/null ;;
        *) no "$what: unknown marker ci:$kind"; continue ;;
    esac > "$w/out" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        ok "$what"
    else
        no "$what: exit status $rc"
        tail -n 20 "$w/out"
    fi
    cat "$w/out" >> "$w/all"
done

# ---- what the examples must have made ------------------------------------
for f in trace.csv F6.csv libmine.so T1_raw.csv T1_summary.csv T1_short.csv \
         build/summary/T3.csv; do
    [ -s "$w/top/$f" ] && ok "made $f" || no "made $f"
done
command -v gnuplot >/dev/null 2>&1 && { [ -s "$w/top/lr_sweep.pdf" ] &&
    ok "made lr_sweep.pdf" || no "made lr_sweep.pdf"; }
grep -q 'evals=500 steps=500' "$w/all" && ok "the objective of mine.c ran its budget" ||
    no "the objective of mine.c ran its budget"
grep -q '^T3: 25 published numbers' "$w/all" && ok "make T3 printed its verdicts" ||
    no "make T3 printed its verdicts"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
