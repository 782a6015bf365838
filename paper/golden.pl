#!/usr/bin/perl
# golden.pl FANOS GOLDENDIR OUT.csv - rerun each golden configuration of the
# reference implementation through the fanos command and write the largest
# relative deviation |a - b| / max(1, |b|) from its trace, per file.
use strict; use warnings;
use File::Temp qw(tempdir);
my ($fanos, $dir, $out) = @ARGV;
die "usage: golden.pl FANOS GOLDENDIR OUT.csv\n" unless defined $out;
my %cfg = (
    'fanos_default_lr0.03.csv' => 'fanos --set lr=0.03',
    'fanos_explicit_euler_lr0.003.csv' => 'fanos --set lr=0.003 --set explicit_euler=1',
    'fanos_fixed_friction1_lr0.01.csv' => 'fanos --set lr=0.01 --set fixed_friction=1 --set zeta_const=1',
    'fanos_identity_mass_lr0.01.csv' => 'fanos --set lr=0.01 --set identity_mass=1',
    'fanos_no_grad_clip_lr0.001.csv' => 'fanos --set lr=0.001 --set grad_clip=0',
    'sgd_momentum0.9_lr0.0001.csv' => 'sgd --set lr=0.0001 --set momentum=0.9',
    'adamw_lr0.003.csv' => 'adamw --set lr=0.003',
    'rmsprop_lr0.01.csv' => 'rmsprop --set lr=0.01',
);
my $tmp = tempdir(CLEANUP => 1);
open my $x0, '>', "$tmp/x0" or die; print $x0 "-1.2 1.0 -0.5 0.8 1.5 -1.8 0.3 0.0 2.0 -0.9\n"; close $x0;
sub load {
    my ($p) = @_;
    open my $f, '<', $p or die "golden.pl: $p: $!\n";
    my @rows; my $h;
    while (my $l = <$f>) { next if $l =~ /^#/; chomp $l; my @v = split /,/, $l; if (!$h) { $h = \@v; next; } my %r; @r{@$h} = @v; push @rows, \%r; }
    return ($h, \@rows);
}
my @lines = ("file,steps,max_rel_dev\n");
for my $file (sort keys %cfg) {
    system("\"$fanos\" run --dim 10 --budget 300 --optimizer $cfg{$file} --x0 $tmp/x0 --trace $tmp/t.csv >/dev/null") == 0
        or die "golden.pl: fanos run failed for $file\n";
    my ($gh, $g) = load("$dir/$file");
    my (undef, $t) = load("$tmp/t.csv");
    die "golden.pl: $file: " . scalar(@$t) . " rows, expected " . scalar(@$g) . "\n" unless @$t == @$g;
    my $max = 0;
    for my $i (0 .. $#$g) {
        for my $c (@$gh) {
            next if $c eq 'step';
            die "golden.pl: no column $c in the trace\n" unless defined $t->[$i]{$c};
            my $d = abs($t->[$i]{$c} - $g->[$i]{$c}) / (abs($g->[$i]{$c}) > 1 ? abs($g->[$i]{$c}) : 1);
            $max = $d if $d > $max || $d != $d;
        }
    }
    push @lines, sprintf("%s,%d,%.3e\n", $file, scalar @$g, $max);
}
open my $o, '>', "$out.tmp" or die; print $o @lines; close $o or die;
rename "$out.tmp", $out or die;
