#!/usr/bin/perl
# mutants.pl - mutation analysis keyed by spec ID (`make mutants`).
#
# For every ID of doc/spec.md whose quoting comment in src/ marks a C
# statement (verify/audit.pl --data says which lines), every mutant of that
# statement is written into its source file in place, the library or the
# command is rebuilt (make, only the targets the file goes into), and only
# the tests that name the ID are run: the START_TESTs of a Check suite (the
# suite runs, restricted to the test case with CK_RUN_CASE when one case
# holds them all; a failure of another test does not count) or the whole of
# a test script.  A mutant is killed when one of them fails, crashes or
# runs out of time; it is stillborn (and not counted) when it does not
# compile.  A mutant that survives must be listed, with the reason it
# cannot change any result, in verify/mutants_equivalent.txt; otherwise the
# run fails.  The source file is restored byte for byte after each mutant,
# and at the end (also on an interrupt) every source file gets its old
# time stamp back and every build product its old bytes and time stamp, so
# that make sees nothing changed.  A run killed outright leaves a journal
# that the next run (or --restore) replays first.
#
# Mutation operators (the classes of the report): "+-" swaps + and - (also
# += and -=, ++ and --), "*/" swaps * and / (also *= and /=), "rel" swaps
# < and <=, > and >=, "minmax" swaps fmin and fmax (min, max, MIN, MAX),
# "drop" drops the term after a binary + or -, "const" changes a numeric
# constant (an integer c to c + 1, a real c to c * 2, 0 to 1), "swap"
# swaps the two operands of a binary -, /, <, <=, > or >= when both are
# primary expressions and differ.
#
# --sample runs the fixed sample of CI: per ID, the first mutant (in the
# order of the statement's text) of each of the first two operator classes
# the statement has (about a quarter of the mutants; `make mutants` runs
# them all).
#
# --retry DIR takes the verdicts of an earlier run of the same mutants on
# the same sources (DIR/mutants.tsv, written by every run) and runs here
# only those it did not kill: CI runs the sample on the plain build, then
# this in its sanitizer build, where a mutant that reads or writes out of
# bounds is killed whatever the memory around holds (in a plain build it
# may survive or not from one build to the next).  A mutant is killed when
# either run killed it; the report is the whole run's.
#
# --shard K/N runs every N-th mutant of the selection from the K-th: CI
# runs the sample as two shards at once, each in a plain build of its own
# (a mutant's build and tests keep one core busy), then --retry with both
# shards' DIRs, comma-separated.
#
# Writes OUT/mutants.csv (a row per mutant), OUT/report.csv (a row per ID:
# mutants, killed, equivalent, surviving, stillborn, the surviving diffs),
# OUT/report.md and OUT/report.tex.  Prints "N passed, N failed".
#
# usage: mutants.pl [--src DIR] [--out DIR] [--make CMD] [--jobs N]
#                   [--programs "verify/check_x ..."] [--sample] [--only ID,...]
#                   [--shard K/N] [--retry DIR[,DIR...]] [--list] [--restore]
#                   [--pending FILE]
#
# --pending FILE leaves out the IDs that FILE lists (one "[ID] reason" a
# line, # comments): IDs whose mutants are not all known to be killed yet,
# each with the reason; the report names them as not run.
use strict;
use warnings;
use Getopt::Long;
use File::Path qw(make_path);
use Time::HiRes qw(time stat utime);
use POSIX qw(:sys_wait_h setpgid);

my ($src, $out, $make, $jobs, $programs, $sample, $only, $list, $restore_only, $retry, $pending, $shard) =
    ('.', 'build/mutants', $ENV{MAKE} || 'make', 2, '', 0, '', 0, 0, '', undef, '');
GetOptions('src=s' => \$src, 'out=s' => \$out, 'make=s' => \$make, 'jobs=i' => \$jobs,
           'programs=s' => \$programs, 'sample' => \$sample, 'only=s' => \$only,
           'list' => \$list, 'restore' => \$restore_only, 'retry=s' => \$retry,
           'pending=s' => \$pending, 'shard=s' => \$shard)
    or die "usage: mutants.pl [--src DIR] [--out DIR] [--sample] [--only ID,...] [--shard K/N] [--retry DIR[,DIR]] [--list]\n";
my ($shard_k, $shard_n) = (1, 1);
if (length $shard) {
    ($shard_k, $shard_n) = $shard =~ m{^([1-9][0-9]*)/([1-9][0-9]*)$}
        or die "mutants: --shard $shard: expected K/N, 1 <= K <= N\n";
    die "mutants: --shard $shard: expected K/N, 1 <= K <= N\n" if $shard_k > $shard_n;
    die "mutants: --shard with --retry: the retry runs what all shards left\n" if length $retry;
}
make_path($out);
my $journal = "$out/journal";
my $saved = "$out/products.tar";

sub slurp { my $f = shift; open my $h, '<:raw', $f or die "mutants: cannot read $f: $!\n";
            local $/; my $s = <$h>; close $h; return $s; }
sub spew { my ($f, $s) = @_; open my $h, '>:raw', $f or die "mutants: cannot write $f: $!\n";
           print $h $s; close $h or die "mutants: cannot write $f: $!\n"; }

# ------------------------------------------------------------ restoring
# The journal: one line per source file touched, "path mtime", with its
# original bytes in journal.N; products.tar holds the build products as
# they were before the run.
my @touched;        # [path, atime, mtime, copy]
my $restored = 1;

sub write_journal {
    my $tmp = "$journal.tmp";
    spew($tmp, join('', map { "$_->[0]\t$_->[1]\t$_->[2]\t$_->[3]\n" } @touched));
    rename $tmp, $journal or die "mutants: cannot write $journal: $!\n";
}

sub restore_all {
    return if $restored;
    for my $t (@touched) {
        my ($path, $atime, $mtime, $copy) = @$t;
        spew($path, slurp($copy));
        utime $atime, $mtime, $path;
    }
    if (-f $saved) {
        system('tar', '-xpf', $saved) == 0 or warn "mutants: cannot restore the build products from $saved\n";
    }
    unlink map { $_->[3] } @touched;
    unlink $journal, $saved;
    @touched = ();
    $restored = 1;
}

sub replay_journal {
    return unless -f $journal;
    warn "mutants: an earlier run was stopped; restoring its files first\n";
    for (split /\n/, slurp($journal)) {
        my ($path, $atime, $mtime, $copy) = split /\t/;
        push @touched, [$path, $atime, $mtime, $copy] if -f $copy;
    }
    $restored = 0;
    restore_all();
}

my $child_pgid = 0;
for my $sig (qw(INT TERM HUP)) {
    $SIG{$sig} = sub {
        kill 'TERM', -$child_pgid if $child_pgid;
        restore_all();
        die "mutants: interrupted (SIG$sig); every file restored\n";
    };
}
# (local $?: the tar of restore_all would otherwise make a run that died,
# e.g. on a failing baseline, exit 0)
END { local $?; restore_all() if !$restored; }

replay_journal();
if ($restore_only) { print "mutants: nothing to restore\n" unless @touched; exit 0; }

# ------------------------------------------------------------ the audit data
my $data = "$out/audit.tsv";
{
    my $pid = fork // die "mutants: fork: $!\n";
    if (!$pid) {
        open STDOUT, '>', '/dev/null';
        exec $ENV{PERL} || 'perl', "$src/verify/audit.pl", '--src', $src, '--out', "$out/spec-trace.md",
             '--data', $data or exit 127;
    }
    waitpid $pid, 0;
    die "mutants: verify/audit.pl failed (run make check)\n" if $?;
}
my (%stmt, @order, @marks, %named);
for (split /\n/, slurp($data)) {
    my @f = split /\t/;
    if ($f[0] eq 'spec') { $stmt{$f[1]} = $f[2]; push @order, $f[1]; }
    elsif ($f[0] eq 'mark') { push @marks, { id => $f[1], file => $f[2], line => $f[3],
                                            first => $f[4], last => $f[5] }; }
    elsif ($f[0] eq 'test') { push @{$named{$f[1]}}, { file => $f[2], line => $f[3], name => $f[4] }; }
}
my %only = map { $_ => 1 } grep { length } split /,/, $only;
my %pending;
if (defined $pending) {
    open my $pf, '<', $pending or die "mutants.pl: cannot read $pending: $!\n";
    while (my $l = <$pf>) {
        next if $l =~ /^\s*(#|$)/;
        $l =~ /^\[([A-Z]+[0-9]+)\]\s+\S/ or die "mutants.pl: $pending:$.: expected '[ID] reason'\n";
        die "mutants.pl: $pending:$.: [$1] is no spec ID\n" unless exists $stmt{$1};
        $pending{$1} = 1;
    }
    close $pf;
}

# ------------------------------------------------------------ the tokens
# Tokens of a C text with their offsets, comments, strings and
# preprocessor lines left out.
sub tokens {
    my ($text, $from, $to) = @_;
    my @t;
    pos($text) = $from;
    while (pos($text) < $to) {
        if ($text =~ /\G\s+/gc) { next; }
        if ($text =~ m{\G/\*.*?\*/}gcs) { next; }
        if ($text =~ m{\G//[^\n]*}gc) { next; }
        if ($text =~ /\G(?<=\n)[ \t]*#[^\n]*/gc) { next; }
        my $p = pos($text);
        if ($text =~ /\G("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/gc) { push @t, ['lit', $1, $p]; next; }
        if ($text =~ /\G((?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[uUlLfF]*)(?![\w.])/gc) {
            push @t, ['num', $1, $p]; next;
        }
        if ($text =~ /\G(0[xX][0-9a-fA-F]+[uUlL]*)/gc) { push @t, ['hex', $1, $p]; next; }
        if ($text =~ /\G([A-Za-z_]\w*)/gc) { push @t, ['id', $1, $p]; next; }
        if ($text =~ /\G(<<=|>>=|\.\.\.|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*\/%&|^]=|[-+*\/%<>=!~&|^?:;,.()\[\]{}])/gc) {
            push @t, ['op', $1, $p]; next;
        }
        $text =~ /\G./gcs;
    }
    return grep { $_->[2] < $to } @t;
}

my %TYPEWORD = map { $_ => 1 } qw(void char short int long float double signed unsigned const
    struct enum union volatile static FILE sizeof return case);
sub operand_end {   # token that can end an operand
    my $t = shift;
    return 0 unless $t;
    return 1 if $t->[0] eq 'num' || $t->[0] eq 'hex' || $t->[0] eq 'lit';
    return 1 if $t->[0] eq 'id' && !$TYPEWORD{$t->[1]};
    return 1 if $t->[0] eq 'op' && ($t->[1] eq ')' || $t->[1] eq ']' || $t->[1] eq '++' || $t->[1] eq '--');
    return 0;
}
sub looks_type { my $t = shift; return $t && $t->[0] eq 'id'
    && ($TYPEWORD{$t->[1]} || $t->[1] =~ /(_t|_type|_info|_summary|_options|_schema|_table|_ctx|_entry)$/
        || $t->[1] =~ /^(experiment|raw_row|TCase|Suite|SRunner|gsl_\w+)$/); }

# The primary expression ending at token $i (walking left) or starting at
# $i (walking right): an identifier or number with its postfix [..], (..),
# ->x, .x, or a parenthesised expression.  Returns the index of its other
# end, or undef.
my %CLOSE = (')' => '(', ']' => '[');
my %OPEN = ('(' => ')', '[' => ']');
sub primary_left {
    my ($t, $i) = @_;
    while ($i >= 0) {
        my $x = $t->[$i];
        if ($x->[0] eq 'op' && $CLOSE{$x->[1]}) {
            my $d = 0;
            for (my $j = $i; $j >= 0; $j--) {
                $d++ if $t->[$j][1] eq $x->[1];
                $d-- if $t->[$j][1] eq $CLOSE{$x->[1]};
                if ($d == 0) { $i = $j; last; }
                return undef if $j == 0;
            }
            # a call or an index: the name before it belongs to the operand
            if ($i > 0 && ($t->[$i - 1][0] eq 'id' || $t->[$i - 1][1] eq ']' || $t->[$i - 1][1] eq ')')
                && !$TYPEWORD{$t->[$i - 1][1]} && !($x->[1] eq ')' && $t->[$i - 1][1] eq ')')) {
                $i--; next;
            }
            return $i;
        }
        if ($x->[0] =~ /^(num|hex|lit)$/) { return $i; }
        if ($x->[0] eq 'id' && !$TYPEWORD{$x->[1]}) {
            if ($i >= 2 && ($t->[$i - 1][1] eq '->' || $t->[$i - 1][1] eq '.')) { $i -= 2; next; }
            return $i;
        }
        return undef;
    }
    return undef;
}
sub primary_right {
    my ($t, $i) = @_;
    my $x = $t->[$i] or return undef;
    my $j;
    if ($x->[0] eq 'op' && $x->[1] eq '(') {
        $j = match_right($t, $i) // return undef;
    } elsif ($x->[0] =~ /^(num|hex|lit)$/ || ($x->[0] eq 'id' && !$TYPEWORD{$x->[1]})) {
        $j = $i;
    } else {
        return undef;
    }
    while ($j + 1 < @$t) {
        my $n = $t->[$j + 1];
        if ($n->[1] eq '(' || $n->[1] eq '[') { $j = match_right($t, $j + 1) // return undef; next; }
        if (($n->[1] eq '->' || $n->[1] eq '.') && $t->[$j + 2] && $t->[$j + 2][0] eq 'id') { $j += 2; next; }
        last;
    }
    return $j;
}
sub match_right {
    my ($t, $i) = @_;
    my ($o, $c, $d) = ($t->[$i][1], $OPEN{$t->[$i][1]}, 0);
    for (my $j = $i; $j < @$t; $j++) {
        $d++ if $t->[$j][1] eq $o;
        $d-- if $t->[$j][1] eq $c;
        return $j if $d == 0;
    }
    return undef;
}

# The end (exclusive offset) of the term that starts after the binary + or
# - at token $i: up to the next + or - or an operator of lower precedence
# at the same depth.
sub term_end {
    my ($t, $i, $text_end) = @_;
    my $d = 0;
    for (my $j = $i + 1; $j < @$t; $j++) {
        my $v = $t->[$j][1];
        if ($v eq '(' || $v eq '[' || $v eq '{') { $d++; next; }
        if ($v eq ')' || $v eq ']' || $v eq '}') { return $t->[$j][2] if $d == 0; $d--; next; }
        next if $d > 0;
        if ($v =~ /^(\+|-|;|,|\?|:|=|==|!=|<|>|<=|>=|&&|\|\||&|\||\^|<<|>>|[-+*\/%&|^]=)$/) {
            return undef if ($v eq '+' || $v eq '-') && !operand_end($t->[$j - 1]);  # a unary sign inside the term
            return $t->[$j][2];
        }
    }
    return undef;
}

my %PREC = ('*' => 5, '/' => 5, '%' => 5, '+' => 4, '-' => 4, '<<' => 3, '>>' => 3,
            '<' => 2, '<=' => 2, '>' => 2, '>=' => 2, '==' => 1, '!=' => 1);

sub mutants_of {
    my ($text, $from, $to) = @_;
    my @t = tokens($text, $from, $to);
    my @m;
    my $add = sub { my ($class, $desc, @edits) = @_; push @m, { class => $class, desc => $desc, edits => \@edits }; };
    for my $i (0 .. $#t) {
        my ($k, $v, $p) = @{$t[$i]};
        my $prev = $i > 0 ? $t[$i - 1] : undef;
        my $binary = operand_end($prev);
        if ($k eq 'op') {
            my %sw = ('+' => '-', '-' => '+', '+=' => '-=', '-=' => '+=', '++' => '--', '--' => '++');
            if ($sw{$v} && !($v eq '+' && !$binary)) {
                $add->('+-', "$v -> $sw{$v}", [$p, length $v, $sw{$v}]);
            }
            my %md = ('*=' => '/=', '/=' => '*=', '/' => '*');
            $md{'*'} = '/' if $binary && !looks_type($prev) && !($prev->[1] eq ')' && $i >= 2 && looks_type($t[$i - 2]));
            if ($md{$v}) { $add->('*/', "$v -> $md{$v}", [$p, length $v, $md{$v}]); }
            my %rel = ('<' => '<=', '<=' => '<', '>' => '>=', '>=' => '>');
            if ($rel{$v}) { $add->('rel', "$v -> $rel{$v}", [$p, length $v, $rel{$v}]); }
            if (($v eq '+' || $v eq '-') && $binary) {
                my $e = term_end(\@t, $i);
                if (defined $e && $e > $p) {
                    # from the blank before the operator to the end of the term
                    my $s = $p;
                    $s-- while $s > 0 && substr($text, $s - 1, 1) =~ /[ \t]/;
                    my $e2 = $e;
                    $e2-- while $e2 > $p && substr($text, $e2 - 1, 1) =~ /\s/;
                    (my $gone = substr($text, $p, $e2 - $p)) =~ s/\s+/ /g;
                    $add->('drop', "drop '$gone'", [$s, $e2 - $s, '']);
                }
            }
            if ($v =~ /^(-|\/|<|<=|>|>=)$/ && $binary) {
                my $l = primary_left(\@t, $i - 1);
                my $r = primary_right(\@t, $i + 1);
                if (defined $l && defined $r) {
                    my $before = $l > 0 ? $t[$l - 1][1] : '';
                    my $after = $r < $#t ? $t[$r + 1][1] : '';
                    my $pr = $PREC{$v};
                    my $ok = !(exists $PREC{$before} && $PREC{$before} >= $pr)
                          && !(exists $PREC{$after} && $PREC{$after} > $pr)
                          && !(exists $PREC{$after} && $PREC{$after} == $pr && $pr == 2)
                          && $before !~ /^(\.|->|!|~|\+\+|--|&|\*)$/;
                    $ok = 0 if $before eq '-' && $l > 0 && !operand_end($l > 1 ? $t[$l - 2] : undef);
                    my $ls = $t[$l][2];
                    my $le = $t[$i - 1][2] + length $t[$i - 1][1];
                    my $rs = $t[$i + 1][2];
                    my $re = $t[$r][2] + length $t[$r][1];
                    my $a = substr($text, $ls, $le - $ls);
                    my $b = substr($text, $rs, $re - $rs);
                    if ($ok && $a ne $b) {
                        (my $da = $a) =~ s/\s+/ /g;
                        (my $db = $b) =~ s/\s+/ /g;
                        $add->('swap', "$da $v $db -> $db $v $da", [$ls, $le - $ls, $b], [$rs, $re - $rs, $a]);
                    }
                }
            }
        } elsif ($k eq 'id') {
            my %mm = (fmin => 'fmax', fmax => 'fmin', min => 'max', max => 'min', MIN => 'MAX', MAX => 'MIN');
            if ($mm{$v} && $t[$i + 1] && $t[$i + 1][1] eq '(') {
                $add->('minmax', "$v -> $mm{$v}", [$p, length $v, $mm{$v}]);
            }
        } elsif ($k eq 'num') {
            # not a size in a declarator ("x[5]" after a type), nor an array index
            next if $prev && $prev->[1] eq '[' && $i >= 2 && $t[$i - 2][0] eq 'id'
                    && $i >= 3 && looks_type($t[$i - 3]);
            my ($digits, $suffix) = $v =~ /^(.*?)([uUlLfF]*)$/;
            my $new;
            if ($digits =~ /^\d+$/) { $new = ($digits + 1) . $suffix; }
            elsif ($digits + 0 == 0) { $new = "1.0$suffix"; }
            else { $new = "($v * 2)"; }
            $add->('const', "$v -> $new", [$p, length $v, $new]);
        }
    }
    return @m;
}

sub apply {
    my ($text, $edits) = @_;
    for my $e (sort { $b->[0] <=> $a->[0] } @$edits) { substr($text, $e->[0], $e->[1]) = $e->[2]; }
    return $text;
}

# The lines an edit touches, before and after.
sub diff_of {
    my ($text, $m) = @_;
    my ($lo, $hi) = (length $text, 0);
    for my $e (@{$m->{edits}}) {
        $lo = $e->[0] if $e->[0] < $lo;
        $hi = $e->[0] + $e->[1] if $e->[0] + $e->[1] > $hi;
    }
    my $ls = rindex($text, "\n", $lo - 1) + 1;
    my $le = index($text, "\n", $hi > $lo ? $hi - 1 : $hi);
    $le = length $text if $le < 0;
    my $old = substr($text, $ls, $le - $ls);
    my $shift = 0;
    my @rel = map { [$_->[0] - $ls, $_->[1], $_->[2]] } @{$m->{edits}};
    my $new = apply($old, \@rel);
    my $line = (substr($text, 0, $ls) =~ tr/\n//) + 1;
    my $trim = sub { my @l = split /\n/, shift; s/^\s+|\s+$//g for @l; return [grep { length } @l]; };
    return ($line, $trim->($old), $trim->($new));
}

# ------------------------------------------------------------ the mutants
my (@mutants, %seen);
my %texts;
for my $mk (@marks) {
    next if %only && !$only{$mk->{id}};
    next if $pending{$mk->{id}};
    next unless $mk->{first};
    my $path = "$src/$mk->{file}";
    my $text = $texts{$path} //= slurp($path);
    my @ln;   # line start offsets
    my $o = 0;
    push @ln, $o;
    while (($o = index($text, "\n", $o)) >= 0) { $o++; push @ln, $o; }
    my $from = $ln[$mk->{first} - 1];
    my $to = $mk->{last} < @ln ? $ln[$mk->{last}] : length $text;
    my %cls;
    for my $m (mutants_of($text, $from, $to)) {
        my $mt = apply($text, $m->{edits});
        next if $mt eq $text || $seen{"$mk->{id}\0$mt"}++;
        my ($line, $old, $new) = diff_of($text, $m);
        push @mutants, { %$m, id => $mk->{id}, file => $mk->{file}, path => $path, line => $line,
                         old => $old, new => $new,
                         sampled => !$cls{$m->{class}}++ && keys %cls <= 2 };
    }
}

# ------------------------------------------------------------ the equivalents
# verify/mutants_equivalent.txt: blocks separated by blank lines, "#" lines
# are comments; a block is "[ID]", the lines of the mutant as "- old" and
# "+ new" (blanks at either end ignored) and "why: reason" (continued on
# indented lines).
my (%equiv, @equiv_errors);
my $eqfile = "$src/verify/mutants_equivalent.txt";
if (-f $eqfile) {
    my @blocks = split /\n\s*\n/, join("\n", grep { !/^#/ } split /\n/, slurp($eqfile));
    for my $b (@blocks) {
        next unless $b =~ /\S/;
        my ($id) = $b =~ /^\s*\[([A-Z]+[0-9]+)\]/m;
        my @old = map { s/^\s+|\s+$//gr } $b =~ /^- (.*)$/mg;
        my @new = map { s/^\s+|\s+$//gr } $b =~ /^\+ (.*)$/mg;
        my ($why) = $b =~ /^why:\s*(.*(?:\n[ \t]+.*)*)/m;
        if (!$id || !@old || !defined $why || $why !~ /\S/) {
            push @equiv_errors, "verify/mutants_equivalent.txt: a block without [ID], '- ' and '+ ' lines or 'why:': "
                . (split /\n/, $b)[0];
            next;
        }
        $why =~ s/\s+/ /g;
        $equiv{join("\n", $id, @old, '=>', @new)} = { why => $why, used => 0 };
    }
}
sub equiv_key { my $m = shift; return join("\n", $m->{id}, @{$m->{old}}, '=>', @{$m->{new}}); }
for my $m (@mutants) {
    my $e = $equiv{equiv_key($m)} or next;
    $m->{equivalent} = $e->{why};
    $e->{used} = 1;
}
for my $k (sort keys %equiv) {
    next if $equiv{$k}{used} || %only || $pending{(split /\n/, $k)[0]};
    my ($id, @rest) = split /\n/, $k;
    push @equiv_errors, "verify/mutants_equivalent.txt: [$id] lists a mutant that is no longer generated: "
        . join(' ', grep { $_ ne '=>' } @rest);
}

my @run = grep { !$sample || $_->{sampled} } @mutants;
my %ids_with_stmt = map { $_->{id} => 1 } grep { $_->{first} } @marks;
printf "mutants: %d IDs quote a statement, %d mutants generated%s, %d to run\n",
    scalar(keys %ids_with_stmt), scalar @mutants, $sample ? ' (the CI sample: per ID, the first of each of two operator classes)' : '',
    scalar @run;
if ($shard_n > 1) {
    # every N-th mutant from the K-th: the shards of one selection are
    # disjoint, together they are the selection, and each may run in a
    # tree of its own at the same time
    my $i = 0;
    @run = grep { $i++ % $shard_n == $shard_k - 1 } @run;
    printf "mutants: shard %d of %d: %d of them here\n", $shard_k, $shard_n, scalar @run;
}

# A mutant's key in mutants.tsv: what tells it from every other.
sub mkey { my $m = shift; return join("\x1f", @$m{qw(id file line class desc)}, @{$m->{old}}, '=>', @{$m->{new}}); }
if (length $retry) {
    # DIR, or the DIRs of the shards of one run, comma-separated
    my @dirs = split /,/, $retry;
    my $f = join(' and ', map { "$_/mutants.tsv" } @dirs);
    my %was;
    for my $d (@dirs) {
        for (split /\n/, slurp("$d/mutants.tsv")) {
            my ($k, $st, $killer) = split /\t/;
            $k =~ s/\\n/\n/g;
            die "mutants: $d/mutants.tsv repeats a mutant of another of $f\n" if $was{$k};
            $was{$k} = [$st, $killer // '', $d];
        }
    }
    my @missing = grep { !$was{mkey($_)} } @run;
    die "mutants: $f is of other mutants or sources (" . scalar(@missing) . " of these $f lacks, it has "
        . scalar(keys %was) . "); run it again first\n" if @missing || keys %was != @run;
    my $kept = 0;
    for my $m (@run) {
        my ($st, $killer, $d) = @{$was{mkey($m)}};
        next unless $st eq 'killed' || $st eq 'stillborn';
        $m->{status} = $st;
        $m->{killer} = $st eq 'killed' ? "$killer (in $d)" : '';
        $m->{done} = 1;
        $kept++;
    }
    printf "mutants: %d killed or stillborn in %s, %d to run again here\n", $kept, join(' and ', @dirs), @run - $kept;
}
if ($list) {
    print STDERR "mutants: $_\n" for @equiv_errors;
    for my $m (@run) {
        print "[$m->{id}] $m->{file}:$m->{line} $m->{class}: $m->{desc}\n";
        print "    - $_\n" for @{$m->{old}};
        print "    + $_\n" for @{$m->{new}};
    }
    exit 0;
}

# ------------------------------------------------------------ the tests
# A runnable is a Check suite (verify/check_x.c -> the program
# verify/check_x) or a script; for a suite, the START_TESTs that name the
# ID and the test case of each.
my %tcase_of;   # suite file -> test -> case
sub tcases {
    my $file = shift;
    return $tcase_of{$file} if $tcase_of{$file};
    my $c = slurp("$src/$file");
    my (%var, %tc);
    while ($c =~ /TCase\s*\*\s*(\w+)\s*=\s*tcase_create\s*\(\s*"([^"]*)"/g) { $var{$1} = $2; }
    while ($c =~ /tcase_add_(?:loop_)?test\w*\s*\(\s*(\w+)\s*,\s*(\w+)/g) { $tc{$2} = $var{$1} if $var{$1}; }
    return $tcase_of{$file} = \%tc;
}
sub runnables {
    my $id = shift;
    my %r;
    for my $n (@{$named{$id} || []}) {
        if ($n->{file} =~ m{^(verify/check_\w+)\.c$}) {
            $r{$1}{kind} = 'check';
            $r{$1}{tests}{$n->{name}} = 1;
        } elsif ($n->{file} =~ /\.sh$/) {
            $r{$n->{file}}{kind} = 'script';
        }
    }
    for my $k (keys %r) {
        next unless $r{$k}{kind} eq 'check';
        my $tc = tcases("$k.c");
        my %cases = map { ($tc->{$_} // '') => 1 } keys %{$r{$k}{tests}};
        my @c = keys %cases;
        $r{$k}{case} = @c == 1 && length $c[0] ? $c[0] : '';
    }
    return \%r;
}

# Run a command in its own process group with a time limit; returns
# (exit status, output, seconds, timed out).
sub run_limited {
    my ($limit, $env, @cmd) = @_;
    my $log = "$out/run.log";
    my $t0 = time;
    my $pid = fork // die "mutants: fork: $!\n";
    if (!$pid) {
        setpgid(0, 0);
        open STDOUT, '>', $log or die;
        open STDERR, '>&', \*STDOUT or die;
        open STDIN, '<', '/dev/null';
        $ENV{$_} = $env->{$_} for keys %$env;
        exec @cmd or exit 127;
    }
    $child_pgid = $pid;
    my ($status, $timed) = (undef, 0);
    while (1) {
        my $w = waitpid($pid, WNOHANG);
        if ($w == $pid) { $status = $?; last; }
        if (time - $t0 > $limit) { kill 'KILL', -$pid; waitpid($pid, 0); $status = $?; $timed = 1; last; }
        select(undef, undef, undef, 0.02);
    }
    kill 'KILL', -$pid;   # what the test left running
    $child_pgid = 0;
    my $output = -f $log ? slurp($log) : '';
    return ($status, $output, time - $t0, $timed);
}

my %base;   # runnable -> seconds on the unmutated build
sub run_test {
    my ($name, $r, $limit) = @_;
    my ($status, $output, $secs, $timed);
    if ($r->{kind} eq 'check') {
        my %env = (CK_RUN_CASE => $r->{case});
        delete $env{CK_RUN_CASE} unless length $r->{case};
        ($status, $output, $secs, $timed) = run_limited($limit, \%env, "./$name");
        return ('timeout', $secs) if $timed;
        my @failed = $output =~ /^[^:\n]+:\d+:[FE]:[^:\n]*:(\w+):\d+:/mg;
        my @hit = grep { $r->{tests}{$_} } @failed;
        return ("$name:$hit[0]", $secs) if @hit;
        return ('', $secs, "other tests of $name failed: @failed") if @failed;
        return ("$name (exit status $status)", $secs) if $status && $output !~ /^\d+%: Checks: /m;
        return ('', $secs);
    }
    my $script = -x "$src/$name" ? "$src/$name" : undef;
    ($status, $output, $secs, $timed) = run_limited($limit, {}, $script ? ($script) : ('sh', "$src/$name"));
    return ('timeout', $secs) if $timed;
    return ("$name (exit status " . ($status >> 8) . ")", $secs) if $status;
    return ('', $secs);
}

# ------------------------------------------------------------ the run
my @progs = grep { length } split /\s+/, $programs;
my $t_start = time;
my %targets_of;
sub targets {
    my ($m, $r) = @_;
    my @t;
    if ($m->{file} =~ m{^src/cli/}) {
        push @t, 'src/fanos';
        # a suite that compiles the command's sources in (verify/check_cli)
        push @t, grep { $r->{$_}{kind} eq 'check' } sort keys %$r;
    } else {
        push @t, 'src/libfanos.la';
        # a suite that links the library's objects statically is relinked
        for my $k (grep { $r->{$_}{kind} eq 'check' } sort keys %$r) {
            push @t, $k if ($targets_of{$k} //= static_suite($k));
        }
    }
    push @t, 'src/fanos' if grep { $r->{$_}{kind} eq 'script' } keys %$r and !grep { $_ eq 'src/fanos' } @t;
    return @t;
}
sub static_suite {   # whether the Makefile links it with libfanos_internal.la
    my $k = shift;
    (my $v = $k) =~ s/[^\w]/_/g;
    my $mf = -f 'Makefile' ? slurp('Makefile') : '';
    return $mf =~ /^${v}_LDADD\s*=\s*\$\(VERIFY_INTERNAL_LDADD\)/m ? 1 : 0;
}

sub build {
    my @t = @_;
    my ($status, $output) = run_limited(600, {}, split(' ', $make), '-j', $jobs, @t);
    return $status == 0;
}

# Everything the runs rebuild, saved with its time stamps.
if (!-f $saved) {
    my @files;
    my @dirs = grep { -d } qw(src verify);
    open my $fh, '-|', 'find', @dirs, '(', '-name', '*.o', '-o', '-name', '*.lo', '-o', '-name', '*.la',
        '-o', '-name', '*.a', '-o', '-path', '*/.libs/*', '-o', '-path', '*/.deps/*', ')', '(', '-type', 'f',
        '-o', '-type', 'l', ')' or die;
    @files = map { chomp; $_ } <$fh>;
    close $fh;
    push @files, grep { -e } (@progs, 'src/fanos');
    my $lst = "$out/products.lst";
    spew($lst, join("\n", @files) . "\n");
    system('tar', '--format=posix', '-cf', $saved, '-T', $lst) == 0 or die "mutants: cannot save the build products\n";
    unlink $lst;
}
$restored = 0;

# Baseline: every test to run passes on the unmutated build.
my %runnable_all;
for my $m (grep { !$_->{done} } @run) { my $r = runnables($m->{id}); $runnable_all{$_} = $r->{$_} for keys %$r; }
my @base_fail;
for my $name (sort keys %runnable_all) {
    my $r = { %{$runnable_all{$name}} };
    $r->{case} = '';
    $r->{tests} = { map { $_ => 1 } grep { 1 } keys %{$r->{tests} || {}} };
    my ($killed, $secs) = run_test($name, $r, 900);
    $base{$name} = $secs;
    push @base_fail, "$name: $killed" if $killed;
}
die "mutants: the tests fail on the unmutated build:\n  " . join("\n  ", @base_fail) . "\n" if @base_fail;
printf "mutants: baseline of %d tests in %.0f s\n", scalar(keys %base), time - $t_start;

my $n = 0;
my @todo = grep { !$_->{done} } @run;
for my $m (@todo) {
    $n++;
    my $r = runnables($m->{id});
    my $path = $m->{path};
    if (!grep { $_->[0] eq $path } @touched) {
        my @st = stat $path or die "mutants: cannot stat $path\n";
        my $copy = "$out/journal." . scalar @touched;
        spew($copy, $texts{$path});
        push @touched, [$path, $st[8], $st[9], $copy];
        write_journal();
    }
    spew($path, apply($texts{$path}, $m->{edits}));
    my $ok = build(targets($m, $r));
    spew($path, $texts{$path});
    if (!$ok) { $m->{status} = 'stillborn'; next; }
    # The tests run on what was just built; the restored source is newer
    # than its objects, so the next build compiles it again.
    my ($killer, $other) = ('', '');
    for my $name (sort keys %$r) {
        my $limit = 20 + 5 * ($base{$name} // 60);
        my ($k, $secs, $o) = run_test($name, $r->{$name}, $limit);
        $other .= $o if $o;
        if ($k) {
            $killer = $k;
            # what killed a mutant listed as equivalent: the end of its log
            if ($m->{equivalent} && -f "$out/run.log") {
                my @l = split /\n/, slurp("$out/run.log");
                # its last 20 lines, or all of a shorter log (a slice of
                # the last 20 of fewer dies when grep or map aliases it)
                splice @l, 0, @l - 20 if @l > 20;
                $m->{killlog} = join('', map { "      | $_\n" } @l);
            }
            last;
        }
    }
    $m->{status} = $killer ? 'killed' : 'survived';
    $m->{killer} = $killer;
    $m->{other} = $other;
    printf "  %4d/%d [%s] %s:%d %s: %s%s\n", $n, scalar @todo, $m->{id}, $m->{file}, $m->{line},
        $m->{class}, $m->{desc}, $killer ? " killed by $killer" :
        ($m->{equivalent} ? ' survived (listed as equivalent)' : ' SURVIVED' . ($other ? " ($other)" : ''));
}
my $secs = time - $t_start;
restore_all();

# ------------------------------------------------------------ the report
sub csvq { my $s = shift // ''; $s =~ s/"/""/g; return "\"$s\""; }
my $tmp = "$out/mutants.csv.tmp";
open my $mc, '>', $tmp or die;
print $mc "id,file,line,class,mutant,status,killed_by,equivalent_because,old,new\n";
for my $m (@run) {
    my $st = $m->{status} // 'not run';
    $st = 'equivalent' if $st eq 'survived' && $m->{equivalent};
    $m->{final} = $st;
    print $mc join(',', $m->{id}, $m->{file}, $m->{line}, $m->{class}, csvq($m->{desc}), $st,
                   csvq($m->{killer}), csvq($st eq 'equivalent' ? $m->{equivalent} : ''),
                   csvq(join("\n", @{$m->{old}})), csvq(join("\n", @{$m->{new}}))), "\n";
}
close $mc;
rename $tmp, "$out/mutants.csv";
# the verdicts for a --retry elsewhere (newlines of a key as \n)
$tmp = "$out/mutants.tsv.tmp";
spew($tmp, join('', map { (mkey($_) =~ s/\n/\\n/gr) . "\t$_->{final}\t" . ($_->{killer} // '') . "\n" } @run));
rename $tmp, "$out/mutants.tsv";

my (%per, @wrong_equiv);
for my $m (@run) {
    my $p = $per{$m->{id}} //= { mutants => 0, killed => 0, equivalent => 0, surviving => 0, stillborn => 0, diffs => [] };
    if ($m->{final} eq 'stillborn') { $p->{stillborn}++; next; }
    $p->{mutants}++;
    $p->{$m->{final} eq 'survived' ? 'surviving' : $m->{final}}++;
    push @{$p->{diffs}}, join(' ', map { "- $_" } @{$m->{old}}) . ' ' . join(' ', map { "+ $_" } @{$m->{new}})
        . " ($m->{file}:$m->{line})" if $m->{final} eq 'survived';
    push @wrong_equiv, "[$m->{id}] $m->{file}:$m->{line} $m->{desc}: listed as equivalent but killed by $m->{killer}"
        . ($m->{killlog} ? ", whose output ended:\n$m->{killlog}" : '')
        if $m->{equivalent} && $m->{final} eq 'killed';
}
my @ids = grep { $per{$_} } @order;
$tmp = "$out/report.csv.tmp";
open my $rc, '>', $tmp or die;
print $rc "id,mutants,killed,equivalent,surviving,stillborn,surviving_diffs\n";
my %tot = (mutants => 0, killed => 0, equivalent => 0, surviving => 0, stillborn => 0);
for my $id (@ids) {
    my $p = $per{$id};
    $tot{$_} += $p->{$_} for keys %tot;
    print $rc join(',', $id, @$p{qw(mutants killed equivalent surviving stillborn)}, csvq(join("\n", @{$p->{diffs}}))), "\n";
}
close $rc;
rename $tmp, "$out/report.csv";
my $mode = $sample ? 'the CI sample (one mutant per operator class per ID)' : 'every mutant';
spew("$out/summary.txt", sprintf("mode,%s\nids,%d\nmutants,%d\nkilled,%d\nequivalent,%d\nsurviving,%d\nstillborn,%d\nseconds,%.0f\n",
    $sample ? 'sample' : 'full', scalar @ids, @tot{qw(mutants killed equivalent surviving stillborn)}, $secs));

open my $md, '>', "$out/report.md" or die;
print $md "# Mutants per spec ID\n\nGenerated by verify/mutants.pl: $mode, ",
    sprintf("%.0f s.\n\n", $secs),
    "| ID | mutants | killed | equivalent | surviving |\n|---|---|---|---|---|\n";
print $md "| [$_] | $per{$_}{mutants} | $per{$_}{killed} | $per{$_}{equivalent} | $per{$_}{surviving}"
    . (@{$per{$_}{diffs}} ? '<br>' . join('<br>', map { "`$_`" =~ s/\|/\\|/gr } @{$per{$_}{diffs}}) : '') . " |\n" for @ids;
print $md "| all | $tot{mutants} | $tot{killed} | $tot{equivalent} | $tot{surviving} |\n";
close $md;

open my $tx, '>', "$out/report.tex" or die;
print $tx "% Generated by verify/mutants.pl; do not edit.\n",
    "\\begin{longtable}{lrrrr}\n\\toprule ID & mutants & killed & equivalent & surviving \\\\ \\midrule\\endhead\n";
print $tx "$_ & $per{$_}{mutants} & $per{$_}{killed} & $per{$_}{equivalent} & $per{$_}{surviving} \\\\\n" for @ids;
print $tx "\\midrule all & $tot{mutants} & $tot{killed} & $tot{equivalent} & $tot{surviving} \\\\\n\\bottomrule\n\\end{longtable}\n";
close $tx;

printf "mutants: %d IDs, %d mutants: %d killed, %d equivalent, %d surviving (%d stillborn, not counted) in %.0f s; report in %s/report.csv\n",
    scalar @ids, @tot{qw(mutants killed equivalent surviving stillborn)}, $secs, $out;
my @fail = (@equiv_errors, @wrong_equiv);
for my $m (@run) {
    next unless $m->{final} eq 'survived';
    push @fail, "[$m->{id}] $m->{file}:$m->{line} survives $m->{class} ($m->{desc}):\n"
        . join('', map { "    - $_\n" } @{$m->{old}}) . join('', map { "    + $_\n" } @{$m->{new}})
        . ($m->{other} ? "    ($m->{other})\n" : '')
        . "    add a test that names [$m->{id}] above its START_TEST, or list it in verify/mutants_equivalent.txt";
}
print STDERR "mutants: $_\n" for @fail;
printf "%d passed, %d failed\n", $tot{killed} + $tot{equivalent}, scalar @fail;
exit(@fail ? 1 : 0);
