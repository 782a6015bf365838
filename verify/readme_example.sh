#!/bin/sh
# Compile the C example of README.md against the built library and run it.
set -u
src=${srcdir:-.}
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
awk '/<!-- ci:example -->/{on=1; next} on && /^```c/{grab=1; next} grab && /^```/{exit} grab{print}' \
    "$src/README.md" > "$dir/example.c"
[ -s "$dir/example.c" ] || { echo "README.md: no C example found"; echo "0 passed, 1 failed"; exit 1; }
cp "$src/src/fanos.h" "$dir/fanos.h"
if ! ./libtool --mode=link --tag=CC ${CC:-cc} ${CFLAGS:-} ${LDFLAGS:-} -Wall -Wextra -Werror -I"$dir" \
        -o "$dir/example" "$dir/example.c" src/libfanos.la >"$dir/log" 2>&1; then
    cat "$dir/log"; echo "0 passed, 1 failed"; exit 1
fi
out=$("$dir/example") || { echo "example failed: $out"; echo "0 passed, 1 failed"; exit 1; }
echo "$out"
case $out in
    "loss "*", friction "*) echo "1 passed, 0 failed" ;;
    *) echo "unexpected output"; echo "0 passed, 1 failed"; exit 1 ;;
esac
