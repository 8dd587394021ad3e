//! DNS-over-HTTPS (RFC 8484) without I/O: building the HTTP request for a question and reading
//! the HTTP response back into a DNS message.

use crate::transport::{HttpMethod, HttpRequest, HttpResponse, MAX_BODY};
use crate::validate::Question;
use crate::wire::{build_query, parse_message_and_length, WireMessage};

/// The media type of DNS messages over HTTP (RFC 8484 §6).
pub const DNS_MESSAGE: &str = "application/dns-message";

/// The HTTP request for a question: GET with `?dns=` base64url without padding (RFC 8484 §4.1)
/// or POST with the message as body.
pub fn request(url: &str, method: HttpMethod, question: &Question) -> HttpRequest {
    let message = build_query(&question.name, question.rtype);
    match method {
        HttpMethod::Get => {
            let separator = if url.contains('?') { '&' } else { '?' };
            let encoded = crate::codec::base64url_nopad(&message);
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

/// Checks that a resolver URL is an absolute http(s) URL without credentials.
pub fn validate_resolver_url(url: &str) -> Result<(), String> {
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
