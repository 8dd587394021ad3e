//! Warnings before failure: what will break the next certificate order, or is weaker than it
//! should be, found in the data the check already fetched. A warning never changes a verdict
//! or the CA's line; each has a stable code, a severity, the zone and records concerned, a
//! sentence and a fix. Only what the verdict rests on is looked at (the signatures that
//! validated, the keys and DS records of the chain), so a healthy zone raises none.

use crate::report::model::{DenialReport, LinkReport, SignatureReport, ZoneReport};
use crate::report::{Severity, Warning, WarningCode};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// A signature made less recently than this may be rejected by validators whose clock is
/// behind (RFC 6781 §4.4.2.2 advises backdating the inception).
const FRESH_INCEPTION_SECONDS: i64 = 300;

/// Responses above this size need fragmented UDP or TCP (the DNS Flag Day 2020 EDNS buffer).
pub const LARGE_RESPONSE_BYTES: usize = 1232;

/// When the check looks: the validation time and the warning window.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    /// Unix seconds.
    pub now: i64,
    /// Signatures expiring within this many days are reported (default 7).
    pub days: u32,
}

/// The default warning window, in days.
pub const DEFAULT_WARN_DAYS: u32 = 7;

fn warning(
    code: WarningCode,
    severity: Severity,
    zone: &str,
    records: Vec<String>,
    message: String,
    fix: String,
) -> Warning {
    Warning {
        code,
        severity,
        zone: zone.to_string(),
        records,
        message,
        fix,
    }
}

fn signature_label(sig: &SignatureReport) -> String {
    format!("{} RRSIG by key {}", sig.covers, sig.key_tag)
}

/// Timing of one signature the verdict rests on: expiry within the window (critical within a
/// day), a validity shorter than the time caches keep the RRset (RFC 6781 §4.4.2), a TTL above
/// the signature's Original TTL (RFC 4035 §5.3.3), an inception minutes ago.
fn signature_timing(zone: &str, sig: &SignatureReport, window: &Window, out: &mut Vec<Warning>) {
    if sig.verdict != crate::report::model::SignatureVerdict::Valid {
        return;
    }
    let remaining = sig.expiration_at - window.now;
    let records = vec![format!(
        "{} (valid {} .. {})",
        signature_label(sig),
        sig.inception,
        sig.expiration
    )];
    let resign = format!(
        "Make sure your DNS host re-signs {zone} automatically and well before signatures expire (BIND, Knot and PowerDNS do when their signing is on); if you sign by hand, re-sign now."
    );
    if remaining < DAY {
        out.push(warning(
            WarningCode::SignatureExpiresSoon,
            Severity::Critical,
            zone,
            records.clone(),
            format!(
                "The signature over {} expires on {}, in less than a day: after that every validating CA sees BOGUS.",
                sig.covers, sig.expiration
            ),
            resign.clone(),
        ));
    } else if remaining < i64::from(window.days) * DAY {
        out.push(warning(
            WarningCode::SignatureExpiresSoon,
            Severity::Warning,
            zone,
            records.clone(),
            format!(
                "The signature over {} expires on {}, within {} days.",
                sig.covers, sig.expiration, window.days
            ),
            resign.clone(),
        ));
    } else if remaining < i64::from(sig.original_ttl) {
        out.push(warning(
            WarningCode::SignatureExpiresSoon,
            Severity::Warning,
            zone,
            records.clone(),
            format!(
                "The signature over {} expires on {}, sooner than caches may keep the RRset ({} s): resolvers can serve it after it expired.",
                sig.covers, sig.expiration, sig.original_ttl
            ),
            resign.clone(),
        ));
    }
    let validity = sig.expiration_at - sig.inception_at;
    if validity < i64::from(sig.original_ttl) {
        out.push(warning(
            WarningCode::TtlAboveValidity,
            Severity::Warning,
            zone,
            records.clone(),
            format!(
                "The signature over {} is valid for {} s in all, less than the RRset's TTL of {} s: caches can keep the data longer than its signature lasts (RFC 6781 §4.4.2).",
                sig.covers, validity, sig.original_ttl
            ),
            format!("Lower the TTLs in {zone}, or sign with a longer validity period."),
        ));
    }
    if let Some(ttl) = sig.rrset_ttl {
        if ttl > sig.original_ttl {
            out.push(warning(
                WarningCode::OriginalTtlMismatch,
                Severity::Notice,
                zone,
                records.clone(),
                format!(
                    "{} arrives with TTL {ttl} s, above the {} s its signature covers (RFC 4035 §5.3.3): a server serves a TTL other than the signed one.",
                    sig.covers, sig.original_ttl
                ),
                format!("Check that every name server of {zone} serves the signed zone as signed (same TTLs)."),
            ));
        }
    }
    let age = window.now - sig.inception_at;
    if age < FRESH_INCEPTION_SECONDS {
        out.push(warning(
            WarningCode::SignatureNotYetValidSoon,
            Severity::Warning,
            zone,
            records,
            format!(
                "The signature over {} became valid only at {} ({} s before the check): a validator whose clock is a few minutes behind rejects it.",
                sig.covers, sig.inception, age.max(0)
            ),
            format!("Sign {zone} with an inception time in the past (an hour back is usual), and keep the signer's clock synchronised."),
        ));
    }
}

/// The DNSSEC algorithms whose use for signing is deprecated: MUST NOT (RSAMD5, DSA,
/// DSA-NSEC3-SHA1, ECC-GOST; RFC 8624 §3.1, now the IANA registry of RFC 9904) and the SHA-1
/// algorithms RSASHA1 and RSASHA1-NSEC3-SHA1 (RFC 9905).
fn deprecated_algorithm(algorithm: u8) -> Option<Severity> {
    match algorithm {
        1 | 3 | 6 | 12 => Some(Severity::Critical),
        5 | 7 => Some(Severity::Warning),
        _ => None,
    }
}

fn is_rsa(algorithm: u8) -> bool {
    matches!(algorithm, 1 | 5 | 7 | 8 | 10)
}

/// Algorithms, digests, key sizes, rollover state, CDS, the key set's size, and the timing of
/// the signatures over the DS and DNSKEY RRsets, for one zone of a chain.
pub fn zone_warnings(zone: &ZoneReport, window: &Window) -> Vec<Warning> {
    let mut out = Vec::new();
    let name = zone.zone.as_str();
    for sig in zone.ds_rrsigs.iter().chain(&zone.dnskey_rrsigs) {
        signature_timing(name, sig, window, &mut out);
    }
    let mut algorithms: Vec<u8> = zone.dnskeys.iter().map(|k| k.algorithm).collect();
    crate::sort::sort(&mut algorithms);
    algorithms.dedup();
    for algorithm in algorithms {
        if let Some(severity) = deprecated_algorithm(algorithm) {
            let sha1 = matches!(algorithm, 5 | 7);
            out.push(warning(
                WarningCode::AlgorithmDeprecated,
                severity,
                name,
                vec![format!("DNSKEY algorithm {algorithm} ({})", crate::dns::records::algorithm_name(algorithm))],
                if sha1 {
                    format!(
                        "{name} is signed with {} (SHA-1), which RFC 9905 forbids for signing; validators are dropping it (Red Hat Enterprise Linux 9 and its derivatives already treat SHA-1 signatures as insecure by default).",
                        crate::dns::records::algorithm_name(algorithm)
                    )
                } else {
                    format!(
                        "{name} is signed with {}, which validators must not use (RFC 8624 §3.1, the IANA DNSSEC algorithm registry per RFC 9904): the zone counts as unsigned or fails.",
                        crate::dns::records::algorithm_name(algorithm)
                    )
                },
                format!("Roll {name} to algorithm 13 (ECDSAP256SHA256) or 15 (ED25519) at your DNS host, then replace the DS at the registrar."),
            ));
        }
    }
    let strong_digest = zone.ds.iter().any(|d| matches!(d.digest_type, 2 | 4));
    for ds in zone.ds.iter().filter(|d| d.digest_type == 1) {
        out.push(warning(
            WarningCode::DigestDeprecated,
            if strong_digest { Severity::Notice } else { Severity::Warning },
            name,
            vec![format!("DS {} digest type 1 (SHA-1)", ds.key_tag)],
            if strong_digest {
                format!("DS {} for {name} uses SHA-1 beside a SHA-256 DS; SHA-1 DS records are deprecated (RFC 8624 §3.3).", ds.key_tag)
            } else {
                format!("The only DS digest for {name} is SHA-1, which is deprecated (RFC 8624 §3.3) and which validators may stop accepting.")
            },
            format!("Publish a SHA-256 (digest type 2) DS for {name} at your registrar and remove the SHA-1 one."),
        ));
    }
    for key in zone.dnskeys.iter().filter(|k| is_rsa(k.algorithm)) {
        let Some(bits) = key.key_size else { continue };
        if bits < 2048 {
            out.push(warning(
                WarningCode::RsaKeyShort,
                if bits < 1024 { Severity::Warning } else { Severity::Notice },
                name,
                vec![format!("DNSKEY {} ({bits}-bit RSA)", key.key_tag)],
                if bits < 1024 {
                    format!("DNSKEY {} of {name} is a {bits}-bit RSA key: some validators refuse keys under 1024 bits (dnsjava, which CAs use, treats the zone as unsigned).", key.key_tag)
                } else {
                    format!("DNSKEY {} of {name} is a {bits}-bit RSA key; 2048 bits or an elliptic-curve algorithm is today's minimum advice (RFC 8624).", key.key_tag)
                },
                format!("Roll {name} to a 2048-bit RSA key, or better to algorithm 13 or 15, at your DNS host."),
            ));
        }
    }
    let matched_ds = zone.ds.iter().any(|d| d.matches_key);
    for ds in zone.ds.iter().filter(|d| d.supported && !d.matches_key) {
        if matched_ds {
            out.push(warning(
                WarningCode::DsWithoutKey,
                Severity::Warning,
                name,
                vec![format!("DS {}", ds.key_tag)],
                format!("DS {} for {name} matches no key that {name} serves, beside a DS that does: a key rollover was left half done, and removing the other key would break the chain.", ds.key_tag),
                format!("Remove DS {} at your registrar if key {} is retired; if it is a new key, publish it at your DNS host.", ds.key_tag, ds.key_tag),
            ));
        }
    }
    let ds_keys: Vec<&crate::report::model::KeyReport> =
        zone.dnskeys.iter().filter(|k| k.matches_ds).collect();
    if !ds_keys.is_empty() {
        for key in zone
            .dnskeys
            .iter()
            .filter(|k| k.role == crate::report::model::KeyRole::Ksk && !k.matches_ds && !k.revoked)
        {
            out.push(warning(
                WarningCode::KeyWithoutDs,
                Severity::Notice,
                name,
                vec![format!("DNSKEY {} (KSK)", key.key_tag)],
                format!("KSK {} of {name} has no DS at the parent while another KSK does: a rollover seems pending.", key.key_tag),
                format!("Before retiring the current KSK, publish the DS of key {} at your registrar and wait for the old DS's TTL.", key.key_tag),
            ));
        }
        for key in &ds_keys {
            let signs = zone.dnskey_rrsigs.iter().any(|s| s.key_tag == key.key_tag);
            if !signs {
                out.push(warning(
                    WarningCode::StandbyKeyMissingSignature,
                    Severity::Notice,
                    name,
                    vec![format!("DNSKEY {} (has a DS)", key.key_tag)],
                    format!("Key {} of {name} has a DS but does not sign the key set: if the other DS is removed, {name} breaks.", key.key_tag),
                    format!("Keep the DS of the key that signs {name}'s key set until key {} signs it too.", key.key_tag),
                ));
            }
        }
    }
    if let Some(cds) = &zone.cds {
        let delete = cds.iter().any(|c| c.algorithm == 0);
        if delete && !zone.ds.is_empty() {
            out.push(warning(
                WarningCode::CdsDelete,
                Severity::Warning,
                name,
                vec!["CDS 0 0 0 00".to_string()],
                format!("{name} publishes a CDS delete request (RFC 8078 §4) while its DS is still at the parent: the parent may remove the DS and turn DNSSEC off."),
                format!("Remove the CDS/CDNSKEY records at your DNS host if {name} should stay signed."),
            ));
        } else if !cds.is_empty() {
            let mut published: Vec<(u16, u8, u8, String)> = cds
                .iter()
                .map(|c| {
                    (
                        c.key_tag,
                        c.algorithm,
                        c.digest_type,
                        crate::dns::codec::hex_upper(&c.digest),
                    )
                })
                .collect();
            let mut parent: Vec<(u16, u8, u8, String)> = zone
                .ds
                .iter()
                .map(|d| (d.key_tag, d.algorithm, d.digest_type, d.digest.clone()))
                .collect();
            crate::sort::sort(&mut published);
            crate::sort::sort(&mut parent);
            if published != parent {
                out.push(warning(
                    WarningCode::CdsMismatch,
                    Severity::Warning,
                    name,
                    published.iter().map(|c| format!("CDS {} {} {}", c.0, c.1, c.2)).collect(),
                    format!(
                        "{name} asks its parent for DS {} (CDS, RFC 7344) but the parent publishes DS {}: the DS is about to change, or the registrar does not read CDS.",
                        crate::report::tag_list(&published.iter().map(|c| c.0).collect::<Vec<_>>()),
                        crate::report::tag_list(&parent.iter().map(|c| c.0).collect::<Vec<_>>())
                    ),
                    "If your registrar does not read CDS, update the DS there by hand; otherwise wait for it, and keep both keys until the new DS's TTL has passed.".to_string(),
                ));
            }
        }
    }
    if let Some(size) = zone.dnskey_response_size {
        if size > LARGE_RESPONSE_BYTES {
            out.push(warning(
                WarningCode::DnskeySetLarge,
                Severity::Warning,
                name,
                vec![format!("{name}/DNSKEY response, {size} bytes")],
                format!("The DNSKEY answer of {name} is {size} bytes, above the {LARGE_RESPONSE_BYTES} bytes that fit a UDP packet without fragmentation: resolvers must retry over TCP, and some CA resolvers time out."),
                format!("Publish fewer or smaller keys in {name} (one KSK and one ZSK, or one combined key of algorithm 13 or 15), and remove retired keys."),
            ));
        }
    }
    out
}

/// NSEC3 parameters (RFC 9276): extra iterations, a salt, opt-out where it is not needed.
fn denial_warnings(zone: &str, denial: &DenialReport, window: &Window, out: &mut Vec<Warning>) {
    for sig in &denial.rrsigs {
        signature_timing(zone, sig, window, out);
    }
    if denial.kind != crate::report::model::DenialType::Nsec3 {
        return;
    }
    let limit = crate::limits::MAX_NSEC3_ITERATIONS;
    if denial.iterations > 0 || denial.salt_len > 0 {
        let severity = if denial.iterations > limit / 2 {
            Severity::Warning
        } else {
            Severity::Notice
        };
        out.push(warning(
            WarningCode::Nsec3Parameters,
            severity,
            zone,
            vec![format!("NSEC3 iterations {}, salt of {} bytes", denial.iterations, denial.salt_len)],
            format!(
                "{zone} uses {} extra NSEC3 iterations{}; RFC 9276 recommends 0 and no salt. BIND and Unbound treat more than {limit} as insecure, dnsjava too for ECDSA, EdDSA and small RSA keys.",
                denial.iterations,
                if denial.salt_len > 0 { " and a salt" } else { "" }
            ),
            format!("Re-sign {zone} with NSEC3 iterations 0 and no salt (RFC 9276 §3.1), or with NSEC."),
        ));
    }
    if denial.opt_out {
        out.push(warning(
            WarningCode::Nsec3Parameters,
            Severity::Notice,
            zone,
            vec!["NSEC3 opt-out".to_string()],
            format!("{zone} uses NSEC3 opt-out, meant for zones with very many unsigned delegations: names in opt-out spans are only insecure, never proven (RFC 9276 §3.1)."),
            format!("Sign {zone} without opt-out unless it holds very many unsigned delegations."),
        ));
    }
}

/// Warnings of one link: its answer's signatures and its denial.
pub fn link_warnings(link: &LinkReport, window: &Window) -> Vec<Warning> {
    let mut out = Vec::new();
    let zone = link
        .zone
        .clone()
        .or_else(|| link.chain.last().map(|z| z.zone.clone()))
        .unwrap_or_default();
    for sig in &link.rrsigs {
        signature_timing(&zone, sig, window, &mut out);
    }
    if let Some(denial) = &link.denial {
        denial_warnings(&zone, denial, window, &mut out);
    }
    out
}

/// Fills each zone's warnings in the links' chains and returns every warning of the lookup,
/// most severe first, each once.
pub fn annotate(links: &mut [LinkReport], window: &Window) -> Vec<Warning> {
    let mut all: Vec<Warning> = Vec::new();
    let add = |w: Warning, all: &mut Vec<Warning>| {
        if !all.contains(&w) {
            all.push(w);
        }
    };
    for link in links.iter_mut() {
        for zone in &mut link.chain {
            zone.warnings = zone_warnings(zone, window);
            for w in &zone.warnings {
                add(w.clone(), &mut all);
            }
        }
        for w in link_warnings(link, window) {
            add(w, &mut all);
        }
    }
    // Most severe first; the order within a severity is the chain's, root first.
    crate::sort::sort_by_key(&mut all, |w| std::cmp::Reverse(w.severity));
    all
}
