//! Canonical form and order (RFC 4034 §6) and the signed data of an RRset (RFC 4035 §5.3.2).

use hickory_proto::rr::{Name, RecordType};
use hickory_proto::serialize::binary::{BinEncodable, BinEncoder};

use crate::dns::name::{name_to_lowercase_wire, read_uncompressed_name, rrsig_label_count, suffix};
use crate::dns::records::Rrsig;
use crate::dns::wire::WireRecord;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::name::{compare_names, is_at_or_below};
    use crate::dns::time::{serial_le, serial_lt};
    use std::cmp::Ordering;
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
