//! `dnssec-health`: the command-line checker.
//!
//! ```text
//! dnssec-health check NAME... [--type TYPE]... [--resolver URL]... [--trust-anchor FILE]
//!                             [--now TIME] [--timeout SECONDS] [--post] [--json]
//! dnssec-health order NAME... [--ca ISSUER] [same options but --type]
//! ```
//! Exit codes: 0 all SECURE/INSECURE, 1 any BOGUS, 2 any INDETERMINATE (and no BOGUS),
//! 64 bad usage (sysexits EX_USAGE).

use std::process::ExitCode;

use dnssec_health::check::{prepare, run, CheckOptions, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS};
use dnssec_health::model::{
    CheckDocument, DenialReport, LookupReport, OrderDocument, OrderNameReport, SignatureReport,
    ZoneReport,
};
use dnssec_health::order;
use dnssec_health::report::Status;
use dnssec_health::transport::native::NativeTransport;
use dnssec_health::transport::HttpMethod;

const USAGE: &str = "\
usage: dnssec-health check NAME... [options]
       dnssec-health order NAME... [--ca ISSUER] [options]

check: checks the DNSSEC chain of trust of each NAME over DNS-over-HTTPS and says whether a
validating CA will see it as SECURE, INSECURE, BOGUS or INDETERMINATE, and why.

order: checks every lookup a CA makes for a certificate order (SC-085v2): the CAA search
(RFC 8659, climbing to the top-level domain) and the _acme-challenge, _dnsauth and
_validation-persist TXT records of each NAME (*.example.com for a wildcard); one verdict per
NAME, the worst of its lookups, and whether the CA may issue under CAA.

options:
  --type TYPE          record type to check (check only; repeatable; default A)
  --ca ISSUER          the CA's issuer domain, e.g. digicert.com (order only)
  --resolver URL       DoH resolver (repeatable; tried in order on failure)
  --trust-anchor FILE  DS or DNSKEY records in zone-file syntax (default: IANA root)
  --now TIME           validation time: unix seconds or RFC 3339 (default: now)
  --timeout SECONDS    bound on each DoH request (default 5)
  --post               use POST instead of GET
  --json               print the JSON report instead of text

exit status: 0 SECURE/INSECURE, 1 BOGUS, 2 INDETERMINATE, 64 usage error";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Command {
    Check,
    Order,
}

struct Args {
    command: Command,
    names: Vec<String>,
    options: CheckOptions,
    ca: Option<String>,
    json: bool,
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("dnssec-health: {message}\n\n{USAGE}");
    ExitCode::from(64)
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut iter = args.iter();
    let command = match iter.next().map(String::as_str) {
        Some("check") => Command::Check,
        Some("order") => Command::Order,
        Some("--help" | "-h") => return Err(String::new()),
        Some(other) => return Err(format!("unknown command {other:?}")),
        None => return Err("missing command".into()),
    };
    let mut parsed = Args {
        command,
        names: Vec::new(),
        options: CheckOptions::default(),
        ca: None,
        json: false,
    };
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--type" | "-t" if command == Command::Check => parsed.options.types.push(value(arg)?),
            "--ca" if command == Command::Order => parsed.ca = Some(value(arg)?),
            "--resolver" | "-r" => parsed.options.resolvers.push(value(arg)?),
            "--trust-anchor" => {
                let path = value(arg)?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {path}: {e}"))?;
                parsed.options.trust_anchor = Some(text);
            }
            "--now" => {
                let text = value(arg)?;
                let now = dnssec_health::time::parse_time(&text).ok_or_else(|| {
                    format!("--now {text:?} is neither unix seconds nor RFC 3339")
                })?;
                parsed.options.now = Some(now);
            }
            "--timeout" => {
                let text = value(arg)?;
                let seconds: f64 = text
                    .parse()
                    .map_err(|_| format!("--timeout {text:?} is not a number of seconds"))?;
                let millis = seconds * 1000.0;
                if !(f64::from(MIN_TIMEOUT_MS)..=f64::from(MAX_TIMEOUT_MS)).contains(&millis) {
                    return Err(format!(
                        "--timeout must be between {} and {} seconds",
                        f64::from(MIN_TIMEOUT_MS) / 1000.0,
                        f64::from(MAX_TIMEOUT_MS) / 1000.0
                    ));
                }
                parsed.options.timeout_ms = Some(millis as u32);
            }
            "--post" => parsed.options.method = Some(HttpMethod::Post),
            "--json" => parsed.json = true,
            "--help" | "-h" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            name => parsed.names.push(name.to_string()),
        }
    }
    if parsed.names.is_empty() {
        return Err("give at least one domain name".into());
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&args) {
        Ok(args) => args,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => return usage_error(&message),
    };
    let clock = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let transport = NativeTransport::default();
    match args.command {
        Command::Check => {
            let prepared = match prepare(&args.names, &args.options) {
                Ok(prepared) => prepared,
                Err(error) => return usage_error(&error.to_string()),
            };
            let document = futures_executor::block_on(run(&transport, prepared, clock));
            match output(&document, args.json, print_human) {
                Ok(()) => exit_code(document.status),
                Err(code) => code,
            }
        }
        Command::Order => {
            let prepared = match order::prepare(&args.names, &args.options, args.ca.as_deref()) {
                Ok(prepared) => prepared,
                Err(error) => return usage_error(&error.to_string()),
            };
            let document = futures_executor::block_on(order::run(&transport, prepared, clock));
            match output(&document, args.json, print_order) {
                Ok(()) => exit_code(document.status),
                Err(code) => code,
            }
        }
    }
}

/// Prints the document as JSON or as text.
fn output<D: serde::Serialize>(document: &D, json: bool, human: fn(&D)) -> Result<(), ExitCode> {
    if json {
        match serde_json::to_string_pretty(document) {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("dnssec-health: cannot encode the report: {error}");
                return Err(ExitCode::from(70));
            }
        }
    } else {
        human(document);
    }
    Ok(())
}

fn exit_code(worst: Status) -> ExitCode {
    match worst {
        Status::Bogus => ExitCode::from(1),
        Status::Indeterminate => ExitCode::from(2),
        Status::Secure | Status::Insecure => ExitCode::SUCCESS,
    }
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::Secure => "[ok]",
        Status::Insecure => "[--]",
        Status::Indeterminate => "[??]",
        Status::Bogus => "[!!]",
    }
}

/// Signatures with their validity windows, and what a denial proved.
fn print_proofs(sigs: &[SignatureReport], denial: Option<&DenialReport>) {
    for sig in sigs {
        println!(
            "       RRSIG {} by key {}: {} (valid {} .. {})",
            sig.covers, sig.key_tag, sig.verdict, sig.inception, sig.expiration
        );
    }
    if let Some(denial) = denial {
        println!(
            "       {} proves {}",
            denial.kind.to_uppercase(),
            denial.proves
        );
    }
}

fn print_zone(zone: &ZoneReport) {
    println!(
        "  {} {} ({}, {})",
        mark(zone.status),
        zone.zone,
        zone.status.as_str(),
        zone.delegation
    );
    for ds in &zone.ds {
        println!(
            "       DS {} alg {} ({}) digest {} ({}){}{}",
            ds.key_tag,
            ds.algorithm,
            ds.algorithm_name,
            ds.digest_type,
            ds.digest_name,
            if ds.matches_key {
                " -> matches a DNSKEY"
            } else {
                " -> matches no DNSKEY"
            },
            if ds.supported { "" } else { " [unsupported]" }
        );
    }
    for key in &zone.dnskeys {
        println!(
            "       DNSKEY {} {} flags {} alg {} ({}){}{}{}",
            key.key_tag,
            key.role,
            key.flags,
            key.algorithm,
            key.algorithm_name,
            key.key_size
                .map(|b| format!(" {b} bits"))
                .unwrap_or_default(),
            if key.matches_ds {
                ", DS/anchor points here"
            } else {
                ""
            },
            if key.signs_key_set {
                ", signs the key set"
            } else {
                ""
            }
        );
    }
    print_proofs(&zone.dnskey_rrsigs, zone.denial.as_ref());
    if let Some(problem) = &zone.problem {
        println!("       problem: {problem}");
    }
}

fn print_result(result: &LookupReport) {
    let error = result
        .error
        .map(|e| format!(" ({})", e.as_str()))
        .unwrap_or_default();
    println!(
        "{} {}: {}{}",
        result.name,
        result.rtype,
        result.status.as_str(),
        error
    );
    println!("  reason: {}", result.reason);
    if let Some(fix) = &result.fix {
        println!("  fix:    {fix}");
    }
    if let Some(ede) = &result.ede {
        println!("  EDE:    {} ({})", ede.code, ede.name);
    }
    for warning in &result.warnings {
        println!("  warning: {}", warning.message);
    }
    for (index, link) in result.links.iter().enumerate() {
        if result.links.len() > 1 {
            println!(
                " link {}: {} {} -> {}",
                index + 1,
                link.name,
                link.rtype,
                link.status.as_str()
            );
        }
        for zone in &link.chain {
            print_zone(zone);
        }
        for record in &link.records {
            println!("       {record}");
        }
        print_proofs(&link.rrsigs, link.denial.as_ref());
    }
    println!();
}

fn print_human(document: &CheckDocument) {
    for result in &document.results {
        print_result(result);
    }
    print_footer(document.queries, document.round_trips, &document.line);
}

/// The closing lines of every report: the cost, then the DigiCert line.
fn print_footer(queries: u32, round_trips: u32, line: &str) {
    println!("{queries} queries in {round_trips} round trips");
    println!("{line}");
}

fn print_order_name(name: &OrderNameReport) {
    let error = name
        .error
        .map(|e| format!(" ({})", e.as_str()))
        .unwrap_or_default();
    println!("{}: {}{}", name.name, name.status.as_str(), error);
    println!("  reason: {}", name.reason);
    if let Some(fix) = &name.fix {
        println!("  fix:    {fix}");
    }
    println!("  CAA:    {}", name.caa.summary);
    for record in &name.caa.records {
        println!(
            "          {} {} \"{}\"",
            record.flags, record.tag, record.value
        );
    }
    println!("  lookups a CA makes:");
    for report in &name.lookups {
        let error = report
            .error
            .map(|e| format!(" {}", e.as_str()))
            .unwrap_or_default();
        println!(
            "    {} {} {} -> {}{}",
            mark(report.status),
            report.rtype,
            report.name,
            report.status.as_str(),
            error
        );
    }
    println!();
    // The chain of the lookup that decides, when it fails.
    if let Some(lookup) = name.decisive_lookup.and_then(|i| name.lookups.get(i)) {
        if matches!(lookup.status, Status::Bogus | Status::Indeterminate) {
            print_result(lookup);
        }
    }
}

fn print_order(document: &OrderDocument) {
    if let Some(ca) = &document.ca {
        println!("CA: {ca}\n");
    }
    for name in &document.names {
        print_order_name(name);
    }
    print_footer(document.queries, document.round_trips, &document.line);
}
