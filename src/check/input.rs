//! What users paste: a domain name, a URL, an e-mail address, an IDN. Turned into a DNS name
//! or a clear message, never a panic.

use std::str::FromStr;

use hickory_proto::rr::{Name, RecordType};

/// Why an input is not something we can check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// Nothing is left of the input once whitespace and a URL's or e-mail's extras are stripped.
    Empty,
    /// An IP address was given where a domain name is needed.
    IpAddress(String),
    /// Not a valid domain name; the detail says why.
    InvalidName {
        /// The input as given.
        input: String,
        /// Why it is not a valid domain name.
        detail: String,
    },
    /// Not a record type a zone can hold (an unknown mnemonic, or a query or meta type); the
    /// input as given.
    UnknownType(String),
    /// The trust anchor text cannot be used; the detail says why.
    BadTrustAnchor(String),
    /// A resolver URL is not acceptable; the detail says why.
    BadResolver(String),
    /// The CA for an order check is not an issuer domain name.
    BadCa(String),
    /// No domain name was given at all.
    NoNames,
    /// More names than one check or order may hold ([`crate::limits::MAX_NAMES`]).
    TooManyNames {
        /// How many names were given.
        given: usize,
        /// How many one check or order may hold.
        limit: usize,
    },
    /// A pasted CA message ([`crate::check::ca_message`]) with a part that cannot be read.
    BadCaMessage(String),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Empty => write!(f, "the name is empty"),
            InputError::IpAddress(ip) => write!(
                f,
                "{ip:?} is an IP address; enter a domain name such as example.com"
            ),
            InputError::InvalidName { input, detail } => {
                write!(f, "{input:?} is not a valid domain name: {detail}")
            }
            InputError::UnknownType(t) => write!(
                f,
                "{t:?} is not a DNS record type (try A, AAAA, CAA, TXT, MX)"
            ),
            InputError::BadTrustAnchor(detail) => {
                write!(f, "the trust anchor is not usable: {detail}")
            }
            InputError::BadResolver(detail) => write!(f, "{detail}"),
            InputError::BadCa(detail) => write!(f, "invalid CA: {detail}"),
            InputError::NoNames => write!(f, "no domain name was given"),
            InputError::BadCaMessage(detail) => write!(f, "{detail}"),
            InputError::TooManyNames { given, limit } => write!(
                f,
                "{given} names were given; one check takes at most {limit} (split the list)"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// The host part of what a user pasted: strips a URL's scheme, path, query and port, an
/// e-mail's local part, surrounding whitespace and angle brackets, and one trailing dot.
fn host_part(input: &str) -> &str {
    let mut s = input
        .trim()
        .trim_matches(|c| c == '<' || c == '>' || c == '"' || c == '\'');
    if let Some(i) = s.find("://") {
        s = &s[i + 3..];
    } else if let Some(rest) = s.strip_prefix("mailto:") {
        s = rest;
    }
    if let Some(end) = s.find(['/', '?', '#']) {
        s = &s[..end];
    }
    if let Some(at) = s.rfind('@') {
        s = &s[at + 1..];
    }
    // A port, unless this looks like an IPv6 literal.
    if s.matches(':').count() == 1 {
        if let Some((host, port)) = s.split_once(':') {
            if port.chars().all(|c| c.is_ascii_digit()) {
                s = host;
            }
        }
    }
    s
}

/// Turns user input into a fully qualified, lowercase DNS name in A-label form (RFC 5891).
pub fn parse_name(input: &str) -> Result<Name, InputError> {
    let host = host_part(input);
    if host.is_empty() {
        return Err(InputError::Empty);
    }
    if host == "." {
        return Ok(Name::root());
    }
    let trimmed = host.trim_start_matches('[').trim_end_matches(']');
    if trimmed.parse::<std::net::IpAddr>().is_ok() {
        return Err(InputError::IpAddress(trimmed.to_string()));
    }
    let invalid = |detail: String| InputError::InvalidName {
        input: input.trim().to_string(),
        detail,
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    // Underscore labels (_acme-challenge, _dnsauth) are valid DNS names but not IDNA; convert
    // label by label so they pass through.
    let mut ascii_labels = Vec::new();
    for label in host.split('.') {
        if label.is_empty() {
            return Err(invalid(
                "it has an empty label (two dots in a row, or a leading dot)".into(),
            ));
        }
        let ascii = if label.is_ascii() {
            label.to_ascii_lowercase()
        } else {
            label_to_ascii(label).ok_or_else(|| {
                invalid(format!("{label:?} is not a valid internationalised label"))
            })?
        };
        if ascii.len() > 63 {
            return Err(invalid(format!(
                "the label {ascii:?} is longer than 63 characters"
            )));
        }
        if let Some(c) = ascii
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == '*'))
        {
            return Err(invalid(format!("it contains the character {c:?}")));
        }
        if ascii.contains('*') && ascii != "*" {
            return Err(invalid("a '*' must be a whole label".into()));
        }
        ascii_labels.push(ascii);
    }
    let text = ascii_labels.join(".") + ".";
    if text.len() > 254 {
        return Err(invalid("it is longer than 253 characters".into()));
    }
    Name::from_ascii(&text).map_err(|_| invalid("it is not a valid DNS name".into()))
}

/// IDNA "domain to ASCII" (UTS #46 as the WHATWG URL Standard applies it) of one label: the
/// A-label of `bücher` is `xn--bcher-kva`. Natively with the idna crate, which implements that
/// standard; in wasm with the host's own URL parser, which does the same, rather than shipping
/// the Unicode tables a second time.
#[cfg(not(target_arch = "wasm32"))]
fn label_to_ascii(label: &str) -> Option<String> {
    idna::domain_to_ascii(label).ok()
}

#[cfg(target_arch = "wasm32")]
fn label_to_ascii(label: &str) -> Option<String> {
    // The ".invalid" suffix keeps an all-digit result from being read as an IPv4 address.
    let url = web_sys::Url::new(&format!("http://{label}.invalid/")).ok()?;
    url.hostname().strip_suffix(".invalid").map(str::to_string)
}

/// Reads a record type mnemonic (`A`, `caa`) or `TYPE257` (RFC 3597 §5).
///
/// Types that only exist in queries or in transit are refused in either form (`ANY`,
/// `TYPE255`): OPT (41), the Q-TYPE and Meta-TYPE range 128-255 of RFC 6895 §3.1 (TKEY 249,
/// TSIG 250, IXFR 251, AXFR 252, MAILB 253, MAILA 254, ANY 255), and the reserved type 0.
/// No zone holds an RRset of those types, so there is no chain of trust to check for them.
pub fn parse_type(input: &str) -> Result<RecordType, InputError> {
    let trimmed = input.trim();
    let upper = trimmed.to_ascii_uppercase();
    let unknown = || InputError::UnknownType(trimmed.to_string());
    let number = upper
        .strip_prefix("TYPE")
        .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .map(|digits| digits.parse::<u16>().map_err(|_| unknown()))
        .transpose()?;
    let rtype = match number {
        Some(n) => RecordType::from(n),
        None => RecordType::from_str(&upper).map_err(|_| unknown())?,
    };
    if is_query_or_meta_type(u16::from(rtype)) {
        return Err(unknown());
    }
    Ok(rtype)
}

/// RFC 6895 §3.1: 0 is reserved, OPT (41) a pseudo-record, and 128-255 Q-TYPEs and Meta-TYPEs.
fn is_query_or_meta_type(number: u16) -> bool {
    matches!(number, 0 | 41 | 128..=255)
}

/// Splits a list of names separated by commas, spaces or newlines.
pub fn split_names(input: &str) -> Vec<&str> {
    input
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> String {
        parse_name(input).unwrap().to_ascii()
    }

    #[test]
    fn accepts_what_people_paste() {
        assert_eq!(ok("Example.COM"), "example.com.");
        assert_eq!(ok("  www.example.com.  "), "www.example.com.");
        assert_eq!(
            ok("https://www.example.com:8443/path?q=1#x"),
            "www.example.com."
        );
        assert_eq!(ok("mailto:admin@example.org"), "example.org.");
        assert_eq!(ok("<hostmaster@example.net>"), "example.net.");
        assert_eq!(
            ok("_acme-challenge.example.com"),
            "_acme-challenge.example.com."
        );
        assert_eq!(ok("bücher.example"), "xn--bcher-kva.example.");
        assert_eq!(ok("."), ".");
    }

    #[test]
    fn rejects_bad_input_with_a_message() {
        for bad in [
            "",
            "   ",
            "a..b",
            "exa mple.com/",
            "192.0.2.1",
            "[2001:db8::1]",
            "foo!.com",
            &"a".repeat(64),
            "a*b.com",
        ] {
            let err = parse_name(bad).unwrap_err();
            assert!(!err.to_string().is_empty(), "{bad}");
        }
        let long = vec!["abcdefghij"; 30].join(".");
        assert!(parse_name(&long).is_err());
    }

    #[test]
    fn query_and_meta_types_are_refused_in_every_form() {
        let forms = "ANY any * AXFR IXFR OPT TSIG TKEY MAILA MAILB TYPE0 TYPE41 type41 TYPE128 \
                     TYPE249 TYPE250 TYPE251 TYPE252 TYPE253 TYPE254 TYPE255 TYPE00255";
        for input in forms.split_whitespace().chain([" Type255 "]) {
            let error = parse_type(input).unwrap_err();
            assert_eq!(error, InputError::UnknownType(input.trim().to_string()));
            assert!(
                error.to_string().contains("is not a DNS record type"),
                "{error}"
            );
        }
        // Data types on either side of the ranges stay accepted.
        assert_eq!(parse_type("TYPE1").unwrap(), RecordType::A);
        assert_eq!(parse_type("TYPE40").unwrap(), RecordType::from(40));
        assert_eq!(parse_type("TYPE42").unwrap(), RecordType::from(42));
        assert_eq!(parse_type("TYPE127").unwrap(), RecordType::from(127));
        assert_eq!(parse_type("TYPE256").unwrap(), RecordType::from(256));
        assert_eq!(parse_type("type257").unwrap(), RecordType::CAA);
        assert_eq!(parse_type("TYPE65535").unwrap(), RecordType::from(65535));
        // Not numbers, or too big for a type.
        for input in ["TYPE", "TYPE+1", "TYPE-1", "TYPE65536", "TYPE1x"] {
            assert!(parse_type(input).is_err(), "{input}");
        }
    }

    #[test]
    fn types_and_lists() {
        assert_eq!(parse_type("caa").unwrap(), RecordType::CAA);
        assert_eq!(parse_type("TYPE65").unwrap(), RecordType::HTTPS);
        assert!(parse_type("FOO").is_err());
        assert!(parse_type("ANY").is_err());
        assert_eq!(
            split_names("a.com, b.com\nc.com  d.com"),
            vec!["a.com", "b.com", "c.com", "d.com"]
        );
    }
}
