//! CAA (RFC 8659): reading the relevant RRset's properties and deciding whether a CA may issue.
//!
//! The relevant-RRset search itself (climbing from the name towards the root, RFC 8659 §3) is
//! in [`crate::check::order`]: it needs the validated answers. This module is the pure part.

pub use crate::report::model::{CaaPolicy, CaaProperty};

/// Tags whose meaning CAs know: RFC 8659 §4.2-4.4, the CA/Browser Forum Baseline
/// Requirements' contact tags (§A.1), RFC 9495 `issuemail`, and `issuevmc` for mark
/// certificates. None of the last four restricts TLS issuance.
const KNOWN_TAGS: &[&str] = &[
    "issue",
    "issuewild",
    "iodef",
    "contactemail",
    "contactphone",
    "issuemail",
    "issuevmc",
];

/// RFC 8659 §4.2 `WSP`: space and horizontal tab only.
fn trim_wsp(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// RFC 8659 §4.2 `issuer-domain-name = label *("." label)`, `label = (ALPHA / DIGIT)
/// *( *("-") (ALPHA / DIGIT))`: no empty label, no trailing dot, no leading or trailing hyphen.
fn is_issuer_domain_name(text: &str) -> bool {
    text.split('.').all(|label| {
        let bytes = label.as_bytes();
        !bytes.is_empty()
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && bytes[0] != b'-'
            && bytes[bytes.len() - 1] != b'-'
    })
}

impl CaaProperty {
    /// Reads the RDATA of a CAA record (RFC 8659 §4.1.1); never fails: a record that breaks
    /// the format comes back marked `malformed`.
    pub fn parse(rdata: &[u8]) -> Self {
        let flags = rdata.first().copied().unwrap_or(0);
        let tag_len = rdata.get(1).map_or(0, |n| usize::from(*n));
        let body = rdata.get(2..).unwrap_or_default();
        let (tag, value) = body.split_at(tag_len.min(body.len()));
        let malformed = rdata.len() < 2
            || tag_len > body.len()
            || tag.is_empty()
            || !tag.iter().all(u8::is_ascii_alphanumeric);
        CaaProperty {
            flags,
            critical: flags & 0x80 != 0,
            tag: String::from_utf8_lossy(tag).to_ascii_lowercase(),
            value: String::from_utf8_lossy(value).into_owned(),
            malformed,
        }
    }

    /// For `issue` and `issuewild`: the issuer domain name, lowercased, or `None` when the
    /// value names no issuer (`;` alone, empty, or not a valid issuer-domain-name), which
    /// grants nothing (RFC 8659 §4.2).
    pub fn issuer(&self) -> Option<String> {
        let domain = trim_wsp(self.value.split(';').next().unwrap_or(""));
        is_issuer_domain_name(domain).then(|| domain.to_ascii_lowercase())
    }

    /// For `issue` and `issuewild`: the `tag=value` parameters after the issuer (RFC 8659
    /// §4.2), e.g. `accounturi=…` (RFC 8657 §3) or `validationmethods=dns-01` (RFC 8657 §4).
    pub fn parameters(&self) -> Vec<String> {
        self.value
            .split(';')
            .skip(1)
            .map(trim_wsp)
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (key, value) = p.split_once('=').unwrap_or((p, ""));
                format!("{}={}", trim_wsp(key), trim_wsp(value))
            })
            .collect()
    }

    fn is_known_tag(&self) -> bool {
        !self.malformed && KNOWN_TAGS.contains(&self.tag.as_str())
    }
}

impl CaaPolicy {
    /// The policy of a relevant RRset; an empty set restricts nothing.
    pub fn of(properties: &[CaaProperty]) -> Self {
        let allowed = |tag: &str| {
            let named: Vec<&CaaProperty> = properties
                .iter()
                .filter(|p| !p.malformed && p.tag == tag)
                .collect();
            if named.is_empty() {
                return None;
            }
            let mut issuers: Vec<String> = named.iter().filter_map(|p| p.issuer()).collect();
            crate::sort::sort(&mut issuers);
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
            unknown_critical: {
                let mut tags: Vec<String> = properties
                    .iter()
                    .filter(|p| p.critical && !p.is_known_tag())
                    .map(|p| {
                        if p.malformed {
                            format!("(malformed record, tag {:?})", p.tag)
                        } else {
                            p.tag.clone()
                        }
                    })
                    .collect();
                crate::sort::sort(&mut tags);
                tags.dedup();
                tags
            },
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

    /// The parameters of the records that let a CA known by `identities` issue (RFC 8657
    /// `accounturi`, `validationmethods`, ...): conditions on the issuance, empty when a record
    /// without parameters names the CA.
    pub fn conditions(
        properties: &[CaaProperty],
        identities: &[String],
        wildcard: bool,
    ) -> Vec<String> {
        let tag = if wildcard && properties.iter().any(|p| p.tag == "issuewild") {
            "issuewild"
        } else {
            "issue"
        };
        let naming: Vec<Vec<String>> = properties
            .iter()
            .filter(|p| !p.malformed && p.tag == tag)
            .filter(|p| p.issuer().is_some_and(|i| identities.contains(&i)))
            .map(CaaProperty::parameters)
            .collect();
        if naming.iter().any(Vec::is_empty) {
            return Vec::new();
        }
        let mut all: Vec<String> = naming.into_iter().flatten().collect();
        crate::sort::sort(&mut all);
        all.dedup();
        all
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
        CaaProperty::parse(&rdata)
    }

    fn ids(ca: &str) -> Vec<String> {
        ca_identities(ca)
    }

    #[test]
    fn parses_rfc8659_records() {
        let p = prop(0, "issue", "ca.example.net; account=230123");
        assert_eq!(p.tag, "issue");
        assert!(!p.critical && !p.malformed);
        assert_eq!(p.issuer().as_deref(), Some("ca.example.net"));
        assert_eq!(p.parameters(), vec!["account=230123"]);
        let p = prop(128, "ISSUE", ";");
        assert!(p.critical);
        assert_eq!(p.tag, "issue");
        assert_eq!(p.issuer(), None);
        // RFC 8659 removed RFC 6844's 15-octet limit on tags.
        assert!(!prop(0, "averyveryverylongtag", "x").malformed);
    }

    #[test]
    fn malformed_records_are_kept_and_marked() {
        for rdata in [&[][..], &[0], &[0, 5, b'i'], &[0, 2, b'-', b'x'], &[0, 0]] {
            assert!(CaaProperty::parse(rdata).malformed, "{rdata:?}");
        }
        // A malformed critical record forbids issuance like an unknown critical tag ...
        let mut broken = prop(128, "tbs", "x");
        broken.malformed = true;
        let policy = CaaPolicy::of(&[prop(0, "issue", "digicert.com"), broken]);
        assert_eq!(policy.unknown_critical.len(), 1);
        assert!(!policy.permits(&ids("digicert.com"), false));
        // ... and a malformed record never grants anything.
        let mut issue = prop(0, "issue", "digicert.com");
        issue.malformed = true;
        let policy = CaaPolicy::of(&[issue, prop(0, "issue", "sectigo.com")]);
        assert!(!policy.permits(&ids("digicert.com"), false));
    }

    /// RFC 8659 §4.2 grammar: spaces and tabs around the issuer, no trailing dot, labels of
    /// letters, digits and inner hyphens.
    #[test]
    fn issuer_domain_names_follow_the_grammar() {
        let issuer = |value: &str| prop(0, "issue", value).issuer();
        assert_eq!(
            issuer(" \tLetsEncrypt.org\t ;").as_deref(),
            Some("letsencrypt.org")
        );
        assert_eq!(issuer("my-ca.example").as_deref(), Some("my-ca.example"));
        for bad in [
            "letsencrypt.org.",
            "-ca.example",
            "ca-.example",
            "ca..example",
            "ca example",
            "",
        ] {
            assert_eq!(issuer(bad), None, "{bad:?}");
        }
        // Only space and tab are whitespace here.
        assert_eq!(issuer("\u{a0}letsencrypt.org"), None);
    }

    /// RFC 8657: account and validation-method parameters are conditions on issuance.
    #[test]
    fn parameters_become_conditions() {
        let records = [
            prop(
                0,
                "issue",
                "letsencrypt.org; validationmethods=dns-01 ; accounturi = https://a/1",
            ),
            prop(0, "issue", "digicert.com"),
        ];
        assert_eq!(
            CaaPolicy::conditions(&records, &ids("letsencrypt.org"), false),
            vec!["accounturi=https://a/1", "validationmethods=dns-01"]
        );
        assert!(CaaPolicy::conditions(&records, &ids("digicert.com"), false).is_empty());
        assert!(CaaPolicy::of(&records).permits(&ids("letsencrypt.org"), false));
    }

    #[test]
    fn contact_tags_are_known() {
        let policy = CaaPolicy::of(&[
            prop(128, "contactemail", "dns@example.com"),
            prop(0, "issue", "digicert.com"),
        ]);
        assert!(policy.unknown_critical.is_empty());
        assert!(policy.permits(&ids("digicert.com"), false));
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
