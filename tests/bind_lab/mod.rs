//! Helpers shared by the integration tests: the DNSSEC test lab (`tests/lab/`)
//! and `delv`, BIND's reference validator, run against it.
#![allow(dead_code)] // Each test binary uses its own subset of these helpers.

mod scenarios;
#[allow(unused_imports)] // Not every test binary walks the scenario table.
pub use scenarios::*;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// A running lab, as described by the JSON line of `lab.py start`.
#[derive(Debug)]
pub struct Lab {
    /// RFC 8484 endpoint, e.g. `http://127.0.0.1:PORT/dns-query`.
    pub doh: String,
    /// Root trust anchor: the lab root's KSK DS record(s) in zone-file syntax.
    pub anchor_file: PathBuf,
    /// The same anchor as a `trust-anchors { ... };` clause for `delv -a`.
    pub delv_anchor_file: PathBuf,
    /// Plain DNS (UDP/TCP) port of the lab's non-validating recursive resolver.
    pub dns_port: u16,
    /// Misbehaving DoH endpoints by name: status500, garbage, truncated, html,
    /// slow, servfail, refused, closed.
    pub faults: HashMap<String, String>,
    /// DoH endpoints of resolvers that serve different states, by name: `current` (the same
    /// resolver as `doh`, on another path) and `stale` (still the state before the lab's DS
    /// rollovers: the old DS of roll.lab and roll-broken.lab, roll.lab's older SOA serial).
    pub resolvers: HashMap<String, String>,
    /// Plain DNS port of the stale resolver (for delv).
    pub stale_dns_port: u16,
    /// The key tags of each rolled zone's KSKs (zone without the trailing dot): (new, old).
    pub rollovers: HashMap<String, (u16, u16)>,
}

/// The lab, started once per test process; it stops when the process exits (unless it was
/// already running, e.g. started by hand without `--owner-pid`: then it is reused as is).
/// It lives in `target/lab`, or in the directory named by `DNSSEC_HEALTH_LAB_DIR`.
pub fn lab() -> &'static Lab {
    static LAB: OnceLock<Lab> = OnceLock::new();
    LAB.get_or_init(start_lab)
}

fn start_lab() -> Lab {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("tests/lab/lab.py");
    let dir = std::env::var_os("DNSSEC_HEALTH_LAB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/lab"));
    let output = Command::new("python3")
        .arg(&script)
        .args(["start", "--dir"])
        .arg(&dir)
        .args(["--owner-pid", &std::process::id().to_string()])
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 {}: {e}", script.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        panic!(
            "the DNSSEC test lab did not start ({}); named, unbound and python3 are needed \
             (scripts/install-deps.sh).\nstdout:\n{stdout}\nstderr:\n{stderr}",
            output.status
        );
    }
    let line = stdout.lines().last().unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("lab.py printed no JSON line ({e}):\n{stdout}\n{stderr}"));
    let text = |key: &str| {
        json[key]
            .as_str()
            .unwrap_or_else(|| panic!("lab JSON lacks \"{key}\": {line}"))
            .to_string()
    };
    let faults = json["faults"]
        .as_object()
        .unwrap_or_else(|| panic!("lab JSON lacks \"faults\": {line}"))
        .iter()
        .map(|(name, url)| (name.clone(), url.as_str().unwrap_or_default().to_string()))
        .collect();
    let u16_of = |value: &serde_json::Value, what: &str| {
        value
            .as_u64()
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or_else(|| panic!("lab JSON lacks {what}: {line}"))
    };
    let resolvers = json["resolvers"]
        .as_object()
        .unwrap_or_else(|| panic!("lab JSON lacks \"resolvers\": {line}"))
        .iter()
        .map(|(name, url)| (name.clone(), url.as_str().unwrap_or_default().to_string()))
        .collect();
    let rollovers = json["rollovers"]
        .as_object()
        .unwrap_or_else(|| panic!("lab JSON lacks \"rollovers\": {line}"))
        .iter()
        .map(|(zone, tags)| {
            (
                zone.trim_end_matches('.').to_string(),
                (
                    u16_of(&tags["ksk"], "a KSK tag"),
                    u16_of(&tags["ksk_old"], "a KSK tag"),
                ),
            )
        })
        .collect();
    Lab {
        doh: text("doh"),
        anchor_file: PathBuf::from(text("anchor_file")),
        delv_anchor_file: PathBuf::from(text("delv_anchor_file")),
        dns_port: json["dns_port"]
            .as_u64()
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or_else(|| panic!("lab JSON lacks \"dns_port\": {line}")),
        faults,
        resolvers,
        stale_dns_port: u16_of(&json["stale_dns_port"], "\"stale_dns_port\""),
        rollovers,
    }
}

/// delv's verdict on one query.
#[derive(Debug, Clone)]
pub struct DelvVerdict {
    /// "SECURE", "INSECURE", "BOGUS" or "INDETERMINATE".
    pub status: &'static str,
    /// delv's stdout and stderr.
    pub text: String,
}

/// Validate `name`/`rtype` with delv through the lab's resolver, anchored at the lab root.
pub fn delv(lab: &Lab, name: &str, rtype: &str) -> DelvVerdict {
    delv_at(lab, lab.dns_port, name, rtype)
}

/// [`delv`] through the lab resolver on `port` (`lab.dns_port` or `lab.stale_dns_port`).
pub fn delv_at(lab: &Lab, port: u16, name: &str, rtype: &str) -> DelvVerdict {
    let output = Command::new("delv")
        .arg("@127.0.0.1")
        .args(["-p", &port.to_string()])
        .arg("-a")
        .arg(&lab.delv_anchor_file)
        .args(["+root=.", name, rtype])
        .output()
        .unwrap_or_else(|e| panic!("cannot run delv (package bind9-dnsutils): {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    DelvVerdict {
        status: classify_delv(&text),
        text,
    }
}

/// Reasons delv gives (";; resolution failed: ...") when validation failed.
const DELV_BOGUS_REASONS: &[&str] = &[
    "broken trust chain",
    "insecurity proof failed",
    "no valid signature found",
    "no valid RRSIG",
    "no valid DS",
    "no valid KEY",
    "no valid NSEC",
    "RRSIG failed to verify",
    "RRSIG has expired",
    "RRSIG validity period has not begun",
];

/// Map delv's output to a validation status.
///
/// delv prints one verdict per element of a CNAME/DNAME chain ("; fully
/// validated", "; unsigned answer", "; negative response, ...") and a
/// ";; resolution failed: REASON" line when an element failed, so the weakest
/// element wins: a validation failure is BOGUS, any other failure (e.g. the
/// resolver answered SERVFAIL: "failure") INDETERMINATE, then an unsigned
/// element makes the answer INSECURE. "ncache nxdomain" / "ncache nxrrset"
/// only announce a negative response and are not failures.
pub fn classify_delv(text: &str) -> &'static str {
    let failures: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix(";; resolution failed: "))
        .filter(|reason| !reason.starts_with("ncache "))
        .collect();
    if failures
        .iter()
        .any(|f| DELV_BOGUS_REASONS.iter().any(|r| f.contains(r)))
    {
        "BOGUS"
    } else if !failures.is_empty() {
        "INDETERMINATE"
    } else if text.contains("unsigned answer") {
        "INSECURE"
    } else if text.contains("fully validated") {
        "SECURE"
    } else {
        "INDETERMINATE"
    }
}

/// Runs the `dnssec-health` binary; returns its exit code, stdout and stderr.
pub fn run_cli(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dnssec-health"))
        .args(args)
        .output()
        .expect("run dnssec-health");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
