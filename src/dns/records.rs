//! Typed views of the DNSSEC record types, read from raw RDATA (RFC 4034 §2–§5, RFC 5155 §3).
//!
//! They are read by hand rather than through hickory-proto so that every field is available
//! exactly as signed, unknown algorithms and digest types stay readable, and hostile RDATA is
//! an error value instead of a panic.

use crate::dns::name::read_uncompressed_name;
use hickory_proto::rr::{Name, RecordType};

use crate::dns::name::name_to_lowercase_wire;

/// Why RDATA could not be read as the expected type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RdataError {
    /// The type the RDATA was read as.
    pub rtype: RecordType,
    /// What is wrong with it.
    pub detail: &'static str,
}

fn err(rtype: RecordType, detail: &'static str) -> RdataError {
    RdataError { rtype, detail }
}

/// RRSIG RDATA (RFC 4034 §3.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rrsig {
    /// The RRSIG Type Covered field (RFC 4034 §3.1.1).
    pub type_covered: RecordType,
    /// The RRSIG Algorithm field, the signing key's algorithm number (RFC 4034 §3.1.2).
    pub algorithm: u8,
    /// The RRSIG Labels field: the owner's label count without a wildcard label (RFC 4034 §3.1.3).
    pub labels: u8,
    /// The RRSIG Original TTL field (RFC 4034 §3.1.4).
    pub original_ttl: u32,
    /// Seconds since the epoch, modulo 2^32 (RFC 4034 §3.1.5).
    pub expiration: u32,
    /// The RRSIG Signature Inception field, like the expiration (RFC 4034 §3.1.5).
    pub inception: u32,
    /// The RRSIG Key Tag field of the signing DNSKEY (RFC 4034 §3.1.6).
    pub key_tag: u16,
    /// The RRSIG Signer's Name field: the zone that signed (RFC 4034 §3.1.7).
    pub signer: Name,
    /// The RRSIG Signature field (RFC 4034 §3.1.8).
    pub signature: Vec<u8>,
    /// The RDATA without the signature and with the signer name lowercased: the first part of
    /// the signed data (RFC 4034 §3.1.8.1).
    pub signed_prefix: Vec<u8>,
}

impl Rrsig {
    /// Reads RRSIG RDATA; the signer name must be uncompressed (RFC 4034 §3.1.7).
    pub fn parse(rdata: &[u8]) -> Result<Self, RdataError> {
        let e = |d| err(RecordType::RRSIG, d);
        if rdata.len() < 19 {
            return Err(e("shorter than the fixed RRSIG fields"));
        }
        let (signer, name_len) =
            read_uncompressed_name(&rdata[18..]).ok_or(e("bad signer name"))?;
        let signature = rdata[18 + name_len..].to_vec();
        if signature.is_empty() {
            return Err(e("empty signature"));
        }
        let mut signed_prefix = rdata[..18].to_vec();
        signed_prefix.extend(name_to_lowercase_wire(&signer));
        let u32_at =
            |i: usize| u32::from_be_bytes([rdata[i], rdata[i + 1], rdata[i + 2], rdata[i + 3]]);
        Ok(Rrsig {
            type_covered: RecordType::from(u16::from_be_bytes([rdata[0], rdata[1]])),
            algorithm: rdata[2],
            labels: rdata[3],
            original_ttl: u32_at(4),
            expiration: u32_at(8),
            inception: u32_at(12),
            key_tag: u16::from_be_bytes([rdata[16], rdata[17]]),
            signer,
            signature,
            signed_prefix,
        })
    }
}

/// DNSKEY RDATA (RFC 4034 §2.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dnskey {
    /// The DNSKEY Flags field (RFC 4034 §2.1.1); see [`FLAG_ZONE_KEY`] and the other bits.
    pub flags: u16,
    /// The DNSKEY Protocol field, which must be 3 (RFC 4034 §2.1.2).
    pub protocol: u8,
    /// The DNSKEY Algorithm field (RFC 4034 §2.1.3).
    pub algorithm: u8,
    /// The DNSKEY Public Key field, in the algorithm's format (RFC 4034 §2.1.4).
    pub public_key: Vec<u8>,
    /// The whole RDATA, as digested for DS records and key tags.
    pub rdata: Vec<u8>,
    /// The key tag computed from [`Self::rdata`] (RFC 4034 Appendix B).
    pub key_tag: u16,
}

/// DNSKEY flag bits (RFC 4034 §2.1.1, RFC 5011 §3).
pub const FLAG_ZONE_KEY: u16 = 0x0100;
/// The REVOKE flag, bit 8: the key is revoked (RFC 5011 §3).
pub const FLAG_REVOKE: u16 = 0x0080;
/// The Secure Entry Point flag, bit 15: by convention a KSK (RFC 4034 §2.1.1).
pub const FLAG_SECURE_ENTRY_POINT: u16 = 0x0001;

impl Dnskey {
    /// Reads DNSKEY RDATA, keeping the whole RDATA and computing the key tag.
    pub fn parse(rdata: &[u8]) -> Result<Self, RdataError> {
        if rdata.len() < 5 {
            return Err(err(
                RecordType::DNSKEY,
                "shorter than the fixed DNSKEY fields",
            ));
        }
        Ok(Dnskey {
            flags: u16::from_be_bytes([rdata[0], rdata[1]]),
            protocol: rdata[2],
            algorithm: rdata[3],
            public_key: rdata[4..].to_vec(),
            rdata: rdata.to_vec(),
            key_tag: key_tag(rdata),
        })
    }

    /// A key that may validate signatures: zone key bit set, not revoked, protocol 3
    /// (RFC 4034 §2.1.1, §2.1.2; RFC 5011 §2.1).
    pub fn is_usable_zone_key(&self) -> bool {
        self.flags & FLAG_ZONE_KEY != 0 && self.flags & FLAG_REVOKE == 0 && self.protocol == 3
    }

    /// "KSK" when the SEP bit is set, else "ZSK" (the bit is only a hint, RFC 4034 §2.1.1).
    pub fn role(&self) -> &'static str {
        if self.flags & FLAG_SECURE_ENTRY_POINT != 0 {
            "KSK"
        } else {
            "ZSK"
        }
    }
}

/// DS RDATA (RFC 4034 §5.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ds {
    /// The DS Key Tag field of the DNSKEY it refers to (RFC 4034 §5.1.1).
    pub key_tag: u16,
    /// The DS Algorithm field, that DNSKEY's algorithm (RFC 4034 §5.1.2).
    pub algorithm: u8,
    /// The DS Digest Type field (RFC 4034 §5.1.3).
    pub digest_type: u8,
    /// The DS Digest field (RFC 4034 §5.1.4).
    pub digest: Vec<u8>,
}

impl Ds {
    /// Reads DS RDATA; unknown algorithms and digest types stay readable.
    pub fn parse(rdata: &[u8]) -> Result<Self, RdataError> {
        if rdata.len() < 5 {
            return Err(err(RecordType::DS, "shorter than the fixed DS fields"));
        }
        Ok(Ds {
            key_tag: u16::from_be_bytes([rdata[0], rdata[1]]),
            algorithm: rdata[2],
            digest_type: rdata[3],
            digest: rdata[4..].to_vec(),
        })
    }
}

/// An NSEC/NSEC3 type bit map (RFC 4034 §4.1.2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeBitmap(Vec<u16>);

impl TypeBitmap {
    /// Reads a type bit map; `rtype` (NSEC or NSEC3) is only named in the error.
    pub fn parse(mut bytes: &[u8], rtype: RecordType) -> Result<Self, RdataError> {
        let mut types = Vec::new();
        while !bytes.is_empty() {
            if bytes.len() < 2 {
                return Err(err(rtype, "type bit map window header cut short"));
            }
            let window = u16::from(bytes[0]);
            let len = usize::from(bytes[1]);
            if len == 0 || len > 32 || bytes.len() < 2 + len {
                return Err(err(rtype, "bad type bit map window length"));
            }
            for (i, &octet) in bytes[2..2 + len].iter().enumerate() {
                for bit in 0..8 {
                    if octet & (0x80 >> bit) != 0 {
                        types.push(window * 256 + (i as u16) * 8 + bit);
                    }
                }
            }
            bytes = &bytes[2 + len..];
        }
        Ok(TypeBitmap(types))
    }

    /// Whether the bit of `rtype` is set.
    pub fn contains(&self, rtype: RecordType) -> bool {
        self.0.contains(&u16::from(rtype))
    }

    /// The types whose bits are set, in ascending order.
    pub fn types(&self) -> impl Iterator<Item = RecordType> + '_ {
        self.0.iter().map(|&t| RecordType::from(t))
    }
}

/// NSEC RDATA (RFC 4034 §4.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nsec {
    /// The NSEC Next Domain Name field (RFC 4034 §4.1.1).
    pub next: Name,
    /// The NSEC Type Bit Maps field: the types at the NSEC's owner (RFC 4034 §4.1.2).
    pub types: TypeBitmap,
}

impl Nsec {
    /// Reads NSEC RDATA; the next name must be uncompressed (RFC 4034 §4.1.1).
    pub fn parse(rdata: &[u8]) -> Result<Self, RdataError> {
        let (next, len) =
            read_uncompressed_name(rdata).ok_or(err(RecordType::NSEC, "bad next domain name"))?;
        Ok(Nsec {
            next,
            types: TypeBitmap::parse(&rdata[len..], RecordType::NSEC)?,
        })
    }
}

/// NSEC3 RDATA (RFC 5155 §3.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nsec3 {
    /// The NSEC3 Hash Algorithm field, 1 for SHA-1 (RFC 5155 §3.1.1).
    pub hash_algorithm: u8,
    /// The NSEC3 Flags field; bit 7 is Opt-Out (RFC 5155 §3.1.2).
    pub flags: u8,
    /// The NSEC3 Iterations field, extra hash iterations (RFC 5155 §3.1.3).
    pub iterations: u16,
    /// The NSEC3 Salt field, possibly empty (RFC 5155 §3.1.5).
    pub salt: Vec<u8>,
    /// The NSEC3 Next Hashed Owner Name field, unencoded (RFC 5155 §3.1.7).
    pub next_hashed: Vec<u8>,
    /// The NSEC3 Type Bit Maps field: the types at the original owner name (RFC 5155 §3.1.8).
    pub types: TypeBitmap,
}

impl Nsec3 {
    /// Reads NSEC3 RDATA; the next hashed owner name must not be empty.
    pub fn parse(rdata: &[u8]) -> Result<Self, RdataError> {
        let e = |d| err(RecordType::NSEC3, d);
        let salt_len = usize::from(*rdata.get(4).ok_or(e("cut short"))?);
        let salt = rdata
            .get(5..5 + salt_len)
            .ok_or(e("salt cut short"))?
            .to_vec();
        let hash_len = usize::from(*rdata.get(5 + salt_len).ok_or(e("cut short"))?);
        let start = 6 + salt_len;
        let next_hashed = rdata
            .get(start..start + hash_len)
            .ok_or(e("next hashed owner cut short"))?
            .to_vec();
        if next_hashed.is_empty() {
            return Err(e("empty next hashed owner name"));
        }
        Ok(Nsec3 {
            hash_algorithm: rdata[0],
            flags: rdata[1],
            iterations: u16::from_be_bytes([rdata[2], rdata[3]]),
            salt,
            next_hashed,
            types: TypeBitmap::parse(&rdata[start + hash_len..], RecordType::NSEC3)?,
        })
    }

    /// The Opt-Out flag (RFC 5155 §3.1.2.1).
    pub fn opt_out(&self) -> bool {
        self.flags & 0x01 != 0
    }
}

/// The key tag of a DNSKEY RDATA (RFC 4034 Appendix B).
pub fn key_tag(dnskey_rdata: &[u8]) -> u16 {
    // Algorithm 1 (RSA/MD5) uses the low 16 bits of the modulus (RFC 4034 Appendix B.1).
    if dnskey_rdata.len() >= 4 && dnskey_rdata[3] == 1 {
        let n = dnskey_rdata.len();
        return if n >= 3 {
            u16::from_be_bytes([dnskey_rdata[n - 3], dnskey_rdata[n - 2]])
        } else {
            0
        };
    }
    let mut acc: u32 = 0;
    for (i, &byte) in dnskey_rdata.iter().enumerate() {
        acc += if i & 1 == 0 {
            u32::from(byte) << 8
        } else {
            u32::from(byte)
        };
    }
    acc += (acc >> 16) & 0xffff;
    (acc & 0xffff) as u16
}

/// The IANA mnemonic of a DNSSEC algorithm number.
pub fn algorithm_name(algorithm: u8) -> &'static str {
    match algorithm {
        1 => "RSAMD5",
        3 => "DSA",
        5 => "RSASHA1",
        6 => "DSA-NSEC3-SHA1",
        7 => "RSASHA1-NSEC3-SHA1",
        8 => "RSASHA256",
        10 => "RSASHA512",
        12 => "ECC-GOST",
        13 => "ECDSAP256SHA256",
        14 => "ECDSAP384SHA384",
        15 => "ED25519",
        16 => "ED448",
        252 => "INDIRECT",
        253 => "PRIVATEDNS",
        254 => "PRIVATEOID",
        _ => "unassigned",
    }
}

/// The IANA mnemonic of a DS digest type.
pub fn digest_name(digest_type: u8) -> &'static str {
    match digest_type {
        1 => "SHA-1",
        2 => "SHA-256",
        3 => "GOST R 34.11-94",
        4 => "SHA-384",
        _ => "unassigned",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_bitmap_reads_rfc4034_example() {
        // RFC 4034 §4.3: "A MX RRSIG NSEC TYPE1234".
        let bytes = [
            0x00, 0x06, 0x40, 0x01, 0x00, 0x00, 0x00, 0x03, 0x04, 0x1b, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
        ];
        let map = TypeBitmap::parse(&bytes, RecordType::NSEC).unwrap();
        let types: Vec<u16> = map.types().map(u16::from).collect();
        assert_eq!(types, vec![1, 15, 46, 47, 1234]);
        assert!(map.contains(RecordType::MX));
        assert!(!map.contains(RecordType::AAAA));
    }

    #[test]
    fn hostile_rdata_is_an_error() {
        assert!(Rrsig::parse(&[0; 10]).is_err());
        assert!(Rrsig::parse(
            &[0; 18]
                .iter()
                .copied()
                .chain([0xc0, 0x0c])
                .collect::<Vec<_>>()
        )
        .is_err());
        assert!(Dnskey::parse(&[1, 1]).is_err());
        assert!(Ds::parse(&[1]).is_err());
        assert!(Nsec::parse(&[3, b'a']).is_err());
        assert!(Nsec3::parse(&[1, 0, 0, 0, 200]).is_err());
        assert!(TypeBitmap::parse(&[0, 40], RecordType::NSEC).is_err());
    }
}
