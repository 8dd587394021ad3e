//! The CA's own error message, pasted back: DigiCert reports a DNSSEC failure of an order as
//! `caa_dnssec_error` with a message `FQDN;STATUS[;ERROR]`, several joined by `,`, e.g.
//! `www.example.com;BOGUS;DNSSEC_BOGUS,example.com;SECURE`. People paste it as it is, with the
//! code in front (`caa_dnssec_error: …`), or as the API's whole JSON error object. Each name is
//! then checked again as a certificate order and compared with what the CA saw (then → now).

pub use crate::report::model::CaVerdict;
use crate::report::{ErrorCode, Status};

/// A pasted text that looks like the CA's message but cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaMessageError {
    /// The part that did not parse, as given.
    pub part: String,
    /// Why that part cannot be read.
    pub detail: String,
}

impl std::fmt::Display for CaMessageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the CA message part {:?} cannot be read: {} (expected FQDN;STATUS or FQDN;STATUS;ERROR, e.g. www.example.com;BOGUS;DNSSEC_BOGUS)",
            self.part, self.detail
        )
    }
}

/// The error code the CA uses for DNSSEC failures of an order.
pub const CA_ERROR_CODE: &str = "caa_dnssec_error";

fn status_of(word: &str) -> Option<Status> {
    match word.trim().to_ascii_uppercase().as_str() {
        "SECURE" => Some(Status::Secure),
        "INSECURE" => Some(Status::Insecure),
        "BOGUS" => Some(Status::Bogus),
        "INDETERMINATE" => Some(Status::Indeterminate),
        _ => None,
    }
}

fn error_of(word: &str) -> Option<ErrorCode> {
    match word.trim().to_ascii_uppercase().as_str() {
        "DNSKEY_MISSING" => Some(ErrorCode::DnskeyMissing),
        "DNSSEC_BOGUS" => Some(ErrorCode::DnssecBogus),
        "NSEC_MISSING" => Some(ErrorCode::NsecMissing),
        "RSIGS_MISSING" => Some(ErrorCode::RsigsMissing),
        "IO_EXCEPTION" => Some(ErrorCode::IoException),
        "OTHER" => Some(ErrorCode::Other),
        _ => None,
    }
}

/// Whether `text` claims to be a CA message: some `;` is followed by a status word.
fn looks_like_ca_line(text: &str) -> bool {
    text.split(';')
        .skip(1)
        .any(|part| status_of(part.split(',').next().unwrap_or("")).is_some())
}

/// A string literal of a JSON text: its value, whether it is an object key, and which object
/// (numbered in order of appearance) holds it.
struct JsonString {
    value: String,
    is_key: bool,
    object: usize,
}

/// The string literals of a JSON text, in order (RFC 8259 §7); `None` when a string is
/// malformed. A tiny reader instead of a JSON library keeps the wasm small: only strings and
/// the objects holding them matter here.
fn json_strings(text: &str) -> Option<Vec<JsonString>> {
    let mut out = Vec::new();
    let mut objects = 0usize;
    let mut open: Vec<usize> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                objects += 1;
                open.push(objects);
                continue;
            }
            '}' => {
                open.pop();
                continue;
            }
            '"' => {}
            _ => continue,
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '"' => break,
                '\\' => match chars.next()? {
                    '"' => value.push('"'),
                    '\\' => value.push('\\'),
                    '/' => value.push('/'),
                    'b' => value.push('\u{8}'),
                    'f' => value.push('\u{c}'),
                    'n' => value.push('\n'),
                    'r' => value.push('\r'),
                    't' => value.push('\t'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                        let unit = u32::from_str_radix(&hex, 16).ok()?;
                        value.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                    }
                    _ => return None,
                },
                c => value.push(c),
            }
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        out.push(JsonString {
            value,
            is_key: chars.peek() == Some(&':'),
            object: open.last().copied().unwrap_or(0),
        });
    }
    Some(out)
}

/// The message inside the API's JSON error object: the `message` value of the object whose
/// code is `caa_dnssec_error`, or else any string value that looks like a CA line.
fn message_in_json(text: &str) -> Option<String> {
    let strings = json_strings(text)?;
    let value_of = |object: usize, key: &str| {
        strings.windows(2).find_map(|pair| {
            (pair[0].is_key
                && !pair[1].is_key
                && pair[0].object == object
                && pair[1].object == object
                && pair[0].value == key)
                .then(|| pair[1].value.clone())
        })
    };
    let coded = strings
        .iter()
        .filter(|s| !s.is_key && s.value.eq_ignore_ascii_case(CA_ERROR_CODE))
        .find_map(|s| value_of(s.object, "message").filter(|m| looks_like_ca_line(m)));
    coded.or_else(|| {
        strings
            .iter()
            .find(|s| !s.is_key && looks_like_ca_line(&s.value))
            .map(|s| s.value.clone())
    })
}

/// Reads a pasted CA message. `None`: the text is not one (a plain list of names); `Some(Err)`:
/// it looks like one but a part cannot be read; `Some(Ok)`: the names with the CA's verdicts,
/// in the CA's order, each name once.
pub fn parse(text: &str) -> Option<Result<Vec<CaVerdict>, CaMessageError>> {
    let trimmed = text.trim();
    let line = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        message_in_json(trimmed)?
    } else {
        trimmed.to_string()
    };
    // `caa_dnssec_error: …`, `caa_dnssec_error - …`, or the code alone before the message.
    let mut line = line.trim();
    if line.len() >= CA_ERROR_CODE.len()
        && line[..CA_ERROR_CODE.len()].eq_ignore_ascii_case(CA_ERROR_CODE)
    {
        line = line[CA_ERROR_CODE.len()..]
            .trim_start_matches(|c: char| c == ':' || c == '-' || c == '=' || c.is_whitespace());
    }
    let line = line.trim().trim_matches('"').trim();
    if !looks_like_ca_line(line) {
        return None;
    }
    let mut verdicts: Vec<CaVerdict> = Vec::new();
    for part in line.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let fail = |detail: &str| {
            Some(Err(CaMessageError {
                part: part.to_string(),
                detail: detail.to_string(),
            }))
        };
        let fields: Vec<&str> = part.split(';').map(str::trim).collect();
        if fields.len() < 2 || fields.len() > 3 {
            return fail("it needs two or three fields separated by ';'");
        }
        if fields[0].is_empty() || fields[0].contains(char::is_whitespace) {
            return fail("the first field must be the domain name");
        }
        let Some(status) = status_of(fields[1]) else {
            return fail("the status must be SECURE, INSECURE, BOGUS or INDETERMINATE");
        };
        let error = match fields.get(2) {
            None => None,
            Some(word) => match error_of(word) {
                Some(error) => Some(error),
                None => {
                    return fail(
                        "the error must be DNSKEY_MISSING, DNSSEC_BOGUS, NSEC_MISSING, RSIGS_MISSING, IO_EXCEPTION or OTHER",
                    )
                }
            },
        };
        let name = fields[0].trim_end_matches('.').to_ascii_lowercase();
        if !verdicts.iter().any(|v| v.name == name) {
            verdicts.push(CaVerdict {
                name,
                status,
                error,
            });
        }
    }
    Some(Ok(verdicts))
}

/// One sentence comparing what the CA saw with what the check finds now.
pub fn then_now(
    then: &CaVerdict,
    now: Status,
    now_error: Option<ErrorCode>,
    reason: &str,
) -> String {
    let said = crate::report::status_and_error;
    let was = said(then.status, then.error);
    let is = said(now, now_error);
    let failing = |s: Status| s == Status::Bogus || s == Status::Indeterminate;
    match (failing(then.status), failing(now)) {
        (true, false) => format!(
            "The CA saw {was}; now {is}: the fix is visible. Ask the CA to retry validation (a CA resolver may keep the old answers until their TTLs run out)."
        ),
        (true, true) if was == is => format!("The CA saw {was}; still {is}: {reason}"),
        (true, true) => format!("The CA saw {was}; now {is}, a different failure: {reason}"),
        (false, true) => format!("The CA saw {was}; now {is}: something broke since: {reason}"),
        (false, false) if was == is => format!("The CA saw {was}; still {is}: nothing to fix here."),
        (false, false) => format!("The CA saw {was}; now {is}: nothing blocks issuance."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(name: &str, status: Status, error: Option<ErrorCode>) -> CaVerdict {
        CaVerdict {
            name: name.into(),
            status,
            error,
        }
    }

    #[test]
    fn reads_the_line_in_every_wrapping() {
        let want = vec![
            v(
                "www.example.com",
                Status::Bogus,
                Some(ErrorCode::DnssecBogus),
            ),
            v("example.com", Status::Secure, None),
            v("*.example.com", Status::Bogus, Some(ErrorCode::NsecMissing)),
        ];
        let line = "www.example.com;BOGUS;DNSSEC_BOGUS,example.com;SECURE,*.example.com;BOGUS;NSEC_MISSING";
        for text in [
            line.to_string(),
            format!("  {line}\n"),
            format!("caa_dnssec_error: {line}"),
            format!("CAA_DNSSEC_ERROR {line}"),
            format!("caa_dnssec_error - \"{line}\""),
            format!(r#"{{"errors":[{{"code":"caa_dnssec_error","message":"{line}"}}]}}"#),
            format!(r#"{{"errors":[{{"code":"other","message":"x"}},{{"message":"{line}","code":"caa_dnssec_error"}}]}}"#),
            format!(r#"[{{"message":"{line}"}}]"#),
            format!(r#"{{"errors": [ {{"message" : "ignored;BOGUS", "code":"x"}}, {{"code" : "caa_dnssec_error", "message" : "{line}"}} ] }}"#),
            format!(r#"{{"detail":"{}"}}"#, line.replace('*', r"\u002a")),
            "www.example.com;bogus;dnssec_bogus, Example.COM.;SECURE, *.example.com;BOGUS;NSEC_MISSING,www.example.com;SECURE".to_string(),
        ] {
            assert_eq!(parse(&text), Some(Ok(want.clone())), "{text}");
        }
    }

    #[test]
    fn plain_name_lists_are_not_ca_messages() {
        for text in [
            "example.com",
            "www.example.com, *.example.com",
            "a.example;b.example",
            "https://example.com/path;x",
            "{\"names\":[\"example.com\"]}",
            "{not json",
            "",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn malformed_messages_quote_the_part_that_did_not_parse() {
        for (text, part) in [
            (
                "www.example.com;BOGUS;NOT_A_CODE",
                "www.example.com;BOGUS;NOT_A_CODE",
            ),
            ("a.example;SECURE,b.example;MAYBE", "b.example;MAYBE"),
            ("a.example;SECURE,b.example", "b.example"),
            (
                "a.example;BOGUS;DNSSEC_BOGUS;extra",
                "a.example;BOGUS;DNSSEC_BOGUS;extra",
            ),
            ("a.example;SECURE,;BOGUS", ";BOGUS"),
        ] {
            let error = parse(text).expect("looks like a CA message").unwrap_err();
            assert_eq!(error.part, part, "{text}");
            assert!(error.to_string().contains(&format!("{part:?}")), "{error}");
        }
    }

    #[test]
    fn then_and_now_in_words() {
        let bogus = v("a.example", Status::Bogus, Some(ErrorCode::DnssecBogus));
        let fixed = then_now(&bogus, Status::Secure, None, "");
        assert!(fixed.starts_with("The CA saw BOGUS DNSSEC_BOGUS; now SECURE: the fix is visible. Ask the CA to retry validation"), "{fixed}");
        assert!(then_now(&bogus, Status::Insecure, None, "").contains("the fix is visible"));
        let still = then_now(
            &bogus,
            Status::Bogus,
            Some(ErrorCode::DnssecBogus),
            "key 1 expired.",
        );
        assert_eq!(
            still,
            "The CA saw BOGUS DNSSEC_BOGUS; still BOGUS DNSSEC_BOGUS: key 1 expired."
        );
        let other = then_now(
            &bogus,
            Status::Bogus,
            Some(ErrorCode::NsecMissing),
            "no NSEC.",
        );
        assert!(other.contains("a different failure: no NSEC."), "{other}");
        let secure = v("a.example", Status::Secure, None);
        let broke = then_now(
            &secure,
            Status::Bogus,
            Some(ErrorCode::RsigsMissing),
            "unsigned.",
        );
        assert!(
            broke.contains("something broke since: unsigned."),
            "{broke}"
        );
        assert!(then_now(&secure, Status::Secure, None, "").contains("nothing to fix"));
    }
}
