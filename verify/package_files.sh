#!/bin/sh
# package_files.sh - the package stands on its own and installs what it
# documents:
#  (a) no file of the package cites a document it does not ship (the
#      reference material the package was built from: its protocol file,
#      its shared folder, its source documents by file name), and every
#      "doc/reference.md section N [item M]" names a section (an item of
#      section 9) that doc/reference.md has;
#  (b) make install DESTDIR=... installs every experiments/*.ini,
#      experiments/published.csv, every reference draw and every doc/*.md
#      where the man page says they are;
#  (c) the man page has the sections EXAMPLES, ENVIRONMENT and SEE ALSO,
#      names the environment variables the command reads and the installed
#      documents, and its quick examples run as written against the
#      installed files.
# The files of (a) are those git tracks when the source is a git work
# tree, else (a release tarball) the files of the source folder, without
# the fuzz corpus (inputs, kept as found), build outputs and the files
# Autotools generates or copies.
set -u
SRC=${srcdir:-.}
PERL=${PERL:-perl}
MAKE=${MAKE:-make}
FANOS=${FANOS:-./src/fanos}
pass=0 fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/package_files.XXXXXX") || exit 99
[ -n "$T" ] && [ -d "$T" ] || exit 99
trap 'rm -rf "$T"' EXIT
ok() { pass=$((pass + 1)); }
no() { echo "FAIL: $*"; fail=$((fail + 1)); }

# ---------------------------------------------------------------- (a)
src_abs=$(cd "$SRC" && pwd -P) || exit 99
top=$(git -C "$SRC" rev-parse --show-toplevel 2>/dev/null || true)
if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$src_abs" ]; then
    (cd "$SRC" && git ls-files) > "$T/files" || exit 99
    echo "files: tracked by git"
else
    (cd "$SRC" && find . \( -name .git -o -name _build -o -name _inst \
        -o -name autom4te.cache -o -name .libs -o -name .deps \
        -o -path ./build-aux -o -path ./m4 -o -path ./verify/fuzz/corpus \) -prune \
        -o -type f -print) | sed 's|^\./||' | grep -v -E \
        '(^|/)(Makefile|Makefile\.in|configure|aclocal\.m4|config\.(h|h\.in|status|log)|libtool|stamp-h1)$|\.(log|trs|o|lo|la)$' \
        > "$T/files" || exit 99
    echo "files: the source folder (no git work tree)"
fi
grep -v '^verify/fuzz/corpus/' "$T/files" > "$T/scan"
[ "$(wc -l < "$T/scan")" -gt 50 ] && grep -qx doc/spec.md "$T/scan" && ok ||
    no "the list of the package's files is short or lacks doc/spec.md"

# The patterns are spelt in two pieces so that this file does not match.
proto='(^|[^A-Za-z0-9_])PROTO''COL([^A-Za-z0-9_]|$)'
shared='(^|[^A-Za-z0-9_])shar''ed/'
seed='[0-9]{3}_[0-9a-f]{16}\.t''xt'
for p in "$proto" "$shared" "$seed"; do
    (cd "$SRC" && tr '\n' '\0' < "$T/scan" | xargs -0 grep -I -n -E -e "$p" --) > "$T/hits" 2>/dev/null
    if [ -s "$T/hits" ]; then
        no "a file cites what the package does not ship (pattern $p):"
        sed 's/^/    /' "$T/hits" | head -n 20
    else ok; fi
done

# Every cited section (and item of section 9) of doc/reference.md exists,
# and its sections are 1 to 11, in order.
REF="$SRC/doc/reference.md"
if [ ! -f "$REF" ]; then
    no "doc/reference.md is missing"
else
    (cd "$SRC" && "$PERL" -e '
        my $ref = shift;
        open my $r, "<", $ref or die "$ref: $!\n";
        my (%sec, %item, $cur, @order);
        while (<$r>) {
            if (/^## (\d+)\. /) { $cur = $1; $sec{$1} = 1; push @order, $1; next; }
            $item{$cur}{$1} = 1 if defined $cur && /^(\d+)\. /;
        }
        my @want = 1 .. 11;
        print "doc/reference.md: sections @order, expected @want\n"
            unless "@order" eq "@want";
        for my $f (@ARGV) {
            open my $h, "<", $f or next;
            local $/; my $t = <$h>;
            while ($t =~ /doc\/reference\.md\s+(sections?\s+\d+(?:\s*(?:,|and)\s*\d+)*(?:,?\s*items?\s+\d+(?:\s+of\s+section\s+\d+)?)?)/g) {
                my $c = $1;
                for my $n ($c =~ /^sections?\s+(\d+(?:\s*(?:,|and)\s*\d+)*)/ ? ($1 =~ /(\d+)/g) : ()) {
                    print "$f: doc/reference.md section $n does not exist\n" unless $sec{$n};
                }
                if ($c =~ /sections?\s+(\d+),?\s*items?\s+(\d+)(?:\s+of\s+section\s+(\d+))?/) {
                    my ($s, $i) = (defined $3 ? $3 : $1, $2);
                    print "$f: doc/reference.md section $s has no item $i\n" unless $item{$s}{$i};
                }
            }
        }' doc/reference.md $(cat "$T/scan")) > "$T/refs" 2>&1
    if [ -s "$T/refs" ]; then
        no "citations of doc/reference.md:"; sed 's/^/    /' "$T/refs"
    else ok; fi
fi

# ---------------------------------------------------------------- (b)
D=$T/dest
if "$MAKE" install DESTDIR="$D" > "$T/install.log" 2>&1; then ok
else
    no "make install DESTDIR=$D failed:"; tail -n 20 "$T/install.log"
fi
: "${INST_PKGDATADIR:?set by make check}" "${INST_DOCDIR:?}" "${INST_MAN1DIR:?}"
for f in "$SRC"/experiments/*.ini "$SRC"/experiments/published.csv; do
    b=${f##*/}
    [ -f "$D$INST_PKGDATADIR/experiments/$b" ] && cmp -s "$f" "$D$INST_PKGDATADIR/experiments/$b" && ok ||
        no "experiments/$b is not installed as $INST_PKGDATADIR/experiments/$b"
done
for f in "$SRC"/experiments/draws/*; do
    b=${f##*/}
    [ -f "$D$INST_PKGDATADIR/draws/$b" ] && cmp -s "$f" "$D$INST_PKGDATADIR/draws/$b" && ok ||
        no "experiments/draws/$b is not installed as $INST_PKGDATADIR/draws/$b"
done
for f in "$SRC"/doc/*.md; do
    b=${f##*/}
    [ -f "$D$INST_DOCDIR/$b" ] && cmp -s "$f" "$D$INST_DOCDIR/$b" && ok ||
        no "doc/$b is not installed as $INST_DOCDIR/$b"
done
MAN=$D$INST_MAN1DIR/fanos.1
[ -f "$MAN" ] && ok || no "the man page is not installed as $INST_MAN1DIR/fanos.1"

# ---------------------------------------------------------------- (c)
[ -f "$MAN" ] || MAN=./fanos.1
for s in EXAMPLES ENVIRONMENT FILES '"SEE ALSO"'; do
    grep -q "^\.SH $s\$" "$MAN" && ok || no "the man page has no section $s"
done
# the text of one section, roff escapes of the examples undone
section() {
    awk -v s="$1" '/^\.SH / { on = ($0 == ".SH " s) ; next } on' "$MAN" |
        sed -e 's/\\-/-/g' -e 's/\\e$/\\/' -e 's/\\e/\\/g'
}
section ENVIRONMENT > "$T/env"
for v in FANOS_DRAWS_DIR OMP_NUM_THREADS OPENBLAS_CORETYPE; do
    grep -q "^\.B $v\$" "$T/env" && ok || no "ENVIRONMENT does not describe $v"
done
grep -q "$INST_PKGDATADIR/draws" "$T/env" && ok ||
    no "ENVIRONMENT does not give the default of FANOS_DRAWS_DIR ($INST_PKGDATADIR/draws)"
section '"SEE ALSO"' > "$T/see"
for f in "$SRC"/doc/*.md; do
    b=${f##*/}
    grep -q "$INST_DOCDIR/$b" "$T/see" && ok || no "SEE ALSO does not name $INST_DOCDIR/$b"
done
# Every installed path the examples name exists once installed; the
# examples that run in a moment (fanos run, fanos params, --dry-run) run
# as written, against the installed experiment files and draws.
section EXAMPLES | awk '/^\.nf/ { on = 1; next } /^\.fi/ { on = 0 } on' |
    awk '{ if (sub(/\\$/, "")) { acc = acc $0; next } print acc $0; acc = "" }' > "$T/examples"
[ -s "$T/examples" ] && ok || no "EXAMPLES holds no command"
for p in $(grep -o "$INST_PKGDATADIR/[^ ]*" "$T/examples" | sort -u); do
    [ -f "$D$p" ] && ok || no "EXAMPLES names $p, which make install does not install"
done
mkdir -p "$T/run" "$T/bin"
ln -s "$(cd "$(dirname "$FANOS")" && pwd -P)/$(basename "$FANOS")" "$T/bin/fanos" || exit 99
n=0
while IFS= read -r cmd; do
    case $cmd in
        *"fanos run "*|*"fanos params"*|*--dry-run*) ;;
        *) continue ;;
    esac
    n=$((n + 1))
    c=$(printf '%s\n' "$cmd" | sed "s|$INST_PKGDATADIR|$D$INST_PKGDATADIR|g")
    if (cd "$T/run" && PATH="$T/bin:$PATH" FANOS_DRAWS_DIR="$D$INST_PKGDATADIR/draws" \
            sh -c "$c") > "$T/out" 2>&1 && [ -s "$T/out" ]; then ok
    else no "the example '$cmd' fails:"; head -n 5 "$T/out"; fi
done < "$T/examples"
[ "$n" -ge 3 ] && ok || no "only $n quick examples found in EXAMPLES"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
