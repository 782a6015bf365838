#!/usr/bin/perl
# compare_results.pl A B - compare the results of two `make paper` builds:
# every CSV under A/build/raw, build/summary and build/traces with the same file under B,
# field by field as text, with the columns whose name contains "seconds"
# (wall times) left out; and the generated tables and text (build/tex/*.tex)
# line by line.  Prints one line per file (same / differs, with the first
# difference) and a closing count; exits 1 when a result differs.
#
# A refactor that must not change any result is checked with it, e.g.
#   perl verify/compare_results.pl /path/to/before /path/to/after
use strict;
use warnings;

my ($a, $b) = @ARGV;
die "usage: compare_results.pl BUILD_A BUILD_B (trees where make paper ran)\n"
    unless defined $b && -d "$a/build" && -d "$b/build";

sub slurp {
    my $f = shift;
    open my $h, '<', $f or die "$f: $!\n";
    my @l = <$h>;
    chomp @l;
    return @l;
}

# A CSV without its seconds columns (no field of these files holds a comma
# inside quotes, which the raw and summary writers never produce).
sub csv_rows {
    my @l = slurp(shift);
    return () unless @l;
    my @h = split /,/, $l[0], -1;
    my @keep = grep { $h[$_] !~ /seconds/ } 0 .. $#h;
    return map { my @f = split /,/, $_, -1; join ',', @f[@keep] } @l;
}

my ($same, $diff, $only) = (0, 0, 0);
for my $dir ('build/raw', 'build/summary', 'build/traces', 'build/tex') {
    my %files;
    for my $root ($a, $b) {
        opendir my $d, "$root/$dir" or next;
        $files{$_}++ for grep { /\.(csv|tex)$/ } readdir $d;
    }
    for my $f (sort keys %files) {
        my ($fa, $fb) = ("$a/$dir/$f", "$b/$dir/$f");
        unless (-f $fa && -f $fb) {
            print "only in one build: $dir/$f\n";
            $only++;
            next;
        }
        my @ra = $f =~ /\.csv$/ ? csv_rows($fa) : slurp($fa);
        my @rb = $f =~ /\.csv$/ ? csv_rows($fb) : slurp($fb);
        my $first;
        for my $i (0 .. ($#ra > $#rb ? $#ra : $#rb)) {
            my ($x, $y) = ($ra[$i] // '<none>', $rb[$i] // '<none>');
            next if $x eq $y;
            $first = "line " . ($i + 1) . ":\n    $x\n    $y";
            last;
        }
        if (defined $first) {
            print "differs: $dir/$f at $first\n";
            $diff++;
        } else {
            print "same: $dir/$f\n";
            $same++;
        }
    }
}
print "$same same, $diff differ, $only in one build only\n";
exit($diff || $only ? 1 : 0);
