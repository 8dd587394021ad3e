//! CAA (RFC 8659): reading the relevant RRset's properties and deciding whether a CA may issue.
//!
//! The relevant-RRset search itself (climbing from the name towards the root, RFC 8659 §3) is
//! in [`crate::order`]: it needs the validated answers. This module is the pure part.

use serde::Serialize;

/// One CAA record (RFC 8659 §4.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaaProperty {
    pub flags: u8,
    /// The Issuer Critical Flag, bit 0 of the flags (value 128).
    pub critical: bool,
    /// The property tag, lowercased: `issue`, `issuewild`, `iodef`, or another one.
    pub tag: String,
    /// The property value as text (non-UTF-8 bytes replaced).
    pub value: String,
}

/// Why a CAA record could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaaFormatError {
    TooShort,
    /// RFC 8659 §4.1: the tag is 1-15 ASCII letters and digits.
    BadTag,
}

impl CaaProperty {
    /// Reads the RDATA of a CAA record (RFC 8659 §4.1.1).
    pub fn parse(rdata: &[u8]) -> Result<Self, CaaFormatError> {
        let (&flags, rest) = rdata.split_first().ok_or(CaaFormatError::TooShort)?;
        let (&tag_len, rest) = rest.split_first().ok_or(CaaFormatError::TooShort)?;
        let tag_len = usize::from(tag_len);
        if rest.len() < tag_len {
            return Err(CaaFormatError::TooShort);
        }
        let (tag, value) = rest.split_at(tag_len);
        if tag.is_empty() || tag.len() > 15 || !tag.iter().all(u8::is_ascii_alphanumeric) {
            return Err(CaaFormatError::BadTag);
        }
        Ok(CaaProperty {
            flags,
            critical: flags & 0x80 != 0,
            tag: String::from_utf8_lossy(tag).to_ascii_lowercase(),
            value: String::from_utf8_lossy(value).into_owned(),
        })
    }

    /// For `issue` and `issuewild`: the issuer domain name, lowercased, or `None` when the
    /// value names no issuer (`;` alone, or empty), which forbids issuance (RFC 8659 §4.2).
    pub fn issuer(&self) -> Option<String> {
        let domain = self.value.split(';').next().unwrap_or("").trim();
        let domain = domain.trim_end_matches('.');
        (!domain.is_empty()).then(|| domain.to_ascii_lowercase())
    }

    fn is_known_tag(&self) -> bool {
        matches!(self.tag.as_str(), "issue" | "issuewild" | "iodef")
    }
}

/// What the relevant CAA RRset allows, for one name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaaPolicy {
    /// Issuer domains allowed for the name (`issue`); `None`: any CA (no restriction).
    pub issuers: Option<Vec<String>>,
    /// Issuer domains allowed for a wildcard name (`issuewild`, or `issue` when there is no
    /// `issuewild`, RFC 8659 §4.3); `None`: any CA.
    pub wildcard_issuers: Option<Vec<String>>,
    /// `iodef` URLs, where CAs report refused requests (RFC 8659 §4.4).
    pub iodef: Vec<String>,
    /// Tags we do not know that carry the critical flag: no CA that does not know them may
    /// issue at all (RFC 8659 §4.1).
    pub unknown_critical: Vec<String>,
}

impl CaaPolicy {
    /// The policy of a relevant RRset; an empty set restricts nothing.
    pub fn of(properties: &[CaaProperty]) -> Self {
        let allowed = |tag: &str| {
            let named: Vec<&CaaProperty> = properties.iter().filter(|p| p.tag == tag).collect();
            if named.is_empty() {
                return None;
            }
            let mut issuers: Vec<String> = named.iter().filter_map(|p| p.issuer()).collect();
            issuers.sort_unstable();
            issuers.dedup();
            Some(issuers)
        };
        let issuers = allowed("issue");
        let wildcard_issuers = allowed("issuewild").or_else(|| issuers.clone());
        CaaPolicy {
            issuers,
            wildcard_issuers,
            iodef: properties
                .iter()
                .filter(|p| p.tag == "iodef")
                .map(|p| p.value.clone())
                .collect(),
            unknown_critical: properties
                .iter()
                .filter(|p| p.critical && !p.is_known_tag())
                .map(|p| p.tag.clone())
                .collect(),
        }
    }

    /// The issuers allowed for a name, or for a wildcard name.
    pub fn allowed(&self, wildcard: bool) -> Option<&[String]> {
        if wildcard {
            self.wildcard_issuers.as_deref()
        } else {
            self.issuers.as_deref()
        }
    }

    /// Whether a CA known by `identities` (its issuer domain names) may issue.
    pub fn permits(&self, identities: &[String], wildcard: bool) -> bool {
        if !self.unknown_critical.is_empty() {
            return false;
        }
        match self.allowed(wildcard) {
            None => true,
            Some(issuers) => issuers.iter().any(|i| identities.contains(i)),
        }
    }
}

/// The issuer domain names a CA recognises as its own in CAA records, as the CAs publish them
/// in their CPS (section 4.2.1 of each). Any other CA is known by the one domain given.
pub fn ca_identities(ca: &str) -> Vec<String> {
    const KNOWN: &[&[&str]] = &[
        &[
            "digicert.com",
            "www.digicert.com",
            "digicert.ne.jp",
            "cybertrust.ne.jp",
            "symantec.com",
            "thawte.com",
            "geotrust.com",
            "rapidssl.com",
            "digitalcertvalidation.com",
        ],
        &["letsencrypt.org"],
        &[
            "sectigo.com",
            "comodoca.com",
            "comodo.com",
            "usertrust.com",
            "trust-provider.com",
        ],
    ];
    let ca = ca.trim().trim_end_matches('.').to_ascii_lowercase();
    KNOWN
        .iter()
        .find(|names| names.contains(&ca.as_str()))
        .map(|names| names.iter().map(|n| n.to_string()).collect())
        .unwrap_or_else(|| vec![ca])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prop(flags: u8, tag: &str, value: &str) -> CaaProperty {
        let mut rdata = vec![flags, tag.len() as u8];
        rdata.extend(tag.as_bytes());
        rdata.extend(value.as_bytes());
        CaaProperty::parse(&rdata).unwrap()
    }

    fn ids(ca: &str) -> Vec<String> {
        ca_identities(ca)
    }

    #[test]
    fn parses_rfc8659_records() {
        let p = prop(0, "issue", "ca.example.net; account=230123");
        assert_eq!(p.tag, "issue");
        assert!(!p.critical);
        assert_eq!(p.issuer().as_deref(), Some("ca.example.net"));
        let p = prop(128, "ISSUE", ";");
        assert!(p.critical);
        assert_eq!(p.tag, "issue");
        assert_eq!(p.issuer(), None);
        assert_eq!(CaaProperty::parse(&[0]), Err(CaaFormatError::TooShort));
        assert_eq!(
            CaaProperty::parse(&[0, 5, b'i']),
            Err(CaaFormatError::TooShort)
        );
        assert_eq!(
            CaaProperty::parse(&[0, 2, b'-', b'x']),
            Err(CaaFormatError::BadTag)
        );
        assert_eq!(CaaProperty::parse(&[0, 0]), Err(CaaFormatError::BadTag));
    }

    #[test]
    fn no_records_restrict_nothing() {
        let policy = CaaPolicy::of(&[]);
        assert!(policy.permits(&ids("digicert.com"), false));
        assert!(policy.permits(&ids("digicert.com"), true));
    }

    /// RFC 8659 §4.2/§4.3 examples: `issue "ca1.example.net"` and `issuewild ";"`.
    #[test]
    fn issue_and_issuewild() {
        let policy = CaaPolicy::of(&[
            prop(0, "issue", "letsencrypt.org"),
            prop(0, "issuewild", ";"),
            prop(0, "iodef", "mailto:security@example.com"),
        ]);
        assert!(policy.permits(&ids("letsencrypt.org"), false));
        assert!(!policy.permits(&ids("digicert.com"), false));
        assert!(!policy.permits(&ids("letsencrypt.org"), true));
        assert_eq!(policy.allowed(true), Some(&[][..]));
        assert_eq!(policy.iodef, vec!["mailto:security@example.com"]);
    }

    #[test]
    fn issue_applies_to_wildcards_without_issuewild() {
        let policy = CaaPolicy::of(&[prop(0, "issue", "DigiCert.com")]);
        assert!(policy.permits(&ids("digicert.com"), true));
        // DigiCert honours its other brands' names too.
        let policy = CaaPolicy::of(&[prop(0, "issue", "thawte.com")]);
        assert!(policy.permits(&ids("digicert.com"), false));
        assert!(!policy.permits(&ids("letsencrypt.org"), false));
    }

    #[test]
    fn only_iodef_or_unknown_tags_do_not_restrict() {
        let policy = CaaPolicy::of(&[
            prop(0, "iodef", "https://example.com/report"),
            prop(0, "tbs", "x"),
        ]);
        assert!(policy.permits(&ids("sectigo.com"), false));
    }

    #[test]
    fn unknown_critical_tag_forbids_issuance() {
        let policy = CaaPolicy::of(&[prop(0, "issue", "sectigo.com"), prop(128, "tbs", "x")]);
        assert_eq!(policy.unknown_critical, vec!["tbs"]);
        assert!(!policy.permits(&ids("sectigo.com"), false));
    }

    #[test]
    fn ca_identities_cover_brands_and_any_other_domain() {
        assert!(ca_identities("DigiCert.com.").contains(&"rapidssl.com".to_string()));
        assert_eq!(ca_identities("pki.goog"), vec!["pki.goog"]);
        assert!(ca_identities("comodoca.com").contains(&"sectigo.com".to_string()));
    }
}
