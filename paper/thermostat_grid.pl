#!/usr/bin/perl
# thermostat_grid.pl - the thermostat question in the paper (doc/spec.md
# section 15), from the result files of `fanos thermostat`.
#
# usage: thermostat_grid.pl traces FANOS GRID.ini ANSWER.csv RUNS.csv DRAWSDIR OUTDIR
#          For each problem of the answer, the median run of its
#          best-tracking setting again through `fanos run --trace` (the
#          settings read from the grid file), its tracking recomputed from
#          the trace and checked against its row of RUNS.csv, and its
#          temperatures kept as OUTDIR/th_best_K.csv (step, T_inst, T_ema,
#          T0, zeta); OUTDIR/th_best.gpi names the panels for
#          thermostat_grid.gp.
#    or: thermostat_grid.pl tex FANOS GRID.ini ANSWER.csv SETTINGS.csv TRACEDIR OUT.tex
#          The macros (\val{th...}), the table of the best settings per
#          problem (beside FANoS's default setting, read from fanos params)
#          and the verdicts' wording.  The rules are those of the library
#          (TH6-TH9); this script only words them.  TRACEDIR holds the
#          traces of `traces` (the friction of the best-tracking runs).
use strict;
use FindBin; use lib $FindBin::Bin; use Results qw(isnum);
use warnings;
use List::Util qw(min max sum first);


# The grid file: section => { key => value }, and the section order.
sub read_ini {
    my ($path) = @_;
    open my $f, '<', $path or die "thermostat_grid.pl: cannot read $path: $!\n";
    my (%s, @order, $cur);
    while (my $l = <$f>) {
        next if $l =~ /^\s*[#;]/ || $l =~ /^\s*$/;
        if ($l =~ /^\[(.+)\]\s*$/) { $cur = $1; push @order, $cur; next; }
        $s{$cur}{$1} = $2 if defined $cur && $l =~ /^(\S+)\s*=\s*(.*?)\s*$/;
    }
    return (\%s, \@order);
}


my $mode = shift // '';
if ($mode eq 'traces') { traces(@ARGV); }
elsif ($mode eq 'tex') { tex(@ARGV); }
else { die "usage: thermostat_grid.pl traces|tex ...\n"; }

# ---------------------------------------------------------------- traces
sub median { my @v = sort { $a <=> $b } @_; my $n = @v; return $n % 2 ? $v[$n / 2] : ($v[$n / 2 - 1] + $v[$n / 2]) / 2; }

# TH1, TH2 from a trace, computed here independently of the library.
sub tracking_of {
    my ($rows) = @_;
    my $n = @$rows;
    my @d = map {
        my ($te, $t0) = ($_->{T_ema}, $_->{T0});
        (isnum($te) && isnum($t0) && $te > 0 && $t0 > 0) ? abs(log($te) - log($t0)) : 9**9**9;
    } @$rows[int($n / 2) .. $n - 1];
    return median(@d);
}

sub traces {
    my ($fanos, $ini, $answer, $runs, $draws, $out) = @_;
    die "usage: thermostat_grid.pl traces FANOS GRID.ini ANSWER.csv RUNS.csv DRAWSDIR OUTDIR\n"
        unless defined $out;
    my ($s) = read_ini($ini);
    my $th = $s->{thermostat};
    my $ans = Results::read_csv($answer, rows => 1);
    my $rr = Results::read_csv($runs, rows => 1);
    my @panels;
    my $k = 0;
    for my $a (@$ans) {
        $k++;
        next unless isnum($a->{best_Q});
        my $sec = $s->{"problem $a->{problem}"}
            or die "thermostat_grid.pl: $ini has no [problem $a->{problem}]\n";
        my @args = ('run', '--problem', $sec->{problem}, '--optimizer', 'fanos',
                    '--draws', $th->{draws} // 'reference', '--draws-dir', $draws,
                    '--seed', $a->{best_seed}, '--budget', $sec->{budget},
                    '--final', $sec->{loop} // 'before-last');
        for my $key (sort keys %$sec) {
            next if grep { $_ eq $key } qw(problem budget loop set);
            my $v = $key eq 'cond' ? $a->{param} : $sec->{$key};
            push @args, $key eq 'dim' ? ('--dim', $v) : $key eq 'cond' ? ('--cond', $v)
                                      : ('--param', "$key=$v");
        }
        push @args, map { s/\s+//gr } map { ('--set', $_) } split /,/, $sec->{set} // '';
        @args = grep { $_ ne '' } @args;
        push @args, '--set', "Q=$a->{best_Q}", '--set', "rho_T=$a->{best_rho_T}",
                    '--set', "T0_max=$a->{best_T0_max}";
        my $trace = "$out/th_best_$k.full.csv";
        system($fanos, @args, '--trace', $trace, '--force') == 0
            or die "thermostat_grid.pl: $fanos @args failed\n";
        my $t = Results::read_csv($trace, rows => 1);
        my $row = first { $_->{problem} eq $a->{problem} && $_->{param} eq $a->{param}
                          && $_->{Q} eq $a->{best_Q} && $_->{rho_T} eq $a->{best_rho_T}
                          && $_->{T0_max} eq $a->{best_T0_max} && $_->{seed} eq $a->{best_seed} } @$rr;
        die "thermostat_grid.pl: no run of the best setting of $a->{problem} $a->{param} in $runs\n"
            unless $row;
        my $mine = tracking_of($t);
        die "thermostat_grid.pl: the trace of $a->{problem} $a->{param} gives tracking $mine, "
          . "$runs $row->{tracking}\n" if abs($mine - $row->{tracking}) > 1e-9 * max(1, abs($mine));
        my $csv = "$out/th_best_$k.csv";
        open my $f, '>', "$csv.tmp" or die "thermostat_grid.pl: $csv.tmp: $!\n";
        print $f "step,T_inst,T_ema,T0,zeta\n";
        print $f join(',', @$_{qw(step T_inst T_ema T0 zeta)}), "\n" for @$t;
        close $f or die;
        rename "$csv.tmp", $csv or die;
        unlink $trace;
        my $what = $a->{param} ne '' ? "$a->{problem}, {/Symbol k} = " . sprintf('%g', $a->{param})
                                     : $a->{problem};
        push @panels, [$csv, sprintf('%s: Q = %g, {/Symbol r}_T = %g, T_{0,max} = %g, seed %s',
                                     $what, @$a{qw(best_Q best_rho_T best_T0_max best_seed)})];
    }
    open my $g, '>', "$out/th_best.gpi.tmp" or die;
    printf $g "n = %d\n", scalar @panels;
    printf $g "file%d = '%s'\ntitle%d = '%s'\n", $_ + 1, $panels[$_][0], $_ + 1, $panels[$_][1]
        for 0 .. $#panels;
    close $g or die;
    rename "$out/th_best.gpi.tmp", "$out/th_best.gpi" or die;
}

# ---------------------------------------------------------------- tex
sub num {
    my ($x, $d) = @_;
    return defined $x && $x eq 'inf' ? 'diverged' : Results::num($x, $d);
}
# A grid value: a power of ten from 10^2 up or 10^-2 down as 10^k, else %g.
sub pow10 {
    my $x = shift;
    if ($x > 0) {
        my $k = sprintf('%.0f', log($x) / log(10));
        return "\$10^{$k}\$" if abs($k) >= 2 && $x == 10**$k;
    }
    my $g = sprintf('%g', $x);
    return $g unless $g =~ /^(-?[\d.]+)e([-+]\d+)$/;
    return "\$$1\\times10^{" . ($2 + 0) . "}\$";
}
sub items { my $v = shift; return split /\s*,\s*/, $v; }
# A grid list in text mode, each value in math: "$10^{-6}$, $0.1$".
sub list { return join(', ', map { my $v = pow10($_); $v =~ /\$/ ? $v : "\$$v\$" } items(shift)); }
# A correlation, its minus sign in math.
sub rhofmt { return sprintf('$%.2f$', shift); }
sub count { my @v = items(shift); return scalar @v; }

# The defaults of FANoS's parameter table (fanos params fanos --markdown).
sub defaults {
    my ($fanos) = @_;
    my %d;
    open my $p, '-|', $fanos, 'params', 'fanos', '--markdown'
        or die "thermostat_grid.pl: cannot run $fanos: $!\n";
    while (<$p>) { $d{$1} = $2 if /^\| `([^`]+)` \| \w+ \| ([^ |]+) \|/; }
    close $p or die "thermostat_grid.pl: $fanos params fanos failed\n";
    defined $d{$_} or die "thermostat_grid.pl: no default of $_\n" for qw(Q rho_T T0_max);
    return \%d;
}

# "A" or "A to B" of positive numbers.
sub span {
    my @v = @_;
    return '--' unless @v;
    my ($lo, $hi) = (min(@v), max(@v));
    return num($lo) eq num($hi) ? num($lo) : num($lo) . ' to ' . num($hi);
}

# How the best-tracking setting's loss b compares with the default's d,
# over problems: the words of "lower than the default's by a factor ...".
sub versus {
    my @r = @_;     # d / b
    return 'not comparable (the grid lacks the default setting)' unless @r;
    return 'lower than the default setting\'s by a factor ' . span(@r) unless grep { $_ <= 1 } @r;
    return 'higher than the default setting\'s by a factor ' . span(map { 1 / $_ } @r)
        unless grep { $_ >= 1 } @r;
    return 'lower than the default setting\'s on ' . scalar(grep { $_ > 1 } @r) . ' of '
         . scalar(@r) . ' problems and not lower on the others';
}

sub tex {
    my ($fanos, $ini, $answer, $settings, $tracedir, $out) = @_;
    die "usage: thermostat_grid.pl tex FANOS GRID.ini ANSWER.csv SETTINGS.csv TRACEDIR OUT.tex\n"
        unless defined $out;
    my ($s) = read_ini($ini);
    my $th = $s->{thermostat};
    my $ans = Results::read_csv($answer, rows => 1);
    my $set = Results::read_csv($settings, rows => 1);
    my @m;
    my $val = sub { push @m, "\\expandafter\\def\\csname v\@th$_[0]\\endcsname{$_[1]}\n"; };
    $val->('Q', list($th->{Q}));
    $val->('rho', list($th->{rho_T}));
    $val->('Tzero', list($th->{T0_max}));
    $val->("n$_", count($th->{$_})) for qw(Q rho_T T0_max);
    $val->('seeds', $th->{seeds} =~ s/\.\./--/gr);
    $val->('draws', $th->{draws} // 'reference');
    $val->('nsettings', $ans->[0]{settings});
    $val->('nproblems', scalar @$ans);
    $val->('nruns', scalar(@$set) * $set->[0]{runs});
    $val->('nperseed', $set->[0]{runs});
    my $def = defaults($fanos);
    my $bare = sub { return pow10($_[0]) =~ s/\$//gr; };
    $val->('defaults', '$Q = ' . $bare->($def->{Q}) . '$, $\rho_T = ' . $bare->($def->{rho_T})
                       . '$, $T_{0,\max} = ' . $bare->($def->{T0_max}) . '$');
    my $is_default = sub { $_[0]{Q} == $def->{Q} && $_[0]{rho_T} == $def->{rho_T}
                           && $_[0]{T0_max} == $def->{T0_max} };
    my $edge = sub {
        my ($key, $v) = @_;
        my @g = sort { $a <=> $b } items($th->{$key});
        return ($v == $g[0] || $v == $g[-1]) ? '$^{e}$' : '';
    };
    my $t = '\begin{table}[t]\centering\small' . "\n"
          . '\caption{TH: per problem, the settings that track (tracking $\le \ln 2$ and no '
          . 'run diverged) and those with a diverged run, of all settings; the best-tracking '
          . 'and the lowest-loss setting and FANoS\'s default setting (\val{thdefaults}) with '
          . 'their medians over the seeds of the tracking and of the final loss; $\rho_S$: '
          . 'Spearman\'s rank correlation of tracking and final loss over the settings with '
          . 'no diverged run, and its verdict. $^{e}$: a value on the edge of the grid.}'
          . '\label{tab:thermostat}' . "\n"
          . '\resizebox{\textwidth}{!}{\begin{tabular}{lrrlrrlrrrrrl}' . "\n" . '\toprule' . "\n"
          . ' & & & \multicolumn{3}{c}{best tracking} & \multicolumn{3}{c}{lowest final loss} '
          . '& \multicolumn{2}{c}{default} & & \\\\' . "\n"
          . '\cmidrule(lr){4-6}\cmidrule(lr){7-9}\cmidrule(lr){10-11}' . "\n"
          . 'problem & track & div. & $Q$, $\rho_T$, $T_{0,\max}$ & tracking & loss '
          . '& $Q$, $\rho_T$, $T_{0,\max}$ & tracking & loss & tracking & loss & $\rho_S$ & verdict \\\\'
          . "\n" . '\midrule' . "\n";
    my (@rhos, %verdicts, @ntrack, @ratio, %vsdef, %zeta, %div, @bestQ, @bestrho, @deftrack);
    my @lowT0;
    my ($lowtracks, $nlow, $deftracks) = (0, 0, 0);
    my $ntracks = 0;
    my $i = 0;
    for my $a (@$ans) {
        $i++;
        my $group = $a->{param} ne '' ? 'axis' : 'other';
        my $name = $a->{param} ne '' ? "$a->{problem}, " . '$\kappa$ = ' . pow10($a->{param})
                                     : $a->{problem};
        my $d = first { $_->{problem} eq $a->{problem} && $_->{param} eq $a->{param}
                        && $is_default->($_) } @$set;
        my $triple = sub {
            my $p = shift;
            return '--' unless isnum($a->{"${p}_Q"});
            return join(', ', map { pow10($a->{"${p}_$_"}) . $edge->($_, $a->{"${p}_$_"}) }
                              qw(Q rho_T T0_max));
        };
        my $rho = isnum($a->{spearman}) ? rhofmt($a->{spearman}) : '--';
        $t .= join(' & ', $name, "$a->{tracking}/$a->{settings}", $a->{diverged},
                   $triple->('best'), num($a->{best_tracking}), num($a->{best_final_loss}),
                   $triple->('lowest'), num($a->{lowest_tracking}), num($a->{lowest_final_loss}),
                   $d ? (num($d->{tracking}), num($d->{final_loss})) : ('--', '--'),
                   $rho, $a->{verdict}) . " \\\\\n";
        push @rhos, $a->{spearman} if isnum($a->{spearman});
        push @bestQ, $a->{best_Q} if isnum($a->{best_Q});
        push @bestrho, $a->{best_rho_T} if isnum($a->{best_rho_T});
        push @deftrack, $d->{tracking} if $d;
        $deftracks += $d && $d->{tracks};
        if (isnum($a->{lowest_Q})) {
            my $l = first { $_->{problem} eq $a->{problem} && $_->{param} eq $a->{param}
                            && $_->{Q} eq $a->{lowest_Q} && $_->{rho_T} eq $a->{lowest_rho_T}
                            && $_->{T0_max} eq $a->{lowest_T0_max} } @$set;
            $nlow++;
            $lowtracks += $l && $l->{tracks};
            push @lowT0, $a->{lowest_T0_max};
        }
        push @ntrack, $a->{tracking};
        $verdicts{$a->{verdict}}++;
        $ntracks++ if $a->{tracks} eq 'yes';
        $div{$group} += $a->{diverged};
        my ($b, $l) = ($a->{best_final_loss}, $a->{lowest_final_loss});
        push @ratio, $b / $l if isnum($b) && isnum($l) && $l > 0;
        push @{$vsdef{$group}}, $d->{final_loss} / $b
            if $d && isnum($d->{final_loss}) && isnum($b) && $b > 0;
        # the friction of the best-tracking run over the second half of
        # its trace (thermostat_grid.pl traces)
        my $tr = "$tracedir/th_best_$i.csv";
        if (isnum($a->{best_Q}) && -e $tr) {
            my $rows = Results::read_csv($tr, rows => 1);
            my @z = map { $_->{zeta} } @$rows[int(@$rows / 2) .. $#$rows];
            push @{$zeta{$group}}, sum(@z) / @z;
        }
    }
    $t .= "\\bottomrule\n\\end{tabular}}\n\\end{table}\n";
    my $np = @$ans;
    $val->('ntracks', $ntracks);
    $val->('trackspan', min(@ntrack) == max(@ntrack) ? $ntrack[0]
                                                     : min(@ntrack) . ' to ' . max(@ntrack));
    $val->('rhospan', @rhos ? (rhofmt(min(@rhos)) eq rhofmt(max(@rhos))
                               ? rhofmt(min(@rhos))
                               : rhofmt(min(@rhos)) . ' to ' . rhofmt(max(@rhos))) : '--');
    $val->("n$_", $verdicts{$_} // 0) for qw(lower none higher undefined);
    # the sign of correlations that are all too weak for a verdict (TH9)
    $val->('rhosign', (!@rhos || grep({ abs($_) >= 0.5 } @rhos)) ? '' : !grep({ $_ >= 0 } @rhos)
        ? ', negative on every problem: if anything, better tracking goes with a slightly higher loss'
        : !grep({ $_ <= 0 } @rhos)
        ? ', positive on every problem: if anything, better tracking goes with a slightly lower loss'
        : '');
    $val->('ratiospan', span(@ratio));
    my $vspan = sub { return '--' unless @_; my ($lo, $hi) = (min(@_), max(@_));
                      return $lo == $hi ? pow10($lo) : pow10($lo) . ' to ' . pow10($hi); };
    $val->('bestQspan', $vspan->(@bestQ));
    $val->('bestrhospan', $vspan->(@bestrho));
    $val->('defaulttrackspan', span(grep { isnum($_) } @deftrack));
    my @dt = grep { isnum($_) } @deftrack;
    $val->('defaulttracks', $deftracks);
    $val->('defaultfactor', @dt ? num(exp(min(@dt))) : '--');
    $val->('Qmin', pow10(min(items($th->{Q}))));
    $val->('lowesttracks', $lowtracks == $nlow ? "on every problem the lowest-loss setting tracks too"
                         : $lowtracks ? "on $lowtracks of the $nlow problems the lowest-loss setting "
                                      . "tracks too, on the other" . ($nlow - $lowtracks > 1 ? 's' : '')
                                      . ' it does not'
                         : 'on no problem does the lowest-loss setting track');
    $val->('lowestTspan', $vspan->(@lowT0));
    $val->('reading', ($verdicts{lower} // 0) == 0 && ($verdicts{undefined} // 0) == 0
                      ? ': where the temperature is held matters more than how closely' : '');
    # the problems as the grid file sets them
    my $esc = sub { return $_[0] =~ s/_/\\_/gr; };
    my $value = sub { return $_[0] =~ /^\d+$/ ? $_[0] : isnum($_[0]) ? pow10($_[0]) : $esc->($_[0]); };
    my @desc;
    for my $sec (grep { /^problem / } sort keys %$s) {
        my $p = $s->{$sec};
        my @kv = map { $_ eq 'cond' ? '$\kappa \in \{' . join(', ', map { $bare->($_) } items($p->{$_}))
                                      . '\}$'
                                    : $esc->($_) . ' ' . $value->($p->{$_}) }
                 grep { !/^(problem|budget|loop|set)$/ } sort keys %$p;
        my @set = map { my ($k, $v) = split /\s*=\s*/, $_, 2; $esc->($k) . ' ' . $value->($v) }
                  items($p->{set} // '');
        push @desc, '\texttt{' . $esc->($sec =~ s/^problem //r) . "} ($p->{problem}"
                  . join('', map { ", $_" } @kv) . ", $p->{budget} "
                  . (($p->{loop} // '') eq 'after-last' ? 'steps, the loss after the last one'
                                                      : 'evaluations, the loss before the last step')
                  . (@set ? '; FANoS ' . join(', ', @set) : '') . ')';
    }
    $val->('problems', join('; ', @desc));
    $val->('vsdefaultaxis', versus(@{$vsdef{axis} // []}));
    $val->('vsdefaultother', versus(@{$vsdef{other} // []}));
    $val->('zetaaxis', span(@{$zeta{axis} // []}));
    $val->('zetaother', span(@{$zeta{other} // []}));
    $val->('divaxis', $div{axis} // 0);
    $val->('divother', $div{other} // 0);
    $val->('stable', ($div{axis} // 0) == 0
        ? 'no setting on the quadratics had a diverged run (' . ($div{other} // 0)
          . ' on Rosenbrock): each stays finite, and the settings decide how far a run gets'
        : ($div{axis}) . ' settings on the quadratics had a diverged run (' . ($div{other} // 0)
          . ' on Rosenbrock)');
    $val->('zetaclip', $def->{zeta_clip} // '--');
    # the wording of the two answers, from the verdicts of TH9
    $val->('answertrack', $ntracks == $np ? "Yes: on each of the $np problems some setting tracks"
                        : $ntracks ? "Only on $ntracks of the $np problems does some setting track"
                        : "No: on none of the $np problems does any setting track");
    my %v = map { $_ => $verdicts{$_} // 0 } qw(lower none higher undefined);
    $val->('answerloss',
           $v{lower} == $np ? 'Yes: on every problem better tracking goes with a lower final loss'
         : $v{none} == $np ? 'No: on no problem does better tracking go with a lower final loss, '
                           . 'nor with a higher one'
         : $v{higher} == $np ? 'No, the opposite: on every problem better tracking goes with a '
                             . 'higher final loss'
         : "Not in general: better tracking goes with a lower final loss on $v{lower} of the "
         . "$np problems, with a higher one on $v{higher}, and with neither on "
         . ($v{none} + $v{undefined}));
    open my $f, '>', "$out.tmp" or die "thermostat_grid.pl: $out.tmp: $!\n";
    print $f "% Generated by paper/thermostat_grid.pl from the results of fanos thermostat; "
           . "do not edit.\n", @m, $t;
    close $f or die;
    rename "$out.tmp", $out or die;
}
