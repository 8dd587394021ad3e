//! Warnings before failure against the real signed test lab (tests/lab/README.md, "Warnings
//! before failure"): every warning code fires on the zone made for it, with its severity and
//! zone, while the name still validates; `--strict`, `--at` and `--warn-days` do what they
//! say; and the healthy scenarios of the lab raise no warning at all.

mod bind_lab;

use bind_lab::{lab, run_cli, Lab, SCENARIOS};
use serde_json::Value;

/// The warning codes of `WarningCode` (README "Warnings").
const CODES: &[&str] = &[
    "SIGNATURE_EXPIRES_SOON",
    "SIGNATURE_NOT_YET_VALID_SOON",
    "ALGORITHM_DEPRECATED",
    "DIGEST_DEPRECATED",
    "RSA_KEY_SHORT",
    "NSEC3_PARAMETERS",
    "DS_WITHOUT_KEY",
    "KEY_WITHOUT_DS",
    "STANDBY_KEY_MISSING_SIGNATURE",
    "CDS_MISMATCH",
    "CDS_DELETE",
    "DNSKEY_SET_LARGE",
    "TTL_ABOVE_VALIDITY",
    "ORIGINAL_TTL_MISMATCH",
];

/// Where a warning is found: in the zone's own entry of the chain (`results[].chain[]`,
/// keys, DS and the signatures over them) or only in the lookup's list (the answer's
/// signatures and its denial).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Level {
    Zone,
    Lookup,
}

/// One scenario per warning: (name, type, code, severity, zone, level, what the zone has).
/// `www.fresh.lab` (SIGNATURE_NOT_YET_VALID_SOON) depends on when the lab was signed and is
/// tested on its own, with `--at`.
#[rustfmt::skip]
const WARNING_SCENARIOS: &[(&str, &str, &str, &str, &str, Level, &str)] = &[
    ("www.expire3d.lab", "A", "SIGNATURE_EXPIRES_SOON", "warning", "expire3d.lab", Level::Zone, "signatures expiring in 3 days"),
    ("www.expire12h.lab", "A", "SIGNATURE_EXPIRES_SOON", "critical", "expire12h.lab", Level::Zone, "signatures expiring in 12 hours"),
    ("long.longttl.lab", "A", "TTL_ABOVE_VALIDITY", "warning", "longttl.lab", Level::Lookup, "TTL above the signature's validity"),
    ("www.alg5.lab", "A", "ALGORITHM_DEPRECATED", "warning", "alg5.lab", Level::Zone, "RSASHA1"),
    ("www.alg7.lab", "A", "ALGORITHM_DEPRECATED", "warning", "alg7.lab", Level::Zone, "RSASHA1-NSEC3-SHA1"),
    ("www.ds1.lab", "A", "DIGEST_DEPRECATED", "warning", "ds1.lab", Level::Zone, "only a SHA-1 DS"),
    ("www.ds12.lab", "A", "DIGEST_DEPRECATED", "notice", "ds12.lab", Level::Zone, "a SHA-1 DS beside a SHA-256 one"),
    ("www.rsa1024.lab", "A", "RSA_KEY_SHORT", "notice", "rsa1024.lab", Level::Zone, "a 1024-bit RSA ZSK"),
    ("www.rsa768.lab", "A", "RSA_KEY_SHORT", "warning", "rsa768.lab", Level::Zone, "a 768-bit RSA ZSK"),
    ("nope.nsec3iter.lab", "A", "NSEC3_PARAMETERS", "notice", "nsec3iter.lab", Level::Lookup, "NSEC3 with 10 iterations and a salt"),
    ("nope.nsec3max.lab", "A", "NSEC3_PARAMETERS", "warning", "nsec3max.lab", Level::Lookup, "NSEC3 with 150 iterations"),
    ("foo.w.optout.lab", "TXT", "NSEC3_PARAMETERS", "notice", "optout.lab", Level::Lookup, "NSEC3 opt-out"),
    ("www.ds-extra.lab", "A", "DS_WITHOUT_KEY", "warning", "ds-extra.lab", Level::Zone, "a DS of an unpublished key beside the right one"),
    ("www.ksk-nods.lab", "A", "KEY_WITHOUT_DS", "notice", "ksk-nods.lab", Level::Zone, "a second KSK without DS"),
    ("www.ds-standby.lab", "A", "STANDBY_KEY_MISSING_SIGNATURE", "notice", "ds-standby.lab", Level::Zone, "a KSK with DS that does not sign the key set"),
    ("www.cds-new.lab", "A", "CDS_MISMATCH", "warning", "cds-new.lab", Level::Zone, "CDS of a new KSK, DS of the old one"),
    ("www.cds-delete.lab", "A", "CDS_DELETE", "warning", "cds-delete.lab", Level::Zone, "CDS delete with the DS still published"),
    ("www.bigkeys.lab", "A", "DNSKEY_SET_LARGE", "warning", "bigkeys.lab", Level::Zone, "a DNSKEY answer of about 2.3 kB"),
    ("www.ttlraised.lab", "A", "ORIGINAL_TTL_MISMATCH", "notice", "ttlraised.lab", Level::Lookup, "TTL 7200 above the signed 3600"),
];

/// The lab zones made for a warning (tests/lab/zones.py, WARNING_ZONES).
const WARNING_ZONES: &[&str] = &[
    "expire3d.lab",
    "expire12h.lab",
    "fresh.lab",
    "longttl.lab",
    "ds12.lab",
    "rsa1024.lab",
    "rsa768.lab",
    "ds-extra.lab",
    "ksk-nods.lab",
    "ds-standby.lab",
    "cds-new.lab",
    "cds-delete.lab",
    "bigkeys.lab",
    "ttlraised.lab",
];

/// Older lab zones that raise a warning by design, so their scenarios are not in the healthy
/// set; every other SECURE or INSECURE scenario of `SCENARIOS` is.
const WARNING_BY_DESIGN: &[(&str, &str)] = &[
    ("alg5.lab", "RSASHA1: ALGORITHM_DEPRECATED (RFC 9905)"),
    (
        "alg7.lab",
        "RSASHA1-NSEC3-SHA1: ALGORITHM_DEPRECATED (RFC 9905)",
    ),
    ("ds1.lab", "its only DS is SHA-1: DIGEST_DEPRECATED"),
    (
        "nsec3iter.lab",
        "10 NSEC3 iterations and a salt: NSEC3_PARAMETERS on its denials",
    ),
    (
        "nsec3big.lab",
        "200 NSEC3 iterations: NSEC3_PARAMETERS on its denials",
    ),
    (
        "nsec3max.lab",
        "150 NSEC3 iterations: NSEC3_PARAMETERS on its denials",
    ),
    (
        "optout.lab",
        "NSEC3 opt-out: a notice on denials from it (child.optout.lab below it goes too)",
    ),
    (
        "roll.lab",
        "a double-KSK rollover: the old KSK still signs the key set without DS (KEY_WITHOUT_DS)",
    ),
];

fn at_or_below(name: &str, zone: &str) -> bool {
    name == zone || name.ends_with(&format!(".{zone}"))
}

/// Why a scenario is left out of the healthy set, if it is.
fn excluded(name: &str) -> Option<String> {
    if let Some(zone) = WARNING_ZONES.iter().find(|z| at_or_below(name, z)) {
        return Some(format!("{zone} is a warning zone of this test"));
    }
    WARNING_BY_DESIGN
        .iter()
        .find(|(zone, _)| at_or_below(name, zone))
        .map(|(zone, why)| format!("{zone}: {why}"))
}

fn check(lab: &Lab, names: &[&str], extra: &[&str]) -> (i32, Value, String) {
    let anchor = lab.anchor_file.to_str().unwrap();
    let mut args = vec!["check"];
    args.extend_from_slice(names);
    args.extend_from_slice(&[
        "--resolver",
        lab.doh.as_str(),
        "--trust-anchor",
        anchor,
        "--json",
    ]);
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run_cli(&args);
    let json: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{names:?}: bad JSON ({e}): {stdout}\n{stderr}"));
    (code, json, stderr)
}

/// `check NAME --type RTYPE --json` plus `extra`: the exit code and `results[0]`.
fn check_one(lab: &Lab, name: &str, rtype: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--type", rtype];
    args.extend_from_slice(extra);
    let (code, json, _) = check(lab, &[name], &args);
    (code, json["results"][0].clone())
}

fn warnings(result: &Value) -> &Vec<Value> {
    result["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("no warnings array: {result:#}"))
}

fn codes(result: &Value) -> Vec<(String, String, String)> {
    warnings(result)
        .iter()
        .map(|w| {
            (
                w["code"].as_str().unwrap_or("?").to_string(),
                w["severity"].as_str().unwrap_or("?").to_string(),
                w["zone"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect()
}

fn has(result: &Value, code: &str, severity: &str, zone: &str) -> bool {
    warnings(result)
        .iter()
        .any(|w| w["code"] == code && w["severity"] == severity && w["zone"] == zone)
}

/// Every chain entry of the lookup: `chain` and each link's `chain`.
fn chain_zones(result: &Value) -> Vec<&Value> {
    let mut out: Vec<&Value> = result["chain"].as_array().into_iter().flatten().collect();
    for link in result["links"].as_array().into_iter().flatten() {
        out.extend(link["chain"].as_array().into_iter().flatten());
    }
    out
}

/// The warning object has exactly the documented keys, a known code and severity, records
/// and non-empty sentences.
#[track_caller]
fn assert_well_formed(w: &Value, context: &str) {
    let keys: Vec<&str> = w
        .as_object()
        .unwrap_or_else(|| panic!("{context}: warning is not an object: {w}"))
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["code", "fix", "message", "records", "severity", "zone"],
        "{context}: {w:#}"
    );
    assert!(
        CODES.contains(&w["code"].as_str().unwrap_or("")),
        "{context}: unknown code in {w:#}"
    );
    assert!(
        ["notice", "warning", "critical"].contains(&w["severity"].as_str().unwrap_or("")),
        "{context}: {w:#}"
    );
    assert!(
        !w["zone"].as_str().unwrap_or("").is_empty(),
        "{context}: {w:#}"
    );
    let records = w["records"].as_array().expect("records array");
    assert!(
        !records.is_empty() && records.iter().all(|r| !r.as_str().unwrap_or("").is_empty()),
        "{context}: {w:#}"
    );
    for key in ["message", "fix"] {
        assert!(
            w[key].as_str().is_some_and(|s| !s.trim().is_empty()),
            "{context}: empty {key} in {w:#}"
        );
    }
}

/// Unix seconds of an RFC 3339 time as the report writes it (`2026-11-30T08:01:15Z`).
fn unix_seconds(rfc3339: &str) -> i64 {
    let field = |range: std::ops::Range<usize>| -> i64 {
        rfc3339[range]
            .parse()
            .unwrap_or_else(|_| panic!("not RFC 3339: {rfc3339}"))
    };
    assert!(rfc3339.len() == 20 && rfc3339.ends_with('Z'), "{rfc3339}");
    let (y, m, d) = (field(0..4), field(5..7), field(8..10));
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + field(11..13) * 3600 + field(14..16) * 60 + field(17..19)
}

/// The validity window (unix seconds) of the RRSIG over the answer of `result`.
fn answer_window(result: &Value) -> (i64, i64) {
    let sig = &result["links"][0]["rrsigs"][0];
    (
        unix_seconds(sig["inception"].as_str().expect("inception")),
        unix_seconds(sig["expiration"].as_str().expect("expiration")),
    )
}

fn clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn rfc3339_helper() {
    assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), 0);
    assert_eq!(unix_seconds("2023-11-14T22:13:20Z"), 1_700_000_000);
    assert_eq!(unix_seconds("2027-01-15T08:00:00Z"), 1_800_000_000);
}

#[test]
fn every_warning_code_fires_on_its_zone_which_still_validates() {
    let lab = lab();
    let mut failures = Vec::new();
    for &(name, rtype, code, severity, zone, level, what) in WARNING_SCENARIOS {
        let (exit, result) = check_one(lab, name, rtype, &[]);
        let status = result["status"].as_str().unwrap_or("?");
        let want_status = SCENARIOS
            .iter()
            .find(|s| s.name == name && s.rtype == rtype)
            .map_or("SECURE", |s| s.delv);
        if status != want_status || exit != 0 {
            failures.push(format!(
                "{name} {rtype} ({what}): {status}, exit {exit}, want {want_status}, exit 0: {}",
                result["reason"]
            ));
            continue;
        }
        if !has(&result, code, severity, zone) {
            failures.push(format!(
                "{name} {rtype} ({what}): no {code}/{severity} for {zone}; warnings: {:#}",
                result["warnings"]
            ));
            continue;
        }
        for w in warnings(&result) {
            assert_well_formed(w, name);
        }
        // A zone's own findings are in its entry of the chain too, and only there.
        let entry = result["chain"]
            .as_array()
            .unwrap()
            .iter()
            .find(|z| z["zone"] == zone)
            .unwrap_or_else(|| panic!("{name}: {zone} not in the chain"));
        let in_entry = entry["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == code && w["severity"] == severity);
        if in_entry != (level == Level::Zone) {
            failures.push(format!(
                "{name}: {code} in the chain entry of {zone}: {in_entry}, expected {:?}: {:#}",
                level, entry["warnings"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} warning scenario(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn strict_exits_3_on_a_critical_warning_only() {
    let lab = lab();
    let (code, result) = check_one(lab, "www.expire12h.lab", "A", &[]);
    assert_eq!(code, 0, "{result:#}");
    assert_eq!(result["status"], "SECURE");
    assert!(has(
        &result,
        "SIGNATURE_EXPIRES_SOON",
        "critical",
        "expire12h.lab"
    ));

    let (code, result) = check_one(lab, "www.expire12h.lab", "A", &["--strict"]);
    assert_eq!(code, 3, "--strict with a critical warning: {result:#}");
    assert_eq!(result["status"], "SECURE", "--strict changes no verdict");

    // Warnings and notices are not critical.
    for name in ["www.expire3d.lab", "www.rsa768.lab", "www.ksk-nods.lab"] {
        let (code, result) = check_one(lab, name, "A", &["--strict"]);
        assert_eq!(code, 0, "{name}: {:#}", result["warnings"]);
    }
    // Nothing worse: a BOGUS name beside it still exits 1; the line says nothing of warnings.
    let (code, json, _) = check(lab, &["www.expire12h.lab", "www.badsig.lab"], &["--strict"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(
        json["line"],
        "www.expire12h.lab;SECURE,www.badsig.lab;BOGUS;DNSSEC_BOGUS"
    );
    // Text output: the warning with its severity and code.
    let anchor = lab.anchor_file.to_str().unwrap();
    let (code, text, _) = run_cli(&[
        "check",
        "www.expire12h.lab",
        "--resolver",
        &lab.doh,
        "--trust-anchor",
        anchor,
        "--strict",
    ]);
    assert_eq!(code, 3);
    assert!(
        text.contains("critical: ") && text.contains("[SIGNATURE_EXPIRES_SOON]"),
        "{text}"
    );
}

#[test]
fn after_the_short_expiry_the_same_names_are_bogus() {
    let lab = lab();
    for (name, zone, severity) in [
        ("www.expire3d.lab", "expire3d.lab", "warning"),
        ("www.expire12h.lab", "expire12h.lab", "critical"),
    ] {
        let (code, now) = check_one(lab, name, "A", &[]);
        assert_eq!(
            (code, now["status"].as_str()),
            (0, Some("SECURE")),
            "{now:#}"
        );
        assert!(
            has(&now, "SIGNATURE_EXPIRES_SOON", severity, zone),
            "{name}: {:#}",
            now["warnings"]
        );
        let (_, expiration) = answer_window(&now);
        let later = (expiration + 3600).to_string();
        let (code, then) = check_one(lab, name, "A", &["--at", &later]);
        assert_eq!(code, 1, "{name} --at {later}: {then:#}");
        assert_eq!(then["status"], "BOGUS");
        assert_eq!(then["error"], "DNSSEC_BOGUS");
        assert_eq!(then["ede"]["code"], 7, "Signature Expired: {then:#}");
        assert!(
            then["reason"].as_str().unwrap_or("").contains("expired"),
            "{}",
            then["reason"]
        );
        // An hour before the expiry: still SECURE, and now critical.
        let before = (expiration - 3600).to_string();
        let (code, soon) = check_one(lab, name, "A", &["--at", &before]);
        assert_eq!(
            (code, soon["status"].as_str()),
            (0, Some("SECURE")),
            "{soon:#}"
        );
        assert!(
            has(&soon, "SIGNATURE_EXPIRES_SOON", "critical", zone),
            "{name} --at {before}: {:#}",
            soon["warnings"]
        );
    }
}

#[test]
fn warn_days_sets_the_window() {
    let lab = lab();
    let (_, result) = check_one(lab, "www.expire3d.lab", "A", &["--warn-days", "1"]);
    assert_eq!(result["status"], "SECURE");
    assert!(
        warnings(&result).is_empty(),
        "--warn-days 1 hides a 3-day expiry: {:#}",
        result["warnings"]
    );
    for days in ["4", "7", "30"] {
        let (_, result) = check_one(lab, "www.expire3d.lab", "A", &["--warn-days", days]);
        assert!(
            has(&result, "SIGNATURE_EXPIRES_SOON", "warning", "expire3d.lab"),
            "--warn-days {days}: {:#}",
            result["warnings"]
        );
    }
    // Within a day is critical whatever the window.
    let (_, result) = check_one(lab, "www.expire12h.lab", "A", &["--warn-days", "0"]);
    assert!(
        has(
            &result,
            "SIGNATURE_EXPIRES_SOON",
            "critical",
            "expire12h.lab"
        ),
        "{:#}",
        result["warnings"]
    );
    // The ten-year signatures of a healthy zone are not "soon" even with a year's window.
    let (_, result) = check_one(lab, "www.alg13.lab", "A", &["--warn-days", "365"]);
    assert!(warnings(&result).is_empty(), "{:#}", result["warnings"]);
}

/// fresh.lab is signed with its inception at the lab's start: a validator checking within
/// five minutes of it gets the warning, one whose clock is behind sees BOGUS. The lab may have
/// been started minutes ago (by another test binary), so the times are taken from the report.
#[test]
fn a_fresh_inception_warns_for_five_minutes() {
    let lab = lab();
    let before = clock();
    let (code, now) = check_one(lab, "www.fresh.lab", "A", &[]);
    assert_eq!(
        (code, now["status"].as_str()),
        (0, Some("SECURE")),
        "{now:#}"
    );
    let (inception, _) = answer_window(&now);
    let age = before - inception;
    let warned = has(&now, "SIGNATURE_NOT_YET_VALID_SOON", "warning", "fresh.lab");
    if age < 240 {
        assert!(warned, "signed {age} s ago: {:#}", now["warnings"]);
    } else if age > 360 {
        assert!(!warned, "signed {age} s ago: {:#}", now["warnings"]);
    }

    let one_minute_in = (inception + 60).to_string();
    let (code, soon) = check_one(lab, "www.fresh.lab", "A", &["--at", &one_minute_in]);
    assert_eq!(
        (code, soon["status"].as_str()),
        (0, Some("SECURE")),
        "{soon:#}"
    );
    assert!(
        has(
            &soon,
            "SIGNATURE_NOT_YET_VALID_SOON",
            "warning",
            "fresh.lab"
        ),
        "{:#}",
        soon["warnings"]
    );
    for w in warnings(&soon) {
        assert_well_formed(w, "www.fresh.lab");
    }
    // Both the key set's and the answer's signatures are that fresh.
    let entry = &soon["chain"][2];
    assert_eq!(entry["zone"], "fresh.lab");
    assert!(
        entry["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "SIGNATURE_NOT_YET_VALID_SOON"),
        "{entry:#}"
    );

    let ten_minutes_in = (inception + 600).to_string();
    let (_, later) = check_one(lab, "www.fresh.lab", "A", &["--at", &ten_minutes_in]);
    assert_eq!(later["status"], "SECURE");
    assert!(warnings(&later).is_empty(), "{:#}", later["warnings"]);

    let behind = (inception - 60).to_string();
    let (code, early) = check_one(lab, "www.fresh.lab", "A", &["--at", &behind]);
    assert_eq!(code, 1, "{early:#}");
    assert_eq!(early["status"], "BOGUS");
}

#[test]
fn healthy_lab_names_raise_no_warnings() {
    let lab = lab();
    let mut checked = Vec::new();
    let mut left_out = Vec::new();
    let mut failures = Vec::new();
    for sc in SCENARIOS {
        if !matches!(sc.delv, "SECURE" | "INSECURE") {
            continue;
        }
        if let Some(why) = excluded(sc.name) {
            left_out.push(format!("{} {}: {why}", sc.name, sc.rtype));
            continue;
        }
        let (_, result) = check_one(lab, sc.name, sc.rtype, &[]);
        checked.push(format!("{} {}", sc.name, sc.rtype));
        let mut found: Vec<String> = codes(&result)
            .into_iter()
            .map(|(c, s, z)| format!("{c}/{s}/{z}"))
            .collect();
        for zone in chain_zones(&result) {
            match zone["warnings"].as_array() {
                Some(list) => {
                    found.extend(list.iter().map(|w| format!("chain {}: {w}", zone["zone"])))
                }
                None => found.push(format!("chain {} has no warnings array", zone["zone"])),
            }
        }
        if !found.is_empty() {
            failures.push(format!(
                "{} {} ({}): {}\n{:#}",
                sc.name,
                sc.rtype,
                result["status"],
                found.join("; "),
                result["warnings"]
            ));
        }
    }
    println!(
        "healthy set ({}):\n  {}",
        checked.len(),
        checked.join("\n  ")
    );
    println!(
        "left out ({}):\n  {}",
        left_out.len(),
        left_out.join("\n  ")
    );
    assert!(
        checked.len() >= 40,
        "only {} healthy scenarios",
        checked.len()
    );
    assert!(
        failures.is_empty(),
        "{} healthy scenario(s) raise warnings:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn json_warnings_are_complete_and_per_zone() {
    let lab = lab();
    let names: Vec<&str> = WARNING_SCENARIOS
        .iter()
        .filter(|s| s.1 == "A")
        .map(|s| s.0)
        .collect();
    let (_, json, _) = check(lab, &names, &[]);
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), names.len());
    for result in results {
        let name = result["name"].as_str().unwrap();
        let list = warnings(result);
        for w in list {
            assert_well_formed(w, name);
        }
        // Most severe first.
        let rank = |w: &Value| match w["severity"].as_str() {
            Some("critical") => 2,
            Some("warning") => 1,
            _ => 0,
        };
        let ranks: Vec<i32> = list.iter().map(rank).collect();
        assert!(ranks.windows(2).all(|p| p[0] >= p[1]), "{name}: {ranks:?}");
        // Each chain entry carries its own warnings, all of them about that zone and all
        // among the lookup's.
        for zone in chain_zones(result) {
            let own = zone["warnings"]
                .as_array()
                .unwrap_or_else(|| panic!("{name}: chain entry without warnings: {zone:#}"));
            for w in own {
                assert_well_formed(w, name);
                assert_eq!(w["zone"], zone["zone"], "{name}: {w:#}");
                assert!(list.contains(w), "{name}: {w:#} not in the lookup's list");
            }
        }
        // The root and the TLD of the lab raise none.
        for entry in result["chain"].as_array().unwrap().iter().take(2) {
            assert_eq!(entry["warnings"], Value::Array(vec![]), "{name}: {entry:#}");
        }
    }
    // cds-new.lab: the CDS names the second KSK, whose key has no DS yet (a notice beside it).
    let cds = results
        .iter()
        .find(|r| r["name"] == "www.cds-new.lab")
        .unwrap();
    let found = codes(cds);
    assert_eq!(
        found
            .iter()
            .map(|(c, s, _)| format!("{c}/{s}"))
            .collect::<Vec<_>>(),
        ["CDS_MISMATCH/warning", "KEY_WITHOUT_DS/notice"],
        "{:#}",
        cds["warnings"]
    );
}
