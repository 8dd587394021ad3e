//! Just enough DNS for a hostile resolver: names, messages (read with compression, written
//! with owner names compressed), Ed25519 signing with the synthetic world's seeds, DNSKEYs
//! with a chosen key tag, and a reproducible generator. Written here rather than taken from
//! `tests/signed_world`, so the attacks can build what an honest signer never would.

use ring::signature::{Ed25519KeyPair, KeyPair};

use crate::signed_world::{key_tag, EXPIRATION, INCEPTION};

pub const A: u16 = 1;
pub const CNAME: u16 = 5;
pub const SOA: u16 = 6;
pub const DNAME: u16 = 39;
pub const OPT: u16 = 41;
pub const RRSIG: u16 = 46;
pub const DNSKEY: u16 = 48;
pub const NSEC3: u16 = 50;
pub const CAA: u16 = 257;

pub const NOERROR: u16 = 0;
pub const NXDOMAIN: u16 = 3;
/// RFC 6672 §2.2: the name a DNAME substitution would produce is too long.
pub const YXDOMAIN: u16 = 6;

/// Ed25519 (RFC 8080).
pub const ED25519: u8 = 15;
pub const TTL: u32 = 300;
/// The largest DNS message (and DoH body).
pub const MAX_MESSAGE: usize = 65_535;

/// `a.b.` (lowercase ASCII, trailing dot) as uncompressed wire labels.
pub fn wire(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name.split('.').filter(|l| !l.is_empty()) {
        out.push(label.len() as u8);
        out.extend(label.to_ascii_lowercase().bytes());
    }
    out.push(0);
    out
}

/// The labels of a name, the root not counted.
pub fn label_count(name: &str) -> usize {
    name.split('.').filter(|l| !l.is_empty()).count()
}

/// `name` is strictly below `apex`.
pub fn is_below(name: &str, apex: &str) -> bool {
    name != apex && (apex == "." || name.ends_with(&format!(".{apex}")))
}

/// One resource record; the owner as uncompressed wire labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rec {
    pub owner: Vec<u8>,
    pub rtype: u16,
    pub class: u16,
    pub ttl: u32,
    pub rdata: Vec<u8>,
}

impl Rec {
    pub fn new(owner: &str, rtype: u16, rdata: Vec<u8>) -> Rec {
        Rec {
            owner: wire(owner),
            rtype,
            class: 1,
            ttl: TTL,
            rdata,
        }
    }

    /// For an RRSIG, the type it covers.
    pub fn covered(&self) -> Option<u16> {
        (self.rtype == RRSIG && self.rdata.len() >= 2)
            .then(|| u16::from_be_bytes([self.rdata[0], self.rdata[1]]))
    }
}

/// A DNS response.
#[derive(Clone, Debug)]
pub struct Msg {
    pub id: u16,
    /// The header's second and third octets (QR, opcode, AA, TC, RD, RA, AD, CD, RCODE).
    pub flags: u16,
    pub qname: Vec<u8>,
    pub qtype: u16,
    pub answer: Vec<Rec>,
    pub authority: Vec<Rec>,
    pub additional: Vec<Rec>,
}

/// The OPT record of a response: a 1232-byte buffer, DO=1.
fn opt() -> Rec {
    Rec {
        owner: vec![0],
        rtype: OPT,
        class: 1232,
        ttl: 0x8000,
        rdata: Vec::new(),
    }
}

impl Msg {
    /// An empty response as a recursive resolver queried with CD=1 sends it: ID 0, QR RD RA
    /// CD, the question, an OPT record.
    pub fn response(qname: &str, qtype: u16, rcode: u16) -> Msg {
        Msg {
            id: 0,
            flags: 0x8190 | rcode,
            qname: wire(qname),
            qtype,
            answer: Vec::new(),
            authority: Vec::new(),
            additional: vec![opt()],
        }
    }

    pub fn set_rcode(&mut self, rcode: u16) {
        self.flags = (self.flags & !0xf) | rcode;
    }

    /// Reads a message (compression pointers followed); `None` if it is not one.
    pub fn parse(bytes: &[u8]) -> Option<Msg> {
        let u16_at = |i: usize| Some(u16::from_be_bytes([*bytes.get(i)?, *bytes.get(i + 1)?]));
        let counts = [u16_at(4)?, u16_at(6)?, u16_at(8)?, u16_at(10)?];
        if counts[0] != 1 {
            return None;
        }
        let mut at = 12;
        let qname = read_name(bytes, &mut at)?;
        let qtype = u16_at(at)?;
        at += 4;
        let mut sections = [Vec::new(), Vec::new(), Vec::new()];
        for (section, &count) in sections.iter_mut().zip(&counts[1..]) {
            for _ in 0..count {
                let owner = read_name(bytes, &mut at)?;
                let rtype = u16_at(at)?;
                let class = u16_at(at + 2)?;
                let ttl = u32::from(u16_at(at + 4)?) << 16 | u32::from(u16_at(at + 6)?);
                let len = usize::from(u16_at(at + 8)?);
                at += 10;
                let rdata = bytes.get(at..at + len)?.to_vec();
                at += len;
                section.push(Rec {
                    owner,
                    rtype,
                    class,
                    ttl,
                    rdata,
                });
            }
        }
        let [answer, authority, additional] = sections;
        Some(Msg {
            id: u16_at(0)?,
            flags: u16_at(2)?,
            qname,
            qtype,
            answer,
            authority,
            additional,
        })
    }

    /// The message on the wire. Owner names already written in full (the question's
    /// included) are compressed to a pointer (RFC 1035 §4.1.4); RDATA is left as it is.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(MAX_MESSAGE);
        for field in [
            self.id,
            self.flags,
            1,
            self.answer.len() as u16,
            self.authority.len() as u16,
            self.additional.len() as u16,
        ] {
            out.extend(field.to_be_bytes());
        }
        let mut written: Vec<(Vec<u8>, u16)> = vec![(self.qname.clone(), 12)];
        out.extend(&self.qname);
        out.extend(self.qtype.to_be_bytes());
        out.extend(1u16.to_be_bytes());
        for rec in self
            .answer
            .iter()
            .chain(&self.authority)
            .chain(&self.additional)
        {
            match written.iter().find(|(name, _)| *name == rec.owner) {
                Some((_, offset)) if rec.owner.len() > 2 => {
                    out.extend((0xc000 | offset).to_be_bytes())
                }
                _ => {
                    if out.len() < 0x3fff {
                        written.push((rec.owner.clone(), out.len() as u16));
                    }
                    out.extend(&rec.owner);
                }
            }
            out.extend(rec.rtype.to_be_bytes());
            out.extend(rec.class.to_be_bytes());
            out.extend(rec.ttl.to_be_bytes());
            out.extend((rec.rdata.len() as u16).to_be_bytes());
            out.extend(&rec.rdata);
        }
        out
    }
}

/// A name at `*at` (pointers followed, at most 64 of them), as uncompressed wire labels.
fn read_name(bytes: &[u8], at: &mut usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut cursor = *at;
    let mut jumped = false;
    for _ in 0..256 {
        let len = *bytes.get(cursor)?;
        if len & 0xc0 == 0xc0 {
            let target = usize::from(u16::from_be_bytes([len, *bytes.get(cursor + 1)?]) & 0x3fff);
            if !jumped {
                *at = cursor + 2;
                jumped = true;
            }
            cursor = target;
            continue;
        }
        cursor += 1;
        out.push(len);
        if len == 0 {
            if !jumped {
                *at = cursor;
            }
            return Some(out);
        }
        out.extend(bytes.get(cursor..cursor + usize::from(len))?);
        cursor += usize::from(len);
    }
    None
}

/// DNSKEY RDATA for an Ed25519 public key.
pub fn dnskey_rdata(flags: u16, public_key: &[u8]) -> Vec<u8> {
    let mut out = flags.to_be_bytes().to_vec();
    out.extend([3, ED25519]);
    out.extend(public_key);
    out
}

/// A DNSKEY (flags 257, Ed25519) with an Ed25519-sized public key of random bytes whose key
/// tag is `tag`: the last two bytes of the key are chosen to make the sum come out right.
pub fn colliding_dnskey(rng: &mut Rng, tag: u16) -> Vec<u8> {
    loop {
        let mut key = rng.bytes(32);
        key[30] = 0;
        key[31] = 0;
        let base = dnskey_rdata(257, &key);
        // The last two octets of the RDATA add (key[30] << 8 | key[31]) to the 32-bit sum
        // before the carry is folded in: find the addend that folds to `tag`.
        let sum: u32 = base
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                if i % 2 == 0 {
                    u32::from(b) << 8
                } else {
                    u32::from(b)
                }
            })
            .sum();
        for high in [sum >> 16, (sum >> 16) + 1] {
            let low = u32::from(tag.wrapping_sub(high as u16));
            let Some(addend) = ((high << 16) | low).checked_sub(sum) else {
                continue;
            };
            if addend <= 0xffff {
                key[30..].copy_from_slice(&(addend as u16).to_be_bytes());
                let rdata = dnskey_rdata(257, &key);
                if key_tag(&rdata) == tag {
                    return rdata;
                }
            }
        }
    }
}

/// RRSIG RDATA up to the signer's name (RFC 4034 §3.1), valid from the world's inception to
/// its expiration.
fn rrsig_head(covered: u16, labels: u8, tag: u16, signer: &str) -> Vec<u8> {
    let mut rdata = covered.to_be_bytes().to_vec();
    rdata.extend([ED25519, labels]);
    rdata.extend(TTL.to_be_bytes());
    rdata.extend(EXPIRATION.to_be_bytes());
    rdata.extend(INCEPTION.to_be_bytes());
    rdata.extend(tag.to_be_bytes());
    rdata.extend(wire(signer));
    rdata
}

/// An RRSIG that names `tag` and `signer` and is within its validity period, with 64 random
/// bytes for a signature: it costs a validator a verification to find out it is bogus.
pub fn bogus_rrsig(rng: &mut Rng, owner: &str, covered: u16, tag: u16, signer: &str) -> Rec {
    let mut rdata = rrsig_head(covered, label_count(owner) as u8, tag, signer);
    rdata.extend(rng.bytes(64));
    Rec::new(owner, RRSIG, rdata)
}

/// A zone's Ed25519 key from the synthetic world's seed (`World::standard`: the root 1,
/// `example.` 2, `big.` 3, `badsig.` 4), as `tests/signed_world` makes it.
pub struct Signer {
    pub apex: String,
    key: Ed25519KeyPair,
    pub dnskey: Vec<u8>,
    pub tag: u16,
}

impl Signer {
    pub fn new(apex: &str, seed: u8) -> Signer {
        let key = Ed25519KeyPair::from_seed_unchecked(&[seed; 32]).expect("a 32-byte seed");
        let dnskey = dnskey_rdata(257, key.public_key().as_ref());
        Signer {
            apex: apex.to_string(),
            tag: key_tag(&dnskey),
            key,
            dnskey,
        }
    }

    /// The RRSIG over the RRset (`owner`, `rtype`) of `rdatas`, signed by this key (RFC 4034
    /// §3.1.8.1; the RDATA must already be canonical: lowercase, uncompressed names).
    pub fn rrsig(&self, owner: &str, rtype: u16, rdatas: &[Vec<u8>]) -> Rec {
        let mut rdata = rrsig_head(rtype, label_count(owner) as u8, self.tag, &self.apex);
        let mut signed = rdata.clone();
        let mut sorted = rdatas.to_vec();
        sorted.sort();
        sorted.dedup();
        for r in &sorted {
            signed.extend(wire(owner));
            signed.extend(rtype.to_be_bytes());
            signed.extend(1u16.to_be_bytes());
            signed.extend(TTL.to_be_bytes());
            signed.extend((r.len() as u16).to_be_bytes());
            signed.extend(r);
        }
        rdata.extend_from_slice(self.key.sign(&signed).as_ref());
        Rec::new(owner, RRSIG, rdata)
    }

    /// The records of the RRset and their RRSIG.
    pub fn signed(&self, owner: &str, rtype: u16, rdatas: &[Vec<u8>]) -> Vec<Rec> {
        let mut out: Vec<Rec> = rdatas
            .iter()
            .map(|r| Rec::new(owner, rtype, r.clone()))
            .collect();
        out.push(self.rrsig(owner, rtype, rdatas));
        out
    }
}

/// splitmix64: a small generator that gives the same bytes on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }

    /// A fresh-looking DNS label: 12 letters and digits.
    pub fn label(&mut self) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..12)
            .map(|_| ALPHABET[(self.next_u64() % ALPHABET.len() as u64) as usize] as char)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_keys_have_the_tag_asked_for() {
        let mut rng = Rng::new(7);
        for tag in [0, 1, 0x1234, 0xfffe, 0xffff] {
            let key = colliding_dnskey(&mut rng, tag);
            assert_eq!(key_tag(&key), tag);
            assert_eq!(key.len(), 36);
        }
    }

    #[test]
    fn messages_survive_a_round_trip_with_compression() {
        let mut msg = Msg::response("www.example.", A, NOERROR);
        msg.answer
            .push(Rec::new("www.example.", A, vec![192, 0, 2, 1]));
        msg.answer
            .push(Rec::new("www.example.", A, vec![192, 0, 2, 2]));
        msg.authority.push(Rec::new("example.", SOA, vec![0; 22]));
        msg.authority.push(Rec::new("example.", SOA, vec![1; 22]));
        let bytes = msg.encode();
        let back = Msg::parse(&bytes).unwrap();
        assert_eq!(back.answer, msg.answer);
        assert_eq!(back.authority, msg.authority);
        assert_eq!(back.additional, msg.additional);
        assert_eq!(back.qname, wire("www.example."));
        // Both answers and the second SOA point back instead of repeating the owner.
        assert!(bytes.len() < 12 + 17 + 2 * 16 + 2 * 34 + 11 + 10);
    }
}
