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

/// The rightmost `count` labels of `name` (all of it when `count` is larger), case preserved.
///
/// Built from the wire form rather than with hickory-proto's `Name::trim_to`, which unwraps an
/// error internally: that one call would link hickory's whole error formatting, and through it
/// its IDNA (Unicode) tables, into the wasm module (README, "Wasm size").
pub fn suffix(name: &Name, count: usize) -> Name {
    let labels = labels(name);
    let skip = labels.len().saturating_sub(count);
    let mut wire = Vec::with_capacity(name.len() + 2);
    for label in &labels[skip..] {
        wire.push(label.len() as u8);
        wire.extend_from_slice(label);
    }
    wire.push(0);
    // A suffix of a valid name is a valid name, so the fallback is never taken.
    read_uncompressed_name(&wire).map_or_else(Name::root, |(name, _)| name)
}

/// `prefix` labels (leftmost first) followed by `base`: a DNAME substitution (RFC 6672 §2.2).
/// `None` when the result would exceed 255 octets (RFC 1035 §3.1), which RFC 6672 §2.2 turns
/// into YXDOMAIN.
pub fn with_prefix(prefix: &[&[u8]], base: &Name) -> Option<Name> {
    let mut wire = Vec::with_capacity(256);
    for label in prefix.iter().copied().chain(labels(base)) {
        wire.push(u8::try_from(label.len()).ok()?);
        wire.extend_from_slice(label);
    }
    wire.push(0);
    read_uncompressed_name(&wire).map(|(name, _)| name)
}

/// The name one label up (the root stays the root).
pub fn parent(name: &Name) -> Name {
    suffix(name, labels(name).len().saturating_sub(1))
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
        // RFC 1035 §3.1: 255 octets at most, the root label included.
        if len > 255 {
            return None;
        }
        if label_len == 0 {
            break;
        }
    }
    let mut decoder = BinDecoder::new(bytes.get(..len)?);
    let name = Name::read(&mut decoder).ok()?;
    Some((name, len))
}

/// A name as people write it: lowercase, no trailing dot except for the root, A-labels as they
/// are on the wire (no IDNA conversion), special octets escaped as in [`presentation`].
pub fn display(name: &Name) -> String {
    if name.is_root() {
        return ".".to_string();
    }
    let mut out = String::with_capacity(name.len());
    for (i, label) in labels(name).iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_label_text(&mut out, &label.to_ascii_lowercase());
    }
    out
}

/// A name in zone-file presentation form (RFC 1035 §5.1): fully qualified, case preserved,
/// `.` `\` `"` `(` `)` `;` `@` `$` inside a label escaped as `\c`, and space, control and
/// non-ASCII octets as `\DDD` (decimal).
///
/// Ours rather than hickory-proto's `to_ascii`, which unwraps internally (see [`suffix`]) and
/// writes `\DDD` in octal.
pub fn presentation(name: &Name) -> String {
    if name.is_root() {
        return ".".to_string();
    }
    let mut out = String::with_capacity(name.len() + 1);
    for label in labels(name) {
        push_label_text(&mut out, label);
        out.push('.');
    }
    out
}

fn push_label_text(out: &mut String, label: &[u8]) {
    for &byte in label {
        match byte {
            b'.' | b'\\' | b'"' | b'(' | b')' | b';' | b'@' | b'$' => {
                out.push('\\');
                out.push(char::from(byte));
            }
            0x21..=0x7e => out.push(char::from(byte)),
            _ => {
                out.push('\\');
                out.push(char::from(b'0' + byte / 100));
                out.push(char::from(b'0' + byte / 10 % 10));
                out.push(char::from(b'0' + byte % 10));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_labels(parts: &[&[u8]]) -> Name {
        with_prefix(parts, &Name::root()).unwrap()
    }

    #[test]
    fn suffix_keeps_the_rightmost_labels_and_their_case() {
        let name = from_labels(&[b"www", b"Example", b"COM"]);
        assert_eq!(presentation(&suffix(&name, 2)), "Example.COM.");
        assert_eq!(presentation(&suffix(&name, 1)), "COM.");
        assert!(suffix(&name, 0).is_root());
        assert_eq!(suffix(&name, 3), name);
        assert_eq!(presentation(&suffix(&name, 9)), "www.Example.COM.");
        assert!(suffix(&name, 2).is_fqdn());
    }

    #[test]
    fn an_uncompressed_name_is_read_up_to_255_octets() {
        let wire = |sizes: &[usize]| {
            let mut out = Vec::new();
            for &size in sizes {
                out.push(size as u8);
                out.extend(std::iter::repeat_n(b'x', size));
            }
            out.push(0);
            out
        };
        let largest = wire(&[63, 63, 63, 61]);
        assert_eq!(largest.len(), 255);
        let (name, len) = read_uncompressed_name(&largest).unwrap();
        assert_eq!((len, labels(&name).len()), (255, 4));
        assert!(read_uncompressed_name(&wire(&[63, 63, 63, 62])).is_none());
        assert!(read_uncompressed_name(&wire(&[63, 63, 63, 63])).is_none());
        // What follows the name is not read.
        let mut followed = wire(&[3]);
        followed.extend(b"rest");
        assert_eq!(read_uncompressed_name(&followed).unwrap().1, 5);
        // A pointer, a cut-short name, nothing.
        assert!(read_uncompressed_name(b"\x03abc\xc0\x00").is_none());
        assert!(read_uncompressed_name(b"\x03ab").is_none());
        assert!(read_uncompressed_name(b"").is_none());
        assert!(read_uncompressed_name(b"\x00").unwrap().0.is_root());
    }

    #[test]
    fn parent_drops_one_label_and_stops_at_the_root() {
        let name = from_labels(&[b"a", b"b"]);
        assert_eq!(presentation(&parent(&name)), "b.");
        assert!(parent(&parent(&name)).is_root());
        assert!(parent(&Name::root()).is_root());
    }

    #[test]
    fn with_prefix_joins_labels_and_refuses_names_over_255_octets() {
        let base = from_labels(&[b"example"]);
        assert_eq!(
            presentation(&with_prefix(&[b"a", b"B"], &base).unwrap()),
            "a.B.example."
        );
        assert_eq!(with_prefix(&[], &base).unwrap(), base);
        // 4 labels of 63 octets: 4 * 64 + 1 = 257 octets.
        let long = [[b'x'; 63].as_slice(); 4];
        assert!(with_prefix(&long, &Name::root()).is_none());
        // 3 of 63 and one of 61: 3 * 64 + 62 + 1 = 255 octets, the largest name.
        let largest = [[b'x'; 63].as_slice(), &[b'x'; 63], &[b'x'; 63], &[b'x'; 61]];
        assert_eq!(
            name_to_lowercase_wire(&with_prefix(&largest, &Name::root()).unwrap()).len(),
            255
        );
        let too_long = [[b'x'; 63].as_slice(), &[b'x'; 63], &[b'x'; 63], &[b'x'; 62]];
        assert!(with_prefix(&too_long, &Name::root()).is_none());
        assert!(with_prefix(&[&[b'x'; 64]], &Name::root()).is_none());
    }

    #[test]
    fn presentation_escapes_special_and_unprintable_octets_in_decimal() {
        let name = from_labels(&[
            b"a.b",
            b"q\"(x);@$\\",
            b"sp ce",
            &[0, 9, 127, 200, 255],
            b"*",
            b"_tcp-1",
        ]);
        assert_eq!(
            presentation(&name),
            "a\\.b.q\\\"\\(x\\)\\;\\@\\$\\\\.sp\\032ce.\\000\\009\\127\\200\\255.*._tcp-1."
        );
        assert_eq!(presentation(&Name::root()), ".");
    }

    #[test]
    fn display_is_lowercase_without_the_final_dot_and_keeps_a_labels() {
        let name = from_labels(&[b"WWW", b"xn--bcher-kva", b"Example"]);
        assert_eq!(display(&name), "www.xn--bcher-kva.example");
        assert_eq!(display(&from_labels(&[b"A.B", b"x y"])), "a\\.b.x\\032y");
        assert_eq!(display(&Name::root()), ".");
    }
}
