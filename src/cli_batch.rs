//! `--input FILE`: many checks or orders in one run, one per line, sharing one
//! [`AnswerCache`]; the reports in input order (or `--ndjson` as each finishes), a progress
//! line on a terminal and a summary on stderr.

use std::io::{IsTerminal as _, Read as _, Write as _};
use std::process::ExitCode;
use std::time::Instant;

use dnssec_health::ca_message;
use dnssec_health::check::{prepare, run_cached, AnswerCache, PreparedCheck};
use dnssec_health::model::{CheckDocument, OrderDocument};
use dnssec_health::order::{self, PreparedOrder};
use dnssec_health::report::Status;
use dnssec_health::transport::native::NativeTransport;
use futures_util::stream::{self, StreamExt as _};

use crate::{
    exit_code, has_critical, json_terminal_safe, render_check, render_order, terminal_safe, Args,
    Command,
};

/// Default and highest `--concurrency`.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// The highest `--concurrency` accepted.
pub const MAX_CONCURRENCY: usize = 64;

/// The worst names the summary lists.
const WORST_LISTED: usize = 10;

/// The usable text of each line: (line number from 1, text). Blank lines and `#` comments are
/// left out; a CSV whose header has a `name` column gives that column.
pub fn read_lines(text: &str) -> Vec<(usize, String)> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
    let Some((first_number, first)) = lines.next() else {
        return Vec::new();
    };
    let column = csv_fields(first)
        .iter()
        .position(|field| field.eq_ignore_ascii_case("name"));
    let mut out = Vec::new();
    match column {
        Some(column) => {
            for (number, line) in lines {
                if let Some(field) = csv_fields(line).into_iter().nth(column) {
                    if !field.is_empty() {
                        out.push((number, field));
                    }
                }
            }
        }
        None => {
            out.push((first_number, first.to_string()));
            out.extend(lines.map(|(number, line)| (number, line.to_string())));
        }
    }
    out
}

/// The fields of a CSV line (RFC 4180 quoting, `""` inside quotes), trimmed.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field).trim().to_string()),
            c => field.push(c),
        }
    }
    fields.push(field.trim().to_string());
    fields
}

enum Job {
    Check(PreparedCheck),
    Order(PreparedOrder),
}

enum Outcome {
    Check(CheckDocument),
    Order(OrderDocument),
}

impl Outcome {
    fn status(&self) -> Status {
        match self {
            Outcome::Check(d) => d.status,
            Outcome::Order(d) => d.status,
        }
    }

    /// Each name's (DigiCert entry, status, error code).
    fn names(&self) -> Vec<(String, Status, Option<&'static str>)> {
        match self {
            Outcome::Check(d) => d
                .results
                .iter()
                .map(|r| (r.line.clone(), r.status, r.error.map(|e| e.as_str())))
                .collect(),
            Outcome::Order(d) => d
                .names
                .iter()
                .map(|n| (n.line.clone(), n.status, n.error.map(|e| e.as_str())))
                .collect(),
        }
    }

    fn critical(&self) -> bool {
        match self {
            Outcome::Check(d) => has_critical(d.results.iter()),
            Outcome::Order(d) => has_critical(d.names.iter().flat_map(|n| &n.lookups)),
        }
    }

    fn json(&self, index: usize, input: &str) -> Result<String, serde_json::Error> {
        let mut value = match self {
            Outcome::Check(d) => serde_json::to_value(d)?,
            Outcome::Order(d) => serde_json::to_value(d)?,
        };
        if let Some(object) = value.as_object_mut() {
            object.insert("index".into(), index.into());
            object.insert("input".into(), input.into());
        }
        Ok(json_terminal_safe(&serde_json::to_string(&value)?).into_owned() + "\n")
    }

    fn human(&self) -> String {
        match self {
            Outcome::Check(d) => render_check(d),
            Outcome::Order(d) => render_order(d),
        }
    }
}

/// What the summary counts.
#[derive(Default)]
struct Tally {
    statuses: [usize; 4],
    errors: Vec<(&'static str, usize)>,
    /// (status, line number, DigiCert entry) of every name neither SECURE nor INSECURE.
    bad: Vec<(Status, usize, String)>,
}

impl Tally {
    fn add(&mut self, line_number: usize, outcome: &Outcome) {
        for (entry, status, error) in outcome.names() {
            if let Some(i) = Status::ALL.iter().position(|s| *s == status) {
                self.statuses[i] += 1;
            }
            if let Some(code) = error {
                match self.errors.iter_mut().find(|(c, _)| *c == code) {
                    Some((_, count)) => *count += 1,
                    None => self.errors.push((code, 1)),
                }
            }
            if matches!(status, Status::Bogus | Status::Indeterminate) {
                self.bad.push((status, line_number, entry));
            }
        }
    }

    fn statuses(&self) -> String {
        Status::ALL
            .iter()
            .zip(self.statuses)
            .map(|(s, n)| format!("{} {n}", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Runs `--input`: returns the exit status.
pub fn run(args: &Args, path: &str, transport: &NativeTransport, clock: i64) -> ExitCode {
    let mut text = String::new();
    let read = if path == "-" {
        std::io::stdin().read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut text))
    };
    if let Err(error) = read {
        return crate::usage_error(&format!("cannot read {path}: {error}"));
    }
    let mut items: Vec<(usize, String, Job)> = Vec::new();
    let mut skipped = 0;
    for (number, line) in read_lines(&text) {
        let as_order = args.command == Command::Order || ca_message::parse(&line).is_some();
        let job = if as_order {
            if args.command == Command::Check && !args.options.types.is_empty() {
                Err("--type does not apply to a CA message, which is rechecked as an order".into())
            } else {
                order::prepare(
                    std::slice::from_ref(&line),
                    &args.options,
                    args.ca.as_deref(),
                )
                .map(Job::Order)
                .map_err(|e| e.to_string())
            }
        } else {
            prepare(std::slice::from_ref(&line), &args.options)
                .map(Job::Check)
                .map_err(|e| e.to_string())
        };
        match job {
            Ok(job) => items.push((number, line, job)),
            Err(error) => {
                skipped += 1;
                eprintln!(
                    "dnssec-health: line {number}: {}; skipped",
                    terminal_safe(&error)
                );
            }
        }
    }
    if items.is_empty() {
        return crate::usage_error(&format!("no usable line in {path}"));
    }
    let total = items.len();
    let ndjson = args.ndjson || args.json;
    let progress = std::io::stderr().is_terminal();
    let started = Instant::now();
    let cache = AnswerCache::new();
    let mut tally = Tally::default();
    let mut worst = Status::Secure;
    let mut critical = false;
    let mut pending: Vec<Option<Outcome>> = (0..total).map(|_| None).collect();
    let mut next_to_print = 0;
    let mut write_error = None;
    let mut done = 0;
    futures_executor::block_on(async {
        let jobs = items.iter().enumerate().map(|(index, (_, _, job))| {
            let cache = &cache;
            async move {
                let outcome = match job {
                    Job::Check(check) => {
                        Outcome::Check(run_cached(transport, check.clone(), clock, cache).await)
                    }
                    Job::Order(prepared) => Outcome::Order(
                        order::run_cached(transport, prepared.clone(), clock, cache).await,
                    ),
                };
                (index, outcome)
            }
        });
        let mut finished = stream::iter(jobs).buffer_unordered(args.concurrency);
        while let Some((index, outcome)) = finished.next().await {
            done += 1;
            let (number, input, _) = &items[index];
            tally.add(*number, &outcome);
            worst = worst.max(outcome.status());
            critical |= outcome.critical();
            let text = if ndjson {
                match outcome.json(index, input) {
                    Ok(text) => text,
                    Err(error) => {
                        eprintln!("dnssec-health: cannot encode the report: {error}");
                        String::new()
                    }
                }
            } else {
                pending[index] = Some(outcome);
                let mut text = String::new();
                while let Some(Some(outcome)) = pending.get_mut(next_to_print).map(Option::take) {
                    text.push_str(&outcome.human());
                    next_to_print += 1;
                }
                text
            };
            if progress {
                eprint!("\r\x1b[K");
            }
            if write_error.is_none() && !text.is_empty() {
                let mut stdout = std::io::stdout().lock();
                if let Err(error) = stdout
                    .write_all(text.as_bytes())
                    .and_then(|()| stdout.flush())
                {
                    write_error = Some(error);
                }
            }
            if progress {
                let seconds = started.elapsed().as_secs_f64().max(0.001);
                let rate = done as f64 / seconds;
                let eta = (total - done) as f64 / rate.max(0.001);
                eprint!(
                    "\r{done}/{total}  {rate:.1} names/s  ETA {eta:.0} s  {}",
                    tally.statuses()
                );
                let _ = std::io::stderr().flush();
            }
        }
    });
    if progress {
        eprint!("\r\x1b[K");
    }
    print_summary(&tally, total, skipped, started.elapsed().as_secs_f64());
    if let Some(error) = write_error {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("dnssec-health: cannot write the report: {error}");
        }
        return ExitCode::from(74);
    }
    exit_code(worst, args.strict && critical)
}

fn print_summary(tally: &Tally, total: usize, skipped: usize, seconds: f64) {
    let mut out = format!(
        "summary: {total} lines checked, {skipped} skipped, in {seconds:.1} s\nstatuses: {}\n",
        tally.statuses()
    );
    let mut errors = tally.errors.clone();
    errors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if !errors.is_empty() {
        let list: Vec<String> = errors.iter().map(|(c, n)| format!("{c} {n}")).collect();
        out.push_str(&format!("errors: {}\n", list.join(", ")));
    }
    let mut bad: Vec<&(Status, usize, String)> = tally.bad.iter().collect();
    bad.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if !bad.is_empty() {
        out.push_str("worst:\n");
        for (_, number, entry) in bad.iter().take(WORST_LISTED) {
            out.push_str(&format!("  line {number}: {}\n", terminal_safe(entry)));
        }
    }
    let _ = std::io::stderr().write_all(out.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_comments_blanks_and_csv() {
        let text = "# names\n\nwww.example.com\n  example.org , example.net \n#x\n";
        assert_eq!(
            read_lines(text),
            vec![
                (3, "www.example.com".to_string()),
                (4, "example.org , example.net".to_string())
            ]
        );
        let csv =
            "# export\nid,Name,owner\n1,www.example.com,ann\n\n2,\"ex,ample.org\",bob\n3,,x\n";
        assert_eq!(
            read_lines(csv),
            vec![
                (3, "www.example.com".to_string()),
                (5, "ex,ample.org".to_string())
            ]
        );
        assert!(read_lines("\n# only\n").is_empty());
    }
}
