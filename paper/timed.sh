#!/bin/sh
# timed.sh DIR NAME COMMAND... - run COMMAND, then record
# "NAME,seconds,start,end,cpu" in DIR/NAME, written whole: its wall seconds,
# its start and end (epoch seconds), and the CPU seconds (user and system,
# all threads) of COMMAND and its children; the exit status is COMMAND's.
dir=$1; name=$2; shift 2
start=$(date +%s.%N)
"$@" || exit $?
end=$(date +%s.%N)
mkdir -p "$dir" || exit 1
# times, run in this shell (not in a subshell, which has no children):
# the second line is the children's user and system time, as XmY.Zs.
trap 'rm -f "$dir/.$name.times" "$dir/.$name.tmp"' EXIT
times > "$dir/.$name.times" || exit 1
awk -v n="$name" -v a="$start" -v b="$end" '
    function sec(t, p) { sub(/s$/, "", t); split(t, p, "m"); return p[1] * 60 + p[2] }
    NR == 2 { cpu = sec($1) + sec($2) }
    END { if (cpu == "") exit 1; printf "%s,%.1f,%.1f,%.1f,%.1f\n", n, b - a, a, b, cpu }' \
    "$dir/.$name.times" > "$dir/.$name.tmp" && rm -f "$dir/.$name.times" &&
    mv "$dir/.$name.tmp" "$dir/$name"
