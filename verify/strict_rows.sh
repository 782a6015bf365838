# strict_rows.sh - sourced by the sweep test scripts (FANOS, ok and no
# defined by the caller).  strict_row NAME FILE SED PATTERN: FILE, a raw
# CSV, edited by SED into bad_FILE, is refused by fanos stats and fanos
# merge alike with one stderr line naming bad_FILE:PATTERN, exit 1, and no
# output file (doc/spec.md ST5, ST17: every column read strictly).
strict_row() {
    dir=$(dirname "$2")
    bad="$dir/bad_$(basename "$2")"
    sed "$3" "$2" >"$bad"
    for cmd in stats merge; do
        rm -f "$dir/strict_out.csv"
        "$FANOS" $cmd "$bad" -o "$dir/strict_out.csv" 2>"$dir/strict_err"
        rc=$?
        if [ "$rc" -eq 1 ] && [ "$(wc -l <"$dir/strict_err")" -eq 1 ] &&
           grep -q -- "$(basename "$bad"):$4" "$dir/strict_err" &&
           ! ls "$dir"/strict_out.csv* >/dev/null 2>&1; then ok "$cmd rejects $1"
        else no "$cmd $1 (exit $rc)"; cat "$dir/strict_err"; fi
    done
}
