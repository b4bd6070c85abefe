#!/usr/bin/perl
# Writes the small MaxMind DB files the origins tests read, with Debian's
# libmaxmind-db-writer-perl (MaxMind::DB::Writer, MaxMind's own writer).
# The files are committed beside this script, so the tests need neither
# it nor the network; run it again only to change them:
#
#   perl tests/origins/make_mmdb.pl tests/origins
#
# The networks are invented: they are not where these ranges are.
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $dir = shift // '.';
my %types = (
	country => 'map', registered_country => 'map', iso_code => 'utf8_string',
	country_code => 'utf8_string',
	autonomous_system_number => 'uint32',
	autonomous_system_organization => 'utf8_string',
);

sub write_db {
	my ($file, $type, $nets) = @_;
	my $tree = MaxMind::DB::Writer::Tree->new(
		ip_version => 6, record_size => 24, database_type => $type,
		languages => ['en'], description => { en => 'hotline test data' },
		map_key_type_callback => sub { $types{ $_[0] } },
		remove_reserved_networks => 0,
	);
	$tree->insert_network($_->[0], $_->[1]) for @$nets;
	open my $fh, '>:raw', "$dir/$file" or die "$dir/$file: $!";
	$tree->write_tree($fh);
	close $fh or die "$dir/$file: $!";
}

sub geo { my ($c, $r) = @_; { country => { iso_code => $c },
	registered_country => { iso_code => $r // $c } } }

write_db('country.mmdb', 'Hotline-Test-Country', [
	[ '5.0.0.0/8', geo('NL') ],
	[ '31.0.0.0/8', geo('RU') ],
	[ '45.0.0.0/8', geo('US', 'CA') ],
	[ '2a00::/12', geo('DE') ],
]);
write_db('flat.mmdb', 'Hotline-Test-Flat', [
	[ '5.0.0.0/8', { country_code => 'NL' } ],
	[ '31.0.0.0/8', { country_code => 'RU' } ],
	[ '45.0.0.0/8', { country_code => 'US' } ],
	[ '2a00::/12', { country_code => 'DE' } ],
]);
# IPv4 in sixteen /4 blocks, each a user-assigned ISO 3166 code (XA to
# XP, which no real country has), so every public address has a country.
write_db('blocks.mmdb', 'Hotline-Test-Blocks', [
	map { [ ($_ * 16) . '.0.0.0/4', geo('X' . chr(ord('A') + $_)) ] } 0 .. 15
]);
write_db('asn.mmdb', 'Hotline-Test-ASN', [
	[ '5.0.0.0/8', { autonomous_system_number => 64500,
	    autonomous_system_organization => 'Example Hosting B.V.' } ],
	[ '31.0.0.0/8', { autonomous_system_number => 64501,
	    autonomous_system_organization => 'Example "Telecom"' } ],
	[ '45.0.0.0/8', { autonomous_system_number => 64502,
	    autonomous_system_organization => 'Example Cloud, Inc.' } ],
]);
