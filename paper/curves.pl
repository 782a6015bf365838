#!/usr/bin/perl
# curves.pl FANOS SUMMARY EXPERIMENT.ini DRAWSDIR OUTDIR - one traced run per
# method of T1 at its best lr (reference draws), seed 0: OUTDIR/curve_M.csv.
# L-BFGS (no lr) runs with its T1 settings and traces its accepted iterates;
# every trace has the evaluation in its first column and the loss in its
# second.
use strict; use warnings;
my ($fanos, $summary, $ini, $draws, $outdir) = @ARGV;
die "usage: curves.pl FANOS SUMMARY INI DRAWSDIR OUTDIR\n" unless defined $outdir;
open my $s, '<', $summary or die "curves.pl: $summary: $!\n";
my $h = <$s>; chomp $h; my @c = split /,/, $h; my %i; @i{@c} = 0 .. $#c;
my %best;
while (my $l = <$s>) {
    chomp $l; my @v = split /,/, $l, -1;
    $best{$v[$i{method}]} = $v[$i{lr}] if $v[$i{draws}] eq 'reference' && $v[$i{best}] eq '1';
}
open my $f, '<', $ini or die "curves.pl: $ini: $!\n";
my (%m, $cur);
while (my $l = <$f>) {
    next if $l =~ /^\s*[#;]/;
    if ($l =~ /^\[method (.+)\]\s*$/) { $cur = $1; next; }
    if ($l =~ /^\[/) { undef $cur; next; }
    $m{$cur}{$1} = $2 if defined $cur && $l =~ /^(\S+)\s*=\s*(.*?)\s*$/;
}
mkdir $outdir;
open STDOUT, '>', '/dev/null' or die;
for my $name (sort keys %best) {
    my $opt = $m{$name} or die "curves.pl: method $name is not in $ini\n";
    my @args = ('run', '--problem', 'rosenbrock', '--dim', '100', '--draws', 'reference',
                '--draws-dir', $draws, '--seed', '0', '--budget', '3000',
                '--optimizer', $opt->{optimizer});
    push @args, '--set', "lr=$best{$name}" unless $opt->{optimizer} eq 'lbfgs';
    push @args, map { ('--set', s/^\s+|\s+$//gr) } split /,/, $opt->{set} if $opt->{set};
    push @args, '--clip', $opt->{clip} if $opt->{clip};
    (my $file = $name) =~ s/[^A-Za-z0-9+.-]/_/g;
    push @args, '--trace', "$outdir/curve_$file.csv";
    open my $null, '>', '/dev/null';
    system($fanos, @args) == 0 or die "curves.pl: fanos @args failed\n";
}
