//! The command-line checker against the real signed test lab (BIND `named` + Unbound + DoH
//! front end, see tests/lab/README.md): every scenario must get delv's status and our error
//! code, and every transport failure must be INDETERMINATE with the right error.

mod bind_lab;

use bind_lab::{lab, run_cli, Lab, SCENARIOS};
use serde_json::Value;

/// The CA's error code for the scenarios that have one (dnsjava's rules, see
/// `Problem::error_code`); every other scenario has none.
const EXPECTED_ERRORS: &[(&str, &str, &str)] = &[
    ("www.ds-nokey.lab", "A", "DNSKEY_MISSING"),
    ("www.ds-baddigest.lab", "A", "DNSSEC_BOGUS"),
    ("www.dnskey-zsk-only.lab", "A", "DNSSEC_BOGUS"),
    ("www.expired.lab", "A", "DNSSEC_BOGUS"),
    ("www.future.lab", "A", "DNSSEC_BOGUS"),
    ("www.badsig.lab", "A", "DNSSEC_BOGUS"),
    ("www.nosig.lab", "A", "RSIGS_MISSING"),
    ("www.nodnskey.lab", "A", "DNSKEY_MISSING"),
    // dnsjava: an NXDOMAIN without NSEC is 6 (it sets 12, then overwrites it), a NODATA 12,
    // a wildcard expansion without proof 6, a DS denial without signed NSEC 10.
    ("nope.stripnsec.lab", "A", "DNSSEC_BOGUS"),
    ("www.stripnsec.lab", "TXT", "NSEC_MISSING"),
    ("foo.w.stripnsec.lab", "A", "DNSSEC_BOGUS"),
    ("www.insecure.stripnsec.lab", "A", "RSIGS_MISSING"),
    ("nope.stripnsec3.lab", "A", "DNSSEC_BOGUS"),
    ("www.stripnsec3.lab", "TXT", "NSEC_MISSING"),
    ("foo.w.stripnsec3.lab", "A", "DNSSEC_BOGUS"),
    ("www.insecure.stripnsec3.lab", "A", "RSIGS_MISSING"),
    ("to-bogus.alg13.lab", "A", "DNSSEC_BOGUS"),
    ("_acme-challenge.bogus.caa.lab", "TXT", "DNSSEC_BOGUS"),
    ("badnsec.lab", "CAA", "DNSSEC_BOGUS"),
    // The resolver itself answers SERVFAIL for these (as it would for a CA): OTHER.
    ("loop1.alg13.lab", "A", "OTHER"),
    ("chain1.alg13.lab", "A", "OTHER"),
];

fn check_json(lab: &Lab, resolver: &str, name: &str, rtype: &str, extra: &[&str]) -> (i32, Value) {
    let anchor = lab.anchor_file.to_str().unwrap();
    let mut args = vec![
        "check",
        name,
        "--type",
        rtype,
        "--resolver",
        resolver,
        "--trust-anchor",
        anchor,
        "--json",
    ];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run_cli(&args);
    let json: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{name}: bad JSON ({e}): {stdout}\n{stderr}"));
    (code, json)
}

fn expected_exit(status: &str) -> i32 {
    match status {
        "BOGUS" => 1,
        "INDETERMINATE" => 2,
        _ => 0,
    }
}

#[test]
fn every_lab_scenario_matches_delv_and_our_error_code() {
    let lab = lab();
    let mut failures = Vec::new();
    for scenario in SCENARIOS {
        let (code, json) = check_json(lab, &lab.doh, scenario.name, scenario.rtype, &[]);
        let result = &json["results"][0];
        let status = result["status"].as_str().unwrap_or("?");
        let error = result["error"].as_str();
        let want_error = EXPECTED_ERRORS
            .iter()
            .find(|(n, t, _)| *n == scenario.name && *t == scenario.rtype)
            .map(|(_, _, e)| *e);
        let line = json["line"].as_str().unwrap_or("");
        let result_line = result["line"].as_str().unwrap_or("");
        let want_line = match want_error {
            Some(e) => format!("{};{};{}", scenario.name, scenario.delv, e),
            None => format!("{};{}", scenario.name, scenario.delv),
        };
        if status != scenario.delv
            || json["status"] != scenario.delv
            || error != want_error
            || code != expected_exit(status)
            || line != want_line
            || result_line != want_line
        {
            failures.push(format!(
                "{} {}: ours {status}/{error:?} exit {code} line {line:?} (result {result_line:?}); want {}/{want_error:?} ({}) — {}",
                scenario.name, scenario.rtype, scenario.delv, scenario.note, result["reason"]
            ));
        }
        // A non-secure verdict always explains itself.
        if status != "SECURE" {
            assert!(
                !result["reason"].as_str().unwrap_or("").is_empty(),
                "{}: no reason",
                scenario.name
            );
            assert!(result["fix"].is_string(), "{}: no fix", scenario.name);
        }
        // Where the CA's code says less than the precise diagnosis (the EDE), the report
        // says both in one sentence; otherwise it says nothing more.
        if let Some(want) = want_error {
            let ede = result["ede"]["code"].as_u64();
            let same = matches!(
                (want, ede),
                ("DNSKEY_MISSING", Some(9))
                    | ("DNSSEC_BOGUS", Some(6))
                    | ("NSEC_MISSING", Some(12))
                    | ("RSIGS_MISSING", Some(10))
                    | ("OTHER", _)
                    | ("IO_EXCEPTION", _)
            );
            let note = result["ca_note"].as_str();
            if same {
                assert!(note.is_none(), "{}: {note:?}", scenario.name);
            } else {
                let prefix = format!("The CA reports this as {want}; precisely: ");
                assert!(
                    note.is_some_and(|n| n.starts_with(&prefix)),
                    "{}: ca_note {note:?}",
                    scenario.name
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Our verdicts are checked against delv's live answers too, not only the table.
#[test]
fn delv_agrees_live_on_a_sample() {
    let lab = lab();
    for (name, rtype) in [
        ("www.alg16.lab", "A"),
        ("www.badsig.lab", "A"),
        ("www.unsigned.lab", "A"),
        ("nope.stripnsec3.lab", "A"),
    ] {
        let delv = bind_lab::delv(lab, name, rtype);
        let (_, json) = check_json(lab, &lab.doh, name, rtype, &[]);
        assert_eq!(
            json["results"][0]["status"].as_str(),
            Some(delv.status),
            "{name}: delv said {}",
            delv.text
        );
    }
}

/// RFC 9276 §3.2: NSEC3 with more than 150 iterations makes negative answers insecure, with
/// EDE 27 and the iteration count in the reason; at 150 they validate, with a warning.
#[test]
fn nsec3_iterations_above_150_are_insecure_with_ede_27() {
    let lab = lab();
    for (name, rtype) in [("nope.nsec3big.lab", "A"), ("www.nsec3big.lab", "TXT")] {
        let (code, json) = check_json(lab, &lab.doh, name, rtype, &[]);
        let result = &json["results"][0];
        assert_eq!(result["status"], "INSECURE", "{result}");
        assert_eq!(result["error"], Value::Null);
        assert_eq!(result["ede"]["code"], 27, "{result}");
        assert_eq!(result["broken_zone"], "nsec3big.lab");
        let reason = result["reason"].as_str().unwrap();
        assert!(reason.contains("200 iterations"), "{reason}");
        assert_eq!(result["links"][0]["denial"]["iterations"], 200);
        assert_eq!(code, 0);
    }
    let (_, json) = check_json(lab, &lab.doh, "nope.nsec3max.lab", "A", &[]);
    let result = &json["results"][0];
    assert_eq!(result["status"], "SECURE", "{result}");
    assert_eq!(result["links"][0]["denial"]["proves"], "nxdomain");
    let warnings = result["warnings"].to_string();
    assert!(
        warnings.contains("150 extra NSEC3 iterations"),
        "{warnings}"
    );
}

#[test]
fn transport_failures_are_indeterminate() {
    let lab = lab();
    let cases = [
        ("status500", "IO_EXCEPTION", "HTTP status 500"),
        ("garbage", "IO_EXCEPTION", "DNS message"),
        ("truncated", "IO_EXCEPTION", "DNS message"),
        ("html", "IO_EXCEPTION", "text/html"),
        ("slow", "IO_EXCEPTION", "no answer within"),
        ("closed", "IO_EXCEPTION", "network error"),
        ("servfail", "OTHER", "SERVFAIL"),
        ("refused", "OTHER", "REFUSED"),
    ];
    for (fault, error, reason_part) in cases {
        let url = &lab.faults[fault];
        // Only the slow endpoint should hit the timeout; the others may wait on a cold lab.
        let timeout = if fault == "slow" { "1" } else { "10" };
        let (code, json) = check_json(lab, url, "www.alg13.lab", "A", &["--timeout", timeout]);
        let result = &json["results"][0];
        assert_eq!(result["status"], "INDETERMINATE", "{fault}: {result}");
        assert_eq!(result["error"], error, "{fault}: {result}");
        let reason = result["reason"].as_str().unwrap();
        assert!(reason.contains(reason_part), "{fault}: {reason}");
        assert_eq!(code, 2, "{fault}");
        assert_eq!(json["line"], format!("www.alg13.lab;INDETERMINATE;{error}"));
    }
}

/// The whole check's deadline bounds every exchange: with a resolver slower than the deadline,
/// the exchange is cut at the deadline (not at the longer per-exchange timeout), and the lookup
/// is INDETERMINATE with a reason that says so; the deadline is checked before each round.
#[test]
fn the_deadline_bounds_the_whole_check() {
    let lab = lab();
    let (code, json) = check_json(
        lab,
        &lab.faults["slow"],
        "www.alg13.lab",
        "A",
        &["--timeout", "30", "--deadline", "0.5"],
    );
    let result = &json["results"][0];
    assert_eq!(result["status"], "INDETERMINATE", "{result}");
    assert_eq!(code, 2);
    let reason = result["reason"].as_str().unwrap();
    // Cut at what was left of the 500 ms, not at the 30 s timeout.
    let millis: u64 = reason
        .split("no answer within ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{reason}"));
    assert!(millis <= 500, "{reason}");
    assert_eq!(json["round_trips"], 1, "no round after the deadline");
    // A usage error for a deadline out of range.
    let (code, _, stderr) = run_cli(&["check", "www.alg13.lab", "--deadline", "0"]);
    assert_eq!(code, 64);
    assert!(stderr.contains("--deadline must be between"), "{stderr}");
}

#[test]
fn falls_back_to_the_next_resolver_on_transport_failure() {
    let lab = lab();
    // `--resolver` repeats: the closed port first, then the working lab resolver.
    let (code, json) = check_json(
        lab,
        &lab.faults["closed"],
        "www.alg13.lab",
        "A",
        &["--resolver", &lab.doh],
    );
    assert_eq!(json["results"][0]["status"], "SECURE");
    assert_eq!(code, 0);
}

#[test]
fn several_names_give_one_digicert_line_and_the_worst_exit_code() {
    let lab = lab();
    let anchor = lab.anchor_file.to_str().unwrap();
    let (code, stdout, _) = run_cli(&[
        "check",
        "www.alg13.lab",
        "www.badsig.lab",
        "www.unsigned.lab",
        "--resolver",
        &lab.doh,
        "--trust-anchor",
        anchor,
    ]);
    assert!(
        stdout.trim_end().ends_with(
            "www.alg13.lab;SECURE,www.badsig.lab;BOGUS;DNSSEC_BOGUS,www.unsigned.lab;INSECURE"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("fix:"), "{stdout}");
    assert_eq!(code, 1);
}

#[test]
fn queries_are_concurrent_and_never_repeated() {
    let lab = lab();
    let (_, json) = check_json(lab, &lab.doh, "www.alg13.lab", "A", &[]);
    // DNSKEY . + DS/DNSKEY for lab, alg13.lab, www.alg13.lab + CDS for alg13.lab and
    // www.alg13.lab (for the CDS_MISMATCH warning) + the A query, all in one round.
    assert_eq!(json["queries"], 10);
    assert_eq!(json["round_trips"], 1);
    let (_, json) = check_json(lab, &lab.doh, "to-secure.alg13.lab", "A", &[]);
    assert_eq!(
        json["round_trips"], 2,
        "the CNAME target is fetched in the second round"
    );
}

#[test]
fn the_clock_can_be_set() {
    let lab = lab();
    // In 2020 the lab's signatures (made at test time) were not yet valid.
    let (code, json) = check_json(
        lab,
        &lab.doh,
        "www.alg13.lab",
        "A",
        &["--now", "2020-01-01T00:00:00Z"],
    );
    assert_eq!(json["results"][0]["status"], "BOGUS");
    assert_eq!(json["results"][0]["ede"]["code"], 8);
    assert_eq!(code, 1);
    // In mid-January 2020 expired.lab's own signatures were valid, but the lab root's (made
    // at test time) were not yet: the chain now breaks at the root, not at expired.lab.
    let (_, json) = check_json(
        lab,
        &lab.doh,
        "www.expired.lab",
        "A",
        &["--now", "1579046400"],
    );
    let result = &json["results"][0];
    assert_eq!(result["status"], "BOGUS", "{result}");
    assert_eq!(result["broken_zone"], ".", "{result}");
    assert_eq!(result["ede"]["code"], 8, "{result}");
}

#[test]
fn bad_usage_exits_64_with_a_message() {
    for args in [
        vec!["check"],
        vec!["check", "exa mple..com"],
        vec!["check", "192.0.2.1"],
        vec!["check", "example.com", "--type", "BOGUSTYPE"],
        vec!["check", "example.com", "--now", "yesterday"],
        vec!["check", "example.com", "--resolver", "ftp://x"],
        vec!["frobnicate"],
    ] {
        let (code, stdout, stderr) = run_cli(&args);
        assert_eq!(code, 64, "{args:?}: {stdout}");
        assert!(stderr.contains("dnssec-health:"), "{args:?}: {stderr}");
    }
}

/// The same question at the same clock gives the same JSON every time but for the TTLs, which
/// count down in the resolver's cache (resolvers may also rotate the records of an RRset;
/// model.rs's unit test feeds rotated RRsets on purpose).
#[test]
fn the_same_check_gives_the_same_document() {
    let lab = lab();
    let now = ["--now", "1800000000"];
    let runs: Vec<Value> = (0..4)
        .map(|_| without_ttls(check_json(lab, &lab.doh, "www.alg13.lab", "A", &now).1))
        .collect();
    for run in &runs[1..] {
        assert_eq!(run, &runs[0]);
    }
    let keys = runs[0]["results"][0]["chain"][1]["dnskeys"]
        .as_array()
        .unwrap();
    assert_eq!(keys[0]["role"], "KSK", "key-signing keys come first");
}

/// The document with the TTL of every record text (`owner TTL IN TYPE data`) and every
/// `*_ttl` number replaced by 0.
fn without_ttls(value: Value) -> Value {
    match value {
        Value::String(text) => {
            let mut fields: Vec<&str> = text.splitn(4, ' ').collect();
            if fields.len() == 4 && fields[2] == "IN" && fields[1].parse::<u32>().is_ok() {
                fields[1] = "0";
            }
            Value::String(fields.join(" "))
        }
        Value::Array(items) => Value::Array(items.into_iter().map(without_ttls).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| match v {
                    // A zone's ds_ttl and dnskey_ttl count down in the resolver's cache too.
                    Value::Number(_) if k.ends_with("_ttl") => (k, Value::from(0)),
                    v => (k, without_ttls(v)),
                })
                .collect(),
        ),
        other => other,
    }
}
