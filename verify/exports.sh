#!/bin/sh
# The exports of the shared libfanos against fanos.h, as a test of
# `make check` (see exports.pl).
exec "${PERL:-perl}" "${srcdir:-.}/verify/exports.pl" "${srcdir:-.}/src/fanos.h" src/libfanos.la
