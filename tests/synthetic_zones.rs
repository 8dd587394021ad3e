//! The whole checker (input, engine, DoH reading, report) against the synthetic signed world
//! of `tests/signed_world` — no BIND needed. First the world's own scenarios, so that the fuzzing in
//! `tests/no_panic.rs` starts from answers whose verdicts are known; then NSEC3 iteration counts
//! that `dnssec-signzone` refuses to produce (above 150).
// Native only: drives the checker with futures-executor, which the wasm build lacks.
#![cfg(not(target_arch = "wasm32"))]

mod signed_world;

use dnssec_health::check::AnswerCache;
use dnssec_health::denial::nsec3::MAX_ITERATIONS;
use serde_json::Value;
use signed_world::{check, check_cached, World, LOOKUPS};

fn status_and_error(world: &World, name: &str, rtype: &str) -> (String, Option<String>) {
    let doc = check(world, name, rtype);
    let result = &doc.results[0];
    (
        result.status.as_str().to_string(),
        result.error.map(|e| e.as_str().to_string()),
    )
}

/// Each scenario of the synthetic world gets the verdict a validating resolver would give.
#[test]
fn the_synthetic_world_validates_as_designed() {
    let world = World::standard(0);
    let cases = [
        ("www.example", "A", "SECURE", None),
        ("nope.example", "A", "SECURE", None), // NXDOMAIN, NSEC3 proof
        ("www.example", "TXT", "SECURE", None), // NODATA
        ("b.example", "A", "SECURE", None),    // empty non-terminal
        ("alias.example", "A", "SECURE", None), // CNAME in the same zone
        ("foo.wild.example", "A", "SECURE", None), // wildcard expansion
        ("foo.wild.example", "TXT", "SECURE", None), // wildcard NODATA
        ("www.unsigned", "A", "INSECURE", None), // no DS for unsigned.
        ("far.example", "A", "INSECURE", None), // CNAME into the unsigned zone
        ("www.big", "A", "SECURE", None),
        ("www.badsig", "A", "BOGUS", Some("DNSSEC_BOGUS")),
    ];
    for (name, rtype, status, error) in cases {
        assert_eq!(
            status_and_error(&world, name, rtype),
            (status.to_string(), error.map(str::to_string)),
            "{name} {rtype}"
        );
    }
}

/// RFC 9276 §3.2: above our limit of 150 iterations, NSEC3 negative answers are treated as
/// insecure (INSECURE, EDE 27 "Unsupported NSEC3 Iterations Value"), as BIND 9.18 and Unbound
/// do; positive answers of the same zone stay SECURE. At the limit everything validates, with a
/// warning that RFC 9276 recommends 0 iterations.
#[test]
fn nsec3_iterations_above_150_make_negative_answers_insecure() {
    for iterations in [MAX_ITERATIONS + 1, 200, 500] {
        let world = World::standard(iterations);
        for (name, rtype) in [("nope.big", "A"), ("www.big", "TXT")] {
            let doc = check(&world, name, rtype);
            let json: Value = serde_json::to_value(&doc).unwrap();
            let result = &json["results"][0];
            assert_eq!(result["status"], "INSECURE", "{iterations}: {result}");
            assert_eq!(result["error"], Value::Null);
            assert_eq!(result["ede"]["code"], 27, "{result}");
            assert_eq!(result["broken_zone"], "big");
            let reason = result["reason"].as_str().unwrap();
            assert!(
                reason.contains(&format!("{iterations} iterations")),
                "{reason}"
            );
            assert_eq!(json["line"], format!("{name};INSECURE"));
        }
        assert_eq!(
            status_and_error(&world, "www.big", "A"),
            ("SECURE".to_string(), None),
            "a positive answer needs no NSEC3"
        );
    }
    let world = World::standard(MAX_ITERATIONS);
    for (name, rtype) in [("nope.big", "A"), ("www.big", "TXT")] {
        let doc = check(&world, name, rtype);
        let result = &doc.results[0];
        assert_eq!(result.status.as_str(), "SECURE", "{name} at the limit");
        assert!(
            result
                .warnings
                .iter()
                .any(|w| w.message.contains("150 extra NSEC3 iterations")),
            "{:?}",
            result.warnings
        );
    }
}

/// What a verdict says, without the TTLs (a shared cache ages them) and the work counts.
fn verdict(doc: &dnssec_health::model::CheckDocument) -> Vec<Value> {
    doc.results
        .iter()
        .map(|r| {
            let json = serde_json::to_value(r).unwrap();
            let warnings: Vec<&Value> = json["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| &w["code"])
                .collect();
            serde_json::json!([
                json["status"],
                json["error"],
                json["ede"],
                json["reason"],
                json["fix"],
                warnings
            ])
        })
        .collect()
}

/// Checks that share an answer cache (many names at once) prefetch only each name's ancestors
/// and reuse what other checks fetched: every verdict is the one the name gets on its own,
/// with a cold cache and with a warm one, for every scenario of the world; a name that is not
/// a zone apex then costs only its own question, and one that is its own zone a second round.
#[test]
fn checks_sharing_an_answer_cache_reach_the_verdicts_of_checks_alone() {
    let world = World::standard(0);
    let extra = [
        ("bar.wild.example", "A"),
        ("deeper.www.unsigned", "A"),
        ("example", "SOA"),
        ("big", "A"),
        ("unsigned", "A"),
    ];
    let cases = LOOKUPS.iter().chain(&extra).copied();
    let shared = AnswerCache::new();
    for (name, rtype) in cases {
        let alone = check(&world, name, rtype);
        let cold = check_cached(&world, name, rtype, &AnswerCache::new());
        let warm = check_cached(&world, name, rtype, &shared);
        assert_eq!(
            verdict(&cold),
            verdict(&alone),
            "{name} {rtype}, cold cache"
        );
        assert_eq!(
            verdict(&warm),
            verdict(&alone),
            "{name} {rtype}, shared cache"
        );
        assert!(
            cold.queries <= alone.queries,
            "{name} {rtype}: {} > {}",
            cold.queries,
            alone.queries
        );
        assert!(
            cold.round_trips <= alone.round_trips + 1,
            "{name} {rtype}: {} rounds, {} alone",
            cold.round_trips,
            alone.round_trips
        );
    }
    // Warm: a new name below a wildcard, and a new name that does not exist, cost one question
    // (theirs) in one round; a zone apex asks its own DS and DNSKEY in a second round.
    for (name, rtype) in [
        ("third.wild.example", "A"),
        ("nope2.example", "A"),
        ("nope3.big", "TXT"),
    ] {
        let warm = check_cached(&world, name, rtype, &shared);
        assert_eq!((warm.queries, warm.round_trips), (1, 1), "{name} {rtype}");
        let alone = check(&world, name, rtype);
        assert_eq!(verdict(&warm), verdict(&alone), "{name} {rtype}");
        // The chain's signatures were verified by earlier checks of the run: only the
        // answer's own (its RRset or its denial) may be new work (a wildcard expansion's
        // signature is the same for every name).
        let verified = warm.work.signature_verifications;
        assert!(
            verified <= 3 && verified + 3 <= alone.work.signature_verifications,
            "{name} {rtype}: {verified} verifications, {} alone",
            alone.work.signature_verifications
        );
    }
    let apex = check_cached(&world, "badsig", "SOA", &shared);
    let alone = check(&world, "badsig", "SOA");
    assert_eq!(verdict(&apex), verdict(&alone));
    assert_eq!(alone.round_trips, 1);
}
