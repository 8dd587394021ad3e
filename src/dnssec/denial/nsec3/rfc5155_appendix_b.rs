//! RFC 5155 Appendix B: every example response of the appendix, checked against our NSEC3
//! proofs with the NSEC3 records of the Appendix A zone (`example.`, SHA-1, salt aabbccdd,
//! 12 iterations; every record has the Opt-Out flag set, as the zone was signed with opt-out).
//! For each example: the outcome our proof code establishes, and that it fails once one of the
//! records the example needs is taken away.

use std::str::FromStr;

use hickory_proto::rr::{Name, RecordType};

use super::{hash_name, prove, Chain};
use crate::dns::records::{Nsec3, TypeBitmap};
use crate::dnssec::denial::{Goal, NotProven, Proven};

const SALT: [u8; 4] = [0xaa, 0xbb, 0xcc, 0xdd];
const ITERATIONS: u16 = 12;

use RecordType::{A, AAAA, DNSKEY, DS, HINFO, MX, NS, NSEC3PARAM, RRSIG, SOA};

/// The NSEC3 chain of RFC 5155 Appendix A in hash order: owner hash, next hashed owner, the
/// type bit map, and the name it stands for.
#[rustfmt::skip] // One record per line reads as the appendix does.
const APPENDIX_A: &[(&str, &str, &[RecordType], &str)] = &[
    ("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", "2t7b4g4vsa5smi47k61mv5bv1a22bojr", &[NS, SOA, MX, RRSIG, DNSKEY, NSEC3PARAM], "example."),
    ("2t7b4g4vsa5smi47k61mv5bv1a22bojr", "2vptu5timamqttgl4luu9kg21e0aor3s", &[A, RRSIG], "ns1.example."),
    ("2vptu5timamqttgl4luu9kg21e0aor3s", "35mthgpgcu1qg68fab165klnsnk3dpvl", &[MX, RRSIG], "x.y.w.example."),
    ("35mthgpgcu1qg68fab165klnsnk3dpvl", "b4um86eghhds6nea196smvmlo4ors995", &[NS, DS, RRSIG], "a.example."),
    ("b4um86eghhds6nea196smvmlo4ors995", "gjeqe526plbf1g8mklp59enfd789njgi", &[MX, RRSIG], "x.w.example."),
    ("gjeqe526plbf1g8mklp59enfd789njgi", "ji6neoaepv8b5o6k4ev33abha8ht9fgc", &[A, HINFO, AAAA, RRSIG], "ai.example."),
    ("ji6neoaepv8b5o6k4ev33abha8ht9fgc", "k8udemvp1j2f7eg6jebps17vp3n8i58h", &[], "y.w.example."),
    ("k8udemvp1j2f7eg6jebps17vp3n8i58h", "kohar7mbb8dc2ce8a9qvl8hon4k53uhi", &[], "w.example."),
    ("kohar7mbb8dc2ce8a9qvl8hon4k53uhi", "q04jkcevqvmu85r014c7dkba38o0ji5r", &[A, RRSIG], "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example."),
    ("q04jkcevqvmu85r014c7dkba38o0ji5r", "r53bq7cc2uvmubfu5ocmm6pers9tk9en", &[A, RRSIG], "ns2.example."),
    ("r53bq7cc2uvmubfu5ocmm6pers9tk9en", "t644ebqk9bibcna874givr6joj62mlhv", &[MX, RRSIG], "*.w.example."),
    ("t644ebqk9bibcna874givr6joj62mlhv", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", &[A, HINFO, AAAA, RRSIG], "xx.example."),
];

fn n(text: &str) -> Name {
    Name::from_str(text).unwrap()
}

fn zone() -> Name {
    n("example.")
}

fn bitmap(types: &[RecordType]) -> TypeBitmap {
    let mut bits = [0u8; 32];
    let mut len = 0;
    for &t in types {
        let t = u16::from(t);
        assert!(t < 256, "window 0 only");
        bits[usize::from(t / 8)] |= 0x80 >> (t % 8);
        len = len.max(usize::from(t / 8) + 1);
    }
    let mut bytes = Vec::new();
    if len > 0 {
        bytes.extend([0, len as u8]);
        bytes.extend_from_slice(&bits[..len]);
    }
    TypeBitmap::parse(&bytes, RecordType::NSEC3).unwrap()
}

/// The Appendix A NSEC3 record whose owner hash starts with `prefix`, with its Opt-Out flag.
fn record_with(prefix: &str, opt_out: bool) -> (Name, Nsec3) {
    let (owner, next, types, _) = APPENDIX_A
        .iter()
        .find(|(owner, ..)| owner.starts_with(prefix))
        .unwrap_or_else(|| panic!("no Appendix A record {prefix}"));
    (
        n(&format!("{owner}.example.")),
        Nsec3 {
            hash_algorithm: 1,
            flags: u8::from(opt_out),
            iterations: ITERATIONS,
            salt: SALT.to_vec(),
            next_hashed: crate::dns::codec::base32hex_decode(next).unwrap(),
            types: bitmap(types),
        },
    )
}

/// The records of an Appendix B response, as published (Opt-Out set).
fn records(prefixes: &[&str]) -> Vec<(Name, Nsec3)> {
    prefixes.iter().map(|p| record_with(p, true)).collect()
}

/// The same records with the Opt-Out flag cleared, as in a zone signed without opt-out.
fn records_without_opt_out(prefixes: &[&str]) -> Vec<(Name, Nsec3)> {
    prefixes.iter().map(|p| record_with(p, false)).collect()
}

/// Asserts that taking away any one record of `prefixes` breaks the proof, whether or not an
/// unrelated record of the chain is left in its place.
fn assert_each_record_is_needed(qname: &str, goal: Goal, prefixes: &[&str]) {
    let unrelated = APPENDIX_A
        .iter()
        .map(|(owner, ..)| &owner[..4])
        .find(|p| !prefixes.contains(p))
        .unwrap();
    for skip in 0..prefixes.len() {
        let mut kept: Vec<&str> = prefixes.to_vec();
        let removed = kept.remove(skip);
        for extra in [None, Some(unrelated)] {
            let mut set = kept.clone();
            set.extend(extra);
            let outcome = prove(&n(qname), &zone(), goal, &records(&set));
            assert!(
                matches!(
                    outcome,
                    Err(NotProven::Insufficient(_)) | Err(NotProven::NoRecords)
                ),
                "{qname} {goal:?} without {removed} (plus {extra:?}): {outcome:?}"
            );
        }
    }
}

/// Our transcription of Appendix A is the zone's chain: each name hashes to its owner, the next
/// hashed owner is the following record, and the last one wraps to the first (RFC 5155 §3.1.7).
#[test]
fn appendix_a_chain_is_consistent() {
    for (i, (owner, next, _, name)) in APPENDIX_A.iter().enumerate() {
        assert_eq!(
            super::encode_hash(&hash_name(&n(name), &SALT, ITERATIONS)),
            *owner,
            "{name}"
        );
        assert_eq!(*next, APPENDIX_A[(i + 1) % APPENDIX_A.len()].0);
    }
    let chain_records = records(&APPENDIX_A.iter().map(|r| r.0).collect::<Vec<_>>());
    assert_eq!(Chain::new(&zone(), &chain_records).records.len(), 12);
}

/// B.1 Name Error, `a.c.x.w.example`: the closest encloser `x.w.example` matches (b4um), the
/// next closer name `c.x.w.example` is covered (0p9m) and so is the wildcard `*.x.w.example`
/// (35mt), RFC 5155 §8.4. The record covering the next closer name has the Opt-Out flag, so
/// the name could be an unsigned delegation and the NXDOMAIN is only insecure (RFC 5155 §6;
/// BIND and Unbound treat it so); without opt-out the same records prove NXDOMAIN.
#[test]
fn b1_name_error() {
    let proof = ["0p9m", "b4um", "35mt"];
    let qname = n("a.c.x.w.example.");
    let published = records(&proof);
    let chain = Chain::new(&zone(), &published);
    assert_eq!(
        chain.closest_encloser(&qname, &zone()).ok().flatten(),
        Some((n("x.w.example."), true))
    );
    assert_eq!(
        chain
            .covering(&n("c.x.w.example."))
            .ok()
            .flatten()
            .map(|r| r.next_hashed.clone()),
        Some(published[0].1.next_hashed.clone())
    );
    assert_eq!(
        chain
            .covering(&n("*.x.w.example."))
            .ok()
            .flatten()
            .map(|r| r.next_hashed.clone()),
        Some(published[2].1.next_hashed.clone())
    );

    assert_eq!(
        prove(&qname, &zone(), Goal::NxDomain, &published),
        Ok(Proven::OptOut)
    );
    assert_eq!(
        prove(
            &qname,
            &zone(),
            Goal::NxDomain,
            &records_without_opt_out(&proof)
        ),
        Ok(Proven::NxDomain)
    );
    assert_each_record_is_needed("a.c.x.w.example.", Goal::NxDomain, &proof);
    // A name that exists cannot be denied with the chain that contains it.
    assert!(prove(
        &n("x.w.example."),
        &zone(),
        Goal::NxDomain,
        &records_without_opt_out(&proof)
    )
    .is_err());
}

/// B.2 No Data Error, `ns1.example MX`: the NSEC3 matching `ns1.example` (2t7b) lists A and
/// RRSIG only (RFC 5155 §8.5).
#[test]
fn b2_no_data() {
    let proof = ["2t7b"];
    let published = records(&proof);
    assert_eq!(
        prove(&n("ns1.example."), &zone(), Goal::NoData(MX), &published),
        Ok(Proven::NoData)
    );
    assert!(matches!(
        prove(&n("ns1.example."), &zone(), Goal::NoData(A), &published),
        Err(NotProven::Insufficient(_))
    ));
    assert_each_record_is_needed("ns1.example.", Goal::NoData(MX), &proof);
}

/// B.2.1 No Data Error, Empty Non-Terminal, `y.w.example A`: the NSEC3 matching the empty
/// non-terminal (ji6n) has an empty type bit map (RFC 5155 §7.2.3, §8.5).
#[test]
fn b2_1_no_data_empty_non_terminal() {
    let proof = ["ji6n"];
    assert_eq!(
        prove(
            &n("y.w.example."),
            &zone(),
            Goal::NoData(A),
            &records(&proof)
        ),
        Ok(Proven::NoData)
    );
    assert_each_record_is_needed("y.w.example.", Goal::NoData(A), &proof);
}

/// B.3 Referral to an Opt-Out Unsigned Zone, `mc.c.example MX`: the DS question at the cut
/// `c.example` has the closest provable encloser `example` (0p9m matches) and the next closer
/// name `c.example` covered by an Opt-Out NSEC3 (35mt): the delegation is unsigned
/// (RFC 5155 §8.9, §6). Without opt-out the same records would prove that `c.example` does
/// not exist.
#[test]
fn b3_referral_to_an_opt_out_unsigned_zone() {
    let proof = ["35mt", "0p9m"];
    let published = records(&proof);
    assert_eq!(
        Chain::new(&zone(), &published)
            .closest_encloser(&n("c.example."), &zone())
            .ok()
            .flatten(),
        Some((n("example."), true))
    );
    assert_eq!(
        prove(&n("c.example."), &zone(), Goal::NoDs, &published),
        Ok(Proven::OptOut)
    );
    assert_eq!(
        prove(
            &n("c.example."),
            &zone(),
            Goal::NoDs,
            &records_without_opt_out(&proof)
        ),
        Ok(Proven::NameDoesNotExist)
    );
    assert_each_record_is_needed("c.example.", Goal::NoDs, &proof);
}

/// B.4 Wildcard Expansion, `a.z.w.example MX` answered from `*.w.example` (RRSIG Labels 2):
/// the next closer name `z.w.example` is covered (q04j), so `a.z.w.example` does not exist and
/// the expansion is legitimate (RFC 5155 §8.8). As published, q04j has the Opt-Out flag: the
/// next closer name could be an unsigned delegation, so the answer is only insecure (Unbound's
/// nsec3_prove_wildcard); without opt-out it is proven.
#[test]
fn b4_wildcard_expansion() {
    let proof = ["q04j"];
    let goal = Goal::WildcardAnswer { source_labels: 2 };
    assert_eq!(
        prove(&n("a.z.w.example."), &zone(), goal, &records(&proof)),
        Ok(Proven::OptOut)
    );
    assert_eq!(
        prove(
            &n("a.z.w.example."),
            &zone(),
            goal,
            &records_without_opt_out(&proof)
        ),
        Ok(Proven::WildcardAnswer)
    );
    assert_each_record_is_needed("a.z.w.example.", goal, &proof);
    // A wildcard answer for a name that exists is refused.
    assert!(prove(&n("ns2.example."), &zone(), goal, &records(&["q04j"])).is_err());
}

/// B.5 Wildcard No Data Error, `a.z.w.example AAAA`: the closest encloser `w.example` matches
/// (k8ud), the next closer name `z.w.example` is covered (q04j), and the wildcard
/// `*.w.example` matches (r53b) without AAAA (RFC 5155 §8.7).
#[test]
fn b5_wildcard_no_data() {
    let proof = ["k8ud", "q04j", "r53b"];
    let published = records(&proof);
    assert_eq!(
        prove(
            &n("a.z.w.example."),
            &zone(),
            Goal::NoData(AAAA),
            &published
        ),
        Ok(Proven::NoData)
    );
    // The wildcard owns MX: an MX NODATA with this proof is a lie.
    assert!(prove(&n("a.z.w.example."), &zone(), Goal::NoData(MX), &published).is_err());
    // Without opt-out every record is needed. With it (as published), a response without the
    // wildcard's record still shows the next closer name in an opt-out span: never proven
    // NODATA, only insecure (RFC 5155 §8.6 and erratum 3441 on §8.5).
    let plain = records_without_opt_out(&proof);
    assert_eq!(
        prove(&n("a.z.w.example."), &zone(), Goal::NoData(AAAA), &plain),
        Ok(Proven::NoData)
    );
    for (skip, removed) in proof.iter().enumerate() {
        let mut kept = plain.clone();
        kept.remove(skip);
        assert!(
            prove(&n("a.z.w.example."), &zone(), Goal::NoData(AAAA), &kept).is_err(),
            "without {removed}"
        );
    }
    assert_eq!(
        prove(
            &n("a.z.w.example."),
            &zone(),
            Goal::NoData(AAAA),
            &records(&["k8ud", "q04j"])
        ),
        Ok(Proven::OptOut)
    );
    for partial in [["k8ud", "r53b"], ["q04j", "r53b"]] {
        assert!(prove(
            &n("a.z.w.example."),
            &zone(),
            Goal::NoData(AAAA),
            &records(&partial)
        )
        .is_err());
    }
}

/// B.6 DS Child Zone No Data Error, `example DS` answered by the child: the NSEC3 matching
/// `example` (0p9m) is the zone's own apex record (SOA bit set). It proves that the child has
/// no DS, which says nothing: DS lives in the parent, and an NSEC3 with the SOA bit cannot
/// deny it (RFC 6840 §4.4, RFC 5155 §8.6). The parent's record for the same cut (NS without
/// SOA) would prove an unsigned delegation.
#[test]
fn b6_ds_no_data_from_the_child_apex_is_not_a_ds_denial() {
    let apex = records(&["0p9m"]);
    for goal in [Goal::NoDs, Goal::NoData(DS)] {
        assert!(
            matches!(
                prove(&zone(), &zone(), goal, &apex),
                Err(NotProven::Insufficient(_))
            ),
            "{goal:?}"
        );
    }
    // The same name's record as the parent `.` would publish it for the delegation.
    let (_, mut parent_side) = record_with("0p9m", false);
    parent_side.types = bitmap(&[NS, RRSIG]);
    let owner = n(&format!(
        "{}.",
        super::encode_hash(&hash_name(&zone(), &SALT, ITERATIONS))
    ));
    assert_eq!(
        prove(&zone(), &Name::root(), Goal::NoDs, &[(owner, parent_side)]),
        Ok(Proven::InsecureDelegation)
    );
}

/// More DS questions against the Appendix A chain: `a.example` is a signed delegation (its
/// NSEC3, 35mt, lists NS and DS), so no DS denial holds; `ai.example` is an ordinary name
/// (gjeq, no NS): not a zone cut (RFC 5155 §8.6).
#[test]
fn ds_questions_at_a_signed_delegation_and_at_an_ordinary_name() {
    let delegation = records(&["35mt"]);
    assert!(prove(&n("a.example."), &zone(), Goal::NoDs, &delegation).is_err());
    assert!(prove(&n("a.example."), &zone(), Goal::NoData(DS), &delegation).is_err());
    assert_eq!(
        prove(&n("ai.example."), &zone(), Goal::NoDs, &records(&["gjeq"])),
        Ok(Proven::NotACut)
    );
}
