//! Runs a check: validates the inputs, then drives the [`Engine`] over an [`HttpTransport`],
//! sending each round's questions concurrently and falling back to the next resolver when one
//! fails at the transport level.

use std::cell::Cell;

use futures_util::future::join_all;
use hickory_proto::rr::{Name, RecordType};

use crate::check::engine::{Engine, Target};
use crate::check::input::{parse_name, parse_type, InputError};
use crate::dnssec::anchor::TrustAnchors;
use crate::dnssec::validate::{Fetched, Question};
use crate::io::doh;
use crate::io::transport::{HttpMethod, HttpTransport};
use crate::limits::{DEFAULT_DEADLINE_MS, MAX_NAMES};
use crate::report::model::{CheckDocument, Comparison, SoaView};

/// Public DoH resolvers that allow browser (CORS) use, tried in this order.
pub const DEFAULT_RESOLVERS: &[&str] = &[
    "https://cloudflare-dns.com/dns-query",
    "https://dns.google/dns-query",
];

/// Default bound on one DoH exchange.
pub const DEFAULT_TIMEOUT_MS: u32 = 5_000;

/// The timeouts we accept for one DoH exchange; others are brought into this range.
pub const MIN_TIMEOUT_MS: u32 = 100;
/// The longest timeout we accept for one DoH exchange, ms (the top of that range).
pub const MAX_TIMEOUT_MS: u32 = 60_000;

/// The longest warning window a caller may set, in days.
pub const MAX_WARN_DAYS: u32 = 3_650;

/// The longest deadline a caller may set for a whole check.
pub const MAX_DEADLINE_MS: u32 = 600_000;

/// What a caller may set; everything is optional.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// DoH resolver URLs, tried in this order; [`DEFAULT_RESOLVERS`] when empty.
    pub resolvers: Vec<String>,
    /// DS or DNSKEY records in zone-file syntax; the IANA root anchors when `None`.
    pub trust_anchor: Option<String>,
    /// Validation time, unix seconds; the current time when `None`.
    pub now: Option<i64>,
    /// Record types, default `A`.
    pub types: Vec<String>,
    /// The bound on one DoH exchange, ms; [`DEFAULT_TIMEOUT_MS`] when `None`.
    pub timeout_ms: Option<u32>,
    /// GET or POST for the DoH requests (RFC 8484 §4.1); GET when `None`.
    pub method: Option<HttpMethod>,
    /// The whole check's deadline, ms; [`DEFAULT_DEADLINE_MS`] when `None`.
    pub deadline_ms: Option<u32>,
    /// Run the check through every resolver on its own and compare ([`crate::check::compare`]).
    pub compare: bool,
    /// Warn about signatures expiring within this many days (default 7).
    pub warn_days: Option<u32>,
}

/// A validated request, ready to run.
#[derive(Clone, Debug)]
pub struct PreparedCheck {
    /// The lookups to judge, each name and type once.
    pub targets: Vec<Target>,
    /// The trust anchors the chains must reach.
    pub anchors: TrustAnchors,
    /// DoH resolver URLs, checked, tried in this order.
    pub resolvers: Vec<String>,
    /// Validation time, unix seconds; when `None`, the current time given to [`run`].
    pub now: Option<i64>,
    /// The bound on one DoH exchange, ms, within [`MIN_TIMEOUT_MS`]..=[`MAX_TIMEOUT_MS`].
    pub timeout_ms: u32,
    /// GET or POST for the DoH requests (RFC 8484 §4.1).
    pub method: HttpMethod,
    /// The whole check's deadline, ms.
    pub deadline_ms: u32,
    /// Compare the resolvers instead of falling back from one to the next.
    pub compare: bool,
    /// Warn about signatures expiring within this many days.
    pub warn_days: u32,
}

/// Checks every input; the first problem is returned as a clear [`InputError`].
pub fn prepare(names: &[String], options: &CheckOptions) -> Result<PreparedCheck, InputError> {
    let names: Vec<&str> = names
        .iter()
        .flat_map(|n| crate::check::input::split_names(n))
        .collect();
    if names.is_empty() {
        return Err(InputError::NoNames);
    }
    if names.len() > MAX_NAMES {
        return Err(InputError::TooManyNames {
            given: names.len(),
            limit: MAX_NAMES,
        });
    }
    let types = if options.types.is_empty() {
        vec!["A".to_string()]
    } else {
        options.types.clone()
    };
    let types = types
        .iter()
        .map(|t| parse_type(t))
        .collect::<Result<Vec<_>, _>>()?;
    let mut targets = Vec::new();
    for name in names {
        let name = parse_name(name)?;
        for rtype in &types {
            let target = Target {
                name: name.clone(),
                rtype: *rtype,
            };
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
    }
    prepare_settings(options, targets)
}

/// The settings every kind of check shares (trust anchors, resolvers, clock, timeout, method),
/// around the given targets.
pub fn prepare_settings(
    options: &CheckOptions,
    targets: Vec<Target>,
) -> Result<PreparedCheck, InputError> {
    let anchors = match &options.trust_anchor {
        Some(text) if !text.trim().is_empty() => {
            TrustAnchors::parse(text).map_err(|e| InputError::BadTrustAnchor(e.to_string()))?
        }
        _ => TrustAnchors::iana_root(),
    };
    let resolvers: Vec<String> = if options.resolvers.is_empty() {
        DEFAULT_RESOLVERS.iter().map(|s| s.to_string()).collect()
    } else {
        options
            .resolvers
            .iter()
            .map(|s| s.trim().to_string())
            .collect()
    };
    for url in &resolvers {
        doh::validate_resolver_url(url).map_err(InputError::BadResolver)?;
    }
    Ok(PreparedCheck {
        targets,
        anchors,
        resolvers,
        now: options.now,
        timeout_ms: options
            .timeout_ms
            .unwrap_or(DEFAULT_TIMEOUT_MS)
            .clamp(MIN_TIMEOUT_MS, MAX_TIMEOUT_MS),
        method: options.method.unwrap_or(HttpMethod::Get),
        deadline_ms: options
            .deadline_ms
            .unwrap_or(DEFAULT_DEADLINE_MS)
            .clamp(MIN_TIMEOUT_MS, MAX_DEADLINE_MS),
        compare: options.compare,
        warn_days: options
            .warn_days
            .unwrap_or(crate::report::warnings::DEFAULT_WARN_DAYS)
            .min(MAX_WARN_DAYS),
    })
}

/// Asks one question, trying the resolvers in order from the first one not yet seen failing.
/// A transport failure moves on to the next resolver for good; a SERVFAIL (the servers behind
/// the resolver failed) is retried with the next resolver for this question only, and is the
/// answer when every resolver gives it. Each exchange ends by `deadline_at`.
async fn ask<T: HttpTransport>(
    transport: &T,
    check: &PreparedCheck,
    healthy_from: &Cell<usize>,
    question: &Question,
    deadline_at: f64,
) -> Fetched {
    let mut last_error = String::from("no resolver configured");
    let mut servfail = None;
    let start = healthy_from
        .get()
        .min(check.resolvers.len().saturating_sub(1));
    for (index, url) in check.resolvers.iter().enumerate().skip(start) {
        let remaining = deadline_at - crate::dns::time::monotonic_ms();
        if remaining < 1.0 {
            last_error = "the check's deadline passed".into();
            break;
        }
        let timeout_ms = (check.timeout_ms as f64).min(remaining) as u32;
        let request = doh::request(url, check.method, question);
        let outcome = match transport.send(request, timeout_ms.max(1)).await {
            Ok(response) => doh::read_response(&response),
            Err(error) => Err(error.to_string()),
        };
        match outcome {
            Ok(message) if message.rcode == 2 && index + 1 < check.resolvers.len() => {
                servfail = Some(message);
            }
            Ok(message) => return Fetched::Answer(message),
            Err(error) => {
                last_error = if check.resolvers.len() > 1 {
                    format!("{error} ({url})")
                } else {
                    error
                };
                if index + 1 < check.resolvers.len() && healthy_from.get() <= index {
                    healthy_from.set(index + 1);
                }
            }
        }
    }
    match servfail {
        Some(message) => Fetched::Answer(message),
        None => Fetched::Failed(last_error),
    }
}

/// Asks one question of one resolver, unvalidated (what [`crate::check::compare`] needs for SOA
/// serials), within the check's timeout.
pub async fn ask_one<T: HttpTransport>(
    transport: &T,
    check: &PreparedCheck,
    url: &str,
    question: &Question,
) -> Fetched {
    let request = doh::request(url, check.method, question);
    match transport.send(request, check.timeout_ms).await {
        Ok(response) => match doh::read_response(&response) {
            Ok(message) => Fetched::Answer(message),
            Err(error) => Fetched::Failed(error),
        },
        Err(error) => Fetched::Failed(error.to_string()),
    }
}

/// Runs the check to completion. `clock_now` is the current unix time, used unless the
/// request fixes `now`. In compare mode the document is the first resolver's, with the
/// comparison of all of them.
pub async fn run<T: HttpTransport>(
    transport: &T,
    check: PreparedCheck,
    clock_now: i64,
) -> CheckDocument {
    if check.compare {
        let (engines, comparison) = run_compare(transport, &check, clock_now).await;
        if let Some(first) = engines.first() {
            let mut document = first.document(check.resolvers.clone());
            document.comparison = Some(comparison);
            return document;
        }
    }
    drive(transport, &check, clock_now)
        .await
        .document(check.resolvers.clone())
}

/// Sends the engine's questions, round after round, until it has everything it needs or the
/// check's deadline passes; returns the engine, ready for its reports.
pub async fn drive<T: HttpTransport>(
    transport: &T,
    check: &PreparedCheck,
    clock_now: i64,
) -> Engine {
    let now = check.now.unwrap_or(clock_now).max(0) as u64;
    let mut engine = Engine::new(check.targets.clone(), check.anchors.clone(), now);
    engine.set_warn_days(check.warn_days);
    let healthy_from = Cell::new(0);
    let deadline_at = crate::dns::time::monotonic_ms() + f64::from(check.deadline_ms);
    loop {
        if crate::dns::time::monotonic_ms() >= deadline_at {
            engine.stop(format!(
                "the check's deadline of {} ms passed",
                check.deadline_ms
            ));
            break;
        }
        let batch = engine.next_questions();
        if batch.is_empty() {
            break;
        }
        let answers = join_all(
            batch
                .iter()
                .map(|q| ask(transport, check, &healthy_from, q, deadline_at)),
        )
        .await;
        for (question, fetched) in batch.into_iter().zip(answers) {
            engine.deliver(question, fetched);
        }
    }
    engine
}

/// Runs `check` through each of its resolvers on its own, concurrently; returns each
/// resolver's engine (for the documents) and the comparison. The SOA of each target name's
/// zone is asked once per resolver (not validated: serials are only compared).
pub async fn run_compare<T: HttpTransport>(
    transport: &T,
    check: &PreparedCheck,
    clock_now: i64,
) -> (Vec<Engine>, Comparison) {
    let runs = check.resolvers.iter().map(|resolver| {
        let mut single = check.clone();
        single.resolvers = vec![resolver.clone()];
        async move {
            let engine = drive(transport, &single, clock_now).await;
            let mut names: Vec<Name> = Vec::new();
            for target in &single.targets {
                if !names.contains(&target.name) {
                    names.push(target.name.clone());
                }
            }
            let questions: Vec<Question> = names
                .iter()
                .map(|name| Question::new(name, RecordType::SOA))
                .collect();
            let soa = join_all(
                questions
                    .iter()
                    .map(|question| ask_one(transport, &single, resolver, question)),
            )
            .await;
            let soa: Vec<SoaView> = soa
                .iter()
                .filter_map(|fetched| match fetched {
                    Fetched::Answer(message) => crate::check::compare::soa_in(message),
                    Fetched::Failed(_) => None,
                })
                .collect();
            (engine, soa)
        }
    });
    let outcomes = join_all(runs).await;
    let mut views = Vec::new();
    let mut engines = Vec::new();
    for ((engine, soa), resolver) in outcomes.into_iter().zip(&check.resolvers) {
        views.push(crate::check::compare::view_of(
            resolver,
            &engine.results(),
            soa,
            engine.stats().0,
        ));
        engines.push(engine);
    }
    // Caches let go at the real time plus the TTL left, whatever validation time was set.
    let clock = clock_now.max(0) as u64;
    (engines, crate::check::compare::compare(views, clock))
}
