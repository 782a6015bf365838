#!/usr/bin/perl
# family.pl - the family tuned fairly, measured (doc/experiments.md,
# "Robustness" and "The family's claims"): from the summaries of the tuned
# experiments (their evaluation rows), the summaries of their lr profiles
# (paper/profile.pl) and the tuned raw rows, it writes
#   OUT/family.tex     \val macros of every number the text states;
#   OUT/robust.tex     the robustness table and the lr profile figures;
#   OUT/familyclaims.tex  the claims table with their verdicts;
#   OUT/profile_P_noclip.dat, OUT/profile_P_clip.dat  per problem P, per
#                      method (without, with +clip) a block of lr, mean
#                      final loss, diverged rate (paper/lrprofile.gp);
#   OUT/family_problems.txt  the problems P, one a line with its TeX name;
#   OUT/perfprof_noclip.dat, OUT/perfprof_clip.dat  the Dolan-More
#                      performance profiles (paper/perfprof.gp).
# Every rule is stated here and printed in the paper beside its verdict.
#
#   OUT/outside.tex    the published-protocol bests at an edge of their lr
#                      grid beside the next lr outside it (paper/outside.pl).
#
#   family.pl --out DIR --tuned T1tuned.csv[,T3tuned.csv] --profile
#             T1profile.csv[,...] --raw T1tuned_raw.csv[,...]
#             [--published T1.csv --outside T1outside.csv]
use strict; use warnings;
use FindBin; use lib $FindBin::Bin; use Results qw(read_csv isnum tex);
use Getopt::Long;
use List::Util qw(min max first);

my %o;
GetOptions(\%o, 'out=s', 'tuned=s', 'profile=s', 'raw=s', 'published=s', 'outside=s') or die "family.pl: bad options\n";
for my $k (qw(out tuned profile raw)) { die "family.pl: --$k is required\n" unless defined $o{$k}; }

sub sci {
    my $x = shift;
    return '--' unless isnum($x);
    return '0' if $x == 0;
    my $e = sprintf('%.2e', $x);
    my ($m, $p) = $e =~ /^(-?[\d.]+)e([-+]\d+)$/;
    $p += 0;
    return $p >= -2 && $p <= 3 ? sprintf('%.3g', $x) : "\$$m\\cdot 10^{$p}\$";
}
my @macros;
sub val { my ($k, $v) = @_; push @macros, "\\expandafter\\def\\csname v\@$k\\endcsname{$v}\n"; }

# the problems: a problem of the tuned rows is (experiment, param)
my (@problems, %eval, %prof, %raw);
# a condition number as TeX math: 10^{k} for a power of ten
sub kappa {
    my $x = shift;
    my $k = log($x) / log(10);
    return abs($k - int($k + 0.5)) < 1e-9 ? sprintf('10^{%d}', int($k + 0.5)) : sprintf('%g', $x);
}
sub pname { my ($exp, $param) = @_; (my $e = $exp) =~ s/tuned$//; return $param eq '' ? $e : "$e \$\\kappa = " . kappa($param) . "\$"; }
sub pkey { my ($exp, $param) = @_; (my $e = $exp) =~ s/tuned$//; return $param eq '' ? $e : sprintf('%s-%.0f', $e, $param); }
for my $file (split /,/, $o{tuned}) {
    for my $r (@{read_csv($file)}) {
        next unless ($r->{phase} // '') eq 'evaluation' && $r->{draws} eq 'fresh';
        my $p = pkey($r->{experiment}, $r->{param});
        push @problems, [$p, pname($r->{experiment}, $r->{param})] unless $eval{$p};
        $eval{$p}{$r->{method}} = $r;
    }
}
for my $file (split /,/, $o{profile}) {
    for my $r (@{read_csv($file)}) {
        next unless ($r->{phase} // '') eq 'tuning';
        (my $e = $r->{experiment}) =~ s/profile$/tuned/;
        push @{$prof{pkey($e, $r->{param})}{$r->{method}}}, $r;
    }
}
for my $file (split /,/, $o{raw}) {
    for my $r (@{read_csv($file)}) {
        next unless ($r->{phase} // '') eq 'evaluation' && $r->{draws} eq 'fresh';
        push @{$raw{pkey($r->{experiment}, $r->{param})}{$r->{method}}}, $r;
    }
}
die "family.pl: no evaluation rows in $o{tuned}\n" unless @problems;
my @plist = map { $_->[0] } @problems;
my %ptex = map { $_->[0] => $_->[1] } @problems;

# methods in the order of the first tuned file
my @methods;
{
    my %seen;
    for my $file (split /,/, $o{tuned}) {
        for my $r (@{read_csv($file)}) { push @methods, $r->{method} unless $seen{$r->{method}}++; }
    }
}

# ---------------------------------------------------------------- robustness
# [profile of a method on a problem] lrs ascending, each with mean and
# diverged rate.  best: the lowest mean among lrs with no diverged run.
# width: log10(hi / lo) of the run of consecutive lrs around the best
# whose runs all finished and whose mean is within 10x of the best; top:
# the largest lr of that run.
my (%width, %top, %bestlr);
sub clipped { return $_[0] =~ /\+clip$/ ? 1 : 0; }
for my $p (@plist) {
    my %d;
    for my $c (0, 1) {
        open $d{$c}, '>', "$o{out}/profile_${p}_" . ($c ? 'clip' : 'noclip') . '.dat'
            or die "family.pl: cannot write: $!\n";
    }
    for my $m (@methods) {
        my $rows = $prof{$p}{$m} or next;
        my @r = sort { $a->{lr} <=> $b->{lr} } grep { isnum($_->{lr}) } @$rows;
        next unless @r;
        my $d = $d{clipped($m)};
        print $d "lr \"$m\" diverged_rate\n";
        printf $d "%s %s %s\n", $_->{lr}, isnum($_->{mean}) ? $_->{mean} : 'NaN', $_->{diverged_rate} for @r;
        print $d "\n\n";
        my @ok = grep { $r[$_]{diverged_rate} == 0 && isnum($r[$_]{mean}) } 0 .. $#r;
        next unless @ok;
        my $b = (sort { $r[$a]{mean} <=> $r[$b]{mean} || $a <=> $b } @ok)[0];
        my $good = sub { my $k = shift; return $r[$k]{diverged_rate} == 0 && isnum($r[$k]{mean}) && $r[$k]{mean} <= 10 * $r[$b]{mean}; };
        my ($lo, $hi) = ($b, $b);
        $lo-- while $lo > 0 && $good->($lo - 1);
        $hi++ while $hi < $#r && $good->($hi + 1);
        $width{$p}{$m} = log($r[$hi]{lr} / $r[$lo]{lr}) / log(10);
        $top{$p}{$m} = $r[$hi]{lr};
        $bestlr{$p}{$m} = $r[$b]{lr};
    }
    close $d{$_} for 0, 1;
}
open my $pl, '>', "$o{out}/family_problems.txt" or die "family.pl: cannot write: $!\n";
print $pl map { "$_ $ptex{$_}\n" } @plist;
close $pl;

# ---------------------------------------------------------------- claims
# below(a, b): a's mean final loss is below b's with the 95% CIs apart;
# notworse(a, b): a is not below-ranked by that rule (a's CI reaches b's).
sub cell { my ($p, $m) = @_; return $eval{$p}{$m}; }
sub below {
    my ($p, $a, $b) = @_;
    my ($x, $y) = (cell($p, $a), cell($p, $b));
    return undef unless $x && $y;
    return 0 unless isnum($x->{ci_hi});
    return 1 unless isnum($y->{ci_lo});     # b diverged on every seed
    return $x->{ci_hi} < $y->{ci_lo} ? 1 : 0;
}
sub notworse { my ($p, $a, $b) = @_; my $w = below($p, $b, $a); return defined $w ? 1 - $w : undef; }

my @claims = (
    ['003', 'VRAdam is more robust to large learning rates than AdamW.',
     'the largest lr of VRAdam\'s profile still within $10\\times$ of its best (no run diverged) is at least $10^{1/2}$ times AdamW\'s',
     sub { my $p = shift; return undef unless defined $top{$p}{VRAdam} && defined $top{$p}{AdamW};
           return $top{$p}{VRAdam} >= sqrt(10) * $top{$p}{AdamW} * (1 - 1e-9) ? 1 : 0; }],
    ['004', 'NGN-M is robust to the choice of its step size.',
     'NGN-M\'s width (decades of lr within $10\\times$ of its best) exceeds both AdamW\'s and SGD+Mom\'s by at least one decade',
     sub { my $p = shift; my $w = $width{$p};
           return undef unless defined $w->{'NGN-M'} && defined $w->{AdamW} && defined $w->{'SGD+Mom'};
           return $w->{'NGN-M'} >= max($w->{AdamW}, $w->{'SGD+Mom'}) + 1 - 1e-9 ? 1 : 0; }],
    ['002', 'Cubic damping lets momentum SGD match Adam (CD).',
     'tuned CD is not worse than tuned AdamW (CIs not apart with CD above)',
     sub { notworse($_[0], 'CD', 'AdamW') }],
    ['002', 'Cubic damping lets momentum SGD match Adam (CADAM).',
     'tuned CADAM is not worse than tuned AdamW',
     sub { notworse($_[0], 'CADAM', 'AdamW') }],
    ['002', 'Cubic damping improves on momentum SGD.',
     'tuned CD is below tuned SGD+Mom, CIs apart',
     sub { below($_[0], 'CD', 'SGD+Mom') }],
    ['004', 'Adam with $\\beta_1 = \\beta_2$ loses little against the best $(\\beta_1, \\beta_2)$.',
     'tuned Adam-eqbeta is not worse than AdamW tuned over lr and $\\beta_2$',
     sub { notworse($_[0], 'Adam-eqbeta', 'AdamW') }],
    ['004', '(control) AdamW with $(\\beta_1, \\beta_2) = (0.9, 0.95)$ beside Adam-eqbeta.',
     'tuned AdamW(0.95) (lr tuned, $\\beta_2 = 0.95$) is not worse than tuned AdamW',
     sub { notworse($_[0], 'AdamW(0.95)', 'AdamW') }],
    ['000', 'FANoS\'s advantage over AdamW on Rosenbrock survives clipping both or neither.',
     'FANoS-RMS below AdamW and FANoS-RMS+clip below AdamW+clip, CIs apart (T1 only)',
     sub { my $p = shift; return undef unless $p eq 'T1';
           my ($a, $b) = (below($p, 'FANoS-RMS', 'AdamW'), below($p, 'FANoS-RMS+clip', 'AdamW+clip'));
           return defined $a && defined $b ? ($a && $b ? 1 : 0) : undef; }],
);
my $t = "\\begin{center}\\scriptsize\\setlength{\\tabcolsep}{3pt}\\begin{longtable}{p{3.6cm}p{4.2cm}" . ('c' x @plist) . "l}\n"
      . "\\caption{The family's own claims, each tested by a stated rule on the evaluation seeds (fresh draws) of the tuned experiments; "
      . "\\checkmark: the rule holds on that problem, \$\\times\$: it does not, --: it does not apply.}\\label{tab:familyclaims}\\\\\n\\toprule\n"
      . "claim (seed) & rule & " . join(' & ', map { $ptex{$_} } @plist) . " & verdict \\\\\n\\midrule\n";
my $nholds = 0;
for my $i (0 .. $#claims) {
    my ($seed, $text, $rule, $f) = @{$claims[$i]};
    my ($yes, $n) = (0, 0);
    my @cells;
    for my $p (@plist) {
        my $v = $f->($p);
        push @cells, !defined $v ? '--' : $v ? '\\checkmark' : '$\\times$';
        if (defined $v) { $n++; $yes += $v; }
    }
    my $verdict = !$n ? 'not tested' : $yes == $n ? 'holds' : $yes == 0 ? 'does not hold' : "holds on $yes of $n";
    $nholds++ if $n && $yes == $n;
    val("claim$i", $verdict);
    $t .= "$text ($seed) & $rule & " . join(' & ', @cells) . " & $verdict \\\\\n";
}
$t .= "\\bottomrule\n\\end{longtable}\\end{center}\n";
val('nfamilyclaims', scalar @claims);
val('nfamilyholds', $nholds);

# robustness table: width in decades and the largest good lr
my $r = "\\begin{center}\\scriptsize\\setlength{\\tabcolsep}{3pt}\\begin{longtable}{l" . ('r' x @plist) . "}\n"
      . "\\caption{Robustness to the learning rate: the width, in decades, of the range of lrs around each method's best "
      . "(its other knobs at their tuned values, the lr on the grid \$10^{-6}, 10^{-5.5}, \\dots, 10^{2}\$) in which no run diverged and the mean final loss stays "
      . "within \$10\\times\$ of the best; in brackets the largest such lr. For the cubic family the lr is \$\\eta = h^2\$.}\\label{tab:robust}\\\\\n\\toprule\n"
      . "method & " . join(' & ', map { $ptex{$_} } @plist) . " \\\\\n\\midrule\n";
for my $m (@methods) {
    next unless grep { defined $width{$_}{$m} || $prof{$_}{$m} } @plist;
    $r .= tex($m) . ' & ' . join(' & ', map { defined $width{$_}{$m} ? sprintf('%.1f (%s)', $width{$_}{$m}, sci($top{$_}{$m})) : '--' } @plist) . " \\\\\n";
}
$r .= "\\bottomrule\n\\end{longtable}\\end{center}\n";
for my $m (qw(AdamW VRAdam NGN-M SGD+Mom)) {
    (my $k = lc $m) =~ s/[^a-z]//g;
    val("width$k", defined $width{T1}{$m} ? sprintf('%.1f', $width{T1}{$m}) : '--');
}

# ---------------------------------------------------------------- profiles
# Dolan-More over the instances (problem, evaluation seed) and the tuned
# first-order methods (L-BFGS, tuned by no knob, is not among them): the
# measure of a method on an instance is its final loss (diverged: infinite),
# floored at 1e-300; rho_m(tau) is the fraction of instances on which
# log10(measure / best measure of the instance) <= tau.
my (%ratio, $ninst);
for my $p (@plist) {
    my %by;     # seed -> method -> loss
    for my $m (grep { $_ ne 'L-BFGS' } keys %{$raw{$p}}) {
        for my $row (@{$raw{$p}{$m}}) {
            $by{$row->{seed}}{$m} = $row->{diverged} ? 'inf' : max($row->{final_loss}, 1e-300);
        }
    }
    for my $s (keys %by) {
        my @fin = grep { $_ ne 'inf' } values %{$by{$s}};
        next unless @fin;
        my $b = min(@fin);
        $ninst++;
        for my $m (@methods) {
            my $v = $by{$s}{$m};
            push @{$ratio{$m}}, !defined $v || $v eq 'inf' ? 'inf' : log($v / $b) / log(10);
        }
    }
}
my %pp;
for my $c (0, 1) {
    open $pp{$c}, '>', "$o{out}/perfprof_" . ($c ? 'clip' : 'noclip') . '.dat' or die "family.pl: cannot write: $!\n";
}
my $tmax = 1;
for my $m (keys %ratio) { $tmax = max($tmax, grep { $_ ne 'inf' } @{$ratio{$m}}); }
$tmax = min(int($tmax) + 1, 320);
my @taus = map { $_ / 4 } 0 .. 4 * $tmax;
for my $m (@methods) {
    next unless $ratio{$m};
    my $pp = $pp{clipped($m)};
    print $pp "tau \"$m\"\n";
    for my $tau (@taus) {
        my $k = grep { $_ ne 'inf' && $_ <= $tau + 1e-12 } @{$ratio{$m}};
        printf $pp "%g %.6g\n", $tau, $k / $ninst;
    }
    print $pp "\n\n";
    my $wins = grep { $_ ne 'inf' && $_ <= 1e-12 } @{$ratio{$m}};
    (my $k = lc $m) =~ s/[^a-z0-9]//g;
    val("wins$k", $wins);
}
close $pp{$_} for 0, 1;
val('ninstances', $ninst // 0);

# ---------------------------------------------------------------- edges
my $outside_tex = "No published-protocol summary was given.\n";
# The published protocol's best lrs at an edge of the grid (T1), and what
# the next lr outside the grid gives on the same seeds.
if ($o{published} && $o{outside}) {
    my $pub = read_csv($o{published});
    my $out = -s $o{outside} ? read_csv($o{outside}) : [];
    my $e = "\\begin{center}\\scriptsize\\setlength{\\tabcolsep}{4pt}\\begin{longtable}{llllllll}\n"
          . "\\caption{Published-protocol bests of T1 at an edge of the lr grid, and the next lr outside it (the ratio of the grid's last two values, one significant digit) run on the same seeds: the mean final loss over the runs that did not diverge, and how many diverged.}\\label{tab:outside}\\\\\n\\toprule\n"
          . "method & draws & edge & best lr & mean & next lr & mean & diverged \\\\\n\\midrule\n";
    my $n = 0;
    for my $b (grep { $_->{best} eq '1' && ($_->{edge} // '') =~ /lr:/ } @$pub) {
        my @nx = grep { $_->{method} eq $b->{method} && $_->{draws} eq $b->{draws} } @$out;
        for my $x (@nx) {
            $e .= join(' & ', tex($b->{method}), $b->{draws}, tex($b->{edge}), sci($b->{lr}), sci($b->{mean}),
                       sci($x->{lr}), sci($x->{mean}), "$x->{n_diverged} of $x->{count}") . " \\\\\n";
            (my $k = lc "$b->{method}$b->{draws}") =~ s/[^a-z]//g;
            val("outside$k", sci($x->{mean}));
            val("outsidelr$k", sci($x->{lr}));
            val("outsidebest$k", sci($b->{lr}));
            val("outsidebestmean$k", sci($b->{mean}));
            val("outsidebetter$k", isnum($x->{mean}) && isnum($b->{mean}) && $x->{mean} < $b->{mean}
                ? 'lower than at the edge: the grid does not show the method at its best'
                : 'not lower than at the edge');
            $n++;
        }
    }
    $e .= "\\multicolumn{8}{l}{no best lr at an edge of the grid} \\\\\n" unless $n;
    $e .= "\\bottomrule\n\\end{longtable}\\end{center}\n";
    val('noutside', $n);
    $outside_tex = $e;
}

sub put {
    my ($name, @text) = @_;
    open my $w, '>', "$o{out}/$name.tmp" or die "family.pl: cannot write $o{out}/$name.tmp: $!\n";
    print $w @text;
    close $w or die "family.pl: cannot write $o{out}/$name.tmp: $!\n";
    rename "$o{out}/$name.tmp", "$o{out}/$name" or die "family.pl: cannot rename $o{out}/$name.tmp: $!\n";
}
# the lr profile figure, a page per problem
my $figs = '';
for my $i (0 .. $#plist) {
    my ($any) = grep { $prof{$plist[$i]}{$_} } @methods;
    my $nseeds = $any ? $prof{$plist[$i]}{$any}[0]{count} : 0;
    $figs .= "\\begin{figure}[p]\\centering\\includegraphics[width=\\textwidth,page=" . ($i + 1) . "]{lrprofile.pdf}\n"
           . "\\caption{lr profile on $ptex{$plist[$i]}: mean final loss (top) and fraction of diverged runs (bottom) against the lr, each method's other knobs at their tuned values, $nseeds fresh seeds.}\\label{fig:lrprofile$i}\n\\end{figure}\n";
}
put('robust.tex', $r, $figs);
put('familyclaims.tex', $t);
put('outside.tex', $outside_tex);
# the macros last: make's target, written when the rest is in place
put('family.tex', "% Generated by paper/family.pl; do not edit.\n", @macros);
