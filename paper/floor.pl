#!/usr/bin/perl
# floor.pl RESULTS [--tex OUT.tex] - where the time of `make paper` goes,
# from the result files (doc/performance.md, "The make-paper floor"):
#  - per experiment, its runs, their compute time (the sum of the runs'
#    seconds column) and its wall time (the stage times of timed.sh);
#  - paper_floor_s = the PINN experiments' floating-point work divided by
#    twice the dgemm probe's rate (two cores; its fastest repetition),
#    plus the other experiments' compute time over two cores;
#  - experiments_wall_s = from the first experiment's start to the last
#    one's end; paper_wall_s = to the end of the last stage timed, the
#    paper's pdflatex included once it has run;
#  - the PINN part of the ratio as the product of three measured factors:
#    the evaluation against the dgemm probe (fanos bench pinn), a run's
#    time per evaluation against the evaluation alone (the warm-up steps,
#    the L-BFGS iterations, two runs sharing the machine), and the two cores'
#    idle time at the ends of the sweeps.
# Prints name=value lines; with --tex, also writes the performance
# appendix's table of these figures.
use strict; use warnings;
my ($r, $opt, $tex) = @ARGV;
unless (defined $r && (!defined $opt || ($opt eq '--tex' && defined $tex))) {
    print STDERR "usage: floor.pl RESULTS-DIR [--tex OUT.tex]\n";
    exit 2;
}
sub rows {
    my ($p) = @_;
    open my $f, '<', $p or return ();
    my $h = <$f>;
    return () unless defined $h;
    chomp $h;
    my @c = split /,/, $h;
    my @rows;
    while (my $l = <$f>) { chomp $l; my %x; @x{@c} = split /,/, $l, -1; push @rows, \%x; }
    return @rows;
}
my %bench = map { $_->{name} => $_->{value} } rows("$r/raw/bench.csv");
for my $k (qw(dgemm_gflops pinn_mflop pinn_eval_ms)) {
    die "floor.pl: no $k in $r/raw/bench.csv (make paper first)\n" unless $bench{$k};
}
# The floor is a limit of the machine, so it takes the probe's fastest
# repetition, not its median: a slow spell of the shared host during the
# probe would otherwise raise the floor and flatter the ratio.  The
# evaluation is taken at its fastest too, so that the first factor compares
# like with like.
my $rate = $bench{dgemm_gflops_max} || $bench{dgemm_gflops};
my $eval_ms = $bench{pinn_eval_ms_min} || $bench{pinn_eval_ms};
my @pinn = qw(T4 T4x);
my @other = qw(T1 T2 T2best T3);
# the tuned experiments, when they have run (make paper runs them)
push @other, grep { -f "$r/raw/$_.csv" } qw(T1tuned T3tuned);
my (%runs, %compute);
my ($evals, $pinn_s) = (0, 0);
for my $e (@pinn, @other) {
    my @x = rows("$r/raw/$e.csv");
    die "floor.pl: no runs in $r/raw/$e.csv (make paper first)\n" unless @x;
    $runs{$e} = scalar @x;
    $compute{$e} = 0;
    $compute{$e} += $_->{seconds} for @x;
    next unless grep { $_ eq $e } @pinn;
    $evals += $_->{evals} for @x;
    $pinn_s += $compute{$e};
}
my (%stage, %span);
for my $f (glob "$r/times/*") {
    open my $h, '<', $f or next;
    my ($name, $secs, $start, $end) = split /,/, scalar <$h>;
    next unless defined $secs;
    chomp $end if defined $end;
    $stage{$name} = $secs;
    $span{$name} = [$start, $end] if defined $end && length $end;
}
my @staged = grep { $_ ne 'pdflatex' } keys %span;
die "floor.pl: no stage times in $r/times (make paper first)\n" unless @staged;
my $t_all;
$t_all = (!defined $t_all || $_->[1] > $t_all) ? $_->[1] : $t_all for values %span;
# the length of the union of the stages' intervals
sub covered {
    my @iv = sort { $a->[0] <=> $b->[0] } map { $span{$_} } grep { $span{$_} } @_;
    my ($len, $s, $e) = (0);
    for my $i (@iv) {
        if (defined $e && $i->[0] <= $e) { $e = $i->[1] if $i->[1] > $e; next; }
        $len += $e - $s if defined $e;
        ($s, $e) = @$i;
    }
    $len += $e - $s if defined $e;
    return $len;
}
my ($t0, $t1);
for (@staged) {
    my ($a, $b) = @{ $span{$_} };
    $t0 = $a if !defined $t0 || $a < $t0;
    $t1 = $b if !defined $t1 || $b > $t1;
}
my $other = 0;
$other += $compute{$_} for @other;
$other += $stage{$_} // 0 for qw(F5good F5bad F6 golden TH THtraces);
my $flops = $evals * $bench{pinn_mflop} * 1e6;
my $pinn_floor = $flops / (2 * $rate * 1e9);
my $floor = $pinn_floor + $other / 2;
my $wall = $t1 - $t0;
my $wall_all = $t_all - $t0;
my $pinn_wall = covered(@pinn);
my $probe_ms = $bench{pinn_mflop} / $rate;   # MFLOP / GFLOP/s = ms
my $run_ms = 1e3 * $pinn_s / $evals;
my %v = (
    pinn_evals => sprintf('%d', $evals),
    pinn_gflop => sprintf('%.1f', $flops / 1e9),
    pinn_run_seconds => sprintf('%.1f', $pinn_s),
    other_compute_s => sprintf('%.1f', $other),
    pinn_floor_s => sprintf('%.1f', $pinn_floor),
    pinn_wall_s => sprintf('%.1f', $pinn_wall),
    pinn_wall_over_floor => sprintf('%.3f', $pinn_wall / $pinn_floor),
    pinn_probe_ms_per_eval => sprintf('%.3f', $probe_ms),
    dgemm_gflops_used => sprintf('%.2f', $rate),
    pinn_eval_ms => sprintf('%.3f', $eval_ms),
    pinn_run_ms_per_eval => sprintf('%.3f', $run_ms),
    factor_eval_over_probe => sprintf('%.3f', $eval_ms / $probe_ms),
    factor_run_over_eval => sprintf('%.3f', $run_ms / $eval_ms),
    factor_idle_cores => sprintf('%.3f', 2 * $pinn_wall / $pinn_s),
    paper_floor_s => sprintf('%.1f', $floor),
    experiments_wall_s => sprintf('%.1f', $wall),
    experiments_wall_over_floor => sprintf('%.2f', $wall / $floor),
    paper_wall_s => sprintf('%.1f', $wall_all),
    paper_wall_over_floor => sprintf('%.2f', $wall_all / $floor),
);
my @order = qw(pinn_evals pinn_gflop pinn_run_seconds other_compute_s
    pinn_floor_s pinn_wall_s pinn_wall_over_floor dgemm_gflops_used
    pinn_probe_ms_per_eval
    pinn_eval_ms pinn_run_ms_per_eval factor_eval_over_probe
    factor_run_over_eval factor_idle_cores paper_floor_s experiments_wall_s
    experiments_wall_over_floor paper_wall_s paper_wall_over_floor);
printf "%s=%s\n", $_, $v{$_} for @order;
for my $e (@other, @pinn) {
    printf "experiment_runs_%s=%d\nexperiment_compute_s_%s=%.1f\n", $e, $runs{$e}, $e, $compute{$e};
}
printf "experiment_wall_s_%s=%s\n", $_, $stage{$_} for sort keys %stage;
exit 0 unless defined $tex;

open my $o, '>', "$tex.tmp" or die "floor.pl: $tex.tmp: $!\n";
print $o "% Generated by paper/floor.pl from the result files; do not edit.\n",
    "Compute time is the sum of the runs' own seconds (both cores together); ",
    "wall time is the stage's, from its start to its end.\n",
    "\\begin{center}\\small\\begin{tabular}{lrrr}\n\\toprule\n",
    "experiment & runs & compute (s) & wall (s) \\\\\n\\midrule\n";
for my $e (@other, @pinn) {
    printf $o "%s & %d & %.1f & %s \\\\\n", $e, $runs{$e}, $compute{$e}, $stage{$e} // '--';
}
print $o "\\bottomrule\n\\end{tabular}\\end{center}\n\n",
    "The floor of \\texttt{make paper} is the PINN experiments' floating-point work ",
    "($v{pinn_evals} evaluations, $v{pinn_gflop} GFLOP) at twice the dgemm probe's rate ",
    "(its fastest repetition, $v{dgemm_gflops_used} GFLOP/s, so that a slow spell of the shared machine ",
    "during the probe does not raise the floor), ",
    "$v{pinn_floor_s} s, plus the other experiments' compute over two cores: ",
    "$v{paper_floor_s} s in all. The experiments took $v{experiments_wall_s} s of wall time ",
    "from the first one's start to the last one's end, ",
    "$v{experiments_wall_over_floor} times the floor. The PINN sweeps took $v{pinn_wall_s} s, ",
    "$v{pinn_wall_over_floor} times their floor, which is the product of three measured factors:\n",
    "\\begin{center}\\small\\begin{tabular}{lr}\n\\toprule\nfactor & value \\\\\n\\midrule\n",
    "one evaluation alone, fastest repetition ($v{pinn_eval_ms} ms), against the probe's time for its FLOPs ($v{pinn_probe_ms_per_eval} ms) & $v{factor_eval_over_probe} \\\\\n",
    "a run's time per evaluation ($v{pinn_run_ms_per_eval} ms) against the evaluation alone & $v{factor_run_over_eval} \\\\\n",
    "two cores' time over the runs' own time (idle cores at the sweeps' ends) & $v{factor_idle_cores} \\\\\n",
    "\\bottomrule\n\\end{tabular}\\end{center}\n",
    "The second factor holds the optimizer steps, the L-BFGS iterations between ",
    "evaluations, and the slow-down of two runs sharing the machine ",
    "(\\texttt{pinn\\_side\\_by\\_side\\_fraction} in the table above).\n";
close $o or die "floor.pl: $tex.tmp: $!\n";
rename "$tex.tmp", $tex or die "floor.pl: $tex: $!\n";
