//! `dnssec-health order` against the signed test lab: for each certificate order, the lookups
//! a DNSSEC-validating CA makes (RFC 8659 CAA search, `_acme-challenge` / `_dnsauth` /
//! `_validation-persist` TXT), each lookup's verdict, the CAA decision for the chosen CA, the
//! exact DigiCert line and the exit code. The lab zones are in tests/lab/zones.py
//! (`caa.lab`, `badnsec.lab`, ...); each lookup's verdict agrees with delv through the
//! scenarios of tests/bind_lab/scenarios.rs.

mod bind_lab;

use bind_lab::{lab, run_cli};
use serde_json::Value;

/// Runs `order NAMES... [--ca CA] --json` against the lab; returns the exit code and document.
fn order(names: &[&str], ca: Option<&str>) -> (i32, Value) {
    let lab = lab();
    let anchor = lab.anchor_file.to_str().unwrap();
    let mut args = vec!["order"];
    args.extend_from_slice(names);
    if let Some(ca) = ca {
        args.extend(["--ca", ca]);
    }
    args.extend(["--resolver", &lab.doh, "--trust-anchor", anchor, "--json"]);
    let (code, stdout, stderr) = run_cli(&args);
    let json: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{names:?}: bad JSON ({e}): {stdout}\n{stderr}"));
    (code, json)
}

/// Each lookup as `purpose name type STATUS[ ERROR]`.
fn lookups(name: &Value) -> Vec<String> {
    name["lookups"]
        .as_array()
        .expect("lookups")
        .iter()
        .map(|l| {
            let mut text = format!(
                "{} {} {} {}",
                l["purpose"].as_str().unwrap(),
                l["name"].as_str().unwrap(),
                l["type"].as_str().unwrap(),
                l["status"].as_str().unwrap()
            );
            if let Some(error) = l["error"].as_str() {
                text = format!("{text} {error}");
            }
            text
        })
        .collect()
}

fn dcv(base: &str, status: &str) -> [String; 3] {
    [
        format!("acme-dns-01 _acme-challenge.{base} TXT {status}"),
        format!("dnsauth _dnsauth.{base} TXT {status}"),
        format!("validation-persist _validation-persist.{base} TXT {status}"),
    ]
}

fn with_dcv(caa: &[&str], base: &str) -> Vec<String> {
    let mut all: Vec<String> = caa.iter().map(|s| s.to_string()).collect();
    all.extend(dcv(base, "SECURE"));
    all
}

#[test]
fn caa_at_the_apex_is_inherited_by_a_subdomain() {
    let (code, doc) = order(&["www.caa.lab", "caa.lab"], Some("letsencrypt.org"));
    assert_eq!(code, 0);
    assert_eq!(doc["line"], "www.caa.lab;SECURE,caa.lab;SECURE");
    let www = &doc["names"][0];
    // The search stops at the first non-empty RRset: lab. is never asked.
    assert_eq!(
        lookups(www),
        with_dcv(
            &["caa www.caa.lab CAA SECURE", "caa caa.lab CAA SECURE"],
            "www.caa.lab"
        )
    );
    assert_eq!(www["caa"]["relevant_name"], "caa.lab");
    assert_eq!(www["caa"]["complete"], true);
    assert_eq!(www["caa"]["ca_may_issue"], true);
    assert_eq!(
        www["caa"]["policy"]["issuers"],
        serde_json::json!(["letsencrypt.org"])
    );
    assert_eq!(
        www["caa"]["policy"]["iodef"],
        serde_json::json!(["mailto:security@caa.lab"])
    );
    assert_eq!(www["caa"]["records"].as_array().unwrap().len(), 3);
    assert_eq!(
        www["reason"],
        "All 5 lookups a CA makes for www.caa.lab validate."
    );
}

#[test]
fn caa_that_forbids_the_chosen_ca() {
    let (code, doc) = order(
        &["www.caa.lab", "sub.caa.lab", "www.sub.caa.lab"],
        Some("digicert.com"),
    );
    // DNSSEC is fine: CAA decides issuance, not the DNSSEC status or the exit code.
    assert_eq!(code, 0);
    assert_eq!(
        doc["line"],
        "www.caa.lab;SECURE,sub.caa.lab;SECURE,www.sub.caa.lab;SECURE"
    );
    let www = &doc["names"][0];
    assert_eq!(www["caa"]["ca_may_issue"], false);
    let summary = www["caa"]["summary"].as_str().unwrap();
    assert!(
        summary.contains("only letsencrypt.org may issue")
            && summary.contains("digicert.com may not issue for www.caa.lab")
            && summary.contains("caa.lab. CAA 0 issue \"digicert.com\""),
        "{summary}"
    );
    for name in &doc["names"].as_array().unwrap()[1..] {
        assert_eq!(name["caa"]["relevant_name"], "sub.caa.lab", "{name}");
        assert_eq!(name["caa"]["ca_may_issue"], true, "{name}");
    }
}

#[test]
fn wildcard_order_applies_issuewild_at_the_base_name() {
    let (code, doc) = order(&["*.caa.lab", "*.sub.caa.lab"], Some("letsencrypt.org"));
    assert_eq!(code, 0);
    assert_eq!(doc["line"], "*.caa.lab;SECURE,*.sub.caa.lab;SECURE");
    let wildcard = &doc["names"][0];
    assert_eq!(
        lookups(wildcard),
        with_dcv(&["caa caa.lab CAA SECURE"], "caa.lab")
    );
    // issuewild ";" at caa.lab: no CA may issue a wildcard, although letsencrypt.org may
    // issue for caa.lab itself.
    assert_eq!(
        wildcard["caa"]["policy"]["wildcard_issuers"],
        serde_json::json!([])
    );
    assert_eq!(wildcard["caa"]["ca_may_issue"], false);
    assert!(wildcard["caa"]["summary"]
        .as_str()
        .unwrap()
        .contains("for wildcard names, no CA may issue"));
    // Without issuewild, issue applies to wildcards too (RFC 8659 §4.3).
    let sub = &doc["names"][1];
    assert_eq!(sub["caa"]["relevant_name"], "sub.caa.lab");
    assert_eq!(sub["caa"]["ca_may_issue"], false);
    let (_, doc) = order(&["*.sub.caa.lab"], Some("digicert.com"));
    assert_eq!(doc["names"][0]["caa"]["ca_may_issue"], true);
}

#[test]
fn caa_absent_with_a_proven_denial_climbs_to_the_tld() {
    let (code, doc) = order(&["www.alg13.lab"], Some("digicert.com"));
    assert_eq!(code, 0);
    assert_eq!(doc["line"], "www.alg13.lab;SECURE");
    let name = &doc["names"][0];
    assert_eq!(
        lookups(name),
        with_dcv(
            &[
                "caa www.alg13.lab CAA SECURE",
                "caa alg13.lab CAA SECURE",
                "caa lab CAA SECURE"
            ],
            "www.alg13.lab"
        )
    );
    assert_eq!(name["caa"]["relevant_name"], Value::Null);
    assert_eq!(name["caa"]["ca_may_issue"], true);
}

#[test]
fn caa_absent_with_an_unproven_denial_stops_the_ca() {
    let (code, doc) = order(&["www.stripnsec.lab"], Some("digicert.com"));
    assert_eq!(code, 1);
    assert_eq!(doc["line"], "www.stripnsec.lab;BOGUS;NSEC_MISSING");
    let name = &doc["names"][0];
    // The CAA lookup is a NODATA without NSEC (dnsjava: EDE 12), the TXT lookups NXDOMAINs
    // without NSEC (dnsjava overwrites 12 with 6).
    let mut want = vec!["caa www.stripnsec.lab CAA BOGUS NSEC_MISSING".to_string()];
    want.extend(dcv("www.stripnsec.lab", "BOGUS DNSSEC_BOGUS"));
    assert_eq!(lookups(name), want);
    assert_eq!(name["decisive_lookup"], 0);
    assert_eq!(name["caa"]["complete"], false);
    assert_eq!(name["caa"]["ca_may_issue"], Value::Null);
    assert!(name["reason"]
        .as_str()
        .unwrap()
        .starts_with("CAA lookup at www.stripnsec.lab: "));
    assert!(name["fix"].as_str().unwrap().contains("NSEC"));
}

#[test]
fn caa_behind_a_cname_is_the_target_s_rrset() {
    let (code, doc) = order(&["alias.caa.lab"], Some("sectigo.com"));
    assert_eq!(code, 0);
    let name = &doc["names"][0];
    assert_eq!(name["caa"]["relevant_name"], "alias.caa.lab");
    assert_eq!(
        name["caa"]["policy"]["issuers"],
        serde_json::json!(["sectigo.com"])
    );
    assert_eq!(name["caa"]["ca_may_issue"], true);
    // The CAA lookup validated both links: the CNAME in caa.lab and the CAA in alg13.lab.
    let links: Vec<&str> = name["lookups"][0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(links, ["alias.caa.lab", "caa-target.alg13.lab"]);
    // The records to edit are those of the alias target.
    assert_eq!(name["caa"]["owner"], "caa-target.alg13.lab");
    let (_, doc) = order(&["alias.caa.lab"], Some("digicert.com"));
    let summary = doc["names"][0]["caa"]["summary"].as_str().unwrap();
    assert!(
        summary.contains("those of caa-target.alg13.lab, the alias target of alias.caa.lab")
            && summary
                .contains("add the record caa-target.alg13.lab. CAA 0 issue \"digicert.com\""),
        "{summary}"
    );
}

#[test]
fn caa_parameters_are_conditions_on_issuance() {
    let (_, doc) = order(&["cond.caa.lab"], Some("letsencrypt.org"));
    let caa = &doc["names"][0]["caa"];
    assert_eq!(caa["ca_may_issue"], true);
    let summary = caa["summary"].as_str().unwrap();
    assert!(
        summary.contains(
            "letsencrypt.org may issue for cond.caa.lab on the conditions validationmethods=dns-01"
        ),
        "{summary}"
    );
}

#[test]
fn a_resolver_failure_stops_the_search_without_a_verdict_on_caa() {
    let lab = lab();
    let anchor = lab.anchor_file.to_str().unwrap();
    let servfail = &lab.faults["servfail"];
    let (code, stdout, _) = run_cli(&[
        "order",
        "www.caa.lab",
        "--ca",
        "digicert.com",
        "--resolver",
        servfail,
        "--trust-anchor",
        anchor,
        "--json",
    ]);
    assert_eq!(code, 2);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["line"], "www.caa.lab;INDETERMINATE;OTHER");
    let caa = &doc["names"][0]["caa"];
    assert_eq!(caa["complete"], false);
    assert_eq!(caa["ca_may_issue"], Value::Null);
    assert!(caa["summary"]
        .as_str()
        .unwrap()
        .contains("may refuse to issue"));
}

#[test]
fn unknown_critical_caa_tag_forbids_every_ca() {
    let (_, doc) = order(&["crit.caa.lab"], Some("digicert.com"));
    let caa = &doc["names"][0]["caa"];
    assert_eq!(
        caa["policy"]["unknown_critical"],
        serde_json::json!(["tbs"])
    );
    assert_eq!(caa["ca_may_issue"], false);
}

#[test]
fn acme_challenge_cname_into_secure_insecure_and_bogus_zones() {
    let (code, doc) = order(
        &["secure.caa.lab", "insecure.caa.lab", "bogus.caa.lab"],
        None,
    );
    assert_eq!(code, 1);
    assert_eq!(
        doc["line"],
        "secure.caa.lab;SECURE,insecure.caa.lab;INSECURE,bogus.caa.lab;BOGUS;DNSSEC_BOGUS"
    );
    assert_eq!(doc["ca"], Value::Null);
    for (index, status) in [(0, "SECURE"), (1, "INSECURE"), (2, "BOGUS")] {
        let name = &doc["names"][index];
        let acme = &name["lookups"][2];
        assert_eq!(acme["purpose"], "acme-dns-01", "{name}");
        assert_eq!(acme["status"], status, "{name}");
        assert_eq!(acme["links"].as_array().unwrap().len(), 2, "{acme}");
        // The CAA search (an empty non-terminal, then caa.lab) validates in every case.
        assert_eq!(name["lookups"][0]["status"], "SECURE");
        assert_eq!(name["lookups"][1]["status"], "SECURE");
        assert_eq!(name["caa"]["relevant_name"], "caa.lab");
        if status != "SECURE" {
            assert_eq!(name["decisive_lookup"], 2, "{name}");
            let reason = name["reason"].as_str().unwrap();
            assert!(
                reason.starts_with(&format!(
                    "TXT lookup at _acme-challenge.{}: ",
                    name["name"].as_str().unwrap()
                )),
                "{reason}"
            );
        }
    }
    let bogus = &doc["names"][2];
    assert_eq!(bogus["error"], "DNSSEC_BOGUS");
    assert!(bogus["reason"]
        .as_str()
        .unwrap()
        .contains("token.badsig.lab"));
}

#[test]
fn bogus_parent_fails_the_order_of_a_secure_child_name() {
    // The name itself validates...
    let lab = lab();
    let anchor = lab.anchor_file.to_str().unwrap();
    let (code, stdout, _) = run_cli(&[
        "check",
        "www.child.badnsec.lab",
        "--resolver",
        &lab.doh,
        "--trust-anchor",
        anchor,
    ]);
    assert_eq!(code, 0);
    assert!(
        stdout.ends_with("www.child.badnsec.lab;SECURE\n"),
        "{stdout}"
    );
    // ...but the CAA search climbs into the parent, whose denial is bogus.
    let (code, doc) = order(&["www.child.badnsec.lab"], Some("digicert.com"));
    assert_eq!(code, 1);
    assert_eq!(doc["line"], "www.child.badnsec.lab;BOGUS;DNSSEC_BOGUS");
    let name = &doc["names"][0];
    let mut want = vec![
        "caa www.child.badnsec.lab CAA SECURE".to_string(),
        "caa child.badnsec.lab CAA SECURE".to_string(),
        "caa badnsec.lab CAA BOGUS DNSSEC_BOGUS".to_string(),
    ];
    want.extend(dcv("www.child.badnsec.lab", "SECURE"));
    assert_eq!(lookups(name), want);
    assert_eq!(name["decisive_lookup"], 2);
    assert_eq!(name["caa"]["complete"], false);
    assert!(name["caa"]["summary"]
        .as_str()
        .unwrap()
        .contains("stops at badnsec.lab"));
}

#[test]
fn mixed_order_where_one_name_fails() {
    let (code, doc) = order(
        &["www.caa.lab,bogus.caa.lab", "www.unsigned.lab"],
        Some("letsencrypt.org"),
    );
    assert_eq!(code, 1);
    assert_eq!(
        doc["line"],
        "www.caa.lab;SECURE,bogus.caa.lab;BOGUS;DNSSEC_BOGUS,www.unsigned.lab;INSECURE"
    );
    assert_eq!(doc["status"], "BOGUS", "the worst of the names");
    let statuses: Vec<&str> = doc["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["SECURE", "BOGUS", "INSECURE"]);
    // Concurrency: the whole order, every climb included, in a few rounds.
    assert!(
        doc["round_trips"].as_u64().unwrap() <= 3,
        "{}",
        doc["round_trips"]
    );
}

#[test]
fn human_output_ends_with_the_order_line() {
    let lab = lab();
    let anchor = lab.anchor_file.to_str().unwrap();
    let (code, stdout, _) = run_cli(&[
        "order",
        "www.caa.lab",
        "*.caa.lab",
        "--ca",
        "letsencrypt.org",
        "--resolver",
        &lab.doh,
        "--trust-anchor",
        anchor,
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("lookups a CA makes:"), "{stdout}");
    assert!(
        stdout.contains("letsencrypt.org may not issue for *.caa.lab"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("www.caa.lab;SECURE,*.caa.lab;SECURE\n"),
        "{stdout}"
    );
}

#[test]
fn order_usage_errors_exit_64() {
    for args in [
        &["order"][..],
        &["order", "www.*.example"],
        &["order", "example.com", "--ca", "*.bad"],
        &["order", "example.com", "--type", "A"],
        &["check", "example.com", "--ca", "digicert.com"],
    ] {
        let (code, _, stderr) = run_cli(args);
        assert_eq!(code, 64, "{args:?}");
        assert!(stderr.contains("dnssec-health:"), "{args:?}: {stderr}");
    }
}

// ---------------------------------------------------------------------------------------------
// The CA's caa_dnssec_error message, pasted back: recheck (then -> now)
// ---------------------------------------------------------------------------------------------

/// The CA's message of the recheck tests: a name fixed since, one still failing, one that
/// was and is fine.
const CA_LINE: &str =
    "www.alg13.lab;BOGUS;DNSSEC_BOGUS,www.stripnsec.lab;BOGUS;NSEC_MISSING,www.caa.lab;SECURE";

/// Runs `ARGS... --resolver LAB --trust-anchor ANCHOR [--json]`; returns the exit code,
/// stdout and stderr.
fn lab_cli(args: &[&str], json: bool) -> (i32, String, String) {
    let lab = lab();
    let anchor = lab.anchor_file.to_str().unwrap();
    let mut all = args.to_vec();
    all.extend(["--resolver", &lab.doh, "--trust-anchor", anchor]);
    if json {
        all.push("--json");
    }
    run_cli(&all)
}

/// `lab_cli(args, true)` with stdout read as JSON.
fn lab_json(args: &[&str]) -> (i32, Value) {
    let (code, stdout, stderr) = lab_cli(args, true);
    let json: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: bad JSON ({e}): {stdout}\n{stderr}"));
    (code, json)
}

/// What the CA saw and the then -> now sentence of each name: the fix of www.alg13.lab is
/// visible, www.stripnsec.lab still fails the same way, www.caa.lab was and is SECURE.
#[track_caller]
fn assert_recheck_document(doc: &Value) {
    assert_eq!(
        doc["line"],
        "www.alg13.lab;SECURE,www.stripnsec.lab;BOGUS;NSEC_MISSING,www.caa.lab;SECURE"
    );
    assert_eq!(doc["status"], "BOGUS", "the worst of the names now");
    let names = doc["names"].as_array().expect("an order document");
    let listed: Vec<&str> = names.iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert_eq!(
        listed,
        ["www.alg13.lab", "www.stripnsec.lab", "www.caa.lab"]
    );
    let saw: Vec<Value> = names.iter().map(|n| n["ca_saw"].clone()).collect();
    assert_eq!(
        saw,
        [
            serde_json::json!({"name": "www.alg13.lab", "status": "BOGUS", "error": "DNSSEC_BOGUS"}),
            serde_json::json!({"name": "www.stripnsec.lab", "status": "BOGUS", "error": "NSEC_MISSING"}),
            serde_json::json!({"name": "www.caa.lab", "status": "SECURE", "error": null}),
        ]
    );
    let (fixed, still, fine) = (&names[0], &names[1], &names[2]);
    assert_eq!(
        (&fixed["status"], &fixed["error"]),
        (&"SECURE".into(), &Value::Null)
    );
    assert_eq!(
        fixed["then_now"],
        "The CA saw BOGUS DNSSEC_BOGUS; now SECURE: the fix is visible. Ask the CA to retry \
         validation (a CA resolver may keep the old answers until their TTLs run out)."
    );
    assert_eq!(
        (&still["status"], &still["error"]),
        (&"BOGUS".into(), &"NSEC_MISSING".into())
    );
    let reason = still["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("CAA lookup at www.stripnsec.lab: ") && reason.contains("no NSEC"),
        "{reason}"
    );
    assert_eq!(
        still["then_now"],
        format!("The CA saw BOGUS NSEC_MISSING; still BOGUS NSEC_MISSING: {reason}")
    );
    assert_eq!(fine["status"], "SECURE");
    assert_eq!(
        fine["then_now"],
        "The CA saw SECURE; still SECURE: nothing to fix here."
    );
    // The recheck is a whole order: the CA's lookups of each name.
    assert_eq!(
        lookups(fine),
        with_dcv(
            &["caa www.caa.lab CAA SECURE", "caa caa.lab CAA SECURE"],
            "www.caa.lab"
        )
    );
}

#[test]
fn recheck_says_then_and_now_for_each_name() {
    let message = format!("caa_dnssec_error: {CA_LINE}");
    let (code, doc) = lab_json(&["recheck", &message]);
    assert_eq!(code, 1, "the exit code follows the worst status now");
    assert_recheck_document(&doc);
    // The message split by the shell into several arguments is read as one.
    let (code, doc) = lab_json(&["recheck", "caa_dnssec_error:", CA_LINE]);
    assert_eq!(code, 1);
    assert_recheck_document(&doc);
}

#[test]
fn recheck_reads_the_api_s_json_error_object() {
    let object = serde_json::json!({
        "errors": [{"code": "caa_dnssec_error", "message": CA_LINE}]
    })
    .to_string();
    let (code, doc) = lab_json(&["recheck", &object]);
    assert_eq!(code, 1);
    assert_recheck_document(&doc);
}

#[test]
fn a_ca_message_given_to_check_is_rechecked_as_an_order() {
    let (code, doc) = lab_json(&["check", "www.alg13.lab;BOGUS;DNSSEC_BOGUS"]);
    assert_eq!(code, 0, "SECURE now");
    assert_eq!(doc["line"], "www.alg13.lab;SECURE");
    assert!(doc.get("results").is_none(), "an order document: {doc}");
    let name = &doc["names"][0];
    assert_eq!(
        name["ca_saw"],
        serde_json::json!({"name": "www.alg13.lab", "status": "BOGUS", "error": "DNSSEC_BOGUS"})
    );
    assert!(
        name["then_now"]
            .as_str()
            .unwrap()
            .starts_with("The CA saw BOGUS DNSSEC_BOGUS; now SECURE: the fix is visible."),
        "{name}"
    );
    assert_eq!(name["lookups"].as_array().unwrap().len(), 6, "{name}");
    // And the same document as recheck (but for the TTLs the resolver's cache counts down).
    let (_, recheck) = lab_json(&["recheck", "www.alg13.lab;BOGUS;DNSSEC_BOGUS"]);
    assert_eq!(recheck["names"][0]["then_now"], name["then_now"]);
    assert_eq!(recheck["line"], doc["line"]);
}

#[test]
fn a_malformed_ca_message_is_a_usage_error_quoting_the_part() {
    for args in [
        &["recheck", "www.alg13.lab;BOGUS;NOPE"][..],
        &["check", "www.alg13.lab;BOGUS;NOPE"],
        &["order", "www.caa.lab", "www.alg13.lab;BOGUS;NOPE"],
        &["recheck", "www.caa.lab;SECURE,www.alg13.lab;BOGUS;NOPE"],
    ] {
        let (code, stdout, stderr) = lab_cli(args, true);
        assert_eq!(code, 64, "{args:?}: {stdout}{stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(
            stderr.contains("\"www.alg13.lab;BOGUS;NOPE\"") && stderr.contains("cannot be read"),
            "{args:?}: {stderr}"
        );
    }
    // Not a CA message at all, and --type with one (which is rechecked as an order).
    let (code, _, stderr) = lab_cli(&["recheck", "www.alg13.lab"], false);
    assert_eq!(code, 64);
    assert!(stderr.contains("is not a CA message"), "{stderr}");
    let (code, _, stderr) = lab_cli(
        &["check", "www.alg13.lab;BOGUS;DNSSEC_BOGUS", "--type", "TXT"],
        false,
    );
    assert_eq!(code, 64);
    assert!(stderr.contains("--type does not apply"), "{stderr}");
}

#[test]
fn recheck_text_shows_then_and_now() {
    let (code, stdout, _) = lab_cli(&["recheck", CA_LINE], false);
    assert_eq!(code, 1);
    for line in [
        "www.alg13.lab: SECURE\n  then → now: The CA saw BOGUS DNSSEC_BOGUS; now SECURE: the fix is visible.",
        "www.stripnsec.lab: BOGUS (NSEC_MISSING)\n  then → now: The CA saw BOGUS NSEC_MISSING; still BOGUS NSEC_MISSING: CAA lookup at www.stripnsec.lab: ",
        "www.caa.lab: SECURE\n  then → now: The CA saw SECURE; still SECURE: nothing to fix here.\n",
    ] {
        assert!(stdout.contains(line), "{line:?} not in:\n{stdout}");
    }
    assert!(
        stdout.ends_with(
            "\nwww.alg13.lab;SECURE,www.stripnsec.lab;BOGUS;NSEC_MISSING,www.caa.lab;SECURE\n"
        ),
        "{stdout}"
    );
    // A plain order has no then -> now lines.
    let (_, stdout, _) = lab_cli(&["order", "www.alg13.lab"], false);
    assert!(!stdout.contains("then → now"), "{stdout}");
}

#[test]
fn plain_orders_have_no_ca_verdict() {
    let (code, doc) = order(&["www.alg13.lab", "www.stripnsec.lab"], None);
    assert_eq!(code, 1);
    for name in doc["names"].as_array().unwrap() {
        let fields = name.as_object().unwrap();
        assert_eq!(fields.get("ca_saw"), Some(&Value::Null), "{name}");
        assert_eq!(fields.get("then_now"), Some(&Value::Null), "{name}");
    }
}
