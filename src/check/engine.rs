//! The planner, sans IO: it decides which DNS questions to send and, once the answers are in,
//! hands them to the validator ([`crate::dnssec::validate::follow_chain`]) and the report
//! ([`crate::report::assemble`]). It never touches the network or the clock.
//!
//! The contract, as sans-IO protocol crates state it:
//!
//! - [`Engine::next_questions`] returns the next batch, to be asked concurrently; call it
//!   again after every answer of the batch was [`Engine::deliver`]ed. An empty batch means the
//!   check is complete, or a limit of [`crate::limits`] (or [`Engine::stop`], e.g. a deadline)
//!   ended it. No question is returned twice.
//! - [`Engine::deliver`] takes the answer, or the transport's failure, for a question of a
//!   batch (answers to questions never asked are harmless but unused).
//! - [`Engine::results`] and [`Engine::document`] may be called at any time; after the last
//!   empty batch they are final. A lookup whose answers never arrived is INDETERMINATE with the
//!   limit that stopped it, never SECURE.
//!
//! The driving loop ([`crate::check::drive`] does this over an `HttpTransport`):
//!
//! ```text
//! let mut engine = Engine::new(targets, anchors, now);
//! loop {
//!     let batch = engine.next_questions();
//!     if batch.is_empty() { break }
//!     for (question, answer) in ask_all_concurrently(batch) { engine.deliver(question, answer) }
//! }
//! let document = engine.document(resolvers);
//! ```
//!
//! Each round the validator runs over everything fetched so far; the questions it is missing,
//! plus a prefetch of DS, DNSKEY (and CDS) at every label of those names below the trust
//! anchor, form the next batch, so a typical name takes one round trip.

use std::collections::{HashMap, HashSet};

use hickory_proto::rr::{Name, RecordType};

use crate::dns::name::{labels, names_equal, suffix};
use crate::dns::wire::WireRecord;
use crate::dnssec::anchor::TrustAnchors;
use crate::dnssec::validate::{follow_chain, Context, Fetched, Question};
use crate::dnssec::work::{SharedVerdicts, Work};
use crate::limits::{MAX_QUESTIONS_PER_CHECK, MAX_QUESTIONS_PER_TARGET, MAX_ROUNDS};
use crate::report::assemble::{self, digicert_entry, digicert_line};
use crate::report::model::{overall_status, CheckDocument, LookupReport, WorkCounts};
use crate::report::warnings::Window;

/// A lookup to judge: one name and type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    /// The name to look up, where any CNAME or DNAME chain starts.
    pub name: Name,
    /// The record type looked up.
    pub rtype: RecordType,
}

/// Which DS, DNSKEY and CDS questions the planner asks ahead of need, beside a question about
/// a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Prefetch {
    /// At every label from the trust anchor down to the name itself: a name that is its own
    /// zone apex needs no second round, so a typical check takes one round trip. The default.
    #[default]
    EveryLabel,
    /// At the name's ancestors only. For checks that share an answer cache (many names): the
    /// ancestors' answers are mostly in the cache already, and most names of a list are not
    /// zone apexes, so their own DS, DNSKEY and CDS would be three wasted questions each. A
    /// name that turns out to be signed by its own zone (the validator then misses its DS and
    /// DNSKEY) takes a second round. The verdict is the same either way.
    Ancestors,
}

/// The planner's state for one check.
pub struct Engine {
    targets: Vec<Target>,
    anchors: TrustAnchors,
    now: u64,
    answers: HashMap<Question, Fetched>,
    asked: HashSet<Question>,
    rounds: u32,
    /// Memoised, counted cryptography, shared by every round and report of the check.
    work: Work,
    /// Questions planned for each target (its own, its chain's, its alias links').
    planned_per_target: Vec<usize>,
    /// Why planning stopped early for a target (its own limit) or for all (`stopped`).
    limited: Vec<Option<String>>,
    stopped: Option<String>,
    warn_days: u32,
    /// Questions answered without being sent (from the run's cache).
    unsent: u32,
    /// Rounds in which nothing was sent.
    unsent_rounds: u32,
    prefetch: Prefetch,
}

impl Engine {
    /// A planner for `targets`, validating against `anchors` as of `now` (unix seconds);
    /// nothing is asked yet.
    pub fn new(targets: Vec<Target>, anchors: TrustAnchors, now: u64) -> Self {
        let count = targets.len();
        Engine {
            targets,
            anchors,
            now,
            answers: HashMap::new(),
            asked: HashSet::new(),
            rounds: 0,
            work: Work::default(),
            planned_per_target: vec![0; count],
            limited: vec![None; count],
            stopped: None,
            warn_days: crate::report::warnings::DEFAULT_WARN_DAYS,
            unsent: 0,
            unsent_rounds: 0,
            prefetch: Prefetch::default(),
        }
    }

    fn context(&self) -> Context<'_> {
        Context::new(&self.answers, &self.anchors, &self.work, self.now as u32)
    }

    /// The next batch of questions, to be sent concurrently; empty when the check is complete
    /// or a limit of [`crate::limits`] stopped it (the lookups left unjudged then say which).
    ///
    /// Each target is judged on what has been fetched; the questions its validation is
    /// missing, plus a prefetch of DS and DNSKEY at every label of those names below the
    /// trust anchor, form the batch. Only the alias chain the validator follows is ever asked
    /// about (never every CNAME a resolver puts in an answer), each target adds at most
    /// [`MAX_QUESTIONS_PER_TARGET`] questions, a check at most [`MAX_QUESTIONS_PER_CHECK`] in
    /// at most [`MAX_ROUNDS`] rounds.
    pub fn next_questions(&mut self) -> Vec<Question> {
        if self.stopped.is_some() {
            return Vec::new();
        }
        let mut wanted_per_target: Vec<Vec<Question>> = Vec::with_capacity(self.targets.len());
        for (index, target) in self.targets.iter().enumerate() {
            if self.limited[index].is_some() {
                wanted_per_target.push(Vec::new());
                continue;
            }
            let ctx = self.context();
            let _ = follow_chain(&ctx, &target.name, target.rtype);
            let missing = ctx.missing();
            let mut wanted: Vec<Question> = Vec::new();
            for question in &missing {
                wanted.push(question.clone());
                // Prefetch the chain of trust of every name we are about to ask about, so the
                // walk down the tree needs no extra round.
                if question.rtype != RecordType::DS && question.rtype != RecordType::DNSKEY {
                    wanted.extend(self.chain_questions(&question.name));
                } else {
                    // A zone found without prefetch (Prefetch::Ancestors): the rest of its
                    // link in the same round.
                    wanted.extend(self.zone_questions(&question.name));
                }
            }
            wanted_per_target.push(wanted);
        }
        let mut batch: Vec<Question> = Vec::new();
        let mut in_batch: HashSet<Question> = HashSet::new();
        for (index, wanted) in wanted_per_target.into_iter().enumerate() {
            for question in wanted {
                if self.asked.contains(&question) || in_batch.contains(&question) {
                    continue;
                }
                if self.planned_per_target[index] >= MAX_QUESTIONS_PER_TARGET {
                    self.limited[index] = Some(format!(
                        "it needed more than {MAX_QUESTIONS_PER_TARGET} DNS questions (a resolver that keeps sending new names to follow, or a very long alias chain)"
                    ));
                    break;
                }
                if self.asked.len() + batch.len() >= MAX_QUESTIONS_PER_CHECK {
                    self.stopped = Some(format!(
                        "the check reached its limit of {MAX_QUESTIONS_PER_CHECK} DNS questions"
                    ));
                    break;
                }
                self.planned_per_target[index] += 1;
                in_batch.insert(question.clone());
                batch.push(question);
            }
        }
        if batch.is_empty() {
            return batch;
        }
        if self.rounds >= MAX_ROUNDS {
            self.stopped = Some(format!(
                "the check reached its limit of {MAX_ROUNDS} rounds of queries"
            ));
            return Vec::new();
        }
        crate::sort::sort(&mut batch);
        self.rounds += 1;
        self.asked.extend(batch.iter().cloned());
        batch
    }

    /// Which questions are asked ahead of need (default [`Prefetch::EveryLabel`]).
    pub fn set_prefetch(&mut self, prefetch: Prefetch) {
        self.prefetch = prefetch;
    }

    /// Verdicts of signatures other checks of the run verified are taken from `shared`, and
    /// this check's are added to it.
    pub fn share_verdicts(&mut self, shared: SharedVerdicts) {
        self.work.share(shared);
    }

    /// Signatures expiring within `days` are warned about (default 7).
    pub fn set_warn_days(&mut self, days: u32) {
        self.warn_days = days;
    }

    fn window(&self) -> Window {
        Window {
            now: self.now as i64,
            days: self.warn_days,
        }
    }

    /// Stops planning: whatever is still missing is reported INDETERMINATE with `reason`
    /// (e.g. the check's deadline passed).
    pub fn stop(&mut self, reason: String) {
        self.stopped.get_or_insert(reason);
    }

    /// The memoised cryptography's counts so far.
    pub fn work(&self) -> WorkCounts {
        self.work.counts()
    }

    fn chain_questions(&self, name: &Name) -> Vec<Question> {
        let Some(anchor) = self.anchors.closest_to(name) else {
            return Vec::new();
        };
        let start = labels(&anchor.owner).len();
        let end = match self.prefetch {
            Prefetch::EveryLabel => labels(name).len(),
            Prefetch::Ancestors => labels(name).len().saturating_sub(1),
        };
        let mut out = vec![Question::new(&anchor.owner, RecordType::DNSKEY)];
        for len in start + 1..=end {
            out.extend(self.zone_questions(&suffix(name, len)));
        }
        out
    }

    /// The questions of `zone`'s link in the chain: its DS (unless it is a trust anchor), its
    /// DNSKEY, and its CDS (RFC 7344) below the top-level domains, where registrants publish it,
    /// for the CDS_MISMATCH warning (never needed by the verdict).
    fn zone_questions(&self, zone: &Name) -> Vec<Question> {
        let mut out = Vec::with_capacity(3);
        let is_anchor = self
            .anchors
            .closest_to(zone)
            .is_some_and(|anchor| names_equal(&anchor.owner, zone));
        if !is_anchor {
            out.push(Question::new(zone, RecordType::DS));
        }
        out.push(Question::new(zone, RecordType::DNSKEY));
        if labels(zone).len() >= 2 {
            out.push(Question::new(zone, RecordType::CDS));
        }
        out
    }

    /// Records the answer (or failure) for a question.
    pub fn deliver(&mut self, question: Question, fetched: Fetched) {
        self.answers.insert(question, fetched);
    }

    /// Records the answer to a question this check did not send (another check of the run
    /// fetched it: [`crate::check::AnswerCache`]); it is not counted in [`Engine::stats`].
    pub fn deliver_unsent(&mut self, question: Question, fetched: Fetched) {
        self.unsent += 1;
        self.deliver(question, fetched);
    }

    /// The last round was answered without sending anything: it is no round trip.
    pub fn note_round_unsent(&mut self) {
        self.unsent_rounds += 1;
    }

    /// How many questions were sent and in how many rounds.
    pub fn stats(&self) -> (u32, u32) {
        (
            (self.asked.len() as u32).saturating_sub(self.unsent),
            self.rounds.saturating_sub(self.unsent_rounds),
        )
    }

    /// The reports, once [`Engine::next_questions`] returned nothing.
    pub fn results(&self) -> Vec<LookupReport> {
        self.targets.iter().map(|t| self.result_for(t)).collect()
    }

    /// Why `target` may be left unjudged: its own limit, or the check's.
    fn limit_for(&self, target: &Target) -> Option<&str> {
        self.targets
            .iter()
            .position(|t| t == target)
            .and_then(|i| self.limited[i].as_deref())
            .or(self.stopped.as_deref())
    }

    /// The report for one lookup (normally one of the targets), from the answers at hand.
    pub fn result_for(&self, target: &Target) -> LookupReport {
        let mut report =
            judge_lookup(&self.context(), target, &self.window()).unwrap_or_else(|_| {
                assemble::incomplete(&target.name, target.rtype, self.limit_for(target))
            });
        report.line = digicert_entry(&report.name, report.status, report.error);
        report.sort_for_display();
        report
    }

    /// The whole document.
    pub fn document(&self, resolvers: Vec<String>) -> CheckDocument {
        let results = self.results();
        let (queries, round_trips) = self.stats();
        CheckDocument {
            line: digicert_line(&results),
            status: overall_status(results.iter().map(|r| r.status)),
            results,
            resolvers,
            trust_anchor: self.trust_anchor_kind().into(),
            now: self.now,
            queries,
            round_trips,
            work: self.work(),
            comparison: None,
        }
    }

    /// `"iana-root"` or `"custom"`, for the reports.
    pub fn trust_anchor_kind(&self) -> &'static str {
        if self.anchors.is_iana_root {
            "iana-root"
        } else {
            "custom"
        }
    }

    /// The validation time, unix seconds.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// The records of the target's type at the end of its CNAME/DNAME chain, as the validator
    /// followed it, as received (none when the chain loops or is too long). Only meaningful once the lookup's report says the answer
    /// validates (SECURE) or is provably unsigned (INSECURE).
    pub fn answer_rrset(&self, target: &Target) -> Vec<WireRecord> {
        // The end of the chain as the validator followed it (CNAME and DNAME links alike).
        let Ok(chain) = follow_chain(&self.context(), &target.name, target.rtype) else {
            return Vec::new();
        };
        if chain.problem.is_some() {
            return Vec::new();
        }
        match self.answers.get(&Question::new(&chain.end, target.rtype)) {
            Some(Fetched::Answer(message)) => message
                .answers
                .iter()
                .filter(|r| r.rtype == target.rtype && names_equal(&r.name, &chain.end))
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Follows the target's CNAME/DNAME chain through the validator and assembles its report.
fn judge_lookup(
    ctx: &Context<'_>,
    target: &Target,
    window: &Window,
) -> Result<LookupReport, crate::dnssec::validate::Pending> {
    let chain = follow_chain(ctx, &target.name, target.rtype)?;
    Ok(assemble::lookup_report(
        &target.name,
        target.rtype,
        chain.links,
        chain.problem,
        window,
    ))
}
