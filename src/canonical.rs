//! Canonical form and order (RFC 4034 §6) and the signed data of an RRset (RFC 4035 §5.3.2).

use std::cmp::Ordering;

use hickory_proto::rr::{Name, RecordType};
use hickory_proto::serialize::binary::{BinEncodable, BinEncoder};

use crate::records::{read_uncompressed_name, Rrsig};
use crate::wire::WireRecord;

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

/// Record types whose RDATA names are lowercased in canonical form: RFC 4034 §6.2 as amended
/// by RFC 6840 §5.1 (NSEC and RRSIG removed) and RFC 3597 §7.
fn rdata_names_are_canonicalised(rtype: RecordType) -> bool {
    matches!(
        u16::from(rtype),
        2 | 3
            | 4
            | 5
            | 6
            | 7
            | 8
            | 9
            | 12
            | 14
            | 15
            | 17
            | 18
            | 21
            | 24
            | 26
            | 30
            | 33
            | 35
            | 36
            | 38
            | 39
    )
}

/// The RDATA of a record in canonical form (RFC 4034 §6.2): names uncompressed, and lowercased
/// for the types listed there. For every other type the received bytes are already canonical.
pub fn canonical_rdata(record: &WireRecord) -> Vec<u8> {
    if !rdata_names_are_canonicalised(record.rtype) {
        return record.raw_rdata.clone();
    }
    if record.rtype == RecordType::DNAME {
        // hickory-proto keeps DNAME as unknown RDATA: one uncompressed name (RFC 6672 §2.5).
        if let Some((target, len)) = read_uncompressed_name(&record.raw_rdata) {
            if len == record.raw_rdata.len() {
                return name_to_lowercase_wire(&target);
            }
        }
        return record.raw_rdata.clone();
    }
    match &record.data {
        Some(data) => {
            let mut buf = Vec::new();
            let mut encoder = BinEncoder::new(&mut buf);
            encoder.set_canonical_form(true);
            match data.emit(&mut encoder) {
                Ok(()) => buf,
                Err(_) => record.raw_rdata.clone(),
            }
        }
        None => record.raw_rdata.clone(),
    }
}

/// The data an RRSIG signs (RFC 4035 §5.3.2): the RRSIG RDATA without its signature, then each
/// RR of the RRset in canonical form and canonical order (RFC 4034 §6.3), duplicates removed,
/// with the owner name reconstructed from the Labels field (wildcards) and the Original TTL.
/// `None` when the Labels field exceeds the owner's label count: such an RRSIG must not be used.
pub fn signed_data(rrsig: &Rrsig, owner: &Name, records: &[&WireRecord]) -> Option<Vec<u8>> {
    let owner_labels = rrsig_label_count(owner);
    let labels_field = usize::from(rrsig.labels);
    if labels_field > owner_labels {
        return None;
    }
    let owner_wire = if labels_field < owner_labels {
        let mut wire = b"\x01*".to_vec();
        wire.extend(name_to_lowercase_wire(&suffix(owner, labels_field)));
        wire
    } else {
        // Includes a literal `*` label: such an owner signs as itself.
        name_to_lowercase_wire(owner)
    };

    let mut rdatas: Vec<Vec<u8>> = records.iter().map(|r| canonical_rdata(r)).collect();
    rdatas.sort();
    rdatas.dedup();

    let mut out = rrsig.signed_prefix.clone();
    for rdata in rdatas {
        out.extend_from_slice(&owner_wire);
        out.extend_from_slice(&u16::from(rrsig.type_covered).to_be_bytes());
        out.extend_from_slice(&records[0].class.to_be_bytes());
        out.extend_from_slice(&rrsig.original_ttl.to_be_bytes());
        out.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
        out.extend(rdata);
    }
    Some(out)
}

/// RFC 1982 serial number arithmetic on 32-bit timestamps: `a` is before or equal to `b`.
/// RRSIG inception and expiration are compared this way (RFC 4034 §3.1.5).
pub fn serial_le(a: u32, b: u32) -> bool {
    a == b || serial_lt(a, b)
}

/// RFC 1982 §3.2: `a < b` when the forward distance from a to b is below 2^31.
pub fn serial_lt(a: u32, b: u32) -> bool {
    a != b && b.wrapping_sub(a) < 0x8000_0000
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn n(s: &str) -> Name {
        Name::from_str(s).unwrap()
    }

    /// RFC 4034 §6.1 gives this list in canonical order.
    #[test]
    fn canonical_order_matches_rfc4034_example() {
        let ordered = [
            "example.",
            "a.example.",
            "yljkjljk.a.example.",
            "Z.a.example.",
            "zABC.a.EXAMPLE.",
            "z.example.",
            "\\001.z.example.",
            "*.z.example.",
            "\\200.z.example.",
        ];
        // hickory's text parser rejects \DDD escapes of control octets: build those from bytes.
        let parse = |s: &str| match s {
            "\\001.z.example." => Name::from_labels([&[1u8][..], b"z", b"example"]).unwrap(),
            "\\200.z.example." => Name::from_labels([&[200u8][..], b"z", b"example"]).unwrap(),
            other => n(other),
        };
        for pair in ordered.windows(2) {
            assert_eq!(
                compare_names(&parse(pair[0]), &parse(pair[1])),
                Ordering::Less,
                "{} < {}",
                pair[0],
                pair[1]
            );
        }
        assert_eq!(
            compare_names(&n("Z.A.example."), &n("z.a.EXAMPLE.")),
            Ordering::Equal
        );
    }

    #[test]
    fn serial_arithmetic_wraps() {
        assert!(serial_lt(1, 2));
        assert!(serial_lt(0xffff_fff0, 5)); // wrapped forward
        assert!(!serial_lt(5, 0xffff_fff0));
        assert!(serial_le(7, 7));
        assert!(!serial_lt(0, 0x8000_0000)); // undefined distance: not "less"
    }

    #[test]
    fn label_counting_ignores_wildcard_and_root() {
        assert_eq!(rrsig_label_count(&n("*.example.com.")), 2);
        assert_eq!(rrsig_label_count(&n("www.example.com.")), 3);
        assert_eq!(rrsig_label_count(&Name::root()), 0);
        assert!(is_at_or_below(&n("a.B.example."), &n("b.EXAMPLE.")));
        assert!(!is_at_or_below(&n("example."), &n("b.example.")));
        assert!(is_at_or_below(&n("x."), &Name::root()));
    }
}
