//! Trust anchors: the IANA root key-signing keys, or DS/DNSKEY records a user supplies in
//! zone-file syntax (RFC 1035 §5.1 presentation format, RFC 4034 §2.2 and §5.3).

use hickory_proto::rr::Name;

use crate::dns::name::{is_at_or_below, labels, names_equal};
use crate::dns::records::{Dnskey, Ds};

/// The IANA root zone trust anchors (<https://data.iana.org/root-anchors/root-anchors.xml>):
/// KSK-2017 (20326) and KSK-2024 (38696), both algorithm 8 with SHA-256 digests.
pub const IANA_ROOT_ANCHORS: &str = "\
. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
. IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
";

/// The anchors for one owner name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchor {
    /// The zone the anchors are for (the root for the IANA anchors).
    pub owner: Name,
    /// DS records trusted for the zone's keys, as if the parent had served them.
    pub ds: Vec<Ds>,
    /// DNSKEY records trusted as they are: a served key with the same RDATA is trusted.
    pub keys: Vec<Dnskey>,
}

/// Every configured anchor, and whether they are the IANA defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustAnchors {
    /// The anchors, one per owner name.
    pub anchors: Vec<Anchor>,
    /// Whether these are the IANA root anchors (reported as `"iana-root"`, else `"custom"`).
    pub is_iana_root: bool,
}

/// Why an anchor text was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorError {
    /// The 1-based line of the text where the rejected record starts.
    pub line: usize,
    /// Why the record was rejected.
    pub message: String,
}

impl std::fmt::Display for AnchorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "trust anchor line {}: {}", self.line, self.message)
    }
}

impl TrustAnchors {
    /// The IANA root anchors.
    pub fn iana_root() -> Self {
        let mut anchors = Self::parse(IANA_ROOT_ANCHORS).unwrap_or(TrustAnchors {
            anchors: Vec::new(),
            is_iana_root: true,
        });
        anchors.is_iana_root = true;
        anchors
    }

    /// Reads DS and DNSKEY records in zone-file syntax: `owner [ttl] [class] DS|DNSKEY rdata`.
    /// Comments (`;`) and blank lines are skipped; parentheses may span lines.
    pub fn parse(text: &str) -> Result<Self, AnchorError> {
        let mut anchors: Vec<Anchor> = Vec::new();
        for (line_no, record) in logical_lines(text) {
            let err = |message: String| AnchorError {
                line: line_no,
                message,
            };
            let fields: Vec<&str> = record.split_whitespace().collect();
            let type_index = fields
                .iter()
                .position(|f| f.eq_ignore_ascii_case("DS") || f.eq_ignore_ascii_case("DNSKEY"))
                .ok_or_else(|| err("expected a DS or DNSKEY record".into()))?;
            if type_index == 0 {
                return Err(err("the record has no owner name".into()));
            }
            for extra in &fields[1..type_index] {
                let is_ttl = extra.chars().all(|c| c.is_ascii_digit());
                if !is_ttl && !extra.eq_ignore_ascii_case("IN") {
                    return Err(err(format!(
                        "unexpected field {extra:?} before the record type"
                    )));
                }
            }
            let owner = Name::from_ascii(fields[0])
                .map_err(|_| err(format!("bad owner name {:?}", fields[0])))?;
            let owner = if owner.is_fqdn() {
                owner
            } else {
                owner
                    .append_name(&Name::root())
                    .map_err(|_| err(format!("bad owner name {:?}", fields[0])))?
            };
            let rdata = &fields[type_index + 1..];
            let number = |s: &str, what: &str| -> Result<u32, AnchorError> {
                s.parse::<u32>()
                    .map_err(|_| err(format!("bad {what} {s:?}")))
            };
            let entry_index = match anchors.iter().position(|a| names_equal(&a.owner, &owner)) {
                Some(i) => i,
                None => {
                    anchors.push(Anchor {
                        owner: owner.clone(),
                        ..Anchor::default()
                    });
                    anchors.len() - 1
                }
            };
            if fields[type_index].eq_ignore_ascii_case("DS") {
                if rdata.len() < 4 {
                    return Err(err(
                        "a DS record needs key tag, algorithm, digest type and digest".into(),
                    ));
                }
                let digest = crate::dns::codec::hex_decode(&rdata[3..].concat())
                    .ok_or_else(|| err("the DS digest is not hexadecimal".into()))?;
                let key_tag = number(rdata[0], "key tag")?;
                let algorithm = number(rdata[1], "algorithm")?;
                let digest_type = number(rdata[2], "digest type")?;
                if key_tag > 0xffff || algorithm > 255 || digest_type > 255 {
                    return Err(err("DS field out of range".into()));
                }
                anchors[entry_index].ds.push(Ds {
                    key_tag: key_tag as u16,
                    algorithm: algorithm as u8,
                    digest_type: digest_type as u8,
                    digest,
                });
            } else {
                if rdata.len() < 4 {
                    return Err(err(
                        "a DNSKEY record needs flags, protocol, algorithm and key".into(),
                    ));
                }
                let flags = number(rdata[0], "flags")?;
                let protocol = number(rdata[1], "protocol")?;
                let algorithm = number(rdata[2], "algorithm")?;
                if flags > 0xffff || protocol > 255 || algorithm > 255 {
                    return Err(err("DNSKEY field out of range".into()));
                }
                let key = crate::dns::codec::base64_decode(&rdata[3..].concat())
                    .ok_or_else(|| err("the DNSKEY public key is not base64".into()))?;
                let mut wire = (flags as u16).to_be_bytes().to_vec();
                wire.push(protocol as u8);
                wire.push(algorithm as u8);
                wire.extend(key);
                let dnskey = Dnskey::parse(&wire).map_err(|e| err(e.detail.to_string()))?;
                anchors[entry_index].keys.push(dnskey);
            }
        }
        if anchors.is_empty() {
            return Err(AnchorError {
                line: 0,
                message: "no DS or DNSKEY record found".into(),
            });
        }
        Ok(TrustAnchors {
            anchors,
            is_iana_root: false,
        })
    }

    /// The deepest anchor at or above `name`.
    pub fn closest_to(&self, name: &Name) -> Option<&Anchor> {
        self.anchors
            .iter()
            .filter(|a| is_at_or_below(name, &a.owner))
            .max_by_key(|a| labels(&a.owner).len())
    }
}

/// Joins parenthesised multi-line records and strips comments; yields (first line number, text).
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split(';').next().unwrap_or("");
        if current.is_empty() {
            start = i + 1;
        }
        for c in line.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => current.push(c),
            }
        }
        current.push(' ');
        if depth <= 0 {
            if !current.trim().is_empty() {
                out.push((start, current.trim().to_string()));
            }
            current.clear();
            depth = 0;
        }
    }
    if !current.trim().is_empty() {
        out.push((start, current.trim().to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn iana_root_anchors_parse() {
        let anchors = TrustAnchors::iana_root();
        assert!(anchors.is_iana_root);
        let root = &anchors.anchors[0];
        assert!(root.owner.is_root());
        let tags: Vec<u16> = root.ds.iter().map(|d| d.key_tag).collect();
        assert_eq!(tags, vec![20326, 38696]);
        assert_eq!(root.ds[0].digest.len(), 32);
    }

    /// Debian's dns-root-data ships the same anchors; check ours against it when installed.
    #[test]
    fn iana_root_anchors_match_debian_dns_root_data() {
        let Ok(text) = std::fs::read_to_string("/usr/share/dns/root.ds") else {
            return;
        };
        let debian = TrustAnchors::parse(&text).unwrap();
        assert_eq!(
            debian.anchors[0].ds,
            TrustAnchors::iana_root().anchors[0].ds
        );
    }

    #[test]
    fn parses_multiline_dnskey_and_rejects_junk() {
        // RFC 6605 §6.1.
        let text = "example.net. 3600 IN DNSKEY 257 3 13 (\n  GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb\n  krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA== ) ; KSK\n";
        let anchors = TrustAnchors::parse(text).unwrap();
        assert_eq!(anchors.anchors[0].keys[0].key_tag, 55648);
        assert!(TrustAnchors::parse("hello world").is_err());
        assert!(TrustAnchors::parse(". DS 1 2").is_err());
        assert!(TrustAnchors::parse(". DS 1 8 2 XYZ").is_err());
        assert!(TrustAnchors::parse("").is_err());
    }

    #[test]
    fn closest_anchor_is_the_deepest() {
        let text = ". DS 1 8 2 00\nexample. DS 2 8 2 00\n";
        let anchors = TrustAnchors::parse(text).unwrap();
        let name = Name::from_str("www.example.").unwrap();
        assert_eq!(anchors.closest_to(&name).unwrap().ds[0].key_tag, 2);
        let other = Name::from_str("www.test.").unwrap();
        assert_eq!(anchors.closest_to(&other).unwrap().ds[0].key_tag, 1);
    }
}
