//! From judged links to a lookup's report: the weakest link decides, the warnings and cache
//! note are added, and the CA's line is written (`FQDN;STATUS[;ERROR]`, DigiCert's
//! `caa_dnssec_error` layout).

use hickory_proto::rr::{Name, RecordType};

use crate::dns::name::display;
use crate::report::model::{Delegation, LinkOutcome, LinkReport, LookupReport, ZoneReport};
use crate::report::warnings::Window;
use crate::report::{first_worst, ErrorCode, Problem, Status, Verdict};

/// A report for `name`/`rtype` with nothing established yet.
fn blank_report(name: &Name, rtype: RecordType) -> LookupReport {
    LookupReport::blank(display(name), rtype.to_string())
}

/// A lookup whose answers never arrived: a limit stopped the check (`limit` says which), or,
/// without one, planning ended early (cannot happen, but a report must never claim more than
/// was proven).
pub fn incomplete(name: &Name, rtype: RecordType, limit: Option<&str>) -> LookupReport {
    let mut report = blank_report(name, rtype);
    let problem = match limit {
        Some(detail) => Problem::CheckLimit {
            name: display(name),
            rtype: rtype.to_string(),
            detail: detail.to_string(),
        },
        None => Problem::UnusableAnswer {
            name: display(name),
            rtype: rtype.to_string(),
            detail: "the check ended before every answer arrived".into(),
        },
    };
    fill_problem(&mut report, &problem);
    report
}

/// One entry of the DigiCert line: `FQDN;STATUS[;ERROR]`.
pub fn digicert_entry(fqdn: &str, status: Status, error: Option<ErrorCode>) -> String {
    match error {
        Some(error) => format!("{fqdn};{};{}", status.as_str(), error.as_str()),
        None => format!("{fqdn};{}", status.as_str()),
    }
}

/// The entries joined by `,` — DigiCert's `caa_dnssec_error` layout.
pub fn digicert_line(results: &[LookupReport]) -> String {
    results
        .iter()
        .map(|r| r.line.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The report of one lookup (`name`/`rtype`) from its judged chain: the worst link decides,
/// warnings and the cache note are added, the line is not (the caller's layout).
pub fn lookup_report(
    name: &Name,
    rtype: RecordType,
    links: Vec<LinkOutcome>,
    chain_problem: Option<Problem>,
    window: &Window,
) -> LookupReport {
    // The worst link decides; on ties the first one (closest to the queried name) explains.
    let worst = first_worst(&links, |l| l.report.status).map(|i| (i, &links[i]));
    let mut link_reports: Vec<LinkReport> = links.iter().map(|l| l.report.clone()).collect();
    let warnings = crate::report::warnings::annotate(&mut link_reports, window);
    let chain = link_reports
        .first()
        .map(|l| l.chain.clone())
        .unwrap_or_default();
    let mut report = LookupReport {
        warnings,
        cache_note: cache_note(&chain),
        chain,
        links: link_reports,
        ..blank_report(name, rtype)
    };
    let chain_worse = chain_problem
        .as_ref()
        .is_some_and(|p| worst.is_none_or(|(_, w)| p.status() > w.report.status));
    if let (Some(problem), true) = (&chain_problem, chain_worse) {
        fill_problem(&mut report, problem);
        return report;
    }
    let Some((_, worst)) = worst else {
        return report;
    };
    if let Verdict::Failed(problem) = &worst.verdict {
        fill_problem(&mut report, problem);
    } else if let Verdict::Insecure(reason) = &worst.verdict {
        report.status = Status::Insecure;
        report.ede = reason.ede();
        report.reason = reason.reason();
        report.fix = Some(reason.fix());
        report.broken_zone = reason.zone().map(str::to_string);
    } else {
        report.status = worst.report.status;
        report.reason = if links.len() > 1 {
            format!(
                "Every link of the chain {} is signed and validates.",
                links
                    .iter()
                    .map(|l| l.report.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" → ")
            )
        } else {
            worst.report.reason.clone()
        };
    }
    report
}

/// Human durations for cache times: `3600 s (1 hour)`, `5400 s (1.5 hours)`. Integer
/// arithmetic only (float formatting would add 15 KB to the wasm).
fn duration(seconds: u32) -> String {
    let (unit_seconds, unit) = match seconds {
        s if s >= 86_400 && s % 86_400 == 0 => (86_400, "day"),
        s if s >= 3_600 => (3_600, "hour"),
        s if s >= 60 => (60, "minute"),
        _ => return format!("{seconds} s"),
    };
    // Tenths, rounded half up.
    let tenths = (u64::from(seconds) * 10 + unit_seconds / 2) / unit_seconds;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    let amount = if tenth == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{tenth}")
    };
    let plural = if tenths == 10 { "" } else { "s" };
    format!("{seconds} s ({amount} {unit}{plural})")
}

/// How long caches (a CA's resolver among them) may keep the old state of the deepest signed
/// delegation after a change: the DS TTL set by the parent and the DNSKEY TTL of the zone,
/// from the signatures' Original TTL (RFC 4034 §3.1.4), the most a cache may honour.
fn cache_note(chain: &[ZoneReport]) -> Option<String> {
    let zone = chain
        .iter()
        .rev()
        .find(|z| z.delegation == Delegation::Ds)?;
    let ds = zone.ds_rrsigs.iter().map(|s| s.original_ttl).max();
    let dnskey = zone.dnskey_rrsigs.iter().map(|s| s.original_ttl).max();
    let mut parts = Vec::new();
    if let Some(ttl) = ds {
        parts.push(format!(
            "a DS change at the registrar for up to {} (the DS TTL of the parent zone)",
            duration(ttl)
        ));
    }
    if let Some(ttl) = dnskey {
        parts.push(format!(
            "a key change at the DNS host for up to {} (the DNSKEY TTL of {})",
            duration(ttl),
            zone.zone
        ));
    }
    (!parts.is_empty()).then(|| {
        format!(
            "After a change, resolvers (a CA's too) may keep answering with the old state of {}: {}.",
            zone.zone,
            parts.join("; ")
        )
    })
}

fn fill_problem(report: &mut LookupReport, problem: &Problem) {
    report.status = problem.status();
    report.error = Some(problem.error_code());
    report.ede = Some(problem.ede());
    report.reason = problem.reason();
    report.fix = Some(problem.fix());
    report.ca_note = problem.ca_note();
    report.broken_zone = problem.zone().map(str::to_string);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(59), "59 s");
        assert_eq!(duration(300), "300 s (5 minutes)");
        assert_eq!(duration(3_600), "3600 s (1 hour)");
        assert_eq!(duration(5_400), "5400 s (1.5 hours)");
        assert_eq!(duration(86_400), "86400 s (1 day)");
        assert_eq!(duration(172_800), "172800 s (2 days)");
        assert_eq!(duration(90_000), "90000 s (25 hours)");
    }

    fn zone(name: &str, delegation: Delegation, ds_ttl: u32, dnskey_ttl: u32) -> ZoneReport {
        let sig = |original_ttl| crate::report::model::SignatureReport {
            covers: String::new(),
            key_tag: 1,
            algorithm: 13,
            signer: String::new(),
            labels: 1,
            original_ttl,
            inception: String::new(),
            expiration: String::new(),
            verdict: crate::report::model::SignatureVerdict::Valid,
            inception_at: 0,
            expiration_at: 0,
            rrset_ttl: None,
        };
        ZoneReport {
            zone: name.into(),
            status: Status::Secure,
            delegation,
            ds: Vec::new(),
            ds_rrsigs: vec![sig(ds_ttl)],
            dnskeys: Vec::new(),
            dnskey_rrsigs: vec![sig(dnskey_ttl)],
            denial: None,
            problem: None,
            ds_ttl: None,
            dnskey_ttl: None,
            warnings: Vec::new(),
            dnskey_response_size: None,
            cds: None,
        }
    }

    /// The deepest signed delegation's Original TTLs bound how long caches keep its old state.
    #[test]
    fn cache_note_names_the_deepest_signed_zone_and_its_ttls() {
        let chain = [
            zone(".", Delegation::Anchor, 0, 172_800),
            zone("com", Delegation::Ds, 86_400, 86_400),
            zone("example.com", Delegation::Ds, 3_600, 300),
            zone("sub.example.com", Delegation::NoDs, 0, 0),
        ];
        assert_eq!(
            cache_note(&chain).as_deref(),
            Some("After a change, resolvers (a CA's too) may keep answering with the old state of example.com: a DS change at the registrar for up to 3600 s (1 hour) (the DS TTL of the parent zone); a key change at the DNS host for up to 300 s (5 minutes) (the DNSKEY TTL of example.com).")
        );
        assert_eq!(cache_note(&chain[..1]), None);
    }
}
