//! Compare mode (`--compare`) against the test lab's DS rollovers, seen through two resolvers
//! that serve different states (tests/lab/README.md, "The stale world"): the lab's own resolver
//! (`lab.doh`), whose lab. zone has the DS of the new KSK, and the stale one
//! (`lab.resolvers["stale"]`), which still has the DS of the old KSK with a day's TTL, and
//! roll.lab's previous SOA serial. roll.lab is a correct double-KSK rollover (both resolvers
//! validate it); roll-broken.lab already removed the old KSK, so the stale resolver's state is
//! BOGUS while the current one is SECURE.

mod bind_lab;

use bind_lab::{delv_at, lab, run_cli, Lab};
use serde_json::Value;

const SERIAL_NOW: u64 = 2026032502;
const SERIAL_BEFORE: u64 = 2026032501;
/// The DS TTL of the rolled zones in lab. (a TLD's day).
const DS_TTL: u64 = 86400;

/// The stale resolver's DoH URL.
fn stale(lab: &Lab) -> &str {
    &lab.resolvers["stale"]
}

/// `dnssec-health ARGS --trust-anchor LAB --json`: the exit code and the document.
fn cli_json(lab: &Lab, args: &[&str]) -> (i32, Value) {
    let anchor = lab.anchor_file.to_str().unwrap();
    let mut all = args.to_vec();
    all.extend(["--trust-anchor", anchor, "--json"]);
    let (code, stdout, stderr) = run_cli(&all);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: bad JSON ({e}): {stdout}\n{stderr}"));
    (code, json)
}

/// `check NAME --compare --resolver A --resolver B ...`.
fn compare(lab: &Lab, command: &str, name: &str, resolvers: &[&str]) -> (i32, Value) {
    let mut args = vec![command, name, "--compare"];
    for resolver in resolvers {
        args.extend(["--resolver", resolver]);
    }
    cli_json(lab, &args)
}

/// How the comparison names a resolver: by host, or by host and path where two share a host
/// (all the lab's resolvers do).
fn named(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

/// The view of `zone` in one resolver's part of the comparison.
fn zone<'a>(view: &'a Value, zone: &str) -> &'a Value {
    view["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == zone)
        .unwrap_or_else(|| panic!("no zone {zone} in {view:#}"))
}

fn soa<'a>(view: &'a Value, zone: &str) -> &'a Value {
    view["soa"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == zone)
        .unwrap_or_else(|| panic!("no SOA of {zone} in {view:#}"))
}

fn tags(value: &Value) -> Vec<u64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_u64().unwrap())
        .collect()
}

/// Unix seconds as RFC 3339 UTC (days to civil date: H. Hinnant's algorithm), written here
/// so that the test does not lean on the formatting it checks.
fn rfc3339(seconds: u64) -> String {
    let (days, rest) = ((seconds / 86400) as i64, seconds % 86400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[test]
fn rfc3339_of_known_times() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(1_800_000_000), "2027-01-15T08:00:00Z");
    assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
}

#[test]
fn delv_sees_the_rollover_differently_through_the_two_resolvers() {
    let lab = lab();
    for (port, name, want) in [
        (lab.dns_port, "www.roll.lab", "SECURE"),
        (lab.dns_port, "www.roll-broken.lab", "SECURE"),
        (lab.stale_dns_port, "www.roll.lab", "SECURE"),
        (lab.stale_dns_port, "www.roll-broken.lab", "BOGUS"),
        // Everything else is the same world.
        (lab.stale_dns_port, "www.alg13.lab", "SECURE"),
        (lab.stale_dns_port, "www.badsig.lab", "BOGUS"),
    ] {
        let verdict = delv_at(lab, port, name, "A");
        assert_eq!(
            verdict.status, want,
            "{name} via port {port}:\n{}",
            verdict.text
        );
    }
}

#[test]
fn a_correct_double_ksk_rollover_differs_in_the_ds_and_the_serial() {
    let lab = lab();
    let (new, old) = lab.rollovers["roll.lab"];
    assert_ne!(new, old);
    let (code, doc) = compare(lab, "check", "www.roll.lab", &[&lab.doh, stale(lab)]);
    assert_eq!(code, 0, "{doc:#}");
    // The document is the first resolver's, with the comparison of both.
    assert_eq!(doc["status"], "SECURE", "{doc:#}");
    assert_eq!(doc["line"], "www.roll.lab;SECURE");
    assert_eq!(doc["resolvers"], serde_json::json!([lab.doh, stale(lab)]));
    let comparison = &doc["comparison"];
    assert_eq!(comparison["agree"], false, "{comparison:#}");
    let [current, before] = comparison["resolvers"].as_array().unwrap().as_slice() else {
        panic!("two views: {comparison:#}");
    };
    assert_eq!(current["resolver"], lab.doh.as_str());
    assert_eq!(before["resolver"], stale(lab));
    for view in [current, before] {
        assert_eq!(view["status"], "SECURE", "{view:#}");
        assert_eq!(
            view["lookups"],
            serde_json::json!([{"name": "www.roll.lab", "type": "A", "status": "SECURE", "error": null}])
        );
        assert!(view["queries"].as_u64().unwrap() > 0, "{view:#}");
        // The same chain above the rolled zone (its TTLs count down in each resolver's own
        // cache, so only the key material and the verdict are compared).
        for field in ["zone", "status", "ds_tags", "dnskey_tags"] {
            assert_eq!(
                zone(view, "lab")[field],
                zone(current, "lab")[field],
                "{field}"
            );
        }
    }
    // The DS tags differ (new KSK now, old KSK in the stale cache, with a TLD's TTL); both
    // KSKs are in the DNSKEY set either way.
    let (now_zone, stale_zone) = (zone(current, "roll.lab"), zone(before, "roll.lab"));
    assert_eq!(tags(&now_zone["ds_tags"]), [u64::from(new)]);
    assert_eq!(tags(&stale_zone["ds_tags"]), [u64::from(old)]);
    assert_eq!(now_zone["dnskey_tags"], stale_zone["dnskey_tags"]);
    let keys = tags(&now_zone["dnskey_tags"]);
    assert!(
        keys.contains(&u64::from(new)) && keys.contains(&u64::from(old)),
        "{keys:?}"
    );
    // The TTL left in each cache counts down from the DS RRset's TTL (its RRSIG's original
    // TTL, in the document's chain).
    let stale_ttl = stale_zone["ds_ttl"].as_u64().unwrap();
    assert!(stale_ttl > 0 && stale_ttl <= DS_TTL, "{stale_ttl}");
    assert!(now_zone["ds_ttl"].as_u64().unwrap() <= DS_TTL);
    let chain = doc["results"][0]["chain"].as_array().unwrap();
    let rolled = chain.iter().find(|z| z["zone"] == "roll.lab").unwrap();
    assert_eq!(rolled["ds_rrsigs"][0]["original_ttl"], DS_TTL, "{rolled:#}");
    assert!(now_zone["dnskey_ttl"].as_u64().unwrap() <= 3600);
    // The SOA serials: the stale resolver still has the one before the change.
    assert_eq!(soa(current, "roll.lab")["serial"], SERIAL_NOW);
    let stale_soa = soa(before, "roll.lab");
    assert_eq!(stale_soa["serial"], SERIAL_BEFORE);
    // The differences in words: the DS (naming the zone, both tags, the TTL left and until
    // when a CA's cache may keep it) and the serial.
    let (a, b) = (named(&lab.doh), named(stale(lab)));
    let until = rfc3339(doc["now"].as_u64().unwrap() + stale_ttl);
    assert_eq!(
        comparison["differences"],
        serde_json::json!([
            format!(
                "roll.lab: {b} serves DS {old} (TTL {stale_ttl} s left) where {a} serves DS {new}; \
                 {b} sees SECURE, and a CA resolver that cached the same may see SECURE until {until}."
            ),
            format!(
                "roll.lab: {a} has SOA serial {SERIAL_NOW} and {b} serial {SERIAL_BEFORE} (TTL {} s \
                 left): the zone changed, and not every cache has the change yet.",
                stale_soa["ttl"]
            ),
        ]),
        "{comparison:#}"
    );
    assert_eq!(
        comparison["summary"],
        "The 2 resolvers disagree in 2 points: a change is still reaching caches, or a resolver \
         sees a different state."
    );
}

#[test]
fn a_broken_rollover_is_bogus_through_the_stale_resolver_until_its_ds_expires() {
    let lab = lab();
    let (new, old) = lab.rollovers["roll-broken.lab"];
    let (code, doc) = compare(lab, "check", "www.roll-broken.lab", &[&lab.doh, stale(lab)]);
    // The document (and the exit code) is the first resolver's: SECURE.
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["line"], "www.roll-broken.lab;SECURE");
    let comparison = &doc["comparison"];
    assert_eq!(comparison["agree"], false);
    let [current, before] = comparison["resolvers"].as_array().unwrap().as_slice() else {
        panic!("two views: {comparison:#}");
    };
    assert_eq!(current["status"], "SECURE");
    assert_eq!(before["status"], "BOGUS");
    assert_eq!(before["lookups"][0]["error"], "DNSKEY_MISSING");
    let (now_zone, stale_zone) = (
        zone(current, "roll-broken.lab"),
        zone(before, "roll-broken.lab"),
    );
    assert_eq!(tags(&now_zone["ds_tags"]), [u64::from(new)]);
    assert_eq!(tags(&stale_zone["ds_tags"]), [u64::from(old)]);
    // The old KSK is gone from the key set both resolvers get.
    assert_eq!(now_zone["dnskey_tags"], stale_zone["dnskey_tags"]);
    assert!(!tags(&now_zone["dnskey_tags"]).contains(&u64::from(old)));
    // Same zone contents, same serial.
    assert_eq!(soa(current, "roll-broken.lab")["serial"], SERIAL_NOW);
    assert_eq!(soa(before, "roll-broken.lab")["serial"], SERIAL_NOW);
    let stale_ttl = stale_zone["ds_ttl"].as_u64().unwrap();
    assert!(stale_ttl > 0 && stale_ttl <= DS_TTL, "{stale_ttl}");
    let (a, b) = (named(&lab.doh), named(stale(lab)));
    let until = rfc3339(doc["now"].as_u64().unwrap() + stale_ttl);
    assert_eq!(
        comparison["differences"],
        serde_json::json!([
            format!("www.roll-broken.lab/A: {a} gives SECURE, {b} gives BOGUS DNSKEY_MISSING."),
            format!(
                "roll-broken.lab: {b} serves DS {old} (TTL {stale_ttl} s left) where {a} serves DS \
                 {new}; {b} sees BOGUS, and a CA resolver that cached the same may see BOGUS until \
                 {until}."
            ),
        ]),
        "{comparison:#}"
    );

    // The stale resolver first: the document is its own (BOGUS, exit 1), the comparison the
    // same the other way round.
    let (code, doc) = compare(lab, "check", "www.roll-broken.lab", &[stale(lab), &lab.doh]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["line"], "www.roll-broken.lab;BOGUS;DNSKEY_MISSING");
    let differences = doc["comparison"]["differences"].as_array().unwrap();
    assert_eq!(
        differences[0],
        format!("www.roll-broken.lab/A: {b} gives BOGUS DNSKEY_MISSING, {a} gives SECURE.")
    );
    assert!(
        differences[1]
            .as_str()
            .unwrap()
            .starts_with(&format!("roll-broken.lab: {a} serves DS {new} (TTL ")),
        "{differences:#?}"
    );
    assert!(
        differences[1]
            .as_str()
            .unwrap()
            .contains(&format!("where {b} serves DS {old}; {a} sees SECURE")),
        "{differences:#?}"
    );
}

#[test]
fn resolvers_serving_the_same_state_agree() {
    let lab = lab();
    let current = lab.resolvers["current"].as_str();
    assert_ne!(current, lab.doh, "another path to the same resolver");
    for name in ["www.roll.lab", "www.roll-broken.lab"] {
        for resolvers in [
            [lab.doh.as_str(), lab.doh.as_str()],
            [lab.doh.as_str(), current],
            [stale(lab), stale(lab)],
        ] {
            let (_, doc) = compare(lab, "check", name, &resolvers);
            let comparison = &doc["comparison"];
            assert_eq!(
                comparison["agree"], true,
                "{name} {resolvers:?}: {comparison:#}"
            );
            assert_eq!(comparison["differences"], serde_json::json!([]));
            assert_eq!(
                comparison["summary"],
                "All 2 resolvers agree: the same verdicts, DS and DNSKEY sets and SOA serials."
            );
            let views = comparison["resolvers"].as_array().unwrap();
            assert_eq!(views.len(), 2);
            assert_eq!(views[0]["zones"].as_array().unwrap().len(), 3, "{views:#?}");
        }
    }
    // One resolver: nothing to compare with.
    let (_, doc) = compare(lab, "check", "www.roll.lab", &[&lab.doh]);
    assert_eq!(
        doc["comparison"]["summary"],
        "Only one resolver was asked; add another to compare."
    );
    assert_eq!(doc["comparison"]["differences"], serde_json::json!([]));
}

#[test]
fn without_compare_there_is_no_comparison() {
    let lab = lab();
    for command in ["check", "order"] {
        let (code, doc) = cli_json(
            lab,
            &[
                command,
                "www.roll-broken.lab",
                "--resolver",
                stale(lab),
                "--resolver",
                &lab.doh,
            ],
        );
        assert!(doc.get("comparison").is_none(), "{command}: {doc:#}");
        // Without --compare the second resolver is only a fallback: the first one answered.
        assert_eq!(code, 1, "{command}: {doc:#}");
    }
}

#[test]
fn a_failing_resolver_is_compared_on_its_own_without_fallback() {
    let lab = lab();
    let broken = lab.faults["status500"].as_str();
    // Without --compare the failing resolver is skipped.
    let (code, doc) = cli_json(
        lab,
        &[
            "check",
            "www.roll.lab",
            "--resolver",
            broken,
            "--resolver",
            &lab.doh,
        ],
    );
    assert_eq!(
        (code, doc["status"].as_str()),
        (0, Some("SECURE")),
        "{doc:#}"
    );
    // With it, each resolver answers alone: the failing one is INDETERMINATE.
    let (_, doc) = compare(lab, "check", "www.roll.lab", &[&lab.doh, broken]);
    let comparison = &doc["comparison"];
    assert_eq!(comparison["agree"], false);
    assert_eq!(comparison["resolvers"][0]["status"], "SECURE");
    assert_eq!(comparison["resolvers"][1]["status"], "INDETERMINATE");
    assert_eq!(
        comparison["resolvers"][1]["lookups"][0]["error"],
        "IO_EXCEPTION"
    );
    assert_eq!(
        comparison["differences"][0],
        format!(
            "www.roll.lab/A: {} gives SECURE, {} gives INDETERMINATE IO_EXCEPTION.",
            named(&lab.doh),
            named(broken)
        )
    );
}

#[test]
fn order_compare_has_the_comparison() {
    let lab = lab();
    let (new, old) = lab.rollovers["roll-broken.lab"];
    let (code, doc) = compare(lab, "order", "www.roll-broken.lab", &[&lab.doh, stale(lab)]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["line"], "www.roll-broken.lab;SECURE");
    let comparison = &doc["comparison"];
    assert_eq!(comparison["agree"], false, "{comparison:#}");
    let [current, before] = comparison["resolvers"].as_array().unwrap().as_slice() else {
        panic!("two views: {comparison:#}");
    };
    // Every lookup of the order, through each resolver: the CAA climb and the three
    // domain-control records.
    let lookups = |view: &Value| -> Vec<(String, String, String)> {
        view["lookups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["name"].as_str().unwrap().to_string(),
                    l["type"].as_str().unwrap().to_string(),
                    l["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let names: Vec<_> = doc["names"][0]["lookups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["name"].clone(), l["type"].clone()))
        .collect();
    assert_eq!(lookups(current).len(), names.len());
    for (view, (name, rtype)) in lookups(current).iter().zip(&names) {
        assert_eq!(
            (&view.0, &view.1),
            (
                &name.as_str().unwrap().to_string(),
                &rtype.as_str().unwrap().to_string()
            )
        );
        assert_eq!(view.2, "SECURE", "{view:?}");
    }
    // Through the stale resolver everything below roll-broken.lab is BOGUS; lab.'s CAA is not.
    for (name, _, status) in lookups(before) {
        let want = if name.ends_with("roll-broken.lab") {
            "BOGUS"
        } else {
            "SECURE"
        };
        assert_eq!(status, want, "{name}");
    }
    assert_eq!(before["status"], "BOGUS");
    let (a, b) = (named(&lab.doh), named(stale(lab)));
    let differences: Vec<&str> = comparison["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(
        differences.contains(
            &format!("www.roll-broken.lab/CAA: {a} gives SECURE, {b} gives BOGUS DNSKEY_MISSING.")
                .as_str()
        ),
        "{differences:#?}"
    );
    assert!(
        differences.contains(&format!(
            "_acme-challenge.www.roll-broken.lab/TXT: {a} gives SECURE, {b} gives BOGUS DNSKEY_MISSING."
        )
        .as_str()),
        "{differences:#?}"
    );
    let ds = differences
        .iter()
        .find(|d| d.starts_with("roll-broken.lab: "))
        .unwrap_or_else(|| panic!("{differences:#?}"));
    assert!(
        ds.contains(&format!("serves DS {old} (TTL "))
            && ds.contains(&format!("where {a} serves DS {new}; {b} sees BOGUS")),
        "{ds}"
    );
    assert_eq!(soa(current, "roll-broken.lab")["serial"], SERIAL_NOW);
}

#[test]
fn text_output_prints_the_comparison() {
    let lab = lab();
    let anchor = lab.anchor_file.to_str().unwrap();
    let (code, text, stderr) = run_cli(&[
        "check",
        "www.roll-broken.lab",
        "--compare",
        "--resolver",
        &lab.doh,
        "--resolver",
        stale(lab),
        "--trust-anchor",
        anchor,
    ]);
    assert_eq!(code, 0, "{text}\n{stderr}");
    let (a, b) = (named(&lab.doh), named(stale(lab)));
    let start = text
        .find("Resolvers compared: ")
        .unwrap_or_else(|| panic!("no comparison in:\n{text}"));
    let lines: Vec<&str> = text[start..].lines().collect();
    assert_eq!(
        lines[0],
        "Resolvers compared: The 2 resolvers disagree in 2 points: a change is still reaching \
         caches, or a resolver sees a different state."
    );
    assert!(
        lines[1].starts_with(&format!("  {}: SECURE (", lab.doh)),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with(&format!("  {}: BOGUS (", stale(lab))),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[3],
        format!("  - www.roll-broken.lab/A: {a} gives SECURE, {b} gives BOGUS DNSKEY_MISSING.")
    );
    assert!(
        lines[4].starts_with(&format!("  - roll-broken.lab: {b} serves DS ")),
        "{}",
        lines[4]
    );
    // The report's last lines are still the first resolver's.
    assert_eq!(text.lines().last(), Some("www.roll-broken.lab;SECURE"));

    // Without --compare: no comparison; order mode prints it too.
    let (_, text, _) = run_cli(&[
        "check",
        "www.roll-broken.lab",
        "--resolver",
        &lab.doh,
        "--trust-anchor",
        anchor,
    ]);
    assert!(!text.contains("Resolvers compared"), "{text}");
    let (_, text, _) = run_cli(&[
        "order",
        "www.roll-broken.lab",
        "--compare",
        "--resolver",
        &lab.doh,
        "--resolver",
        stale(lab),
        "--trust-anchor",
        anchor,
    ]);
    assert!(
        text.contains("Resolvers compared: The 2 resolvers disagree"),
        "{text}"
    );
}

/// The DS sentence of a zone says what the resolver sees there, not the worst verdict of every
/// name checked: through the stale resolver roll.lab validates (SECURE) even when another name
/// of the same check is BOGUS.
#[test]
fn the_ds_sentence_tells_the_verdict_below_that_zone() {
    let lab = lab();
    let (_, doc) = cli_json(
        lab,
        &[
            "check",
            "www.roll.lab",
            "www.badsig.lab",
            "--compare",
            "--resolver",
            &lab.doh,
            "--resolver",
            stale(lab),
        ],
    );
    let differences = doc["comparison"]["differences"].as_array().unwrap();
    let ds = differences
        .iter()
        .filter_map(Value::as_str)
        .find(|d| d.starts_with("roll.lab: ") && d.contains(" serves DS "))
        .unwrap_or_else(|| panic!("{differences:#?}"));
    assert!(
        ds.contains("sees SECURE") && !ds.contains("BOGUS"),
        "roll.lab validates through both resolvers: {ds}"
    );
}

/// A cache lets go of the old DS at the real time plus the TTL left, whatever validation time
/// `--now` sets for the signatures.
#[test]
fn the_time_until_a_cache_lets_go_follows_the_clock() {
    let lab = lab();
    let (_, doc) = cli_json(
        lab,
        &[
            "check",
            "www.roll-broken.lab",
            "--compare",
            "--resolver",
            &lab.doh,
            "--resolver",
            stale(lab),
            "--now",
            "2030-01-01T00:00:00Z",
        ],
    );
    let clock = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let ttl = zone(&doc["comparison"]["resolvers"][1], "roll-broken.lab")["ds_ttl"]
        .as_u64()
        .unwrap();
    let ds = doc["comparison"]["differences"][1].as_str().unwrap();
    let near = (clock + ttl - 60..=clock + ttl + 60)
        .map(rfc3339)
        .any(|time| ds.ends_with(&format!(" until {time}.")));
    assert!(near, "about {}: {ds}", rfc3339(clock + ttl));
}
