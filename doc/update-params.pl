#!/usr/bin/perl
# update-params.pl SPEC FANOS - fill each "<!-- BEGIN PARAMS name -->" block
# of the spec with `fanos params name --markdown`.
use strict; use warnings;
my ($spec, $fanos) = @ARGV;
open my $f, '<', $spec or die "$spec: $!\n";
my $s = do { local $/; <$f> };
close $f;
$s =~ s{(<!-- BEGIN PARAMS (\S+) -->\n).*?(<!-- END PARAMS \2 -->)}{
    my $t = `"$fanos" params "$2" --markdown`;
    die "fanos params $2 failed\n" if $?;
    "$1$t$3"
}seg;
open my $o, '>', "$spec.tmp" or die; print $o $s; close $o;
rename "$spec.tmp", $spec or die;
