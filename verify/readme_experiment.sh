#!/bin/sh
# Compile the experiment example of README.md against the built library and
# run it: its plan (2 lrs of AdamW and L-BFGS, 3 seeds) groups into three
# rows, one of AdamW's two lrs marked best.
set -u
src=${srcdir:-.}
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
awk '/<!-- ci:example-experiment -->/{on=1; next} on && /^```c/{grab=1; next} grab && /^```/{exit} grab{print}' \
    "$src/README.md" > "$dir/example.c"
[ -s "$dir/example.c" ] || { echo "README.md: no experiment example"; echo "0 passed, 1 failed"; exit 1; }
cp "$src/src/fanos.h" "$dir/fanos.h"
if ! ./libtool --mode=link --tag=CC ${CC:-cc} ${CFLAGS:-} ${LDFLAGS:-} -Wall -Wextra -Werror -I"$dir" \
        -o "$dir/example" "$dir/example.c" src/libfanos.la -lm >"$dir/log" 2>&1; then
    cat "$dir/log"; echo "0 passed, 1 failed"; exit 1
fi
out=$("$dir/example") || { echo "example failed: $out"; echo "0 passed, 1 failed"; exit 1; }
echo "$out"
rows=$(printf '%s\n' "$out" | grep -c ' mean ')
best=$(printf '%s\n' "$out" | grep -c '^AdamW lr=.* (best lr)$')
if [ "$rows" -eq 3 ] && [ "$best" -eq 1 ]; then
    echo "1 passed, 0 failed"
else
    echo "expected 3 groups and one best AdamW lr"; echo "0 passed, 1 failed"; exit 1
fi
