//! The vocabulary the documents carry is one: each Rust enum serialises to exactly the words of
//! the TypeScript unions in `www/dnssec-health.d.ts`, the labels `www/render.js` has for them,
//! and (for the CA's codes and warnings) the README. A word added on one side only fails here.

use std::collections::BTreeSet;

use dnssec_health::model::{Delegation, DenialType, KeyRole, Proves, SignatureVerdict};
use dnssec_health::report::{ErrorCode, Severity, Status, WarningCode};
use serde::Serialize;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The JSON words of every value.
fn words<T: Serialize>(values: &[T]) -> BTreeSet<String> {
    values
        .iter()
        .map(|v| {
            serde_json::to_value(v)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// The string literals of the union that follows `start` in the TypeScript text, up to `;`.
fn union(ts: &str, start: &str) -> BTreeSet<String> {
    let from = ts
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the .d.ts"));
    let text = &ts[from + start.len()..];
    let text = &text[..text.find(';').unwrap()];
    text.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The keys of a `const NAME = { ... };` object literal in JavaScript.
fn object_keys(js: &str, name: &str) -> BTreeSet<String> {
    let start = js
        .find(&format!("const {name} = {{"))
        .unwrap_or_else(|| panic!("no {name} in render.js"));
    let body = &js[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find("};").unwrap()];
    body.lines()
        .filter_map(|line| {
            let key = line.trim().split(':').next()?.trim();
            (!key.is_empty()).then(|| key.trim_matches('"').to_string())
        })
        .collect()
}

#[test]
fn the_typescript_unions_are_the_rust_enums() {
    let ts = read("www/dnssec-health.d.ts");
    assert_eq!(union(&ts, "export type Status ="), words(&Status::ALL));
    assert_eq!(
        union(&ts, "export type ErrorCode ="),
        words(&ErrorCode::ALL)
    );
    assert_eq!(union(&ts, "export type Severity ="), words(&Severity::ALL));
    assert_eq!(
        union(&ts, "export type WarningCode ="),
        words(&WarningCode::ALL)
    );
    assert_eq!(union(&ts, "verdict:"), words(&SignatureVerdict::ALL));
    assert_eq!(union(&ts, "delegation:"), words(&Delegation::ALL));
    assert_eq!(union(&ts, "kind:"), words(&DenialType::ALL));
    assert_eq!(union(&ts, "proves:"), words(&Proves::ALL));
    assert_eq!(union(&ts, "role:"), words(&[KeyRole::Ksk, KeyRole::Zsk]));
}

#[test]
fn the_page_has_words_for_every_verdict_and_delegation() {
    let js = read("www/render.js");
    assert_eq!(
        object_keys(&js, "VERDICT_TEXT"),
        words(&SignatureVerdict::ALL)
    );
    assert_eq!(
        object_keys(&js, "DELEGATION_LABEL"),
        words(&Delegation::ALL)
    );
}

#[test]
fn the_readme_documents_every_warning_code_and_ca_code() {
    let readme = read("README.md");
    for code in WarningCode::ALL {
        assert!(readme.contains(&format!("`{}`", code.as_str())), "{code:?}");
    }
    for code in ErrorCode::ALL {
        assert!(readme.contains(code.as_str()), "{code:?}");
    }
    // And the enum's own spelling agrees with its JSON.
    for code in WarningCode::ALL {
        assert_eq!(words(&[code]), BTreeSet::from([code.as_str().to_string()]));
    }
    for verdict in SignatureVerdict::ALL {
        assert_eq!(
            words(&[verdict]),
            BTreeSet::from([verdict.as_str().to_string()])
        );
    }
}
