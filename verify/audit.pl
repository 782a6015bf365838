#!/usr/bin/perl
# audit.pl - the spec-to-code-to-test audit (doc/spec.md).
#
# For every statement "- [ID] text" of doc/spec.md: the C line(s) in src/
# that quote "[ID] text" in a comment (the quoted text must equal the
# spec's), and the test files in verify/ that name [ID].  Fails when an ID
# (other than the theory IDs P...) has no quoting line, when any ID has no
# test, when a quote no longer matches the spec, when code or tests name an
# ID the spec does not have, when a Check suite names an ID elsewhere than
# in the comment above a test, when a line of C in src/ is longer than 100
# characters, when a parameter table in the spec differs from the one the
# fanos command prints, or when an optimizer the command lists has no
# parameter table in the spec.  Writes the table as Markdown.
#
# With --data FILE it also writes the audit as tab-separated rows for the
# tools built on it (verify/mutants.pl, paper/auditor.pl): "spec ID TEXT"
# for every statement, "mark ID FILE LINE FIRST LAST" for every quoting
# comment (LINE is the comment's first line; FIRST..LAST the C statement
# that the comment marks, 0 0 when the comment stands before a blank line,
# a closing brace or another kind of line that is no statement) and
# "test ID FILE LINE NAME" for every naming (NAME is the START_TEST the
# comment stands above, "-" in a script).
#
# usage: audit.pl --src SRCDIR [--fanos PATH] [--out FILE] [--latex FILE] [--data FILE]
use strict;
use warnings;
use File::Find;
use Getopt::Long;

my ($src, $fanos, $out, $latex, $data) = ('.', undef, 'spec-trace.md', undef, undef);
GetOptions('src=s' => \$src, 'fanos=s' => \$fanos, 'out=s' => \$out,
           'latex=s' => \$latex, 'data=s' => \$data)
    or die "usage: audit.pl --src DIR [--fanos PATH] [--out FILE] [--latex FILE] [--data FILE]\n";

my @errors;
sub norm { my $s = shift; $s =~ s/\s+/ /g; $s =~ s/^ | $//g; return $s; }

# 1. The spec.
my (%stmt, @order);
open my $sf, '<', "$src/doc/spec.md" or die "audit: cannot read $src/doc/spec.md: $!\n";
my $ln = 0;
while (my $l = <$sf>) {
    $ln++;
    next unless $l =~ /^- \[([A-Z]+[0-9]+)\] (.*)$/;
    my ($id, $text) = ($1, norm($2));
    push @errors, "doc/spec.md:$ln: ID [$id] defined twice" if exists $stmt{$id};
    $stmt{$id} = $text;
    push @order, $id;
}
close $sf;

# 2. Code quotes and test mentions.
#
# A quote in src/ is "[ID] text" in a comment, up to the "*/" that closes
# it: on its own line, or wrapped over the lines after it, each starting
# with optional blanks and "*" (verify/wrap_marks.pl wraps them).  The
# joined text, blanks normalised, must equal the spec's.  No line of a C
# file in src/ is longer than $MAXLINE characters.
#
# A test names an ID: in a Check suite (a C file in verify/), in the
# comment directly above one of its START_TESTs (the comment lines right
# above it, with no blank or code line between); in a test script,
# anywhere.  A Check suite never drops the return code of a setter,
# fanos_optimizer_set(_text) or fanos_problem_set(_text) (a misspelled name
# would leave the test on a default).
my $MAXLINE = 100;
my (%code, %tests);

my (@marks, @namings);

# The C statement that a quoting comment marks: the first code line after
# the comment (and after any comments right below it) up to the end of that
# statement: the ";" outside parentheses, brackets and braces, or the "}"
# that closes the block the statement opens (an if, a loop, a function
# body), with any "else" after it.  Returns 1-based (FIRST, LAST), or
# (0, 0) when the comment is followed by a blank line, a closing brace, a
# preprocessor line or the end of the file.
sub marked_statement {
    my ($lines, $last) = @_;      # $last: 0-based index of the comment's last line
    my $k = $last + 1;
    # the comments right below (another ID's quote, a remark)
    while ($k < @$lines && $lines->[$k] =~ m{^\s*(/\*|//)}) {
        if ($lines->[$k] =~ m{^\s*//}) { $k++; next; }
        $k++ while $k < @$lines && $lines->[$k] !~ m{\*/};
        $k++;
    }
    return (0, 0) if $k >= @$lines || $lines->[$k] =~ /^\s*($|\}|#)/;
    my ($paren, $brace, $prev, $block) = (0, 0, '', 0);
    my ($incomment) = (0);
    for (my $i = $k; $i < @$lines; $i++) {
        my $l = $lines->[$i];
        while (length $l) {
            if ($incomment) {
                if ($l =~ s{^.*?\*/}{}s) { $incomment = 0; next; }
                last;
            }
            if ($l =~ s{^/\*}{}) { $incomment = 1; next; }
            last if $l =~ m{^//};
            if ($l =~ s/^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')//) { $prev = 'lit'; next; }
            if ($l =~ s/^\s+//) { next; }
            my $c = substr($l, 0, 1, '');
            if ($c eq '(' || $c eq '[') { $paren++; }
            elsif ($c eq ')' || $c eq ']') { $paren--; }
            elsif ($c eq '{') {
                # a block, unless it opens an initialiser ("= {", "({", ", {")
                $block = 1 if $brace == 0 && $paren == 0 && $prev !~ /^[=,(]$/;
                $brace++;
            } elsif ($c eq '}') {
                $brace--;
                if ($brace == 0 && $paren == 0 && $block) {
                    return ($k + 1, $i + 1) unless else_follows($lines, $i, $l);
                    $block = 0;
                }
            } elsif ($c eq ';' && $paren == 0 && $brace == 0) {
                return ($k + 1, $i + 1) unless else_follows($lines, $i, $l);
            }
            $prev = $c =~ /\w/ ? 'w' : $c;
        }
    }
    return (0, 0);
}

# Whether the next code after the rest $rest of line $i is "else".
sub else_follows {
    my ($lines, $i, $rest) = @_;
    my $t = $rest;
    while ($t =~ /^\s*$/ && ++$i < @$lines) { $t = $lines->[$i]; }
    return $t =~ /^\s*else\b/;
}

sub record_quote {
    my ($rel, $n, $id, $text, $lines, $last) = @_;
    $text = norm($text);
    if (!exists $stmt{$id}) {
        push @errors, "$rel:$n: [$id] is not in doc/spec.md";
    } elsif ($text ne $stmt{$id}) {
        push @errors, "$rel:$n: the quote of [$id] differs from doc/spec.md:\n    code: $text\n    spec: $stmt{$id}";
    } else {
        push @{$code{$id}}, "$rel:$n";
        push @marks, [$id, $rel, $n, marked_statement($lines, $last)];
    }
}

sub scan_code {
    my ($rel, $lines) = @_;
    for (my $i = 0; $i < @$lines; $i++) {
        my $l = $lines->[$i];
        my $n = $i + 1;
        (my $chars = $l) =~ s/\r?\n\z//;
        utf8::decode($chars);
        push @errors, "$rel:$n: " . length($chars) . " characters, more than $MAXLINE"
            . " (verify/wrap_marks.pl rewraps a spec quote)"
            if $rel =~ /\.[ch]$/ && length($chars) > $MAXLINE;
        while ($l =~ m{\[([A-Z]+[0-9]+)\] (.*?)\s*(\*/|$)}g) {
            my ($id, $text, $closed) = ($1, $2, $3);
            # not closed on this line: the quote goes on over "*" lines
            while (!$closed && $i + 1 < @$lines && $lines->[$i + 1] =~ m{^\s*\*(.*)$}) {
                my $c = $1;
                $i++;
                if ($c =~ m{^/}) {
                    $closed = 1;
                } elsif ($c =~ m{^(.*?)\*/}) {
                    $text .= " $1";
                    $closed = 1;
                } else {
                    $text .= " $c";
                }
            }
            record_quote($rel, $n, $id, $text, $lines, $i);
        }
    }
}

# The line numbers (0-based) of the comment lines directly above each
# START_TEST of a C file.
sub above_start_test {
    my ($lines) = @_;
    my %ok;
    for my $s (grep { $lines->[$_] =~ /^\s*START_TEST\s*\(/ } 0 .. $#$lines) {
        my ($name) = $lines->[$s] =~ /START_TEST\s*\(\s*(\w+)/;
        my $j = $s - 1;
        while ($j >= 0 && $lines->[$j] =~ m{\*/\s*$}) {
            $ok{$j} = $name;
            while ($lines->[$j] !~ m{/\*}) {
                $j--;
                last if $j < 0;
                $ok{$j} = $name;
            }
            $j--;
        }
    }
    return \%ok;
}

sub scan_test {
    my ($rel, $lines) = @_;
    my $check = $rel =~ /\.[ch]$/ ? above_start_test($lines) : undef;
    for my $i (0 .. $#$lines) {
        my $n = $i + 1;
        push @errors, "$rel:$n: the return code of a fanos_$1_set call is dropped "
            . "(TEST_SET of verify/testutil.h checks it)"
            if $check && $lines->[$i] =~
                /^\s*(?:\(void\)\s*)?fanos_(optimizer|problem)_set(?:_text)?\s*\(/;
        while ($lines->[$i] =~ /\[([A-Z]+[0-9]+)\]/g) {
            my $id = $1;
            if (!exists $stmt{$id}) {
                push @errors, "$rel:$n: test names [$id], which is not in doc/spec.md";
            } elsif ($check && !$check->{$i}) {
                push @errors, "$rel:$n: [$id] is named outside the comment directly above a "
                    . "START_TEST (name it in the comment of the test that checks it)";
            } else {
                push @{$tests{$id}}, "$rel:$n";
                push @namings, [$id, $rel, $n, $check ? $check->{$i} : '-'];
            }
        }
    }
}

sub scan {
    my ($dir, $kind) = @_;
    return unless -d "$src/$dir";
    my @files;
    find({ wanted => sub { push @files, $File::Find::name
                               if /\.(c|h|sh|pl)$/ && !/(?:audit|wrap_marks)\.pl$/ },
           no_chdir => 1 }, "$src/$dir");
    for my $f (sort @files) {
        (my $rel = $f) =~ s{^\Q$src\E/}{};
        open my $fh, '<', $f or next;
        my @lines = <$fh>;
        close $fh;
        if ($kind eq 'code') {
            scan_code($rel, \@lines);
        } else {
            scan_test($rel, \@lines);
        }
    }
}
scan('src', 'code');
scan('verify', 'test');

for my $id (@order) {
    push @errors, "[$id] has no implementing line in src/ quoting it"
        if $id !~ /^P/ && !$code{$id};
    push @errors, "[$id] has no test in verify/ naming it" unless $tests{$id};
}

# 3. Parameter tables generated from the code.
if ($fanos) {
    open my $sp, '<', "$src/doc/spec.md" or die;
    my $spec = do { local $/; <$sp> };
    close $sp;
    my %table;
    while ($spec =~ /<!-- BEGIN PARAMS (\S+) -->\n(.*?)<!-- END PARAMS \1 -->/sg) {
        my ($name, $block) = ($1, $2);
        $table{$name} = 1;
        my $gen = `"$fanos" params "$name" --markdown`;
        push @errors, "doc/spec.md: the parameter table of $name differs from `fanos params $name --markdown` (run `make update-spec`)"
            if $? != 0 || $gen ne $block;
    }
    # Every registered optimizer with parameters has its table in the spec.
    my $all = `"$fanos" params`;
    push @errors, "`fanos params` failed" if $? != 0;
    my ($cur, @names, %rows);
    for (split /\n/, $all) {
        if (/^(\S+): /) { $cur = $1; push @names, $cur; $rows{$cur} = 0; }
        elsif (defined $cur && /^  \S/) { $rows{$cur}++; }
    }
    push @errors, "`fanos params` lists no optimizer" unless @names;
    for my $name (@names) {
        push @errors, "doc/spec.md has no parameter table of optimizer $name: add the lines "
            . "<!-- BEGIN PARAMS $name --> and <!-- END PARAMS $name --> to its section "
            . "and run `make update-spec`"
            if $rows{$name} && !$table{$name};
    }
}

# 4. The table.
sub cell { my $l = shift; return $l ? join('<br>', map { "`$_`" } @$l) : '—'; }
my $tmp = "$out.tmp.$$";
open my $o, '>', $tmp or die "audit: cannot write $tmp: $!\n";
print $o "# Spec-to-code-to-test table\n\n",
         "Generated by verify/audit.pl from doc/spec.md, src/ and verify/.\n\n",
         "| ID | statement | implemented at | tested at |\n|---|---|---|---|\n";
for my $id (@order) {
    (my $s = $stmt{$id}) =~ s/\|/\\|/g;
    print $o "| [$id] | $s | ", cell($code{$id}), " | ", cell($tests{$id}), " |\n";
}
close $o or die;
rename $tmp, $out or die "audit: cannot rename $tmp: $!\n";

if ($latex) {
    my $tl = "$latex.tmp.$$";
    open my $t, '>', $tl or die;
    for my $id (@order) {
        my $c = $code{$id} ? join(', ', map { my $x = $_; $x =~ s/_/\\_/g; "\\texttt{$x}" } @{$code{$id}}[0 .. ($#{$code{$id}} < 1 ? $#{$code{$id}} : 1)]) : '---';
        my @tl = @{$tests{$id} || []};
        my $tt = @tl ? join(', ', map { my $x = $_; $x =~ s/_/\\_/g; "\\texttt{$x}" } @tl[0 .. ($#tl < 1 ? $#tl : 1)]) : '---';
        print $t "$id & $c & $tt \\\\\n";
    }
    close $t;
    rename $tl, $latex or die;
}

if ($data) {
    my $td = "$data.tmp.$$";
    open my $d, '>', $td or die "audit: cannot write $td: $!\n";
    print $d join("\t", 'spec', $_, $stmt{$_}), "\n" for @order;
    print $d join("\t", 'mark', @$_), "\n" for @marks;
    print $d join("\t", 'test', @$_), "\n" for @namings;
    close $d or die "audit: cannot write $td: $!\n";
    rename $td, $data or die "audit: cannot rename $td: $!\n";
}

my $nids = scalar @order;
my $ncode = grep { $code{$_} } @order;
my $ntest = grep { $tests{$_} } @order;
print "audit: $nids spec IDs, $ncode quoted in src/, $ntest named by tests; table in $out\n";
if (@errors) {
    print STDERR "audit: $_\n" for @errors;
    print "0 passed, 1 failed\n";
    exit 1;
}
print "1 passed, 0 failed\n";
exit 0;
