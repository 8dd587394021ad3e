//! Records in presentation (zone-file) format, for the report: RFC 1035 §5.1 for the classic
//! types, RFC 8659 §4.1.1 for CAA, RFC 4034 §§2.2, 5.3 for DNSKEY and DS, and RFC 3597 §5
//! `\# length hex` for every other type.
//!
//! Names are written in their ASCII form (A-labels), exactly as they are on the wire.

use hickory_proto::rr::{Name, RData, RecordType};

use crate::dns::codec;
use crate::dns::name::{presentation, read_uncompressed_name};
use crate::dns::records::{Dnskey, Ds};
use crate::dns::wire::WireRecord;

/// `owner TTL IN TYPE rdata`.
pub fn record_text(record: &WireRecord) -> String {
    format!(
        "{} {} IN {} {}",
        presentation(&record.name),
        record.ttl,
        record.rtype,
        rdata_text(record)
    )
}

/// The RDATA of `record` in presentation format.
pub fn rdata_text(record: &WireRecord) -> String {
    known_rdata_text(record).unwrap_or_else(|| unknown_rdata_text(&record.raw_rdata))
}

fn known_rdata_text(record: &WireRecord) -> Option<String> {
    let raw = &record.raw_rdata;
    let text = match (record.rtype, &record.data) {
        (_, Some(RData::A(a))) => a.0.to_string(),
        (_, Some(RData::AAAA(aaaa))) => aaaa.0.to_string(),
        (_, Some(RData::CNAME(target))) => name_text(&target.0),
        (_, Some(RData::NS(target))) => name_text(&target.0),
        (_, Some(RData::PTR(target))) => name_text(&target.0),
        (_, Some(RData::MX(mx))) => format!("{} {}", mx.preference, name_text(&mx.exchange)),
        (_, Some(RData::SRV(srv))) => format!(
            "{} {} {} {}",
            srv.priority,
            srv.weight,
            srv.port,
            name_text(&srv.target)
        ),
        (_, Some(RData::SOA(soa))) => format!(
            "{} {} {} {} {} {} {}",
            name_text(&soa.mname),
            name_text(&soa.rname),
            soa.serial,
            soa.refresh,
            soa.retry,
            soa.expire,
            soa.minimum
        ),
        (_, Some(RData::TXT(txt))) => txt
            .txt_data
            .iter()
            .map(|s| character_string(s))
            .collect::<Vec<_>>()
            .join(" "),
        (RecordType::CAA, _) => caa_text(raw)?,
        // RFC 6672 §2.5: one uncompressed name.
        (RecordType::DNAME, _) => match read_uncompressed_name(raw)? {
            (target, len) if len == raw.len() => name_text(&target),
            _ => return None,
        },
        (RecordType::DS | RecordType::CDS, _) => {
            let ds = Ds::parse(raw).ok()?;
            format!(
                "{} {} {} {}",
                ds.key_tag,
                ds.algorithm,
                ds.digest_type,
                codec::hex_upper(&ds.digest)
            )
        }
        (RecordType::DNSKEY | RecordType::CDNSKEY, _) => {
            let key = Dnskey::parse(raw).ok()?;
            format!(
                "{} {} {} {}",
                key.flags,
                key.protocol,
                key.algorithm,
                codec::base64(&key.public_key)
            )
        }
        _ => return None,
    };
    Some(text)
}

/// RFC 3597 §5: `\# <length> <hex>` (`\# 0` for empty RDATA).
fn unknown_rdata_text(raw: &[u8]) -> String {
    if raw.is_empty() {
        "\\# 0".to_string()
    } else {
        format!("\\# {} {}", raw.len(), codec::hex_upper(raw))
    }
}

fn name_text(name: &Name) -> String {
    presentation(name)
}

/// A `<character-string>` in double quotes: `"` and `\` escaped with a backslash, bytes
/// outside printable ASCII as `\DDD` (RFC 1035 §5.1).
pub fn character_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03}")),
        }
    }
    out.push('"');
    out
}

/// An invisible formatting character (Unicode general category Cf, Unicode 16): the bidi
/// embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and marks (U+200E,
/// U+200F, U+061C), zero-width characters (U+200B-U+200D, U+2060, U+FEFF), the soft hyphen
/// (U+00AD), tag characters (U+E0001, U+E0020-U+E007F), and the rest of the category. They
/// change how the text around them is displayed (a right-to-left override reverses it) while
/// showing nothing themselves, so text from the network containing them is escaped before it
/// reaches a terminal, and refused where a user gives a URL.
pub fn is_format_char(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// RFC 8659 §4.1.1: `flags tag "value"`; `None` when the RDATA is malformed.
fn caa_text(raw: &[u8]) -> Option<String> {
    let flags = *raw.first()?;
    let tag_len = usize::from(*raw.get(1)?);
    let tag = raw.get(2..2 + tag_len)?;
    if tag.is_empty() || !tag.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let value = &raw[2 + tag_len..];
    Some(format!(
        "{flags} {} {}",
        String::from_utf8_lossy(tag),
        character_string(value)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn record(rtype: RecordType, raw: Vec<u8>, data: Option<RData>) -> WireRecord {
        WireRecord {
            name: Name::from_str("www.example.").unwrap(),
            rtype,
            class: 1,
            ttl: 300,
            raw_rdata: raw,
            data,
        }
    }

    #[test]
    fn txt_is_quoted_and_escaped() {
        let txt = hickory_proto::rr::rdata::TXT::from_bytes(vec![
            b"<script>alert(\"x\")</script>".as_slice(),
            b"a\\b\x07".as_slice(),
        ]);
        let r = record(RecordType::TXT, Vec::new(), Some(RData::TXT(txt)));
        assert_eq!(
            record_text(&r),
            r#"www.example. 300 IN TXT "<script>alert(\"x\")</script>" "a\\b\007""#
        );
    }

    #[test]
    fn caa_follows_rfc8659() {
        let mut raw = vec![128, 5];
        raw.extend(b"issueletsencrypt.org");
        let r = record(RecordType::CAA, raw, None);
        assert_eq!(rdata_text(&r), "128 issue \"letsencrypt.org\"");
        // A tag length beyond the RDATA is malformed: fall back to RFC 3597.
        let r = record(RecordType::CAA, vec![0, 9, b'a'], None);
        assert_eq!(rdata_text(&r), "\\# 3 000961");
    }

    #[test]
    fn dname_and_unknown_types() {
        let raw = vec![3, b'f', b'o', b'o', 0];
        let r = record(RecordType::DNAME, raw.clone(), None);
        assert_eq!(rdata_text(&r), "foo.");
        let r = record(RecordType::Unknown(65000), raw, None);
        assert_eq!(rdata_text(&r), "\\# 5 03666F6F00");
        let r = record(RecordType::Unknown(65000), Vec::new(), None);
        assert_eq!(rdata_text(&r), "\\# 0");
    }

    #[test]
    fn addresses_and_mx() {
        let a = hickory_proto::rr::rdata::A::new(192, 0, 2, 1);
        let r = record(RecordType::A, vec![192, 0, 2, 1], Some(RData::A(a)));
        assert_eq!(record_text(&r), "www.example. 300 IN A 192.0.2.1");
        let mx = hickory_proto::rr::rdata::MX::new(10, Name::from_str("mail.example.").unwrap());
        let r = record(RecordType::MX, Vec::new(), Some(RData::MX(mx)));
        assert_eq!(rdata_text(&r), "10 mail.example.");
    }

    #[test]
    fn format_characters_are_recognised() {
        for c in [
            '\u{ad}',
            '\u{61c}',
            '\u{200b}',
            '\u{200e}',
            '\u{200f}',
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{2060}',
            '\u{feff}',
            '\u{e0001}',
            '\u{e007f}',
        ] {
            assert!(is_format_char(c), "{c:?}");
        }
        for c in [
            'a', ' ', '-', '\u{1b}', '\u{e9}', '\u{5d0}', '\u{2028}', '\u{2070}',
        ] {
            assert!(!is_format_char(c), "{c:?}");
        }
    }

    #[test]
    fn ds_in_presentation_form() {
        let mut raw = vec![0x30, 0x39, 13, 2];
        raw.extend([0xab; 32]);
        let r = record(RecordType::DS, raw, None);
        assert_eq!(rdata_text(&r), format!("12345 13 2 {}", "AB".repeat(32)));
    }
}
