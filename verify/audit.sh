#!/bin/sh
# The spec audit as a test of `make check` (see audit.pl).
exec "${PERL:-perl}" "${srcdir:-.}/verify/audit.pl" --src "${srcdir:-.}" \
    --fanos "${FANOS:-./src/fanos}" --out spec-trace.md
