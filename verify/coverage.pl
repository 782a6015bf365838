#!/usr/bin/perl
# coverage.pl - the numbers of `make coverage` (verify/coverage.mk).
#
#   coverage.pl digest SRCDIR
#       the SHA-256 of the package's sources (src/ and verify/: *.c *.h
#       *.sh *.mk *.pl, by path and content), which the coverage data is
#       of;
#   coverage.pl summary INFO ROOT FLOOR OUT.csv [UNCOVERED.txt]
#       per file of src/ (the paths of the lcov trace file INFO under ROOT)
#       its lines and branches, found and hit, into OUT.csv, with a total
#       for the library (src/ but src/cli/) and one for the command
#       (src/cli/); the uncovered line ranges of every file into
#       UNCOVERED.txt; prints the table, and fails (exit 1) when the
#       library's line or branch coverage is below the floors of FLOOR
#       ("lines N" and "branches N" lines, in percent);
#   coverage.pl tex CSV SOURCES UNCOVERED.txt SRCDIR OUT.tex
#       the appendix table of the paper from CSV, and the library's lines
#       no test runs from UNCOVERED.txt, when SOURCES (the digest the data
#       was measured for) matches the digest of SRCDIR; else a sentence
#       saying that coverage was not measured for these sources.
use strict;
use warnings;
use File::Find ();
use Digest::SHA ();

sub digest {
    my ($src) = @_;
    my @files;
    for my $top (qw(src verify)) {
        next unless -d "$src/$top";
        File::Find::find({ no_chdir => 1, wanted => sub {
            return unless -f $_ && /\.(c|h|sh|mk|pl)$/;
            (my $rel = $File::Find::name) =~ s{^\Q$src\E/}{};
            push @files, $rel;
        } }, "$src/$top");
    }
    my $all = Digest::SHA->new(256);
    for my $f (sort @files) {
        my $one = Digest::SHA->new(256);
        $one->addfile("$src/$f");
        $all->add("$f\0" . $one->hexdigest . "\n");
    }
    return $all->hexdigest;
}

sub pct { my ($hit, $n) = @_; return $n ? sprintf('%.1f', 100 * $hit / $n) : '100.0'; }

# Line ranges "a-b" of the numbers given (sorted).
sub ranges {
    my @l = @_;
    my @r;
    while (@l) {
        my $a = shift @l;
        my $b = $a;
        $b = shift @l while @l && $l[0] == $b + 1;
        push @r, $a == $b ? "$a" : "$a-$b";
    }
    return @r;
}

sub summary {
    my ($info, $root, $floorfile, $csv, $unc) = @_;
    my %floor;
    open my $fl, '<', $floorfile or die "coverage.pl: $floorfile: $!\n";
    while (<$fl>) {
        next if /^\s*(#|$)/;
        /^(lines|branches)\s+([0-9.]+)\s*$/ or die "coverage.pl: $floorfile: bad line: $_";
        $floor{$1} = $2;
    }
    close $fl;
    die "coverage.pl: $floorfile needs a lines and a branches floor\n"
        unless defined $floor{lines} && defined $floor{branches};
    open my $in, '<', $info or die "coverage.pl: $info: $!\n";
    my (%f, $cur);
    while (<$in>) {
        chomp;
        if (/^SF:(.*)$/) {
            my $p = $1;
            $p =~ s{^\Q$root\E/}{};
            $cur = $p =~ m{^src/} ? $p : undef;
            $f{$cur} ||= { lf => 0, lh => 0, bf => 0, bh => 0, zero => [] } if $cur;
        } elsif ($cur && /^DA:(\d+),(\d+)/) {
            $f{$cur}{lf}++;
            $f{$cur}{lh}++ if $2 > 0;
            push @{ $f{$cur}{zero} }, $1 if $2 == 0;
        } elsif ($cur && /^BRDA:\d+,\d+,\d+,(\S+)/) {
            $f{$cur}{bf}++;
            $f{$cur}{bh}++ if $1 ne '-' && $1 > 0;
        } elsif (/^end_of_record/) {
            $cur = undef;
        }
    }
    close $in;
    die "coverage.pl: $info has no file of src/\n" unless %f;
    my %tot;
    my @rows = ("part,file,lines,lines_hit,line_pct,branches,branches_hit,branch_pct\n");
    for my $part (qw(library command)) {
        my @files = sort grep { ($part eq 'command') == (m{^src/cli/} ? 1 : 0) } keys %f;
        my %t = (lf => 0, lh => 0, bf => 0, bh => 0);
        for my $p (@files) {
            my $x = $f{$p};
            $t{$_} += $x->{$_} for qw(lf lh bf bh);
            push @rows, join(',', $part, $p, $x->{lf}, $x->{lh}, pct($x->{lh}, $x->{lf}),
                             $x->{bf}, $x->{bh}, pct($x->{bh}, $x->{bf})) . "\n";
        }
        push @rows, join(',', $part, 'total', $t{lf}, $t{lh}, pct($t{lh}, $t{lf}),
                         $t{bf}, $t{bh}, pct($t{bh}, $t{bf})) . "\n";
        $tot{$part} = \%t;
    }
    open my $o, '>', "$csv.tmp" or die "coverage.pl: $csv.tmp: $!\n";
    print $o @rows;
    close $o or die "coverage.pl: $csv.tmp: $!\n";
    rename "$csv.tmp", $csv or die "coverage.pl: $csv: $!\n";
    if (defined $unc) {
        open my $u, '>', "$unc.tmp" or die "coverage.pl: $unc.tmp: $!\n";
        for my $p (sort keys %f) {
            my @z = sort { $a <=> $b } @{ $f{$p}{zero} };
            print $u "$p: ", join(' ', ranges(@z)), "\n" if @z;
        }
        close $u or die "coverage.pl: $unc.tmp: $!\n";
        rename "$unc.tmp", $unc or die "coverage.pl: $unc: $!\n";
    }
    for (@rows[1 .. $#rows]) {
        my @c = split /,/;
        chomp $c[-1];
        printf "  %-28s %5d lines %6s%%  %5d branches %6s%%\n", $c[1] eq 'total' ? "$c[0] total" : $c[1],
            $c[2], $c[4], $c[5], $c[7];
    }
    my $l = $tot{library};
    my ($lp, $bp) = (100 * $l->{lh} / ($l->{lf} || 1), 100 * $l->{bh} / ($l->{bf} || 1));
    printf "library: lines %.2f%% (floor %s%%), branches %.2f%% (floor %s%%)\n",
        $lp, $floor{lines}, $bp, $floor{branches};
    my $ok = 1;
    if ($lp < $floor{lines}) {
        print "coverage: the library's line coverage fell below its floor ($floorfile)\n";
        $ok = 0;
    }
    if ($bp < $floor{branches}) {
        print "coverage: the library's branch coverage fell below its floor ($floorfile)\n";
        $ok = 0;
    }
    return $ok ? 0 : 1;
}

sub tex {
    my ($csv, $sources, $unc, $src, $out) = @_;
    my $body;
    my $have = -f $csv && -f $sources && -f $unc;
    my $measured;
    if ($have) {
        open my $s, '<', $sources or die "coverage.pl: $sources: $!\n";
        chomp($measured = <$s> // '');
        close $s;
    }
    if (!$have) {
        $body = "Coverage was not measured in this build: \\texttt{make coverage} measures it "
            . "(a build of its own with \\texttt{--enable-coverage}, then \\texttt{make check}; "
            . "it needs the Debian package \\texttt{lcov}), and \\texttt{make paper} then prints "
            . "its table here.\n";
    } elsif ($measured ne digest($src)) {
        $body = "The coverage data of this build folder was measured for other sources than "
            . "those of this build, so it is not shown: \\texttt{make coverage} measures it "
            . "again.\n";
    } else {
        open my $c, '<', $csv or die "coverage.pl: $csv: $!\n";
        my $h = <$c>;
        my (@rows, %tot);
        while (my $l = <$c>) {
            chomp $l;
            my @x = split /,/, $l;
            if ($x[1] eq 'total') { $tot{$x[0]} = \@x; next; }
            (my $name = $x[1]) =~ s/_/\\_/g;
            push @rows, "\\texttt{$name} & $x[2] & $x[4] & $x[5] & $x[7] \\\\\n";
        }
        close $c;
        die "coverage.pl: $csv has no totals\n" unless $tot{library} && $tot{command};
        my $t = sub {
            my ($n, $x) = @_;
            return "\\textbf{$n} & $x->[2] & $x->[4] & $x->[5] & $x->[7] \\\\\n";
        };
        $body = "Line and branch coverage (gcov, through lcov) of every file of \\texttt{src/} "
            . "over one \\texttt{make check}, measured by \\texttt{make coverage} in a build of "
            . "its own (\\texttt{--enable-coverage}: \\texttt{-O0 --coverage}) for the sources "
            . "of this build. The library's figures have floors that CI enforces "
            . "(\\texttt{verify/coverage\\_floor}).\n"
            . "\\begin{center}\\small\\begin{longtable}{lrrrr}\n\\toprule\n"
            . "file & lines & line \\% & branches & branch \\% \\\\\n\\midrule\\endhead\n"
            . join('', @rows) . "\\midrule\n"
            . $t->('libfanos (src/ but src/cli/)', $tot{library})
            . $t->('the command (src/cli/)', $tot{command})
            . "\\bottomrule\n\\end{longtable}\\end{center}\n";
        open my $u, '<', $unc or die "coverage.pl: $unc: $!\n";
        my @lib = grep { m{^src/} && !m{^src/cli/} } <$u>;
        close $u;
        if (@lib) {
            $body .= "The lines of the library that no test runs (the HTML report of "
                . "\\texttt{make coverage} shows them in their source):\n\\begin{itemize}\\small\n";
            for (@lib) {
                chomp;
                my ($f, $r) = split /: /, $_, 2;
                $f =~ s/_/\\_/g;
                $r =~ s/-/--/g;
                $r =~ s/ /, /g;
                $body .= "\\item \\texttt{$f}: $r\n";
            }
            $body .= "\\end{itemize}\n";
        } else {
            $body .= "Every line of the library runs in \\texttt{make check}.\n";
        }
    }
    open my $o, '>', "$out.tmp" or die "coverage.pl: $out.tmp: $!\n";
    print $o "% Generated by verify/coverage.pl; do not edit.\n", $body;
    close $o or die "coverage.pl: $out.tmp: $!\n";
    rename "$out.tmp", $out or die "coverage.pl: $out: $!\n";
    return 0;
}

my $mode = shift // '';
if ($mode eq 'digest' && @ARGV == 1) {
    print digest($ARGV[0]), "\n";
    exit 0;
}
exit summary(@ARGV) if $mode eq 'summary' && (@ARGV == 4 || @ARGV == 5);
exit tex(@ARGV) if $mode eq 'tex' && @ARGV == 5;
print STDERR "usage: coverage.pl digest SRCDIR | summary INFO ROOT FLOOR OUT.csv [UNCOVERED.txt]"
    . " | tex CSV SOURCES UNCOVERED.txt SRCDIR OUT.tex\n";
exit 2;
