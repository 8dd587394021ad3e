//! Canonical form and order (RFC 4034 §6) and the signed data of an RRset (RFC 4035 §5.3.2).

use hickory_proto::rr::{Name, RData, RecordType};

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
    record
        .data
        .as_ref()
        .and_then(canonical_rdata_with_names)
        .unwrap_or_else(|| record.raw_rdata.clone())
}

/// The canonical RDATA of the decoded types that hold names (their names may have been
/// compressed on the wire). `None` for the others: hickory-proto keeps the rest of the RFC 4034
/// §6.2 list as unknown RDATA, which cannot hold compression pointers (RFC 3597 §4), so their
/// received bytes are used as they are.
///
/// Written here rather than with hickory-proto's `emit`, whose TSIG arm unwraps an error and so
/// links hickory's error formatting and IDNA tables into the wasm module (README, "Wasm size").
fn canonical_rdata_with_names(data: &RData) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match data {
        RData::NS(name) => out.extend(name_to_lowercase_wire(&name.0)),
        RData::CNAME(name) => out.extend(name_to_lowercase_wire(&name.0)),
        RData::PTR(name) => out.extend(name_to_lowercase_wire(&name.0)),
        RData::MX(mx) => {
            out.extend(mx.preference.to_be_bytes());
            out.extend(name_to_lowercase_wire(&mx.exchange));
        }
        RData::SOA(soa) => {
            out.extend(name_to_lowercase_wire(&soa.mname));
            out.extend(name_to_lowercase_wire(&soa.rname));
            for field in [
                soa.serial,
                soa.refresh as u32,
                soa.retry as u32,
                soa.expire as u32,
                soa.minimum,
            ] {
                out.extend(field.to_be_bytes());
            }
        }
        RData::SRV(srv) => {
            for field in [srv.priority, srv.weight, srv.port] {
                out.extend(field.to_be_bytes());
            }
            out.extend(name_to_lowercase_wire(&srv.target));
        }
        RData::NAPTR(naptr) => {
            out.extend(naptr.order.to_be_bytes());
            out.extend(naptr.preference.to_be_bytes());
            for text in [&naptr.flags, &naptr.services, &naptr.regexp] {
                out.push(u8::try_from(text.len()).ok()?);
                out.extend_from_slice(text);
            }
            out.extend(name_to_lowercase_wire(&naptr.replacement));
        }
        _ => return None,
    }
    Some(out)
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
    crate::sort::sort(&mut rdatas);
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

    fn record(data: RData) -> WireRecord {
        WireRecord {
            name: n("Owner.Example."),
            rtype: data.record_type(),
            class: 1,
            ttl: 300,
            raw_rdata: b"received bytes".to_vec(),
            data: Some(data),
        }
    }

    /// What hickory-proto's own encoder writes in canonical form: the reference for our
    /// encoder of the decoded types that hold names (RFC 4034 §6.2 item 3).
    fn hickory_canonical(data: &RData) -> Vec<u8> {
        use hickory_proto::serialize::binary::{BinEncodable, BinEncoder};
        let mut buf = Vec::new();
        let mut encoder = BinEncoder::new(&mut buf);
        encoder.set_canonical_form(true);
        data.emit(&mut encoder).unwrap();
        buf
    }

    #[test]
    fn names_inside_rdata_are_lowercased_and_uncompressed() {
        use hickory_proto::rr::rdata::{CNAME, MX, NAPTR, NS, PTR, SOA, SRV};
        let target = n("Mail.EXAMPLE.");
        let cases = [
            RData::NS(NS(target.clone())),
            RData::CNAME(CNAME(target.clone())),
            RData::PTR(PTR(target.clone())),
            RData::MX(MX::new(10, target.clone())),
            RData::SOA(SOA::new(
                n("NS1.Example."),
                n("HostMaster.Example."),
                2026113001,
                7200,
                -3600,
                1209600,
                300,
            )),
            RData::SRV(SRV::new(1, 2, 443, target.clone())),
            RData::NAPTR(NAPTR::new(
                100,
                10,
                b"s".to_vec().into_boxed_slice(),
                b"sip+d2u".to_vec().into_boxed_slice(),
                Vec::new().into_boxed_slice(),
                n("_Sip._Udp.Example."),
            )),
        ];
        for data in cases {
            let ours = canonical_rdata(&record(data.clone()));
            assert_eq!(ours, hickory_canonical(&data), "{:?}", data.record_type());
            assert!(
                !ours.iter().any(u8::is_ascii_uppercase),
                "{:?} still has capitals",
                data.record_type()
            );
        }
        // One by hand: MX 10 mail.example.
        assert_eq!(
            canonical_rdata(&record(RData::MX(MX::new(10, target)))),
            b"\x00\x0a\x04mail\x07example\x00".to_vec()
        );
    }

    #[test]
    fn other_rdata_is_kept_as_received() {
        use hickory_proto::rr::rdata::{A, TXT};
        // Not in the RFC 4034 §6.2 list: the received bytes are canonical already.
        let txt = record(RData::TXT(TXT::new(vec!["Hello".into()])));
        assert_eq!(canonical_rdata(&txt), b"received bytes".to_vec());
        // In the list but not decoded into a type with names (A is not in the list either).
        let mut odd = record(RData::A(A::new(192, 0, 2, 1)));
        odd.rtype = RecordType::MX;
        assert_eq!(canonical_rdata(&odd), b"received bytes".to_vec());
        let mut undecoded = record(RData::A(A::new(192, 0, 2, 1)));
        undecoded.rtype = RecordType::NS;
        undecoded.data = None;
        assert_eq!(canonical_rdata(&undecoded), b"received bytes".to_vec());
    }

    #[test]
    fn naptr_text_longer_than_a_character_string_is_not_encoded() {
        use hickory_proto::rr::rdata::NAPTR;
        let long = vec![b'a'; 256].into_boxed_slice();
        let naptr = RData::NAPTR(NAPTR::new(
            1,
            1,
            long,
            Box::default(),
            Box::default(),
            n("."),
        ));
        assert_eq!(canonical_rdata(&record(naptr)), b"received bytes".to_vec());
    }

    #[test]
    fn a_dname_target_is_lowercased_when_it_is_the_whole_rdata() {
        // RFC 6672 §2.5: DNAME is in the RFC 4034 §6.2 list (as amended); hickory-proto keeps
        // it undecoded, so the name is read from the received bytes.
        let mut dname = record(RData::A(hickory_proto::rr::rdata::A::new(192, 0, 2, 1)));
        dname.rtype = RecordType::DNAME;
        dname.data = None;
        dname.raw_rdata = b"\x06Target\x07EXAMPLE\x00".to_vec();
        assert_eq!(
            canonical_rdata(&dname),
            b"\x06target\x07example\x00".to_vec()
        );
        // Anything after the name: not a DNAME RDATA, kept as received.
        dname.raw_rdata.push(0);
        assert_eq!(
            canonical_rdata(&dname),
            b"\x06Target\x07EXAMPLE\x00\x00".to_vec()
        );
        // A compression pointer cannot be resolved in a lone RDATA: kept as received.
        dname.raw_rdata = b"\x06Target\xc0\x0c".to_vec();
        assert_eq!(canonical_rdata(&dname), b"\x06Target\xc0\x0c".to_vec());
    }

    #[test]
    fn only_the_listed_types_are_lowercased() {
        use hickory_proto::rr::rdata::NS;
        // The type decides, not what the RDATA decoded as: a TXT record is never rewritten.
        let mut odd = record(RData::NS(NS(n("Mail.EXAMPLE."))));
        odd.rtype = RecordType::TXT;
        assert_eq!(canonical_rdata(&odd), b"received bytes".to_vec());
        odd.rtype = RecordType::NS;
        assert_eq!(canonical_rdata(&odd), b"\x04mail\x07example\x00".to_vec());
        for rtype in [
            RecordType::NSEC,
            RecordType::RRSIG,
            RecordType::SVCB,
            RecordType::HTTPS,
        ] {
            // RFC 6840 §5.1 took NSEC and RRSIG out of the list; SVCB/HTTPS were never in it.
            odd.rtype = rtype;
            assert_eq!(
                canonical_rdata(&odd),
                b"received bytes".to_vec(),
                "{rtype:?}"
            );
        }
    }
}
