#!/usr/bin/perl
# spec2tex.pl SPEC.md OUT.tex - the method spec as LaTeX for the paper,
# generated from the one source (doc/spec.md): headings, paragraphs, the
# ID'd statements as a description list, pipe tables as tabulars.
# With --ids it writes instead one line per statement, "ID<TAB>LaTeX", the
# statement typeset as in the spec (for paper/auditor.pl).
use strict;
use warnings;

my $ids = @ARGV && $ARGV[0] eq '--ids' ? shift @ARGV : '';
my ($in, $out) = @ARGV;
die "usage: spec2tex.pl [--ids] SPEC.md OUT.tex\n" unless $in && $out;
open my $f, '<:encoding(UTF-8)', $in or die "$in: $!\n";
my @lines = <$f>;
close $f;

my %uni = ('θ' => '\theta', 'ζ' => '\zeta', 'β' => '\beta', 'ε' => '\varepsilon',
    'λ' => '\lambda', 'ω' => '\omega', 'α' => '\alpha', 'γ' => '\gamma',
    'μ' => '\mu', 'ξ' => '\xi', 'ρ' => '\rho', 'τ' => '\tau', 'η' => '\eta',
    'ν' => '\nu', 'π' => '\pi', 'κ' => '\kappa', 'σ' => '\sigma', 'Δ' => '\Delta',
    '≤' => '\le', '≥' => '\ge', '→' => '\to', '←' => '\leftarrow', '⊙' => '\odot',
    '⊘' => '\oslash', '·' => '\cdot', '×' => '\times', '−' => '-', '‖' => '\|',
    '∈' => '\in', '≈' => '\approx', '²' => '^2', '³' => '^3', '∇' => '\nabla',
    '∞' => '\infty', '√' => '\surd', '∑' => '\sum', '±' => '\pm', '≠' => '\ne');
my %text = ('–' => '--', '—' => '---', '…' => '\ldots{}', '“' => '``', '”' => "''",
    '’' => "'", '‘' => '`');

sub esc_text {
    my $s = shift;
    $s =~ s/\\/\\textbackslash{}/g;
    $s =~ s/([#%&_{}\$])/\\$1/g;
    $s =~ s/\^/\\textasciicircum{}/g;
    $s =~ s/~/\\textasciitilde{}/g;
    $s =~ s/</\\textless{}/g;
    $s =~ s/>/\\textgreater{}/g;
    $s =~ s/\|/\\textbar{}/g;
    for my $k (keys %text) { $s =~ s/\Q$k\E/$text{$k}/g; }
    for my $k (keys %uni) { $s =~ s/\Q$k\E/\$$uni{$k}\$/g; }
    return $s;
}

sub esc_math {
    my $s = shift;
    for my $k (keys %uni) { $s =~ s/\Q$k\E/$uni{$k} /g; }
    return $s;
}

# Inline markup: `code`, $math$, **bold**, the rest escaped.
sub inline {
    my $s = shift;
    my $r = '';
    while (length $s) {
        if ($s =~ s/^`([^`]*)`//) {
            $r .= '\texttt{' . esc_text($1) . '}';
        } elsif ($s =~ s/^\$([^\$]+)\$//) {
            $r .= '$' . esc_math($1) . '$';
        } elsif ($s =~ s/^\*\*([^*]+)\*\*//) {
            $r .= '\textbf{' . inline($1) . '}';
        } elsif ($s =~ s/^([^`\$*]+)// || $s =~ s/^(.)//) {
            $r .= esc_text($1);
        }
    }
    return $r;
}

if ($ids) {
    my $tmp = "$out.tmp.$$";
    open my $fo, '>:encoding(UTF-8)', $tmp or die "$tmp: $!\n";
    for (@lines) {
        print $fo "$1\t", inline($2), "\n" if /^- \[([A-Z]+[0-9]+)\] (.*?)\s*$/;
    }
    close $fo or die;
    rename $tmp, $out or die;
    exit 0;
}

my @o;
my ($inlist, $intable) = (0, 0);
my @table;
sub close_list { if ($inlist) { push @o, "\\end{description}\n"; $inlist = 0; } }
sub flush_table {
    return unless @table;
    my @rows = grep { !/^\|[-| :]+\|$/ } @table;
    my @cells = map { my $r = $_; $r =~ s/^\||\|$//g; [map { s/^\s+|\s+$//gr =~ s/\\\|/|/gr } split /(?<!\\)\|/, $r] } @rows;
    my $nc = scalar @{$cells[0]};
    push @o, "\\begin{center}\\small\\begin{tabular}{" . ('l' x $nc) . "}\n\\hline\n";
    for my $i (0 .. $#cells) {
        push @o, join(' & ', map { inline($_) } @{$cells[$i]}) . " \\\\\n";
        push @o, "\\hline\n" if $i == 0;
    }
    push @o, "\\hline\n\\end{tabular}\\end{center}\n";
    @table = ();
}

my $skip_title = 1;
for my $l (@lines) {
    chomp $l;
    next if $l =~ /^<!--.*-->$/;
    if ($l =~ /^\|/) { close_list(); push @table, $l; next; }
    flush_table();
    if ($l =~ /^# /) { next; }   # the document title: the paper has its own
    if ($l =~ /^(#{2,4}) (.*)$/) {
        close_list();
        my $cmd = length($1) == 2 ? 'subsection' : 'subsubsection';
        push @o, "\\$cmd*{" . inline($2) . "}\n";
        next;
    }
    if ($l =~ /^- \[([A-Z]+[0-9]+)\] (.*)$/) {
        push @o, "\\begin{description}\n" unless $inlist;
        $inlist = 1;
        push @o, "\\item[{[$1]}] " . inline($2) . "\n";
        next;
    }
    if ($l =~ /^- (.*)$/) {
        push @o, "\\begin{description}\n" unless $inlist;
        $inlist = 1;
        push @o, "\\item[--] " . inline($1) . "\n";
        next;
    }
    if ($l =~ /^\s*$/) { close_list(); push @o, "\n"; next; }
    close_list();
    push @o, inline($l) . "\n";
}
flush_table();
close_list();

my $tmp = "$out.tmp.$$";
open my $fo, '>:encoding(UTF-8)', $tmp or die "$tmp: $!\n";
print $fo "% Generated from doc/spec.md by paper/spec2tex.pl; do not edit.\n", @o;
close $fo or die;
rename $tmp, $out or die;
