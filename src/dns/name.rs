//! Domain names as the validator compares them: labels, canonical order and equality
//! (RFC 4034 §6.1), the canonical wire form (RFC 4034 §6.2), ancestry, and the plain ASCII form
//! shown to people. The bottom of the crate: it imports nothing of ours.

use std::cmp::Ordering;

use hickory_proto::rr::Name;
use hickory_proto::serialize::binary::{BinDecodable, BinDecoder};

/// The labels of a name, leftmost first, without the root label.
pub fn labels(name: &Name) -> Vec<&[u8]> {
    name.iter().collect()
}

/// `label.name`: the name one level down, or `None` when it would be too long. The label is
/// taken as raw octets (no IDNA processing: `*`, `_acme-challenge`).
pub fn child(name: &Name, label: &str) -> Option<Name> {
    let label = hickory_proto::rr::domain::Label::from_raw_bytes(label.as_bytes()).ok()?;
    name.prepend_label(label).ok()
}

/// A name in canonical wire form: uncompressed, ASCII letters lowercased (RFC 4034 §6.2).
pub fn name_to_lowercase_wire(name: &Name) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len() + 1);
    for label in name.iter() {
        out.push(label.len() as u8);
        out.extend(label.iter().map(u8::to_ascii_lowercase));
    }
    out.push(0);
    out
}

/// Canonical DNS name order (RFC 4034 §6.1): compare label by label from the rightmost, each
/// label as a case-folded octet string.
pub fn compare_names(a: &Name, b: &Name) -> Ordering {
    let la = labels(a);
    let lb = labels(b);
    for (x, y) in la.iter().rev().zip(lb.iter().rev()) {
        let ord = x
            .iter()
            .map(u8::to_ascii_lowercase)
            .cmp(y.iter().map(u8::to_ascii_lowercase));
        if ord != Ordering::Equal {
            return ord;
        }
    }
    la.len().cmp(&lb.len())
}

/// Case-insensitive name equality.
pub fn names_equal(a: &Name, b: &Name) -> bool {
    compare_names(a, b) == Ordering::Equal
}

/// `descendant` is `ancestor` or below it.
pub fn is_at_or_below(descendant: &Name, ancestor: &Name) -> bool {
    let ld = labels(descendant);
    let la = labels(ancestor);
    la.len() <= ld.len()
        && la
            .iter()
            .rev()
            .zip(ld.iter().rev())
            .all(|(x, y)| x.eq_ignore_ascii_case(y))
}

/// The number of labels as the RRSIG Labels field counts them: no root, no leading `*`
/// (RFC 4034 §3.1.3).
pub fn rrsig_label_count(name: &Name) -> usize {
    let l = labels(name);
    match l.first() {
        Some(first) if *first == b"*" => l.len() - 1,
        _ => l.len(),
    }
}

/// The rightmost `count` labels of `name`.
pub fn suffix(name: &Name, count: usize) -> Name {
    name.trim_to(count)
}

/// Reads an uncompressed domain name at the start of `bytes`; returns it and its wire length.
pub fn read_uncompressed_name(bytes: &[u8]) -> Option<(Name, usize)> {
    // Compression pointers are not allowed in these RDATA fields (RFC 4034 §3.1.7, §4.1.1,
    // RFC 6672 §2.5 for DNAME); a lone buffer also makes any pointer fail to resolve.
    let mut len = 0usize;
    loop {
        let label_len = usize::from(*bytes.get(len)?);
        if label_len & 0xc0 != 0 {
            return None;
        }
        len += 1 + label_len;
        if label_len == 0 {
            break;
        }
        if len > 255 {
            return None;
        }
    }
    let mut decoder = BinDecoder::new(bytes.get(..len)?);
    let name = Name::read(&mut decoder).ok()?;
    Some((name, len))
}

/// A name as people write it: no trailing dot except for the root.
pub fn display(name: &Name) -> String {
    if name.is_root() {
        ".".to_string()
    } else {
        name.to_lowercase()
            .to_ascii()
            .trim_end_matches('.')
            .to_string()
    }
}
