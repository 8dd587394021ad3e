//! A synthetic DNSSEC world for tests that need signed answers without the BIND lab: zones
//! signed at test time with Ed25519 keys from fixed seeds (so every run builds the same bytes),
//! NSEC or NSEC3 denial (with or without opt-out), and a resolver that answers like a
//! non-validating recursive resolver queried with CD=1 (it follows CNAMEs and hands over
//! whatever the zones hold).
//!
//! The signer is written here independently of the validator (its own canonical form and
//! order, key tag, DS digest and NSEC3 hashing, RFC 4034 §3.1.8.1, §6, Appendix B, §5.1.4;
//! RFC 5155 §5), so a bug in the validator's versions cannot cancel out. Names are kept
//! lowercase and uncompressed, which is already canonical; a label may hold `\DDD` escapes
//! (RFC 1035 §5.1), e.g. `\000`.
//!
//! The world (`World::standard`), under a root anchored by DS:
//!
//! | zone | | names |
//! |---|---|---|
//! | `example.` | signed, NSEC3 0 iterations | `www` A, `alias` CNAME `www`, `*.wild` A, `txt` TXT, `a.b` A (`b` is an empty non-terminal), `far` CNAME `www.unsigned.` |
//! | `unsigned.` | no DS, not signed | `www` A |
//! | `big.` | signed, NSEC3 with `big_iterations` | `www` A |
//! | `badsig.` | signed, the RRSIG over `www` A corrupted | `www` A |
//!
//! Other worlds are built with [`World::new`] from [`Zone::signed`] and [`Zone::unsigned`]
//! zones. Tests forge answers with [`Zone::sign`] (any RRset, signed at one owner and presented
//! at another, e.g. as a wildcard expansion), the zone's NSEC/NSEC3 records, [`message`], and a
//! tamper callback of [`check_with`] or [`check_with_resolvers`].
#![allow(dead_code)] // Each test binary uses its own subset.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::{ready, Future};

use ring::signature::{Ed25519KeyPair, KeyPair};

use dnssec_health::check::{self, CheckOptions};
use dnssec_health::model::CheckDocument;
use dnssec_health::transport::{
    HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError,
};

pub const INCEPTION: u32 = 1_700_000_000; // 2023-11-14
pub const EXPIRATION: u32 = 1_900_000_000; // 2030-03-17
/// The validation clock of every check against the world.
pub const NOW: i64 = 1_800_000_000; // 2027-01-15

pub const A: u16 = 1;
pub const NS: u16 = 2;
pub const CNAME: u16 = 5;
pub const SOA: u16 = 6;
pub const TXT: u16 = 16;
pub const AAAA: u16 = 28;
pub const DS: u16 = 43;
pub const RRSIG: u16 = 46;
pub const NSEC: u16 = 47;
pub const DNSKEY: u16 = 48;
pub const NSEC3: u16 = 50;

pub const TTL: u32 = 300;
const ED25519: u8 = 15;

/// The RCODEs the resolver sends (RFC 1035 §4.1.1).
pub const NOERROR: u8 = 0;
pub const SERVFAIL: u8 = 2;
pub const NXDOMAIN: u8 = 3;

/// The octets of one presentation-format label, lowercased, with `\DDD` and `\X` escapes
/// resolved (RFC 1035 §5.1).
fn label_octets(label: &str) -> Vec<u8> {
    let b = label.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.len() >= i + 4 {
            let digits = &b[i + 1..i + 4];
            if digits.iter().all(u8::is_ascii_digit) {
                let value = digits
                    .iter()
                    .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
                out.push(value as u8);
                i += 4;
                continue;
            }
        }
        if b[i] == b'\\' && i + 1 < b.len() {
            out.push(b[i + 1].to_ascii_lowercase());
            i += 2;
            continue;
        }
        out.push(b[i].to_ascii_lowercase());
        i += 1;
    }
    out
}

/// The labels of a name, leftmost first, as lowercase octets.
pub fn labels_of(name: &str) -> Vec<Vec<u8>> {
    name.split('.')
        .filter(|l| !l.is_empty())
        .map(label_octets)
        .collect()
}

/// `a.b.` as uncompressed wire labels (RFC 1035 §3.1), lowercased.
pub fn wire_name(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in labels_of(name) {
        out.push(label.len() as u8);
        out.extend(label);
    }
    out.push(0);
    out
}

/// Canonical DNS name order (RFC 4034 §6.1): the label sequences compared from the rightmost
/// label, each label as a left-justified octet string (a missing octet sorts first).
pub fn canonical_cmp(a: &str, b: &str) -> Ordering {
    let mut la = labels_of(a);
    let mut lb = labels_of(b);
    la.reverse();
    lb.reverse();
    la.cmp(&lb)
}

fn label_count(name: &str) -> usize {
    name.split('.').filter(|l| !l.is_empty()).count()
}

/// The Labels field of an RRSIG over an RRset owned by `owner`: its labels, a leading `*` not
/// counted (RFC 4034 §3.1.3).
pub fn rrsig_labels(owner: &str) -> u8 {
    (label_count(owner) - usize::from(owner.starts_with("*."))) as u8
}

/// `name` is `ancestor` or below it.
pub fn at_or_below(name: &str, ancestor: &str) -> bool {
    ancestor == "." || name == ancestor || name.ends_with(&format!(".{ancestor}"))
}

pub fn parent(name: &str) -> String {
    match name.split_once('.') {
        Some((_, rest)) if !rest.is_empty() => rest.to_string(),
        _ => ".".to_string(),
    }
}

pub fn join(label: &str, name: &str) -> String {
    if name == "." {
        format!("{label}.")
    } else {
        format!("{label}.{name}")
    }
}

/// A RDATA.
pub fn a(text: &str) -> Vec<u8> {
    text.split('.').map(|o| o.parse::<u8>().unwrap()).collect()
}

/// TXT RDATA of one string.
pub fn txt(text: &str) -> Vec<u8> {
    let mut out = vec![text.len() as u8];
    out.extend(text.bytes());
    out
}

fn soa(apex: &str) -> Vec<u8> {
    let mut out = wire_name(&join("ns", apex));
    out.extend(wire_name(&join("hostmaster", apex)));
    for value in [1u32, 3600, 600, 864_000, 300] {
        out.extend(value.to_be_bytes());
    }
    out
}

/// The key tag of DNSKEY RDATA (RFC 4034 Appendix B).
pub fn key_tag(rdata: &[u8]) -> u16 {
    let mut acc: u32 = 0;
    for (i, &b) in rdata.iter().enumerate() {
        acc += if i % 2 == 0 {
            u32::from(b) << 8
        } else {
            u32::from(b)
        };
    }
    acc += acc >> 16;
    (acc & 0xffff) as u16
}

fn sha1(parts: &[&[u8]]) -> Vec<u8> {
    let mut context = ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY);
    for part in parts {
        context.update(part);
    }
    context.finish().as_ref().to_vec()
}

/// Base32hex without padding, lowercase (RFC 4648 §7), as NSEC3 owner labels are written.
pub fn base32hex(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// An NSEC/NSEC3 type bit map (RFC 4034 §4.1.2).
pub fn type_bitmap(types: &BTreeSet<u16>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut windows: BTreeMap<u8, [u8; 32]> = BTreeMap::new();
    for &t in types {
        windows.entry((t >> 8) as u8).or_insert([0; 32])[usize::from(t & 0xff) / 8] |=
            0x80 >> (t % 8);
    }
    for (window, bits) in windows {
        let len = bits.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        out.extend([window, len as u8]);
        out.extend_from_slice(&bits[..len]);
    }
    out
}

/// NSEC RDATA (RFC 4034 §4.1): the next owner name and the type bit map.
pub fn nsec_rdata(next: &str, types: &[u16]) -> Vec<u8> {
    let mut out = wire_name(next);
    out.extend(type_bitmap(&types.iter().copied().collect()));
    out
}

/// NSEC3 RDATA (RFC 5155 §3.2): SHA-1, the opt-out flag of `params`, its iterations and salt,
/// the next hashed owner and the type bit map.
pub fn nsec3_rdata(params: &Nsec3Params, next_hash: &[u8], types: &[u16]) -> Vec<u8> {
    let mut out = vec![1, u8::from(params.opt_out)];
    out.extend(params.iterations.to_be_bytes());
    out.push(params.salt.len() as u8);
    out.extend(&params.salt);
    out.push(next_hash.len() as u8);
    out.extend(next_hash);
    out.extend(type_bitmap(&types.iter().copied().collect()));
    out
}

/// The NSEC3 hash of `name` (RFC 5155 §5).
pub fn nsec3_hash(params: &Nsec3Params, name: &str) -> Vec<u8> {
    let mut digest = sha1(&[&wire_name(name), &params.salt]);
    for _ in 0..params.iterations {
        digest = sha1(&[&digest, &params.salt]);
    }
    digest
}

/// One resource record: owner, type, TTL, RDATA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rr {
    pub owner: String,
    pub rtype: u16,
    pub ttl: u32,
    pub rdata: Vec<u8>,
}

impl Rr {
    pub fn new(owner: &str, rtype: u16, rdata: Vec<u8>) -> Rr {
        Rr {
            owner: owner.to_string(),
            rtype,
            ttl: TTL,
            rdata,
        }
    }

    /// For an RRSIG: the type it covers.
    pub fn covered(&self) -> Option<u16> {
        (self.rtype == RRSIG).then(|| u16::from_be_bytes([self.rdata[0], self.rdata[1]]))
    }
}

/// What damage a zone carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Damage {
    None,
    /// The RRSIG over `www.<zone> A` has one signature byte flipped.
    BadSignatureOnWww,
}

/// The parameters of an NSEC3 chain (RFC 5155 §3.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nsec3Params {
    pub iterations: u16,
    pub salt: Vec<u8>,
    /// RFC 5155 §6: the Opt-Out flag on every NSEC3, and insecure delegations (NS without DS)
    /// left out of the chain.
    pub opt_out: bool,
}

impl Nsec3Params {
    /// No extra iterations, no salt (RFC 9276), no opt-out.
    pub fn plain() -> Self {
        Nsec3Params {
            iterations: 0,
            salt: Vec::new(),
            opt_out: false,
        }
    }

    pub fn opt_out() -> Self {
        Nsec3Params {
            opt_out: true,
            ..Nsec3Params::plain()
        }
    }

    pub fn salted(salt: &[u8]) -> Self {
        Nsec3Params {
            salt: salt.to_vec(),
            ..Nsec3Params::plain()
        }
    }
}

/// How a signed zone denies existence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Denial {
    /// NSEC (RFC 4034 §4), the chain in canonical order (RFC 4034 §6.1).
    Nsec,
    /// NSEC3 (RFC 5155) with these parameters.
    Nsec3(Nsec3Params),
}

impl Denial {
    pub fn nsec3() -> Self {
        Denial::Nsec3(Nsec3Params::plain())
    }

    pub fn nsec3_opt_out() -> Self {
        Denial::Nsec3(Nsec3Params::opt_out())
    }
}

pub struct Zone {
    pub apex: String,
    key: Option<Ed25519KeyPair>,
    dnskey: Vec<u8>,
    pub denial: Denial,
    damage: Damage,
    /// (owner, type) -> RDATAs. Delegations are NS (and DS) sets at the child's apex name.
    rrsets: BTreeMap<(String, u16), Vec<Vec<u8>>>,
}

impl Zone {
    fn new(apex: &str, seed: Option<u8>, nsec3_iterations: u16) -> Self {
        let params = Nsec3Params {
            iterations: nsec3_iterations,
            salt: if nsec3_iterations > 0 {
                vec![0xca, 0xfe]
            } else {
                Vec::new()
            },
            opt_out: false,
        };
        Zone::build(apex, seed, Denial::Nsec3(params))
    }

    /// A zone signed with the Ed25519 key from `seed` (one key, flags 257, signing
    /// everything), denying existence as `denial` says. It holds SOA, NS and DNSKEY at the apex.
    pub fn signed(apex: &str, seed: u8, denial: Denial) -> Self {
        Zone::build(apex, Some(seed), denial)
    }

    /// An unsigned zone with SOA and NS at the apex.
    pub fn unsigned(apex: &str) -> Self {
        Zone::build(apex, None, Denial::nsec3())
    }

    fn build(apex: &str, seed: Option<u8>, denial: Denial) -> Self {
        let key = seed.map(|s| Ed25519KeyPair::from_seed_unchecked(&[s; 32]).unwrap());
        let mut dnskey = Vec::new();
        if let Some(key) = &key {
            dnskey.extend(257u16.to_be_bytes());
            dnskey.extend([3, ED25519]);
            dnskey.extend_from_slice(key.public_key().as_ref());
        }
        let mut zone = Zone {
            apex: apex.to_string(),
            key,
            dnskey: dnskey.clone(),
            denial,
            damage: Damage::None,
            rrsets: BTreeMap::new(),
        };
        zone.add(apex, SOA, soa(apex));
        zone.add(apex, NS, wire_name(&join("ns", apex)));
        if zone.is_signed() {
            zone.add(apex, DNSKEY, dnskey);
        }
        zone
    }

    pub fn is_signed(&self) -> bool {
        self.key.is_some()
    }

    /// Adds one record to the zone's data.
    pub fn add(&mut self, owner: &str, rtype: u16, rdata: Vec<u8>) {
        self.rrsets
            .entry((owner.to_string(), rtype))
            .or_default()
            .push(rdata);
    }

    pub fn key_tag(&self) -> u16 {
        key_tag(&self.dnskey)
    }

    /// The DNSKEY RDATA of the zone's key.
    pub fn dnskey_rdata(&self) -> Vec<u8> {
        self.dnskey.clone()
    }

    /// The SHA-256 DS RDATA for this zone's key (RFC 4034 §5.1.4, RFC 4509).
    pub fn ds_rdata(&self) -> Vec<u8> {
        let digest = ring::digest::digest(
            &ring::digest::SHA256,
            &[wire_name(&self.apex), self.dnskey.clone()].concat(),
        );
        let mut out = self.key_tag().to_be_bytes().to_vec();
        out.extend([ED25519, 2]);
        out.extend_from_slice(digest.as_ref());
        out
    }

    /// Delegates `child` (NS, plus DS when the child is signed).
    pub fn delegate(&mut self, child: &Zone) {
        let ds = child.is_signed().then(|| child.ds_rdata());
        self.delegate_to(&child.apex, ds);
    }

    fn delegate_to(&mut self, child: &str, ds: Option<Vec<u8>>) {
        self.add(child, NS, wire_name(&join("ns", child)));
        if let Some(ds) = ds {
            self.add(child, DS, ds);
        }
    }

    /// A cut below the apex: NS at a name other than the apex.
    pub fn is_cut(&self, name: &str) -> bool {
        name != self.apex && self.rrsets.contains_key(&(name.to_string(), NS))
    }

    /// A cut without DS: the delegation of an unsigned zone.
    fn is_insecure_cut(&self, name: &str) -> bool {
        self.is_cut(name) && !self.rrsets.contains_key(&(name.to_string(), DS))
    }

    /// The owners of records, and every name above them up to the apex.
    fn names_from<'a>(&self, owners: impl Iterator<Item = &'a String>) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for owner in owners {
            let mut name = owner.clone();
            while at_or_below(&name, &self.apex) {
                names.insert(name.clone());
                if name == self.apex {
                    break;
                }
                name = parent(&name);
            }
        }
        names
    }

    /// Every name that exists in the zone: owners and the empty non-terminals above them.
    fn names(&self) -> BTreeSet<String> {
        self.names_from(self.rrsets.keys().map(|(owner, _)| owner))
    }

    fn exists(&self, name: &str) -> bool {
        self.names().contains(name)
    }

    fn types_at(&self, name: &str) -> BTreeSet<u16> {
        self.rrsets
            .keys()
            .filter(|(owner, _)| owner == name)
            .map(|&(_, t)| t)
            .collect()
    }

    /// The RRSIG by this zone's key over `rdatas` as the RRset (`signed_owner`, `rtype`),
    /// placed at `presented_owner`. The Labels field is that of `signed_owner` (a leading `*`
    /// not counted, RFC 4034 §3.1.3) unless `labels` overrides it; when `presented_owner` has
    /// more labels than that, the RRSIG reads as a wildcard expansion (RFC 4035 §5.3.2).
    pub fn rrsig_over(
        &self,
        presented_owner: &str,
        signed_owner: &str,
        rtype: u16,
        rdatas: &[Vec<u8>],
        labels: Option<u8>,
    ) -> Rr {
        self.rrsig_over_window(
            presented_owner,
            signed_owner,
            rtype,
            rdatas,
            labels,
            (INCEPTION, EXPIRATION),
        )
    }

    /// [`Zone::rrsig_over`] with the validity window `(inception, expiration)` in place of
    /// [`INCEPTION`] and [`EXPIRATION`] (e.g. an RRSIG that expired before [`NOW`]).
    pub fn rrsig_over_window(
        &self,
        presented_owner: &str,
        signed_owner: &str,
        rtype: u16,
        rdatas: &[Vec<u8>],
        labels: Option<u8>,
        (inception, expiration): (u32, u32),
    ) -> Rr {
        let key = self.key.as_ref().expect("signed zone");
        let labels = labels.unwrap_or_else(|| rrsig_labels(signed_owner));
        let mut rdata = rtype.to_be_bytes().to_vec();
        rdata.extend([ED25519, labels]);
        rdata.extend(TTL.to_be_bytes());
        rdata.extend(expiration.to_be_bytes());
        rdata.extend(inception.to_be_bytes());
        rdata.extend(self.key_tag().to_be_bytes());
        rdata.extend(wire_name(&self.apex));
        let mut signed = rdata.clone();
        let mut sorted = rdatas.to_vec();
        sorted.sort();
        sorted.dedup();
        for r in &sorted {
            signed.extend(wire_name(signed_owner));
            signed.extend(rtype.to_be_bytes());
            signed.extend(1u16.to_be_bytes());
            signed.extend(TTL.to_be_bytes());
            signed.extend((r.len() as u16).to_be_bytes());
            signed.extend(r);
        }
        let mut signature = key.sign(&signed).as_ref().to_vec();
        if self.damage == Damage::BadSignatureOnWww
            && presented_owner == join("www", &self.apex)
            && rtype == A
        {
            signature[10] ^= 0x04;
        }
        rdata.extend(signature);
        Rr::new(presented_owner, RRSIG, rdata)
    }

    /// `rdatas` as an RRset (`presented_owner`, `rtype`) with an RRSIG by this zone's key (signer
    /// the apex) made over the same RRset at `signed_owner`: see [`Zone::rrsig_over`]. Any
    /// type can be made to look wildcard-expanded this way, NSEC and NSEC3 included.
    pub fn sign(
        &self,
        presented_owner: &str,
        signed_owner: &str,
        rtype: u16,
        rdatas: &[Vec<u8>],
        labels: Option<u8>,
    ) -> Vec<Rr> {
        let mut out: Vec<Rr> = rdatas
            .iter()
            .map(|r| Rr::new(presented_owner, rtype, r.clone()))
            .collect();
        out.push(self.rrsig_over(presented_owner, signed_owner, rtype, rdatas, labels));
        out
    }

    /// `rdatas` as the RRset (`owner`, `rtype`) with an RRSIG by this zone's key valid from
    /// `inception` to `expiration` (`window`): see [`Zone::rrsig_over_window`].
    pub fn sign_window(
        &self,
        owner: &str,
        rtype: u16,
        rdatas: &[Vec<u8>],
        window: (u32, u32),
    ) -> Vec<Rr> {
        let mut out: Vec<Rr> = rdatas
            .iter()
            .map(|r| Rr::new(owner, rtype, r.clone()))
            .collect();
        out.push(self.rrsig_over_window(owner, owner, rtype, rdatas, None, window));
        out
    }

    /// The RRset (`owner`, `rtype`) of the zone answered at `qname` (different for wildcards),
    /// signed unless it is a delegation's NS set or the zone is unsigned.
    pub fn rrset(&self, qname: &str, owner: &str, rtype: u16) -> Vec<Rr> {
        let rdatas = &self.rrsets[&(owner.to_string(), rtype)];
        let mut out: Vec<Rr> = rdatas
            .iter()
            .map(|r| Rr::new(qname, rtype, r.clone()))
            .collect();
        let unsigned_delegation = rtype == NS && self.is_cut(owner);
        if self.is_signed() && !unsigned_delegation {
            out.push(self.rrsig_over(qname, owner, rtype, rdatas, None));
        }
        out
    }

    /// The signed SOA RRset (unsigned in an unsigned zone).
    pub fn soa_rrset(&self) -> Vec<Rr> {
        self.rrset(&self.apex, &self.apex, SOA)
    }

    /// The SOA record alone, without its RRSIG.
    pub fn soa_record(&self) -> Rr {
        Rr::new(&self.apex, SOA, soa(&self.apex))
    }

    /// The signed DNSKEY RRset.
    pub fn dnskey_rrset(&self) -> Vec<Rr> {
        self.rrset(&self.apex, &self.apex, DNSKEY)
    }

    // --- NSEC (RFC 4034 §4, RFC 4035 §2.3) ---------------------------------------------------

    /// The owners of the NSEC chain in canonical order: every name with records (empty
    /// non-terminals have no NSEC).
    pub fn nsec_chain(&self) -> Vec<String> {
        let mut owners: Vec<String> = self
            .rrsets
            .keys()
            .map(|(owner, _)| owner.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        owners.sort_by(|a, b| canonical_cmp(a, b));
        owners
    }

    /// The NSEC record at position `i` of the chain, with its RRSIG: the next owner (the last
    /// wraps to the apex) and the types there plus RRSIG and NSEC (at a delegation: NS, DS if
    /// any, RRSIG, NSEC).
    pub fn nsec_record(&self, i: usize) -> Vec<Rr> {
        if !self.is_signed() {
            return Vec::new();
        }
        let chain = self.nsec_chain();
        let owner = &chain[i];
        let next = &chain[(i + 1) % chain.len()];
        let mut types = self.types_at(owner);
        types.extend([RRSIG, NSEC]);
        let types: Vec<u16> = types.into_iter().collect();
        self.sign(owner, owner, NSEC, &[nsec_rdata(next, &types)], None)
    }

    /// The NSEC record owned by `name` (which must have records).
    pub fn nsec_matching(&self, name: &str) -> Vec<Rr> {
        let i = self
            .nsec_chain()
            .iter()
            .position(|n| n == name)
            .expect("the name has an NSEC");
        self.nsec_record(i)
    }

    /// The NSEC record whose interval holds `name` (owner < name < next, wrapping at the end).
    pub fn nsec_covering(&self, name: &str) -> Vec<Rr> {
        let chain = self.nsec_chain();
        let i = chain
            .iter()
            .rposition(|owner| canonical_cmp(owner, name) == Ordering::Less)
            .unwrap_or(chain.len() - 1);
        self.nsec_record(i)
    }

    // --- NSEC3 (RFC 5155 §7.1) ----------------------------------------------------------------

    /// The zone's own NSEC3 parameters.
    pub fn nsec3_params(&self) -> Nsec3Params {
        match &self.denial {
            Denial::Nsec3(params) => params.clone(),
            Denial::Nsec => panic!("{} is an NSEC zone", self.apex),
        }
    }

    /// The owner name of the NSEC3 record for the hash `hash`.
    pub fn hash_owner(&self, hash: &[u8]) -> String {
        join(&base32hex(hash), &self.apex)
    }

    /// The owner name of the NSEC3 record that would match `name` in the zone's own chain.
    pub fn nsec3_owner(&self, name: &str) -> String {
        self.hash_owner(&nsec3_hash(&self.nsec3_params(), name))
    }

    /// The names of an NSEC3 chain: all of them, except with opt-out the insecure delegations
    /// (and the empty non-terminals only they make).
    fn nsec3_names(&self, params: &Nsec3Params) -> BTreeSet<String> {
        self.names_from(
            self.rrsets
                .keys()
                .map(|(owner, _)| owner)
                .filter(|owner| !(params.opt_out && self.is_insecure_cut(owner))),
        )
    }

    fn in_nsec3_chain(&self, name: &str) -> bool {
        self.nsec3_names(&self.nsec3_params()).contains(name)
    }

    /// An NSEC3 chain with `params`: (hash, name), sorted by hash.
    pub fn nsec3_chain_with(&self, params: &Nsec3Params) -> Vec<(Vec<u8>, String)> {
        let mut chain: Vec<(Vec<u8>, String)> = self
            .nsec3_names(params)
            .into_iter()
            .map(|n| (nsec3_hash(params, &n), n))
            .collect();
        chain.sort();
        chain
    }

    /// The NSEC3 record at position `i` of the chain with `params`, with its RRSIG (nothing
    /// when the zone is not signed). Types: those at the name, plus RRSIG unless it is an
    /// empty non-terminal or an insecure delegation (RFC 5155 §7.1).
    pub fn nsec3_record_with(&self, params: &Nsec3Params, i: usize) -> Vec<Rr> {
        if !self.is_signed() {
            return Vec::new();
        }
        let chain = self.nsec3_chain_with(params);
        let (hash, name) = &chain[i];
        let next = &chain[(i + 1) % chain.len()].0;
        let mut types = self.types_at(name);
        if !types.is_empty() && !self.is_insecure_cut(name) {
            types.insert(RRSIG);
        }
        let types: Vec<u16> = types.into_iter().collect();
        let owner = self.hash_owner(hash);
        self.sign(
            &owner,
            &owner,
            NSEC3,
            &[nsec3_rdata(params, next, &types)],
            None,
        )
    }

    /// The NSEC3 record (chain with `params`) whose owner is the hash of `name`.
    pub fn nsec3_matching_with(&self, params: &Nsec3Params, name: &str) -> Vec<Rr> {
        let hash = nsec3_hash(params, name);
        let i = self
            .nsec3_chain_with(params)
            .iter()
            .position(|(h, _)| *h == hash)
            .expect("the name is in the NSEC3 chain");
        self.nsec3_record_with(params, i)
    }

    /// The NSEC3 record (chain with `params`) whose interval holds the hash of `name`
    /// (RFC 5155 §3.1.7).
    pub fn nsec3_covering_with(&self, params: &Nsec3Params, name: &str) -> Vec<Rr> {
        let hash = nsec3_hash(params, name);
        let chain = self.nsec3_chain_with(params);
        let i = chain
            .iter()
            .rposition(|(h, _)| *h < hash)
            .unwrap_or(chain.len() - 1);
        self.nsec3_record_with(params, i)
    }

    /// [`Zone::nsec3_matching_with`] in the zone's own chain.
    pub fn nsec3_matching(&self, name: &str) -> Vec<Rr> {
        self.nsec3_matching_with(&self.nsec3_params(), name)
    }

    /// [`Zone::nsec3_covering_with`] in the zone's own chain.
    pub fn nsec3_covering(&self, name: &str) -> Vec<Rr> {
        self.nsec3_covering_with(&self.nsec3_params(), name)
    }

    /// The closest (provable) encloser proof for `name` (RFC 5155 §7.2.1): the NSEC3 matching
    /// the closest ancestor in the chain, and the one covering the next closer name. Returns
    /// the encloser too.
    pub fn nsec3_encloser_proof(&self, name: &str) -> (String, Vec<Rr>) {
        let mut next_closer = name.to_string();
        let mut encloser = parent(name);
        while !self.in_nsec3_chain(&encloser) {
            next_closer = encloser.clone();
            encloser = parent(&encloser);
        }
        let mut proof = self.nsec3_matching(&encloser);
        proof.extend(self.nsec3_covering(&next_closer));
        (encloser, proof)
    }

    // --- The denial a resolver hands over (RFC 4035 Appendix B, RFC 5155 §7.2) ---------------

    /// NODATA for a name that exists (RFC 4035 §3.1.3.1 and §3.1.3.2; RFC 5155 §7.2.3, §7.2.4).
    fn nodata_proof(&self, qname: &str) -> Vec<Rr> {
        match &self.denial {
            Denial::Nsec if self.nsec_chain().iter().any(|n| n == qname) => {
                self.nsec_matching(qname)
            }
            // An empty non-terminal: the NSEC before it, whose next name is below it.
            Denial::Nsec => self.nsec_covering(qname),
            Denial::Nsec3(_) if self.in_nsec3_chain(qname) => self.nsec3_matching(qname),
            // Opt-out: an insecure delegation left out of the chain.
            Denial::Nsec3(_) => dedup(self.nsec3_encloser_proof(qname).1),
        }
    }

    /// NXDOMAIN (RFC 4035 §3.1.3.2, RFC 5155 §7.2.2).
    fn nxdomain_proof(&self, qname: &str, wildcard: &str) -> Vec<Rr> {
        let mut proof = match &self.denial {
            Denial::Nsec => {
                let mut proof = self.nsec_covering(qname);
                proof.extend(self.nsec_covering(wildcard));
                proof
            }
            Denial::Nsec3(_) => {
                let (encloser, mut proof) = self.nsec3_encloser_proof(qname);
                proof.extend(self.nsec3_covering(&join("*", &encloser)));
                proof
            }
        };
        proof = dedup(proof);
        proof
    }

    /// A wildcard answer: no closer match (RFC 4035 §3.1.3.3, RFC 5155 §7.2.6).
    fn wildcard_answer_proof(&self, qname: &str, next_closer: &str) -> Vec<Rr> {
        match &self.denial {
            Denial::Nsec => self.nsec_covering(qname),
            Denial::Nsec3(_) => self.nsec3_covering(next_closer),
        }
    }

    /// Wildcard NODATA (RFC 4035 §3.1.3.4, RFC 5155 §7.2.5).
    fn wildcard_nodata_proof(
        &self,
        qname: &str,
        encloser: &str,
        next_closer: &str,
        wildcard: &str,
    ) -> Vec<Rr> {
        let proof = match &self.denial {
            Denial::Nsec => {
                let mut proof = self.nsec_covering(qname);
                proof.extend(self.nsec_matching(wildcard));
                proof
            }
            Denial::Nsec3(_) => {
                let mut proof = self.nsec3_matching(encloser);
                proof.extend(self.nsec3_covering(next_closer));
                proof.extend(self.nsec3_matching(wildcard));
                proof
            }
        };
        dedup(proof)
    }
}

/// The sections of a response.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    pub rcode: u8,
    pub answer: Vec<Rr>,
    pub authority: Vec<Rr>,
}

pub struct World {
    zones: Vec<Zone>,
    cache: RefCell<HashMap<(String, u16), Vec<u8>>>,
}

impl World {
    /// The world of the module documentation, `big.` signed with `big_iterations`.
    pub fn standard(big_iterations: u16) -> World {
        let mut root = Zone::new(".", Some(1), 0);
        let mut example = Zone::new("example.", Some(2), 0);
        example.add("www.example.", A, a("192.0.2.1"));
        example.add("alias.example.", CNAME, wire_name("www.example."));
        example.add("*.wild.example.", A, a("192.0.2.7"));
        example.add("txt.example.", TXT, txt("hello"));
        example.add("a.b.example.", A, a("192.0.2.2"));
        example.add("far.example.", CNAME, wire_name("www.unsigned."));
        let mut unsigned = Zone::new("unsigned.", None, 0);
        unsigned.add("www.unsigned.", A, a("192.0.2.3"));
        let mut big = Zone::new("big.", Some(3), big_iterations);
        big.add("www.big.", A, a("192.0.2.4"));
        let mut badsig = Zone::new("badsig.", Some(4), 0);
        badsig.add("www.badsig.", A, a("192.0.2.5"));
        badsig.damage = Damage::BadSignatureOnWww;
        for child in [&example, &unsigned, &big, &badsig] {
            root.delegate(child);
        }
        World {
            zones: vec![root, example, unsigned, big, badsig],
            cache: RefCell::default(),
        }
    }

    /// A world of `zones`, the first being the root (its trust anchor is the world's). Every
    /// other zone is delegated from the deepest zone above it (NS, and DS when it is signed),
    /// unless that zone already holds NS for it.
    pub fn new(mut zones: Vec<Zone>) -> World {
        assert_eq!(zones[0].apex, ".", "the first zone is the root");
        for i in 1..zones.len() {
            let child = zones[i].apex.clone();
            let parent = (0..zones.len())
                .filter(|&j| {
                    j != i && zones[j].apex != child && at_or_below(&child, &zones[j].apex)
                })
                .max_by_key(|&j| label_count(&zones[j].apex))
                .expect("the root is above every zone");
            if !zones[parent].rrsets.contains_key(&(child.clone(), NS)) {
                let ds = zones[i].is_signed().then(|| zones[i].ds_rdata());
                zones[parent].delegate_to(&child, ds);
            }
        }
        World {
            zones,
            cache: RefCell::default(),
        }
    }

    /// The zone with this apex.
    pub fn zone(&self, apex: &str) -> &Zone {
        self.zones
            .iter()
            .find(|z| z.apex == apex)
            .unwrap_or_else(|| panic!("no zone {apex}"))
    }

    /// The trust anchor: the root key's DS in zone-file syntax.
    pub fn anchor(&self) -> String {
        let root = &self.zones[0];
        let ds = root.ds_rdata();
        let digest: String = ds[4..].iter().map(|b| format!("{b:02X}")).collect();
        format!(". IN DS {} {ED25519} 2 {digest}\n", root.key_tag())
    }

    /// The zone that answers `qname`/`qtype`: the deepest one holding the name, except that
    /// DS at a zone's apex comes from the parent (RFC 4035 §3.1.4.1).
    fn zone_for(&self, qname: &str, qtype: u16) -> &Zone {
        let mut holding: Vec<&Zone> = self
            .zones
            .iter()
            .filter(|z| at_or_below(qname, &z.apex))
            .collect();
        holding.sort_by_key(|z| label_count(&z.apex));
        let deepest = holding.pop().expect("the root holds every name");
        if qtype == DS && qname == deepest.apex && qname != "." {
            holding.pop().expect("a parent")
        } else {
            deepest
        }
    }

    /// The sections the resolver answers `qname`/`qtype` with (lowercase, trailing dot).
    pub fn answer(&self, qname: &str, qtype: u16) -> Answer {
        self.resolve(&qname.to_ascii_lowercase(), qtype, 0)
    }

    fn resolve(&self, qname: &str, qtype: u16, depth: usize) -> Answer {
        let zone = self.zone_for(qname, qtype);
        let negative = |rcode: u8, mut denial: Vec<Rr>| {
            let mut authority = zone.soa_rrset();
            if zone.is_signed() {
                authority.append(&mut denial);
            }
            Answer {
                rcode,
                answer: Vec::new(),
                authority,
            }
        };
        if zone.exists(qname) {
            let types = zone.types_at(qname);
            if types.contains(&qtype) {
                return Answer {
                    rcode: NOERROR,
                    answer: zone.rrset(qname, qname, qtype),
                    authority: Vec::new(),
                };
            }
            if types.contains(&CNAME) && qtype != CNAME {
                let mut answer = zone.rrset(qname, qname, CNAME);
                let target = &zone.rrsets[&(qname.to_string(), CNAME)][0];
                let target = wire_to_text(target);
                if depth < 8 {
                    let mut rest = self.resolve(&target, qtype, depth + 1);
                    answer.append(&mut rest.answer);
                    return Answer {
                        rcode: rest.rcode,
                        answer,
                        authority: rest.authority,
                    };
                }
                return Answer {
                    rcode: NOERROR,
                    answer,
                    authority: Vec::new(),
                };
            }
            if !zone.is_signed() {
                return negative(NOERROR, Vec::new());
            }
            return negative(NOERROR, zone.nodata_proof(qname));
        }
        // The closest encloser, the next closer name and the wildcard (RFC 5155 §7.2.1).
        let mut next_closer = qname.to_string();
        let mut encloser = parent(qname);
        while !zone.exists(&encloser) {
            next_closer = encloser.clone();
            encloser = parent(&encloser);
        }
        let wildcard = join("*", &encloser);
        let signed = zone.is_signed();
        if zone.exists(&wildcard) {
            if zone.types_at(&wildcard).contains(&qtype) {
                return Answer {
                    rcode: NOERROR,
                    answer: zone.rrset(qname, &wildcard, qtype),
                    authority: if signed {
                        zone.wildcard_answer_proof(qname, &next_closer)
                    } else {
                        Vec::new()
                    },
                };
            }
            let denial = if signed {
                zone.wildcard_nodata_proof(qname, &encloser, &next_closer, &wildcard)
            } else {
                Vec::new()
            };
            return negative(NOERROR, denial);
        }
        let denial = if signed {
            zone.nxdomain_proof(qname, &wildcard)
        } else {
            Vec::new()
        };
        negative(NXDOMAIN, denial)
    }

    /// The DNS response message for a question, as the resolver would send it.
    pub fn respond(&self, qname: &str, qtype: u16) -> Vec<u8> {
        let key = (qname.to_ascii_lowercase(), qtype);
        if let Some(cached) = self.cache.borrow().get(&key) {
            return cached.clone();
        }
        let answer = self.resolve(&key.0, qtype, 0);
        let msg = message_of(qname, qtype, &answer);
        self.cache.borrow_mut().insert(key, msg.clone());
        msg
    }
}

/// A DNS response message (RFC 1035 §4.1) as the simulated resolver sends it: ID 0, QR RD RA
/// set, AD clear, `rcode`, the question, the sections, and an OPT record with DO=1.
pub fn message(qname: &str, qtype: u16, rcode: u8, answer: &[Rr], authority: &[Rr]) -> Vec<u8> {
    let mut msg = vec![0, 0, 0x81, 0x90 | rcode, 0, 1];
    msg.extend((answer.len() as u16).to_be_bytes());
    msg.extend((authority.len() as u16).to_be_bytes());
    msg.extend(1u16.to_be_bytes());
    msg.extend(wire_name(qname));
    msg.extend(qtype.to_be_bytes());
    msg.extend(1u16.to_be_bytes());
    for rr in answer.iter().chain(authority) {
        msg.extend(wire_name(&rr.owner));
        msg.extend(rr.rtype.to_be_bytes());
        msg.extend(1u16.to_be_bytes());
        msg.extend(rr.ttl.to_be_bytes());
        msg.extend((rr.rdata.len() as u16).to_be_bytes());
        msg.extend(&rr.rdata);
    }
    // OPT: 1232-byte buffer, DO=1 (RFC 6891, RFC 3225).
    msg.extend([0, 0, 41, 0x04, 0xd0, 0, 0, 0x80, 0, 0, 0]);
    msg
}

/// [`message`] from an [`Answer`].
pub fn message_of(qname: &str, qtype: u16, answer: &Answer) -> Vec<u8> {
    message(
        qname,
        qtype,
        answer.rcode,
        &answer.answer,
        &answer.authority,
    )
}

/// A SERVFAIL response to the question, with no records: what a resolver passes on when the
/// zone's servers fail.
pub fn servfail(qname: &str, qtype: u16) -> Vec<u8> {
    message(qname, qtype, SERVFAIL, &[], &[])
}

fn dedup(records: Vec<Rr>) -> Vec<Rr> {
    let mut out: Vec<Rr> = Vec::new();
    for rr in records {
        if !out
            .iter()
            .any(|o| o.owner == rr.owner && o.rtype == rr.rtype && o.rdata == rr.rdata)
        {
            out.push(rr);
        }
    }
    out
}

fn wire_to_text(wire: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while wire[i] != 0 {
        let len = usize::from(wire[i]);
        out.push_str(std::str::from_utf8(&wire[i + 1..i + 1 + len]).unwrap());
        out.push('.');
        i += 1 + len;
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

/// The question of a DNS query message: name (lowercase, trailing dot) and type. `None` when
/// the message is not a query we built.
pub fn question_of(query: &[u8]) -> Option<(String, u16)> {
    let mut i = 12;
    let mut name = String::new();
    loop {
        let len = usize::from(*query.get(i)?);
        i += 1;
        if len == 0 {
            break;
        }
        name.push_str(&String::from_utf8_lossy(query.get(i..i + len)?).to_ascii_lowercase());
        name.push('.');
        i += len;
    }
    if name.is_empty() {
        name.push('.');
    }
    let qtype = u16::from_be_bytes([*query.get(i)?, *query.get(i + 1)?]);
    Some((name, qtype))
}

/// A DoH "resolver" in memory: answers from the world, and lets the test rewrite each response
/// before the checker sees it. The callback gets the resolver URL, the question's name
/// (lowercase, trailing dot) and type, and the response.
pub struct WorldTransport<'a, F: Fn(&str, &str, u16, &mut HttpResponse)> {
    pub world: &'a World,
    pub tamper: F,
    pub requests: RefCell<usize>,
}

impl<'a, F: Fn(&str, &str, u16, &mut HttpResponse)> WorldTransport<'a, F> {
    pub fn new(world: &'a World, tamper: F) -> Self {
        WorldTransport {
            world,
            tamper,
            requests: RefCell::new(0),
        }
    }
}

impl<F: Fn(&str, &str, u16, &mut HttpResponse)> HttpTransport for WorldTransport<'_, F> {
    fn send(
        &self,
        request: HttpRequest,
        _timeout_ms: u32,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        *self.requests.borrow_mut() += 1;
        let (qname, qtype) = question_of(&request.body).expect("a POST query we built");
        let mut response = HttpResponse {
            status: 200,
            content_type: "application/dns-message".to_string(),
            body: self.world.respond(&qname, qtype),
        };
        (self.tamper)(&request.url, &qname, qtype, &mut response);
        ready(Ok(response))
    }
}

/// The resolver URL of [`check_with`].
pub const RESOLVER: &str = "https://resolver.test/dns-query";

/// The lookups of [`World::standard`]: every scenario kind, secure and not.
pub const LOOKUPS: &[(&str, &str)] = &[
    ("www.example", "A"),
    ("nope.example", "A"),
    ("www.example", "TXT"),
    ("b.example", "A"),
    ("alias.example", "A"),
    ("foo.wild.example", "A"),
    ("foo.wild.example", "TXT"),
    ("www.unsigned", "A"),
    ("far.example", "A"),
    ("nope.big", "A"),
    ("www.big", "A"),
    ("www.badsig", "A"),
];

/// The options of a check of `world` for `types`: its anchor, its time ([`NOW`]), POST to
/// [`RESOLVER`].
pub fn world_options(world: &World, types: &[&str]) -> CheckOptions {
    CheckOptions {
        resolvers: vec![RESOLVER.to_string()],
        trust_anchor: Some(world.anchor()),
        now: Some(NOW),
        types: types.iter().map(|t| t.to_string()).collect(),
        method: Some(HttpMethod::Post),
        ..Default::default()
    }
}

/// Runs the whole checker (input parsing, the engine, DoH reading, the report) over the world
/// for `names` and `types` with these resolvers (tried in order), with `tamper` applied to
/// every response: `tamper(resolver_url, qname, qtype, response)`.
pub fn check_with_resolvers<F: Fn(&str, &str, u16, &mut HttpResponse)>(
    world: &World,
    resolvers: &[&str],
    names: &[&str],
    types: &[&str],
    tamper: F,
) -> CheckDocument {
    let options = CheckOptions {
        resolvers: resolvers.iter().map(|r| r.to_string()).collect(),
        ..world_options(world, types)
    };
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let prepared = check::prepare(&names, &options).expect("valid test input");
    let transport = WorldTransport::new(world, tamper);
    futures_executor::block_on(check::run(&transport, prepared, 0))
}

/// Runs the whole checker over the world for `names` and `types` through one resolver, with
/// `tamper(qname, qtype, response)` applied to every response.
pub fn check_with<F: Fn(&str, u16, &mut HttpResponse)>(
    world: &World,
    names: &[&str],
    types: &[&str],
    tamper: F,
) -> CheckDocument {
    check_with_resolvers(
        world,
        &[RESOLVER],
        names,
        types,
        |_, qname, qtype, response| tamper(qname, qtype, response),
    )
}

/// [`check_with`] without tampering.
pub fn check(world: &World, name: &str, rtype: &str) -> CheckDocument {
    check_with(world, &[name], &[rtype], |_, _, _| {})
}

/// [`check`] as one check of a run whose checks share `cache` (the CLI's `--input`, the page's
/// list): cached answers are not asked again, and only each name's ancestors are prefetched.
pub fn check_cached(
    world: &World,
    name: &str,
    rtype: &str,
    cache: &dnssec_health::check::AnswerCache,
) -> CheckDocument {
    let options = world_options(world, &[rtype]);
    let prepared = check::prepare(&[name.to_string()], &options).expect("valid test input");
    let transport = WorldTransport::new(world, |_, _, _, _| {});
    futures_executor::block_on(check::run_cached(&transport, prepared, 0, cache))
}
