//! `dnssec-health`: the command-line checker.
//!
//! ```text
//! dnssec-health check NAME... [--type TYPE]... [--resolver URL]... [--trust-anchor FILE]
//!                             [--now|--at TIME] [--timeout SECONDS] [--deadline SECONDS]
//!                             [--warn-days DAYS] [--strict] [--compare] [--post] [--json]
//! dnssec-health order NAME... [--ca ISSUER] [same options but --type]
//! dnssec-health recheck 'CA MESSAGE' [--ca ISSUER] [same options but --type]
//! dnssec-health check|order --input FILE [--ndjson] [--concurrency N] [options]
//! ```
//! Exit codes: 0 all SECURE/INSECURE, 1 any BOGUS, 2 any INDETERMINATE (and no BOGUS),
//! 3 a critical warning with --strict, 64 bad usage (sysexits EX_USAGE).

mod cli_batch;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use dnssec_health::ca_message;
use dnssec_health::check::{
    prepare, run, CheckOptions, MAX_DEADLINE_MS, MAX_TIMEOUT_MS, MAX_WARN_DAYS, MIN_TIMEOUT_MS,
};
use dnssec_health::model::Comparison;
use dnssec_health::model::{
    CheckDocument, DenialReport, LookupReport, OrderDocument, OrderNameReport, SignatureReport,
    ZoneReport,
};
use dnssec_health::order;
use dnssec_health::presentation::is_format_char;
use dnssec_health::report::{Severity, Status};
use dnssec_health::transport::native::NativeTransport;
use dnssec_health::transport::HttpMethod;

const USAGE: &str = "\
usage: dnssec-health check NAME... [options]
       dnssec-health order NAME... [--ca ISSUER] [options]
       dnssec-health recheck 'CA MESSAGE' [--ca ISSUER] [options]

check: checks the DNSSEC chain of trust of each NAME over DNS-over-HTTPS and says whether a
validating CA will see it as SECURE, INSECURE, BOGUS or INDETERMINATE, and why.

order: checks every lookup a CA makes for a certificate order (SC-085v2): the CAA search
(RFC 8659, climbing to the top-level domain) and the _acme-challenge, _dnsauth and
_validation-persist TXT records of each NAME (*.example.com for a wildcard); one verdict per
NAME, the worst of its lookups, and whether the CA may issue under CAA.

recheck: takes the CA's caa_dnssec_error message (FQDN;STATUS[;ERROR],... as the CA wrote
it, with the code in front, or the API's JSON error object), checks those names again as an
order and says, per name, what the CA saw then and what it would see now. A NAME argument of
check or order that is such a message is rechecked the same way.

options:
  --type TYPE          record type to check (check only; repeatable; default A)
  --ca ISSUER          the CA's issuer domain, e.g. digicert.com (order only)
  --resolver URL       DoH resolver (repeatable; tried in order on failure)
  --trust-anchor FILE  DS or DNSKEY records in zone-file syntax (default: IANA root)
  --now TIME, --at TIME
                       validation time: unix seconds or RFC 3339 (default: now); a future
                       time answers: will it still validate on the day of my order?
  --warn-days DAYS     warn about signatures expiring within DAYS days (default 7)
  --strict             exit 3 when a warning is critical (fails within a day or already
                       fails for some validators)
  --timeout SECONDS    bound on each DoH request (default 5)
  --deadline SECONDS   bound on the whole check (default 20)
  --post               use POST instead of GET
  --compare            ask every --resolver on its own and show where they differ (DS and
                       DNSKEY sets, SOA serials, verdicts) and until when caches may differ
  --json               print the JSON report instead of text
  --input FILE         one check (a name) or order (names, or a CA message) per line of
                       FILE (- for stdin; # comments; a CSV's name column); reports in
                       input order, then a summary on stderr
  --ndjson             with --input: one JSON document per line as each finishes, with
                       \"index\" and \"input\"
  --concurrency N      with --input: checks at once (default 8, at most 64)

exit status: 0 SECURE/INSECURE, 1 BOGUS, 2 INDETERMINATE, 3 a critical warning with
--strict (and nothing worse), 64 usage error";

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Command {
    Check,
    Order,
    Recheck,
}

pub(crate) struct Args {
    command: Command,
    names: Vec<String>,
    options: CheckOptions,
    ca: Option<String>,
    json: bool,
    /// Exit 3 when a critical warning is found.
    strict: bool,
    /// `--input FILE` (`-`: stdin): one check or order per line.
    input: Option<String>,
    /// One JSON document per line of the input, as each finishes.
    ndjson: bool,
    /// Checks of an input run at once.
    concurrency: usize,
}

pub(crate) fn usage_error(message: &str) -> ExitCode {
    let message = terminal_safe(message);
    eprintln!("dnssec-health: {message}\n\n{USAGE}");
    ExitCode::from(64)
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut iter = args.iter();
    let command = match iter.next().map(String::as_str) {
        Some("check") => Command::Check,
        Some("order") => Command::Order,
        Some("recheck") => Command::Recheck,
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
        strict: false,
        input: None,
        ndjson: false,
        concurrency: cli_batch::DEFAULT_CONCURRENCY,
    };
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--type" | "-t" if command == Command::Check => parsed.options.types.push(value(arg)?),
            "--ca" if command != Command::Check => parsed.ca = Some(value(arg)?),
            "--resolver" | "-r" => parsed.options.resolvers.push(value(arg)?),
            "--trust-anchor" => {
                let path = value(arg)?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {path}: {e}"))?;
                parsed.options.trust_anchor = Some(text);
            }
            "--warn-days" => {
                let text = value(arg)?;
                let days: u32 = text
                    .parse()
                    .ok()
                    .filter(|d| *d <= MAX_WARN_DAYS)
                    .ok_or_else(|| {
                        format!(
                            "--warn-days {text:?} is not a number of days (0 to {MAX_WARN_DAYS})"
                        )
                    })?;
                parsed.options.warn_days = Some(days);
            }
            "--strict" => parsed.strict = true,
            "--now" | "--at" => {
                let text = value(arg)?;
                let now = dnssec_health::time::parse_time(&text).ok_or_else(|| {
                    format!("{arg} {text:?} is neither unix seconds nor RFC 3339")
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
            "--deadline" => {
                let text = value(arg)?;
                let seconds: f64 = text
                    .parse()
                    .map_err(|_| format!("--deadline {text:?} is not a number of seconds"))?;
                let millis = seconds * 1000.0;
                if !(f64::from(MIN_TIMEOUT_MS)..=f64::from(MAX_DEADLINE_MS)).contains(&millis) {
                    return Err(format!(
                        "--deadline must be between {} and {} seconds",
                        f64::from(MIN_TIMEOUT_MS) / 1000.0,
                        f64::from(MAX_DEADLINE_MS) / 1000.0
                    ));
                }
                parsed.options.deadline_ms = Some(millis as u32);
            }
            "--post" => parsed.options.method = Some(HttpMethod::Post),
            "--compare" => parsed.options.compare = true,
            "--json" => parsed.json = true,
            "--input" if command != Command::Recheck => parsed.input = Some(value(arg)?),
            "--ndjson" => parsed.ndjson = true,
            "--concurrency" => {
                let text = value(arg)?;
                parsed.concurrency = text
                    .parse()
                    .ok()
                    .filter(|n| (1..=cli_batch::MAX_CONCURRENCY).contains(n))
                    .ok_or_else(|| {
                        format!(
                            "--concurrency {text:?} is not a number from 1 to {}",
                            cli_batch::MAX_CONCURRENCY
                        )
                    })?;
            }
            "--help" | "-h" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            name => parsed.names.push(name.to_string()),
        }
    }
    if parsed.input.is_some() {
        if !parsed.names.is_empty() {
            return Err("give names or --input, not both".into());
        }
        return Ok(parsed);
    }
    if parsed.ndjson {
        return Err("--ndjson needs --input".into());
    }
    if parsed.names.is_empty() {
        return Err(if command == Command::Recheck {
            "give the CA's message, e.g. 'www.example.com;BOGUS;DNSSEC_BOGUS'".into()
        } else {
            "give at least one domain name".into()
        });
    }
    if command == Command::Recheck {
        // The message may have been split by the shell: read it as one.
        let message = parsed.names.join(" ");
        match ca_message::parse(&message) {
            Some(Ok(_)) => parsed.names = vec![message],
            Some(Err(error)) => return Err(error.to_string()),
            None => {
                return Err(format!(
                    "{message:?} is not a CA message (FQDN;STATUS[;ERROR],...); to check names, use check or order"
                ))
            }
        }
    } else if command == Command::Check
        && parsed.names.iter().any(|n| ca_message::parse(n).is_some())
    {
        // A pasted CA message is rechecked as the order it came from.
        if !parsed.options.types.is_empty() {
            return Err(
                "--type does not apply to a CA message, which is rechecked as an order".into(),
            );
        }
        parsed.command = Command::Recheck;
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
    if let Some(path) = &args.input {
        return cli_batch::run(&args, path, &transport, clock);
    }
    match args.command {
        Command::Check => {
            let prepared = match prepare(&args.names, &args.options) {
                Ok(prepared) => prepared,
                Err(error) => return usage_error(&error.to_string()),
            };
            let document = futures_executor::block_on(run(&transport, prepared, clock));
            match output(&document, args.json, render_check) {
                Ok(()) => exit_code(
                    document.status,
                    args.strict && has_critical(document.results.iter()),
                ),
                Err(code) => code,
            }
        }
        Command::Order | Command::Recheck => {
            let prepared = match order::prepare(&args.names, &args.options, args.ca.as_deref()) {
                Ok(prepared) => prepared,
                Err(error) => return usage_error(&error.to_string()),
            };
            let document = futures_executor::block_on(order::run(&transport, prepared, clock));
            match output(&document, args.json, render_order) {
                Ok(()) => exit_code(
                    document.status,
                    args.strict && has_critical(document.names.iter().flat_map(|n| &n.lookups)),
                ),
                Err(code) => code,
            }
        }
    }
}

/// Prints the document as JSON or as text.
fn output<D: serde::Serialize>(
    document: &D,
    json: bool,
    human: fn(&D) -> String,
) -> Result<(), ExitCode> {
    let text = if json {
        match serde_json::to_string_pretty(document) {
            Ok(text) => json_terminal_safe(&text).into_owned() + "\n",
            Err(error) => {
                eprintln!("dnssec-health: cannot encode the report: {error}");
                return Err(ExitCode::from(70));
            }
        }
    } else {
        human(document)
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`| head`) is not worth a message; the exit status still says so.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("dnssec-health: cannot write the report: {error}");
        }
        return Err(ExitCode::from(74));
    }
    Ok(())
}

pub(crate) fn exit_code(worst: Status, critical_warning: bool) -> ExitCode {
    match worst {
        Status::Bogus => ExitCode::from(1),
        Status::Indeterminate => ExitCode::from(2),
        Status::Secure | Status::Insecure if critical_warning => ExitCode::from(3),
        Status::Secure | Status::Insecure => ExitCode::SUCCESS,
    }
}

/// Whether any lookup has a critical warning (what `--strict` turns into exit status 3).
pub(crate) fn has_critical<'a>(mut lookups: impl Iterator<Item = &'a LookupReport>) -> bool {
    lookups.any(|l| l.warnings.iter().any(|w| w.severity == Severity::Critical))
}

/// `text` with every character that a terminal would act on, or that hides or reorders what
/// is displayed, replaced by a visible escape in Rust's notation (`\u{1b}`): C0 controls
/// (newline and tab included), DEL, C1 controls, the line and paragraph separators, and the
/// invisible formatting characters (Unicode Cf: bidi overrides and isolates, zero-width
/// characters; see [`is_format_char`]). Names and TXT strings are already in presentation
/// format (`\DDD` escapes), so this only changes text that is not: CAA tags and values, names
/// inside sentences, anything a resolver or a zone's owner could have slipped in.
pub(crate) fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_terminal_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_terminal_unsafe(c) {
            let _ = write!(safe, "\\u{{{:x}}}", u32::from(c));
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
}

/// Characters that [`terminal_safe`] escapes.
fn is_terminal_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_format_char(c)
}

/// The same characters in a JSON document, as JSON escapes (`\u202e`, surrogate pairs above
/// U+FFFF), so the document means exactly the same but shows them. serde_json already
/// escapes C0 controls; outside strings JSON is ASCII, so every such character is in a string.
pub(crate) fn json_terminal_safe(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_terminal_unsafe) {
        return Cow::Borrowed(json);
    }
    let mut safe = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if c != '\n' && is_terminal_unsafe(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(safe, "\\u{unit:04x}");
            }
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
}

/// The text report under construction. Every line is made [`terminal_safe`] as it is added:
/// nearly every string of a report comes from DNS answers (owner names, record data, CAA
/// properties, names inside reasons and warnings), which the resolver and any zone's owner
/// control.
#[derive(Default)]
struct Text(String);

impl Text {
    fn line(&mut self, line: std::fmt::Arguments<'_>) {
        let line = line.to_string();
        self.0.push_str(&terminal_safe(&line));
        self.0.push('\n');
    }

    fn blank(&mut self) {
        self.0.push('\n');
    }
}

/// Adds one line to a [`Text`], formatted like `format!`.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {
        $out.line(format_args!($($arg)*))
    };
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
fn print_proofs(out: &mut Text, sigs: &[SignatureReport], denial: Option<&DenialReport>) {
    for sig in sigs {
        put!(
            out,
            "       RRSIG {} by key {}: {} (valid {} .. {})",
            sig.covers,
            sig.key_tag,
            sig.verdict.as_str(),
            sig.inception,
            sig.expiration
        );
    }
    if let Some(denial) = denial {
        put!(
            out,
            "       {} proves {}",
            denial.kind.as_str().to_uppercase(),
            denial.proves.as_str()
        );
    }
}

fn print_zone(out: &mut Text, zone: &ZoneReport) {
    put!(
        out,
        "  {} {} ({}, {})",
        mark(zone.status),
        zone.zone,
        zone.status.as_str(),
        zone.delegation.as_str()
    );
    for ds in &zone.ds {
        put!(
            out,
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
        put!(
            out,
            "       DNSKEY {} {} flags {} alg {} ({}){}{}{}",
            key.key_tag,
            key.role.as_str(),
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
    print_proofs(out, &zone.dnskey_rrsigs, zone.denial.as_ref());
    if let Some(problem) = &zone.problem {
        put!(out, "       problem: {problem}");
    }
}

fn print_result(out: &mut Text, result: &LookupReport) {
    let error = result
        .error
        .map(|e| format!(" ({})", e.as_str()))
        .unwrap_or_default();
    put!(
        out,
        "{} {}: {}{}",
        result.name,
        result.rtype,
        result.status.as_str(),
        error
    );
    put!(out, "  reason: {}", result.reason);
    if let Some(note) = &result.ca_note {
        put!(out, "  CA:     {note}");
    }
    if let Some(fix) = &result.fix {
        put!(out, "  fix:    {fix}");
    }
    if let Some(ede) = &result.ede {
        put!(out, "  EDE:    {} ({})", ede.code, ede.name);
    }
    if let Some(note) = &result.cache_note {
        put!(out, "  cache:  {note}");
    }
    for warning in &result.warnings {
        put!(
            out,
            "  {}: {} [{}]",
            warning.severity.as_str(),
            warning.message,
            warning.code.as_str()
        );
    }
    for (index, link) in result.links.iter().enumerate() {
        if result.links.len() > 1 {
            put!(
                out,
                " link {}: {} {} -> {}",
                index + 1,
                link.name,
                link.rtype,
                link.status.as_str()
            );
        }
        for zone in &link.chain {
            print_zone(out, zone);
        }
        for record in &link.records {
            put!(out, "       {record}");
        }
        print_proofs(out, &link.rrsigs, link.denial.as_ref());
    }
    out.blank();
}

/// The text report of `check`.
pub(crate) fn render_check(document: &CheckDocument) -> String {
    let mut out = Text::default();
    for result in &document.results {
        print_result(&mut out, result);
    }
    print_comparison(&mut out, document.comparison.as_ref());
    print_footer(
        &mut out,
        document.queries,
        document.round_trips,
        &document.line,
    );
    out.0
}

/// In compare mode: each resolver's verdict, then the differences in words.
fn print_comparison(out: &mut Text, comparison: Option<&Comparison>) {
    let Some(comparison) = comparison else {
        return;
    };
    put!(out, "Resolvers compared: {}", comparison.summary);
    for view in &comparison.resolvers {
        put!(
            out,
            "  {}: {} ({} queries)",
            view.resolver,
            view.status.as_str(),
            view.queries
        );
    }
    for difference in &comparison.differences {
        put!(out, "  - {difference}");
    }
    out.blank();
}

/// The closing lines of every report: the cost, then the DigiCert line.
fn print_footer(out: &mut Text, queries: u32, round_trips: u32, line: &str) {
    put!(out, "{queries} queries in {round_trips} round trips");
    put!(out, "{line}");
}

fn print_order_name(out: &mut Text, name: &OrderNameReport) {
    let error = name
        .error
        .map(|e| format!(" ({})", e.as_str()))
        .unwrap_or_default();
    put!(out, "{}: {}{}", name.name, name.status.as_str(), error);
    if let Some(then_now) = &name.then_now {
        put!(out, "  then → now: {then_now}");
    }
    put!(out, "  reason: {}", name.reason);
    if let Some(note) = &name.ca_note {
        put!(out, "  CA:     {note}");
    }
    if let Some(fix) = &name.fix {
        put!(out, "  fix:    {fix}");
    }
    put!(out, "  CAA:    {}", name.caa.summary);
    for record in &name.caa.records {
        put!(
            out,
            "          {} {} \"{}\"",
            record.flags,
            record.tag,
            record.value
        );
    }
    put!(out, "  lookups a CA makes:");
    for report in &name.lookups {
        let error = report
            .error
            .map(|e| format!(" {}", e.as_str()))
            .unwrap_or_default();
        put!(
            out,
            "    {} {} {} -> {}{}",
            mark(report.status),
            report.rtype,
            report.name,
            report.status.as_str(),
            error
        );
    }
    out.blank();
    // The chain of the lookup that decides, when it fails.
    if let Some(lookup) = name.decisive_lookup.and_then(|i| name.lookups.get(i)) {
        if matches!(lookup.status, Status::Bogus | Status::Indeterminate) {
            print_result(out, lookup);
        }
    }
}

/// The text report of `order`.
pub(crate) fn render_order(document: &OrderDocument) -> String {
    let mut out = Text::default();
    if let Some(ca) = &document.ca {
        put!(out, "CA: {ca}");
        out.blank();
    }
    for name in &document.names {
        print_order_name(&mut out, name);
    }
    print_comparison(&mut out, document.comparison.as_ref());
    print_footer(
        &mut out,
        document.queries,
        document.round_trips,
        &document.line,
    );
    out.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use dnssec_health::caa::{CaaPolicy, CaaProperty};
    use dnssec_health::model::{
        CaaReport, DsReport, KeyReport, LinkReport, OrderDocument, OrderNameReport,
    };
    use dnssec_health::model::{Delegation, DenialType, KeyRole, Proves, SignatureVerdict};
    use dnssec_health::report::{ErrorCode, Warning, WarningCode};

    /// An OSC 52 sequence (writes the terminal's clipboard), a right-to-left override, a C1
    /// CSI, DEL, a zero-width space, a line separator and a newline.
    fn hostile(text: &str) -> String {
        format!("{text}\x1b]52;c;ZWNobyBwd25lZA==\x07\u{202e}gro.elpmaxe\u{9b}31m\u{7f}\u{200b}\u{2028}\nfake line")
    }

    /// No raw control, bidi or invisible formatting character but our own line ends; the
    /// hostile ones are there, escaped.
    fn assert_terminal_safe(text: &str) {
        for c in text.chars() {
            assert!(c == '\n' || !is_terminal_unsafe(c), "{c:?} in {text}");
        }
        assert!(!text.contains('\x1b') && !text.contains('\u{202e}'));
        for escaped in [
            "\\u{1b}]52;c;ZWNobyBwd25lZA==\\u{7}\\u{202e}gro.elpmaxe\\u{9b}31m\\u{7f}\\u{200b}",
            "\\u{2028}\\u{a}fake line",
        ] {
            assert!(text.contains(escaped), "{escaped} not in {text}");
        }
        // No line starts with the smuggled text: it stays on the line of its field.
        assert!(!text.lines().any(|line| line.starts_with("fake line")));
    }

    fn signature(evil: &str) -> SignatureReport {
        SignatureReport {
            covers: hostile(evil),
            key_tag: 1,
            algorithm: 13,
            signer: hostile(evil),
            labels: 2,
            original_ttl: 300,
            inception: hostile(evil),
            expiration: hostile(evil),
            verdict: SignatureVerdict::Valid,
            inception_at: 0,
            expiration_at: 0,
            rrset_ttl: None,
        }
    }

    fn zone(evil: &str) -> ZoneReport {
        ZoneReport {
            zone: hostile(evil),
            status: Status::Bogus,
            delegation: Delegation::Ds,
            ds: vec![DsReport {
                key_tag: 2,
                algorithm: 13,
                algorithm_name: "ECDSAP256SHA256",
                digest_type: 2,
                digest_name: "SHA-256",
                digest: hostile(evil),
                supported: true,
                matches_key: false,
            }],
            ds_rrsigs: vec![signature(evil)],
            dnskeys: vec![KeyReport {
                key_tag: 3,
                flags: 257,
                role: KeyRole::Ksk,
                algorithm: 13,
                algorithm_name: "ECDSAP256SHA256",
                key_size: Some(256),
                revoked: false,
                matches_ds: false,
                signs_key_set: true,
            }],
            dnskey_rrsigs: vec![signature(evil)],
            denial: Some(DenialReport {
                kind: DenialType::Nsec,
                proves: Proves::None,
                iterations: 0,
                records: vec![hostile(evil)],
                rrsigs: vec![signature(evil)],
                salt_len: 0,
                opt_out: false,
            }),
            problem: Some(hostile(evil)),
            ds_ttl: Some(1),
            dnskey_ttl: Some(2),
            warnings: Vec::new(),
            dnskey_response_size: None,
            cds: None,
        }
    }

    fn lookup(evil: &str) -> LookupReport {
        let mut report = LookupReport::blank(hostile(evil), hostile(evil));
        report.line = hostile(evil);
        report.status = Status::Bogus;
        report.error = Some(ErrorCode::DnssecBogus);
        report.reason = hostile(evil);
        report.fix = Some(hostile(evil));
        report.broken_zone = Some(hostile(evil));
        report.warnings = vec![Warning {
            code: WarningCode::SignatureExpiresSoon,
            severity: Severity::Critical,
            zone: hostile(evil),
            records: vec![hostile(evil)],
            message: hostile(evil),
            fix: hostile(evil),
        }];
        report.chain = vec![zone(evil)];
        let link = LinkReport {
            name: hostile(evil),
            rtype: hostile(evil),
            status: Status::Bogus,
            error: Some(ErrorCode::DnssecBogus),
            reason: hostile(evil),
            zone: Some(hostile(evil)),
            rcode: Some(hostile(evil)),
            records: vec![hostile(evil)],
            rrsigs: vec![signature(evil)],
            denial: Some(DenialReport {
                kind: DenialType::Nsec3,
                proves: Proves::Nodata,
                iterations: 0,
                records: vec![hostile(evil)],
                rrsigs: vec![signature(evil)],
                salt_len: 0,
                opt_out: false,
            }),
            chain: vec![zone(evil)],
        };
        report.links = vec![link.clone(), link];
        report
    }

    #[test]
    fn terminal_safe_escapes_controls_and_invisible_characters_only() {
        assert!(matches!(
            terminal_safe("www.example.com. 300 IN TXT \"caf\\195\\169\" bücher"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            terminal_safe("a\x1b[2Jb\tc\u{202e}d\u{85}e\u{feff}"),
            "a\\u{1b}[2Jb\\u{9}c\\u{202e}d\\u{85}e\\u{feff}"
        );
    }

    #[test]
    fn the_check_report_reaches_the_terminal_escaped() {
        let document = CheckDocument {
            line: hostile("line"),
            status: Status::Bogus,
            results: vec![lookup("check")],
            resolvers: vec![hostile("resolver")],
            trust_anchor: "iana-root".into(),
            now: 0,
            queries: 1,
            round_trips: 1,
            work: Default::default(),
            comparison: None,
        };
        let text = render_check(&document);
        assert_terminal_safe(&text);
        // Every printed field was there: the record, the reason, the problem, the warning.
        assert!(text.contains("       check\\u{1b}]52"));
        assert!(text.contains("  reason: check\\u{1b}]52"));
        assert!(text.contains("       problem: check\\u{1b}]52"));
        assert!(text.contains("  critical: check\\u{1b}]52"));
        assert!(text.ends_with("line\\u{1b}]52;c;ZWNobyBwd25lZA==\\u{7}\\u{202e}gro.elpmaxe\\u{9b}31m\\u{7f}\\u{200b}\\u{2028}\\u{a}fake line\n"));
    }

    #[test]
    fn the_order_report_reaches_the_terminal_escaped() {
        let property = CaaProperty {
            flags: 128,
            critical: true,
            tag: hostile("tag"),
            value: hostile("value"),
            malformed: true,
        };
        let iodef = CaaProperty {
            flags: 0,
            critical: false,
            tag: "iodef".into(),
            value: hostile("mailto:"),
            malformed: false,
        };
        let mut failing = lookup("order");
        failing.purpose = Some("caa");
        let name = OrderNameReport {
            name: hostile("name"),
            line: hostile("line"),
            status: Status::Bogus,
            error: Some(ErrorCode::DnssecBogus),
            ede: None,
            reason: hostile("reason"),
            fix: Some(hostile("fix")),
            ca_note: Some(hostile("note")),
            ca_saw: None,
            then_now: Some(hostile("then")),
            decisive_lookup: Some(0),
            caa: CaaReport {
                complete: false,
                relevant_name: Some(hostile("relevant")),
                owner: Some(hostile("owner")),
                records: vec![property, iodef],
                policy: CaaPolicy {
                    issuers: None,
                    wildcard_issuers: None,
                    iodef: vec![hostile("iodef")],
                    unknown_critical: vec![hostile("critical")],
                },
                ca_may_issue: None,
                summary: hostile("summary"),
            },
            lookups: vec![failing],
        };
        let document = OrderDocument {
            line: hostile("line"),
            status: Status::Bogus,
            ca: Some(hostile("ca")),
            names: vec![name],
            resolvers: vec![hostile("resolver")],
            trust_anchor: "iana-root".into(),
            now: 0,
            queries: 1,
            round_trips: 1,
            work: Default::default(),
            comparison: None,
        };
        let text = render_order(&document);
        assert_terminal_safe(&text);
        assert!(text.starts_with("CA: ca\\u{1b}]52"));
        assert!(text.contains("  CAA:    summary\\u{1b}]52"));
        assert!(text.contains("          128 tag\\u{1b}]52"));
        assert!(text.contains("          0 iodef \"mailto:\\u{1b}]52"));
        assert!(text.contains("  reason: order\\u{1b}]52"));

        // The JSON document shows them as JSON escapes and still means the same.
        let json = serde_json::to_string_pretty(&document).unwrap();
        let safe = json_terminal_safe(&json);
        assert_terminal_safe_json(&safe);
        let original: serde_json::Value = serde_json::from_str(&json).unwrap();
        let shown: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(original, shown);
    }

    fn assert_terminal_safe_json(json: &str) {
        for c in json.chars() {
            assert!(c == '\n' || !is_terminal_unsafe(c), "{c:?}");
        }
        assert!(json.contains("\\u202e") && json.contains("\\u009b") && json.contains("\\u2028"));
    }

    #[test]
    fn json_escapes_cover_the_astral_tags() {
        let json = serde_json::to_string(&"a\u{e0041}\u{7f}b").unwrap();
        let safe = json_terminal_safe(&json);
        assert_eq!(safe, "\"a\\udb40\\udc41\\u007fb\"");
        assert_eq!(
            serde_json::from_str::<String>(&safe).unwrap(),
            "a\u{e0041}\u{7f}b"
        );
    }
}
