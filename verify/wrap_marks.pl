#!/usr/bin/perl
# wrap_marks.pl FILE... - rewrap, in place, every spec quote comment of a C
# file that has a line longer than 100 characters.
#
# A spec quote is a comment that starts with an ID in brackets and runs to
# its "*/": "/* ID text */", or a comment line " * ID text */", possibly
# already wrapped over lines that start with blanks and "*" (as
# verify/audit.pl reads it).  Its words are refilled greedily: the first
# line keeps its indentation and opening, each next line is the
# indentation and " * ", and the last ends with " */".  Nothing else
# changes, quotes within 100 characters are left as they are, and running
# the script again changes nothing: the wrap depends on the text alone.
# A word longer than a line is left whole (and reported).
use strict;
use warnings;

my $MAX = 100;
my $ID = qr/\[[A-Z]+[0-9]+\] /;

sub chars { my $s = shift; utf8::decode($s); return length $s; }

# Fill words after the first line's prefix $first, the next lines' $cont.
sub fill {
    my ($first, $cont, @words) = @_;
    my @out;
    my $line = $first . shift @words;
    for my $k (0 .. $#words) {
        my $w = $words[$k];
        my $room = $k == $#words ? $MAX - 3 : $MAX;    # the last takes " */"
        if (chars("$line $w") <= $room) {
            $line .= " $w";
        } else {
            push @out, $line;
            $line = $cont . $w;
        }
    }
    push @out, "$line */";
    return @out;
}

my $status = 0;
for my $file (@ARGV) {
    open my $in, '<', $file or die "wrap_marks: cannot read $file: $!\n";
    my @l = <$in>;
    close $in;
    my (@out, $changed);
    for (my $i = 0; $i < @l; $i++) {
        my ($ind, $open, $rest) = $l[$i] =~ m{^(\s*)(/\*|\*) ($ID.*?)\s*$};
        unless (defined $rest) {
            push @out, $l[$i];
            next;
        }
        # the quote's lines, through the one that closes it
        my ($j, $text, $closed) = ($i, $rest, 0);
        if ($text =~ s{\s*\*/\s*$}{}) {
            $closed = 1;
        }
        while (!$closed && $j + 1 < @l && $l[$j + 1] =~ m{^\s*\*(.*?)\s*$}) {
            my $c = $1;
            $j++;
            if ($c =~ m{^/}) {
                $closed = 1;
            } elsif ($c =~ s{\s*\*/$}{}) {
                $text .= " $c";
                $closed = 1;
            } elsif ($c =~ m{\*/}) {
                last;               # code after the comment: leave it
            } else {
                $text .= " $c";
            }
        }
        my $long = grep { chars(do { (my $t = $_) =~ s/\n\z//; $t }) > $MAX } @l[$i .. $j];
        if (!$closed || $text =~ m{\*/} || !$long) {
            push @out, @l[$i .. $j];
            $i = $j;
            next;
        }
        my $cont = $open eq '/*' ? "$ind * " : "$ind* ";
        my @new = map { "$_\n" } fill("$ind$open ", $cont, split ' ', $text);
        for my $k (0 .. $#new) {
            if (chars(do { (my $t = $new[$k]) =~ s/\n\z//; $t }) > $MAX) {
                printf STDERR "wrap_marks: %s:%d: a word longer than the line\n", $file,
                    $i + 1 + $k;
                $status = 1;
            }
        }
        push @out, @new;
        $changed = 1;
        $i = $j;
    }
    next unless $changed;
    open my $o, '>', "$file.tmp.$$" or die "wrap_marks: cannot write $file.tmp.$$: $!\n";
    print $o @out;
    close $o or die "wrap_marks: cannot write $file.tmp.$$: $!\n";
    chmod((stat $file)[2] & 07777, "$file.tmp.$$");
    rename "$file.tmp.$$", $file or die "wrap_marks: cannot rename to $file: $!\n";
}
exit $status;
