//! Authenticated denial of existence: what a set of validated NSEC or NSEC3 records proves.
//!
//! Signatures are checked before records reach this module; here we only reason about names,
//! hashes and type bit maps (RFC 4035 §5.4 for NSEC, RFC 5155 §8 for NSEC3).

pub mod nsec;
pub mod nsec3;

use hickory_proto::rr::RecordType;

use crate::dns::records::TypeBitmap;

/// What the answer claims and a proof must show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// RCODE NXDOMAIN: the name does not exist and no wildcard could have matched.
    NxDomain,
    /// NOERROR with no answer: the name exists (or is an empty non-terminal) without this type,
    /// or a wildcard exists without it.
    NoData(RecordType),
    /// A positive answer synthesised from a wildcard whose RRSIG Labels field is `source_labels`:
    /// the query name itself must not exist (RFC 4035 §5.3.4, RFC 5155 §8.8).
    WildcardAnswer {
        /// The RRSIG Labels field of the answer's signature (RFC 4034 §3.1.3).
        source_labels: usize,
    },
    /// A DS query answered without DS records: is this an unsigned delegation, or no cut at all?
    NoDs,
}

/// What a proof established.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proven {
    /// The name does not exist, nor does a covering wildcard.
    NxDomain,
    /// The name (or a matching wildcard, or an empty non-terminal) has no record of the type.
    NoData,
    /// The wildcard expansion is legitimate.
    WildcardAnswer,
    /// A delegation (NS) without DS: the child zone is unsigned.
    InsecureDelegation,
    /// No DS and no NS here: not a zone cut (an ordinary name or empty non-terminal).
    NotACut,
    /// The name does not exist, so there is no zone cut at or below it.
    NameDoesNotExist,
    /// NSEC3 opt-out covers the name: any delegation there is unsigned (RFC 5155 §6).
    OptOut,
}

/// Why records did not prove the goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotProven {
    /// No NSEC/NSEC3 records were given at all.
    NoRecords,
    /// Records were given but do not establish the goal.
    Insufficient(String),
    /// NSEC3 with more iterations than we accept (RFC 9276 §3.2): treat the zone as insecure.
    IterationsTooHigh(u16),
    /// Checking the proof would exceed the check's work budget ([`crate::limits`]).
    WorkLimit(String),
}

/// The NODATA rule for the record matching the name, shared by NSEC (RFC 4035 §5.4) and NSEC3
/// (RFC 5155 §8.5, §8.6): its bitmap lacks the type and CNAME; a child apex (SOA) cannot deny a
/// DS, which lives in the parent; the parent side of a cut (NS without SOA) can deny only DS.
/// `record` names the record kind in the explanation (`NSEC`, `NSEC3`).
pub(crate) fn bitmap_denies_type(
    types: &TypeBitmap,
    rtype: RecordType,
    record: &str,
    shown: &str,
) -> Result<(), String> {
    if types.contains(rtype) || types.contains(RecordType::CNAME) {
        return Err(format!(
            "the {record} record for {shown} lists type {rtype} or CNAME"
        ));
    }
    if rtype == RecordType::DS && types.contains(RecordType::SOA) {
        return Err(format!(
            "the record for {shown} comes from the child zone's apex, which cannot deny DS"
        ));
    }
    let parent_side = types.contains(RecordType::NS) && !types.contains(RecordType::SOA);
    if parent_side && rtype != RecordType::DS {
        return Err(format!(
            "the {record} for {shown} is the parent's delegation record, which cannot deny {rtype}"
        ));
    }
    Ok(())
}

/// The no-DS rule for the record matching a delegation's name (RFC 4035 §5.2, RFC 5155 §8.6):
/// not from the child's apex, no DS in the bitmap; with NS it is an unsigned delegation,
/// without NS no zone cut at all.
pub(crate) fn bitmap_denies_ds(
    types: &TypeBitmap,
    record: &str,
    shown: &str,
) -> Result<Proven, String> {
    if types.contains(RecordType::SOA) {
        return Err(format!(
            "the {record} for {shown} comes from the child zone's apex, which cannot deny DS"
        ));
    }
    if types.contains(RecordType::DS) {
        return Err(format!("the {record} record for {shown} lists a DS record"));
    }
    Ok(if types.contains(RecordType::NS) {
        Proven::InsecureDelegation
    } else {
        Proven::NotACut
    })
}
