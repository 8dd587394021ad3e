//! The sans-IO engine: plans which questions to send, takes the answers, and builds the report.
//!
//! Each round, the validator runs over everything fetched so far; the questions it is missing,
//! plus prefetches for the chain of trust, form the next batch, all sent at once. No question
//! is asked twice in one check. The engine does no I/O: [`crate::check`] drives it.

use std::collections::{HashMap, HashSet};

use hickory_proto::rr::{Name, RecordType};

use crate::dns::name::display;
use crate::dns::name::{labels, names_equal, suffix};
use crate::dns::wire::WireRecord;
use crate::dnssec::anchor::TrustAnchors;
use crate::dnssec::validate::{
    judge_link, Context, Fetched, LinkOutcome, Question, Verdict, MAX_ALIAS_LINKS,
};
use crate::dnssec::work::Work;
use crate::limits::{MAX_QUESTIONS_PER_CHECK, MAX_QUESTIONS_PER_TARGET, MAX_ROUNDS};
use crate::report::model::WorkCounts;
use crate::report::model::{overall_status, CheckDocument, LinkReport, LookupReport, ZoneReport};
use crate::report::warnings::Window;
use crate::report::{first_worst, ErrorCode, Problem, Status};

/// A lookup to judge: one name and type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    pub name: Name,
    pub rtype: RecordType,
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
}

impl Engine {
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
            let _ = follow_chain(&ctx, target);
            let missing = ctx.missing();
            let mut wanted: Vec<Question> = Vec::new();
            for question in &missing {
                wanted.push(question.clone());
                // Prefetch the chain of trust of every name we are about to ask about, so the
                // walk down the tree needs no extra round.
                if question.rtype != RecordType::DS && question.rtype != RecordType::DNSKEY {
                    wanted.extend(self.chain_questions(&question.name));
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
        batch.sort();
        self.rounds += 1;
        self.asked.extend(batch.iter().cloned());
        batch
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
        let mut out = vec![Question::new(&anchor.owner, RecordType::DNSKEY)];
        for len in start + 1..=labels(name).len() {
            let label = suffix(name, len);
            out.push(Question::new(&label, RecordType::DS));
            out.push(Question::new(&label, RecordType::DNSKEY));
            // CDS (RFC 7344) where registrants publish it, below the top-level domains: for
            // the CDS_MISMATCH warning, in the same round, never needed by the verdict.
            if len >= 2 {
                out.push(Question::new(&label, RecordType::CDS));
            }
        }
        out
    }

    /// Records the answer (or failure) for a question.
    pub fn deliver(&mut self, question: Question, fetched: Fetched) {
        self.answers.insert(question, fetched);
    }

    /// How many questions were sent and in how many rounds.
    pub fn stats(&self) -> (u32, u32) {
        (self.asked.len() as u32, self.rounds)
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
        let mut report = judge_lookup(&self.context(), target, &self.window())
            .unwrap_or_else(|_| incomplete(target, self.limit_for(target)));
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
        let Ok(chain) = follow_chain(&self.context(), target) else {
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

/// A report for `target` with nothing established yet.
fn blank_report(target: &Target) -> LookupReport {
    LookupReport::blank(display(&target.name), target.rtype.to_string())
}

/// A lookup whose answers never arrived: a limit stopped the check (`limit` says which), or,
/// without one, planning ended early (cannot happen, but a report must never claim more than
/// was proven).
fn incomplete(target: &Target, limit: Option<&str>) -> LookupReport {
    let mut report = blank_report(target);
    let problem = match limit {
        Some(detail) => Problem::CheckLimit {
            name: display(&target.name),
            rtype: target.rtype.to_string(),
            detail: detail.to_string(),
        },
        None => Problem::UnusableAnswer {
            name: display(&target.name),
            rtype: target.rtype.to_string(),
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

/// Follows the CNAME/DNAME chain from the target; the verdict is the weakest link.
fn judge_lookup(
    ctx: &Context<'_>,
    target: &Target,
    window: &Window,
) -> Result<LookupReport, crate::dnssec::validate::Pending> {
    let chain = follow_chain(ctx, target)?;
    Ok(assemble(target, chain.links, chain.problem, window))
}

/// A lookup's CNAME/DNAME chain, each link judged.
struct Chain {
    links: Vec<LinkOutcome>,
    /// A loop or an over-long chain.
    problem: Option<Problem>,
    /// The last name visited.
    end: Name,
}

fn follow_chain(
    ctx: &Context<'_>,
    target: &Target,
) -> Result<Chain, crate::dnssec::validate::Pending> {
    let mut links: Vec<LinkOutcome> = Vec::new();
    let mut visited: Vec<Name> = Vec::new();
    let mut name = target.name.clone();
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
                name: display(&target.name),
                limit: MAX_ALIAS_LINKS,
            });
            break;
        }
        visited.push(name.clone());
        let outcome = judge_link(ctx, &name, target.rtype)?;
        let next = outcome.next.clone();
        links.push(outcome);
        match next {
            Some(next) => name = next,
            None => break,
        }
    }
    Ok(Chain {
        links,
        problem,
        end: name,
    })
}

fn assemble(
    target: &Target,
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
        ..blank_report(target)
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
        .find(|z| z.delegation == crate::report::model::Delegation::Ds)?;
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
    use crate::report::model::Delegation;

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
