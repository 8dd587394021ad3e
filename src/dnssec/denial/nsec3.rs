//! NSEC3 proofs (RFC 5155 §8) and the iteration limit of RFC 9276.

use hickory_proto::rr::{Name, RecordType};

use super::{Goal, NotProven, Proven};
use crate::dns::name::{is_at_or_below, labels, suffix};
use crate::dns::records::Nsec3;
use crate::dnssec::work::{OverBudget, Work};
use crate::limits::MAX_NSEC3_PARAMETER_SETS;

/// The highest NSEC3 iteration count we validate ([`crate::limits::MAX_NSEC3_ITERATIONS`]).
pub use crate::limits::MAX_NSEC3_ITERATIONS as MAX_ITERATIONS;

/// The NSEC3 hash of a name (RFC 5155 §5); see [`crate::dnssec::crypto::nsec3_hash`].
pub use crate::dnssec::crypto::nsec3_hash as hash_name;

/// Base32hex without padding, lowercase, as NSEC3 owner labels are written (RFC 4648 §7).
pub fn encode_hash(hash: &[u8]) -> String {
    crate::dns::codec::base32hex_lower(hash)
}

struct HashedRecord<'a> {
    owner_hash: Vec<u8>,
    nsec3: &'a Nsec3,
}

/// The usable NSEC3 records of one zone and one parameter set (hash algorithm, iterations,
/// salt): SHA-1, owner directly below the zone apex with a base32hex hash label (RFC 5155
/// §8.1, §8.2). Records of another parameter set belong to another chain and are never mixed
/// into a proof. Every hash goes through the check's memoised, budgeted [`Work`].
struct Chain<'a> {
    records: Vec<HashedRecord<'a>>,
    salt: &'a [u8],
    iterations: u16,
    work: &'a Work,
}

/// A hash was needed but the check's budget is spent.
struct Exhausted(OverBudget);

impl From<Exhausted> for NotProven {
    fn from(e: Exhausted) -> Self {
        NotProven::WorkLimit(e.0.describe())
    }
}

type Hashed<T> = Result<T, Exhausted>;

impl<'a> Chain<'a> {
    /// The usable records of `zone`, grouped by parameter set in order of appearance.
    fn groups(zone: &Name, records: &'a [(Name, Nsec3)], work: &'a Work) -> Vec<Chain<'a>> {
        let zone_labels = labels(zone).len();
        let mut groups: Vec<Chain<'a>> = Vec::new();
        for (owner, nsec3) in records {
            // RFC 5155 §8.2: only SHA-1 is defined; the owner is <hash>.<zone>.
            if nsec3.hash_algorithm != 1
                || labels(owner).len() != zone_labels + 1
                || !is_at_or_below(owner, zone)
            {
                continue;
            }
            let Some(owner_hash) = std::str::from_utf8(labels(owner)[0])
                .ok()
                .and_then(crate::dns::codec::base32hex_decode)
            else {
                continue;
            };
            if owner_hash.len() != nsec3.next_hashed.len() || owner_hash.len() != 20 {
                continue;
            }
            let record = HashedRecord { owner_hash, nsec3 };
            match groups
                .iter_mut()
                .find(|g| g.salt == &nsec3.salt[..] && g.iterations == nsec3.iterations)
            {
                Some(group) => group.records.push(record),
                None => groups.push(Chain {
                    records: vec![record],
                    salt: &nsec3.salt,
                    iterations: nsec3.iterations,
                    work,
                }),
            }
        }
        groups
    }

    fn hash(&self, name: &Name) -> Hashed<[u8; 20]> {
        self.work
            .nsec3_hash(name, self.salt, self.iterations)
            .map_err(Exhausted)
    }

    fn matching(&self, name: &Name) -> Hashed<Option<&'a Nsec3>> {
        let hash = self.hash(name)?;
        Ok(self
            .records
            .iter()
            .find(|r| r.owner_hash[..] == hash[..])
            .map(|r| r.nsec3))
    }

    /// A record whose hash interval (owner, next) strictly contains the name's hash, wrapping
    /// around at the end of the chain (RFC 5155 §3.1.7, §8.3).
    fn covering(&self, name: &Name) -> Hashed<Option<&'a Nsec3>> {
        let hash = self.hash(name)?;
        Ok(self
            .records
            .iter()
            .find(|r| {
                let (owner, next) = (&r.owner_hash[..], &r.nsec3.next_hashed[..]);
                if owner < next {
                    owner < &hash[..] && &hash[..] < next
                } else {
                    owner < &hash[..] || &hash[..] < next
                }
            })
            .map(|r| r.nsec3))
    }

    /// The closest encloser proof (RFC 5155 §8.3): the longest existing ancestor of `qname`
    /// (matched), and the next closer name below it (covered). Returns the encloser and whether
    /// the record covering the next closer name has the opt-out flag.
    fn closest_encloser(&self, qname: &Name, zone: &Name) -> Hashed<Option<(Name, bool)>> {
        let total = labels(qname).len();
        let zone_len = labels(zone).len();
        for len in (zone_len..total).rev() {
            let candidate = suffix(qname, len);
            if let Some(encloser) = self.matching(&candidate)? {
                // An NSEC3 at a delegation or DNAME cannot speak for names below it.
                let cut = encloser.types.contains(RecordType::NS)
                    && !encloser.types.contains(RecordType::SOA);
                if cut || encloser.types.contains(RecordType::DNAME) {
                    return Ok(None);
                }
                let next_closer = suffix(qname, len + 1);
                return Ok(self
                    .covering(&next_closer)?
                    .map(|c| (candidate, c.opt_out())));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
impl<'a> Chain<'a> {
    /// The chain of the first parameter set, with a work ledger of its own (tests).
    fn new(zone: &Name, records: &'a [(Name, Nsec3)]) -> Self {
        let work: &'a Work = Box::leak(Box::default());
        Chain::groups(zone, records, work)
            .into_iter()
            .next()
            .expect("a usable record")
    }
}

/// Checks what validated NSEC3 records of `zone` prove about `qname` for `goal`, with a fresh
/// work ledger (tests and tools; the validator shares one per check: [`prove_with`]).
pub fn prove(
    qname: &Name,
    zone: &Name,
    goal: Goal,
    records: &[(Name, Nsec3)],
) -> Result<Proven, NotProven> {
    prove_with(&Work::default(), qname, zone, goal, records)
}

/// Checks what validated NSEC3 records of `zone` prove about `qname` for `goal`. Each
/// parameter set is a chain of its own and must prove the goal alone (RFC 5155 §8.2); at most
/// [`MAX_NSEC3_PARAMETER_SETS`] are tried.
pub fn prove_with(
    work: &Work,
    qname: &Name,
    zone: &Name,
    goal: Goal,
    records: &[(Name, Nsec3)],
) -> Result<Proven, NotProven> {
    if records.is_empty() {
        return Err(NotProven::NoRecords);
    }
    if let Some(max) = records.iter().map(|(_, r)| r.iterations).max() {
        if max > MAX_ITERATIONS {
            return Err(NotProven::IterationsTooHigh(max));
        }
    }
    let groups = Chain::groups(zone, records, work);
    let shown = crate::dns::name::display(qname);
    let mut first_failure = None;
    for chain in groups.iter().take(MAX_NSEC3_PARAMETER_SETS) {
        match prove_in_chain(chain, qname, zone, goal) {
            Ok(Ok(proven)) => return Ok(proven),
            Ok(Err(detail)) => {
                first_failure.get_or_insert(detail);
            }
            Err(exhausted) => return Err(exhausted.into()),
        }
    }
    let detail =
        first_failure.unwrap_or_else(|| format!("no usable NSEC3 record of the zone for {shown}"));
    let detail = if groups.len() > 1 {
        format!(
            "{detail} (the records use {} NSEC3 parameter sets; a proof must come from one chain)",
            groups.len()
        )
    } else {
        detail
    };
    Err(NotProven::Insufficient(detail))
}

/// One proof goal in one chain (RFC 5155 §8.4-§8.8): the proven fact, or why not.
fn prove_in_chain(
    chain: &Chain<'_>,
    qname: &Name,
    zone: &Name,
    goal: Goal,
) -> Hashed<Result<Proven, String>> {
    // Names in messages in their A-label form, as everywhere in the report.
    let shown = crate::dns::name::display(qname);
    match goal {
        Goal::NxDomain => prove_nxdomain(chain, qname, zone, &shown),
        Goal::NoData(rtype) => prove_nodata(chain, qname, zone, rtype, &shown),
        Goal::WildcardAnswer { source_labels } => {
            prove_wildcard_answer(chain, qname, source_labels, &shown)
        }
        Goal::NoDs => prove_no_ds(chain, qname, zone, &shown),
    }
}

/// RFC 5155 §8.4: a closest encloser proof, and the wildcard at the closest encloser covered.
/// An opt-out span over the next closer name may hide an unsigned delegation, so the name may
/// exist there: insecure, as Unbound's nsec3_prove_nameerror.
fn prove_nxdomain(
    chain: &Chain<'_>,
    qname: &Name,
    zone: &Name,
    shown: &str,
) -> Hashed<Result<Proven, String>> {
    if chain.matching(qname)?.is_some() {
        return Ok(Err(format!("an NSEC3 record shows that {shown} exists")));
    }
    let Some((encloser, opt_out)) = chain.closest_encloser(qname, zone)? else {
        return Ok(Err(format!("no closest encloser proof for {shown}")));
    };
    let Some(wildcard) = crate::dns::name::child(&encloser, "*") else {
        return Ok(Err("name too long".into()));
    };
    if chain.covering(&wildcard)?.is_none() {
        return Ok(Err(format!(
            "no NSEC3 record proves that the wildcard {} does not exist",
            crate::dns::name::display(&wildcard)
        )));
    }
    Ok(Ok(if opt_out {
        Proven::OptOut
    } else {
        Proven::NxDomain
    }))
}

/// RFC 5155 §8.5 (and §8.6 for DS): the matching NSEC3 lacks the type and CNAME; else §8.7, a
/// wildcard NODATA; else, with the next closer name in an opt-out span, insecure (§8.6 and
/// erratum 3441 on §8.5; Unbound's nodata "case 5", BIND).
fn prove_nodata(
    chain: &Chain<'_>,
    qname: &Name,
    zone: &Name,
    rtype: RecordType,
    shown: &str,
) -> Hashed<Result<Proven, String>> {
    if let Some(record) = chain.matching(qname)? {
        return Ok(
            super::bitmap_denies_type(&record.types, rtype, "NSEC3", shown)
                .map(|()| Proven::NoData),
        );
    }
    let Some((encloser, opt_out)) = chain.closest_encloser(qname, zone)? else {
        return Ok(Err(format!(
            "no NSEC3 record matches {shown}, and there is no closest encloser proof"
        )));
    };
    if let Some(wildcard) = crate::dns::name::child(&encloser, "*") {
        if let Some(wild) = chain.matching(&wildcard)? {
            if !wild.types.contains(rtype) && !wild.types.contains(RecordType::CNAME) {
                return Ok(Ok(Proven::NoData));
            }
            return Ok(Err(format!(
                "the wildcard {} has type {rtype} or CNAME, so {shown} should have been answered",
                crate::dns::name::display(&wildcard)
            )));
        }
    }
    if opt_out {
        return Ok(Ok(Proven::OptOut));
    }
    Ok(Err(format!(
        "no NSEC3 record matches {shown} or a wildcard without {rtype}, and the span covering it is not opt-out"
    )))
}

/// RFC 5155 §8.8: the next closer name of the wildcard's closest encloser is covered. In an
/// opt-out span the name might be an unsigned delegation: insecure, as Unbound's
/// nsec3_prove_wildcard.
fn prove_wildcard_answer(
    chain: &Chain<'_>,
    qname: &Name,
    source_labels: usize,
    shown: &str,
) -> Hashed<Result<Proven, String>> {
    if chain.matching(qname)?.is_some() {
        return Ok(Err(format!(
            "an NSEC3 record shows that {shown} exists, so the wildcard should not have answered"
        )));
    }
    let next_closer = suffix(qname, source_labels + 1);
    Ok(match chain.covering(&next_closer)? {
        Some(record) if record.opt_out() => Ok(Proven::OptOut),
        Some(_) => Ok(Proven::WildcardAnswer),
        None => Err(format!(
            "no NSEC3 record covers {}",
            crate::dns::name::display(&next_closer)
        )),
    })
}

/// RFC 5155 §8.6: the matching NSEC3's bitmap; else a closest encloser proof, insecure when
/// the next closer name is in an opt-out span.
fn prove_no_ds(
    chain: &Chain<'_>,
    qname: &Name,
    zone: &Name,
    shown: &str,
) -> Hashed<Result<Proven, String>> {
    if let Some(record) = chain.matching(qname)? {
        return Ok(super::bitmap_denies_ds(&record.types, "NSEC3", shown));
    }
    Ok(match chain.closest_encloser(qname, zone)? {
        Some((_, true)) => Ok(Proven::OptOut),
        Some((_, false)) => Ok(Proven::NameDoesNotExist),
        None => Err(format!(
            "no NSEC3 record matches {shown} and there is no closest encloser proof"
        )),
    })
}

#[cfg(test)]
mod rfc5155_appendix_b;

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn n(s: &str) -> Name {
        Name::from_str(s).unwrap()
    }

    /// RFC 5155 Appendix A: salt aabbccdd, 12 iterations.
    #[test]
    fn hashes_match_rfc5155_appendix_a() {
        let salt = [0xaa, 0xbb, 0xcc, 0xdd];
        let cases = [
            ("example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"),
            ("a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl"),
            ("ai.example.", "gjeqe526plbf1g8mklp59enfd789njgi"),
            ("ns1.example.", "2t7b4g4vsa5smi47k61mv5bv1a22bojr"),
            ("ns2.example.", "q04jkcevqvmu85r014c7dkba38o0ji5r"),
            ("w.example.", "k8udemvp1j2f7eg6jebps17vp3n8i58h"),
            ("*.w.example.", "r53bq7cc2uvmubfu5ocmm6pers9tk9en"),
            ("x.w.example.", "b4um86eghhds6nea196smvmlo4ors995"),
            ("y.w.example.", "ji6neoaepv8b5o6k4ev33abha8ht9fgc"),
            ("x.y.w.example.", "2vptu5timamqttgl4luu9kg21e0aor3s"),
            ("xx.example.", "t644ebqk9bibcna874givr6joj62mlhv"),
        ];
        for (name, expected) in cases {
            assert_eq!(
                encode_hash(&hash_name(&n(name), &salt, 12)),
                expected,
                "{name}"
            );
        }
    }

    /// A two-name zone `example.` (apex and `www`) hashed with `iterations`, no salt: the
    /// records that prove `nope.example` does not exist, and `www.example` has no TXT.
    fn two_name_chain(iterations: u16) -> Vec<(Name, Nsec3)> {
        let apex = hash_name(&n("example."), &[], iterations);
        let www = hash_name(&n("www.example."), &[], iterations);
        let record = |owner: [u8; 20], next: [u8; 20], types: &[u8]| {
            (
                n(&format!("{}.example.", encode_hash(&owner))),
                Nsec3 {
                    hash_algorithm: 1,
                    flags: 0,
                    iterations,
                    salt: Vec::new(),
                    next_hashed: next.to_vec(),
                    types: crate::dns::records::TypeBitmap::parse(types, RecordType::NSEC3)
                        .unwrap(),
                },
            )
        };
        // Window 0: NS SOA RRSIG DNSKEY NSEC3PARAM at the apex, A RRSIG at www.
        vec![
            record(apex, www, &[0, 7, 0x22, 0, 0, 0, 0, 0x02, 0x90]),
            record(www, apex, &[0, 6, 0x40, 0, 0, 0, 0, 0x02]),
        ]
    }

    /// RFC 9276 §3.2 lets validators treat NSEC3 above an iteration limit as insecure; ours is
    /// [`MAX_ITERATIONS`] (150, as BIND 9.18 and Unbound). At the limit the proofs hold; above
    /// it (151, 500) no proof is attempted and the caller gets the iteration count, which the
    /// validator reports as INSECURE with EDE 27 (see tests/synthetic_zones.rs).
    #[test]
    fn nsec3_above_the_iteration_limit_proves_nothing() {
        let zone = n("example.");
        let cases = [
            (n("nope.example."), Goal::NxDomain, Proven::NxDomain),
            (
                n("www.example."),
                Goal::NoData(RecordType::TXT),
                Proven::NoData,
            ),
            (n("www.example."), Goal::NoDs, Proven::NotACut),
        ];
        for (qname, goal, proven) in &cases {
            assert_eq!(
                prove(qname, &zone, *goal, &two_name_chain(MAX_ITERATIONS)),
                Ok(*proven),
                "{qname} {goal:?} at the limit"
            );
            for iterations in [MAX_ITERATIONS + 1, 500] {
                assert_eq!(
                    prove(qname, &zone, *goal, &two_name_chain(iterations)),
                    Err(NotProven::IterationsTooHigh(iterations)),
                    "{qname} {goal:?} with {iterations} iterations"
                );
            }
        }
        // One record above the limit among good ones is enough to refuse the whole proof.
        let mut mixed = two_name_chain(MAX_ITERATIONS);
        mixed.push(two_name_chain(MAX_ITERATIONS + 1).remove(0));
        assert_eq!(
            prove(&n("nope.example."), &zone, Goal::NxDomain, &mixed),
            Err(NotProven::IterationsTooHigh(MAX_ITERATIONS + 1))
        );
    }

    /// A complete chain of `zone` (no salt, no extra iteration) over the names with their
    /// types, sorted by hash as RFC 5155 §7.1 builds it.
    fn chain_of(names: &[(&str, &[RecordType])]) -> Vec<(Name, Nsec3)> {
        let mut hashed: Vec<([u8; 20], &[RecordType])> = names
            .iter()
            .map(|(name, types)| (hash_name(&n(name), &[], 0), *types))
            .collect();
        hashed.sort();
        (0..hashed.len())
            .map(|i| {
                let (owner, types) = hashed[i];
                let next = hashed[(i + 1) % hashed.len()].0;
                let mut bitmap = [0u8; 34];
                let mut max = 0;
                for t in types {
                    let t = u16::from(*t);
                    bitmap[2 + usize::from(t / 8)] |= 0x80 >> (t % 8);
                    max = max.max(usize::from(t / 8));
                }
                bitmap[1] = (max + 1) as u8;
                (
                    n(&format!("{}.example.", encode_hash(&owner))),
                    Nsec3 {
                        hash_algorithm: 1,
                        flags: 0,
                        iterations: 0,
                        salt: Vec::new(),
                        next_hashed: next.to_vec(),
                        types: crate::dns::records::TypeBitmap::parse(
                            &bitmap[..max + 3],
                            RecordType::NSEC3,
                        )
                        .unwrap(),
                    },
                )
            })
            .collect()
    }

    use RecordType::{A, DNAME, NS, SOA, TXT};

    const ZONE: &[(&str, &[RecordType])] = &[
        ("example.", &[NS, SOA]),
        ("www.example.", &[A]),
        ("deleg.example.", &[NS]),
        ("dn.example.", &[DNAME]),
    ];

    /// RFC 5155 §3.1.7: a record covers the hashes strictly between its owner and next hash
    /// (wrapping at the end); a name whose hash is an owner or a next hash is matched, never
    /// covered.
    #[test]
    fn a_hash_at_either_end_of_an_interval_is_not_covered() {
        let records = chain_of(ZONE);
        let chain = Chain::new(&n("example."), &records);
        for (name, _) in ZONE {
            assert!(chain.covering(&n(name)).ok().flatten().is_none(), "{name}");
            assert!(chain.matching(&n(name)).ok().flatten().is_some(), "{name}");
        }
        assert!(chain.covering(&n("nope.example.")).ok().flatten().is_some());
    }

    /// RFC 5155 §3.1.7: a zone of one name has one NSEC3 whose next hash is its own; it covers
    /// every other hash.
    #[test]
    fn a_one_record_chain_covers_every_other_hash() {
        let records = chain_of(&[("example.", &[NS, SOA])]);
        assert_eq!(
            records[0].0,
            n(&format!(
                "{}.example.",
                encode_hash(&records[0].1.next_hashed)
            ))
        );
        assert_eq!(
            prove(
                &n("nope.example."),
                &n("example."),
                Goal::NxDomain,
                &records
            ),
            Ok(Proven::NxDomain)
        );
    }

    /// RFC 5155 §8.3 and RFC 6840 §4.1: the NSEC3 of a delegation (NS without SOA) or of a
    /// DNAME cannot be the closest encloser of names below it.
    #[test]
    fn a_delegation_or_dname_is_no_closest_encloser() {
        let records = chain_of(ZONE);
        let zone = n("example.");
        for below in ["x.deleg.example.", "x.dn.example."] {
            assert!(
                prove(&n(below), &zone, Goal::NxDomain, &records).is_err(),
                "{below}"
            );
            assert!(
                prove(&n(below), &zone, Goal::NoData(A), &records).is_err(),
                "{below}"
            );
        }
        assert_eq!(
            prove(&n("x.www.example."), &zone, Goal::NxDomain, &records),
            Ok(Proven::NxDomain)
        );
    }

    /// RFC 5155 §8.5: a NODATA is proven by the matching NSEC3, but the parent side of a
    /// delegation (NS without SOA) cannot deny the child's data; the apex (NS with SOA) can.
    #[test]
    fn nodata_from_the_apex_yes_from_a_delegation_no() {
        let records = chain_of(ZONE);
        let zone = n("example.");
        assert_eq!(
            prove(&n("example."), &zone, Goal::NoData(A), &records),
            Ok(Proven::NoData)
        );
        assert_eq!(
            prove(&n("www.example."), &zone, Goal::NoData(TXT), &records),
            Ok(Proven::NoData)
        );
        assert!(prove(&n("deleg.example."), &zone, Goal::NoData(A), &records).is_err());
        // The parent side of the cut is exactly what denies the DS (RFC 5155 §8.6).
        assert_eq!(
            prove(
                &n("deleg.example."),
                &zone,
                Goal::NoData(RecordType::DS),
                &records
            ),
            Ok(Proven::NoData)
        );
        assert_eq!(
            prove(&n("deleg.example."), &zone, Goal::NoDs, &records),
            Ok(Proven::InsecureDelegation)
        );
    }

    /// RFC 5155 §8.1, §8.2: a record with another hash algorithm, an owner that is not
    /// <hash>.<zone>, or a next hash of another length is not part of the zone's chain.
    #[test]
    fn records_outside_the_zone_chain_are_ignored() {
        let zone = n("example.");
        let good = chain_of(ZONE);
        assert_eq!(
            prove(&n("nope.example."), &zone, Goal::NxDomain, &good),
            Ok(Proven::NxDomain)
        );
        let relabel = |suffix: &str| -> Vec<(Name, Nsec3)> {
            good.iter()
                .map(|(owner, r)| {
                    let label = std::str::from_utf8(labels(owner)[0]).unwrap().to_string();
                    (n(&format!("{label}.{suffix}")), r.clone())
                })
                .collect()
        };
        let other_algorithm: Vec<(Name, Nsec3)> = good
            .iter()
            .map(|(o, r)| {
                let mut r = r.clone();
                r.hash_algorithm = 2;
                (o.clone(), r)
            })
            .collect();
        let short_next: Vec<(Name, Nsec3)> = good
            .iter()
            .map(|(o, r)| {
                let mut r = r.clone();
                r.next_hashed.truncate(19);
                (o.clone(), r)
            })
            .collect();
        for (what, records) in [
            ("hash algorithm 2", other_algorithm),
            ("owners in another zone", relabel("other.")),
            ("owners two labels below the apex", relabel("sub.example.")),
            ("next hashes of 19 bytes", short_next),
        ] {
            assert!(
                matches!(
                    prove(&n("nope.example."), &zone, Goal::NxDomain, &records),
                    Err(NotProven::Insufficient(_))
                ),
                "{what}"
            );
        }
    }

    /// A failed proof mentions parameter sets only when the records had more than one.
    #[test]
    fn only_mixed_parameter_sets_are_mentioned() {
        let zone = n("example.");
        let one = chain_of(ZONE);
        let Err(NotProven::Insufficient(detail)) =
            prove(&n("www.example."), &zone, Goal::NoData(A), &one)
        else {
            panic!("www has A");
        };
        assert!(!detail.contains("parameter sets"), "{detail}");
        let mut two = one.clone();
        two.extend(two_name_chain(1));
        let Err(NotProven::Insufficient(detail)) =
            prove(&n("www.example."), &zone, Goal::NoData(A), &two)
        else {
            panic!("www has A");
        };
        assert!(
            detail.contains("the records use 2 NSEC3 parameter sets"),
            "{detail}"
        );
    }
}
