//! Bounded work on hostile answers: the real CLI against a hostile DoH resolver.
//!
//! `tests/hostile/` serves the synthetic signed world of `tests/signed_world` over HTTP/1.1 on
//! 127.0.0.1 with an attack applied (KeyTrap, bogus signatures beside genuine ones, NSEC3 hash
//! exhaustion, endless and branching CNAME chains, a growing DNAME, terminal controls in CAA,
//! bodies that are not one DNS message, too many names). For each, the CLI must end by itself
//! with the verdict a validator owes, and its work, as the report counts it (`queries`,
//! `round_trips`, `work.signature_verifications`, `work.nsec3_hashes`), must stay within a bound
//! derived from `dnssec_health::limits`. Nothing here measures time: the ignored
//! `serve_attacks_for_the_benchmark` prints each attack's CPU time for `scripts/bench.sh`.
#![cfg(all(unix, not(target_arch = "wasm32")))]

mod hostile;
mod signed_world;

use std::collections::HashSet;

use dnssec_health::limits::{
    MAX_ALIAS_LINKS, MAX_KEYS_PER_SIGNATURE, MAX_NAMES, MAX_NSEC3_HASHES_PER_CHECK,
    MAX_NSEC3_PARAMETER_SETS, MAX_QUESTIONS_PER_CHECK, MAX_QUESTIONS_PER_TARGET, MAX_ROUNDS,
    MAX_SIGNATURES_PER_RRSET, MAX_VERIFICATIONS_PER_CHECK,
};
use hostile::attacks::{self, Honest};
use hostile::dns::{label_count, Msg, RRSIG};
use hostile::{Attack, Outcome};

/// Verifications one RRset can cost at most, however many keys share a tag and however many
/// RRSIGs it carries (CVE-2023-50387).
const PER_RRSET: u64 = (MAX_SIGNATURES_PER_RRSET * MAX_KEYS_PER_SIGNATURE) as u64;

/// Honest RRsets a check of one name in `example.` verifies besides the attacked one, one
/// verification each: `./DNSKEY`, `example/DS`, `example/DNSKEY`, and the few NSEC3 and SOA
/// RRsets of one denial.
const HONEST_RRSETS: u64 = 8;

/// The report, shortened for assertion messages.
fn show(outcome: &Outcome) -> String {
    let report = match &outcome.json {
        Some(json) => {
            let mut json = json.clone();
            for key in ["results", "names"] {
                if let Some(list) = json.get_mut(key).and_then(|l| l.as_array_mut()) {
                    list.truncate(2);
                    for entry in list.iter_mut().filter_map(|e| e.as_object_mut()) {
                        for long in ["links", "chain", "lookups", "fix"] {
                            entry.remove(long);
                        }
                    }
                }
            }
            json.to_string()
        }
        None => String::from_utf8_lossy(&outcome.stdout).into_owned(),
    };
    format!(
        "exit {:?}, {} requests, stderr {:?}, report {report}",
        outcome.status, outcome.requests, outcome.stderr
    )
}

/// What every attack must keep: the process ends by itself (1 BOGUS, 2 INDETERMINATE, never a
/// signal or an abort), every count within the check's limits, the server saw exactly the
/// questions the report counts, none twice and by the method asked for, and no lookup is SECURE (or INSECURE), each
/// with a reason.
fn assert_bounded(outcome: &Outcome) {
    outcome.assert_exit(&[1, 2]);
    let queries = outcome.queries();
    assert!(
        queries <= MAX_QUESTIONS_PER_CHECK as u64,
        "{}",
        show(outcome)
    );
    assert_eq!(outcome.requests as u64, queries, "{}", show(outcome));
    // GET (the default) or POST, as the CLI was told.
    let posts = if outcome.post { outcome.requests } else { 0 };
    assert_eq!(outcome.posts, posts);
    let distinct: HashSet<&(String, u16)> = outcome.questions.iter().collect();
    assert_eq!(
        distinct.len(),
        outcome.questions.len(),
        "a question asked twice"
    );
    assert!(
        outcome.round_trips() <= u64::from(MAX_ROUNDS),
        "{}",
        show(outcome)
    );
    assert!(outcome.verifications() <= u64::from(MAX_VERIFICATIONS_PER_CHECK));
    assert!(outcome.hashes() <= u64::from(MAX_NSEC3_HASHES_PER_CHECK));
    let verdicts = outcome.verdicts();
    assert!(!verdicts.is_empty());
    for (status, _, reason) in verdicts {
        assert!(
            status == "BOGUS" || status == "INDETERMINATE",
            "{status}: {}",
            show(outcome)
        );
        assert!(!reason.is_empty(), "{}", show(outcome));
    }
}

/// Every lookup has this status and error, and a reason containing one of `words`.
fn assert_verdicts(outcome: &Outcome, status: &str, error: &str, words: &[&str]) {
    for (s, e, reason) in outcome.verdicts() {
        assert_eq!(
            (s.as_str(), e.as_deref()),
            (status, Some(error)),
            "{}",
            show(outcome)
        );
        assert!(
            words.iter().any(|w| reason.contains(w)),
            "none of {words:?} in {reason:?}"
        );
    }
}

// --- KeyTrap (CVE-2023-50387) -----------------------------------------------------------------

/// `example.`'s key set replaced by 400 DNSKEYs with the key tag and algorithm of its DS and
/// as many RRSIGs naming that tag as fit in a message (449): BOGUS, and none of them costs a
/// signature verification (at most MAX_DS_MATCH_ATTEMPTS keys are even digested).
#[test]
fn keytrap_colliding_keys_and_signatures_in_a_key_set_are_bogus_with_bounded_work() {
    let outcome = attacks::keytrap_key_set(400).run();
    assert_bounded(&outcome);
    outcome.assert_exit(&[1]);
    assert_verdicts(
        &outcome,
        "BOGUS",
        "DNSSEC_BOGUS",
        &["digest does not match", "limit", "KeyTrap"],
    );
    assert!(outcome.verifications() <= PER_RRSET + HONEST_RRSETS);
    assert!(outcome.round_trips() <= 2, "{}", show(&outcome));
}

/// The genuine key comes first and a genuine RRSIG is there, but only after 300 bogus RRSIGs
/// naming its tag (beside 200 more keys of that tag): BOGUS at the signature cap, not a hang.
#[test]
fn keytrap_genuine_signature_after_300_bogus_ones_is_bogus_at_the_signature_cap() {
    let outcome = attacks::keytrap_genuine_signature_last(200, 300)
        .with(&["--post"])
        .run();
    assert_bounded(&outcome);
    outcome.assert_exit(&[1]);
    assert_verdicts(
        &outcome,
        "BOGUS",
        "DNSSEC_BOGUS",
        &[&format!("more than {MAX_SIGNATURES_PER_RRSET} signatures")],
    );
    assert!(
        outcome.verifications() <= PER_RRSET + HONEST_RRSETS,
        "{}",
        show(&outcome)
    );
}

/// The KeyTrap of the issue: a key set (validly signed) of 800 keys sharing one tag, and an
/// answer with as many RRSIGs naming that tag as fit (635). The old code tried every key for
/// every signature (74 s of CPU) and called it SECURE; now at most
/// MAX_SIGNATURES_PER_RRSET × MAX_KEYS_PER_SIGNATURE verifications, and BOGUS.
#[test]
fn keytrap_800_keys_of_one_tag_and_635_signatures_over_an_answer_are_bogus_with_bounded_work() {
    let outcome = attacks::keytrap_data(799).run();
    assert_bounded(&outcome);
    outcome.assert_exit(&[1]);
    assert_verdicts(
        &outcome,
        "BOGUS",
        "DNSSEC_BOGUS",
        &[
            &format!("at most {MAX_KEYS_PER_SIGNATURE} are tried"),
            &format!("more than {MAX_SIGNATURES_PER_RRSET} signatures"),
        ],
    );
    assert!(
        outcome.verifications() <= PER_RRSET + HONEST_RRSETS,
        "{}",
        show(&outcome)
    );
}

// --- Bogus signatures beside a genuine key set, for 100 names ---------------------------------

/// The distinct signed RRsets (owner, type covered) in the honest answers to `questions`.
fn signed_rrsets(questions: &[(String, u16)]) -> usize {
    let honest = Honest::new();
    let mut rrsets = HashSet::new();
    for (name, qtype) in questions {
        let message: Msg = honest.message(name, *qtype);
        for record in message.answer.iter().chain(&message.authority) {
            if record.rtype == RRSIG {
                rrsets.insert((record.owner.clone(), record.covered()));
            }
        }
    }
    rrsets.len()
}

/// 220 bogus RRSIGs before the root's genuine one, and a check of MAX_NAMES names that all
/// depend on it: BOGUS at the signature cap, and the key set is judged once for all of them
/// (the old code: 44 000 verifications).
#[test]
fn bogus_signatures_before_the_root_key_sets_genuine_one_cost_one_capped_rrset_for_100_names() {
    let outcome = attacks::bogus_root_signatures(220, MAX_NAMES, true).run();
    assert_bounded(&outcome);
    outcome.assert_exit(&[1]);
    assert_eq!(outcome.verdicts().len(), MAX_NAMES);
    assert_verdicts(
        &outcome,
        "BOGUS",
        "DNSSEC_BOGUS",
        &[&format!("more than {MAX_SIGNATURES_PER_RRSET} signatures")],
    );
    // The root key set is the only RRset verified at all, with its one trusted key.
    assert!(
        outcome.verifications() <= PER_RRSET,
        "{} verifications",
        outcome.verifications()
    );
}

/// The same 220 bogus RRSIGs after the genuine one: the genuine one validates and the rest
/// are never tried, and each distinct RRset of the answers is verified once, whatever number
/// of names depends on it (memoised).
#[test]
fn bogus_signatures_after_the_root_key_sets_genuine_one_leave_one_verification_per_rrset() {
    let outcome = attacks::bogus_root_signatures(220, MAX_NAMES, false).run();
    outcome.assert_exit(&[0]);
    assert_eq!(outcome.requests as u64, outcome.queries());
    let verdicts = outcome.verdicts();
    assert_eq!(verdicts.len(), MAX_NAMES);
    assert!(
        verdicts.iter().all(|(status, _, _)| status == "SECURE"),
        "{}",
        show(&outcome)
    );
    let rrsets = signed_rrsets(&outcome.questions) as u64;
    assert!(
        outcome.verifications() <= rrsets,
        "{} verifications for {rrsets} signed RRsets",
        outcome.verifications()
    );
}

// --- NSEC3 hash exhaustion (CVE-2023-50868) ---------------------------------------------------

/// A 124-label name answered NXDOMAIN (every name below `example.`, so the DS and DNSKEY
/// questions on the way too) with 130 validly signed NSEC3 records at 150 iterations with a
/// 255-byte salt that prove nothing: BOGUS, each ancestor hashed once for the whole check
/// (not once per record and answer), and each record verified once for all 250 answers.
#[test]
fn nsec3_hash_exhaustion_is_bogus_with_one_hash_per_label() {
    let attack = attacks::nsec3_exhaustion(130, 150, 1);
    let labels = label_count(&attack.names[0]) as u64;
    let outcome = attack.run();
    assert_bounded(&outcome);
    outcome.assert_exit(&[1]);
    assert_verdicts(
        &outcome,
        "BOGUS",
        "DNSSEC_BOGUS",
        &["NSEC3", "closest encloser"],
    );
    assert!(
        outcome.hashes() <= labels + 1,
        "{} hashes for {labels} labels",
        outcome.hashes()
    );
    assert!(outcome.hashes() * 8 < u64::from(MAX_NSEC3_HASHES_PER_CHECK));
    assert!(
        outcome.verifications() <= 130 + HONEST_RRSETS,
        "{}",
        show(&outcome)
    );
    assert!(outcome.queries() <= MAX_QUESTIONS_PER_TARGET as u64);
}

/// The same records under five salts (parameter sets): only MAX_NSEC3_PARAMETER_SETS chains
/// are tried, so at most that many hashes per label.
#[test]
fn nsec3_records_of_five_salts_cost_at_most_two_parameter_sets_of_hashes() {
    let attack = attacks::nsec3_exhaustion(130, 150, 5).with(&["--post"]);
    let labels = label_count(&attack.names[0]) as u64;
    let outcome = attack.run();
    assert_bounded(&outcome);
    outcome.assert_exit(&[1]);
    assert_verdicts(&outcome, "BOGUS", "DNSSEC_BOGUS", &["parameter sets"]);
    assert!(
        outcome.hashes() <= MAX_NSEC3_PARAMETER_SETS as u64 * (labels + 1),
        "{} hashes for {labels} labels",
        outcome.hashes()
    );
    assert!(outcome.verifications() <= 130 + HONEST_RRSETS);
}

// --- Alias chains -----------------------------------------------------------------------------

/// A chain that never ends, each answer a CNAME to a name never seen before: the check stops
/// after MAX_ALIAS_LINKS links, one round each (the old code never returned: 1 222 queries in
/// 20 s). Signed in `example.`, and unsigned in `unsigned.`.
#[test]
fn an_endless_cname_chain_stops_at_the_alias_limit() {
    for signed in [true, false] {
        let outcome = attacks::endless_cname(signed).run();
        assert_bounded(&outcome);
        let links = MAX_ALIAS_LINKS as u64;
        assert!(outcome.round_trips() <= links + 1, "{}", show(&outcome));
        // Each link: its question, and DS, DNSKEY and CDS at its name; then the root and
        // example.
        assert!(outcome.queries() <= 4 * links + 4, "{}", show(&outcome));
        assert_verdicts(
            &outcome,
            "INDETERMINATE",
            "OTHER",
            &[&format!("longer than {MAX_ALIAS_LINKS} links")],
        );
        let shown = outcome.doc()["results"][0]["links"]
            .as_array()
            .unwrap()
            .len();
        assert!(shown <= MAX_ALIAS_LINKS, "{shown} links");
    }
}

/// Ten CNAMEs in every answer, each to a fresh name, for MAX_NAMES names: the old code
/// followed every one on a thread of its own until the process aborted (16 000 threads). Now
/// only the chain the validator follows is asked about, the check stops at
/// MAX_QUESTIONS_PER_CHECK, and the process exits normally.
#[test]
fn ten_cnames_per_answer_for_100_names_stop_at_the_question_limit() {
    let outcome = attacks::ten_cnames(MAX_NAMES).run();
    assert_bounded(&outcome);
    outcome.assert_exit(&[1, 2]);
    assert_eq!(outcome.verdicts().len(), MAX_NAMES);
    assert!(outcome.verifications() <= outcome.queries());
}

/// `example. DNAME a.example.`: each link is a label longer than the last. The chain stops at
/// MAX_ALIAS_LINKS, in about as many rounds (the old code: 61 rounds, 304 queries).
#[test]
fn a_growing_dname_stops_at_the_alias_limit() {
    let outcome = attacks::dname_growth().run();
    assert_bounded(&outcome);
    let links = MAX_ALIAS_LINKS as u64;
    assert!(outcome.round_trips() <= links + 1, "{}", show(&outcome));
    assert!(outcome.queries() <= MAX_QUESTIONS_PER_TARGET as u64);
    // Each link: its question, and DS, DNSKEY and CDS at its new labels.
    assert!(outcome.queries() <= 7 * links + 4, "{}", show(&outcome));
    assert_verdicts(
        &outcome,
        "INDETERMINATE",
        "OTHER",
        &[&format!("longer than {MAX_ALIAS_LINKS} links")],
    );
}

// --- Terminal control characters in CAA -------------------------------------------------------

/// Neither raw control characters (ESC, BEL), C1 controls (U+009B) nor a right-to-left override
/// (U+202E) in any form.
fn assert_no_controls(stdout: &[u8]) {
    let text = String::from_utf8_lossy(stdout);
    for (i, c) in text.char_indices() {
        let harmful = (c.is_control() && c != '\n') || c == '\u{202e}';
        assert!(!harmful, "{c:?} at {i} in {text}",);
    }
}

/// A CAA RRset whose tags and values hold an OSC 52 sequence, BEL, C1 CSI (as U+009B and as a
/// lone 0x9B byte) and U+202E: the `order` and `check` text reports print them escaped, and the
/// JSON report shows them as JSON escapes that still decode to the same characters.
#[test]
fn terminal_controls_in_caa_never_reach_the_terminal() {
    let order = attacks::caa_controls("order").text().run();
    order.assert_exit(&[0]);
    assert_no_controls(&order.stdout);
    let text = String::from_utf8_lossy(&order.stdout);
    assert!(
        text.contains("x=\\u{1b}]52;c;ZWNobyBwd25lZA==\\u{7}\\u{9b}31m\\u{202e}elpmaxe"),
        "{text}"
    );
    assert!(text.contains("is\\u{1b}[2jsue\\u{202e}"), "{text}");

    let check = attacks::caa_controls("check").text().run();
    check.assert_exit(&[0]);
    assert_no_controls(&check.stdout);
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains("\\027]52;c;"), "{text}");

    let json = attacks::caa_controls("order").run();
    json.assert_exit(&[0]);
    assert_no_controls(&json.stdout);
    let values: Vec<&str> = json.doc()["names"][0]["caa"]["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["value"].as_str())
        .collect();
    assert!(
        values
            .iter()
            .any(|v| v.contains("\u{1b}]52") && v.contains("\u{9b}31m\u{202e}")),
        "{values:?}"
    );
    assert!(
        String::from_utf8_lossy(attacks::CAA_VALUE).contains('\u{202e}'),
        "the attack carries the override"
    );
    assert!(attacks::CAA_TAG.contains(&0x1b));
}

// --- DoH bodies that are not one DNS message --------------------------------------------------

/// A body of 70 000 bytes (with a Content-Length, and delimited by closing the connection)
/// and a message followed by junk: the lookup is INDETERMINATE with IO_EXCEPTION.
#[test]
fn doh_bodies_that_are_not_one_dns_message_are_io_exceptions() {
    for (attack, words) in [
        (attacks::oversized_body(true), "larger than a DNS message"),
        (attacks::oversized_body(false), "larger than a DNS message"),
        (attacks::junk_after_message(), "after the DNS message"),
    ] {
        let outcome = attack.run();
        assert_bounded(&outcome);
        outcome.assert_exit(&[2]);
        assert_verdicts(&outcome, "INDETERMINATE", "IO_EXCEPTION", &[words]);
    }
}

// --- Too many names ---------------------------------------------------------------------------

/// More than MAX_NAMES names (separate arguments to `check`, one comma-separated list to
/// `order`, as an `?order=` link gives it): a usage error naming the limit, before any query.
#[test]
fn more_than_max_names_is_a_usage_error_before_any_query() {
    for command in ["check", "order"] {
        let outcome = attacks::many_names(command, MAX_NAMES + 1).run();
        outcome.assert_exit(&[64]);
        assert!(
            outcome
                .stderr
                .contains(&format!("{} names were given", MAX_NAMES + 1)),
            "{}",
            outcome.stderr
        );
        assert!(outcome.stderr.contains(&format!("at most {MAX_NAMES}")));
        assert_eq!(outcome.requests, 0);
        assert!(outcome.stdout.is_empty());
    }
}

// --- The benchmark ----------------------------------------------------------------------------

/// One benchmark row: the attack, the figure for the old code, the attack run.
fn bench_row(before: &str, attack: Attack) {
    let label = attack.label.clone();
    let json = attack.json;
    let outcome = attack.run_timed();
    let cpu = outcome
        .cpu_seconds
        .map_or("?".to_string(), |s| format!("{:.0}", s * 1000.0));
    let (queries, round_trips, verifications, hashes, verdict) = if json && outcome.json.is_some() {
        (
            outcome.queries().to_string(),
            outcome.round_trips().to_string(),
            outcome.verifications().to_string(),
            outcome.hashes().to_string(),
            outcome.verdict_summary(),
        )
    } else if json {
        let code = outcome
            .status
            .code()
            .map_or("signal".into(), |c| c.to_string());
        let verdict = format!("exit {code}, {} requests", outcome.requests);
        ("0".into(), "0".into(), "-".into(), "-".into(), verdict)
    } else {
        // Text output: the footer says "N queries in M round trips".
        let text = String::from_utf8_lossy(&outcome.stdout).into_owned();
        let footer: Vec<&str> = text
            .lines()
            .find(|l| l.ends_with("round trips"))
            .map(|l| l.split(' ').collect())
            .unwrap_or_default();
        let clean = !text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}');
        let verdict = text.lines().last().unwrap_or("").to_string()
            + if clean {
                ", controls escaped"
            } else {
                ", RAW CONTROLS"
            };
        (
            footer.first().unwrap_or(&"?").to_string(),
            footer.get(3).unwrap_or(&"?").to_string(),
            "-".into(),
            "-".into(),
            verdict,
        )
    };
    println!(
        "| {label} | {before} | {cpu} | {queries} | {round_trips} | {verifications} | {hashes} | {verdict} |"
    );
}

/// Not a test: runs every attack once against the release CLI and prints a Markdown table of
/// CPU time (user + system, the CLI process only), queries, round trips, verifications, NSEC3
/// hashes and verdicts. `scripts/bench.sh` runs it:
/// `cargo test --release --test hostile_resolver -- --ignored --nocapture`.
#[test]
#[ignore]
fn serve_attacks_for_the_benchmark() {
    println!();
    println!("| attack | before (issue) | CPU ms | queries | round trips | verifications | NSEC3 hashes | verdict |");
    println!("|---|---|---|---|---|---|---|---|");
    let rows: Vec<(&str, Attack)> = vec![
        (
            "74 s CPU, SECURE (800 keys x 640 sigs)",
            attacks::keytrap_data(799),
        ),
        ("-", attacks::keytrap_key_set(400)),
        ("-", attacks::keytrap_genuine_signature_last(200, 300)),
        (
            "44 000 verifications, 1.6 s",
            attacks::bogus_root_signatures(220, MAX_NAMES, true),
        ),
        (
            "44 000 verifications, 1.6 s",
            attacks::bogus_root_signatures(220, MAX_NAMES, false),
        ),
        (
            "5.7 s per answer (125 labels)",
            attacks::nsec3_exhaustion(130, 150, 1),
        ),
        ("-", attacks::nsec3_exhaustion(130, 150, 5)),
        (
            "never returns (1 222 queries in 20 s)",
            attacks::endless_cname(true),
        ),
        ("-", attacks::endless_cname(false)),
        (
            "SIGABRT after 6.4 s (16 000 threads)",
            attacks::ten_cnames(MAX_NAMES),
        ),
        ("61 rounds, 304 queries", attacks::dname_growth()),
        (
            "reached the terminal",
            attacks::caa_controls("order").text(),
        ),
        ("-", attacks::oversized_body(true)),
        ("-", attacks::junk_after_message()),
        (
            "8.4 KB ?order= link: 6 962 queries",
            attacks::many_names("order", MAX_NAMES + 1),
        ),
        ("-", attacks::many_names("order", MAX_NAMES)),
    ];
    for (before, attack) in rows {
        bench_row(before, attack);
    }
}
