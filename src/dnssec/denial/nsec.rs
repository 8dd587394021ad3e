//! NSEC proofs (RFC 4035 §5.4, RFC 4034 §4, with the RFC 6840 §4.1 and §4.3 clarifications).

use std::cmp::Ordering;

use hickory_proto::rr::{Name, RecordType};

use super::{Goal, NotProven, Proven};
use crate::dns::name::{compare_names, is_at_or_below, labels, names_equal, suffix};
use crate::dns::records::Nsec;

/// `name` falls strictly between the NSEC owner and its next name in canonical order; the last
/// NSEC of a zone wraps around to the apex (RFC 4034 §4.1.1).
pub fn covers(owner: &Name, next: &Name, name: &Name) -> bool {
    let after_owner = compare_names(owner, name) == Ordering::Less;
    let before_next = compare_names(name, next) == Ordering::Less;
    if compare_names(owner, next) == Ordering::Less {
        after_owner && before_next
    } else {
        after_owner || before_next
    }
}

/// An NSEC at a delegation point above `name` (NS without SOA) or at a DNAME owner above it
/// says nothing about names below: it comes from the parent side of a cut (RFC 6840 §4.1).
fn is_ancestor_cut_or_dname(owner: &Name, nsec: &Nsec, name: &Name) -> bool {
    let strictly_above = is_at_or_below(name, owner) && !names_equal(name, owner);
    strictly_above
        && ((nsec.types.contains(RecordType::NS) && !nsec.types.contains(RecordType::SOA))
            || nsec.types.contains(RecordType::DNAME))
}

fn common_suffix_len(a: &Name, b: &Name) -> usize {
    let la = labels(a);
    let lb = labels(b);
    la.iter()
        .rev()
        .zip(lb.iter().rev())
        .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
        .count()
}

/// The closest encloser implied by an NSEC covering `name`: the longest ancestor of `name` that
/// is also an ancestor of the NSEC's owner or next name (RFC 4035 §5.4 and RFC 6840 §4.3).
fn closest_encloser(owner: &Name, next: &Name, name: &Name) -> Name {
    let len = common_suffix_len(name, owner).max(common_suffix_len(name, next));
    suffix(name, len)
}

fn wildcard_of(encloser: &Name) -> Option<Name> {
    crate::dns::name::child(encloser, "*")
}

/// Finds the record that covers `name` (and may legitimately deny it).
fn covering<'a>(name: &Name, records: &'a [(Name, Nsec)]) -> Option<&'a (Name, Nsec)> {
    records.iter().find(|(owner, nsec)| {
        covers(owner, &nsec.next, name) && !is_ancestor_cut_or_dname(owner, nsec, name)
    })
}

fn matching<'a>(name: &Name, records: &'a [(Name, Nsec)]) -> Option<&'a Nsec> {
    records
        .iter()
        .find(|(owner, _)| names_equal(owner, name))
        .map(|(_, nsec)| nsec)
}

/// An NSEC covering `name` whose next name is below `name`: `name` is an empty non-terminal
/// (RFC 4035 §3.1.3.2, RFC 6840 §4.3 "exists but has no data").
fn empty_non_terminal(name: &Name, records: &[(Name, Nsec)]) -> bool {
    records.iter().any(|(owner, nsec)| {
        compare_names(owner, name) == Ordering::Less
            && is_at_or_below(&nsec.next, name)
            && !names_equal(&nsec.next, name)
    })
}

/// Whether an NSEC can speak for names of `zone` at all (RFC 4034 §4.1.1): its owner and next
/// name are in the zone, and its interval runs forward, except for the zone's last NSEC, whose
/// next name is the apex. An NSEC whose next name is outside the zone, or which points back to
/// itself away from the apex, would otherwise "cover" nearly every name.
fn consistent_with_zone(owner: &Name, nsec: &Nsec, zone: &Name) -> bool {
    if !is_at_or_below(owner, zone) || !is_at_or_below(&nsec.next, zone) {
        return false;
    }
    compare_names(owner, &nsec.next) == Ordering::Less || names_equal(&nsec.next, zone)
}

/// Checks what `records` (already validated, signed by `zone`) prove about `qname` for `goal`.
pub fn prove(
    qname: &Name,
    zone: &Name,
    goal: Goal,
    records: &[(Name, Nsec)],
) -> Result<Proven, NotProven> {
    // Names in messages in their A-label form, as everywhere in the report.
    let shown = crate::dns::name::display(qname);
    if records.is_empty() {
        return Err(NotProven::NoRecords);
    }
    let usable: Vec<(Name, Nsec)> = records
        .iter()
        .filter(|(owner, nsec)| consistent_with_zone(owner, nsec, zone))
        .cloned()
        .collect();
    if usable.is_empty() {
        return Err(NotProven::Insufficient(format!(
            "no NSEC record lies within {} with its next name",
            crate::dns::name::display(zone)
        )));
    }
    let records = &usable[..];
    match goal {
        Goal::NxDomain => prove_nxdomain(qname, records, &shown),
        Goal::NoData(rtype) => prove_nodata(qname, rtype, records, &shown),
        Goal::WildcardAnswer { source_labels } => {
            prove_wildcard_answer(qname, source_labels, records, &shown)
        }
        Goal::NoDs => prove_no_ds(qname, records, &shown),
    }
    .map_err(NotProven::Insufficient)
}

/// RFC 4035 §5.4: an NSEC covers the name, and another shows that no wildcard at the closest
/// encloser could have matched it.
fn prove_nxdomain(qname: &Name, records: &[(Name, Nsec)], shown: &str) -> Result<Proven, String> {
    if matching(qname, records).is_some() {
        return Err(format!("an NSEC record shows that {shown} exists"));
    }
    let Some((owner, nsec)) = covering(qname, records) else {
        return Err(format!("no NSEC record covers {shown}"));
    };
    let encloser = closest_encloser(owner, &nsec.next, qname);
    let Some(wildcard) = wildcard_of(&encloser) else {
        return Err("the closest encloser is too long".into());
    };
    if matching(&wildcard, records).is_some() {
        return Err(format!(
            "the wildcard {} exists, so {shown} should have been answered",
            crate::dns::name::display(&wildcard)
        ));
    }
    if covering(&wildcard, records).is_none() {
        return Err(format!(
            "no NSEC record proves that the wildcard {} does not exist",
            crate::dns::name::display(&wildcard)
        ));
    }
    Ok(Proven::NxDomain)
}

/// RFC 4035 §5.4: the NSEC matching the name lacks the type; or the name is an empty
/// non-terminal (§3.1.3.2); or a wildcard matched and lacks the type (§3.1.3.4).
fn prove_nodata(
    qname: &Name,
    rtype: RecordType,
    records: &[(Name, Nsec)],
    shown: &str,
) -> Result<Proven, String> {
    if let Some(nsec) = matching(qname, records) {
        super::bitmap_denies_type(&nsec.types, rtype, "NSEC", shown)?;
        return Ok(Proven::NoData);
    }
    if empty_non_terminal(qname, records) {
        return Ok(Proven::NoData);
    }
    if let Some((owner, nsec)) = covering(qname, records) {
        let encloser = closest_encloser(owner, &nsec.next, qname);
        if let Some(wild) = wildcard_of(&encloser).and_then(|w| matching(&w, records)) {
            if !wild.types.contains(rtype) && !wild.types.contains(RecordType::CNAME) {
                return Ok(Proven::NoData);
            }
        }
    }
    Err(format!("no NSEC record matches {shown} or proves an empty non-terminal or wildcard without {rtype}"))
}

/// RFC 4035 §5.3.4: a wildcard answer needs an NSEC covering the name whose closest encloser
/// is no deeper than the wildcard's (the RRSIG Labels field).
fn prove_wildcard_answer(
    qname: &Name,
    source_labels: usize,
    records: &[(Name, Nsec)],
    shown: &str,
) -> Result<Proven, String> {
    if matching(qname, records).is_some() {
        return Err(format!(
            "an NSEC record shows that {shown} exists, so the wildcard should not have answered"
        ));
    }
    match covering(qname, records) {
        Some((owner, nsec))
            if labels(&closest_encloser(owner, &nsec.next, qname)).len() <= source_labels =>
        {
            Ok(Proven::WildcardAnswer)
        }
        Some(_) => Err(format!(
            "the NSEC record shows a closer match for {shown} than the wildcard"
        )),
        None => Err(format!("no NSEC record covers {shown}")),
    }
}

/// RFC 4035 §5.2: a DS query answered without DS: the matching NSEC's bitmap, an empty
/// non-terminal, or a name that does not exist.
fn prove_no_ds(qname: &Name, records: &[(Name, Nsec)], shown: &str) -> Result<Proven, String> {
    if let Some(nsec) = matching(qname, records) {
        return super::bitmap_denies_ds(&nsec.types, "NSEC", shown);
    }
    if empty_non_terminal(qname, records) {
        return Ok(Proven::NotACut);
    }
    if covering(qname, records).is_some() {
        return Ok(Proven::NameDoesNotExist);
    }
    Err(format!("no NSEC record matches or covers {shown}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::records::TypeBitmap;
    use std::str::FromStr;

    fn n(s: &str) -> Name {
        Name::from_str(s).unwrap()
    }

    /// A proof in the zone `example.` (RFC 4035 Appendix A).
    fn p(qname: &Name, goal: Goal, records: &[(Name, Nsec)]) -> Result<Proven, NotProven> {
        prove(qname, &n("example."), goal, records)
    }

    /// Builds an NSEC with the given types from their numbers.
    fn nsec(owner: &str, next: &str, types: &[u16]) -> (Name, Nsec) {
        let mut bitmap = [0u8; 32];
        let mut max = 0;
        for &t in types {
            bitmap[usize::from(t / 8)] |= 0x80 >> (t % 8);
            max = max.max(usize::from(t / 8));
        }
        let mut bytes = vec![0u8, (max + 1) as u8];
        bytes.extend_from_slice(&bitmap[..=max]);
        let types = TypeBitmap::parse(&bytes, RecordType::NSEC).unwrap();
        (
            n(owner),
            Nsec {
                next: n(next),
                types,
            },
        )
    }

    // The zone from RFC 4035 Appendix A (abridged): example. a. ai. b. ns1. ns2. *.w. x.w. x.y.w. xx.
    const A: u16 = 1;
    const NS: u16 = 2;
    const SOA: u16 = 6;
    const MX: u16 = 15;
    const RRSIG: u16 = 46;
    const NSEC: u16 = 47;
    const DNSKEY: u16 = 48;
    const DS: u16 = 43;

    /// RFC 4035 Appendix B.2: NXDOMAIN for ml.example.
    #[test]
    fn nxdomain_needs_name_and_wildcard_covered() {
        let proof = [
            nsec("b.example.", "ns1.example.", &[NS, RRSIG, NSEC]),
            nsec(
                "example.",
                "a.example.",
                &[NS, SOA, MX, RRSIG, NSEC, DNSKEY],
            ),
        ];
        assert_eq!(
            p(&n("ml.example."), Goal::NxDomain, &proof),
            Ok(Proven::NxDomain)
        );
        // Without the wildcard proof it is not enough.
        assert!(matches!(
            p(&n("ml.example."), Goal::NxDomain, &proof[..1]),
            Err(NotProven::Insufficient(_))
        ));
        assert_eq!(
            p(&n("ml.example."), Goal::NxDomain, &[]),
            Err(NotProven::NoRecords)
        );
    }

    /// RFC 4035 Appendix B.3: NODATA for ns1.example MX.
    #[test]
    fn nodata_uses_the_matching_bitmap() {
        let proof = [nsec("ns1.example.", "ns2.example.", &[A, RRSIG, NSEC])];
        assert_eq!(
            p(&n("ns1.example."), Goal::NoData(RecordType::MX), &proof),
            Ok(Proven::NoData)
        );
        assert!(p(&n("ns1.example."), Goal::NoData(RecordType::A), &proof).is_err());
    }

    /// RFC 4035 Appendix B.7: wildcard NODATA for a.z.w.example MX.
    #[test]
    fn wildcard_nodata() {
        let proof = [
            nsec("x.y.w.example.", "xx.example.", &[MX, RRSIG, NSEC]),
            nsec("*.w.example.", "x.w.example.", &[MX, RRSIG, NSEC]),
        ];
        assert_eq!(
            p(&n("a.z.w.example."), Goal::NoData(RecordType::AAAA), &proof),
            Ok(Proven::NoData)
        );
        assert!(p(&n("a.z.w.example."), Goal::NoData(RecordType::MX), &proof).is_err());
    }

    /// RFC 4035 Appendix B.6: wildcard expansion for a.z.w.example MX.
    #[test]
    fn wildcard_answer_needs_qname_covered() {
        let proof = [nsec("x.y.w.example.", "xx.example.", &[MX, RRSIG, NSEC])];
        assert_eq!(
            p(
                &n("a.z.w.example."),
                Goal::WildcardAnswer { source_labels: 2 },
                &proof
            ),
            Ok(Proven::WildcardAnswer)
        );
        assert!(p(
            &n("x.y.w.example."),
            Goal::WildcardAnswer { source_labels: 2 },
            &proof
        )
        .is_err());
    }

    /// RFC 4035 Appendix B.5 style: insecure referral for b.example.
    #[test]
    fn ds_denial_distinguishes_delegations_from_plain_names() {
        let proof = [nsec("b.example.", "ns1.example.", &[NS, RRSIG, NSEC])];
        assert_eq!(
            p(&n("b.example."), Goal::NoDs, &proof),
            Ok(Proven::InsecureDelegation)
        );
        let plain = [nsec("ns1.example.", "ns2.example.", &[A, RRSIG, NSEC])];
        assert_eq!(
            p(&n("ns1.example."), Goal::NoDs, &plain),
            Ok(Proven::NotACut)
        );
        let apex = [nsec(
            "b.example.",
            "x.b.example.",
            &[NS, SOA, RRSIG, NSEC, DNSKEY],
        )];
        assert!(p(&n("b.example."), Goal::NoDs, &apex).is_err());
        let with_ds = [nsec("b.example.", "ns1.example.", &[NS, DS, RRSIG, NSEC])];
        assert!(p(&n("b.example."), Goal::NoDs, &with_ds).is_err());
        // Empty non-terminal y.w.example (only x.y.w.example exists).
        let ent = [nsec("x.w.example.", "x.y.w.example.", &[MX, RRSIG, NSEC])];
        assert_eq!(p(&n("y.w.example."), Goal::NoDs, &ent), Ok(Proven::NotACut));
        assert_eq!(
            p(&n("y.w.example."), Goal::NoData(RecordType::A), &ent),
            Ok(Proven::NoData)
        );
    }

    #[test]
    fn parent_side_delegation_nsec_cannot_deny_child_data() {
        let proof = [nsec("b.example.", "ns1.example.", &[NS, RRSIG, NSEC])];
        assert!(p(&n("b.example."), Goal::NoData(RecordType::A), &proof).is_err());
        // Nor names below the cut.
        assert!(p(&n("x.b.example."), Goal::NxDomain, &proof).is_err());
    }

    #[test]
    fn last_nsec_wraps_to_apex() {
        assert!(covers(&n("xx.example."), &n("example."), &n("z.example.")));
        assert!(!covers(&n("xx.example."), &n("example."), &n("a.example.")));
    }

    /// RFC 4034 §4.1.1: only the zone's last NSEC wraps, to the apex. An NSEC whose next name
    /// leaves the zone, or that points back at itself away from the apex, covers nothing;
    /// the apex NSEC of a one-name zone (next = apex) covers every other name.
    #[test]
    fn only_the_last_nsec_wraps_and_only_to_the_apex() {
        let q = n("nope.example.");
        // Next name outside the zone.
        let outside = [nsec("a.example.", "b.other.", &[A, RRSIG, NSEC])];
        assert!(matches!(
            p(&q, Goal::NxDomain, &outside),
            Err(NotProven::Insufficient(_))
        ));
        // Owner equal to next, not at the apex: would cover every name but itself.
        let looped = [nsec("a.example.", "a.example.", &[A, RRSIG, NSEC])];
        assert!(p(&q, Goal::NxDomain, &looped).is_err());
        assert!(p(&q, Goal::NoDs, &looped).is_err());
        // Owner outside the zone.
        let foreign = [nsec("zz.other.", "example.", &[A, RRSIG, NSEC])];
        assert!(p(&q, Goal::NxDomain, &foreign).is_err());
        // A backwards interval whose next is not the apex.
        let backwards = [nsec("x.example.", "b.example.", &[A, RRSIG, NSEC])];
        assert!(p(&q, Goal::NxDomain, &backwards).is_err());
        // The honest one-name zone: the apex NSEC points at itself and covers the rest,
        // the wildcard included.
        let single = [nsec(
            "example.",
            "example.",
            &[NS, SOA, RRSIG, NSEC, DNSKEY],
        )];
        assert_eq!(p(&q, Goal::NxDomain, &single), Ok(Proven::NxDomain));
        // The last NSEC of a larger zone wraps to the apex.
        let last = [
            nsec("xx.example.", "example.", &[A, RRSIG, NSEC]),
            nsec("example.", "a.example.", &[NS, SOA, RRSIG, NSEC, DNSKEY]),
        ];
        assert_eq!(
            p(&n("zz.example."), Goal::NxDomain, &last),
            Ok(Proven::NxDomain)
        );
    }

    /// RFC 4035 §5.3.4: a wildcard answer from `*.w.example` (Labels 2) is legitimate only if
    /// the NSEC covering the name shows no closer encloser than `w.example`.
    #[test]
    fn a_wildcard_answer_needs_the_wildcard_to_be_the_closest_match() {
        let goal = Goal::WildcardAnswer { source_labels: 2 };
        // z.w.example exists (owner of the covering NSEC): a.z.w.example should have come
        // from *.z.w.example or z.w.example itself, not from *.w.example.
        let closer = [nsec("z.w.example.", "zz.w.example.", &[A, RRSIG, NSEC])];
        assert!(p(&n("a.z.w.example."), goal, &closer).is_err());
        let honest = [nsec("x.w.example.", "zz.w.example.", &[A, RRSIG, NSEC])];
        assert_eq!(
            p(&n("y.w.example."), goal, &honest),
            Ok(Proven::WildcardAnswer)
        );
    }
}
