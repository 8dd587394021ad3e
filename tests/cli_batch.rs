//! `check --input` and `order --input` against the BIND lab (tests/lab): one check or order per
//! line, comments, blank lines, CSV, stdin, `--ndjson`, the summary, and the run's shared
//! answer cache (asserted on query counts, not on time).

mod bind_lab;

use std::io::Write as _;
use std::process::{Command, Stdio};

use bind_lab::{lab, Lab};
use serde_json::Value;

/// Runs the CLI with `stdin` on its standard input; exit code, stdout, stderr.
fn run_with_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dnssec-health"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dnssec-health");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `command --input - --resolver LAB --trust-anchor LAB` plus `extra`, fed `input`.
fn batch(lab: &Lab, command: &str, input: &str, extra: &[&str]) -> (i32, String, String) {
    let anchor = lab.anchor_file.to_str().unwrap();
    let mut args = vec![
        command,
        "--input",
        "-",
        "--resolver",
        &lab.doh,
        "--trust-anchor",
        anchor,
    ];
    args.extend_from_slice(extra);
    run_with_stdin(&args, input)
}

fn documents(stdout: &str) -> Vec<Value> {
    let mut docs: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    docs.sort_by_key(|d| d["index"].as_u64());
    docs
}

fn queries(docs: &[Value]) -> Vec<u64> {
    docs.iter()
        .map(|d| d["queries"].as_u64().unwrap())
        .collect()
}

#[test]
fn ndjson_one_document_per_usable_line_bad_lines_reported_and_a_summary() {
    let lab = lab();
    let input =
        "# lab names\n\nwww.alg13.lab\n   \nwww.badsig.lab\nbad..name\n# done\nwww.unsigned.lab\n";
    let (code, stdout, stderr) = batch(lab, "check", input, &["--ndjson"]);
    assert_eq!(code, 1, "a BOGUS name: exit 1\n{stderr}");
    let docs = documents(&stdout);
    assert_eq!(docs.len(), 3, "{stdout}");
    let expected = [
        ("www.alg13.lab", "SECURE"),
        ("www.badsig.lab", "BOGUS"),
        ("www.unsigned.lab", "INSECURE"),
    ];
    for (index, (doc, (name, status))) in docs.iter().zip(expected).enumerate() {
        assert_eq!(doc["index"], index as u64);
        assert_eq!(doc["input"], name);
        assert_eq!(doc["status"], status, "{doc}");
        assert_eq!(doc["results"][0]["name"], name);
    }
    // The bad line, by its number (6), and the summary's counts.
    assert!(stderr.contains("line 6: "), "{stderr}");
    assert!(stderr.contains("3 lines checked, 1 skipped"), "{stderr}");
    assert!(
        stderr.contains("statuses: SECURE 1, INSECURE 1, INDETERMINATE 0, BOGUS 1"),
        "{stderr}"
    );
    assert!(stderr.contains("errors: DNSSEC_BOGUS 1"), "{stderr}");
    assert!(
        stderr.contains("line 5: www.badsig.lab;BOGUS;DNSSEC_BOGUS"),
        "{stderr}"
    );
}

#[test]
fn a_csv_with_a_name_column_from_a_file_in_input_order() {
    let lab = lab();
    let dir = std::env::temp_dir().join(format!("dnssec-health-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("names.csv");
    std::fs::write(
        &path,
        "id,name,owner\n1,www.alg8.lab,ann\n2,\"www.nsec3.lab\",bob\n\n3,nope.alg13.lab,eve\n",
    )
    .unwrap();
    let anchor = lab.anchor_file.to_str().unwrap();
    let (code, stdout, stderr) = bind_lab::run_cli(&[
        "check",
        "--input",
        path.to_str().unwrap(),
        "--resolver",
        &lab.doh,
        "--trust-anchor",
        anchor,
    ]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // The human report of each name, in input order.
    let at = |needle: &str| {
        stdout
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not in {stdout}"))
    };
    assert!(at("www.alg8.lab A: SECURE") < at("www.nsec3.lab A: SECURE"));
    assert!(at("www.nsec3.lab A: SECURE") < at("nope.alg13.lab A: SECURE"));
    assert!(stderr.contains("3 lines checked, 0 skipped"), "{stderr}");
    assert!(
        stderr.contains("statuses: SECURE 3, INSECURE 0, INDETERMINATE 0, BOGUS 0"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn orders_per_line_and_nothing_usable_is_a_usage_error() {
    let lab = lab();
    let (code, stdout, stderr) = batch(
        lab,
        "order",
        "www.caa.lab, *.caa.lab\nwww.alg13.lab\n",
        &["--ndjson", "--concurrency", "2"],
    );
    assert_eq!(code, 0, "{stderr}");
    let docs = documents(&stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["names"].as_array().unwrap().len(), 2);
    assert_eq!(docs[0]["input"], "www.caa.lab, *.caa.lab");
    assert_eq!(docs[1]["names"][0]["name"], "www.alg13.lab");

    let (code, stdout, stderr) = batch(lab, "check", "# nothing\nbad..name\n", &[]);
    assert_eq!(code, 64, "{stdout}{stderr}");
    assert!(stderr.contains("line 2: "), "{stderr}");
    assert!(stderr.contains("no usable line"), "{stderr}");
}

const TEN: [&str; 10] = [
    "www.alg13.lab",
    "www.alg8.lab",
    "www.alg10.lab",
    "www.alg14.lab",
    "www.alg15.lab",
    "www.alg16.lab",
    "www.ds1.lab",
    "www.ds4.lab",
    "www.nsec3.lab",
    "www.deep.lab",
];

#[test]
fn the_run_shares_one_cache_the_root_and_the_tld_are_asked_once() {
    let lab = lab();
    // Each name on its own (its own process, so its own cache).
    let alone: Vec<u64> = TEN
        .iter()
        .map(|name| {
            let (_, stdout, _) = batch(lab, "check", name, &["--ndjson"]);
            queries(&documents(&stdout))[0]
        })
        .collect();
    let input = TEN.join("\n");

    // One at a time: the first name asks for the root and lab. keys; the others do not
    // (the root's DNSKEY, lab.'s DS and DNSKEY: 3 questions fewer each).
    let (code, stdout, stderr) = batch(lab, "check", &input, &["--ndjson", "--concurrency", "1"]);
    assert_eq!(code, 0, "{stderr}");
    let docs = documents(&stdout);
    assert_eq!(docs.len(), 10);
    let sequential = queries(&docs);
    assert_eq!(sequential[0], alone[0], "{sequential:?} vs {alone:?}");
    for i in 1..10 {
        assert!(
            sequential[i] + 3 <= alone[i],
            "{}: {} queries with the cache, {} alone",
            TEN[i],
            sequential[i],
            alone[i]
        );
        assert_eq!(docs[i]["status"], "SECURE");
    }

    // Concurrently: questions already in flight are not asked twice either.
    let (code, stdout, stderr) = batch(lab, "check", &input, &["--ndjson", "--concurrency", "8"]);
    assert_eq!(code, 0, "{stderr}");
    let docs = documents(&stdout);
    let total: u64 = queries(&docs).iter().sum();
    let total_alone: u64 = alone.iter().sum();
    assert!(
        total + 27 <= total_alone,
        "{total} queries for the ten with the cache, {total_alone} without"
    );
    assert!(docs.iter().all(|d| d["status"] == "SECURE"));

    // The same name twice in a run: the second check sends nothing of what has a TTL left
    // (every positive answer: keys, DS, the A RRset); only negative answers whose TTL ran out
    // in the lab resolver's cache (it keeps them 5 s) may be asked again.
    let (_, stdout, _) = batch(
        lab,
        "check",
        "www.alg13.lab\nwww.alg13.lab\n",
        &["--ndjson", "--concurrency", "1"],
    );
    let docs = documents(&stdout);
    let sent = queries(&docs);
    assert_eq!(sent[0], alone[0]);
    assert!(sent[1] + 6 <= alone[0], "{sent:?} vs {}", alone[0]);
    assert!(docs[1]["round_trips"].as_u64().unwrap() <= 1);
    assert_eq!(docs[1]["status"], "SECURE");
}

/// Once a zone's chain is in the run's cache, a name in it that is not a zone apex costs one
/// question: its own (a wildcard answer, a name that does not exist, an unsigned zone's name).
/// A name that is a zone apex asks its own DS, DNSKEY and CDS in a second round, so the
/// warnings about its CDS are there as when it is checked alone.
#[test]
fn a_warm_run_asks_only_what_is_unique_to_each_name() {
    let lab = lab();
    let lists = [
        ["a1.wild.lab", "a2.wild.lab", "a3.wild.lab", "a4.wild.lab"],
        [
            "nx1.alg13.lab",
            "nx2.alg13.lab",
            "nx3.alg13.lab",
            "nx4.alg13.lab",
        ],
        [
            "h1.nsec3.lab",
            "h2.nsec3.lab",
            "h3.nsec3.lab",
            "h4.nsec3.lab",
        ],
    ];
    for list in lists {
        let (_, stdout, stderr) = batch(
            lab,
            "check",
            &list.join("\n"),
            &["--ndjson", "--concurrency", "1"],
        );
        let docs = documents(&stdout);
        assert_eq!(docs.len(), 4, "{stderr}");
        for (name, doc) in list.iter().zip(&docs).skip(1) {
            assert_eq!(doc["queries"], 1, "{name}: {doc}");
            assert_eq!(doc["round_trips"], 1, "{name}");
        }
        for (name, doc) in list.iter().zip(&docs) {
            let (_, alone, _) = batch(lab, "check", name, &["--ndjson"]);
            let alone = &documents(&alone)[0];
            assert_eq!(doc["status"], alone["status"], "{name}");
            assert_eq!(doc["line"], alone["line"], "{name}");
        }
    }

    let apexes = "cds-new.lab\nwww.cds-new.lab\ncds-delete.lab\n";
    let (_, stdout, _) = batch(lab, "check", apexes, &["--ndjson", "--concurrency", "1"]);
    let docs = documents(&stdout);
    let codes = |doc: &Value| -> Vec<String> {
        doc["results"][0]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap().to_string())
            .collect()
    };
    for (doc, expected) in docs
        .iter()
        .zip(["CDS_MISMATCH", "CDS_MISMATCH", "CDS_DELETE"])
    {
        assert!(
            codes(doc).iter().any(|c| c == expected),
            "{expected}: {doc}"
        );
    }
    assert_eq!(
        docs[0]["round_trips"], 2,
        "the apex's own link in a second round"
    );
}
