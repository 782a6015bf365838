#!/usr/bin/perl
# ini.pl FILE SECTION KEY - print one value of a simple INI file; fails with
# a clear message when the section or key is missing.
use strict; use warnings;
my ($file, $sec, $key) = @ARGV;
die "usage: ini.pl FILE SECTION KEY\n" unless defined $key;
open my $f, '<', $file or die "ini.pl: cannot read $file: $!\n";
my $cur = '';
while (my $l = <$f>) {
    next if $l =~ /^\s*[#;]/;
    if ($l =~ /^\[(.+)\]\s*$/) { $cur = $1; next; }
    if ($cur eq $sec && $l =~ /^\Q$key\E\s*=\s*(.*?)\s*$/) { print "$1\n"; exit 0; }
}
die "ini.pl: $file: no key '$key' in section [$sec]\n";
