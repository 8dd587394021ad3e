//! The verdict model: statuses and error codes in DigiCert's vocabulary, RFC 8914 Extended DNS
//! Errors, and every problem we can find with a one-sentence reason and a fix hint written for
//! the domain owner.

use serde::Serialize;

/// DNSSEC status of one lookup, as CAs report it. Ordered from best to worst so that the
/// verdict of a CNAME chain is the maximum of its links (the weakest link).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Signed, and every link from the trust anchor validated.
    Secure,
    /// Provably not signed (no DS at a delegation, opt-out, unsupported algorithms, no anchor).
    Insecure,
    /// Validation could not complete (timeouts, network or resolver errors).
    Indeterminate,
    /// Signed, but a signature, key or proof is invalid or missing.
    Bogus,
}

/// The index of the first item with the worst status: a chain, or an order name, is as strong
/// as its weakest part, and the first such part explains it.
pub fn first_worst<T>(items: &[T], status: impl Fn(&T) -> Status) -> Option<usize> {
    let worst = items.iter().map(&status).max()?;
    items.iter().position(|item| status(item) == worst)
}

impl Status {
    /// Every status, for tests that compare the vocabulary with the web files.
    pub const ALL: [Status; 4] = [
        Status::Secure,
        Status::Insecure,
        Status::Indeterminate,
        Status::Bogus,
    ];

    /// The spelling in the line and the JSON: `SECURE`, `INSECURE`, `INDETERMINATE`, `BOGUS`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Secure => "SECURE",
            Status::Insecure => "INSECURE",
            Status::Indeterminate => "INDETERMINATE",
            Status::Bogus => "BOGUS",
        }
    }
}

/// DigiCert's `DNSSEC_ERROR` codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// `DNSKEY_MISSING`: the zone's DNSKEY set lacks the key a DS or signature names, or could not
    /// be fetched (EDE 9).
    DnskeyMissing,
    /// `DNSSEC_BOGUS`: a signature, key, digest or denial proof does not validate (EDE 6).
    DnssecBogus,
    /// `NSEC_MISSING`: a NODATA answer from a signed zone without NSEC/NSEC3 proof (EDE 12).
    NsecMissing,
    /// `RSIGS_MISSING`: records of a signed zone come without RRSIG (EDE 10).
    RsigsMissing,
    /// `IO_EXCEPTION`: the DoH exchange failed, or its answer could not be used.
    IoException,
    /// `OTHER`: anything else (a resolver error code, an alias loop, a check limit, an expired DS
    /// signature).
    Other,
}

impl ErrorCode {
    /// Every code, for tests that compare the vocabulary with the web files.
    pub const ALL: [ErrorCode; 6] = [
        ErrorCode::DnskeyMissing,
        ErrorCode::DnssecBogus,
        ErrorCode::NsecMissing,
        ErrorCode::RsigsMissing,
        ErrorCode::IoException,
        ErrorCode::Other,
    ];

    /// The spelling in the line and the JSON, e.g. `DNSSEC_BOGUS`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::DnskeyMissing => "DNSKEY_MISSING",
            ErrorCode::DnssecBogus => "DNSSEC_BOGUS",
            ErrorCode::NsecMissing => "NSEC_MISSING",
            ErrorCode::RsigsMissing => "RSIGS_MISSING",
            ErrorCode::IoException => "IO_EXCEPTION",
            ErrorCode::Other => "OTHER",
        }
    }
}

/// An RFC 8914 Extended DNS Error: what a validating resolver would attach to its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Ede {
    /// The INFO-CODE (RFC 8914 §2), e.g. 7.
    pub code: u16,
    /// The code's name in the IANA registry, e.g. `Signature Expired`.
    pub name: &'static str,
}

impl Ede {
    /// EDE 1 (RFC 8914 §4.2): the zone's DS records name only algorithms we do not implement.
    pub const UNSUPPORTED_DNSKEY_ALGORITHM: Ede = Ede {
        code: 1,
        name: "Unsupported DNSKEY Algorithm",
    };
    /// EDE 2 (RFC 8914 §4.3): the zone's DS records use only digest types we do not implement.
    pub const UNSUPPORTED_DS_DIGEST_TYPE: Ede = Ede {
        code: 2,
        name: "Unsupported DS Digest Type",
    };
    /// EDE 5 (RFC 8914 §4.6): validation could not finish (an alias loop or over-long chain, a
    /// check limit).
    pub const DNSSEC_INDETERMINATE: Ede = Ede {
        code: 5,
        name: "DNSSEC Indeterminate",
    };
    /// EDE 6 (RFC 8914 §4.7): a signature, digest or denial proof does not validate.
    pub const DNSSEC_BOGUS: Ede = Ede {
        code: 6,
        name: "DNSSEC Bogus",
    };
    /// EDE 7 (RFC 8914 §4.8): the signature's expiration has passed.
    pub const SIGNATURE_EXPIRED: Ede = Ede {
        code: 7,
        name: "Signature Expired",
    };
    /// EDE 8 (RFC 8914 §4.9): the signature's inception is still to come.
    pub const SIGNATURE_NOT_YET_VALID: Ede = Ede {
        code: 8,
        name: "Signature Not Yet Valid",
    };
    /// EDE 9 (RFC 8914 §4.10): no DNSKEY matches the DS records or the signature.
    pub const DNSKEY_MISSING: Ede = Ede {
        code: 9,
        name: "DNSKEY Missing",
    };
    /// EDE 10 (RFC 8914 §4.11): an RRset of a signed zone has no RRSIG.
    pub const RRSIGS_MISSING: Ede = Ede {
        code: 10,
        name: "RRSIGs Missing",
    };
    /// EDE 11 (RFC 8914 §4.12): no DNSKEY has the Zone Key bit set.
    pub const NO_ZONE_KEY_BIT_SET: Ede = Ede {
        code: 11,
        name: "No Zone Key Bit Set",
    };
    /// EDE 12 (RFC 8914 §4.13): a negative answer of a signed zone lacks its NSEC/NSEC3 proof.
    pub const NSEC_MISSING: Ede = Ede {
        code: 12,
        name: "NSEC Missing",
    };
    /// EDE 18 (RFC 8914 §4.19): the resolver answered REFUSED.
    pub const PROHIBITED: Ede = Ede {
        code: 18,
        name: "Prohibited",
    };
    /// EDE 22 (RFC 8914 §4.23): the resolver answered with an error code other than REFUSED.
    pub const NO_REACHABLE_AUTHORITY: Ede = Ede {
        code: 22,
        name: "No Reachable Authority",
    };
    /// EDE 23 (RFC 8914 §4.24): the DoH exchange failed or its answer was unusable.
    pub const NETWORK_ERROR: Ede = Ede {
        code: 23,
        name: "Network Error",
    };
    /// EDE 27 (RFC 9276 §3.2): NSEC3 iterations above the limit validators accept.
    pub const UNSUPPORTED_NSEC3_ITERATIONS: Ede = Ede {
        code: 27,
        name: "Unsupported NSEC3 Iterations Value",
    };
}

/// Why one RRset's signatures did not validate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureFailure {
    /// No RRSIG covers the RRset (RFC 4035 §5.3).
    Missing,
    /// Every RRSIG names a key tag/algorithm that the zone's DNSKEY set does not have.
    NoMatchingKey {
        /// The key tags the RRSIGs name.
        tags: Vec<u16>,
    },
    /// The RRSIG's signer is not the zone the data belongs to (RFC 4035 §5.3.1).
    WrongSigner {
        /// The RRSIG's Signer's Name field (RFC 4034 §3.1.7).
        signer: String,
    },
    /// Expired (RFC 4035 §5.3.1); the date is the expiration, RFC 3339.
    Expired {
        /// The key tag the RRSIG names.
        tag: u16,
        /// The RRSIG's expiration, RFC 3339.
        expiration: String,
    },
    /// Inception in the future (RFC 4035 §5.3.1).
    NotYetValid {
        /// The key tag the RRSIG names.
        tag: u16,
        /// The RRSIG's inception, RFC 3339.
        inception: String,
    },
    /// The cryptographic check failed.
    Invalid {
        /// The key tag the RRSIG names.
        tag: u16,
    },
    /// Malformed RRSIG (e.g. Labels field larger than the owner name, RFC 4035 §5.3.1).
    Malformed {
        /// What is wrong with the RRSIG.
        detail: String,
    },
    /// Validating would take more work than [`crate::limits`] allows (KeyTrap, CVE-2023-50387).
    WorkLimit {
        /// Which limit was reached.
        detail: String,
    },
}

/// Which non-existence a proof had to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DenialKind {
    /// The name does not exist (RFC 4035 §5.4, RFC 5155 §8.4).
    NxDomain,
    /// The name exists but has no record of the type (RFC 4035 §5.4, RFC 5155 §8.5).
    NoData,
    /// A wildcard answered, so the name itself must be shown not to exist (RFC 4035 §5.3.4).
    WildcardExpansion,
    /// No DS at a delegation: the child zone is unsigned (RFC 4035 §5.2, RFC 5155 §8.6).
    NoDs,
}

impl DenialKind {
    /// What the proof had to show, as the end of a sentence ("… proving that the name does not
    /// exist").
    pub fn describe(self) -> &'static str {
        match self {
            DenialKind::NxDomain => "that the name does not exist",
            DenialKind::NoData => "that the name has no record of this type",
            DenialKind::WildcardExpansion => {
                "that the name does not exist, which a wildcard answer needs"
            }
            DenialKind::NoDs => "that the delegation has no DS record",
        }
    }
}

/// Everything that can make a lookup BOGUS or INDETERMINATE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The parent publishes DS records but the zone serves no DNSKEY RRset.
    NoDnskeys {
        /// The zone that serves no DNSKEY RRset.
        zone: String,
    },
    /// No DNSKEY of the zone matches any of the parent's DS records by tag and algorithm.
    NoKeyMatchesDs {
        /// The zone whose keys the DS records point to.
        zone: String,
        /// The key tags of the supported DS records (or, with a DNSKEY anchor, of the anchor's
        /// keys).
        ds_tags: Vec<u16>,
        /// The key tags of the DNSKEYs the zone serves, sorted.
        key_tags: Vec<u16>,
    },
    /// A DNSKEY has the DS's tag and algorithm, but the digest differs.
    DsDigestMismatch {
        /// The zone the DS is for.
        zone: String,
        /// The key tag the DS and the DNSKEY share.
        tag: u16,
    },
    /// The DNSKEY RRset is not validly signed by a key that a DS (or anchor) points at.
    DnskeyNotSignedByDsKey {
        /// The zone whose key set does not validate.
        zone: String,
        /// The key tags of the keys a DS or anchor points at.
        ds_tags: Vec<u16>,
        /// Why the key set's signatures by those keys did not validate.
        failure: SignatureFailure,
    },
    /// An RRset (data, CNAME, DNAME, DS, NSEC, NSEC3) did not validate.
    RrsetNotValidated {
        /// The RRset's owner name.
        owner: String,
        /// The RRset's type.
        rtype: String,
        /// The zone whose keys it was checked against.
        zone: String,
        /// Why its signatures did not validate.
        failure: SignatureFailure,
    },
    /// A negative answer in a signed zone came without the NSEC/NSEC3 records that prove it.
    DenialMissing {
        /// The name of the negative answer.
        name: String,
        /// The type asked for.
        rtype: String,
        /// The signed zone the answer comes from.
        zone: String,
        /// What the missing proof had to show.
        kind: DenialKind,
    },
    /// NSEC/NSEC3 records were present but do not prove what the answer claims.
    DenialNotProven {
        /// The name of the answer.
        name: String,
        /// The type asked for.
        rtype: String,
        /// The zone the NSEC/NSEC3 records come from.
        zone: String,
        /// What the proof had to show.
        kind: DenialKind,
        /// Why the records fall short.
        detail: String,
    },
    /// The resolver answered with an error code.
    ResolverError {
        /// The name asked about.
        name: String,
        /// The type asked for.
        rtype: String,
        /// The response code's mnemonic, e.g. `SERVFAIL`.
        rcode: String,
    },
    /// The DoH request failed (HTTP, timeout, connection, body not a DNS message).
    Transport {
        /// The name asked about.
        name: String,
        /// The type asked for.
        rtype: String,
        /// How the exchange failed.
        detail: String,
    },
    /// The answer was not an answer to our question, or otherwise unusable.
    UnusableAnswer {
        /// The name asked about.
        name: String,
        /// The type asked for.
        rtype: String,
        /// Why the answer cannot be used.
        detail: String,
    },
    /// A CNAME/DNAME chain comes back to a name it already visited.
    AliasLoop {
        /// The name the chain comes back to.
        name: String,
    },
    /// A CNAME/DNAME chain is longer than we follow.
    AliasChainTooLong {
        /// The name the chain starts at.
        name: String,
        /// The most links followed ([`crate::limits::MAX_ALIAS_LINKS`]).
        limit: usize,
    },
    /// Proving a denial would take more work than [`crate::limits`] allows (CVE-2023-50868).
    TooMuchWork {
        /// The name of the answer.
        name: String,
        /// The type asked for.
        rtype: String,
        /// The zone the denial records come from.
        zone: String,
        /// Which limit was reached.
        detail: String,
    },
    /// The check ran out of questions, rounds or time before this lookup could be judged.
    CheckLimit {
        /// The name of the lookup.
        name: String,
        /// The type of the lookup.
        rtype: String,
        /// Which limit stopped the check.
        detail: String,
    },
    /// The resolver answered SERVFAIL for a DS or DNSKEY RRset the chain of trust needs: the
    /// zone's (or, for DS, its parent's) name servers failed. Validators fail closed here.
    ZoneServersFailed {
        /// The zone whose DS or DNSKEY RRset could not be fetched.
        zone: String,
        /// `DS` or `DNSKEY`.
        rtype: String,
    },
}

impl Problem {
    /// INDETERMINATE when the check could not complete (a resolver error, a failed exchange, an
    /// unusable answer, an alias loop or over-long chain, a check limit), else BOGUS.
    pub fn status(&self) -> Status {
        match self {
            Problem::ResolverError { .. }
            | Problem::Transport { .. }
            | Problem::UnusableAnswer { .. }
            | Problem::AliasLoop { .. }
            | Problem::AliasChainTooLong { .. }
            | Problem::CheckLimit { .. } => Status::Indeterminate,
            _ => Status::Bogus,
        }
    }

    /// The code the CA will report: the Extended DNS Error that dnsjava's
    /// `org.xbill.DNS.dnssec.ValidatingResolver` (v3.6.3, which DigiCert's domain-control
    /// validation library pins) attaches in the same situation, by name. Where dnsjava is less
    /// precise than we are, [`Problem::ede`] keeps the precise diagnosis.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            // ValidatingResolver 1198-1203 ("dnskey.no_rrset") and ValUtils 449-456 (no DNSKEY
            // with the tag and algorithm of a usable DS): EDE 9.
            Problem::NoDnskeys { .. } | Problem::NoKeyMatchesDs { .. } => ErrorCode::DnskeyMissing,
            // ValUtils 457-459: a DS whose digest does not match: EDE 6.
            Problem::DsDigestMismatch { .. } => ErrorCode::DnssecBogus,
            // ValUtils 437-443, 462-465: whatever is wrong with the key set's signatures
            // (none, only by a ZSK, expired, invalid) becomes "dnskey.ds_match_mismatch", 6.
            Problem::DnskeyNotSignedByDsKey { .. } => ErrorCode::DnssecBogus,
            // A DS RRset keeps the verifier's own EDE (ValidatingResolver 1022): 10 unsigned,
            // 9 unknown key, 7/8 outside its validity (which the CA shows as OTHER), 6 invalid.
            Problem::RrsetNotValidated { rtype, failure, .. } if rtype == "DS" => match failure {
                SignatureFailure::Missing => ErrorCode::RsigsMissing,
                SignatureFailure::NoMatchingKey { .. } => ErrorCode::DnskeyMissing,
                SignatureFailure::Expired { .. } | SignatureFailure::NotYetValid { .. } => {
                    ErrorCode::Other
                }
                _ => ErrorCode::DnssecBogus,
            },
            // Answer and authority RRsets: unsigned with good keys is EDE 10 (KeyEntry 178-182);
            // every other signature failure goes through setBogus, EDE 6 (ValidatingResolver
            // 435, 486, 698, 865), a key absent from the key set and an expired signature too.
            Problem::RrsetNotValidated { failure, .. } => match failure {
                SignatureFailure::Missing => ErrorCode::RsigsMissing,
                _ => ErrorCode::DnssecBogus,
            },
            // No NSEC/NSEC3 at all: NODATA is EDE 12 (ValidatingResolver 609, 665); NXDOMAIN
            // sets 12 and overwrites it with 6 (816-834); a DS denial without signed NSEC is
            // "failed.ds.nonsec", 10 (1079-1082); a wildcard expansion without proof is
            // "failed.positive.wildcard_too_broad", 6 (386-387).
            Problem::DenialMissing { kind, .. } => match kind {
                DenialKind::NoData => ErrorCode::NsecMissing,
                DenialKind::NoDs => ErrorCode::RsigsMissing,
                DenialKind::NxDomain | DenialKind::WildcardExpansion => ErrorCode::DnssecBogus,
            },
            Problem::DenialNotProven { .. } => ErrorCode::DnssecBogus,
            Problem::Transport { .. } | Problem::UnusableAnswer { .. } => ErrorCode::IoException,
            Problem::ResolverError { .. }
            | Problem::AliasLoop { .. }
            | Problem::AliasChainTooLong { .. }
            | Problem::CheckLimit { .. } => ErrorCode::Other,
            Problem::TooMuchWork { .. } => ErrorCode::DnssecBogus,
            // A failed DNSKEY lookup leaves the key set absent: EDE 9 (ValidatingResolver
            // 1198-1203); a failed DS lookup is "failed.ds.notype", 6 (1054-1058).
            Problem::ZoneServersFailed { rtype, .. } if rtype == "DNSKEY" => {
                ErrorCode::DnskeyMissing
            }
            Problem::ZoneServersFailed { .. } => ErrorCode::DnssecBogus,
        }
    }

    /// When the CA's code ([`Problem::error_code`]) says less than our diagnosis (its EDE), one
    /// sentence that says both, e.g. "The CA reports this as DNSSEC_BOGUS; precisely: DNSKEY
    /// Missing (EDE 9)."
    pub fn ca_note(&self) -> Option<String> {
        let error = self.error_code();
        let ede = self.ede();
        let same = match error {
            ErrorCode::DnskeyMissing => ede.code == 9,
            ErrorCode::DnssecBogus => ede.code == 6,
            ErrorCode::NsecMissing => ede.code == 12,
            ErrorCode::RsigsMissing => ede.code == 10,
            // OTHER and IO_EXCEPTION hide nothing unless the diagnosis is a DNSSEC one
            // (EDE 6-12: an expired DS signature is OTHER for the CA).
            ErrorCode::IoException | ErrorCode::Other => !(6..=12).contains(&ede.code),
        };
        (!same).then(|| {
            format!(
                "The CA reports this as {}; precisely: {} (EDE {}).",
                error.as_str(),
                ede.name,
                ede.code
            )
        })
    }

    /// The RFC 8914 Extended DNS Error a validating resolver would attach: the precise diagnosis.
    pub fn ede(&self) -> Ede {
        match self {
            Problem::NoDnskeys { .. } | Problem::NoKeyMatchesDs { .. } => Ede::DNSKEY_MISSING,
            Problem::DnskeyNotSignedByDsKey {
                failure: SignatureFailure::NoMatchingKey { .. },
                ..
            } => Ede::DNSSEC_BOGUS,
            Problem::DnskeyNotSignedByDsKey { failure, .. }
            | Problem::RrsetNotValidated { failure, .. } => match failure {
                SignatureFailure::Missing => Ede::RRSIGS_MISSING,
                SignatureFailure::NoMatchingKey { .. } => Ede::DNSKEY_MISSING,
                SignatureFailure::Expired { .. } => Ede::SIGNATURE_EXPIRED,
                SignatureFailure::NotYetValid { .. } => Ede::SIGNATURE_NOT_YET_VALID,
                _ => Ede::DNSSEC_BOGUS,
            },
            Problem::DsDigestMismatch { .. } | Problem::DenialNotProven { .. } => Ede::DNSSEC_BOGUS,
            Problem::DenialMissing { .. } => Ede::NSEC_MISSING,
            Problem::ResolverError { rcode, .. } if rcode == "REFUSED" => Ede::PROHIBITED,
            Problem::ResolverError { .. } => Ede::NO_REACHABLE_AUTHORITY,
            Problem::Transport { .. } | Problem::UnusableAnswer { .. } => Ede::NETWORK_ERROR,
            Problem::AliasLoop { .. }
            | Problem::AliasChainTooLong { .. }
            | Problem::CheckLimit { .. } => Ede::DNSSEC_INDETERMINATE,
            Problem::TooMuchWork { .. } => Ede::DNSSEC_BOGUS,
            Problem::ZoneServersFailed { rtype, .. } if rtype == "DNSKEY" => Ede::DNSKEY_MISSING,
            Problem::ZoneServersFailed { .. } => Ede::DNSSEC_BOGUS,
        }
    }

    /// The zone where the chain broke, when there is one.
    pub fn zone(&self) -> Option<&str> {
        match self {
            Problem::NoDnskeys { zone }
            | Problem::NoKeyMatchesDs { zone, .. }
            | Problem::DsDigestMismatch { zone, .. }
            | Problem::DnskeyNotSignedByDsKey { zone, .. }
            | Problem::RrsetNotValidated { zone, .. }
            | Problem::DenialMissing { zone, .. }
            | Problem::DenialNotProven { zone, .. }
            | Problem::TooMuchWork { zone, .. }
            | Problem::ZoneServersFailed { zone, .. } => Some(zone),
            _ => None,
        }
    }

    /// One sentence naming the zone, record and key tag.
    pub fn reason(&self) -> String {
        match self {
            Problem::NoDnskeys { zone } => format!(
                "The parent zone publishes DS records for {zone}, but {zone} serves no DNSKEY records."
            ),
            Problem::NoKeyMatchesDs { zone, ds_tags, key_tags } => format!(
                "DS {} for {zone} points to a key that {zone} does not serve (its DNSKEY tags: {}).",
                tags(ds_tags),
                tag_list(key_tags)
            ),
            Problem::DsDigestMismatch { zone, tag } => format!(
                "DS {tag} for {zone} has the tag and algorithm of DNSKEY {tag}, but its digest does not match that key."
            ),
            Problem::DnskeyNotSignedByDsKey { zone, ds_tags, failure } => format!(
                "The DNSKEY set of {zone} is not validly signed by key {}, which the DS points to: {}.",
                tags(ds_tags),
                match failure {
                    SignatureFailure::NoMatchingKey { tags: signers } => {
                        format!("it is signed only by key {}", tags(signers))
                    }
                    other => failure_text(other, &format!("{zone}/DNSKEY")),
                }
            ),
            Problem::RrsetNotValidated { owner, rtype, failure, .. } => {
                let what = format!("{owner}/{rtype}");
                let mut text = failure_text(failure, &what);
                if let Some(first) = text.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                format!("{text}.")
            }
            Problem::DenialMissing { name, rtype, zone, kind } => format!(
                "{zone} is signed, but the answer for {name}/{rtype} has no NSEC or NSEC3 records proving {}.",
                kind.describe()
            ),
            Problem::DenialNotProven { name, rtype, zone, kind, detail } => format!(
                "The NSEC/NSEC3 records from {zone} do not prove {} for {name}/{rtype}: {detail}.",
                kind.describe()
            ),
            Problem::ResolverError { name, rtype, rcode } => format!(
                "The resolver answered {rcode} for {name}/{rtype}, so validation could not complete."
            ),
            Problem::Transport { name, rtype, detail } => format!(
                "The DNS-over-HTTPS query for {name}/{rtype} failed: {detail}."
            ),
            Problem::UnusableAnswer { name, rtype, detail } => format!(
                "The resolver's answer for {name}/{rtype} could not be used: {detail}."
            ),
            Problem::AliasLoop { name } => {
                format!("The CNAME/DNAME chain loops back to {name}.")
            }
            Problem::AliasChainTooLong { name, limit } => format!(
                "The CNAME/DNAME chain starting at {name} is longer than {limit} links."
            ),
            Problem::TooMuchWork { name, rtype, zone, detail } => format!(
                "The answer for {name}/{rtype} from {zone} needs more work to validate than validators allow, so it is treated as bogus: {detail}."
            ),
            Problem::CheckLimit { name, rtype, detail } => format!(
                "The check stopped before {name}/{rtype} could be validated: {detail}."
            ),
            Problem::ZoneServersFailed { zone, rtype } => {
                let whose = if rtype == "DS" {
                    format!("the name servers of {zone}'s parent zone")
                } else {
                    format!("{zone}'s name servers")
                };
                format!(
                    "The resolver answered SERVFAIL for the {rtype} records of {zone}: {whose} failed to answer, and a validating CA treats a chain of trust it cannot fetch as bogus."
                )
            }
        }
    }

    /// What the domain owner should change, in their terms.
    pub fn fix(&self) -> String {
        match self {
            Problem::NoDnskeys { zone } => format!(
                "Either turn DNSSEC signing for {zone} back on at your DNS host, or remove the DS records for {zone} at your registrar."
            ),
            Problem::NoKeyMatchesDs { zone, ds_tags, .. } => format!(
                "Your registrar publishes DS {} for a key your DNS host no longer serves: replace the DS records at the registrar with the DS of {zone}'s current key-signing key (your DNS host shows it), or remove them to turn DNSSEC off.",
                tags(ds_tags)
            ),
            Problem::DsDigestMismatch { zone, tag } => format!(
                "The DS record {tag} at your registrar was copied wrongly or for another zone: delete it and paste the DS record your DNS host shows for {zone}."
            ),
            Problem::DnskeyNotSignedByDsKey {
                zone,
                failure: SignatureFailure::Expired { .. } | SignatureFailure::NotYetValid { .. },
                ..
            } => format!(
                "The signatures over {zone}'s key set are outside their validity period: make sure your DNS host re-signs {zone} automatically (and that its signer's clock is right)."
            ),
            Problem::DnskeyNotSignedByDsKey { zone, .. } => format!(
                "{zone}'s key set must be signed by the key-signing key whose DS is at the registrar: re-sign the zone at your DNS host, or update the DS at the registrar to the key that signs it."
            ),
            Problem::RrsetNotValidated { zone, failure, .. } => match failure {
                SignatureFailure::Expired { .. } | SignatureFailure::NotYetValid { .. } => format!(
                    "The signatures of {zone} are outside their validity period: make sure your DNS host re-signs {zone} automatically (and that its signer's clock is right)."
                ),
                SignatureFailure::Missing => format!(
                    "Your DNS host serves unsigned records in the signed zone {zone}: re-sign the zone, or check that every server for {zone} serves the signed version."
                ),
                SignatureFailure::NoMatchingKey { .. } => format!(
                    "Records in {zone} are signed by a key that is not in {zone}'s DNSKEY set: re-sign the zone at your DNS host, or publish the key again."
                ),
                SignatureFailure::WorkLimit { .. } => format!(
                    "Publish few keys and one or two signatures per algorithm for each RRset of {zone}; if {zone} is like that, the resolver's answers were tampered with: try another resolver."
                ),
                _ => format!(
                    "A signature in {zone} is invalid: re-sign the zone at your DNS host and check that every name server for {zone} serves the same, current version."
                ),
            },
            Problem::DenialMissing { zone, .. } | Problem::DenialNotProven { zone, .. } => format!(
                "Your DNS host must return signed NSEC/NSEC3 proofs for names and types that do not exist in {zone}: check that every name server serves the complete signed zone, or ask your DNS host to fix their DNSSEC negative answers."
            ),
            Problem::ResolverError { .. } | Problem::Transport { .. } | Problem::UnusableAnswer { .. } => {
                "Try again, or choose another DNS-over-HTTPS resolver; if it persists for your domain only, check that your name servers answer.".to_string()
            }
            Problem::AliasLoop { .. } | Problem::AliasChainTooLong { .. } => {
                "Point the CNAME directly at the final name.".to_string()
            }
            Problem::TooMuchWork { zone, .. } => format!(
                "Serve {zone} with few keys and signatures per RRset (one or two per algorithm), and NSEC3 with 0 extra iterations and no salt (RFC 9276), or NSEC. If your zone is like that, the resolver's answers were tampered with: try another resolver."
            ),
            Problem::CheckLimit { .. } => {
                "Check fewer names at once, or try again; if it persists, the resolver keeps sending new names to follow: try another resolver.".to_string()
            }
            Problem::ZoneServersFailed { zone, rtype } if rtype == "DS" => format!(
                "Check that every name server of the parent zone of {zone} answers (your registrar or the TLD operator), then check again."
            ),
            Problem::ZoneServersFailed { zone, .. } => format!(
                "Check that every name server of {zone} answers DNSKEY queries over UDP and TCP (at your DNS host), then check again."
            ),
        }
    }
}

fn tags(tags: &[u16]) -> String {
    tags.iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Key tags for a sentence: `12345, 23456`, or `none`.
pub fn tag_list(list: &[u16]) -> String {
    if list.is_empty() {
        "none".to_string()
    } else {
        tags(list)
    }
}

/// A verdict as the CA's line spells it: `BOGUS DNSSEC_BOGUS`, or `SECURE`.
pub fn status_and_error(status: Status, error: Option<ErrorCode>) -> String {
    match error {
        Some(e) => format!("{} {}", status.as_str(), e.as_str()),
        None => status.as_str().to_string(),
    }
}

fn failure_text(failure: &SignatureFailure, what: &str) -> String {
    match failure {
        SignatureFailure::Missing => format!("no RRSIG covers {what}"),
        SignatureFailure::NoMatchingKey { tags: t } => {
            format!(
                "the RRSIG over {what} names key {} which is not in the DNSKEY set",
                tags(t)
            )
        }
        SignatureFailure::WrongSigner { signer } => {
            format!("the RRSIG over {what} is signed by {signer}, not by the zone that holds it")
        }
        SignatureFailure::Expired { tag, expiration } => {
            format!("the RRSIG over {what} by key {tag} expired on {expiration}")
        }
        SignatureFailure::NotYetValid { tag, inception } => {
            format!("the RRSIG over {what} by key {tag} is not valid before {inception}")
        }
        SignatureFailure::Invalid { tag } => {
            format!("the RRSIG over {what} by key {tag} does not verify")
        }
        SignatureFailure::Malformed { detail } => {
            format!("the RRSIG over {what} is malformed: {detail}")
        }
        SignatureFailure::WorkLimit { detail } => format!(
            "validating {what} needs more work than validators allow (KeyTrap protection): {detail}"
        ),
    }
}

/// The verdict on one answer: proven, provably unsigned, or failed (BOGUS, or INDETERMINATE
/// when the check could not complete).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// SECURE, with what was proven.
    Secure(SecureReason),
    /// INSECURE, with what proves the answer unsigned.
    Insecure(InsecureReason),
    /// BOGUS or INDETERMINATE, as the problem's [`Problem::status`] says.
    Failed(Problem),
}

impl Verdict {
    /// The status this verdict reports.
    pub fn status(&self) -> Status {
        match self {
            Verdict::Secure(_) => Status::Secure,
            Verdict::Insecure(_) => Status::Insecure,
            Verdict::Failed(problem) => problem.status(),
        }
    }
}

/// Why a name is SECURE: what was proven.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecureReason {
    /// The RRset is signed by its zone and validates.
    Signed {
        /// The RRset's owner name.
        owner: String,
        /// The RRset's type.
        rtype: String,
        /// The zone that signed it.
        zone: String,
    },
    /// Signed NSEC/NSEC3 records prove that the name does not exist.
    NameDoesNotExist {
        /// The name that does not exist.
        name: String,
        /// The zone whose records prove it.
        zone: String,
    },
    /// Signed NSEC/NSEC3 records prove that the name has no record of the type.
    NoSuchType {
        /// The name that has no record of the type.
        name: String,
        /// The type it has no record of.
        rtype: String,
        /// The zone whose records prove it.
        zone: String,
    },
}

impl SecureReason {
    /// One sentence saying what was proven, and by which zone.
    pub fn reason(&self) -> String {
        match self {
            SecureReason::Signed { owner, rtype, zone } => {
                format!("{owner}/{rtype} is signed by {zone} and validates.")
            }
            SecureReason::NameDoesNotExist { name, zone } => format!(
                "{name} does not exist, and {zone} proves it with signed NSEC/NSEC3 records."
            ),
            SecureReason::NoSuchType { name, rtype, zone } => format!(
                "{name} has no {rtype} record, and {zone} proves it with signed NSEC/NSEC3 records."
            ),
        }
    }
}

/// Why a name is INSECURE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InsecureReason {
    /// The parent proves there is no DS record for the zone (RFC 4035 §5.2).
    NoDs {
        /// The unsigned child zone.
        zone: String,
        /// The parent zone whose signed denial proves it.
        parent: String,
    },
    /// The parent's NSEC3 opt-out span may hide an unsigned delegation (RFC 5155 §6).
    OptOut {
        /// The name in the opt-out span.
        name: String,
        /// The zone whose NSEC3 opt-out span covers it.
        parent: String,
    },
    /// A wildcard answered, and the proof that the name itself does not exist lies in an
    /// NSEC3 opt-out span, which could hide an unsigned delegation (RFC 5155 §8.8, §6).
    WildcardInOptOut {
        /// The name answered from the wildcard.
        name: String,
        /// The zone that holds the wildcard.
        zone: String,
    },
    /// Every DS record uses an algorithm or digest we cannot check (RFC 4035 §5.2, RFC 6840 §5.2).
    UnsupportedDs {
        /// The zone the DS records are for.
        zone: String,
        /// The DS algorithm numbers we do not implement.
        algorithms: Vec<u8>,
        /// The DS digest types we do not implement.
        digests: Vec<u8>,
    },
    /// NSEC3 iterations above our limit (RFC 9276 §3.2).
    Nsec3Iterations {
        /// The zone whose NSEC3 records these are.
        zone: String,
        /// The NSEC3 Iterations field (RFC 5155 §3.1.3).
        iterations: u16,
        /// The most iterations we accept ([`crate::limits::MAX_NSEC3_ITERATIONS`]).
        limit: u16,
    },
    /// No configured trust anchor covers the name.
    NoTrustAnchor {
        /// The name no anchor covers.
        name: String,
    },
}

impl InsecureReason {
    /// The Extended DNS Error a validating resolver would attach, for the reasons that have one.
    pub fn ede(&self) -> Option<Ede> {
        match self {
            InsecureReason::UnsupportedDs { algorithms, .. } if !algorithms.is_empty() => {
                Some(Ede::UNSUPPORTED_DNSKEY_ALGORITHM)
            }
            InsecureReason::UnsupportedDs { .. } => Some(Ede::UNSUPPORTED_DS_DIGEST_TYPE),
            InsecureReason::Nsec3Iterations { .. } => Some(Ede::UNSUPPORTED_NSEC3_ITERATIONS),
            _ => None,
        }
    }

    /// The zone where the chain of trust became insecure, when there is one.
    pub fn zone(&self) -> Option<&str> {
        match self {
            InsecureReason::NoDs { zone, .. }
            | InsecureReason::UnsupportedDs { zone, .. }
            | InsecureReason::Nsec3Iterations { zone, .. } => Some(zone),
            InsecureReason::OptOut { parent, .. } => Some(parent),
            InsecureReason::WildcardInOptOut { zone, .. } => Some(zone),
            InsecureReason::NoTrustAnchor { .. } => None,
        }
    }

    /// One sentence saying why the name is INSECURE.
    pub fn reason(&self) -> String {
        match self {
            InsecureReason::NoDs { zone, parent } => format!(
                "{zone} is not signed: {parent} proves that it has no DS record for {zone}."
            ),
            InsecureReason::OptOut { name, parent } => format!(
                "{name} is in an NSEC3 opt-out range of {parent}, which has no DS for it: the delegation is unsigned."
            ),
            InsecureReason::WildcardInOptOut { name, zone } => format!(
                "{name} was answered from a wildcard in {zone}, and the proof that {name} itself does not exist lies in an NSEC3 opt-out range, which could hide an unsigned delegation: validators treat the answer as insecure."
            ),
            InsecureReason::UnsupportedDs { zone, algorithms, digests } => {
                let mut parts = Vec::new();
                if !algorithms.is_empty() {
                    parts.push(format!(
                        "algorithm {}",
                        algorithms.iter().map(|a| format!("{a} ({})", crate::dns::records::algorithm_name(*a))).collect::<Vec<_>>().join(", ")
                    ));
                }
                if !digests.is_empty() {
                    parts.push(format!(
                        "digest type {}",
                        digests.iter().map(|d| format!("{d} ({})", crate::dns::records::digest_name(*d))).collect::<Vec<_>>().join(", ")
                    ));
                }
                format!(
                    "Every DS record for {zone} uses {} that validators do not support, so {zone} is treated as unsigned.",
                    parts.join(" and ")
                )
            }
            InsecureReason::Nsec3Iterations { zone, iterations, limit } => format!(
                "{zone} uses NSEC3 with {iterations} iterations, above the limit of {limit} that validators accept, so its answers are treated as unsigned."
            ),
            InsecureReason::NoTrustAnchor { name } => {
                format!("No trust anchor covers {name}, so it cannot be validated.")
            }
        }
    }

    /// What the domain owner can change to make it SECURE, in their terms.
    pub fn fix(&self) -> String {
        match self {
            InsecureReason::NoDs { zone, .. } => format!(
                "Nothing blocks certificate issuance. To protect {zone} with DNSSEC, turn on signing at your DNS host and publish its DS record at your registrar."
            ),
            InsecureReason::OptOut { name, .. } => format!(
                "Nothing blocks certificate issuance. To protect {name}, sign its zone and publish a DS record at the registrar."
            ),
            InsecureReason::WildcardInOptOut { zone, .. } => format!(
                "Nothing blocks certificate issuance. For answers that validate as SECURE, sign {zone} without NSEC3 opt-out (dnssec-signzone without -A), or with NSEC."
            ),
            InsecureReason::UnsupportedDs { zone, .. } => format!(
                "Re-sign {zone} with algorithm 13 (ECDSAP256SHA256) and publish a SHA-256 DS record at your registrar."
            ),
            InsecureReason::Nsec3Iterations { zone, .. } => format!(
                "Re-sign {zone} with NSEC3 iterations 0 and no salt (RFC 9276), or use NSEC."
            ),
            InsecureReason::NoTrustAnchor { .. } => {
                "Use the IANA root trust anchor, or supply an anchor that covers this name.".to_string()
            }
        }
    }
}

/// How soon a finding turns into a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing breaks because of it.
    Notice,
    /// Weaker than it should be, or will break if nothing is done.
    Warning,
    /// Will fail within the warning window (or already fails for some validators).
    Critical,
}

impl Severity {
    /// Every severity, for tests that compare the vocabulary with the web files.
    pub const ALL: [Severity; 3] = [Severity::Notice, Severity::Warning, Severity::Critical];

    /// The spelling in the JSON: `notice`, `warning`, `critical`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

/// The stable code of a warning (README "Warnings" documents each with its RFC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WarningCode {
    /// A signature the verdict rests on expires within the window (RFC 4035 §5.3.1).
    SignatureExpiresSoon,
    /// A signature became valid less than 5 minutes before the check (RFC 6781 §4.4.2.2).
    SignatureNotYetValidSoon,
    /// The zone's keys use an algorithm validators are dropping (RFC 8624 §3.1).
    AlgorithmDeprecated,
    /// A DS with digest type 1, SHA-1 (RFC 8624 §3.3).
    DigestDeprecated,
    /// An RSA DNSKEY shorter than 2048 bits (RFC 8624).
    RsaKeyShort,
    /// Extra NSEC3 iterations, a salt, or opt-out (RFC 9276 §3.1).
    Nsec3Parameters,
    /// A supported DS matches no served DNSKEY beside one that does (RFC 7583 §3.3).
    DsWithoutKey,
    /// A KSK without DS while another KSK has one (RFC 7583 §3.3).
    KeyWithoutDs,
    /// A key with a DS does not sign the key set (RFC 6781 §4.1.2).
    StandbyKeyMissingSignature,
    /// The zone's CDS differs from the DS at the parent (RFC 7344 §4).
    CdsMismatch,
    /// A CDS delete request while the DS remains (RFC 8078 §4).
    CdsDelete,
    /// The DNSKEY answer exceeds 1232 bytes (DNS Flag Day 2020, RFC 9715).
    DnskeySetLarge,
    /// A signature's whole validity is shorter than its RRset's TTL (RFC 6781 §4.4.2).
    TtlAboveValidity,
    /// An RRset arrives with a TTL above its signature's Original TTL (RFC 4035 §5.3.3).
    OriginalTtlMismatch,
}

impl WarningCode {
    /// Every code, for tests that compare the vocabulary with the web files and the README.
    pub const ALL: [WarningCode; 14] = [
        WarningCode::SignatureExpiresSoon,
        WarningCode::SignatureNotYetValidSoon,
        WarningCode::AlgorithmDeprecated,
        WarningCode::DigestDeprecated,
        WarningCode::RsaKeyShort,
        WarningCode::Nsec3Parameters,
        WarningCode::DsWithoutKey,
        WarningCode::KeyWithoutDs,
        WarningCode::StandbyKeyMissingSignature,
        WarningCode::CdsMismatch,
        WarningCode::CdsDelete,
        WarningCode::DnskeySetLarge,
        WarningCode::TtlAboveValidity,
        WarningCode::OriginalTtlMismatch,
    ];

    /// The spelling in the JSON, e.g. `SIGNATURE_EXPIRES_SOON`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::SignatureExpiresSoon => "SIGNATURE_EXPIRES_SOON",
            WarningCode::SignatureNotYetValidSoon => "SIGNATURE_NOT_YET_VALID_SOON",
            WarningCode::AlgorithmDeprecated => "ALGORITHM_DEPRECATED",
            WarningCode::DigestDeprecated => "DIGEST_DEPRECATED",
            WarningCode::RsaKeyShort => "RSA_KEY_SHORT",
            WarningCode::Nsec3Parameters => "NSEC3_PARAMETERS",
            WarningCode::DsWithoutKey => "DS_WITHOUT_KEY",
            WarningCode::KeyWithoutDs => "KEY_WITHOUT_DS",
            WarningCode::StandbyKeyMissingSignature => "STANDBY_KEY_MISSING_SIGNATURE",
            WarningCode::CdsMismatch => "CDS_MISMATCH",
            WarningCode::CdsDelete => "CDS_DELETE",
            WarningCode::DnskeySetLarge => "DNSKEY_SET_LARGE",
            WarningCode::TtlAboveValidity => "TTL_ABOVE_VALIDITY",
            WarningCode::OriginalTtlMismatch => "ORIGINAL_TTL_MISMATCH",
        }
    }
}

/// A finding that does not change the verdict today: what will break the next order, or what
/// is weaker than it should be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// What kind of finding this is.
    pub code: WarningCode,
    /// How soon it turns into a failure.
    pub severity: Severity,
    /// The zone whose records are concerned.
    pub zone: String,
    /// The records concerned, e.g. `example.com/DNSKEY RRSIG by 12345`, `DS 12345`.
    pub records: Vec<String>,
    /// One sentence.
    pub message: String,
    /// What to change, in the owner's terms.
    pub fix: String,
}
