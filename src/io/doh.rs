//! DNS-over-HTTPS (RFC 8484) without I/O: building the HTTP request for a question and reading
//! the HTTP response back into a DNS message.

use crate::dns::wire::{build_query, parse_message_and_length, WireMessage};
use crate::dnssec::validate::Question;
use crate::io::transport::{HttpMethod, HttpRequest, HttpResponse, MAX_BODY};

pub use crate::io::transport::DNS_MESSAGE;

/// The HTTP request for a question: GET with `?dns=` base64url without padding (RFC 8484 §4.1)
/// or POST with the message as body.
pub fn request(url: &str, method: HttpMethod, question: &Question) -> HttpRequest {
    let message = build_query(&question.name, question.rtype);
    match method {
        HttpMethod::Get => {
            let separator = if url.contains('?') { '&' } else { '?' };
            let encoded = crate::dns::codec::base64url_nopad(&message);
            HttpRequest {
                url: format!("{url}{separator}dns={encoded}"),
                method,
                body: Vec::new(),
            }
        }
        HttpMethod::Post => HttpRequest {
            url: url.to_string(),
            method,
            body: message,
        },
    }
}

/// Reads a DoH response; any problem is described for the report.
pub fn read_response(response: &HttpResponse) -> Result<WireMessage, String> {
    if response.status != 200 {
        return Err(format!(
            "the resolver returned HTTP status {}",
            response.status
        ));
    }
    if response.content_type != DNS_MESSAGE {
        let shown = if response.content_type.is_empty() {
            "no content type"
        } else {
            response.content_type.as_str()
        };
        return Err(format!(
            "the resolver returned {shown} instead of {DNS_MESSAGE}"
        ));
    }
    // The transports read at most MAX_BODY + 1 bytes, so a longer body shows as one byte over.
    if response.body.len() > MAX_BODY {
        return Err(
            "the resolver's answer is larger than a DNS message can be (65535 bytes)".into(),
        );
    }
    let (message, length) = parse_message_and_length(&response.body).map_err(|e| e.to_string())?;
    if length < response.body.len() {
        let extra = response.body.len() - length;
        return Err(format!(
            "the answer has {extra} byte{} after the DNS message",
            if extra == 1 { "" } else { "s" }
        ));
    }
    if message.id != 0 {
        return Err(format!(
            "the response ID is {} but the query's was 0",
            message.id
        ));
    }
    Ok(message)
}

/// Checks that a resolver URL is an absolute http(s) URL without credentials, and without
/// invisible formatting characters (bidi overrides, zero-width characters: Unicode Cf), which
/// can make a URL display as another one.
pub fn validate_resolver_url(url: &str) -> Result<(), String> {
    if let Some(c) = url
        .chars()
        .find(|&c| crate::dns::presentation::is_format_char(c))
    {
        return Err(format!(
            "the resolver URL {url:?} contains the invisible character U+{:04X}",
            u32::from(c)
        ));
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(|| format!("the resolver {url:?} must be an https:// (or http://) URL"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty()
        || host.contains('@')
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(format!("the resolver URL {url:?} is not valid"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A response to `. SOA` with no records: header, then the question.
    fn empty_answer() -> Vec<u8> {
        let mut body = vec![0, 0, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0];
        body.extend([0, 0, 6, 0, 1]);
        body
    }

    fn dns_response(body: Vec<u8>) -> HttpResponse {
        HttpResponse {
            status: 200,
            content_type: DNS_MESSAGE.into(),
            body,
        }
    }

    #[test]
    fn a_message_that_fills_the_body_is_read() {
        let message = read_response(&dns_response(empty_answer())).unwrap();
        assert_eq!(message.rcode, 0);
        assert!(message.answers.is_empty());
    }

    #[test]
    fn a_body_larger_than_a_dns_message_is_refused() {
        // What a transport hands over when the resolver sent more: MAX_BODY + 1 bytes.
        let mut body = empty_answer();
        body.resize(MAX_BODY + 1, 0);
        let error = read_response(&dns_response(body)).unwrap_err();
        assert!(
            error.contains("larger than a DNS message can be"),
            "{error}"
        );
        // 65535 bytes is still a possible size: judged by its content (here, trailing zeros).
        let mut body = empty_answer();
        body.resize(MAX_BODY, 0);
        let error = read_response(&dns_response(body)).unwrap_err();
        assert_eq!(
            error,
            format!(
                "the answer has {} bytes after the DNS message",
                MAX_BODY - 17
            )
        );
    }

    #[test]
    fn resolver_urls_with_invisible_characters_are_refused() {
        assert_eq!(
            validate_resolver_url("https://dns.google/dns-query"),
            Ok(())
        );
        for (url, code) in [
            ("https://dns.google/dns-query\u{202e}yreuq-snd", "U+202E"),
            ("\u{202d}https://dns.google/dns-query", "U+202D"),
            ("https://dns\u{200b}.google/dns-query", "U+200B"),
            ("https://dns.google/\u{2066}dns-query\u{2069}", "U+2066"),
            ("https://dns.google/dns-query?\u{61c}", "U+061C"),
            ("https://dns.goo\u{ad}gle/dns-query", "U+00AD"),
            ("\u{feff}https://dns.google/dns-query", "U+FEFF"),
            ("https://dns.google/dns-query\u{e0041}", "U+E0041"),
        ] {
            let error = validate_resolver_url(url).unwrap_err();
            assert!(
                error.contains(&format!("contains the invisible character {code}")),
                "{error}"
            );
            // The message shows the URL escaped, never the raw character.
            assert!(
                !error.chars().any(crate::dns::presentation::is_format_char),
                "{error}"
            );
        }
        // Controls and whitespace stay refused as before.
        for url in ["https://dns.google/\u{1b}[2J", "https://dns.google/a b"] {
            assert!(validate_resolver_url(url).is_err(), "{url:?}");
        }
    }

    #[test]
    fn bytes_after_the_message_are_refused() {
        let mut body = empty_answer();
        body.extend([1, 2, 3]);
        assert_eq!(
            read_response(&dns_response(body)).unwrap_err(),
            "the answer has 3 bytes after the DNS message"
        );
        let mut body = empty_answer();
        body.push(0);
        assert_eq!(
            read_response(&dns_response(body)).unwrap_err(),
            "the answer has 1 byte after the DNS message"
        );
    }
}
