#!/bin/sh
# timed.sh DIR NAME COMMAND... - run COMMAND, then record
# "NAME,seconds,start,end" (epoch seconds) in DIR/NAME, written whole; the
# exit status is COMMAND's.
dir=$1; name=$2; shift 2
start=$(date +%s.%N)
"$@" || exit $?
end=$(date +%s.%N)
mkdir -p "$dir" && awk -v n="$name" -v a="$start" -v b="$end" \
    'BEGIN { printf "%s,%.1f,%.1f,%.1f\n", n, b - a, a, b }' > "$dir/$name.tmp" &&
    mv "$dir/$name.tmp" "$dir/$name"
