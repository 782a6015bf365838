#!/usr/bin/perl
# floor.pl RESULTS - the make-paper floor and wall time, from the result
# files: paper_floor_s = the PINN experiments' floating-point work divided by
# twice the dgemm probe's rate (two cores), plus the other experiments'
# compute time (the sum of their runs' seconds) over two cores;
# paper_wall_s = from the first stage's start to the last stage's end.
use strict; use warnings;
my ($r) = @ARGV;
die "usage: floor.pl RESULTS-DIR\n" unless defined $r;
sub rows {
    my ($p) = @_;
    open my $f, '<', $p or return ();
    my $h = <$f>; chomp $h; my @c = split /,/, $h;
    my @rows;
    while (my $l = <$f>) { chomp $l; my %x; @x{@c} = split /,/, $l, -1; push @rows, \%x; }
    return @rows;
}
my %bench = map { $_->{name} => $_->{value} } rows("$r/raw/bench.csv");
die "floor.pl: no dgemm_gflops or pinn_mflop in $r/raw/bench.csv (make paper first)\n"
    unless $bench{dgemm_gflops} && $bench{pinn_mflop};
my ($evals, $other, $pinn_s) = (0, 0, 0);
for my $e (qw(T4 T4x)) { for my $x (rows("$r/raw/$e.csv")) { $evals += $x->{evals}; $pinn_s += $x->{seconds}; } }
for my $e (qw(T1 T2 T2best T3)) { $other += $_->{seconds} for rows("$r/raw/$e.csv"); }
my ($t0, $t1, %stage);
for my $f (glob "$r/times/*") {
    open my $h, '<', $f or next;
    my ($name, $secs, $start, $end) = split /,/, scalar <$h>;
    chomp $end if defined $end;
    $stage{$name} = $secs;
    next unless defined $end;
    $t0 = $start if !defined $t0 || $start < $t0;
    $t1 = $end if !defined $t1 || $end > $t1;
}
$other += $stage{$_} // 0 for qw(F5good F5bad F6 golden);
my $flops = $evals * $bench{pinn_mflop} * 1e6;
my $floor = $flops / (2 * $bench{dgemm_gflops} * 1e9) + $other / 2;
printf "pinn_evals=%d\npinn_gflop=%.1f\npinn_run_seconds=%.1f\nother_compute_s=%.1f\n", $evals, $flops / 1e9, $pinn_s, $other;
printf "paper_floor_s=%.1f\n", $floor;
if (defined $t0) {
    printf "paper_wall_s=%.1f\npaper_wall_over_floor=%.2f\n", $t1 - $t0, ($t1 - $t0) / $floor;
}
printf "experiment_wall_s_%s=%s\n", $_, $stage{$_} for sort keys %stage;
