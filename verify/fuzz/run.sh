#!/bin/sh
# run.sh - run every libFuzzer harness for a bounded time.
#
# usage: verify/fuzz/run.sh [SECONDS] [HARNESS]...   (default 60 s, all)
# Run from the build directory after `make fuzz`.  Each harness starts from
# its committed seed corpus (verify/fuzz/corpus/NAME/, never written to:
# new inputs go to a scratch folder) and prints its number of executions.
# A crash is kept as fuzz-artifacts/NAME/crash-*; the script then fails.
# FUZZ_KEEP=DIR keeps the inputs found in DIR/NAME/ (e.g. to replay them
# with verify/fuzz/replay_NAME DIR/NAME in another build).
set -u
secs=${1:-60}
[ $# -gt 0 ] && shift
harnesses=${*:-x0 run_args experiment}
here=$(cd "$(dirname "$0")" && pwd)
status=0
for h in $harnesses; do
    bin=verify/fuzz/fuzz_$h
    if [ ! -x "$bin" ]; then
        echo "run.sh: $bin not built (make fuzz)"
        exit 2
    fi
    work=$(mktemp -d "${TMPDIR:-/tmp}/fanos-fuzz-$h.XXXXXX") || exit 2
    art=fuzz-artifacts/$h
    mkdir -p "$art"
    dict=
    [ -f "$here/$h.dict" ] && dict=-dict=$here/$h.dict
    # -close_fd_mask=3: the harness's own stdout/stderr (error messages of
    # the parsers) are closed; libFuzzer keeps its report.
    "$bin" -max_total_time="$secs" -print_final_stats=1 -close_fd_mask=3 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art/" $dict \
        "$work" "$here/corpus/$h" > "$art/log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$art/log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$art/log" | tail -1)
    corp=$(ls "$work" | wc -l)
    echo "$h: ${execs:-?} executions in $secs s, $cov, $corp new inputs, exit $rc"
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "  FAILED: see $art/log and $art/crash-*"
        grep -m 3 'ERROR\|SUMMARY\|deadly' "$art/log" | sed 's/^/  /'
    fi
    if [ -n "${FUZZ_KEEP:-}" ]; then
        mkdir -p "$FUZZ_KEEP/$h" && cp "$work"/* "$FUZZ_KEEP/$h/" 2>/dev/null
    fi
    rm -rf "$work"
done
exit $status
