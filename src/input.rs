//! What users paste: a domain name, a URL, an e-mail address, an IDN. Turned into a DNS name
//! or a clear message, never a panic.

use std::str::FromStr;

use hickory_proto::rr::{Name, RecordType};

/// Why an input is not something we can check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    Empty,
    /// An IP address was given where a domain name is needed.
    IpAddress(String),
    /// Not a valid domain name; the detail says why.
    InvalidName {
        input: String,
        detail: String,
    },
    UnknownType(String),
    BadTrustAnchor(String),
    BadResolver(String),
    /// The CA for an order check is not an issuer domain name.
    BadCa(String),
    NoNames,
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
pub fn parse_type(input: &str) -> Result<RecordType, InputError> {
    let upper = input.trim().to_ascii_uppercase();
    if let Some(number) = upper.strip_prefix("TYPE") {
        if let Ok(n) = number.parse::<u16>() {
            return Ok(RecordType::from(n));
        }
    }
    match RecordType::from_str(&upper) {
        Ok(t)
            if !matches!(
                t,
                RecordType::OPT | RecordType::ANY | RecordType::AXFR | RecordType::IXFR
            ) =>
        {
            Ok(t)
        }
        _ => Err(InputError::UnknownType(input.trim().to_string())),
    }
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
