//! The report as data: what the CLI prints with `--json` and the browser API returns.
//! The schema is documented in README.md ("JSON report").

use hickory_proto::rr::Name;
use serde::Serialize;

use crate::report::{Ede, ErrorCode, Status, Verdict, Warning};

/// The whole document for one check.
#[derive(Clone, Debug, Serialize)]
pub struct CheckDocument {
    /// DigiCert-style summary: `FQDN;STATUS[;ERROR]` per lookup, joined by `,`.
    pub line: String,
    /// The worst status of the results (what the exit code reflects).
    pub status: Status,
    /// One report per lookup (name and type), in the order asked.
    pub results: Vec<LookupReport>,
    /// DoH resolvers in the order they were tried.
    pub resolvers: Vec<String>,
    /// `"iana-root"` or `"custom"`.
    pub trust_anchor: String,
    /// The validation time, unix seconds.
    pub now: u64,
    /// DNS queries sent in this check (each question at most once).
    pub queries: u32,
    /// Rounds of concurrent queries: the round trips on the critical path.
    pub round_trips: u32,
    /// Cryptographic work done (memoised: each verification and hash once per check).
    pub work: WorkCounts,
    /// In compare mode: every resolver's view and where they differ (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

/// The verdict for one (name, type).
#[derive(Clone, Debug, Serialize)]
pub struct LookupReport {
    /// The queried name, lowercased, in A-label form without the final dot.
    pub name: String,
    /// The record type asked for, e.g. `A` (`type` in the JSON).
    #[serde(rename = "type")]
    pub rtype: String,
    /// This lookup's entry of the DigiCert line: `FQDN;STATUS[;ERROR]`.
    pub line: String,
    /// SECURE, INSECURE, BOGUS or INDETERMINATE: the worst of the links and their chains.
    pub status: Status,
    /// The CA's error code for a BOGUS or INDETERMINATE status; null when SECURE or INSECURE.
    pub error: Option<ErrorCode>,
    /// The RFC 8914 Extended DNS Error a validating resolver would return.
    pub ede: Option<Ede>,
    /// One sentence saying why, naming the zone, record and key tag.
    pub reason: String,
    /// What the domain owner should change at their DNS host or registrar; null when SECURE.
    pub fix: Option<String>,
    /// When the CA's code (`error`, dnsjava's vocabulary) is less precise than `ede`, one
    /// sentence with both: "The CA reports this as DNSSEC_BOGUS; precisely: …". Else null.
    pub ca_note: Option<String>,
    /// The zone where the chain broke or became insecure.
    pub broken_zone: Option<String>,
    /// How long caches may keep the old DS and DNSKEY sets of the deepest signed zone after a
    /// change (their Original TTLs), in one sentence; null without a signed delegation.
    pub cache_note: Option<String>,
    /// What will break the next order or is weaker than it should be (README "Warnings"); never
    /// changes the status.
    pub warnings: Vec<Warning>,
    /// The zones from the trust anchor to the queried name (the first link's chain).
    pub chain: Vec<ZoneReport>,
    /// One entry per name visited: the queried name, then each CNAME/DNAME target.
    pub links: Vec<LinkReport>,
    /// In an order report only: what the CA uses this lookup for, `caa`, `acme-dns-01`,
    /// `dnsauth` or `validation-persist` ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<&'static str>,
    /// ... and the same in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The status of a whole document: the worst of its parts; with no part, nothing is proven.
pub fn overall_status(statuses: impl Iterator<Item = Status>) -> Status {
    statuses.max().unwrap_or(Status::Indeterminate)
}

impl LookupReport {
    /// A report for `name`/`rtype` with nothing established yet: INDETERMINATE.
    pub fn blank(name: String, rtype: String) -> Self {
        LookupReport {
            name,
            rtype,
            line: String::new(),
            // Fail closed: nothing is SECURE until the validator proved it.
            status: Status::Indeterminate,
            error: None,
            ede: None,
            reason: String::new(),
            fix: None,
            ca_note: None,
            broken_zone: None,
            cache_note: None,
            warnings: Vec::new(),
            chain: Vec::new(),
            links: Vec::new(),
            purpose: None,
            description: None,
        }
    }
}

/// One name of a CNAME/DNAME chain, validated on its own chain of trust.
#[derive(Clone, Debug, Serialize)]
pub struct LinkReport {
    /// The name of this link, lowercased, in A-label form without the final dot.
    pub name: String,
    /// The record type asked for (`type` in the JSON).
    #[serde(rename = "type")]
    pub rtype: String,
    /// This link's own status, judged on its own chain of trust.
    pub status: Status,
    /// This link's CA error code, or null when SECURE or INSECURE.
    pub error: Option<ErrorCode>,
    /// One sentence saying why this link has its status.
    pub reason: String,
    /// The zone the answer comes from, when known.
    pub zone: Option<String>,
    /// `NOERROR`, `NXDOMAIN`, ... or null when no answer arrived.
    pub rcode: Option<String>,
    /// The answer's records in presentation format (including CNAME/DNAME).
    pub records: Vec<String>,
    /// The RRSIGs over the answer RRset.
    pub rrsigs: Vec<SignatureReport>,
    /// What NSEC/NSEC3 records proved, for negative and wildcard answers.
    pub denial: Option<DenialReport>,
    /// The zones from the trust anchor down to this link's name (its chain of trust).
    pub chain: Vec<ZoneReport>,
}

/// One zone of the chain of trust.
#[derive(Clone, Debug, Serialize)]
pub struct ZoneReport {
    /// The zone's name, lowercased, without the final dot (`.` for the root).
    pub zone: String,
    /// SECURE when the zone's key set is trusted, INSECURE when it is unsigned, else BOGUS or
    /// INDETERMINATE.
    pub status: Status,
    /// `anchor`, `ds` (secure delegation), `no-ds` (unsigned delegation), `opt-out`,
    /// `unsupported` (only DS of unsupported algorithms/digests).
    pub delegation: Delegation,
    /// The DS RRset in the parent (or the anchor's DS records).
    pub ds: Vec<DsReport>,
    /// RRSIGs over the DS RRset, made by the parent.
    pub ds_rrsigs: Vec<SignatureReport>,
    /// The DNSKEY RRset the zone serves.
    pub dnskeys: Vec<KeyReport>,
    /// RRSIGs over the DNSKEY RRset.
    pub dnskey_rrsigs: Vec<SignatureReport>,
    /// NSEC/NSEC3 proof of an unsigned delegation.
    pub denial: Option<DenialReport>,
    /// What is wrong here, when this link broke.
    pub problem: Option<String>,
    /// The DS RRset's TTL as the resolver returned it (seconds its cache may still keep it).
    pub ds_ttl: Option<u32>,
    /// The DNSKEY RRset's TTL as the resolver returned it.
    pub dnskey_ttl: Option<u32>,
    /// What will break soon, or is weaker than it should be, in this zone.
    pub warnings: Vec<Warning>,
    /// Size of the DNSKEY response, bytes; the zone's CDS records (RFC 7344) when fetched.
    #[serde(skip)]
    pub dnskey_response_size: Option<usize>,
    /// The zone's CDS records (RFC 7344 §3) when their answer was fetched, for the CDS warnings;
    /// not in the JSON.
    #[serde(skip)]
    pub cds: Option<Vec<crate::dns::records::Ds>>,
}

/// One DS record for a zone: from its parent, or of the trust anchor.
#[derive(Clone, Debug, Serialize)]
pub struct DsReport {
    /// The DS Key Tag field (RFC 4034 §5.1.1).
    pub key_tag: u16,
    /// The DS Algorithm field (RFC 4034 §5.1.2).
    pub algorithm: u8,
    /// The algorithm's IANA mnemonic, e.g. `RSASHA256`.
    pub algorithm_name: &'static str,
    /// The DS Digest Type field (RFC 4034 §5.1.3).
    pub digest_type: u8,
    /// The digest type's IANA name, e.g. `SHA-256`.
    pub digest_name: &'static str,
    /// The DS Digest field in upper-case hex (RFC 4034 §5.1.4).
    pub digest: String,
    /// Algorithm and digest type are ones validators implement.
    pub supported: bool,
    /// A DNSKEY of the zone hashes to this digest.
    pub matches_key: bool,
}

/// One DNSKEY record a zone serves.
#[derive(Clone, Debug, Serialize)]
pub struct KeyReport {
    /// The key tag (RFC 4034 Appendix B).
    pub key_tag: u16,
    /// The DNSKEY Flags field (RFC 4034 §2.1.1), e.g. 257 for a KSK, 256 for a ZSK.
    pub flags: u16,
    /// `KSK` (SEP bit) or `ZSK`.
    pub role: KeyRole,
    /// The DNSKEY Algorithm field (RFC 4034 §2.1.3).
    pub algorithm: u8,
    /// The algorithm's IANA mnemonic, e.g. `ECDSAP256SHA256`.
    pub algorithm_name: &'static str,
    /// The key's size in bits (RSA modulus, curve size), or null for an algorithm we cannot size.
    pub key_size: Option<u32>,
    /// The REVOKE flag is set (RFC 5011 §3): validators no longer use the key.
    pub revoked: bool,
    /// A DS record (or anchor) points at this key.
    pub matches_ds: bool,
    /// This key made a valid signature over the DNSKEY RRset.
    pub signs_key_set: bool,
}

/// One RRSIG record and what became of it.
#[derive(Clone, Debug, Serialize)]
pub struct SignatureReport {
    /// The RRset covered, `owner/TYPE`.
    pub covers: String,
    /// The RRSIG Key Tag field (RFC 4034 §3.1.6).
    pub key_tag: u16,
    /// The RRSIG Algorithm field (RFC 4034 §3.1.2).
    pub algorithm: u8,
    /// The RRSIG Signer's Name field: the zone that signed (RFC 4034 §3.1.7).
    pub signer: String,
    /// The RRSIG Labels field (RFC 4034 §3.1.3).
    pub labels: u8,
    /// The RRSIG Original TTL field (RFC 4034 §3.1.4).
    pub original_ttl: u32,
    /// RFC 3339.
    pub inception: String,
    /// The RRSIG Signature Expiration field, RFC 3339 (RFC 4034 §3.1.5).
    pub expiration: String,
    /// `valid`, `expired`, `not-yet-valid`, `invalid`, `no-key`, `wrong-signer`,
    /// `unsupported-algorithm`, `malformed`, or `not-checked`.
    pub verdict: SignatureVerdict,
    /// Inception and expiration as unix seconds, and the covered RRset's TTL as received
    /// (for the warnings; the document shows the RFC 3339 forms).
    #[serde(skip)]
    pub inception_at: i64,
    /// The expiration as unix seconds; not in the JSON.
    #[serde(skip)]
    pub expiration_at: i64,
    /// The lowest TTL of the covered records as received, when known; not in the JSON.
    #[serde(skip)]
    pub rrset_ttl: Option<u32>,
}

/// The NSEC or NSEC3 records of an answer, and what they proved.
#[derive(Clone, Debug, Serialize)]
pub struct DenialReport {
    /// `nsec` or `nsec3`.
    pub kind: DenialType,
    /// What was proven: `nxdomain`, `nodata`, `wildcard`, `no-ds`, `opt-out`, `not-a-cut`,
    /// `name-does-not-exist`, or `none`.
    pub proves: Proves,
    /// NSEC3 iterations (0 for NSEC).
    pub iterations: u16,
    /// The NSEC/NSEC3 records in presentation format.
    pub records: Vec<String>,
    /// The RRSIGs over the NSEC/NSEC3 records, as checked.
    pub rrsigs: Vec<SignatureReport>,
    /// NSEC3 salt length and whether any record has the opt-out flag (for the warnings).
    #[serde(skip)]
    pub salt_len: usize,
    /// Whether any NSEC3 record has the Opt-Out flag (RFC 5155 §3.1.2.1); not in the JSON.
    #[serde(skip)]
    pub opt_out: bool,
}

/// The report of a certificate-order check (`dnssec-health order`, `checkOrder()`): for each
/// name of the order, the lookups a DNSSEC-validating CA makes under SC-085v2.
#[derive(Clone, Debug, Serialize)]
pub struct OrderDocument {
    /// DigiCert's `caa_dnssec_error` layout: `FQDN;STATUS[;ERROR]` per order name, joined
    /// by `,`.
    pub line: String,
    /// The worst status of the names (what the exit code reflects).
    pub status: Status,
    /// The CA asked about (its issuer domain), or null.
    pub ca: Option<String>,
    /// One report per order name, in the order given.
    pub names: Vec<OrderNameReport>,
    /// DoH resolvers in the order they were tried.
    pub resolvers: Vec<String>,
    /// `"iana-root"` or `"custom"`.
    pub trust_anchor: String,
    /// The validation time, unix seconds.
    pub now: u64,
    /// DNS queries sent in this check (each question at most once).
    pub queries: u32,
    /// Rounds of concurrent queries: the round trips on the critical path.
    pub round_trips: u32,
    /// Cryptographic work done (memoised: each verification and hash once per check).
    pub work: WorkCounts,
    /// In compare mode: every resolver's view and where they differ (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

/// One name of the order: the worst of its lookups decides.
#[derive(Clone, Debug, Serialize)]
pub struct OrderNameReport {
    /// As ordered, in A-label form without the final dot (`*.example.com` for a wildcard).
    pub name: String,
    /// This name's entry of the line: `FQDN;STATUS[;ERROR]`.
    pub line: String,
    /// The worst status of the name's lookups.
    pub status: Status,
    /// The decisive lookup's CA error code, or null.
    pub error: Option<ErrorCode>,
    /// The decisive lookup's Extended DNS Error (RFC 8914), or null.
    pub ede: Option<Ede>,
    /// Which lookup decides and why, in one sentence.
    pub reason: String,
    /// The decisive lookup's fix, or null.
    pub fix: Option<String>,
    /// The decisive lookup's `ca_note`.
    pub ca_note: Option<String>,
    /// When a CA message was pasted: what the CA reported for this name ...
    pub ca_saw: Option<CaVerdict>,
    /// ... and that compared with now, in one sentence ("The CA saw BOGUS DNSSEC_BOGUS; now
    /// SECURE: the fix is visible. …").
    pub then_now: Option<String>,
    /// Index into `lookups` of the lookup that decides the status (the first of the worst).
    pub decisive_lookup: Option<usize>,
    /// The RFC 8659 search for the CAA records that apply to this name.
    pub caa: CaaReport,
    /// Every lookup the CA makes for this name, in order: the CAA climb, then the
    /// domain-control TXT lookups (each with `purpose` and `description`).
    pub lookups: Vec<LookupReport>,
}

/// The outcome of the RFC 8659 relevant-RRset search for one order name.
#[derive(Clone, Debug, Serialize)]
pub struct CaaReport {
    /// Whether the search reached a conclusion: false when a lookup on the way failed DNSSEC
    /// validation or could not be completed, so the CA cannot issue.
    pub complete: bool,
    /// Where the relevant CAA RRset was found (null: no CAA up to the top-level domain, so
    /// any CA may issue).
    pub relevant_name: Option<String>,
    /// The owner of those records: `relevant_name`, or its alias target when it is a CNAME
    /// (where the records must be edited).
    pub owner: Option<String>,
    /// The records of the relevant CAA RRset (empty when there is none).
    pub records: Vec<CaaProperty>,
    /// The CAA policy of the relevant RRset (empty when there is none).
    pub policy: CaaPolicy,
    /// For the CA asked about: may it issue for this name (wildcard rules applied)? Null when
    /// no CA was given or the search did not complete.
    pub ca_may_issue: Option<bool>,
    /// The search's conclusion in one sentence.
    pub summary: String,
}

fn sort_signatures(sigs: &mut [SignatureReport]) {
    crate::sort::sort_by(sigs, |a, b| {
        (a.key_tag, a.algorithm, &a.covers).cmp(&(b.key_tag, b.algorithm, &b.covers))
    });
}

fn sort_denial(denial: &mut Option<DenialReport>) {
    if let Some(denial) = denial {
        crate::sort::sort_by(&mut denial.records, String::cmp);
    }
}

impl ZoneReport {
    /// Key-signing keys first, then by key tag; DS and RRSIGs by key tag.
    fn sort_for_display(&mut self) {
        crate::sort::sort_by(&mut self.ds, |a, b| {
            (a.key_tag, a.algorithm, a.digest_type, &a.digest).cmp(&(
                b.key_tag,
                b.algorithm,
                b.digest_type,
                &b.digest,
            ))
        });
        let key_order = |k: &KeyReport| (k.role != KeyRole::Ksk, k.key_tag, k.algorithm);
        crate::sort::sort_by(&mut self.dnskeys, |a, b| key_order(a).cmp(&key_order(b)));
        sort_signatures(&mut self.ds_rrsigs);
        sort_signatures(&mut self.dnskey_rrsigs);
        sort_denial(&mut self.denial);
    }
}

impl LookupReport {
    /// Puts every list of the report in a fixed order: resolvers rotate RRsets (round robin),
    /// and the same data must give the same report (and the same JSON) every time.
    pub fn sort_for_display(&mut self) {
        self.chain.iter_mut().for_each(ZoneReport::sort_for_display);
        for link in &mut self.links {
            link.chain.iter_mut().for_each(ZoneReport::sort_for_display);
            crate::sort::sort_by(&mut link.records, String::cmp);
            sort_signatures(&mut link.rrsigs);
            sort_denial(&mut link.denial);
        }
    }
}

/// The verdict for one link, and the name it points to next (CNAME/DNAME), if any.
pub struct LinkOutcome {
    /// The link's report, as the document shows it.
    pub report: LinkReport,
    /// The link's verdict, with its reason.
    pub verdict: Verdict,
    /// The CNAME/DNAME target to follow next, or `None` where the chain ends.
    pub next: Option<Name>,
}

// ---------------------------------------------------------------------------------------------
// The vocabulary of the documents: each an enum, written as the JSON (and the TypeScript
// unions in www/dnssec-health.d.ts) spell it.
// ---------------------------------------------------------------------------------------------

/// What became of one RRSIG (RFC 4035 §5.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureVerdict {
    /// The signature verifies with a key of the zone, within its validity period.
    Valid,
    /// The expiration time has passed (RFC 4035 §5.3.1).
    Expired,
    /// The inception time is still to come (RFC 4035 §5.3.1).
    NotYetValid,
    /// The cryptographic check failed.
    Invalid,
    /// No trusted, usable DNSKEY of the zone has the RRSIG's key tag and algorithm.
    NoKey,
    /// The signer is not the zone that holds the RRset (RFC 4035 §5.3.1).
    WrongSigner,
    /// The signature's algorithm is one we do not implement.
    UnsupportedAlgorithm,
    /// The RRSIG cannot be read, or its fields do not fit the RRset.
    Malformed,
    /// Not verified: another signature already validated the RRset, or a limit was reached.
    NotChecked,
}

impl SignatureVerdict {
    /// Every verdict, for tests that compare the vocabulary with the web files.
    pub const ALL: [SignatureVerdict; 9] = [
        SignatureVerdict::Valid,
        SignatureVerdict::Expired,
        SignatureVerdict::NotYetValid,
        SignatureVerdict::Invalid,
        SignatureVerdict::NoKey,
        SignatureVerdict::WrongSigner,
        SignatureVerdict::UnsupportedAlgorithm,
        SignatureVerdict::Malformed,
        SignatureVerdict::NotChecked,
    ];

    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureVerdict::Valid => "valid",
            SignatureVerdict::Expired => "expired",
            SignatureVerdict::NotYetValid => "not-yet-valid",
            SignatureVerdict::Invalid => "invalid",
            SignatureVerdict::NoKey => "no-key",
            SignatureVerdict::WrongSigner => "wrong-signer",
            SignatureVerdict::UnsupportedAlgorithm => "unsupported-algorithm",
            SignatureVerdict::Malformed => "malformed",
            SignatureVerdict::NotChecked => "not-checked",
        }
    }
}

/// How a zone's key set is vouched for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delegation {
    /// A configured trust anchor.
    Anchor,
    /// A secure delegation: DS records in the parent.
    Ds,
    /// An unsigned delegation, proven: no DS in the parent.
    NoDs,
    /// In the parent's NSEC3 opt-out span.
    OptOut,
    /// Only DS records of algorithms or digests we do not implement.
    Unsupported,
}

impl Delegation {
    /// Every delegation kind, for tests that compare the vocabulary with the web files.
    pub const ALL: [Delegation; 5] = [
        Delegation::Anchor,
        Delegation::Ds,
        Delegation::NoDs,
        Delegation::OptOut,
        Delegation::Unsupported,
    ];

    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Delegation::Anchor => "anchor",
            Delegation::Ds => "ds",
            Delegation::NoDs => "no-ds",
            Delegation::OptOut => "opt-out",
            Delegation::Unsupported => "unsupported",
        }
    }
}

/// Which denial records a proof used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DenialType {
    /// NSEC records (RFC 4034 §4).
    Nsec,
    /// NSEC3 records (RFC 5155).
    Nsec3,
}

impl DenialType {
    /// Every denial type, for tests that compare the vocabulary with the web files.
    pub const ALL: [DenialType; 2] = [DenialType::Nsec, DenialType::Nsec3];

    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DenialType::Nsec => "nsec",
            DenialType::Nsec3 => "nsec3",
        }
    }
}

/// What a denial proved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Proves {
    /// The name does not exist, nor a wildcard that could match it.
    Nxdomain,
    /// The name, a matching wildcard or an empty non-terminal has no record of the type.
    Nodata,
    /// The queried name does not exist, so the wildcard expansion is legitimate.
    Wildcard,
    /// A delegation without DS: the child zone is unsigned.
    NoDs,
    /// The name lies in an NSEC3 opt-out span, where a delegation may be unsigned (RFC 5155 §6).
    OptOut,
    /// No DS and no NS at the name: it is not a zone cut.
    NotACut,
    /// The name does not exist, so there is no zone cut at or below it.
    NameDoesNotExist,
    /// Nothing: the records did not prove what the answer needed.
    None,
}

impl Proves {
    /// Every proof outcome, for tests that compare the vocabulary with the web files.
    pub const ALL: [Proves; 8] = [
        Proves::Nxdomain,
        Proves::Nodata,
        Proves::Wildcard,
        Proves::NoDs,
        Proves::OptOut,
        Proves::NotACut,
        Proves::NameDoesNotExist,
        Proves::None,
    ];

    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Proves::Nxdomain => "nxdomain",
            Proves::Nodata => "nodata",
            Proves::Wildcard => "wildcard",
            Proves::NoDs => "no-ds",
            Proves::OptOut => "opt-out",
            Proves::NotACut => "not-a-cut",
            Proves::NameDoesNotExist => "name-does-not-exist",
            Proves::None => "none",
        }
    }
}

/// A key's role by its SEP flag (only a hint, RFC 4034 §2.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum KeyRole {
    /// A key-signing key: the SEP flag is set.
    #[serde(rename = "KSK")]
    Ksk,
    /// A zone-signing key: the SEP flag is clear.
    #[serde(rename = "ZSK")]
    Zsk,
}

impl KeyRole {
    /// The JSON spelling: `KSK` or `ZSK`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyRole::Ksk => "KSK",
            KeyRole::Zsk => "ZSK",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Resolvers compared (crate::check::compare)
// ---------------------------------------------------------------------------------------------

/// One lookup's verdict through one resolver.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LookupView {
    /// The queried name, as in the lookup's report.
    pub name: String,
    /// The record type asked for (`type` in the JSON).
    #[serde(rename = "type")]
    pub rtype: String,
    /// The lookup's status through this resolver.
    pub status: Status,
    /// The lookup's CA error code through this resolver, or null.
    pub error: Option<ErrorCode>,
}

/// One zone of the chains as one resolver returned it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZoneView {
    /// The zone's name, as in the chain's reports.
    pub zone: String,
    /// The worst verdict of the lookups whose chain passes through this zone.
    pub status: Status,
    /// Key tags of the DS records (sorted); empty for the anchor or an unsigned delegation.
    pub ds_tags: Vec<u16>,
    /// Seconds the resolver's cache still gives the DS RRset.
    pub ds_ttl: Option<u32>,
    /// Key tags of the DNSKEY records (sorted).
    pub dnskey_tags: Vec<u16>,
    /// Seconds the resolver's cache still gives the DNSKEY RRset.
    pub dnskey_ttl: Option<u32>,
}

/// The SOA of the zone holding a checked name, as one resolver returned it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SoaView {
    /// The zone the SOA belongs to (its owner name).
    pub zone: String,
    /// The SOA SERIAL field (RFC 1035 §3.3.13).
    pub serial: u32,
    /// Seconds the resolver's cache still gives it.
    pub ttl: u32,
}

/// Everything one resolver said.
#[derive(Clone, Debug, Serialize)]
pub struct ResolverView {
    /// The resolver's DoH URL.
    pub resolver: String,
    /// The worst of its verdicts.
    pub status: Status,
    /// Each lookup's verdict through this resolver.
    pub lookups: Vec<LookupView>,
    /// Each zone of the lookups' chains as this resolver returned it.
    pub zones: Vec<ZoneView>,
    /// The SOA of each checked name's zone, each zone once.
    pub soa: Vec<SoaView>,
    /// DNS questions this resolver was asked for the check (the SOA questions aside).
    pub queries: u32,
}

/// The comparison of a check through several resolvers.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// Whether every resolver gave the same verdicts, DS and DNSKEY sets and SOA serials.
    pub agree: bool,
    /// One sentence.
    pub summary: String,
    /// Each difference in words, with the time until which a cache may keep the old state.
    pub differences: Vec<String>,
    /// Every resolver's view, in the order given.
    pub resolvers: Vec<ResolverView>,
}

// ---------------------------------------------------------------------------------------------
// Certificate orders, CA messages and work counts
// ---------------------------------------------------------------------------------------------

/// One CAA record (RFC 8659 §4.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaaProperty {
    /// The CAA Flags field (RFC 8659 §4.1).
    pub flags: u8,
    /// The Issuer Critical Flag, bit 0 of the flags (value 128).
    pub critical: bool,
    /// The property tag, lowercased: `issue`, `issuewild`, `iodef`, or another one (for a
    /// malformed record, what could be read of it).
    pub tag: String,
    /// The property value as text (non-UTF-8 bytes replaced).
    pub value: String,
    /// The RDATA breaks RFC 8659 §4.1.1 (too short for its tag, or a tag that is not ASCII
    /// letters and digits). It still makes the RRset non-empty, and with the critical flag it
    /// forbids issuance like any property the CA does not understand.
    pub malformed: bool,
}

/// What the relevant CAA RRset allows, for one name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaaPolicy {
    /// Issuer domains allowed for the name (`issue`); `None`: any CA (no restriction).
    pub issuers: Option<Vec<String>>,
    /// Issuer domains allowed for a wildcard name (`issuewild`, or `issue` when there is no
    /// `issuewild`, RFC 8659 §4.3); `None`: any CA.
    pub wildcard_issuers: Option<Vec<String>>,
    /// `iodef` URLs, where CAs report refused requests (RFC 8659 §4.4).
    pub iodef: Vec<String>,
    /// Tags we do not know that carry the critical flag: no CA that does not know them may
    /// issue at all (RFC 8659 §4.1).
    pub unknown_critical: Vec<String>,
}

/// What the CA said about one name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaVerdict {
    /// The name as the CA wrote it (`*.example.com` for a wildcard).
    pub name: String,
    /// The status the CA reported.
    pub status: Status,
    /// The error code the CA reported, or null.
    pub error: Option<ErrorCode>,
}

/// What a check computed, for the report and for tests that bound work by counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorkCounts {
    /// Cryptographic signature verifications (memoised ones count once).
    pub signature_verifications: u32,
    /// NSEC3 name hashes (each of up to 151 SHA-1 rounds; memoised ones count once).
    pub nsec3_hashes: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(tag: u16, role: &'static str) -> KeyReport {
        KeyReport {
            key_tag: tag,
            flags: if role == "KSK" { 257 } else { 256 },
            role: if role == "KSK" {
                KeyRole::Ksk
            } else {
                KeyRole::Zsk
            },
            algorithm: 13,
            algorithm_name: "ECDSAP256SHA256",
            key_size: Some(256),
            revoked: false,
            matches_ds: false,
            signs_key_set: false,
        }
    }

    fn sig(tag: u16) -> SignatureReport {
        SignatureReport {
            covers: "example/DNSKEY".into(),
            key_tag: tag,
            algorithm: 13,
            signer: "example".into(),
            labels: 1,
            original_ttl: 3600,
            inception: String::new(),
            expiration: String::new(),
            verdict: SignatureVerdict::Valid,
            inception_at: 0,
            expiration_at: 0,
            rrset_ttl: None,
        }
    }

    fn zone(keys: Vec<KeyReport>, sigs: Vec<SignatureReport>) -> ZoneReport {
        ZoneReport {
            zone: "example".into(),
            status: Status::Secure,
            delegation: Delegation::Ds,
            ds: Vec::new(),
            ds_rrsigs: Vec::new(),
            dnskeys: keys,
            dnskey_rrsigs: sigs,
            denial: None,
            problem: None,
            ds_ttl: None,
            dnskey_ttl: None,
            warnings: Vec::new(),
            dnskey_response_size: None,
            cds: None,
        }
    }

    fn tags(zone: &ZoneReport) -> (Vec<u16>, Vec<u16>) {
        (
            zone.dnskeys.iter().map(|k| k.key_tag).collect(),
            zone.dnskey_rrsigs.iter().map(|s| s.key_tag).collect(),
        )
    }

    /// The same RRsets in any received order give the same report.
    #[test]
    fn rotated_rrsets_give_the_same_report() {
        let orders = [[0, 1, 2], [2, 0, 1], [1, 2, 0]];
        let mut seen = Vec::new();
        for order in orders {
            let all_keys = [key(300, "ZSK"), key(200, "KSK"), key(100, "ZSK")];
            let keys = order.iter().map(|&i| all_keys[i].clone()).collect();
            let sigs = order.iter().map(|&i| sig([30, 20, 10][i])).collect();
            let mut report = LookupReport {
                chain: vec![zone(keys, sigs)],
                links: vec![LinkReport {
                    name: "www.example".into(),
                    rtype: "A".into(),
                    status: Status::Secure,
                    error: None,
                    reason: String::new(),
                    zone: None,
                    rcode: None,
                    records: order
                        .iter()
                        .map(|i| format!("www.example. 1 IN A 192.0.2.{i}"))
                        .collect(),
                    rrsigs: Vec::new(),
                    denial: None,
                    chain: Vec::new(),
                }],
                ..LookupReport::blank("www.example".into(), "A".into())
            };
            report.sort_for_display();
            seen.push((tags(&report.chain[0]), report.links[0].records.clone()));
        }
        assert_eq!(
            seen[0].0,
            (vec![200, 100, 300], vec![10, 20, 30]),
            "KSKs first"
        );
        assert!(seen.iter().all(|s| s == &seen[0]), "{seen:?}");
    }
}
