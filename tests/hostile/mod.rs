//! A hostile DoH resolver for the CLI: the synthetic signed world of `tests/signed_world`, served
//! over real HTTP on 127.0.0.1 with an attack applied to its answers (`attacks`), and a runner
//! that points the real `dnssec-health` binary at it and collects what came out: the exit
//! status (or the signal that killed it), the report, the server's count of requests and,
//! for the benchmark, the process's CPU time.

pub mod attacks;
pub mod dns;
pub mod server;

use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use serde_json::Value;

use crate::signed_world::World;
use server::{DohServer, Query, Reply};

/// The validation time of every run (`signed_world::NOW`).
pub const NOW: &str = "1800000000";

/// One attack: a handler for the server and the CLI invocation that meets it.
pub struct Attack {
    /// What the benchmark prints.
    pub label: String,
    /// `check` or `order`.
    pub command: &'static str,
    pub names: Vec<String>,
    /// More CLI arguments (`--type CAA`, `--post`, ...).
    pub extra: Vec<String>,
    /// `--json`: the report is parsed from stdout.
    pub json: bool,
    pub handler: Box<dyn Fn(&Query) -> Reply + Send + Sync>,
}

/// What one run produced.
pub struct Outcome {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: String,
    /// The JSON report, with `--json`.
    pub json: Option<Value>,
    /// DoH requests the server answered, and how many of them were POST (the rest GET).
    pub requests: usize,
    pub posts: usize,
    /// The CLI was told to use POST.
    pub post: bool,
    pub questions: Vec<(String, u16)>,
    /// User + system CPU seconds of the CLI process (timed runs only).
    pub cpu_seconds: Option<f64>,
}

/// The world's trust anchor (the root key's DS), written once per test process.
fn anchor_file() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let path = temp_path("anchor.txt");
        std::fs::write(&path, World::standard(0).anchor()).unwrap();
        path
    })
}

/// A file name of its own for this process under Cargo's temporary directory for tests.
fn temp_path(suffix: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("hostile-{}-{n}-{suffix}", std::process::id()))
}

impl Attack {
    pub fn new(
        label: impl Into<String>,
        command: &'static str,
        names: Vec<String>,
        handler: impl Fn(&Query) -> Reply + Send + Sync + 'static,
    ) -> Attack {
        Attack {
            label: label.into(),
            command,
            names,
            extra: Vec::new(),
            json: true,
            handler: Box::new(handler),
        }
    }

    pub fn with(mut self, args: &[&str]) -> Attack {
        self.extra.extend(args.iter().map(|a| a.to_string()));
        self
    }

    pub fn text(mut self) -> Attack {
        self.json = false;
        self
    }

    /// Runs the CLI against the attack's server.
    pub fn run(self) -> Outcome {
        self.run_with(false)
    }

    /// Runs the CLI under bash's `time` (getrusage of the child: user + system CPU).
    pub fn run_timed(self) -> Outcome {
        self.run_with(true)
    }

    fn run_with(self, timed: bool) -> Outcome {
        let Attack {
            command,
            names,
            extra,
            json,
            handler,
            ..
        } = self;
        let server = DohServer::start(handler);
        let post = extra.iter().any(|a| a == "--post");
        let mut args = vec![command.to_string()];
        args.extend(names);
        if json {
            args.push("--json".into());
        }
        let url = server.url();
        let anchor = anchor_file().to_str().unwrap();
        for arg in [
            "--resolver",
            &url,
            "--trust-anchor",
            anchor,
            "--now",
            NOW,
            "--timeout",
            "5",
        ] {
            args.push(arg.to_string());
        }
        args.extend(extra);
        let cli = env!("CARGO_BIN_EXE_dnssec-health");
        let (status, stdout, stderr, cpu_seconds) = if timed {
            // bash's `time` reports the child's getrusage; the files keep the streams apart.
            let [out, err, times] = ["out", "err", "time"].map(temp_path);
            let script = r#"TIMEFORMAT="%3U %3S"; { time "$@" >"$OUT" 2>"$ERR"; } 2>"$TIMES""#;
            let status = Command::new("bash")
                .args(["-c", script, "bash", cli])
                .args(&args)
                .env("OUT", &out)
                .env("ERR", &err)
                .env("TIMES", &times)
                .stdin(Stdio::null())
                .status()
                .expect("bash runs");
            let read = |path: &PathBuf| {
                let bytes = std::fs::read(path).unwrap_or_default();
                let _ = std::fs::remove_file(path);
                bytes
            };
            let (stdout, stderr, times) = (read(&out), read(&err), read(&times));
            let cpu = String::from_utf8_lossy(&times)
                .split_whitespace()
                .filter_map(|t| t.parse::<f64>().ok())
                .sum();
            (
                status,
                stdout,
                String::from_utf8_lossy(&stderr).into_owned(),
                Some(cpu),
            )
        } else {
            let output = Command::new(cli)
                .args(&args)
                .stdin(Stdio::null())
                .output()
                .expect("the CLI runs");
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            (output.status, output.stdout, stderr, None)
        };
        let json = json.then(|| serde_json::from_slice(&stdout).ok()).flatten();
        let requests = server.requests();
        let posts = server.posts();
        let questions = server.questions();
        drop(server);
        Outcome {
            status,
            stdout,
            stderr,
            json,
            requests,
            posts,
            post,
            questions,
            cpu_seconds,
        }
    }
}

impl Outcome {
    /// The process ended by itself (no signal, no abort) with one of `codes`.
    pub fn assert_exit(&self, codes: &[i32]) {
        assert_eq!(
            self.status.signal(),
            None,
            "the CLI was killed by a signal; stderr: {}",
            self.stderr
        );
        let code = self.status.code().expect("an exit code");
        assert!(
            codes.contains(&code),
            "exit status {code}, expected one of {codes:?}; stderr: {}",
            self.stderr
        );
    }

    pub fn doc(&self) -> &Value {
        self.json.as_ref().unwrap_or_else(|| {
            panic!(
                "no JSON report; status {:?}, stderr: {}, stdout: {}",
                self.status,
                self.stderr,
                String::from_utf8_lossy(&self.stdout)
            )
        })
    }

    fn count(&self, pointer: &str) -> u64 {
        self.doc()
            .pointer(pointer)
            .and_then(Value::as_u64)
            .unwrap_or_else(|| panic!("{pointer} missing from the report"))
    }

    pub fn queries(&self) -> u64 {
        self.count("/queries")
    }

    pub fn round_trips(&self) -> u64 {
        self.count("/round_trips")
    }

    pub fn verifications(&self) -> u64 {
        self.count("/work/signature_verifications")
    }

    pub fn hashes(&self) -> u64 {
        self.count("/work/nsec3_hashes")
    }

    /// Each lookup's (or order name's) status, error and reason.
    pub fn verdicts(&self) -> Vec<(String, Option<String>, String)> {
        let doc = self.doc();
        let entries = doc
            .get("results")
            .or_else(|| doc.get("names"))
            .and_then(Value::as_array)
            .expect("results or names");
        entries
            .iter()
            .map(|e| {
                (
                    e["status"].as_str().unwrap_or_default().to_string(),
                    e["error"].as_str().map(str::to_string),
                    e["reason"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// The distinct status/error pairs with how many lookups had each, e.g.
    /// `100× BOGUS DNSSEC_BOGUS`.
    pub fn verdict_summary(&self) -> String {
        let Some(_) = &self.json else {
            return match self.status.code() {
                Some(64) => "refused (usage)".into(),
                Some(code) => format!("exit {code}"),
                None => format!("signal {:?}", self.status.signal()),
            };
        };
        let mut counts: Vec<(String, usize)> = Vec::new();
        for (status, error, _) in self.verdicts() {
            let key = match error {
                Some(error) => format!("{status} {error}"),
                None => status,
            };
            match counts.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key, 1)),
            }
        }
        counts
            .iter()
            .map(|(k, n)| {
                if *n > 1 {
                    format!("{n}× {k}")
                } else {
                    k.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}
