//! Runs a check: validates the inputs, then drives the [`Engine`] over an [`HttpTransport`],
//! sending each round's questions concurrently and falling back to the next resolver when one
//! fails at the transport level.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use futures_channel::oneshot;
use futures_util::future::join_all;
use hickory_proto::rr::{Name, RecordType};

use crate::check::engine::{Engine, Prefetch, Target};
use crate::check::input::{parse_name, parse_type, InputError};
use crate::dns::wire::WireMessage;
use crate::dnssec::anchor::TrustAnchors;
use crate::dnssec::validate::{Fetched, Question};
use crate::dnssec::work::SharedVerdicts;
use crate::io::doh;
use crate::io::transport::{HttpMethod, HttpTransport};
use crate::limits::{DEFAULT_DEADLINE_MS, MAX_CACHED_ANSWERS, MAX_NAMES};
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
///
/// With a `cache`, a fresh cached answer is used instead, and a question another check of the
/// run is already asking waits for that answer; the flag says whether this call sent the
/// question itself (what the check's `queries` counts).
async fn ask<T: HttpTransport>(
    transport: &T,
    check: &PreparedCheck,
    healthy_from: &Cell<usize>,
    question: &Question,
    deadline_at: f64,
    cache: Option<&AnswerCache>,
) -> (Fetched, bool) {
    let Some(cache) = cache else {
        return (
            ask_resolvers(transport, check, healthy_from, question, deadline_at).await,
            true,
        );
    };
    match cache.lookup(question) {
        CacheLookup::Hit(message) => return (Fetched::Answer(message), false),
        CacheLookup::Wait(receiver) => {
            // Another check's exchange for the same question: its answer, unless it failed.
            if let Ok(Fetched::Answer(message)) = receiver.await {
                return (Fetched::Answer(message), false);
            }
        }
        CacheLookup::Miss => {}
    }
    let guard = cache.begin(question);
    let fetched = ask_resolvers(transport, check, healthy_from, question, deadline_at).await;
    guard.complete(&fetched);
    (fetched, true)
}

/// [`ask`] without a cache: the resolvers, in order.
async fn ask_resolvers<T: HttpTransport>(
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
        match exchange(transport, check.method, url, question, timeout_ms.max(1)).await {
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
    match exchange(transport, check.method, url, question, check.timeout_ms).await {
        Ok(message) => Fetched::Answer(message),
        Err(error) => Fetched::Failed(error),
    }
}

/// One DoH exchange (RFC 8484): the request for `question`, the response read back, or why not.
async fn exchange<T: HttpTransport>(
    transport: &T,
    method: HttpMethod,
    url: &str,
    question: &Question,
    timeout_ms: u32,
) -> Result<WireMessage, String> {
    let request = doh::request(url, method, question);
    match transport.send(request, timeout_ms).await {
        Ok(response) => doh::read_response(&response),
        Err(error) => Err(error.to_string()),
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
    run_with(transport, check, clock_now, None).await
}

/// [`run`], sharing the answers of `cache` with the other checks of the run (one batch of the
/// CLI). Compare mode asks every resolver on its own and does not use the cache.
pub async fn run_cached<T: HttpTransport>(
    transport: &T,
    check: PreparedCheck,
    clock_now: i64,
    cache: &AnswerCache,
) -> CheckDocument {
    run_with(transport, check, clock_now, Some(cache)).await
}

/// [`run`] or [`run_cached`]: one function for both, so that a caller choosing at run time
/// (the JS API) holds one copy of the check's state machine.
pub async fn run_with<T: HttpTransport>(
    transport: &T,
    check: PreparedCheck,
    clock_now: i64,
    cache: Option<&AnswerCache>,
) -> CheckDocument {
    let (engine, comparison) = drive_or_compare(transport, &check, clock_now, cache).await;
    let mut document = engine.document(check.resolvers.clone());
    document.comparison = comparison;
    document
}

/// The engine whose answers a run reports: [`drive`]n with `cache`, or in compare mode the
/// first resolver's of [`run_compare`] (which uses no cache), with the comparison.
pub async fn drive_or_compare<T: HttpTransport>(
    transport: &T,
    check: &PreparedCheck,
    clock_now: i64,
    cache: Option<&AnswerCache>,
) -> (Engine, Option<Comparison>) {
    if check.compare {
        let (mut engines, comparison) = run_compare(transport, check, clock_now).await;
        if !engines.is_empty() {
            return (engines.swap_remove(0), Some(comparison));
        }
        return (drive(transport, check, clock_now, None).await, None);
    }
    (drive(transport, check, clock_now, cache).await, None)
}

/// Sends the engine's questions, round after round, until it has everything it needs or the
/// check's deadline passes; returns the engine, ready for its reports. With a `cache` (see
/// [`AnswerCache`]), answers other checks of the run fetched are reused and not counted as
/// this check's queries, and only the ancestors' DS and DNSKEY are asked ahead of need
/// ([`Prefetch::Ancestors`]).
pub async fn drive<T: HttpTransport>(
    transport: &T,
    check: &PreparedCheck,
    clock_now: i64,
    cache: Option<&AnswerCache>,
) -> Engine {
    let now = check.now.unwrap_or(clock_now).max(0) as u64;
    let mut engine = Engine::new(check.targets.clone(), check.anchors.clone(), now);
    engine.set_warn_days(check.warn_days);
    if let Some(cache) = cache {
        // The checks of a run share their ancestors' answers: ask each name's own DS, DNSKEY
        // and CDS only when it turns out to be a zone.
        engine.set_prefetch(Prefetch::Ancestors);
        engine.share_verdicts(cache.verdicts());
    }
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
                .map(|q| ask(transport, check, &healthy_from, q, deadline_at, cache)),
        )
        .await;
        let mut sent_any = false;
        for (question, (fetched, sent)) in batch.into_iter().zip(answers) {
            if sent {
                sent_any = true;
                engine.deliver(question, fetched);
            } else {
                engine.deliver_unsent(question, fetched);
            }
        }
        if !sent_any {
            engine.note_round_unsent();
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
            let engine = drive(transport, &single, clock_now, None).await;
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

/// The longest a cached answer is kept, seconds, whatever its TTL.
pub const MAX_CACHE_TTL: u32 = 3_600;

/// How long an answer may be reused, seconds, or `None` when it must not be cached: a
/// positive answer for its records' lowest TTL; a negative one (NXDOMAIN, or NOERROR without
/// records) for the lower of its SOA's TTL and MINIMUM field (RFC 2308 §5), and of its denial
/// records' TTLs; never more than [`MAX_CACHE_TTL`]. Other RCODEs (SERVFAIL, REFUSED, …), a
/// negative answer without SOA and a TTL of 0 are not cached.
pub fn cache_ttl(message: &WireMessage) -> Option<u32> {
    use hickory_proto::rr::RData;
    let ttl = match message.rcode {
        0 if !message.answers.is_empty() => message
            .answers
            .iter()
            .chain(&message.authorities)
            .map(|r| r.ttl)
            .min()?,
        0 | 3 => {
            let soa_minimum = message
                .authorities
                .iter()
                .filter_map(|r| match &r.data {
                    Some(RData::SOA(soa)) => Some(r.ttl.min(soa.minimum)),
                    _ => None,
                })
                .min()?;
            message
                .authorities
                .iter()
                .map(|r| r.ttl)
                .fold(soa_minimum, u32::min)
        }
        _ => return None,
    };
    (ttl > 0).then_some(ttl.min(MAX_CACHE_TTL))
}

/// One run's answers, shared by all of its checks (the CLI's `--input` batches), so the root
/// and each top-level domain are fetched once per run instead of once per name. An answer is
/// kept for [`cache_ttl`] seconds and served with its TTLs lowered by the time it spent here;
/// failures are not kept. A question that a check is already asking is not asked again: the
/// others wait for that answer. For the single-threaded driver (interior mutability, no locks).
///
/// It also keeps the run's signature verdicts ([`SharedVerdicts`]), so each zone's keys are
/// verified once per run too. At most [`MAX_CACHED_ANSWERS`] answers are kept.
#[derive(Default)]
pub struct AnswerCache {
    inner: RefCell<CacheInner>,
    verdicts: SharedVerdicts,
}

#[derive(Default)]
struct CacheInner {
    /// Answer, when it was stored (ms, [`crate::dns::time::monotonic_ms`]), seconds to keep.
    entries: HashMap<Question, (WireMessage, f64, u32)>,
    /// Questions being asked, with the checks waiting for their answer.
    in_flight: HashMap<Question, Vec<oneshot::Sender<Fetched>>>,
    /// No kept answer expires before this time (ms): a full cache looks for expired answers
    /// only from then on, not at every store.
    no_expiry_before_ms: f64,
}

/// What the cache has for a question.
enum CacheLookup {
    Hit(WireMessage),
    Wait(oneshot::Receiver<Fetched>),
    Miss,
}

impl AnswerCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many answers are kept (expired ones included until they are asked for again).
    pub fn len(&self) -> usize {
        self.inner.borrow().entries.len()
    }

    /// Whether no answer is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keeps `message`, the answer to `question`, if [`cache_ttl`] allows; `now_ms` on the
    /// [`crate::dns::time::monotonic_ms`] clock.
    pub fn store_at(&self, question: &Question, message: &WireMessage, now_ms: f64) {
        let Some(ttl) = cache_ttl(message) else {
            return;
        };
        let expires_ms = |stored: f64, ttl: u32| stored + f64::from(ttl) * 1000.0;
        let mut inner = self.inner.borrow_mut();
        if inner.entries.len() >= MAX_CACHED_ANSWERS && now_ms >= inner.no_expiry_before_ms {
            inner
                .entries
                .retain(|_, (_, stored, ttl)| now_ms < expires_ms(*stored, *ttl));
            inner.no_expiry_before_ms = inner
                .entries
                .values()
                .map(|(_, stored, ttl)| expires_ms(*stored, *ttl))
                .fold(f64::INFINITY, f64::min);
        }
        if inner.entries.len() < MAX_CACHED_ANSWERS || inner.entries.contains_key(question) {
            inner.no_expiry_before_ms = inner.no_expiry_before_ms.min(expires_ms(now_ms, ttl));
            inner
                .entries
                .insert(question.clone(), (message.clone(), now_ms, ttl));
        }
    }

    /// The run's signature verdicts, for its checks' engines.
    pub fn verdicts(&self) -> SharedVerdicts {
        self.verdicts.clone()
    }

    /// The kept answer to `question` at `now_ms`, its TTLs lowered by the seconds it was
    /// kept, or `None` (never kept, or expired: then it is dropped).
    pub fn get_at(&self, question: &Question, now_ms: f64) -> Option<WireMessage> {
        let mut inner = self.inner.borrow_mut();
        let (message, stored, ttl) = inner.entries.get(question)?;
        let age = ((now_ms - stored).max(0.0) / 1000.0) as u32;
        if age >= *ttl {
            inner.entries.remove(question);
            return None;
        }
        let mut message = message.clone();
        for record in message.answers.iter_mut().chain(&mut message.authorities) {
            record.ttl = record.ttl.saturating_sub(age);
        }
        Some(message)
    }

    fn lookup(&self, question: &Question) -> CacheLookup {
        if let Some(message) = self.get_at(question, crate::dns::time::monotonic_ms()) {
            return CacheLookup::Hit(message);
        }
        let mut inner = self.inner.borrow_mut();
        match inner.in_flight.get_mut(question) {
            Some(waiting) => {
                let (sender, receiver) = oneshot::channel();
                waiting.push(sender);
                CacheLookup::Wait(receiver)
            }
            None => CacheLookup::Miss,
        }
    }

    /// Marks `question` as being asked; the guard hands the answer to those who wait for it
    /// (and, if dropped unfinished, lets them ask themselves).
    fn begin(&self, question: &Question) -> InFlight<'_> {
        self.inner
            .borrow_mut()
            .in_flight
            .entry(question.clone())
            .or_default();
        InFlight {
            cache: self,
            question: question.clone(),
        }
    }
}

/// A question being asked for the whole run (see [`AnswerCache::begin`]).
struct InFlight<'a> {
    cache: &'a AnswerCache,
    question: Question,
}

impl InFlight<'_> {
    fn complete(self, fetched: &Fetched) {
        if let Fetched::Answer(message) = fetched {
            self.cache
                .store_at(&self.question, message, crate::dns::time::monotonic_ms());
        }
        let waiting = self
            .cache
            .inner
            .borrow_mut()
            .in_flight
            .remove(&self.question)
            .unwrap_or_default();
        for sender in waiting {
            let _ = sender.send(fetched.clone());
        }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        // Unfinished (or finished: then already removed): the waiters' senders drop, and
        // they ask for themselves.
        if let Ok(mut inner) = self.cache.inner.try_borrow_mut() {
            inner.in_flight.remove(&self.question);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::wire::WireRecord;
    use hickory_proto::rr::rdata::SOA;
    use hickory_proto::rr::RData;

    fn record(owner: &str, rtype: RecordType, ttl: u32, data: Option<RData>) -> WireRecord {
        WireRecord {
            name: Name::from_ascii(owner).unwrap(),
            rtype,
            class: 1,
            ttl,
            raw_rdata: Vec::new(),
            data,
        }
    }

    fn soa(ttl: u32, minimum: u32) -> WireRecord {
        let name = Name::from_ascii("lab.").unwrap();
        let data = SOA::new(name.clone(), name, 1, 3600, 600, 86400, minimum);
        record("lab.", RecordType::SOA, ttl, Some(RData::SOA(data)))
    }

    fn message(rcode: u16, answers: Vec<WireRecord>, authorities: Vec<WireRecord>) -> WireMessage {
        WireMessage {
            id: 0,
            is_response: true,
            truncated: false,
            authoritative: false,
            recursion_available: true,
            rcode,
            question: None,
            answers,
            authorities,
            size: 0,
        }
    }

    #[test]
    fn the_cache_keeps_at_most_its_limit_and_makes_room_from_expired_answers() {
        let cache = AnswerCache::new();
        let short = message(0, vec![record("lab.", RecordType::A, 10, None)], vec![]);
        let long = message(0, vec![record("lab.", RecordType::A, 3_000, None)], vec![]);
        let question = |i: usize| {
            Question::new(
                &Name::from_ascii(format!("n{i}.lab.")).unwrap(),
                RecordType::A,
            )
        };
        for i in 0..MAX_CACHED_ANSWERS {
            cache.store_at(&question(i), if i % 2 == 0 { &short } else { &long }, 0.0);
        }
        assert_eq!(cache.len(), MAX_CACHED_ANSWERS);
        // Full, nothing expired: a new answer is not kept, a kept one is refreshed.
        cache.store_at(&question(MAX_CACHED_ANSWERS), &long, 5_000.0);
        assert_eq!(cache.len(), MAX_CACHED_ANSWERS);
        assert!(cache
            .get_at(&question(MAX_CACHED_ANSWERS), 5_000.0)
            .is_none());
        cache.store_at(&question(0), &long, 5_000.0);
        assert!(cache.get_at(&question(0), 20_000.0).is_some());
        // Once the short ones expired, storing drops them and keeps the new answer.
        cache.store_at(&question(MAX_CACHED_ANSWERS), &long, 10_000.0);
        assert_eq!(cache.len(), MAX_CACHED_ANSWERS / 2 + 2); // the long ones, n0 and the new one
        assert!(cache
            .get_at(&question(MAX_CACHED_ANSWERS), 10_000.0)
            .is_some());
        assert!(cache.get_at(&question(1), 10_000.0).is_some());
        assert!(cache.get_at(&question(2), 10_000.0).is_none());
    }

    #[test]
    fn answers_are_kept_for_their_lowest_ttl_and_at_most_an_hour() {
        let positive = message(
            0,
            vec![
                record("www.lab.", RecordType::A, 300, None),
                record("www.lab.", RecordType::RRSIG, 120, None),
            ],
            vec![],
        );
        assert_eq!(cache_ttl(&positive), Some(120));
        let long = message(
            0,
            vec![record("lab.", RecordType::DNSKEY, 86_400, None)],
            vec![],
        );
        assert_eq!(cache_ttl(&long), Some(MAX_CACHE_TTL));
        let zero = message(0, vec![record("lab.", RecordType::DNSKEY, 0, None)], vec![]);
        assert_eq!(cache_ttl(&zero), None);
    }

    #[test]
    fn negative_answers_are_kept_for_the_soa_minimum_or_ttl_rfc_2308() {
        // NXDOMAIN: the lower of the SOA's TTL and MINIMUM.
        assert_eq!(cache_ttl(&message(3, vec![], vec![soa(900, 60)])), Some(60));
        assert_eq!(cache_ttl(&message(3, vec![], vec![soa(30, 600)])), Some(30));
        // NODATA, with an NSEC of a lower TTL beside the SOA.
        let nodata = message(
            0,
            vec![],
            vec![
                soa(900, 600),
                record("www.lab.", RecordType::NSEC, 200, None),
            ],
        );
        assert_eq!(cache_ttl(&nodata), Some(200));
        // At most an hour; no SOA, no caching.
        assert_eq!(
            cache_ttl(&message(3, vec![], vec![soa(86_400, 86_400)])),
            Some(MAX_CACHE_TTL)
        );
        assert_eq!(cache_ttl(&message(3, vec![], vec![])), None);
    }

    #[test]
    fn failures_are_not_kept() {
        for rcode in [2, 5, 1] {
            let answer = message(rcode, vec![], vec![soa(900, 600)]);
            assert_eq!(cache_ttl(&answer), None, "rcode {rcode}");
        }
    }

    #[test]
    fn a_kept_answer_ages_and_expires() {
        let cache = AnswerCache::new();
        let question = Question::new(&Name::from_ascii("lab.").unwrap(), RecordType::DNSKEY);
        let answer = message(
            0,
            vec![record("lab.", RecordType::DNSKEY, 100, None)],
            vec![],
        );
        cache.store_at(&question, &answer, 1_000.0);
        let later = cache.get_at(&question, 31_000.0).unwrap();
        assert_eq!(later.answers[0].ttl, 70);
        assert!(cache.get_at(&question, 101_000.0).is_none());
        assert!(cache.is_empty());
        // A SERVFAIL is never stored.
        cache.store_at(&question, &message(2, vec![], vec![]), 1_000.0);
        assert!(cache.is_empty());
    }
}
