//! DNS-over-HTTPS (RFC 8484) without I/O: building the HTTP request for a question and reading
//! the HTTP response back into a DNS message.

use crate::transport::{HttpMethod, HttpRequest, HttpResponse};
use crate::validate::Question;
use crate::wire::{build_query, parse_message, WireMessage};

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
    let message = parse_message(&response.body).map_err(|e| e.to_string())?;
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
