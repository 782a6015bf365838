#!/usr/bin/perl
# outside.pl SWEEP.ini SUMMARY.csv NAME OUT.ini - one step beyond the grid
# (doc/experiments.md, "Edges"): for every method whose best lr in the
# summary of a published-protocol sweep lies at an edge of its lr grid
# (fanos stats' edge column says lr:low or lr:high, in either draws
# source), an experiment that runs that method once more at the next lr
# outside the grid: the last (first) lr times the ratio of the last two
# (first two) lrs of the grid, to one significant digit, on the seeds of
# the sweep.  It writes OUT.ini and prints the methods, or writes an
# experiment with no method and prints nothing when no best is at an edge.
use strict; use warnings;

my ($ini, $summary, $name, $out) = @ARGV;
die "usage: outside.pl SWEEP.ini SUMMARY.csv NAME OUT.ini\n" unless defined $out;
open my $s, '<', $summary or die "outside.pl: cannot read $summary: $!\n";
my $h = <$s>;
defined $h or die "outside.pl: $summary: empty\n";
chomp $h;
my @col = split /,/, $h;
my %c = map { $col[$_] => $_ } 0 .. $#col;
for my $k (qw(method lr best edge)) {
    die "outside.pl: $summary: no column '$k' (not a summary of fanos stats)\n" unless exists $c{$k};
}
my (%lrs, %edge);
while (my $l = <$s>) {
    chomp $l;
    my @f = split /,/, $l, -1;
    my ($m, $lr) = ($f[$c{method}], $f[$c{lr}]);
    next if $lr eq '';
    $lrs{$m}{$lr} = 1;
    next unless $f[$c{best}] eq '1';
    $edge{$m}{$1} = 1 while $f[$c{edge}] =~ /\blr:(low|high)\b/g;
}
close $s;
sub onedigit { my $x = shift; return sprintf('%.0e', $x) + 0; }
my %next;
for my $m (sort keys %edge) {
    my @g = sort { $a <=> $b } keys %{$lrs{$m}};
    next unless @g >= 2;
    $next{$m}{high} = onedigit($g[-1] * $g[-1] / $g[-2]) if $edge{$m}{high};
    $next{$m}{low} = onedigit($g[0] * $g[0] / $g[1]) if $edge{$m}{low};
}

open my $f, '<', $ini or die "outside.pl: cannot read $ini: $!\n";
my ($sec, @exp, %meth, @order) = ('');
while (my $l = <$f>) {
    next if $l =~ /^\s*([#;]|$)/;
    $l =~ s/\s+$//;
    if ($l =~ /^\[(.+)\]$/) {
        $sec = $1;
        push @order, $sec if $sec =~ s/^method //;
        next;
    }
    my ($k, $v) = $l =~ /^\s*([^=]+?)\s*=\s*(.*)$/ or die "outside.pl: $ini: cannot read '$l'\n";
    if ($sec eq 'experiment') { push @exp, [$k, $v] unless $k eq 'name' || $k eq 'lr'; }
    else { push @{$meth{$sec}}, [$k, $v] unless $k eq 'lr'; }
}
close $f;
open my $o, '>', "$out.tmp" or die "outside.pl: cannot write $out.tmp: $!\n";
print $o "# One lr beyond the grid of $ini for each method whose best lr in\n",
         "# $summary is at an edge (paper/outside.pl).  Generated; do not edit.\n\n",
         "[experiment]\nname = $name\n";
print $o "$_->[0] = $_->[1]\n" for @exp;
my @got = grep { $next{$_} } @order;
# an experiment needs an lr grid and a method: a placeholder when none
print $o "lr = ", join(', ', map { values %{$next{$_}} } @got[0 .. 0]), "\n" if @got;
for my $m (@got) {
    print $o "\n[method $m]\n";
    print $o "$_->[0] = $_->[1]\n" for @{$meth{$m}};
    print $o "lr = ", join(', ', sort { $a <=> $b } values %{$next{$m}}), "\n";
}
close $o or die "outside.pl: cannot write $out.tmp: $!\n";
rename "$out.tmp", $out or die "outside.pl: cannot rename $out.tmp: $!\n";
print "$_\n" for @got;
