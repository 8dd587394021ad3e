//! The certificate-order check: for every name of an order, the DNS lookups a CA makes and,
//! since CA/Browser Forum ballot SC-085v2, validates with DNSSEC:
//!
//! - the CAA relevant-RRset search (RFC 8659 §3): CAA at the name, then at each parent towards
//!   the top-level domain, until a non-empty RRset is found, each answer (CNAMEs followed) or
//!   its denial of existence validated on its own chain of trust. A wildcard `*.example.com`
//!   is searched from `example.com`, where `issuewild` applies (RFC 8659 §4.3);
//! - the domain-control TXT lookups: `_acme-challenge` (ACME dns-01, RFC 8555 §8.4),
//!   `_dnsauth` (DigiCert's DNS TXT method) and `_validation-persist` (persistent validation
//!   records), CNAME delegations of those labels followed. A missing record is fine when its
//!   absence is proven.
//!
//! The verdict per order name is the worst of its lookups; the line has DigiCert's
//! `caa_dnssec_error` layout. Every question is planned up front (the whole climb at once), so
//! the order takes the same few round trips as a single check.

use std::collections::HashMap;

use hickory_proto::rr::{Name, RecordType};

use crate::check::ca_message;
use crate::check::caa::ca_identities;
use crate::check::engine::{Engine, Target};
use crate::check::input::{parse_name, split_names, InputError};
use crate::check::{drive_or_compare, prepare_settings, AnswerCache, CheckOptions, PreparedCheck};
use crate::dns::name::display;
use crate::dns::name::{labels, parent};
use crate::io::transport::HttpTransport;
use crate::limits::MAX_NAMES;
use crate::report::assemble::digicert_entry;
use crate::report::model::{
    overall_status, CaVerdict, CaaPolicy, CaaProperty, CaaReport, LookupReport, OrderDocument,
    OrderNameReport,
};
use crate::report::{first_worst, Status};

/// One name of the order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderName {
    /// As ordered, A-label form without the final dot: `www.example.com`, `*.example.com`.
    pub display: String,
    /// The name the lookups start from (without the `*.` of a wildcard).
    pub base: Name,
    /// The name was ordered as `*.` and [`Self::base`]: CAA's `issuewild` rules apply to it
    /// (RFC 8659 §4.3).
    pub wildcard: bool,
}

/// A domain-control method whose DNS record the CA looks up.
struct DcvMethod {
    purpose: &'static str,
    label: &'static str,
    description: &'static str,
}

const DCV_METHODS: &[DcvMethod] = &[
    DcvMethod {
        purpose: "acme-dns-01",
        label: "_acme-challenge",
        description: "ACME dns-01 challenge record (RFC 8555 §8.4)",
    },
    DcvMethod {
        purpose: "dnsauth",
        label: "_dnsauth",
        description: "DigiCert DNS TXT domain-control record",
    },
    DcvMethod {
        purpose: "validation-persist",
        label: "_validation-persist",
        description: "persistent domain-validation record",
    },
];

/// A validated order, ready to run.
#[derive(Clone, Debug)]
pub struct PreparedOrder {
    /// The lookups the order needs (CAA at each name and its parents, the domain-control
    /// records), with the check's settings.
    pub check: PreparedCheck,
    /// The order's names, each once, in the order given.
    pub names: Vec<OrderName>,
    /// The CA's issuer domain, lowercased, when one was chosen.
    pub ca: Option<String>,
    /// Per name (same order as `names`): what the CA reported, when a CA message was pasted.
    pub ca_saw: Vec<Option<CaVerdict>>,
}

/// Reads one order name: a domain, or a wildcard `*.domain` (the `*` only as the first label).
pub fn parse_order_name(input: &str) -> Result<OrderName, InputError> {
    let name = parse_name(input)?;
    let invalid = |detail: &str| InputError::InvalidName {
        input: input.trim().to_string(),
        detail: detail.to_string(),
    };
    if name.is_root() {
        return Err(invalid("a certificate cannot be issued for the root"));
    }
    let name_labels = labels(&name);
    let wildcard = name_labels[0] == b"*";
    if name_labels.iter().skip(1).any(|l| *l == b"*") {
        return Err(invalid(
            "a wildcard '*' may only be the first label, as in *.example.com",
        ));
    }
    let base = if wildcard {
        parent(&name)
    } else {
        name.clone()
    };
    if base.is_root() {
        return Err(invalid("a wildcard needs a domain after '*.'"));
    }
    Ok(OrderName {
        display: display(&name),
        base,
        wildcard,
    })
}

/// Reads the CA's issuer domain (`digicert.com`); empty means "any CA".
pub fn parse_ca(input: &str) -> Result<Option<String>, InputError> {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("any") {
        return Ok(None);
    }
    let name = parse_name(trimmed).map_err(|e| InputError::BadCa(e.to_string()))?;
    if name.is_root() || labels(&name).iter().any(|l| *l == b"*") {
        return Err(InputError::BadCa(format!(
            "{trimmed:?} is not an issuer domain name such as digicert.com"
        )));
    }
    Ok(Some(display(&name)))
}

/// The names whose CAA RRset the RFC 8659 search may look at, from `base` up to its
/// top-level domain (the root holds no CAA).
fn caa_search_names(base: &Name) -> Vec<Name> {
    let mut names = Vec::new();
    let mut name = base.clone();
    while name.num_labels() > 0 {
        names.push(name.clone());
        name = parent(&name);
    }
    names
}

fn dcv_name(method: &DcvMethod, order: &OrderName) -> Result<Name, InputError> {
    crate::dns::name::child(&order.base, method.label).ok_or_else(|| InputError::InvalidName {
        input: order.display.clone(),
        detail: format!("it is too long to hold a {} label", method.label),
    })
}

/// Checks every input and plans every lookup of the order.
pub fn prepare(
    names: &[String],
    options: &CheckOptions,
    ca: Option<&str>,
) -> Result<PreparedOrder, InputError> {
    // Each argument is a CA message (`FQDN;STATUS[;ERROR],…`, re-checked then → now) or a
    // list of names.
    let mut inputs: Vec<(String, Option<CaVerdict>)> = Vec::new();
    for text in names {
        match ca_message::parse(text) {
            Some(Ok(verdicts)) => {
                inputs.extend(verdicts.into_iter().map(|v| (v.name.clone(), Some(v))))
            }
            Some(Err(error)) => return Err(InputError::BadCaMessage(error.to_string())),
            None => inputs.extend(split_names(text).into_iter().map(|n| (n.to_string(), None))),
        }
    }
    if inputs.len() > MAX_NAMES {
        return Err(InputError::TooManyNames {
            given: inputs.len(),
            limit: MAX_NAMES,
        });
    }
    let mut order_names: Vec<OrderName> = Vec::new();
    let mut ca_saw: Vec<Option<CaVerdict>> = Vec::new();
    for (input, verdict) in inputs {
        let name = parse_order_name(&input)?;
        match order_names.iter().position(|n| *n == name) {
            Some(i) => {
                if ca_saw[i].is_none() {
                    ca_saw[i] = verdict;
                }
            }
            None => {
                order_names.push(name);
                ca_saw.push(verdict);
            }
        }
    }
    if order_names.is_empty() {
        return Err(InputError::NoNames);
    }
    let ca = ca.map(parse_ca).transpose()?.flatten();
    let mut targets: Vec<Target> = Vec::new();
    let mut add = |name: Name, rtype: RecordType| {
        let target = Target { name, rtype };
        if !targets.contains(&target) {
            targets.push(target);
        }
    };
    for order in &order_names {
        for name in caa_search_names(&order.base) {
            add(name, RecordType::CAA);
        }
        for method in DCV_METHODS {
            add(dcv_name(method, order)?, RecordType::TXT);
        }
    }
    Ok(PreparedOrder {
        check: prepare_settings(options, targets)?,
        names: order_names,
        ca,
        ca_saw,
    })
}

/// Runs the order check to completion; `clock_now` as for [`crate::check::run()`].
pub async fn run<T: HttpTransport>(
    transport: &T,
    order: PreparedOrder,
    clock_now: i64,
) -> OrderDocument {
    run_with(transport, order, clock_now, None).await
}

/// [`run`], sharing the answers of `cache` with the other checks and orders of the run (see
/// [`crate::check::AnswerCache`]); compare mode does not use it.
pub async fn run_cached<T: HttpTransport>(
    transport: &T,
    order: PreparedOrder,
    clock_now: i64,
    cache: &AnswerCache,
) -> OrderDocument {
    run_with(transport, order, clock_now, Some(cache)).await
}

/// [`run`] or [`run_cached`] in one function (one state machine for the JS API).
pub async fn run_with<T: HttpTransport>(
    transport: &T,
    order: PreparedOrder,
    clock_now: i64,
    cache: Option<&AnswerCache>,
) -> OrderDocument {
    let (engine, comparison) = drive_or_compare(transport, &order.check, clock_now, cache).await;
    let mut document = assemble(&engine, &order);
    document.comparison = comparison;
    document
}

/// Builds the order report from a completed engine.
pub fn assemble(engine: &Engine, order: &PreparedOrder) -> OrderDocument {
    // Names of one order share parts of their CAA climbs: judge each lookup once.
    let judged: HashMap<&Target, LookupReport> =
        order.check.targets.iter().zip(engine.results()).collect();
    let report_of = |target: &Target| {
        judged
            .get(target)
            .cloned()
            .unwrap_or_else(|| engine.result_for(target))
    };
    let names: Vec<OrderNameReport> = order
        .names
        .iter()
        .zip(&order.ca_saw)
        .map(|(name, saw)| {
            let mut report = judge_name(engine, order, name, &report_of);
            if let Some(saw) = saw {
                report.then_now = Some(ca_message::then_now(
                    saw,
                    report.status,
                    report.error,
                    &report.reason,
                ));
                report.ca_saw = Some(saw.clone());
            }
            report
        })
        .collect();
    let (queries, round_trips) = engine.stats();
    OrderDocument {
        line: names
            .iter()
            .map(|n| n.line.as_str())
            .collect::<Vec<_>>()
            .join(","),
        status: overall_status(names.iter().map(|n| n.status)),
        ca: order.ca.clone(),
        names,
        resolvers: order.check.resolvers.clone(),
        trust_anchor: engine.trust_anchor_kind().into(),
        now: engine.now(),
        work: engine.work(),
        queries,
        round_trips,
        comparison: None,
    }
}

fn judge_name(
    engine: &Engine,
    order: &PreparedOrder,
    name: &OrderName,
    report_of: &dyn Fn(&Target) -> LookupReport,
) -> OrderNameReport {
    let mut lookups = Vec::new();
    let caa = caa_search(engine, order, name, report_of, &mut lookups);
    for method in DCV_METHODS {
        let Ok(dcv) = dcv_name(method, name) else {
            continue; // prepare() refused such names already
        };
        let target = Target {
            name: dcv,
            rtype: RecordType::TXT,
        };
        lookups.push(LookupReport {
            purpose: Some(method.purpose),
            description: Some(format!(
                "TXT at {}: {}",
                display(&target.name),
                method.description
            )),
            ..report_of(&target)
        });
    }
    // The worst lookup decides; the first of equally bad ones explains.
    let decisive = first_worst(&lookups, |l| l.status);
    let mut report = OrderNameReport {
        name: name.display.clone(),
        line: String::new(),
        // Fail closed: the decisive lookup sets it.
        status: Status::Indeterminate,
        error: None,
        ede: None,
        reason: String::new(),
        fix: None,
        ca_note: None,
        ca_saw: None,
        then_now: None,
        decisive_lookup: decisive,
        caa,
        lookups,
    };
    if let Some(lookup) = decisive.map(|i| &report.lookups[i]) {
        report.status = lookup.status;
        report.error = lookup.error;
        report.ede = lookup.ede;
        report.fix = lookup.fix.clone();
        report.ca_note = lookup.ca_note.clone();
        report.reason = if lookup.status == Status::Secure {
            format!(
                "All {} lookups a CA makes for {} validate.",
                report.lookups.len(),
                name.display
            )
        } else {
            format!("{}: {}", lookup_title(lookup), lookup.reason)
        };
    }
    report.line = digicert_entry(&name.display, report.status, report.error);
    report
}

/// `CAA lookup at example.com`, `TXT lookup at _acme-challenge.example.com`.
fn lookup_title(lookup: &LookupReport) -> String {
    format!("{} lookup at {}", lookup.rtype, lookup.name)
}

/// The RFC 8659 §3 search: climbs from the name until a non-empty CAA RRset, recording each
/// lookup the CA makes; stops early when a lookup does not validate.
fn caa_search(
    engine: &Engine,
    order: &PreparedOrder,
    name: &OrderName,
    report_of: &dyn Fn(&Target) -> LookupReport,
    lookups: &mut Vec<LookupReport>,
) -> CaaReport {
    let mut relevant: Option<Relevant> = None;
    let mut stopped: Option<(String, Status)> = None;
    for search_name in caa_search_names(&name.base) {
        let target = Target {
            name: search_name,
            rtype: RecordType::CAA,
        };
        let report = report_of(&target);
        let at = display(&target.name);
        let status = report.status;
        lookups.push(LookupReport {
            purpose: Some("caa"),
            description: Some(format!("CAA at {at}: RFC 8659 relevant-RRset search")),
            ..report
        });
        if matches!(status, Status::Bogus | Status::Indeterminate) {
            stopped = Some((at, status));
            break;
        }
        // Any record makes the RRset relevant, one we cannot read included (RFC 8659 §3).
        let rrset = engine.answer_rrset(&target);
        if let Some(first) = rrset.first() {
            let mut records: Vec<CaaProperty> = rrset
                .iter()
                .map(|r| CaaProperty::parse(&r.raw_rdata))
                .collect();
            // Resolvers rotate RRsets; the report lists them in a fixed order.
            crate::sort::sort_by(&mut records, |a, b| {
                (&a.tag, &a.value, a.flags).cmp(&(&b.tag, &b.value, b.flags))
            });
            relevant = Some(Relevant {
                at,
                owner: display(&first.name),
                records,
            });
            break;
        }
    }
    let (relevant_name, owner, records) = match relevant {
        Some(r) => (Some(r.at), Some(r.owner), r.records),
        None => (None, None, Vec::new()),
    };
    let policy = CaaPolicy::of(&records);
    let complete = stopped.is_none();
    let identities = order.ca.as_deref().map(ca_identities);
    let ca_may_issue = match (&identities, complete) {
        (Some(ids), true) => Some(policy.permits(ids, name.wildcard)),
        _ => None,
    };
    let summary = match &stopped {
        Some((at, Status::Bogus)) => format!(
            "The CAA search stops at {at}: that lookup is BOGUS, so a DNSSEC-validating CA \
             cannot tell which CAs are allowed and will not issue."
        ),
        Some((at, _)) => format!(
            "The CAA search stops at {at}: that lookup could not be completed, so the CA may \
             refuse to issue (the CA/Browser Forum Baseline Requirements, §3.2.2.8, let it \
             treat a failed lookup as permission only after a retry, and only for a zone \
             without a DNSSEC chain of trust)."
        ),
        None => {
            let conditions = match (&identities, ca_may_issue) {
                (Some(ids), Some(true)) => CaaPolicy::conditions(&records, ids, name.wildcard),
                _ => Vec::new(),
            };
            caa_summary(
                name,
                relevant_name.as_deref().zip(owner.as_deref()),
                &policy,
                order.ca.as_deref().zip(ca_may_issue),
                &conditions,
            )
        }
    };
    CaaReport {
        complete,
        relevant_name,
        owner,
        records,
        policy,
        ca_may_issue,
        summary,
    }
}

/// The relevant CAA RRset: the name the search asked (`at`), the owner of the records (the
/// alias target when `at` is a CNAME) and the records.
struct Relevant {
    at: String,
    owner: String,
    records: Vec<CaaProperty>,
}

fn issuer_list(issuers: Option<&[String]>) -> String {
    match issuers {
        None => "any CA may issue".into(),
        Some([]) => "no CA may issue".into(),
        Some(list) => format!("only {} may issue", list.join(", ")),
    }
}

/// The conclusion of a completed search, with what to change when the chosen CA may not
/// issue. `relevant` is (the name searched, the owner of its records).
fn caa_summary(
    name: &OrderName,
    relevant: Option<(&str, &str)>,
    policy: &CaaPolicy,
    ca: Option<(&str, bool)>,
    conditions: &[String],
) -> String {
    let base = display(&name.base);
    let Some((at, owner)) = relevant else {
        return format!(
            "No CAA records at {base} or above: CAA does not restrict which CA may issue."
        );
    };
    let mut text = if at == owner {
        format!("The relevant CAA records are at {at}: ")
    } else {
        format!("The relevant CAA records are those of {owner}, the alias target of {at}: ")
    };
    text.push_str(&issuer_list(policy.issuers.as_deref()));
    if policy.wildcard_issuers != policy.issuers {
        text.push_str(&format!(
            "; for wildcard names, {}",
            issuer_list(policy.wildcard_issuers.as_deref())
        ));
    }
    text.push('.');
    if !policy.unknown_critical.is_empty() {
        text.push_str(&format!(
            " The critical tag(s) {} forbid issuance by any CA that does not understand them.",
            policy.unknown_critical.join(", ")
        ));
    }
    match ca {
        Some((ca, true)) if conditions.is_empty() => {
            text.push_str(&format!(" {ca} may issue for {}.", name.display));
        }
        Some((ca, true)) => text.push_str(&format!(
            " {ca} may issue for {} on the conditions {} (RFC 8657).",
            name.display,
            conditions.join(", ")
        )),
        Some((ca, false)) if !policy.unknown_critical.is_empty() => text.push_str(&format!(
            " {ca} may not issue for {}: at your DNS host, remove the critical flag (128) \
             from those records of {owner}, or remove them.",
            name.display
        )),
        Some((ca, false)) => {
            let tag = if name.wildcard { "issuewild" } else { "issue" };
            text.push_str(&format!(
                " {ca} may not issue for {}: to allow it, add the record {owner}. CAA 0 {tag} \
                 \"{ca}\" at your DNS host.",
                name.display
            ));
        }
        None => {}
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// One order or check holds at most MAX_NAMES names: a link or a pasted list beyond it
    /// is refused before any question is planned, with a message that says so.
    #[test]
    fn more_names_than_the_limit_are_refused_before_planning() {
        let list = |count: usize| -> Vec<String> {
            vec![(0..count)
                .map(|i| format!("n{i}.example.com"))
                .collect::<Vec<_>>()
                .join(",")]
        };
        assert!(prepare(&list(MAX_NAMES), &CheckOptions::default(), None).is_ok());
        assert!(crate::check::prepare(&list(MAX_NAMES), &CheckOptions::default()).is_ok());
        for count in [MAX_NAMES + 1, 7_000] {
            let expected = InputError::TooManyNames {
                given: count,
                limit: MAX_NAMES,
            };
            let order = prepare(&list(count), &CheckOptions::default(), None);
            assert_eq!(order.err(), Some(expected.clone()));
            let check = crate::check::prepare(&list(count), &CheckOptions::default());
            assert_eq!(check.err(), Some(expected.clone()));
            assert!(expected
                .to_string()
                .contains(&format!("at most {MAX_NAMES}")));
        }
    }

    #[test]
    fn wildcards_start_from_the_base_name() {
        let name = parse_order_name("*.Example.COM").unwrap();
        assert!(name.wildcard);
        assert_eq!(name.display, "*.example.com");
        assert_eq!(display(&name.base), "example.com");
        let name = parse_order_name("https://www.example.com/x").unwrap();
        assert!(!name.wildcard);
        assert_eq!(name.display, "www.example.com");
    }

    #[test]
    fn misplaced_wildcards_and_the_root_are_refused() {
        for bad in ["www.*.example.com", ".", "*", "*.", "a.*"] {
            let error = parse_order_name(bad).unwrap_err();
            assert!(!error.to_string().is_empty(), "{bad}");
        }
    }

    #[test]
    fn plans_the_whole_caa_climb_and_the_dcv_lookups() {
        let order = prepare(
            &names(&["www.example.com, *.example.com"]),
            &CheckOptions::default(),
            Some("DigiCert.com"),
        )
        .unwrap();
        assert_eq!(order.ca.as_deref(), Some("digicert.com"));
        assert_eq!(order.names.len(), 2);
        let planned: Vec<String> = order
            .check
            .targets
            .iter()
            .map(|t| format!("{} {}", display(&t.name), t.rtype))
            .collect();
        assert_eq!(
            planned,
            [
                "www.example.com CAA",
                "example.com CAA",
                "com CAA",
                "_acme-challenge.www.example.com TXT",
                "_dnsauth.www.example.com TXT",
                "_validation-persist.www.example.com TXT",
                // The wildcard shares example.com's climb; its DCV labels sit at the base.
                "_acme-challenge.example.com TXT",
                "_dnsauth.example.com TXT",
                "_validation-persist.example.com TXT",
            ]
        );
    }

    #[test]
    fn bad_ca_and_empty_orders_are_refused() {
        let options = CheckOptions::default();
        assert_eq!(
            prepare(&names(&[" , "]), &options, None).unwrap_err(),
            InputError::NoNames
        );
        assert!(matches!(
            prepare(&names(&["example.com"]), &options, Some("*.digicert.com")),
            Err(InputError::BadCa(_))
        ));
        assert_eq!(parse_ca(" any ").unwrap(), None);
        assert_eq!(parse_ca("").unwrap(), None);
    }

    #[test]
    fn names_too_long_for_a_dcv_label_are_refused() {
        let long = format!(
            "{}.{}.{}.{}.example",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(50)
        );
        let error = prepare(&names(&[&long]), &CheckOptions::default(), None).unwrap_err();
        assert!(error.to_string().contains("_acme-challenge"), "{error}");
    }
}
