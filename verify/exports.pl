#!/usr/bin/perl
# exports.pl - the shared libfanos exports exactly what fanos.h declares:
# the functions and the extern objects of the header against the defined
# dynamic symbols of the library (nm -D --defined-only).  Fails, printing
# both differences, when either side has a name the other lacks.
#
# usage: exports.pl HEADER LIBRARY.la
# Names the toolchain adds to every shared object (_init, _fini, _edata,
# _end, __bss_start) and reserved names (_ and a capital, or __: the
# sanitizers' own) are not the package's and are left out.  Exit 77 (skip)
# when the library was built without a shared object.
use strict;
use warnings;
use File::Basename qw(dirname);

my ($header, $la) = @ARGV;
die "usage: exports.pl HEADER LIBRARY.la\n" unless defined $la;

# 1. The declarations of the header.
open my $h, '<', $header or die "exports: cannot read $header: $!\n";
my $s = do { local $/; <$h> };
close $h;
$s =~ s{/\*.*?\*/}{ }gs;                        # comments
$s =~ s{//[^\n]*}{}g;
$s =~ s{^\s*#\s*ifdef\s+__cplusplus\b.*?^\s*#\s*endif[^\n]*}{}gms;  # extern "C"
$s =~ s{^\s*#(?:[^\n]*\\\n)*[^\n]*}{}gm;        # other preprocessor lines
1 while $s =~ s/\{[^{}]*\}/ /g;                 # struct and enum bodies
my (%declared, @unread);
for my $d (split /;/, $s) {
    $d =~ s/\s+/ /g;
    $d =~ s/^ | $//g;
    next if $d eq '' || $d =~ /^typedef\b/ || $d =~ /^(?:struct|enum|union) \w+$/;
    if ($d =~ /^extern\b.*?(\w+)\s*(?:\[[^\]]*\])?$/) {
        $declared{$1} = 'object';
    } elsif ($d =~ /^[^(]*?(\w+)\s*\(/) {
        $declared{$1} = 'function';
    } else {
        push @unread, $d;
    }
}
if (@unread) {
    print "exports: $header: a declaration this script cannot read: $_\n" for @unread;
    print "0 passed, 1 failed\n";
    exit 1;
}

# 2. The library's defined dynamic symbols.
open my $l, '<', $la or die "exports: cannot read $la: $!\n";
my ($dlname) = map { /^dlname='(.*)'/ ? $1 : () } <$l>;
close $l;
unless ($dlname) {
    print "exports: $la names no shared library (static build): skip\n";
    exit 77;
}
my $so = dirname($la) . "/.libs/$dlname";
my $nm = $ENV{NM_DYNAMIC} || 'nm';
my @lines = `$nm -D --defined-only "$so"`;
die "exports: $nm -D --defined-only $so failed\n" if $? != 0;
my %exported;
for (@lines) {
    next unless /^\S*\s+([A-Za-z])\s+(\S+)$/;
    (my $name = $2) =~ s/@.*//;
    next if $name =~ /^_[_A-Z]/ || $name =~ /^_(?:init|fini|edata|end)$/;
    $exported{$name} = $1;
}

# 3. The differences.
my @missing = grep { !exists $exported{$_} } sort keys %declared;
my @extra = grep { !exists $declared{$_} } sort keys %exported;
printf "exports: %d names declared in %s, %d exported by %s\n",
    scalar(keys %declared), $header, scalar(keys %exported), $so;
print "exports: declared in fanos.h but not exported: $_ ($declared{$_})\n" for @missing;
print "exports: exported but not declared in fanos.h: $_ (nm type $exported{$_})\n" for @extra;
if (@missing || @extra) {
    print "0 passed, 1 failed\n";
    exit 1;
}
print "1 passed, 0 failed\n";
exit 0;
