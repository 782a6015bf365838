#!/usr/bin/perl
# profile.pl TUNED.ini SUMMARY.csv NAME OUT.ini [SEEDS] - the lr profile of a tuned
# experiment (doc/experiments.md, "Robustness"): for every method with an
# lr (or eta) knob, its best trial's other knobs fixed at their best values
# (from the evaluation rows of the tuned summary) and the lr swept over
# one grid for every method, 1e-6 to 1e2 in half decades.  The result is a
# tuned experiment whose search space is that full grid (TU2: a grid of
# lists), run with `fanos sweep --phase tuning` on fresh seeds that took no
# part in the choice of the best trials (fresh seeds 0 .. SEEDS-1, SEEDS
# 5 unless given).
# L-BFGS has no lr and no profile.  The experiment's other keys are those
# of the tuned file, so the problems, budget and loop rule are the same.
use strict; use warnings;

my ($ini, $summary, $name, $out, $nseeds) = @ARGV;
die "usage: profile.pl TUNED.ini SUMMARY.csv NAME OUT.ini [SEEDS]\n" unless defined $out;
$nseeds //= 5;
die "profile.pl: SEEDS = $nseeds: accepted: an integer in [1, 100]\n"
    unless $nseeds =~ /^\d+$/ && $nseeds >= 1 && $nseeds <= 100;
my @grid = map { sprintf('%.6g', 10 ** ($_ / 2)) } -12 .. 4;

# the best settings of each method and axis value: the evaluation rows
open my $s, '<', $summary or die "profile.pl: cannot read $summary: $!\n";
my $h = <$s>;
defined $h or die "profile.pl: $summary: empty\n";
chomp $h;
my @col = split /,/, $h;
my %c = map { $col[$_] => $_ } 0 .. $#col;
for my $k (qw(method param phase settings)) {
    die "profile.pl: $summary: no column '$k' (not the summary of a tuned sweep)\n"
        unless exists $c{$k};
}
my (%best, %params);
while (my $l = <$s>) {
    chomp $l;
    my @f = split /,/, $l, -1;
    next unless $f[$c{phase}] eq 'evaluation';
    my ($m, $p) = ($f[$c{method}], $f[$c{param}]);
    $params{$p} = 1;
    my %kv = map { split /=/, $_, 2 } split ' ', $f[$c{settings}];
    if (exists $best{$m}{$p}) {
        next if join(' ', map { "$_=$kv{$_}" } sort keys %kv) eq
                join(' ', map { "$_=$best{$m}{$p}{$_}" } sort keys %{$best{$m}{$p}});
        die "profile.pl: $summary: two best settings for $m, param '$p'\n";
    }
    $best{$m}{$p} = \%kv;
}
close $s;
my @params = sort { ($a eq '' ? 0 : $a) <=> ($b eq '' ? 0 : $b) } keys %params;
die "profile.pl: $summary: no evaluation rows\n" unless @params;

# the tuned file: its [experiment] keys and each method's fixed settings
open my $f, '<', $ini or die "profile.pl: cannot read $ini: $!\n";
my ($sec, @exp, @methods, %m);
while (my $l = <$f>) {
    next if $l =~ /^\s*([#;]|$)/;
    $l =~ s/\s+$//;
    if ($l =~ /^\[(.+)\]$/) {
        $sec = $1;
        if ($sec =~ /^method (.+)$/) { push @methods, $1; $m{$1} = { fixed => [], knobs => [] }; }
        next;
    }
    my ($k, $v) = $l =~ /^\s*([^=]+?)\s*=\s*(.*)$/ or die "profile.pl: $ini: cannot read '$l'\n";
    if ($sec eq 'experiment') {
        push @exp, [$k, $v] unless $k =~ /^(name|trials|tuning_seeds|evaluation_seeds|reference_seeds|fresh_seeds)$/;
    } elsif ($sec =~ /^method (.+)$/) {
        my $meth = $1;
        if ($k =~ /^tune\.(.+)$/) { push @{$m{$meth}{knobs}}, $1; } else { push @{$m{$meth}{fixed}}, [$k, $v]; }
    }
}
close $f;

# one file per axis value (each method's best differs with kappa): OUT.ini,
# or OUT.ini.P for each P
my @files;
for my $p (@params) {
    my $file = @params > 1 ? "$out.$p" : $out;
    open my $w, '>', "$file.tmp" or die "profile.pl: cannot write $file.tmp: $!\n";
    print $w "# The lr profile of $ini (paper/profile.pl): each method's best trial\n",
             "# (evaluation rows of $summary) with its lr, or eta, swept over one\n",
             "# grid, the other knobs at their best values.  Generated; do not edit.\n\n",
             "[experiment]\nname = $name\n";
    for my $kv (@exp) {
        my ($k, $v) = @$kv;
        print $w ($k eq 'cond' ? "cond = $p\n" : "$k = $v\n");
    }
    print $w "trials = ", scalar @grid, "\n", "tuning_seeds = 0..", $nseeds - 1, "\n",
             "evaluation_seeds = 100000\n";
    for my $meth (@methods) {
        my $knobs = $m{$meth}{knobs};
        my ($lrk) = grep { $_ eq 'lr' || $_ eq 'eta' } @$knobs;
        next unless defined $lrk;
        my $b = $best{$meth}{$p};
        next unless $b;     # no best trial: every trial had a diverged run
        print $w "\n[method $meth]\n";
        print $w "$_->[0] = $_->[1]\n" for @{$m{$meth}{fixed}};
        print $w "tune.$lrk = ", join(', ', @grid), "\n";
        for my $k (@$knobs) {
            next if $k eq $lrk;
            die "profile.pl: $summary: $meth has no best value of $k\n" unless defined $b->{$k};
            print $w "tune.$k = $b->{$k}\n";
        }
    }
    close $w or die "profile.pl: cannot write $file.tmp: $!\n";
    push @files, $file;
}
rename "$_.tmp", $_ or die "profile.pl: cannot rename $_.tmp: $!\n" for @files;
print "$_\n" for @files;
