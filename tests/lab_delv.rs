//! Proves the test lab itself: delv, BIND's reference validator, must reach the
//! expected verdict for every scenario in `bind_lab::SCENARIOS`.

mod bind_lab;

use std::thread;

#[test]
fn delv_agrees_with_every_lab_scenario() {
    let lab = bind_lab::lab();
    // A few workers: each delv run takes a few tens of milliseconds.
    let verdicts: Vec<_> = thread::scope(|scope| {
        let workers: Vec<_> = bind_lab::SCENARIOS
            .chunks(bind_lab::SCENARIOS.len().div_ceil(4))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|sc| (sc, bind_lab::delv(lab, sc.name, sc.rtype)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("delv worker panicked"))
            .collect()
    });

    let mut failures = Vec::new();
    for (sc, verdict) in &verdicts {
        let mark = if verdict.status == sc.delv {
            "ok "
        } else {
            "BAD"
        };
        println!(
            "{mark} {:<32} {:<6} {:<13} {}",
            sc.name, sc.rtype, verdict.status, sc.note
        );
        if verdict.status != sc.delv {
            failures.push(format!(
                "{} {}: expected {}, delv says {}:\n{}",
                sc.name, sc.rtype, sc.delv, verdict.status, verdict.text
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario(s) disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn classify_delv_output() {
    let cases = [
        ("; fully validated\nwww.lab. 60 IN A 192.0.2.1\n", "SECURE"),
        (
            ";; resolution failed: ncache nxdomain\n; negative response, fully validated\n",
            "SECURE",
        ),
        (
            "; unsigned answer\nwww.lab. 60 IN A 192.0.2.1\n",
            "INSECURE",
        ),
        (";; resolution failed: broken trust chain\n", "BOGUS"),
        (";; resolution failed: RRSIG failed to verify\n", "BOGUS"),
        (";; resolution failed: failure\n", "INDETERMINATE"),
        // A CNAME chain: one verdict per element, the weakest wins.
        (
            "; fully validated\na CNAME b\n\n; unsigned answer\nb A 192.0.2.1\n",
            "INSECURE",
        ),
        (
            "; fully validated\na CNAME b\n;; resolution failed: RRSIG failed to verify\n",
            "BOGUS",
        ),
        (
            ";; resolution failed: ncache nxdomain\n; negative response, unsigned answer\n",
            "INSECURE",
        ),
    ];
    for (text, status) in cases {
        assert_eq!(bind_lab::classify_delv(text), status, "{text}");
    }
}
