//! Every scenario of the DNSSEC test lab (see tests/lab/README.md) with the
//! outcome of the reference validator, delv.

/// One query against the lab and what a validator must conclude.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// Query name (absolute, without the trailing dot).
    pub name: &'static str,
    /// Query type mnemonic ("A", "TXT", "DS", ...).
    pub rtype: &'static str,
    /// delv's status: "SECURE", "INSECURE", "BOGUS" or "INDETERMINATE".
    pub delv: &'static str,
    /// What the scenario exercises.
    pub note: &'static str,
}

const fn s(
    name: &'static str,
    rtype: &'static str,
    delv: &'static str,
    note: &'static str,
) -> Scenario {
    Scenario {
        name,
        rtype,
        delv,
        note,
    }
}

#[rustfmt::skip] // One scenario per line reads as a table.
pub const SCENARIOS: &[Scenario] = &[
    // The anchors of the chain of trust.
    s(".", "SOA", "SECURE", "private root, RSASHA256 + NSEC"),
    s("lab", "DNSKEY", "SECURE", "TLD lab., ECDSAP256SHA256 + NSEC"),
    s("lab3", "SOA", "SECURE", "TLD lab3., ECDSAP256SHA256 + NSEC3 opt-out"),
    // Algorithms (KSK + ZSK, SHA-256 DS in lab.).
    s("www.alg5.lab", "A", "SECURE", "RSASHA1, NSEC"),
    s("www.alg7.lab", "A", "SECURE", "RSASHA1-NSEC3-SHA1, NSEC3"),
    s("www.alg8.lab", "A", "SECURE", "RSASHA256"),
    s("www.alg10.lab", "A", "SECURE", "RSASHA512"),
    s("www.alg13.lab", "A", "SECURE", "ECDSAP256SHA256"),
    s("www.alg14.lab", "A", "SECURE", "ECDSAP384SHA384"),
    s("www.alg15.lab", "A", "SECURE", "Ed25519"),
    s("www.alg16.lab", "A", "SECURE", "Ed448"),
    // DS digest types.
    s("www.ds1.lab", "A", "SECURE", "only a SHA-1 DS"),
    s("www.ds4.lab", "A", "SECURE", "only a SHA-384 DS"),
    // Denial of existence, NSEC.
    s("nope.alg13.lab", "A", "SECURE", "NXDOMAIN, NSEC proof"),
    s("www.alg13.lab", "TXT", "SECURE", "NODATA, NSEC proof"),
    s("ent.alg13.lab", "A", "SECURE", "empty non-terminal: NODATA, NSEC proof"),
    s("x.ent.alg13.lab", "A", "SECURE", "name below an empty non-terminal"),
    s("txt.alg13.lab", "TXT", "SECURE", "hostile-looking TXT (HTML/JS markup)"),
    s("foo.wild.lab", "A", "SECURE", "wildcard answer *.wild.lab, NSEC"),
    // Denial of existence, NSEC3.
    s("www.nsec3.lab", "A", "SECURE", "NSEC3 zone, iterations 0, no salt"),
    s("nope.nsec3.lab", "A", "SECURE", "NXDOMAIN, NSEC3 proof"),
    s("www.nsec3.lab", "TXT", "SECURE", "NODATA, NSEC3 proof"),
    s("www.nsec3iter.lab", "A", "SECURE", "NSEC3 with 10 iterations and a salt"),
    s("nope.nsec3iter.lab", "A", "SECURE", "NXDOMAIN, NSEC3 with 10 iterations and a salt"),
    s("foo.wild3.lab", "A", "SECURE", "wildcard answer *.wild3.lab, NSEC3"),
    // NSEC3 iterations (RFC 9276): chains built by the lab, which dnssec-signzone refuses above 150.
    s("www.nsec3big.lab", "A", "SECURE", "NSEC3 with 200 iterations: a positive answer needs no NSEC3"),
    s("nope.nsec3big.lab", "A", "INSECURE", "NXDOMAIN, NSEC3 with 200 iterations (> 150): insecure"),
    s("www.nsec3big.lab", "TXT", "INSECURE", "NODATA, NSEC3 with 200 iterations (> 150): insecure"),
    s("nope.nsec3max.lab", "A", "SECURE", "control: NXDOMAIN, the same construction at 150 iterations"),
    s("www.nsec3max.lab", "TXT", "SECURE", "control: NODATA, the same construction at 150 iterations"),
    // Insecure delegations.
    s("www.unsigned.lab", "A", "INSECURE", "unsigned child, no DS (NSEC proof in lab.)"),
    s("unsigned.lab", "DS", "SECURE", "the proof itself: NODATA for DS, NSEC"),
    s("www.unsigned.lab3", "A", "INSECURE", "unsigned child covered by an NSEC3 opt-out span"),
    s("www.child.optout.lab", "A", "INSECURE", "unsigned child in an NSEC3 opt-out zone"),
    s("foo.w.optout.lab", "A", "INSECURE", "wildcard answer whose next closer name is in an opt-out span (RFC 5155 8.8)"),
    s("foo.w.optout.lab", "TXT", "SECURE", "wildcard NODATA in an opt-out zone: the wildcard's NSEC3 matches"),
    s("www.unknown-alg.lab", "A", "INSECURE", "only DS has algorithm 253 (unknown)"),
    s("www.unknown-digest.lab", "A", "INSECURE", "only DS has digest type 200 (unknown)"),
    // A deeper chain of trust.
    s("www.deep.lab", "A", "SECURE", "deep.lab"),
    s("sub.deep.lab", "A", "SECURE", "plain name in deep.lab"),
    s("www.c.deep.lab", "A", "SECURE", "secure child c.deep.lab, DS in deep.lab"),
    s("a.b.c.deep.lab", "A", "SECURE", "name below the empty non-terminal b.c.deep.lab"),
    s("b.c.deep.lab", "A", "SECURE", "empty non-terminal: NODATA"),
    // Broken chains of trust and signatures.
    s("www.ds-nokey.lab", "A", "BOGUS", "DS matches no published DNSKEY"),
    s("www.ds-baddigest.lab", "A", "BOGUS", "DS digest corrupted"),
    s("www.dnskey-zsk-only.lab", "A", "BOGUS", "DNSKEY RRset signed by the ZSK only, DS names the KSK"),
    s("www.expired.lab", "A", "BOGUS", "every signature expired (2020)"),
    s("www.future.lab", "A", "BOGUS", "every signature incepts in 2060"),
    s("www.badsig.lab", "A", "BOGUS", "RRSIG over the A RRset corrupted"),
    s("www.nosig.lab", "A", "BOGUS", "RRSIG over the A RRset missing"),
    s("www.nodnskey.lab", "A", "BOGUS", "DS published, DNSKEY RRset stripped by the proxy"),
    // Missing denial proofs (NSEC/NSEC3 stripped by the proxy).
    s("www.stripnsec.lab", "A", "SECURE", "positive answers are untouched"),
    s("nope.stripnsec.lab", "A", "BOGUS", "NXDOMAIN without NSEC proof"),
    s("www.stripnsec.lab", "TXT", "BOGUS", "NODATA without NSEC proof"),
    s("foo.w.stripnsec.lab", "A", "BOGUS", "wildcard answer without the NSEC proof for foo"),
    s("www.insecure.stripnsec.lab", "A", "BOGUS", "unsigned delegation whose NSEC DS denial is stripped"),
    s("www.stripnsec3.lab", "A", "SECURE", "positive answers are untouched"),
    s("nope.stripnsec3.lab", "A", "BOGUS", "NXDOMAIN without NSEC3 proof"),
    s("www.stripnsec3.lab", "TXT", "BOGUS", "NODATA without NSEC3 proof"),
    s("foo.w.stripnsec3.lab", "A", "BOGUS", "wildcard answer without the NSEC3 proof for foo"),
    s("www.insecure.stripnsec3.lab", "A", "BOGUS", "unsigned delegation whose NSEC3 DS denial is stripped"),
    // CNAME and DNAME.
    s("to-secure.alg13.lab", "A", "SECURE", "CNAME to www.alg8.lab (secure)"),
    s("to-insecure.alg13.lab", "A", "INSECURE", "CNAME to www.unsigned.lab (insecure)"),
    s("to-bogus.alg13.lab", "A", "BOGUS", "CNAME to www.badsig.lab (bogus)"),
    s("loop1.alg13.lab", "A", "INDETERMINATE", "CNAME loop: the resolver answers SERVFAIL"),
    s("chain2.alg13.lab", "A", "SECURE", "11 CNAMEs: the most named 9.18 and Unbound 1.17 follow"),
    s("chain1.alg13.lab", "A", "INDETERMINATE", "12 CNAMEs: the resolver gives up (SERVFAIL)"),
    s("www.sub.dname.lab", "A", "SECURE", "DNAME sub.dname.lab -> alg13.lab, synthesized CNAME"),
    // What a CA looks up for a certificate order (tests/lab_order.rs).
    s("caa.lab", "CAA", "SECURE", "CAA at the apex: issue letsencrypt.org, issuewild none"),
    s("www.caa.lab", "CAA", "SECURE", "no CAA below the apex: NODATA, NSEC proof"),
    s("sub.caa.lab", "CAA", "SECURE", "a subdomain's own CAA: issue digicert.com"),
    s("alias.caa.lab", "CAA", "SECURE", "CAA behind a CNAME to caa-target.alg13.lab"),
    s("crit.caa.lab", "CAA", "SECURE", "CAA with an unknown critical tag"),
    s("cond.caa.lab", "CAA", "SECURE", "CAA issue with an RFC 8657 parameter"),
    s("_acme-challenge.secure.caa.lab", "TXT", "SECURE", "dns-01 CNAME into a secure zone"),
    s("_acme-challenge.insecure.caa.lab", "TXT", "INSECURE", "dns-01 CNAME into an unsigned zone"),
    s("_acme-challenge.bogus.caa.lab", "TXT", "BOGUS", "dns-01 CNAME into a bogus RRset"),
    s("badnsec.lab", "CAA", "BOGUS", "NODATA whose apex NSEC has a corrupted RRSIG"),
    s("www.child.badnsec.lab", "A", "SECURE", "a healthy child below that parent"),
    // Warnings before failure (tests/lab_warnings.rs): each validates, with one weakness.
    s("www.expire3d.lab", "A", "SECURE", "signatures expire 3 days after the lab's start"),
    s("www.expire12h.lab", "A", "SECURE", "signatures expire 12 hours after the lab's start"),
    s("www.fresh.lab", "A", "SECURE", "signature inception at the lab's start (no backdating)"),
    s("long.longttl.lab", "A", "SECURE", "TTL about 12.7 years, above the ten-year signature validity"),
    s("www.ds12.lab", "A", "SECURE", "a SHA-1 DS beside the SHA-256 one"),
    s("www.rsa1024.lab", "A", "SECURE", "RSASHA256 with a 1024-bit ZSK"),
    s("www.rsa768.lab", "A", "SECURE", "RSASHA256 with a 768-bit ZSK (made by openssl)"),
    s("www.ds-extra.lab", "A", "SECURE", "the KSK's DS plus a DS of an unpublished key"),
    s("www.ksk-nods.lab", "A", "SECURE", "a second KSK, signing the key set, without DS"),
    s("www.ds-standby.lab", "A", "SECURE", "DS for two KSKs, one of which does not sign the key set"),
    s("www.cds-new.lab", "A", "SECURE", "CDS/CDNSKEY of a second KSK while the DS is the first one's"),
    s("www.cds-delete.lab", "A", "SECURE", "CDS/CDNSKEY delete while the DS is still published"),
    s("www.bigkeys.lab", "A", "SECURE", "four 2048-bit RSA keys: a DNSKEY answer of about 2.3 kB"),
    s("www.ttlraised.lab", "A", "SECURE", "www A served with TTL 7200 above its RRSIG's Original TTL 3600"),
    // A DS rollover in progress (tests/lab_compare.rs: the same names through the stale resolver).
    s("www.roll.lab", "A", "SECURE", "double-KSK rollover: both KSKs sign the key set, lab. has the new DS"),
    s("www.roll-broken.lab", "A", "SECURE", "the old KSK already removed; lab. has the new DS"),
];
