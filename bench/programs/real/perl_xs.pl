# Perl with XS modules: Digest::SHA, Storable, Encode, and the pure-Perl JSON::PP and Math::BigInt.
use strict;
use warnings;
use Digest::SHA qw(sha256_hex);
use Storable qw(freeze thaw dclone);
use Encode qw(encode decode);
use JSON::PP;
use Math::BigInt;
my $h = '';
$h = sha256_hex($h . $_) for 1 .. 20000;
my %data = map { ("key$_" => [$_, "v" x ($_ % 17), { n => $_ * 3 }]) } 1 .. 3000;
my $copy;
$copy = thaw(freeze(\%data)) for 1 .. 10;
my $deep = dclone($copy);
my $text = join ' ', map { "größe-$_ \x{263a}" } 1 .. 20000;
my $round = decode('UTF-8', encode('UTF-8', $text));
my $json = JSON::PP->new->canonical;
my $doc = $json->encode($deep);
my $back = $json->decode($doc);
my $f = Math::BigInt->new(1);
$f->bmul($_) for 1 .. 400;
print join(' ', substr($h, 0, 16), scalar(keys %$back), length($round), length($doc),
           substr($f->bstr, 0, 20)), "\n";
