//! The validator: walks the chain of trust for a name and judges its answer, using only the
//! answers already fetched. A missing answer makes a step return [`Pending`] after noting the
//! question, so the planner ([`crate::check::engine`]) can fetch it and run the validator again.
//!
//! Order of work follows RFC 4035 §5: establish the trust anchor's DNSKEY set (§5.1), then for
//! each zone cut on the way down the DS RRset in the parent and the child's DNSKEY set signed by
//! a key that a DS matches (§5.2), then the answer's RRsets (§5.3) or its denial (§5.4).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use hickory_proto::rr::{Name, RecordType};

use crate::dns::canonical::signed_data;
use crate::dns::name::display;
use crate::dns::name::read_uncompressed_name;
use crate::dns::name::{is_at_or_below, labels, names_equal, rrsig_label_count, suffix};
use crate::dns::presentation::record_text;
use crate::dns::records::{Dnskey, Ds, Nsec, Nsec3, Rrsig};
use crate::dns::time::serial_le;
use crate::dns::wire::{WireMessage, WireRecord};
use crate::dnssec::anchor::{Anchor, TrustAnchors};
use crate::dnssec::crypto;
use crate::dnssec::denial::{self, Goal, NotProven, Proven};
use crate::dnssec::work::Work;
use crate::report::model::{
    Delegation, DenialReport, DenialType, DsReport, KeyReport, KeyRole, LinkReport, Proves,
    SignatureReport, SignatureVerdict, ZoneReport,
};
use crate::report::{DenialKind, InsecureReason, Problem, SignatureFailure, Status};

pub use crate::limits::MAX_ALIAS_LINKS;
use crate::limits::{MAX_DS_MATCH_ATTEMPTS, MAX_KEYS_PER_SIGNATURE, MAX_SIGNATURES_PER_RRSET};

/// A question to the resolver. Names are kept lowercased so each is asked once.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Question {
    pub name: Name,
    pub rtype: RecordType,
}

impl Question {
    pub fn new(name: &Name, rtype: RecordType) -> Self {
        Question {
            name: name.to_lowercase(),
            rtype,
        }
    }
}

/// What came back for a question.
#[derive(Clone, Debug)]
pub enum Fetched {
    Answer(WireMessage),
    /// The DoH exchange failed; the text says how.
    Failed(String),
}

/// A step needs an answer that has not been fetched yet.
#[derive(Debug)]
pub struct Pending;

type Step<T> = Result<T, Pending>;

/// Everything the validator reads: fetched answers, anchors and the clock.
pub struct Context<'a> {
    pub answers: &'a HashMap<Question, Fetched>,
    pub anchors: &'a TrustAnchors,
    /// The check's memoised, counted cryptography.
    pub work: &'a Work,
    /// Validation time, seconds since the epoch modulo 2^32 (RFC 4034 §3.1.5).
    pub now: u32,
    missing: RefCell<BTreeSet<Question>>,
}

impl<'a> Context<'a> {
    pub fn new(
        answers: &'a HashMap<Question, Fetched>,
        anchors: &'a TrustAnchors,
        work: &'a Work,
        now: u32,
    ) -> Self {
        Context {
            answers,
            anchors,
            work,
            now,
            missing: RefCell::default(),
        }
    }

    /// The questions some step is waiting for.
    pub fn missing(&self) -> BTreeSet<Question> {
        self.missing.borrow().clone()
    }

    fn fetch(&self, name: &Name, rtype: RecordType) -> Step<&'a Fetched> {
        let question = Question::new(name, rtype);
        match self.answers.get(&question) {
            Some(fetched) => Ok(fetched),
            None => {
                self.missing.borrow_mut().insert(question);
                Err(Pending)
            }
        }
    }

    /// An answer already fetched, without asking for it (optional data: CDS).
    fn peek(&self, name: &Name, rtype: RecordType) -> Option<&'a Fetched> {
        self.answers.get(&Question::new(name, rtype))
    }
}

/// An RRSIG timestamp as unix seconds, interpreted in the 136-year window around `now`
/// (RFC 4034 §3.1.5).
pub fn serial_to_unix(timestamp: u32, now: u32) -> i64 {
    i64::from(now) + i64::from(timestamp.wrapping_sub(now) as i32)
}

/// RFC 3339 UTC for an RRSIG timestamp, interpreted in the 136-year window around `now`
/// (RFC 4034 §3.1.5).
pub fn rfc3339(timestamp: u32, now: u32) -> String {
    crate::dns::time::format_rfc3339(serial_to_unix(timestamp, now))
}

// ---------------------------------------------------------------------------------------------
// RRset signatures (RFC 4035 §5.3)
// ---------------------------------------------------------------------------------------------

/// The outcome of checking one RRset's signatures.
struct RrsetCheck {
    sigs: Vec<SignatureReport>,
    /// On success, the Labels field of the RRSIG that validated (to detect wildcards), and the
    /// tag of the key that made it.
    result: Result<(usize, u16), SignatureFailure>,
}

fn failure_rank(failure: &SignatureFailure) -> u8 {
    match failure {
        SignatureFailure::WorkLimit { .. } => 7,
        SignatureFailure::Expired { .. } | SignatureFailure::NotYetValid { .. } => 6,
        SignatureFailure::Invalid { .. } => 5,
        SignatureFailure::NoMatchingKey { .. } => 4,
        SignatureFailure::WrongSigner { .. } => 3,
        SignatureFailure::Malformed { .. } => 2,
        SignatureFailure::Missing => 1,
    }
}

fn verdict_label(verdict: &Result<(), SignatureFailure>, algorithm: u8) -> SignatureVerdict {
    let label = match verdict {
        Ok(_) => SignatureVerdict::Valid,
        Err(SignatureFailure::Expired { .. }) => SignatureVerdict::Expired,
        Err(SignatureFailure::NotYetValid { .. }) => SignatureVerdict::NotYetValid,
        Err(SignatureFailure::Invalid { .. }) => SignatureVerdict::Invalid,
        Err(SignatureFailure::NoMatchingKey { .. }) => SignatureVerdict::NoKey,
        Err(SignatureFailure::WrongSigner { .. }) => SignatureVerdict::WrongSigner,
        Err(SignatureFailure::Malformed { .. }) => SignatureVerdict::Malformed,
        Err(SignatureFailure::Missing) | Err(SignatureFailure::WorkLimit { .. }) => {
            SignatureVerdict::NotChecked
        }
    };
    if !crypto::algorithm_supported(algorithm) && verdict.is_err() {
        SignatureVerdict::UnsupportedAlgorithm
    } else {
        label
    }
}

/// Checks the RRSIGs in `section` over the RRset (`owner`, `rtype`) against `keys` of `zone`
/// (RFC 4035 §5.3.1–§5.3.3). Any one valid signature suffices, and once one has validated the
/// rest are not checked. At most [`MAX_SIGNATURES_PER_RRSET`] signatures reach cryptography,
/// each against at most [`MAX_KEYS_PER_SIGNATURE`] keys (CVE-2023-50387, "KeyTrap"); every
/// verification is memoised and counted in `work`.
fn check_rrset(
    work: &Work,
    owner: &Name,
    rtype: RecordType,
    section: &[WireRecord],
    zone: &Name,
    keys: &[Dnskey],
    now: u32,
) -> RrsetCheck {
    let records: Vec<&WireRecord> = section
        .iter()
        .filter(|r| r.rtype == rtype && names_equal(&r.name, owner))
        .collect();
    let covers = format!("{}/{}", display(owner), rtype);
    let mut sigs = Vec::new();
    let mut best: Option<SignatureFailure> = None;
    let note = |failure: SignatureFailure, best: &mut Option<SignatureFailure>| {
        if best
            .as_ref()
            .is_none_or(|b| failure_rank(&failure) > failure_rank(b))
        {
            *best = Some(failure);
        }
    };
    let rrsigs = section
        .iter()
        .filter(|r| r.rtype == RecordType::RRSIG && names_equal(&r.name, owner));
    let mut success = None;
    let mut attempts = 0usize;
    for record in rrsigs {
        let Ok(rrsig) = Rrsig::parse(&record.raw_rdata) else {
            note(
                SignatureFailure::Malformed {
                    detail: "unreadable RRSIG".into(),
                },
                &mut best,
            );
            continue;
        };
        if rrsig.type_covered != rtype {
            continue;
        }
        let verdict = if success.is_some() {
            Err(SignatureFailure::Missing)
        } else if attempts >= MAX_SIGNATURES_PER_RRSET {
            let failure = SignatureFailure::WorkLimit {
                detail: format!("more than {MAX_SIGNATURES_PER_RRSET} signatures had to be tried"),
            };
            note(failure.clone(), &mut best);
            Err(failure)
        } else {
            judge_signature(
                work,
                &rrsig,
                owner,
                &records,
                zone,
                keys,
                now,
                &mut attempts,
            )
        };
        sigs.push(SignatureReport {
            covers: covers.clone(),
            key_tag: rrsig.key_tag,
            algorithm: rrsig.algorithm,
            signer: display(&rrsig.signer),
            labels: rrsig.labels,
            original_ttl: rrsig.original_ttl,
            inception: rfc3339(rrsig.inception, now),
            expiration: rfc3339(rrsig.expiration, now),
            verdict: verdict_label(&verdict, rrsig.algorithm),
            inception_at: serial_to_unix(rrsig.inception, now),
            expiration_at: serial_to_unix(rrsig.expiration, now),
            rrset_ttl: records.iter().map(|r| r.ttl).min(),
        });
        match verdict {
            Ok(()) => success = Some((usize::from(rrsig.labels), rrsig.key_tag)),
            Err(SignatureFailure::Missing) => {}
            Err(failure) => note(failure, &mut best),
        }
    }
    let result = match success {
        Some(ok) => Ok(ok),
        None => Err(best.unwrap_or(SignatureFailure::Missing)),
    };
    RrsetCheck { sigs, result }
}

/// One RRSIG against the zone's keys (RFC 4035 §5.3.1-§5.3.3). `attempts` counts the
/// signatures of the RRset that reached cryptography.
#[allow(clippy::too_many_arguments)]
fn judge_signature(
    work: &Work,
    rrsig: &Rrsig,
    owner: &Name,
    records: &[&WireRecord],
    zone: &Name,
    keys: &[Dnskey],
    now: u32,
    attempts: &mut usize,
) -> Result<(), SignatureFailure> {
    if records.is_empty() {
        return Err(SignatureFailure::Malformed {
            detail: "the RRSIG covers no records".into(),
        });
    }
    // RFC 4035 §5.3.1: the signer is the zone that holds the RRset, so the owner is at or
    // below it.
    if !names_equal(&rrsig.signer, zone) || !is_at_or_below(owner, &rrsig.signer) {
        return Err(SignatureFailure::WrongSigner {
            signer: display(&rrsig.signer),
        });
    }
    if usize::from(rrsig.labels) > rrsig_label_count(owner) {
        return Err(SignatureFailure::Malformed {
            detail: format!(
                "Labels field {} exceeds the owner's label count",
                rrsig.labels
            ),
        });
    }
    let candidates: Vec<&Dnskey> = keys
        .iter()
        .filter(|k| {
            k.key_tag == rrsig.key_tag && k.algorithm == rrsig.algorithm && k.is_usable_zone_key()
        })
        .collect();
    if candidates.is_empty() || !crypto::algorithm_supported(rrsig.algorithm) {
        return Err(SignatureFailure::NoMatchingKey {
            tags: vec![rrsig.key_tag],
        });
    }
    // RFC 4035 §5.3.1 with RFC 1982 serial arithmetic (RFC 4034 §3.1.5).
    if !serial_le(rrsig.inception, now) {
        return Err(SignatureFailure::NotYetValid {
            tag: rrsig.key_tag,
            inception: rfc3339(rrsig.inception, now),
        });
    }
    if !serial_le(now, rrsig.expiration) {
        return Err(SignatureFailure::Expired {
            tag: rrsig.key_tag,
            expiration: rfc3339(rrsig.expiration, now),
        });
    }
    let data = signed_data(rrsig, owner, records).ok_or_else(|| SignatureFailure::Malformed {
        detail: "Labels field exceeds the owner's label count".into(),
    })?;
    *attempts += 1;
    for key in candidates.iter().take(MAX_KEYS_PER_SIGNATURE) {
        match work.verify(key.algorithm, &key.public_key, &data, &rrsig.signature) {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(over) => {
                return Err(SignatureFailure::WorkLimit {
                    detail: over.describe(),
                })
            }
        }
    }
    if candidates.len() > MAX_KEYS_PER_SIGNATURE {
        return Err(SignatureFailure::WorkLimit {
            detail: format!(
                "{} keys share tag {} and algorithm {}; at most {MAX_KEYS_PER_SIGNATURE} are tried",
                candidates.len(),
                rrsig.key_tag,
                rrsig.algorithm
            ),
        });
    }
    Err(SignatureFailure::Invalid { tag: rrsig.key_tag })
}

// ---------------------------------------------------------------------------------------------
// Denial of existence (RFC 4035 §5.4, RFC 5155 §8)
// ---------------------------------------------------------------------------------------------

/// The validated NSEC and NSEC3 records of a response, and all of them in presentation form.
struct DenialRecords {
    nsecs: Vec<(Name, Nsec)>,
    nsec3s: Vec<(Name, Nsec3)>,
    texts: Vec<String>,
    /// The signatures checked over them.
    sigs: Vec<SignatureReport>,
    /// Owners of records whose signature shows they were synthesised from a wildcard.
    expanded: Vec<Name>,
}

/// Validated NSEC/NSEC3 records from a response's authority section, or why they are unusable.
///
/// A record whose validating RRSIG has a Labels field smaller than its owner's label count was
/// synthesised from a wildcard (RFC 4035 §5.3.4, RFC 4592 §4): it says nothing about its
/// expanded owner, so it takes no part in any proof (CVE-2017-15105; Unbound and BIND ignore
/// such records too).
fn denial_records(
    work: &Work,
    message: &WireMessage,
    zone: &Name,
    keys: &[Dnskey],
    now: u32,
) -> Result<DenialRecords, Problem> {
    let mut out = DenialRecords {
        nsecs: Vec::new(),
        nsec3s: Vec::new(),
        texts: Vec::new(),
        sigs: Vec::new(),
        expanded: Vec::new(),
    };
    let mut owners_done: Vec<(Name, RecordType, bool)> = Vec::new();
    for record in &message.authorities {
        if record.rtype != RecordType::NSEC && record.rtype != RecordType::NSEC3 {
            continue;
        }
        out.texts.push(record_text(record));
        let done = owners_done
            .iter()
            .find(|(n, t, _)| *t == record.rtype && names_equal(n, &record.name))
            .map(|(_, _, usable)| *usable);
        let usable = match done {
            Some(usable) => usable,
            None => {
                let check = check_rrset(
                    work,
                    &record.name,
                    record.rtype,
                    &message.authorities,
                    zone,
                    keys,
                    now,
                );
                out.sigs.extend(check.sigs.iter().cloned());
                let labels_field = match check.result {
                    Ok((labels_field, _)) => labels_field,
                    Err(failure) => {
                        return Err(Problem::RrsetNotValidated {
                            owner: display(&record.name),
                            rtype: record.rtype.to_string(),
                            zone: display(zone),
                            failure,
                        })
                    }
                };
                let usable = labels_field >= rrsig_label_count(&record.name);
                if !usable {
                    out.expanded.push(record.name.clone());
                }
                owners_done.push((record.name.clone(), record.rtype, usable));
                usable
            }
        };
        if !usable {
            continue;
        }
        if record.rtype == RecordType::NSEC {
            if let Ok(nsec) = Nsec::parse(&record.raw_rdata) {
                out.nsecs.push((record.name.clone(), nsec));
            }
        } else if let Ok(nsec3) = Nsec3::parse(&record.raw_rdata) {
            out.nsec3s.push((record.name.clone(), nsec3));
        }
    }
    Ok(out)
}

/// What a denial established, with its report.
struct DenialOutcome {
    proven: Result<Proven, NotProven>,
    report: DenialReport,
}

fn prove_denial(
    ctx: &Context<'_>,
    message: &WireMessage,
    qname: &Name,
    zone: &Name,
    keys: &[Dnskey],
    goal: Goal,
) -> Result<DenialOutcome, Problem> {
    let found = denial_records(ctx.work, message, zone, keys, ctx.now)?;
    let iterations = found
        .nsec3s
        .iter()
        .map(|(_, r)| r.iterations)
        .max()
        .unwrap_or(0);
    let (kind, proven) = if !found.nsec3s.is_empty() {
        (
            DenialType::Nsec3,
            denial::nsec3::prove_with(ctx.work, qname, zone, goal, &found.nsec3s),
        )
    } else {
        let kind = if message
            .authorities
            .iter()
            .any(|r| r.rtype == RecordType::NSEC3)
        {
            DenialType::Nsec3
        } else {
            DenialType::Nsec
        };
        (kind, denial::nsec::prove(qname, zone, goal, &found.nsecs))
    };
    // Records synthesised from a wildcard were left out; say so when the proof fails.
    let proven = match (proven, found.expanded.first()) {
        (Err(NotProven::NoRecords | NotProven::Insufficient(_)), Some(owner)) => {
            Err(NotProven::Insufficient(format!(
                "the NSEC/NSEC3 record at {} was synthesised from a wildcard (its RRSIG Labels field is smaller than its owner's label count), so it proves nothing about that name (RFC 4035 §5.3.4)",
                display(owner)
            )))
        }
        (proven, _) => proven,
    };
    let proves = match &proven {
        Ok(Proven::NxDomain) => Proves::Nxdomain,
        Ok(Proven::NoData) => Proves::Nodata,
        Ok(Proven::WildcardAnswer) => Proves::Wildcard,
        Ok(Proven::InsecureDelegation) => Proves::NoDs,
        Ok(Proven::NotACut) => Proves::NotACut,
        Ok(Proven::NameDoesNotExist) => Proves::NameDoesNotExist,
        Ok(Proven::OptOut) => Proves::OptOut,
        Err(_) => Proves::None,
    };
    Ok(DenialOutcome {
        proven,
        report: DenialReport {
            kind,
            proves,
            iterations,
            records: found.texts,
            rrsigs: found.sigs,
            salt_len: found
                .nsec3s
                .iter()
                .map(|(_, r)| r.salt.len())
                .max()
                .unwrap_or(0),
            opt_out: found.nsec3s.iter().any(|(_, r)| r.opt_out()),
        },
    })
}

fn denial_problem(
    qname: &Name,
    rtype: RecordType,
    zone: &Name,
    kind: DenialKind,
    not: NotProven,
) -> Result<InsecureReason, Problem> {
    match not {
        NotProven::NoRecords => Err(Problem::DenialMissing {
            name: display(qname),
            rtype: rtype.to_string(),
            zone: display(zone),
            kind,
        }),
        NotProven::Insufficient(detail) => Err(Problem::DenialNotProven {
            name: display(qname),
            rtype: rtype.to_string(),
            zone: display(zone),
            kind,
            detail,
        }),
        NotProven::IterationsTooHigh(iterations) => Ok(InsecureReason::Nsec3Iterations {
            zone: display(zone),
            iterations,
            limit: denial::nsec3::MAX_ITERATIONS,
        }),
        NotProven::WorkLimit(detail) => Err(Problem::TooMuchWork {
            name: display(qname),
            rtype: rtype.to_string(),
            zone: display(zone),
            detail: format!("checking {}: {detail}", kind.describe()),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// The chain of trust (RFC 4035 §5.1, §5.2)
// ---------------------------------------------------------------------------------------------

/// How a zone's DNSKEY set is vouched for.
enum Trust<'a> {
    Anchor(&'a Anchor),
    Parent {
        ds: Vec<Ds>,
        ds_rrsigs: Vec<SignatureReport>,
        /// The DS RRset's TTL as received: how long a cache may still keep it.
        ttl: Option<u32>,
    },
}

/// Where the walk down the tree ended.
enum WalkEnd {
    Secure { zone: Name, keys: Vec<Dnskey> },
    Insecure(InsecureReason),
    Failed(Problem),
}

struct Walk {
    zones: Vec<ZoneReport>,
    end: WalkEnd,
}

fn resolver_problem(name: &Name, rtype: RecordType, fetched: &Fetched) -> Option<Problem> {
    match fetched {
        Fetched::Failed(detail) => Some(Problem::Transport {
            name: display(name),
            rtype: rtype.to_string(),
            detail: detail.clone(),
        }),
        Fetched::Answer(message) => {
            if let Some((qname, qtype)) = &message.question {
                if !names_equal(qname, name) || *qtype != rtype {
                    return Some(Problem::UnusableAnswer {
                        name: display(name),
                        rtype: rtype.to_string(),
                        detail: format!(
                            "it answers a different question ({}/{qtype})",
                            display(qname)
                        ),
                    });
                }
            }
            if message.truncated {
                return Some(Problem::UnusableAnswer {
                    name: display(name),
                    rtype: rtype.to_string(),
                    detail: "it is truncated (TC bit set)".into(),
                });
            }
            match message.rcode {
                0 | 3 => None,
                code => Some(Problem::ResolverError {
                    name: display(name),
                    rtype: rtype.to_string(),
                    rcode: rcode_name(code),
                }),
            }
        }
    }
}

pub fn rcode_name(rcode: u16) -> String {
    match rcode {
        0 => "NOERROR".into(),
        1 => "FORMERR".into(),
        2 => "SERVFAIL".into(),
        3 => "NXDOMAIN".into(),
        4 => "NOTIMP".into(),
        5 => "REFUSED".into(),
        16 => "BADVERS".into(),
        other => format!("RCODE{other}"),
    }
}

/// The zone's CDS records (RFC 7344 §3) when their answer was fetched (a prefetch; never asked
/// for by validation): `Some(empty)` when the zone has none.
fn optional_cds(ctx: &Context<'_>, zone: &Name) -> Option<Vec<Ds>> {
    match ctx.peek(zone, RecordType::CDS)? {
        Fetched::Answer(message) if message.rcode == 0 => Some(
            message
                .answers
                .iter()
                .filter(|r| r.rtype == RecordType::CDS && names_equal(&r.name, zone))
                .filter_map(|r| Ds::parse(&r.raw_rdata).ok())
                .collect(),
        ),
        _ => None,
    }
}

/// The smallest TTL of the RRset (`owner`, `rtype`) in `section`, as received: how long the
/// resolver's cache (and a CA's) may still keep it.
fn rrset_ttl(section: &[WireRecord], owner: &Name, rtype: RecordType) -> Option<u32> {
    section
        .iter()
        .filter(|r| r.rtype == rtype && names_equal(&r.name, owner))
        .map(|r| r.ttl)
        .min()
}

/// The DNSKEYs that `ds` is the digest of (RFC 4034 §5.1.4). Only keys with the DS's tag and
/// algorithm are digested, at most [`MAX_DS_MATCH_ATTEMPTS`] of them (KeyTrap: hundreds of keys
/// can share one tag).
fn ds_matched_keys<'k>(
    zone: &'k Name,
    ds: &'k Ds,
    keys: &'k [Dnskey],
) -> impl Iterator<Item = &'k Dnskey> + 'k {
    keys.iter()
        .filter(|k| k.key_tag == ds.key_tag && k.algorithm == ds.algorithm)
        .take(MAX_DS_MATCH_ATTEMPTS)
        .filter(move |k| crate::dnssec::crypto::ds_matches(ds, zone, k))
}

/// A DS or DNSKEY RRset is never synthesised from a wildcard: one whose validating RRSIG has a
/// Labels field smaller than the owner's label count is not the RRset it claims to be
/// (RFC 4035 §5.3.4; a DS at a zone cut and a DNSKEY at an apex exist at their own names).
fn not_from_wildcard(result: &mut Result<(usize, u16), SignatureFailure>, owner: &Name) {
    if let Ok((labels_field, _)) = result {
        if *labels_field < rrsig_label_count(owner) {
            *result = Err(SignatureFailure::Malformed {
                detail: format!(
                    "its Labels field {labels_field} marks a wildcard expansion, which a DS or DNSKEY RRset cannot be"
                ),
            });
        }
    }
}

/// SERVFAIL for a DS or DNSKEY RRset that the chain of trust needs: the servers behind the
/// resolver failed. Validators fail closed (BIND, Unbound: SERVFAIL with EDE 9 for DNSKEY;
/// dnsjava: BOGUS), so the CA sees BOGUS, not INDETERMINATE.
fn servers_failed(zone: &Name, rtype: RecordType, fetched: &Fetched) -> Option<Problem> {
    match resolver_problem(zone, rtype, fetched)? {
        Problem::ResolverError { rcode, .. } if rcode == "SERVFAIL" => {
            Some(Problem::ZoneServersFailed {
                zone: display(zone),
                rtype: rtype.to_string(),
            })
        }
        _ => None,
    }
}

/// The validated keys of a zone, or why there are none: insecure (Ok) or broken (Err).
type KeysOutcome = Result<Vec<Dnskey>, Result<InsecureReason, Problem>>;

/// Establishes the DNSKEY set of `zone` from its DS records or anchor (RFC 4035 §5.2).
fn zone_keys(ctx: &Context<'_>, zone: &Name, trust: &Trust<'_>) -> Step<(ZoneReport, KeysOutcome)> {
    let (ds, ds_rrsigs, anchor_keys, delegation) = match trust {
        Trust::Anchor(anchor) => (
            anchor.ds.clone(),
            Vec::new(),
            anchor.keys.clone(),
            Delegation::Anchor,
        ),
        Trust::Parent { ds, ds_rrsigs, .. } => {
            (ds.clone(), ds_rrsigs.clone(), Vec::new(), Delegation::Ds)
        }
    };
    let mut report = ZoneReport {
        zone: display(zone),
        status: Status::Secure,
        delegation,
        ds: Vec::new(),
        ds_rrsigs,
        dnskeys: Vec::new(),
        dnskey_rrsigs: Vec::new(),
        denial: None,
        problem: None,
        ds_ttl: match trust {
            Trust::Parent { ttl, .. } => *ttl,
            Trust::Anchor(_) => None,
        },
        dnskey_ttl: None,
        warnings: Vec::new(),
        dnskey_response_size: None,
        cds: optional_cds(ctx, zone),
    };
    let fetched = ctx.fetch(zone, RecordType::DNSKEY)?;
    let (keys, message) = match fetched {
        Fetched::Answer(message)
            if resolver_problem(zone, RecordType::DNSKEY, fetched).is_none() =>
        {
            report.dnskey_ttl = rrset_ttl(&message.answers, zone, RecordType::DNSKEY);
            report.dnskey_response_size = Some(message.size);
            let keys: Vec<Dnskey> = message
                .answers
                .iter()
                .filter(|r| r.rtype == RecordType::DNSKEY && names_equal(&r.name, zone))
                .filter_map(|r| Dnskey::parse(&r.raw_rdata).ok())
                .collect();
            (keys, Some(message))
        }
        _ => (Vec::new(), None),
    };
    let ds_matches = |d: &Ds| ds_matched_keys(zone, d, &keys).next().is_some();
    report.ds = ds
        .iter()
        .map(|d| DsReport {
            key_tag: d.key_tag,
            algorithm: d.algorithm,
            algorithm_name: crypto::algorithm_name(d.algorithm),
            digest_type: d.digest_type,
            digest_name: crypto::digest_name(d.digest_type),
            digest: crate::dns::codec::hex_upper(&d.digest),
            supported: crate::dnssec::crypto::ds_supported(d),
            matches_key: ds_matches(d),
        })
        .collect();
    let mut trusted: Vec<Dnskey> = Vec::new();
    for d in ds.iter().filter(|d| crate::dnssec::crypto::ds_supported(d)) {
        for key in ds_matched_keys(zone, d, &keys) {
            if !trusted.iter().any(|t| t.rdata == key.rdata) {
                trusted.push(key.clone());
            }
        }
    }
    for key in keys
        .iter()
        .filter(|k| anchor_keys.iter().any(|a| a.rdata == k.rdata))
    {
        if !trusted.iter().any(|t| t.rdata == key.rdata) {
            trusted.push(key.clone());
        }
    }
    let fill_keys = |report: &mut ZoneReport, signers: &[u16]| {
        report.dnskeys = keys
            .iter()
            .map(|k| KeyReport {
                key_tag: k.key_tag,
                flags: k.flags,
                role: if k.role() == "KSK" {
                    KeyRole::Ksk
                } else {
                    KeyRole::Zsk
                },
                algorithm: k.algorithm,
                algorithm_name: crypto::algorithm_name(k.algorithm),
                key_size: crypto::key_size_bits(k.algorithm, &k.public_key),
                revoked: k.flags & crate::dns::records::FLAG_REVOKE != 0,
                matches_ds: trusted.iter().any(|t| t.rdata == k.rdata),
                signs_key_set: signers.contains(&k.key_tag),
            })
            .collect();
    };

    // RFC 4035 §5.2 / RFC 6840 §5.2: with no DS we can use, the zone is treated as unsigned.
    let usable_ds = ds.iter().any(crate::dnssec::crypto::ds_supported);
    if !usable_ds && anchor_keys.is_empty() {
        fill_keys(&mut report, &[]);
        report.status = Status::Insecure;
        report.delegation = Delegation::Unsupported;
        let mut algorithms: Vec<u8> = ds
            .iter()
            .filter(|d| !crypto::algorithm_supported(d.algorithm))
            .map(|d| d.algorithm)
            .collect();
        algorithms.dedup();
        let mut digests: Vec<u8> = ds
            .iter()
            .filter(|d| !crypto::digest_supported(d.digest_type))
            .map(|d| d.digest_type)
            .collect();
        digests.dedup();
        return Ok((
            report,
            Err(Ok(InsecureReason::UnsupportedDs {
                zone: display(zone),
                algorithms,
                digests,
            })),
        ));
    }

    let fail = |mut report: ZoneReport, problem: Problem| {
        report.status = problem.status();
        report.problem = Some(problem.reason());
        Ok((report, Err(Err(problem))))
    };
    let Some(message) = message else {
        let problem = servers_failed(zone, RecordType::DNSKEY, fetched)
            .or_else(|| resolver_problem(zone, RecordType::DNSKEY, fetched))
            .unwrap_or(Problem::UnusableAnswer {
                name: display(zone),
                rtype: "DNSKEY".into(),
                detail: "no answer".into(),
            });
        return fail(report, problem);
    };
    if keys.is_empty() {
        return fail(
            report,
            Problem::NoDnskeys {
                zone: display(zone),
            },
        );
    }
    let ds_tags: Vec<u16> = ds
        .iter()
        .filter(|d| crate::dnssec::crypto::ds_supported(d))
        .map(|d| d.key_tag)
        .collect();
    if trusted.is_empty() {
        fill_keys(&mut report, &[]);
        let near_miss = ds.iter().find(|d| {
            crate::dnssec::crypto::ds_supported(d)
                && keys
                    .iter()
                    .any(|k| k.key_tag == d.key_tag && k.algorithm == d.algorithm)
        });
        let problem = match near_miss {
            Some(d) => Problem::DsDigestMismatch {
                zone: display(zone),
                tag: d.key_tag,
            },
            None => Problem::NoKeyMatchesDs {
                zone: display(zone),
                ds_tags: if ds_tags.is_empty() {
                    anchor_keys.iter().map(|k| k.key_tag).collect()
                } else {
                    ds_tags
                },
                key_tags: {
                    // Sorted: resolvers rotate RRsets, the reason must not.
                    let mut tags: Vec<u16> = keys.iter().map(|k| k.key_tag).collect();
                    tags.sort_unstable();
                    tags.dedup();
                    tags
                },
            },
        };
        return fail(report, problem);
    }
    let mut check = check_rrset(
        ctx.work,
        zone,
        RecordType::DNSKEY,
        &message.answers,
        zone,
        &trusted,
        ctx.now,
    );
    not_from_wildcard(&mut check.result, zone);
    // Which keys signed the set validly: re-check against each key for the picture.
    let signers: Vec<u16> = check
        .sigs
        .iter()
        .filter(|s| s.verdict == SignatureVerdict::Valid)
        .map(|s| s.key_tag)
        .collect();
    report.dnskey_rrsigs = check.sigs;
    // Signatures by keys that are not trusted show as "no-key" above; mark them as not checked.
    for sig in &mut report.dnskey_rrsigs {
        if sig.verdict == SignatureVerdict::NoKey && keys.iter().any(|k| k.key_tag == sig.key_tag) {
            sig.verdict = SignatureVerdict::NotChecked;
        }
    }
    fill_keys(&mut report, &signers);
    match check.result {
        Ok(_) => {
            let usable: Vec<Dnskey> = keys
                .into_iter()
                .filter(Dnskey::is_usable_zone_key)
                .collect();
            Ok((report, Ok(usable)))
        }
        Err(failure) => fail(
            report,
            Problem::DnskeyNotSignedByDsKey {
                zone: display(zone),
                ds_tags: trusted.iter().map(|k| k.key_tag).collect(),
                failure,
            },
        ),
    }
}

/// What a DS query at `child` tells about the cut (RFC 4035 §5.2).
enum DsStep {
    /// The DS records, their signatures and the RRset's TTL as received.
    Secure(Vec<Ds>, Vec<SignatureReport>, Option<u32>),
    Insecure(InsecureReason, Option<DenialReport>),
    NotACut,
    Stop,
    Failed(Problem),
}

fn ds_step(ctx: &Context<'_>, child: &Name, zone: &Name, keys: &[Dnskey]) -> Step<DsStep> {
    let fetched = ctx.fetch(child, RecordType::DS)?;
    if let Some(problem) = servers_failed(child, RecordType::DS, fetched)
        .or_else(|| resolver_problem(child, RecordType::DS, fetched))
    {
        return Ok(DsStep::Failed(problem));
    }
    let Fetched::Answer(message) = fetched else {
        return Ok(DsStep::Stop);
    };
    let ds_records: Vec<Ds> = message
        .answers
        .iter()
        .filter(|r| r.rtype == RecordType::DS && names_equal(&r.name, child))
        .filter_map(|r| Ds::parse(&r.raw_rdata).ok())
        .collect();
    if !ds_records.is_empty() {
        let mut check = check_rrset(
            ctx.work,
            child,
            RecordType::DS,
            &message.answers,
            zone,
            keys,
            ctx.now,
        );
        not_from_wildcard(&mut check.result, child);
        return Ok(match check.result {
            Ok(_) => DsStep::Secure(
                ds_records,
                check.sigs,
                rrset_ttl(&message.answers, child, RecordType::DS),
            ),
            Err(failure) => DsStep::Failed(Problem::RrsetNotValidated {
                owner: display(child),
                rtype: "DS".into(),
                zone: display(zone),
                failure,
            }),
        });
    }
    let redirected = message.answers.iter().any(|r| {
        (r.rtype == RecordType::CNAME && names_equal(&r.name, child))
            || (r.rtype == RecordType::DNAME && is_at_or_below(child, &r.name))
    });
    if redirected {
        return Ok(DsStep::Stop);
    }
    let outcome = match prove_denial(ctx, message, child, zone, keys, Goal::NoDs) {
        Ok(outcome) => outcome,
        Err(problem) => return Ok(DsStep::Failed(problem)),
    };
    Ok(match outcome.proven {
        Ok(Proven::InsecureDelegation) => DsStep::Insecure(
            InsecureReason::NoDs {
                zone: display(child),
                parent: display(zone),
            },
            Some(outcome.report),
        ),
        Ok(Proven::OptOut) => DsStep::Insecure(
            InsecureReason::OptOut {
                name: display(child),
                parent: display(zone),
            },
            Some(outcome.report),
        ),
        Ok(Proven::NotACut) => DsStep::NotACut,
        Ok(_) => DsStep::Stop,
        Err(not) => match denial_problem(child, RecordType::DS, zone, DenialKind::NoDs, not) {
            Ok(reason) => DsStep::Insecure(reason, Some(outcome.report)),
            Err(problem) => DsStep::Failed(problem),
        },
    })
}

/// Walks from the closest trust anchor down to `target` (an ancestor-or-self of the queried
/// name: the zone the answer claims to come from), finding zone cuts from DS answers.
fn walk(ctx: &Context<'_>, target: &Name) -> Step<Walk> {
    let mut zones = Vec::new();
    let Some(anchor) = ctx.anchors.closest_to(target) else {
        return Ok(Walk {
            zones,
            end: WalkEnd::Insecure(InsecureReason::NoTrustAnchor {
                name: display(target),
            }),
        });
    };
    let target_len = labels(target).len();
    let mut zone = anchor.owner.clone();
    let mut trust = Trust::Anchor(anchor);
    loop {
        let (report, keys) = zone_keys(ctx, &zone, &trust)?;
        zones.push(report);
        let keys = match keys {
            Ok(keys) => keys,
            Err(Ok(reason)) => {
                return Ok(Walk {
                    zones,
                    end: WalkEnd::Insecure(reason),
                })
            }
            Err(Err(problem)) => {
                return Ok(Walk {
                    zones,
                    end: WalkEnd::Failed(problem),
                })
            }
        };
        let mut cursor_len = labels(&zone).len();
        let next_trust = loop {
            if cursor_len >= target_len {
                return Ok(Walk {
                    zones,
                    end: WalkEnd::Secure { zone, keys },
                });
            }
            let child = suffix(target, cursor_len + 1);
            match ds_step(ctx, &child, &zone, &keys)? {
                DsStep::Secure(ds, ds_rrsigs, ttl) => {
                    break (child, Trust::Parent { ds, ds_rrsigs, ttl })
                }
                DsStep::Insecure(reason, denial) => {
                    zones.push(ZoneReport {
                        zone: display(&child),
                        status: Status::Insecure,
                        delegation: match reason {
                            InsecureReason::OptOut { .. } => Delegation::OptOut,
                            _ => Delegation::NoDs,
                        },
                        ds: Vec::new(),
                        ds_rrsigs: Vec::new(),
                        dnskeys: Vec::new(),
                        dnskey_rrsigs: Vec::new(),
                        denial,
                        problem: None,
                        ds_ttl: None,
                        dnskey_ttl: None,
                        warnings: Vec::new(),
                        dnskey_response_size: None,
                        cds: None,
                    });
                    return Ok(Walk {
                        zones,
                        end: WalkEnd::Insecure(reason),
                    });
                }
                DsStep::NotACut => cursor_len += 1,
                DsStep::Stop => {
                    return Ok(Walk {
                        zones,
                        end: WalkEnd::Secure { zone, keys },
                    })
                }
                DsStep::Failed(problem) => {
                    if let Some(last) = zones.last_mut() {
                        last.problem = Some(problem.reason());
                        last.status = problem.status();
                    }
                    return Ok(Walk {
                        zones,
                        end: WalkEnd::Failed(problem),
                    });
                }
            }
        };
        zone = next_trust.0;
        trust = next_trust.1;
    }
}

// ---------------------------------------------------------------------------------------------
// Judging one link of a lookup
// ---------------------------------------------------------------------------------------------

/// The zone the answer claims to come from: the signer of its RRSIGs, else the owner of the
/// SOA in a negative answer. Only a hint for where to stop walking; everything is verified.
fn zone_hint(message: &WireMessage, name: &Name) -> Name {
    let signer = message
        .answers
        .iter()
        .chain(message.authorities.iter())
        .filter(|r| r.rtype == RecordType::RRSIG)
        .filter_map(|r| Rrsig::parse(&r.raw_rdata).ok())
        .map(|s| s.signer)
        .find(|s| is_at_or_below(name, s));
    let soa = || {
        message
            .authorities
            .iter()
            .find(|r| r.rtype == RecordType::SOA && is_at_or_below(name, &r.name))
            .map(|r| r.name.clone())
    };
    signer.or_else(soa).unwrap_or_else(|| name.clone())
}

/// The verdict for one link, and the name it points to next (CNAME/DNAME), if any.
pub struct LinkOutcome {
    pub report: LinkReport,
    pub problem: Option<Problem>,
    pub insecure: Option<InsecureReason>,
    pub next: Option<Name>,
}

fn alias_target(message: &WireMessage, name: &Name) -> Option<(WireRecord, Name, Name)> {
    // DNAME at an ancestor (RFC 6672 §2.2): substitute the owner suffix with the target. It
    // comes first: the CNAME a server synthesises from it is unsigned (RFC 6672 §5.3.1).
    for record in message
        .answers
        .iter()
        .filter(|r| r.rtype == RecordType::DNAME)
    {
        if is_at_or_below(name, &record.name) && !names_equal(name, &record.name) {
            let (target, _) = read_uncompressed_name(&record.raw_rdata)?;
            let keep = labels(name).len() - labels(&record.name).len();
            let prefix: Vec<&[u8]> = labels(name)[..keep].to_vec();
            let synthesized = Name::from_labels(prefix).ok()?.append_name(&target).ok()?;
            return Some((record.clone(), record.name.clone(), synthesized));
        }
    }
    // CNAME at the name itself.
    let record = message
        .answers
        .iter()
        .find(|r| r.rtype == RecordType::CNAME && names_equal(&r.name, name))?;
    match &record.data {
        Some(hickory_proto::rr::RData::CNAME(target)) => {
            Some((record.clone(), record.name.clone(), target.0.clone()))
        }
        _ => None,
    }
}

/// How an answer fared in the zone that holds it.
enum Judgment {
    Secure(String),
    Insecure(InsecureReason),
    Bogus(Problem),
}

/// The deepest zone that can hold `name`'s `rtype` RRset: the name itself, except that a DS
/// RRset lives in the parent zone (RFC 4035 §3.1.4.1).
fn deepest_possible_zone(name: &Name, rtype: RecordType) -> Name {
    if rtype == RecordType::DS && !name.is_root() {
        name.base_name()
    } else {
        name.clone()
    }
}

/// Validates one (name, type) on its own chain of trust.
///
/// The walk first goes down to the zone the answer claims (its signer or SOA owner), which is
/// only a hint. When the answer does not validate there, the walk continues down the queried
/// name itself, as BIND's proveunsecure does: a name below a proven insecure delegation is
/// INSECURE whatever the answer claims (RFC 4035 §5.2, §4.3), and a name below a deeper signed
/// zone is judged by that zone's keys.
pub fn judge_link(ctx: &Context<'_>, name: &Name, rtype: RecordType) -> Step<LinkOutcome> {
    let fetched = ctx.fetch(name, rtype)?;
    let mut report = LinkReport {
        name: display(name),
        rtype: rtype.to_string(),
        status: Status::Indeterminate,
        error: None,
        reason: String::new(),
        zone: None,
        rcode: None,
        records: Vec::new(),
        rrsigs: Vec::new(),
        denial: None,
        chain: Vec::new(),
    };
    let done = |mut report: LinkReport,
                problem: Option<Problem>,
                insecure: Option<InsecureReason>,
                next: Option<Name>| {
        if let Some(p) = &problem {
            report.status = p.status();
            report.error = Some(p.error_code());
            report.reason = p.reason();
        } else if let Some(r) = &insecure {
            report.status = Status::Insecure;
            report.reason = r.reason();
        }
        Ok(LinkOutcome {
            report,
            problem,
            insecure,
            next,
        })
    };
    if let Some(problem) = resolver_problem(name, rtype, fetched) {
        if let Fetched::Answer(message) = fetched {
            report.rcode = Some(rcode_name(message.rcode));
        }
        return done(report, Some(problem), None, None);
    }
    let Fetched::Answer(message) = fetched else {
        return done(report, None, None, None);
    };
    report.rcode = Some(rcode_name(message.rcode));
    report.records = message
        .answers
        .iter()
        .filter(|r| r.rtype != RecordType::RRSIG && r.rtype != RecordType::OPT)
        .map(record_text)
        .collect();
    let alias = if rtype == RecordType::CNAME {
        None
    } else {
        alias_target(message, name)
    };
    let next = alias.as_ref().map(|(_, _, target)| target.clone());

    let hint = zone_hint(message, name);
    let walked = walk(ctx, &hint)?;
    report.chain = walked.zones;
    let (zone, keys) = match walked.end {
        WalkEnd::Failed(problem) => return done(report, Some(problem), None, next),
        WalkEnd::Insecure(reason) => return done(report, None, Some(reason), next),
        WalkEnd::Secure { zone, keys } => (zone, keys),
    };
    report.zone = Some(display(&zone));
    let mut judgment = judge_answer(ctx, message, name, rtype, &alias, &zone, &keys, &mut report);

    if matches!(judgment, Judgment::Bogus(_)) {
        let deepest = deepest_possible_zone(name, rtype);
        if labels(&deepest).len() > labels(&zone).len() {
            let deeper = walk(ctx, &deepest)?;
            match deeper.end {
                WalkEnd::Insecure(reason) => {
                    report.chain = deeper.zones;
                    report.zone = None;
                    report.rrsigs = Vec::new();
                    report.denial = None;
                    judgment = Judgment::Insecure(reason);
                }
                WalkEnd::Secure {
                    zone: deeper_zone,
                    keys: deeper_keys,
                } if !names_equal(&deeper_zone, &zone) => {
                    report.chain = deeper.zones;
                    report.zone = Some(display(&deeper_zone));
                    report.rrsigs = Vec::new();
                    report.denial = None;
                    judgment = judge_answer(
                        ctx,
                        message,
                        name,
                        rtype,
                        &alias,
                        &deeper_zone,
                        &deeper_keys,
                        &mut report,
                    );
                }
                // The answer's own problem explains more than a failure further down.
                _ => {}
            }
        }
    }
    match judgment {
        Judgment::Secure(reason) => {
            report.status = Status::Secure;
            report.reason = reason;
            done(report, None, None, next)
        }
        Judgment::Insecure(reason) => done(report, None, Some(reason), next),
        Judgment::Bogus(problem) => done(report, Some(problem), None, next),
    }
}

/// Judges the answer in `zone`, whose keys are validated: the RRset (or the alias that
/// redirects it) must be signed by the zone (RFC 4035 §5.3), a wildcard expansion needs proof
/// that the name itself does not exist (§5.3.4), and a negative answer needs its denial
/// (§5.4; RFC 5155 §8).
#[allow(clippy::too_many_arguments)]
fn judge_answer(
    ctx: &Context<'_>,
    message: &WireMessage,
    name: &Name,
    rtype: RecordType,
    alias: &Option<(WireRecord, Name, Name)>,
    zone: &Name,
    keys: &[Dnskey],
    report: &mut LinkReport,
) -> Judgment {
    let zone_s = display(zone);
    // Positive answer, or the alias that redirects it.
    let (owner, covered) = match alias {
        Some((record, owner, _)) => (owner.clone(), record.rtype),
        None => (name.clone(), rtype),
    };
    let has_rrset = message
        .answers
        .iter()
        .any(|r| r.rtype == covered && names_equal(&r.name, &owner));
    if has_rrset {
        let check = check_rrset(
            ctx.work,
            &owner,
            covered,
            &message.answers,
            zone,
            keys,
            ctx.now,
        );
        report.rrsigs = check.sigs;
        let (labels_field, _) = match check.result {
            Ok(ok) => ok,
            Err(failure) => {
                return Judgment::Bogus(Problem::RrsetNotValidated {
                    owner: display(&owner),
                    rtype: covered.to_string(),
                    zone: zone_s,
                    failure,
                })
            }
        };
        if labels_field < rrsig_label_count(&owner) {
            // Wildcard expansion: the name itself must not exist (RFC 4035 §5.3.4).
            let outcome = match prove_denial(
                ctx,
                message,
                &owner,
                zone,
                keys,
                Goal::WildcardAnswer {
                    source_labels: labels_field,
                },
            ) {
                Ok(outcome) => outcome,
                Err(problem) => return Judgment::Bogus(problem),
            };
            report.denial = Some(outcome.report);
            match outcome.proven {
                Ok(Proven::OptOut) => {
                    // RFC 5155 §8.8 as Unbound: the next closer name lies in an opt-out span.
                    return Judgment::Insecure(InsecureReason::WildcardInOptOut {
                        name: display(&owner),
                        zone: zone_s,
                    });
                }
                Ok(_) => {}
                Err(not) => {
                    return match denial_problem(
                        &owner,
                        covered,
                        zone,
                        DenialKind::WildcardExpansion,
                        not,
                    ) {
                        Ok(reason) => Judgment::Insecure(reason),
                        Err(problem) => Judgment::Bogus(problem),
                    }
                }
            }
        }
        return Judgment::Secure(format!(
            "{}/{} is signed by {} and validates.",
            display(&owner),
            covered,
            zone_s
        ));
    }

    // Negative answer (RFC 4035 §5.4).
    let (goal, kind) = if message.rcode == 3 {
        (Goal::NxDomain, DenialKind::NxDomain)
    } else {
        (Goal::NoData(rtype), DenialKind::NoData)
    };
    let outcome = match prove_denial(ctx, message, name, zone, keys, goal) {
        Ok(outcome) => outcome,
        Err(problem) => return Judgment::Bogus(problem),
    };
    report.denial = Some(outcome.report);
    match outcome.proven {
        Ok(Proven::OptOut) => Judgment::Insecure(InsecureReason::OptOut {
            name: display(name),
            parent: zone_s,
        }),
        Ok(_) => Judgment::Secure(if kind == DenialKind::NxDomain {
            format!(
                "{} does not exist, and {zone_s} proves it with signed NSEC/NSEC3 records.",
                display(name)
            )
        } else {
            format!(
                "{} has no {rtype} record, and {zone_s} proves it with signed NSEC/NSEC3 records.",
                display(name)
            )
        }),
        Err(not) => match denial_problem(name, rtype, zone, kind, not) {
            Ok(reason) => Judgment::Insecure(reason),
            Err(problem) => Judgment::Bogus(problem),
        },
    }
}

#[cfg(test)]
mod rfc_signature_vectors;
#[cfg(test)]
mod signature_checks;
