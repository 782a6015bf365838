#!/usr/bin/perl
# floor.pl RESULTS [--tex OUT.tex] - where the time of `make paper` goes,
# from the result files (doc/performance.md, "The make-paper floor"):
#  - per experiment, its runs, their compute time (the sum of the runs'
#    seconds column), its wall time and its CPU time (the stage times of
#    timed.sh: user and system seconds of all its threads);
#  - paper_floor_s = the PINN experiments' matrix products at twice the
#    dgemm probe's rate (two cores; its fastest repetition) and their tanh
#    values at the fastest library tanh rate measured (tanh_ns_min), plus
#    the work of T5-T7 (`fanos bench work`: products, tanh values and
#    parameter updates, at the same rates and the fastest step rate of the
#    step probe) over two cores, plus the other experiments' compute time
#    over two cores (their stages' CPU time; the runs' seconds when a stage
#    time lacks it);
#  - experiments_wall_s = from the first experiment's start to the last
#    one's end; paper_wall_s = to the end of the last stage timed, the
#    paper's pdflatex included once it has run;
#  - the PINN part of the ratio as the product of three measured factors:
#    the evaluation against the dgemm probe (fanos bench pinn), a run's
#    time per evaluation against the evaluation alone (the warm-up steps,
#    the L-BFGS iterations, two runs sharing the machine), and the two cores'
#    idle time at the ends of the sweeps;
#  - the same parts by CPU time, which a slow spell of the shared machine
#    or two sweeps sharing the cores does not inflate: the experiments'
#    CPU over two cores against the floor (none when a stage's times lack
#    the CPU field, as those of an older timed.sh do).
# Prints name=value lines; with --tex, also writes the performance
# appendix's table of these figures.
use strict; use warnings;
use FindBin; use lib $FindBin::Bin; use Results qw(num);
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
# The tanh values at the fastest rate of the library's tanh that the probe
# measured (glibc's vector tanh where the CPU has it); none counted when
# bench.csv has no tanh probe.
my $tanh_ns = $bench{tanh_ns_min} || $bench{tanh_ns} || 0;
my $tanh_per_eval = $bench{pinn_tanh_per_eval} || 0;
# The optimizer step at the fastest rate per parameter of the step probe.
my ($step_key) = sort { $bench{$a} <=> $bench{$b} || $a cmp $b }
                 grep { /^step_\w+_d1e\d+_ns$/ && $bench{$_} } keys %bench;
my $step_ns = $step_key ? $bench{$step_key} : 0;
# the PINN sweeps: T4 and T4x, and the tuned T4 when it has run
my @pinn = (qw(T4 T4x), grep { -f "$r/raw/$_.csv" } qw(T4tuned));
# the experiments trained on a data set, with the work of bench work
my @data = grep { -f "$r/raw/$_.csv" && defined $bench{"work_${_}_grad_flop_per_example"} }
           qw(T5 T6 T7);
my @other = qw(T1 T2 T2best T3);
# the tuned experiments, when they have run (make paper runs them), and the
# data experiments whose work bench.csv lacks
push @other, grep { my $e = $_; -f "$r/raw/$e.csv" && !grep { $_ eq $e } @data }
             qw(T1tuned T3tuned T5 T6 T7);
my (%runs, %compute);
my ($evals, $pinn_s) = (0, 0);
my ($dflops, $dtanh, $dstep, $data_s) = (0, 0, 0, 0);
# T5-T7's products priced at the rates of their own shapes (fanos bench
# data: the same dgemm calls alone, fastest turn), a step's and a held-out
# pass's apart; undef when bench.csv lacks a rate
my $own_s = 0;
for my $e (@pinn, @data, @other) {
    my @x = rows("$r/raw/$e.csv");
    die "floor.pl: no runs in $r/raw/$e.csv (make paper first)\n" unless @x;
    $runs{$e} = scalar @x;
    $compute{$e} = 0;
    $compute{$e} += $_->{seconds} for @x;
    if (grep { $_ eq $e } @pinn) {
        $evals += $_->{evals} for @x;
        $pinn_s += $compute{$e};
    }
    next unless grep { $_ eq $e } @data;
    my %w = map { $_ => $bench{"work_${e}_$_"} }
            qw(examples batch steps_per_epoch grad_flop_per_example
               grad_tanh_per_example heldout eval_mflop params);
    for my $k (keys %w) {
        die "floor.pl: no work_${e}_$k in $r/raw/bench.csv\n" unless defined $w{$k};
    }
    for my $x (@x) {
        # the steps' examples: whole epochs of N, then full batches of B
        my $s = $x->{steps};
        my $ex = int($s / $w{steps_per_epoch}) * $w{examples}
               + ($s % $w{steps_per_epoch}) * $w{batch};
        # the held-out evaluations: the curve's records, or the last iterate's
        my $held = defined $x->{curve} && $x->{curve} =~ /\S/
                 ? scalar(split ' ', $x->{curve}) : 1;
        $dflops += $ex * $w{grad_flop_per_example} + $held * $w{eval_mflop} * 1e6;
        my ($rs, $re) = map { $bench{"data_${e}_${_}_products_gflops_max"} } qw(step eval);
        # a rate that is no positive finite number counts as missing
        my $good = sub { defined $_[0] && $_[0] =~ /^\d+(\.\d*)?([eE][-+]?\d+)?$/ && $_[0] > 0 };
        if (defined $own_s && $good->($rs) && $good->($re)) {
            $own_s += $ex * $w{grad_flop_per_example} / ($rs * 1e9)
                    + $held * $w{eval_mflop} * 1e6 / ($re * 1e9);
        } else {
            undef $own_s;
        }
        $dtanh += ($ex + $held * $w{heldout}) * $w{grad_tanh_per_example};
        $dstep += $s * $w{params};
    }
    $data_s += $compute{$e};
}
undef $own_s unless @data;
my (%stage, %span, %cpu);
for my $f (glob "$r/times/*") {
    open my $h, '<', $f or next;
    my $l = <$h>;
    next unless defined $l;
    chomp $l;
    my ($name, $secs, $start, $end, $c) = split /,/, $l;
    next unless defined $secs;
    # a field that is there must be a number: a stage record written by
    # hand or cut short says so instead of counting as 0
    for my $v ([seconds => $secs], [start => $start], [end => $end], [cpu => $c]) {
        die "floor.pl: $f: $v->[0] '$v->[1]' is not a number >= 0\n"
            if defined $v->[1] && length $v->[1] && $v->[1] !~ /^\d+(\.\d*)?([eE][-+]?\d+)?$/;
    }
    $stage{$name} = $secs;
    $span{$name} = [$start, $end] if defined $end && length $end;
    $cpu{$name} = $c if defined $c && length $c;
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
# The third part: the other stages' CPU time (every stage but the PINN's,
# T5-T7's and pdflatex), when each stage has one; else, as an older
# timed.sh left them, the runs' seconds (their wall time, which sweeps
# sharing the cores inflate) and the other stages' wall time.
my %modelled = map { $_ => 1 } @pinn, @data, 'pdflatex';
my $other = cpu_of(grep { !$modelled{$_} } sort keys %stage);
my $other_basis = 'cpu';
unless (defined $other) {
    $other_basis = 'runs';
    $other = 0;
    $other += $compute{$_} for @other;
    $other += $stage{$_} // 0 for qw(F5good F5bad F6 golden TH THtraces);
}
my $flops = $evals * $bench{pinn_mflop} * 1e6;
my $tanh_ms = $tanh_per_eval * $tanh_ns * 1e-6;
my $probe_ms = $bench{pinn_mflop} / $rate + $tanh_ms;   # MFLOP / GFLOP/s = ms
my $pinn_floor = $evals * $probe_ms / 2e3;
my $data_floor = ($dflops / ($rate * 1e9) + $dtanh * $tanh_ns * 1e-9
                  + $dstep * $step_ns * 1e-9) / 2;
my $floor = $pinn_floor + $data_floor + $other / 2;
# the same floor with T5-T7's products at their own shapes' rates, as the
# PINN's part has them (its probe makes the evaluation's own products)
my $probe_s = $dflops / ($rate * 1e9);
my $data_floor_own = defined $own_s && @data ? $data_floor + ($own_s - $probe_s) / 2 : undef;
my $floor_own = defined $data_floor_own ? $floor - $data_floor + $data_floor_own : undef;
my $wall = $t1 - $t0;
my $wall_all = $t_all - $t0;
my $pinn_wall = covered(@pinn);
my $run_ms = 1e3 * $pinn_s / $evals;
# CPU seconds of a set of stages; undef when one of them lacks the field
sub cpu_of {
    return undef unless @_;
    my $sum = 0;
    for (@_) { return undef unless defined $cpu{$_}; $sum += $cpu{$_}; }
    return $sum;
}
# (a PINN or data experiment without its stage record: none, not the
# CPU of the others against the whole floor)
my $pinn_cpu = cpu_of(@pinn);
my $data_cpu = cpu_of(@data);
my $all_cpu = cpu_of(grep { $_ ne 'pdflatex' } keys %stage);
sub ratio { my ($x, $y, $f) = @_; defined $x && $y > 0 ? sprintf($f, $x / $y) : 'none' }
sub secs { defined $_[0] ? sprintf('%.1f', $_[0]) : 'none' }
my %v = (
    pinn_evals => sprintf('%d', $evals),
    pinn_gflop => sprintf('%.1f', $flops / 1e9),
    pinn_run_seconds => sprintf('%.1f', $pinn_s),
    other_compute_s => sprintf('%.1f', $other),
    other_compute_basis => $other_basis,
    pinn_floor_s => sprintf('%.1f', $pinn_floor),
    pinn_wall_s => sprintf('%.1f', $pinn_wall),
    pinn_wall_over_floor => sprintf('%.3f', $pinn_wall / $pinn_floor),
    pinn_probe_ms_per_eval => sprintf('%.3f', $probe_ms),
    pinn_tanh_ms_per_eval => sprintf('%.3f', $tanh_ms),
    tanh_ns_used => sprintf('%.4f', $tanh_ns),
    step_ns_used => sprintf('%.4f', $step_ns),
    step_probe_used => $step_key // 'none',
    data_gflop => sprintf('%.1f', $dflops / 1e9),
    data_tanh_values => sprintf('%.0f', $dtanh),
    data_step_params => sprintf('%.0f', $dstep),
    data_floor_s => sprintf('%.1f', $data_floor),
    data_run_seconds => sprintf('%.1f', $data_s),
    data_compute_over_floor => $data_floor > 0 ? sprintf('%.2f', $data_s / (2 * $data_floor)) : 'none',
    data_wall_s => sprintf('%.1f', covered(@data)),
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
    experiments_cpu_s => secs($all_cpu),
    experiments_cpu_over_floor => ratio($all_cpu, 2 * $floor, '%.2f'),
    pinn_cpu_s => secs($pinn_cpu),
    pinn_cpu_over_floor => ratio($pinn_cpu, 2 * $pinn_floor, '%.3f'),
    pinn_cpu_ms_per_eval => ratio($pinn_cpu, $evals / 1e3, '%.3f'),
    factor_cpu_run_over_eval => ratio($pinn_cpu, $evals * $eval_ms / 1e3, '%.3f'),
    data_cpu_s => secs($data_cpu),
    data_cpu_over_floor => ratio($data_cpu, 2 * $data_floor, '%.2f'),
    data_products_probe_s => @data ? sprintf('%.1f', $probe_s) : 'none',
    data_products_own_s => secs($own_s),
    data_factor_shapes => defined $own_s && $probe_s > 0 ? sprintf('%.2f', $own_s / $probe_s) : 'none',
    data_floor_own_s => secs($data_floor_own),
    data_cpu_over_floor_own => defined $data_floor_own ? ratio($data_cpu, 2 * $data_floor_own, '%.2f') : 'none',
    paper_floor_own_s => secs($floor_own),
    experiments_wall_over_floor_own => defined $floor_own ? sprintf('%.2f', $wall / $floor_own) : 'none',
);
my @order = qw(pinn_evals pinn_gflop pinn_run_seconds other_compute_s other_compute_basis
    pinn_floor_s pinn_wall_s pinn_wall_over_floor dgemm_gflops_used
    pinn_probe_ms_per_eval pinn_tanh_ms_per_eval tanh_ns_used step_ns_used
    step_probe_used data_gflop data_tanh_values data_step_params data_floor_s
    data_run_seconds data_compute_over_floor data_wall_s
    pinn_eval_ms pinn_run_ms_per_eval factor_eval_over_probe
    factor_run_over_eval factor_idle_cores paper_floor_s experiments_wall_s
    experiments_wall_over_floor paper_wall_s paper_wall_over_floor
    experiments_cpu_s experiments_cpu_over_floor pinn_cpu_s
    pinn_cpu_over_floor pinn_cpu_ms_per_eval factor_cpu_run_over_eval
    data_cpu_s data_cpu_over_floor data_products_probe_s data_products_own_s
    data_factor_shapes data_floor_own_s data_cpu_over_floor_own paper_floor_own_s
    experiments_wall_over_floor_own);
printf "%s=%s\n", $_, $v{$_} for @order;
for my $e (@other, @data, @pinn) {
    printf "experiment_runs_%s=%d\nexperiment_compute_s_%s=%.1f\n", $e, $runs{$e}, $e, $compute{$e};
}
printf "experiment_wall_s_%s=%s\n", $_, $stage{$_} for sort keys %stage;
printf "experiment_cpu_s_%s=%s\n", $_, $cpu{$_} for sort keys %cpu;
exit 0 unless defined $tex;

open my $o, '>', "$tex.tmp" or die "floor.pl: $tex.tmp: $!\n";
print $o "% Generated by paper/floor.pl from the result files; do not edit.\n",
    "Compute time is the sum of the runs' own seconds (both cores together); ",
    "wall time is the stage's, from its start to its end; CPU time is the stage's user and system time, ",
    "all its threads together.\n",
    "\\begin{center}\\small\\begin{tabular}{lrrrr}\n\\toprule\n",
    "experiment & runs & compute (s) & wall (s) & CPU (s) \\\\\n\\midrule\n";
for my $e (@other, @data, @pinn) {
    printf $o "%s & %d & %.1f & %s & %s \\\\\n", $e, $runs{$e}, $compute{$e}, $stage{$e} // '--', $cpu{$e} // '--';
}
print $o "\\bottomrule\n\\end{tabular}\\end{center}\n\n",
    "The floor of \\texttt{make paper} has three parts. ",
    "(1) The PINN experiments' matrix products ",
    "($v{pinn_evals} evaluations, $v{pinn_gflop} GFLOP) at twice the dgemm probe's rate ",
    "(its fastest repetition, $v{dgemm_gflops_used} GFLOP/s, so that a slow spell of the shared machine ",
    "during the probe does not raise the floor), and their tanh values at the fastest rate of the ",
    "library's tanh that the probe measured ($v{tanh_ns_used} ns a value, labelled as such: ",
    "a library rate, not a limit of the machine; $v{pinn_tanh_ms_per_eval} ms an evaluation): ",
    "$v{pinn_floor_s} s. ",
    "(2) The work of T5--T7 counted as doc/spec.md [MB18] (\\texttt{fanos bench work}): ",
    "$v{data_gflop} GFLOP of matrix products at the same dgemm rate, " . num($v{data_tanh_values}) . " tanh values ",
    "at the same tanh rate, and " . num($v{data_step_params}) . " parameter updates at the fastest rate per parameter ",
    "of the step probe (\\texttt{" . ($v{step_probe_used} =~ s/_/\\_/gr) . "}, $v{step_ns_used} ns), ",
    "over two cores: $v{data_floor_s} s; their runs took $v{data_run_seconds} s, ",
    "$v{data_compute_over_floor} times that work at those rates (a run's seconds are its wall time: ",
    "when two sweeps of two threads each share the two cores, about twice its CPU time). ",
    "(3) The other experiments' own compute over two cores (no model of their work): ",
    $other_basis eq 'cpu' ? "their stages' CPU time, $v{other_compute_s} s. "
                          : "their runs' seconds and the other stages' wall time, $v{other_compute_s} s. ",
    "In all, $v{paper_floor_s} s. The experiments took $v{experiments_wall_s} s of wall time ",
    "from the first one's start to the last one's end, ",
    "$v{experiments_wall_over_floor} times the floor (the target for \\texttt{make paper} is 1.3; ",
    "\\texttt{make bench} prints the ratio with this paper's own build). The PINN sweeps took $v{pinn_wall_s} s, ",
    "$v{pinn_wall_over_floor} times their floor, which is the product of three measured factors:\n",
    "\\begin{center}\\small\\begin{tabular}{lr}\n\\toprule\nfactor & value \\\\\n\\midrule\n",
    "one evaluation alone, fastest repetition ($v{pinn_eval_ms} ms), against the probes' time for its FLOPs and tanh values ($v{pinn_probe_ms_per_eval} ms) & $v{factor_eval_over_probe} \\\\\n",
    "a run's time per evaluation ($v{pinn_run_ms_per_eval} ms) against the evaluation alone & $v{factor_run_over_eval} \\\\\n",
    "two cores' time over the runs' own time (idle cores at the sweeps' ends) & $v{factor_idle_cores} \\\\\n",
    "\\bottomrule\n\\end{tabular}\\end{center}\n",
    "The second factor holds the optimizer steps, the L-BFGS iterations between ",
    "evaluations, and the slow-down of two runs sharing the machine ",
    "(\\texttt{pinn\\_side\\_by\\_side\\_fraction} in the table above).\n",
    $v{experiments_cpu_s} eq 'none' ? '' :
    "By CPU time, which neither a slow spell of the shared machine nor two sweeps sharing the cores inflates, " .
    "the experiments used $v{experiments_cpu_s} s of CPU, $v{experiments_cpu_over_floor} times the floor's two cores; " .
    "the PINN sweeps $v{pinn_cpu_s} s, $v{pinn_cpu_over_floor} times their floor's two cores: the product of the " .
    "first factor above and a run's CPU per evaluation ($v{pinn_cpu_ms_per_eval} ms) against the evaluation alone, " .
    "$v{factor_cpu_run_over_eval}" .
    ($v{data_cpu_s} eq 'none' ? '' : "; T5--T7 $v{data_cpu_s} s, $v{data_cpu_over_floor} times their work at the probes' rates") .
    ".\n",
    $v{data_factor_shapes} eq 'none' ? '' :
    "The products of T5--T7 alone, on their own shapes (\\texttt{fanos bench data}: the same dgemm calls " .
    "with nothing between them, their fastest turn) run " .
    ($v{data_factor_shapes} > 1 ? 'slower than' : $v{data_factor_shapes} < 1 ? 'faster than' : 'as fast as') .
    " the probe's: at those rates they take " .
    "$v{data_products_own_s} s, $v{data_factor_shapes} times their $v{data_products_probe_s} s at the probe's rate. " .
    "With T5--T7's products priced at the rates of their own shapes, as the PINN's part of the floor has them " .
    "(its probe makes the evaluation's own products), their work takes $v{data_floor_own_s} s of the two cores " .
    "and T5--T7 used " . ($v{data_cpu_over_floor_own} eq 'none' ? 'an unknown multiple' : "$v{data_cpu_over_floor_own} times") .
    " that by CPU; the floor becomes $v{paper_floor_own_s} s and the experiments took $v{experiments_wall_over_floor_own} " .
    "times it. This is a reading of where the time goes, not the floor of the target, which prices every product " .
    "at the probe's rate.\n";
close $o or die "floor.pl: $tex.tmp: $!\n";
rename "$tex.tmp", $tex or die "floor.pl: $tex: $!\n";
