# Results.pm - what the scripts of paper/ that turn result files into TeX
# share: reading a CSV of fanos (a raw or summary CSV, the answers of fanos
# thermostat, experiments/published.csv), testing and formatting numbers,
# and escaping text for TeX.  Each script loads it with
#   use FindBin; use lib $FindBin::Bin; use Results qw(...);
package Results;
use strict; use warnings;
use Exporter 'import';
use File::Basename qw(basename);
our @EXPORT_OK = qw(read_csv isnum num tex);

my $prog = basename($0);

# The rows of a CSV file as hashes keyed by its header: a quoted field may
# hold commas and doubled quotes, lines starting with '#' (outside a
# quoted field) and blank lines are skipped, a carriage return before a
# newline is dropped.  A row with another number of fields than the
# header, a missing header and (with required => [...]) a missing column
# end the script with one line naming the file.
sub read_csv {
    my ($path, %opt) = @_;
    open my $f, '<', $path or die "$prog: cannot read $path: $!\n";
    my $t = do { local $/; <$f> };
    close $f;
    $t =~ s/\r\n/\n/g;
    my ($head, @rows, @row, $field);
    my $line = 1;
    pos($t) = 0;
    # (each pattern is tried only where its first character is: a \G
    # pattern that fails makes Perl look for its first character in the
    # rest of the text, which made a 6 MB trace take half a minute)
    while (pos($t) < length $t) {
        my $c = substr($t, pos($t), 1);
        if (!@row && $c eq "\n") { pos($t)++; $line++; next; }
        if (!@row && $c eq '#') {
            last unless $t =~ /\G#[^\n]*\n/gc;
            $line++;
            next;
        }
        if ($c eq '"' && $t =~ /\G"((?:[^"]|"")*)"/gc) {
            $field = $1;
            $line += ($field =~ tr/\n//);
            $field =~ s/""/"/g;
        }
        else { $t =~ /\G([^,\n]*)/gc; $field = $1; }
        push @row, $field;
        next if $t =~ /\G,/gc;
        $t =~ /\G\n/gc;
        if (!$head) {
            $head = [@row];
        } else {
            die "$prog: $path:$line: " . scalar(@row) . " fields, expected " . scalar(@$head) . "\n"
                unless @row == @$head;
            my %r;
            @r{@$head} = @row;
            push @rows, \%r;
        }
        @row = ();
        $line++;
    }
    die "$prog: $path has no header\n" unless $head;
    for my $c (@{$opt{required} // []}) {
        die "$prog: $path: no column $c" . ($opt{what} ? " ($opt{what})" : '') . "\n"
            unless grep { $_ eq $c } @$head;
    }
    die "$prog: $path has no rows\n" if $opt{rows} && !@rows;
    return \@rows;
}

# A number as the CSVs write it (fanos_real_str): no nan, no inf.
sub isnum { my $x = shift; return defined $x && $x =~ /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/; }

# d significant digits (3 unless given): plain between 1e-2 and 1e4, else
# m x 10^e in TeX math; '--' for no number.
sub num {
    my ($x, $d) = @_;
    $d //= 3;
    return '--' unless isnum($x);
    return '0' if $x == 0;
    my $a = abs $x;
    if ($a >= 1e-2 && $a < 1e4) {
        my $dec = $d - 1 - int(log($a) / log(10) + ($a < 1 ? -1 + 1e-12 : 1e-12));
        $dec = 0 if $dec < 0;
        return sprintf("%.${dec}f", $x);
    }
    my ($m, $e) = sprintf("%.@{[$d-1]}e", $x) =~ /^(-?[\d.]+)e([-+]\d+)$/;
    return "\$$m\\times10^{" . ($e + 0) . "}\$";
}

# Text for TeX: # % & _ escaped, -> as an arrow.
sub tex { my $s = shift; $s =~ s/([#%&_])/\\$1/g; $s =~ s/->/\$\\to\$/g; return $s; }

1;
