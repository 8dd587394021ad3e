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
use crate::dns::name::{
    is_at_or_below, labels, names_equal, parent, rrsig_label_count, suffix, with_prefix,
};
use crate::dns::presentation::record_text;
use crate::dns::records::{Dnskey, Ds, Nsec, Nsec3, Rrsig};
use crate::dns::time::serial_le;
use crate::dns::wire::{WireMessage, WireRecord};
use crate::dnssec::anchor::{Anchor, TrustAnchors};
use crate::dnssec::crypto;
use crate::dnssec::denial::{self, Goal, NotProven, Proven};
use crate::dnssec::work::Work;
use crate::report::model::LinkOutcome;
use crate::report::model::{
    Delegation, DenialReport, DenialType, DsReport, KeyReport, KeyRole, LinkReport, Proves,
    SignatureReport, SignatureVerdict, ZoneReport,
};
use crate::report::{
    DenialKind, InsecureReason, Problem, SecureReason, SignatureFailure, Status, Verdict,
};

pub use crate::limits::MAX_ALIAS_LINKS;
use crate::limits::{MAX_DS_MATCH_ATTEMPTS, MAX_KEYS_PER_SIGNATURE, MAX_SIGNATURES_PER_RRSET};

/// A question to the resolver. Names are kept lowercased so each is asked once.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Question {
    /// The name asked about, lowercased.
    pub name: Name,
    /// The record type asked for.
    pub rtype: RecordType,
}

impl Question {
    /// The question for `name` (lowercased) and `rtype`.
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
    /// The resolver's DNS answer, whatever its RCODE.
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
    /// Every answer fetched so far, by question.
    pub answers: &'a HashMap<Question, Fetched>,
    /// The trust anchors the chains start from.
    pub anchors: &'a TrustAnchors,
    /// The check's memoised, counted cryptography.
    pub work: &'a Work,
    /// Validation time, seconds since the epoch modulo 2^32 (RFC 4034 §3.1.5).
    pub now: u32,
    missing: RefCell<BTreeSet<Question>>,
}

impl<'a> Context<'a> {
    /// A context over the answers fetched so far, validating as of `now`.
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
        sigs.push(signature_report(&rrsig, &covers, &verdict, &records, now));
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

/// What the report says about one RRSIG.
fn signature_report(
    rrsig: &Rrsig,
    covers: &str,
    verdict: &Result<(), SignatureFailure>,
    records: &[&WireRecord],
    now: u32,
) -> SignatureReport {
    SignatureReport {
        covers: covers.to_string(),
        key_tag: rrsig.key_tag,
        algorithm: rrsig.algorithm,
        signer: display(&rrsig.signer),
        labels: rrsig.labels,
        original_ttl: rrsig.original_ttl,
        inception: rfc3339(rrsig.inception, now),
        expiration: rfc3339(rrsig.expiration, now),
        verdict: verdict_label(verdict, rrsig.algorithm),
        inception_at: serial_to_unix(rrsig.inception, now),
        expiration_at: serial_to_unix(rrsig.expiration, now),
        rrset_ttl: records.iter().map(|r| r.ttl).min(),
    }
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

/// The mnemonic of a response code (RFC 1035 §4.1.1; BADVERS, RFC 6891 §6.1.3), else `RCODE`
/// and its number.
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

/// What the DS records (or the anchor) vouch for in a zone's DNSKEY set (RFC 4035 §5.2).
pub enum KeySet {
    /// The key set validated: its usable zone keys.
    Trusted(Vec<Dnskey>),
    /// Provably not validatable: every DS uses an algorithm or digest we do not implement.
    Insecure(InsecureReason),
    /// Broken, or not fetchable.
    Failed(Problem),
}

/// The zone's DNSKEYs that a supported DS record is the digest of, or that an anchor names.
fn trusted_keys(zone: &Name, ds: &[Ds], anchor_keys: &[Dnskey], keys: &[Dnskey]) -> Vec<Dnskey> {
    let mut trusted: Vec<Dnskey> = Vec::new();
    for d in ds.iter().filter(|d| crypto::ds_supported(d)) {
        for key in ds_matched_keys(zone, d, keys) {
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
    trusted
}

/// Why no served key is trusted: a DS whose tag and algorithm match a key but not its digest,
/// or no key with a DS's tag and algorithm at all (RFC 4034 §5.1.4).
fn no_trusted_key(zone: &Name, ds: &[Ds], anchor_keys: &[Dnskey], keys: &[Dnskey]) -> Problem {
    let supported = || ds.iter().filter(|d| crypto::ds_supported(d));
    let near_miss = supported().find(|d| {
        keys.iter()
            .any(|k| k.key_tag == d.key_tag && k.algorithm == d.algorithm)
    });
    if let Some(d) = near_miss {
        return Problem::DsDigestMismatch {
            zone: display(zone),
            tag: d.key_tag,
        };
    }
    let ds_tags: Vec<u16> = supported().map(|d| d.key_tag).collect();
    // Sorted: resolvers rotate RRsets, the reason must not.
    let mut key_tags: Vec<u16> = keys.iter().map(|k| k.key_tag).collect();
    crate::sort::sort(&mut key_tags);
    key_tags.dedup();
    Problem::NoKeyMatchesDs {
        zone: display(zone),
        ds_tags: if ds_tags.is_empty() {
            anchor_keys.iter().map(|k| k.key_tag).collect()
        } else {
            ds_tags
        },
        key_tags,
    }
}

/// RFC 4035 §5.2 / RFC 6840 §5.2: with no DS of an algorithm and digest we implement, the
/// zone is treated as unsigned.
fn unsupported_ds(zone: &Name, ds: &[Ds]) -> InsecureReason {
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
    InsecureReason::UnsupportedDs {
        zone: display(zone),
        algorithms,
        digests,
    }
}

/// The decision for one zone: which keys the DS records or anchor vouch for, and whether the
/// key set is signed by one of them. Returns the signature check of the key set when it got
/// that far.
fn vouch_for_keys(
    ctx: &Context<'_>,
    zone: &Name,
    ds: &[Ds],
    anchor_keys: &[Dnskey],
    fetched: &Fetched,
    keys: &[Dnskey],
    trusted: &[Dnskey],
) -> (KeySet, Option<RrsetCheck>) {
    if !ds.iter().any(crypto::ds_supported) && anchor_keys.is_empty() {
        return (KeySet::Insecure(unsupported_ds(zone, ds)), None);
    }
    let message = match fetched {
        Fetched::Answer(message)
            if resolver_problem(zone, RecordType::DNSKEY, fetched).is_none() =>
        {
            message
        }
        _ => {
            let problem = servers_failed(zone, RecordType::DNSKEY, fetched)
                .or_else(|| resolver_problem(zone, RecordType::DNSKEY, fetched))
                .unwrap_or(Problem::UnusableAnswer {
                    name: display(zone),
                    rtype: "DNSKEY".into(),
                    detail: "no answer".into(),
                });
            return (KeySet::Failed(problem), None);
        }
    };
    if keys.is_empty() {
        let problem = Problem::NoDnskeys {
            zone: display(zone),
        };
        return (KeySet::Failed(problem), None);
    }
    if trusted.is_empty() {
        return (
            KeySet::Failed(no_trusted_key(zone, ds, anchor_keys, keys)),
            None,
        );
    }
    let mut check = check_rrset(
        ctx.work,
        zone,
        RecordType::DNSKEY,
        &message.answers,
        zone,
        trusted,
        ctx.now,
    );
    not_from_wildcard(&mut check.result, zone);
    let set = match &check.result {
        Ok(_) => KeySet::Trusted(
            keys.iter()
                .filter(|k| k.is_usable_zone_key())
                .cloned()
                .collect(),
        ),
        Err(failure) => KeySet::Failed(Problem::DnskeyNotSignedByDsKey {
            zone: display(zone),
            ds_tags: trusted.iter().map(|k| k.key_tag).collect(),
            failure: failure.clone(),
        }),
    };
    (set, Some(check))
}

/// The zone's served DNSKEYs, from its DNSKEY answer.
fn served_keys(zone: &Name, fetched: &Fetched) -> Vec<Dnskey> {
    match fetched {
        Fetched::Answer(message)
            if resolver_problem(zone, RecordType::DNSKEY, fetched).is_none() =>
        {
            message
                .answers
                .iter()
                .filter(|r| r.rtype == RecordType::DNSKEY && names_equal(&r.name, zone))
                .filter_map(|r| Dnskey::parse(&r.raw_rdata).ok())
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Establishes the DNSKEY set of `zone` from its DS records or anchor (RFC 4035 §5.2): the
/// decision ([`vouch_for_keys`]), then the zone's report.
fn zone_keys(ctx: &Context<'_>, zone: &Name, trust: &Trust<'_>) -> Step<(ZoneReport, KeySet)> {
    let (ds, ds_rrsigs, anchor_keys, delegation, ds_ttl) = match trust {
        Trust::Anchor(anchor) => (
            anchor.ds.clone(),
            Vec::new(),
            anchor.keys.clone(),
            Delegation::Anchor,
            None,
        ),
        Trust::Parent { ds, ds_rrsigs, ttl } => (
            ds.clone(),
            ds_rrsigs.clone(),
            Vec::new(),
            Delegation::Ds,
            *ttl,
        ),
    };
    let fetched = ctx.fetch(zone, RecordType::DNSKEY)?;
    let keys = served_keys(zone, fetched);
    let trusted = trusted_keys(zone, &ds, &anchor_keys, &keys);
    let (set, check) = vouch_for_keys(ctx, zone, &ds, &anchor_keys, fetched, &keys, &trusted);
    let answer = match fetched {
        Fetched::Answer(message) => Some(message),
        Fetched::Failed(_) => None,
    };
    let mut report = ZoneReport {
        zone: display(zone),
        status: Status::Secure,
        delegation,
        ds: ds.iter().map(|d| ds_report(zone, d, &keys)).collect(),
        ds_rrsigs,
        dnskeys: Vec::new(),
        dnskey_rrsigs: Vec::new(),
        denial: None,
        problem: None,
        ds_ttl,
        dnskey_ttl: answer.and_then(|m| rrset_ttl(&m.answers, zone, RecordType::DNSKEY)),
        warnings: Vec::new(),
        dnskey_response_size: answer.map(|m| m.size),
        cds: optional_cds(ctx, zone),
    };
    let mut signers: Vec<u16> = Vec::new();
    if let Some(check) = check {
        signers = check
            .sigs
            .iter()
            .filter(|s| s.verdict == SignatureVerdict::Valid)
            .map(|s| s.key_tag)
            .collect();
        report.dnskey_rrsigs = check.sigs;
        // Signatures by served keys that the DS does not vouch for were never tried.
        for sig in &mut report.dnskey_rrsigs {
            if sig.verdict == SignatureVerdict::NoKey
                && keys.iter().any(|k| k.key_tag == sig.key_tag)
            {
                sig.verdict = SignatureVerdict::NotChecked;
            }
        }
    }
    report.dnskeys = keys
        .iter()
        .map(|k| key_report(k, &trusted, &signers))
        .collect();
    match &set {
        KeySet::Trusted(_) => {}
        KeySet::Insecure(_) => {
            report.status = Status::Insecure;
            report.delegation = Delegation::Unsupported;
        }
        KeySet::Failed(problem) => {
            report.status = problem.status();
            report.problem = Some(problem.reason());
        }
    }
    Ok((report, set))
}

fn ds_report(zone: &Name, d: &Ds, keys: &[Dnskey]) -> DsReport {
    DsReport {
        key_tag: d.key_tag,
        algorithm: d.algorithm,
        algorithm_name: crypto::algorithm_name(d.algorithm),
        digest_type: d.digest_type,
        digest_name: crypto::digest_name(d.digest_type),
        digest: crate::dns::codec::hex_upper(&d.digest),
        supported: crypto::ds_supported(d),
        matches_key: ds_matched_keys(zone, d, keys).next().is_some(),
    }
}

fn key_report(k: &Dnskey, trusted: &[Dnskey], signers: &[u16]) -> KeyReport {
    KeyReport {
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

/// The report of a zone below a proven insecure delegation.
fn unsigned_zone_report(
    child: &Name,
    reason: &InsecureReason,
    denial: Option<DenialReport>,
) -> ZoneReport {
    ZoneReport {
        zone: display(child),
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
    }
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
            KeySet::Trusted(keys) => keys,
            KeySet::Insecure(reason) => {
                return Ok(Walk {
                    zones,
                    end: WalkEnd::Insecure(reason),
                })
            }
            KeySet::Failed(problem) => {
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
                    zones.push(unsigned_zone_report(&child, &reason, denial));
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
            let synthesized = with_prefix(&labels(name)[..keep], &target)?;
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

/// The deepest zone that can hold `name`'s `rtype` RRset: the name itself, except that a DS
/// RRset lives in the parent zone (RFC 4035 §3.1.4.1).
fn deepest_possible_zone(name: &Name, rtype: RecordType) -> Name {
    if rtype == RecordType::DS && !name.is_root() {
        parent(name)
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
    if let Fetched::Answer(message) = fetched {
        report.rcode = Some(rcode_name(message.rcode));
    }
    let (message, verdict, next) = match (resolver_problem(name, rtype, fetched), fetched) {
        (Some(problem), _) => (None, Verdict::Failed(problem), None),
        (None, Fetched::Answer(message)) => {
            let (verdict, next) = judge_message(ctx, message, name, rtype, &mut report)?;
            (Some(message), verdict, next)
        }
        (None, Fetched::Failed(detail)) => (
            None,
            Verdict::Failed(Problem::Transport {
                name: display(name),
                rtype: rtype.to_string(),
                detail: detail.clone(),
            }),
            None,
        ),
    };
    if let Some(message) = message {
        report.records = message
            .answers
            .iter()
            .filter(|r| r.rtype != RecordType::RRSIG && r.rtype != RecordType::OPT)
            .map(record_text)
            .collect();
    }
    report.status = verdict.status();
    match &verdict {
        Verdict::Secure(reason) => report.reason = reason.reason(),
        Verdict::Insecure(reason) => report.reason = reason.reason(),
        Verdict::Failed(problem) => {
            report.error = Some(problem.error_code());
            report.reason = problem.reason();
        }
    }
    Ok(LinkOutcome {
        report,
        verdict,
        next,
    })
}

/// The chain of trust of an answer and the verdict on it, with the alias target to follow.
fn judge_message(
    ctx: &Context<'_>,
    message: &WireMessage,
    name: &Name,
    rtype: RecordType,
    report: &mut LinkReport,
) -> Step<(Verdict, Option<Name>)> {
    let class = classify(message, name, rtype);
    let next = match &class {
        Class::Alias { target, .. } => Some(target.clone()),
        _ => None,
    };
    let walked = walk(ctx, &zone_hint(message, name))?;
    report.chain = walked.zones;
    let (zone, keys) = match walked.end {
        WalkEnd::Failed(problem) => return Ok((Verdict::Failed(problem), next)),
        WalkEnd::Insecure(reason) => return Ok((Verdict::Insecure(reason), next)),
        WalkEnd::Secure { zone, keys } => (zone, keys),
    };
    report.zone = Some(display(&zone));
    let verdict = prove(ctx, message, &class, &zone, &keys, report);
    if !matches!(verdict, Verdict::Failed(_)) {
        return Ok((verdict, next));
    }
    // Down the queried name itself (BIND's proveunsecure).
    let deepest = deepest_possible_zone(name, rtype);
    if labels(&deepest).len() <= labels(&zone).len() {
        return Ok((verdict, next));
    }
    let deeper = walk(ctx, &deepest)?;
    Ok(match deeper.end {
        WalkEnd::Insecure(reason) => {
            report.chain = deeper.zones;
            report.zone = None;
            report.rrsigs = Vec::new();
            report.denial = None;
            (Verdict::Insecure(reason), next)
        }
        WalkEnd::Secure {
            zone: deeper_zone,
            keys: deeper_keys,
        } if !names_equal(&deeper_zone, &zone) => {
            report.chain = deeper.zones;
            report.zone = Some(display(&deeper_zone));
            report.rrsigs = Vec::new();
            report.denial = None;
            let verdict = prove(ctx, message, &class, &deeper_zone, &deeper_keys, report);
            (verdict, next)
        }
        // The answer's own problem explains more than a failure further down.
        _ => (verdict, next),
    })
}

/// What kind of answer a response is (as Unbound's val_classify_response): each class has its
/// own proof.
enum Class {
    /// The RRset of the queried type at the name.
    Positive { owner: Name, rtype: RecordType },
    /// A CNAME at the name or a DNAME above it: the alias RRset is proven here, the target
    /// is another link.
    Alias {
        owner: Name,
        rtype: RecordType,
        target: Name,
    },
    /// NOERROR without the RRset (RFC 4035 §5.4, RFC 5155 §8.5-§8.7).
    NoData { name: Name, rtype: RecordType },
    /// NXDOMAIN (RFC 4035 §5.4, RFC 5155 §8.4).
    NxDomain { name: Name, rtype: RecordType },
}

fn classify(message: &WireMessage, name: &Name, rtype: RecordType) -> Class {
    let alias = if rtype == RecordType::CNAME {
        None
    } else {
        alias_target(message, name)
    };
    if let Some((record, owner, target)) = alias {
        return Class::Alias {
            owner,
            rtype: record.rtype,
            target,
        };
    }
    let has_rrset = message
        .answers
        .iter()
        .any(|r| r.rtype == rtype && names_equal(&r.name, name));
    if has_rrset {
        Class::Positive {
            owner: name.clone(),
            rtype,
        }
    } else if message.rcode == 3 {
        Class::NxDomain {
            name: name.clone(),
            rtype,
        }
    } else {
        Class::NoData {
            name: name.clone(),
            rtype,
        }
    }
}

/// The proof each class needs, in `zone` whose keys are validated.
fn prove(
    ctx: &Context<'_>,
    message: &WireMessage,
    class: &Class,
    zone: &Name,
    keys: &[Dnskey],
    report: &mut LinkReport,
) -> Verdict {
    match class {
        Class::Positive { owner, rtype } | Class::Alias { owner, rtype, .. } => {
            prove_positive(ctx, message, owner, *rtype, zone, keys, report)
        }
        Class::NoData { name, rtype } => prove_negative(
            ctx,
            message,
            name,
            *rtype,
            (Goal::NoData(*rtype), DenialKind::NoData),
            zone,
            keys,
            report,
        ),
        Class::NxDomain { name, rtype } => prove_negative(
            ctx,
            message,
            name,
            *rtype,
            (Goal::NxDomain, DenialKind::NxDomain),
            zone,
            keys,
            report,
        ),
    }
}

/// A positive answer (or alias): signed by the zone (RFC 4035 §5.3); a wildcard expansion
/// also needs proof that the name itself does not exist (§5.3.4, RFC 5155 §8.8).
fn prove_positive(
    ctx: &Context<'_>,
    message: &WireMessage,
    owner: &Name,
    covered: RecordType,
    zone: &Name,
    keys: &[Dnskey],
    report: &mut LinkReport,
) -> Verdict {
    let check = check_rrset(
        ctx.work,
        owner,
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
            return Verdict::Failed(Problem::RrsetNotValidated {
                owner: display(owner),
                rtype: covered.to_string(),
                zone: display(zone),
                failure,
            })
        }
    };
    let signed = Verdict::Secure(SecureReason::Signed {
        owner: display(owner),
        rtype: covered.to_string(),
        zone: display(zone),
    });
    if labels_field >= rrsig_label_count(owner) {
        return signed;
    }
    let goal = Goal::WildcardAnswer {
        source_labels: labels_field,
    };
    let outcome = match prove_denial(ctx, message, owner, zone, keys, goal) {
        Ok(outcome) => outcome,
        Err(problem) => return Verdict::Failed(problem),
    };
    report.denial = Some(outcome.report);
    match outcome.proven {
        // RFC 5155 §8.8 as Unbound: the next closer name lies in an opt-out span.
        Ok(Proven::OptOut) => Verdict::Insecure(InsecureReason::WildcardInOptOut {
            name: display(owner),
            zone: display(zone),
        }),
        Ok(_) => signed,
        Err(not) => {
            match denial_problem(owner, covered, zone, DenialKind::WildcardExpansion, not) {
                Ok(reason) => Verdict::Insecure(reason),
                Err(problem) => Verdict::Failed(problem),
            }
        }
    }
}

/// A negative answer: its NSEC/NSEC3 proof (RFC 4035 §5.4, RFC 5155 §8.4-§8.7).
#[allow(clippy::too_many_arguments)]
fn prove_negative(
    ctx: &Context<'_>,
    message: &WireMessage,
    name: &Name,
    rtype: RecordType,
    (goal, kind): (Goal, DenialKind),
    zone: &Name,
    keys: &[Dnskey],
    report: &mut LinkReport,
) -> Verdict {
    let outcome = match prove_denial(ctx, message, name, zone, keys, goal) {
        Ok(outcome) => outcome,
        Err(problem) => return Verdict::Failed(problem),
    };
    report.denial = Some(outcome.report);
    match outcome.proven {
        Ok(Proven::OptOut) => Verdict::Insecure(InsecureReason::OptOut {
            name: display(name),
            parent: display(zone),
        }),
        Ok(_) if kind == DenialKind::NxDomain => Verdict::Secure(SecureReason::NameDoesNotExist {
            name: display(name),
            zone: display(zone),
        }),
        Ok(_) => Verdict::Secure(SecureReason::NoSuchType {
            name: display(name),
            rtype: rtype.to_string(),
            zone: display(zone),
        }),
        Err(not) => match denial_problem(name, rtype, zone, kind, not) {
            Ok(reason) => Verdict::Insecure(reason),
            Err(problem) => Verdict::Failed(problem),
        },
    }
}

/// A lookup's CNAME/DNAME chain, each link judged on its own chain of trust.
pub struct AliasChain {
    /// The links in order, the queried name first, each with its report and verdict.
    pub links: Vec<LinkOutcome>,
    /// A loop or an over-long chain.
    pub problem: Option<Problem>,
    /// The last name visited.
    pub end: Name,
}

/// Follows the CNAME/DNAME chain from `start` (at most [`MAX_ALIAS_LINKS`] links, never a name
/// twice), judging each link; the lookup is as strong as its weakest link.
pub fn follow_chain(ctx: &Context<'_>, start: &Name, rtype: RecordType) -> Step<AliasChain> {
    let mut links: Vec<LinkOutcome> = Vec::new();
    let mut visited: Vec<Name> = Vec::new();
    let mut name = start.clone();
    let mut problem = None;
    loop {
        if visited.iter().any(|v| names_equal(v, &name)) {
            problem = Some(Problem::AliasLoop {
                name: display(&name),
            });
            break;
        }
        if links.len() >= MAX_ALIAS_LINKS {
            problem = Some(Problem::AliasChainTooLong {
                name: display(start),
                limit: MAX_ALIAS_LINKS,
            });
            break;
        }
        visited.push(name.clone());
        let outcome = judge_link(ctx, &name, rtype)?;
        let next = outcome.next.clone();
        links.push(outcome);
        match next {
            Some(next) => name = next,
            None => break,
        }
    }
    Ok(AliasChain {
        links,
        problem,
        end: name,
    })
}

#[cfg(test)]
mod rfc_signature_vectors;
#[cfg(test)]
mod signature_checks;
