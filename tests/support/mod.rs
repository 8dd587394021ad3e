//! A synthetic DNSSEC world for tests that need signed answers without the BIND lab: a few
//! zones signed at test time with Ed25519 keys from fixed seeds (so every run builds the same
//! bytes), NSEC3 denial, and a resolver that answers like a non-validating recursive resolver
//! queried with CD=1 (it follows CNAMEs and hands over whatever the zones hold).
//!
//! The signer is written here independently of the validator (its own canonical form, key tag,
//! DS digest and NSEC3 hashing, RFC 4034 §3.1.8.1, §6, Appendix B, §5.1.4; RFC 5155 §5), so a
//! bug in the validator's versions cannot cancel out. Names are kept lowercase and
//! uncompressed, which is already canonical.
//!
//! The world (`World::standard`), under a root anchored by DS:
//!
//! | zone | | names |
//! |---|---|---|
//! | `example.` | signed, NSEC3 0 iterations | `www` A, `alias` CNAME `www`, `*.wild` A, `txt` TXT, `a.b` A (`b` is an empty non-terminal), `far` CNAME `www.unsigned.` |
//! | `unsigned.` | no DS, not signed | `www` A |
//! | `big.` | signed, NSEC3 with `big_iterations` | `www` A |
//! | `badsig.` | signed, the RRSIG over `www` A corrupted | `www` A |
#![allow(dead_code)] // Each test binary uses its own subset.

use std::cell::RefCell;
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
pub const DNSKEY: u16 = 48;
pub const NSEC3: u16 = 50;

const TTL: u32 = 300;
const ED25519: u8 = 15;

/// `a.b.` as uncompressed wire labels (RFC 1035 §3.1), lowercased.
pub fn wire_name(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name.split('.').filter(|l| !l.is_empty()) {
        out.push(label.len() as u8);
        out.extend(label.to_ascii_lowercase().bytes());
    }
    out.push(0);
    out
}

fn label_count(name: &str) -> usize {
    name.split('.').filter(|l| !l.is_empty()).count()
}

/// `name` is `ancestor` or below it.
fn at_or_below(name: &str, ancestor: &str) -> bool {
    ancestor == "." || name == ancestor || name.ends_with(&format!(".{ancestor}"))
}

fn parent(name: &str) -> String {
    match name.split_once('.') {
        Some((_, rest)) if !rest.is_empty() => rest.to_string(),
        _ => ".".to_string(),
    }
}

fn join(label: &str, name: &str) -> String {
    if name == "." {
        format!("{label}.")
    } else {
        format!("{label}.{name}")
    }
}

pub fn a(text: &str) -> Vec<u8> {
    text.split('.').map(|o| o.parse::<u8>().unwrap()).collect()
}

fn txt(text: &str) -> Vec<u8> {
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
fn key_tag(rdata: &[u8]) -> u16 {
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

fn base32hex(bytes: &[u8]) -> String {
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
fn type_bitmap(types: &BTreeSet<u16>) -> Vec<u8> {
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

/// One resource record: owner, type, TTL, RDATA.
#[derive(Clone, Debug)]
struct Rr {
    owner: String,
    rtype: u16,
    ttl: u32,
    rdata: Vec<u8>,
}

/// What damage a zone carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Damage {
    None,
    /// The RRSIG over `www.<zone> A` has one signature byte flipped.
    BadSignatureOnWww,
}

pub struct Zone {
    pub apex: String,
    key: Option<Ed25519KeyPair>,
    dnskey: Vec<u8>,
    nsec3_iterations: u16,
    salt: Vec<u8>,
    damage: Damage,
    /// (owner, type) -> RDATAs. Delegations are NS (and DS) sets at the child's apex name.
    rrsets: BTreeMap<(String, u16), Vec<Vec<u8>>>,
}

impl Zone {
    fn new(apex: &str, seed: Option<u8>, nsec3_iterations: u16) -> Self {
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
            nsec3_iterations,
            salt: if nsec3_iterations > 0 {
                vec![0xca, 0xfe]
            } else {
                Vec::new()
            },
            damage: Damage::None,
            rrsets: BTreeMap::new(),
        };
        zone.add(apex, SOA, soa(apex));
        zone.add(apex, NS, wire_name(&join("ns", apex)));
        if zone.signed() {
            zone.add(apex, DNSKEY, dnskey);
        }
        zone
    }

    fn signed(&self) -> bool {
        self.key.is_some()
    }

    fn add(&mut self, owner: &str, rtype: u16, rdata: Vec<u8>) {
        self.rrsets
            .entry((owner.to_string(), rtype))
            .or_default()
            .push(rdata);
    }

    pub fn key_tag(&self) -> u16 {
        key_tag(&self.dnskey)
    }

    /// The SHA-256 DS RDATA for this zone's key (RFC 4034 §5.1.4, RFC 4509).
    fn ds_rdata(&self) -> Vec<u8> {
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
    fn delegate(&mut self, child: &Zone) {
        self.add(&child.apex, NS, wire_name(&join("ns", &child.apex)));
        if child.signed() {
            self.add(&child.apex, DS, child.ds_rdata());
        }
    }

    /// A cut below the apex: NS at a name other than the apex.
    fn is_cut(&self, name: &str) -> bool {
        name != self.apex && self.rrsets.contains_key(&(name.to_string(), NS))
    }

    /// Every name that exists in the zone: owners and the empty non-terminals above them.
    fn names(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for (owner, _) in self.rrsets.keys() {
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

    /// The RRSIG over (`owner`, `rtype`); `signed_owner` is the wildcard when the RRset was
    /// synthesised from one (RFC 4034 §3.1.3, RFC 4035 §5.3.2).
    fn rrsig(&self, owner: &str, signed_owner: &str, rtype: u16, rdatas: &[Vec<u8>]) -> Rr {
        let key = self.key.as_ref().expect("signed zone");
        let labels = label_count(signed_owner) - usize::from(signed_owner.starts_with("*."));
        let mut rdata = rtype.to_be_bytes().to_vec();
        rdata.extend([ED25519, labels as u8]);
        rdata.extend(TTL.to_be_bytes());
        rdata.extend(EXPIRATION.to_be_bytes());
        rdata.extend(INCEPTION.to_be_bytes());
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
            && owner == join("www", &self.apex)
            && rtype == A
        {
            signature[10] ^= 0x04;
        }
        rdata.extend(signature);
        Rr {
            owner: owner.to_string(),
            rtype: RRSIG,
            ttl: TTL,
            rdata,
        }
    }

    /// The RRset (`owner`, `rtype`) answered at `qname` (different for wildcards), signed
    /// unless it is a delegation's NS set or the zone is unsigned.
    fn rrset(&self, qname: &str, owner: &str, rtype: u16) -> Vec<Rr> {
        let rdatas = &self.rrsets[&(owner.to_string(), rtype)];
        let mut out: Vec<Rr> = rdatas
            .iter()
            .map(|r| Rr {
                owner: qname.to_string(),
                rtype,
                ttl: TTL,
                rdata: r.clone(),
            })
            .collect();
        let unsigned_delegation = rtype == NS && self.is_cut(owner);
        if self.signed() && !unsigned_delegation {
            out.push(self.rrsig(qname, owner, rtype, rdatas));
        }
        out
    }

    fn nsec3_hash(&self, name: &str) -> Vec<u8> {
        let mut digest = sha1(&[&wire_name(name), &self.salt]);
        for _ in 0..self.nsec3_iterations {
            digest = sha1(&[&digest, &self.salt]);
        }
        digest
    }

    /// The NSEC3 chain (RFC 5155 §7.1): every name, sorted by hash, each with its types.
    fn nsec3_chain(&self) -> Vec<(Vec<u8>, String)> {
        let mut chain: Vec<(Vec<u8>, String)> = self
            .names()
            .into_iter()
            .map(|n| (self.nsec3_hash(&n), n))
            .collect();
        chain.sort();
        chain
    }

    /// The NSEC3 record at position `i` of the chain, with its RRSIG (nothing when the zone is
    /// not signed).
    fn nsec3_record(&self, i: usize) -> Vec<Rr> {
        if !self.signed() {
            return Vec::new();
        }
        let chain = self.nsec3_chain();
        let (hash, name) = &chain[i];
        let next = &chain[(i + 1) % chain.len()].0;
        let mut types = self.types_at(name);
        let delegation_without_ds = self.is_cut(name) && !types.contains(&DS);
        if !types.is_empty() && !delegation_without_ds {
            types.insert(RRSIG);
        }
        let mut rdata = vec![1, 0];
        rdata.extend(self.nsec3_iterations.to_be_bytes());
        rdata.push(self.salt.len() as u8);
        rdata.extend(&self.salt);
        rdata.push(next.len() as u8);
        rdata.extend(next);
        rdata.extend(type_bitmap(&types));
        let owner = join(&base32hex(hash), &self.apex);
        let signature = self.rrsig(&owner, &owner, NSEC3, std::slice::from_ref(&rdata));
        vec![
            Rr {
                owner,
                rtype: NSEC3,
                ttl: TTL,
                rdata,
            },
            signature,
        ]
    }

    /// The NSEC3 record whose owner is the hash of `name`.
    fn nsec3_matching(&self, name: &str) -> Vec<Rr> {
        let hash = self.nsec3_hash(name);
        let i = self
            .nsec3_chain()
            .iter()
            .position(|(h, _)| *h == hash)
            .expect("the name exists");
        self.nsec3_record(i)
    }

    /// The NSEC3 record whose interval holds the hash of `name` (RFC 5155 §3.1.7).
    fn nsec3_covering(&self, name: &str) -> Vec<Rr> {
        let hash = self.nsec3_hash(name);
        let chain = self.nsec3_chain();
        let i = chain
            .iter()
            .rposition(|(h, _)| *h < hash)
            .unwrap_or(chain.len() - 1);
        self.nsec3_record(i)
    }

    fn soa_rrset(&self) -> Vec<Rr> {
        self.rrset(&self.apex, &self.apex, SOA)
    }
}

/// The answer of the simulated resolver.
struct Answer {
    rcode: u8,
    answer: Vec<Rr>,
    authority: Vec<Rr>,
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

    fn resolve(&self, qname: &str, qtype: u16, depth: usize) -> Answer {
        let zone = self.zone_for(qname, qtype);
        let negative = |rcode: u8, mut denial: Vec<Rr>| {
            let mut authority = zone.soa_rrset();
            if zone.signed() {
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
                    rcode: 0,
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
                    rcode: 0,
                    answer,
                    authority: Vec::new(),
                };
            }
            return negative(0, zone.nsec3_matching(qname));
        }
        // The closest encloser, the next closer name and the wildcard (RFC 5155 §7.2.1).
        let mut next_closer = qname.to_string();
        let mut encloser = parent(qname);
        while !zone.exists(&encloser) {
            next_closer = encloser.clone();
            encloser = parent(&encloser);
        }
        let wildcard = join("*", &encloser);
        if zone.exists(&wildcard) {
            if zone.types_at(&wildcard).contains(&qtype) {
                return Answer {
                    rcode: 0,
                    answer: zone.rrset(qname, &wildcard, qtype),
                    authority: if zone.signed() {
                        zone.nsec3_covering(&next_closer)
                    } else {
                        Vec::new()
                    },
                };
            }
            let mut denial = zone.nsec3_matching(&encloser);
            denial.extend(zone.nsec3_covering(&next_closer));
            denial.extend(zone.nsec3_matching(&wildcard));
            return negative(0, dedup(denial));
        }
        let mut denial = zone.nsec3_matching(&encloser);
        denial.extend(zone.nsec3_covering(&next_closer));
        denial.extend(zone.nsec3_covering(&wildcard));
        negative(3, dedup(denial))
    }

    /// The DNS response message for a question, as the resolver would send it.
    pub fn respond(&self, qname: &str, qtype: u16) -> Vec<u8> {
        let key = (qname.to_ascii_lowercase(), qtype);
        if let Some(cached) = self.cache.borrow().get(&key) {
            return cached.clone();
        }
        let answer = self.resolve(&key.0, qtype, 0);
        let mut msg = vec![0, 0, 0x81, 0x90 | answer.rcode, 0, 1];
        msg.extend((answer.answer.len() as u16).to_be_bytes());
        msg.extend((answer.authority.len() as u16).to_be_bytes());
        msg.extend(1u16.to_be_bytes());
        msg.extend(wire_name(qname));
        msg.extend(qtype.to_be_bytes());
        msg.extend(1u16.to_be_bytes());
        for rr in answer.answer.iter().chain(&answer.authority) {
            msg.extend(wire_name(&rr.owner));
            msg.extend(rr.rtype.to_be_bytes());
            msg.extend(1u16.to_be_bytes());
            msg.extend(rr.ttl.to_be_bytes());
            msg.extend((rr.rdata.len() as u16).to_be_bytes());
            msg.extend(&rr.rdata);
        }
        // OPT: 1232-byte buffer, DO=1 (RFC 6891, RFC 3225).
        msg.extend([0, 0, 41, 0x04, 0xd0, 0, 0, 0x80, 0, 0, 0]);
        self.cache.borrow_mut().insert(key, msg.clone());
        msg
    }
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
/// before the checker sees it.
pub struct WorldTransport<'a, F: Fn(&str, u16, &mut HttpResponse)> {
    pub world: &'a World,
    pub tamper: F,
    pub requests: RefCell<usize>,
}

impl<'a, F: Fn(&str, u16, &mut HttpResponse)> WorldTransport<'a, F> {
    pub fn new(world: &'a World, tamper: F) -> Self {
        WorldTransport {
            world,
            tamper,
            requests: RefCell::new(0),
        }
    }
}

impl<F: Fn(&str, u16, &mut HttpResponse)> HttpTransport for WorldTransport<'_, F> {
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
        (self.tamper)(&qname, qtype, &mut response);
        ready(Ok(response))
    }
}

/// Runs the whole checker (input parsing, the engine, DoH reading, the report) over the world
/// for `names` and `types`, with `tamper` applied to every response.
pub fn check_with<F: Fn(&str, u16, &mut HttpResponse)>(
    world: &World,
    names: &[&str],
    types: &[&str],
    tamper: F,
) -> CheckDocument {
    let options = CheckOptions {
        resolvers: vec!["https://resolver.test/dns-query".to_string()],
        trust_anchor: Some(world.anchor()),
        now: Some(NOW),
        types: types.iter().map(|t| t.to_string()).collect(),
        timeout_ms: None,
        method: Some(HttpMethod::Post),
    };
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let prepared = check::prepare(&names, &options).expect("valid test input");
    let transport = WorldTransport::new(world, tamper);
    futures_executor::block_on(check::run(&transport, prepared, 0))
}

/// [`check_with`] without tampering.
pub fn check(world: &World, name: &str, rtype: &str) -> CheckDocument {
    check_with(world, &[name], &[rtype], |_, _, _| {})
}
