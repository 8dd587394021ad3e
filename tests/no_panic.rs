//! "No panic on any input" (issue 2), as property tests with a fixed seed:
//!
//! 1. Real signed DNS responses (the synthetic world of `tests/signed_world`, whose verdicts are
//!    known) are mutated at random — bit flips, truncation, insertion, deletion, forged
//!    section counts and compression pointers, HTTP status and media type — on their way into
//!    the whole checker (input parsing, engine rounds, DoH reading, validation, the report).
//!    Nothing may panic, and no lookup may become SECURE unless its unmutated answer was.
//!    Flipping any bit of a signed RRset's data or signature must make it BOGUS.
//! 2. Random and adversarial text into everything a user types (names, types, name lists,
//!    trust anchors, times, resolver URLs) and random bytes into every reader of wire data
//!    (DNS messages, the RDATA of each type, codecs, DoH responses, NSEC/NSEC3 proofs).
//!
//! A small xorshift generator keeps the runs reproducible without a dependency.
// Native only: drives the checker with futures-executor, which the wasm build lacks.
#![cfg(not(target_arch = "wasm32"))]

mod signed_world;

use std::cell::Cell;
use std::str::FromStr;

use hickory_proto::rr::{Name, RecordType};

use dnssec_health::anchor::TrustAnchors;
use dnssec_health::check::{self, CheckOptions};
use dnssec_health::denial::{self, Goal};
use dnssec_health::model::CheckDocument;
use dnssec_health::records::{Dnskey, Ds, Nsec, Nsec3, Rrsig, TypeBitmap};
use dnssec_health::report::Status;
use dnssec_health::transport::HttpResponse;
use dnssec_health::{canonical, codec, crypto, doh, input, name, presentation, time, wire};
use signed_world::{check_with, World, LOOKUPS};

/// xorshift64* (Vigna 2016): small, fast, and the same sequence on every run. The state is a
/// `Cell` so that one generator can serve closures and nested calls alike.
struct Rng(Cell<u64>);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(Cell::new(seed.max(1)))
    }

    fn next(&self) -> u64 {
        let mut x = self.0.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0.set(x);
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn bytes(&self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn pick<'a, T>(&self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One random change to a DNS message.
fn mutate(rng: &Rng, body: &mut Vec<u8>) {
    let len = body.len();
    match rng.below(9) {
        // Flip one to four bits.
        0 | 1 => {
            for _ in 0..=rng.below(4) {
                if !body.is_empty() {
                    let i = rng.below(body.len());
                    body[i] ^= 1 << rng.below(8);
                }
            }
        }
        2 => body.truncate(rng.below(len + 1)),
        3 => {
            let at = rng.below(len + 1);
            let extra = rng.bytes(1 + rng.below(16));
            body.splice(at..at, extra);
        }
        4 if len > 0 => {
            let start = rng.below(len);
            let end = (start + 1 + rng.below(16)).min(len);
            body.drain(start..end);
        }
        // A section count (QD/AN/NS/AR) set to something else.
        5 if len >= 12 => {
            let i = 4 + 2 * rng.below(4);
            let value = *rng.pick(&[0u16, 1, 2, 0x7f, 0xff, 0xffff]);
            body[i..i + 2].copy_from_slice(&value.to_be_bytes());
        }
        // A compression pointer somewhere: forward, backward, to itself, past the end.
        6 if len >= 2 => {
            let i = rng.below(len - 1);
            let target = rng.below(len + 64) as u16;
            body[i] = 0xc0 | (target >> 8) as u8;
            body[i + 1] = target as u8;
        }
        // A slice of the message copied elsewhere in it.
        7 if len > 0 => {
            let start = rng.below(len);
            let end = (start + 1 + rng.below(40)).min(len);
            let chunk = body[start..end].to_vec();
            let at = rng.below(len + 1);
            body.splice(at..at, chunk);
        }
        _ if len > 0 => {
            let i = rng.below(len);
            body[i] = *rng.pick(&[0x00, 0x01, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xff]);
        }
        _ => body.push(rng.next() as u8),
    }
}

fn assert_document_is_whole(doc: &CheckDocument, targets: usize) {
    assert_eq!(doc.results.len(), targets);
    let json = serde_json::to_string(doc).expect("the report serialises");
    assert!(json.starts_with('{'));
    assert_eq!(doc.line.split(',').count(), targets, "{}", doc.line);
    for result in &doc.results {
        // An error code exactly when the lookup failed; a reason whenever it is not SECURE.
        assert_eq!(
            result.error.is_some(),
            matches!(result.status, Status::Bogus | Status::Indeterminate),
            "{result:?}"
        );
        if result.status != Status::Secure {
            assert!(!result.reason.is_empty(), "{result:?}");
        }
    }
}

#[test]
fn mutated_responses_never_panic_and_never_become_secure() {
    let world = World::standard(200);
    let baseline: Vec<Status> = LOOKUPS
        .iter()
        .map(|(name, rtype)| signed_world::check(&world, name, rtype).results[0].status)
        .collect();
    // The starting points cover every verdict but INDETERMINATE (which mutations produce).
    for status in [Status::Secure, Status::Insecure, Status::Bogus] {
        assert!(baseline.contains(&status), "{baseline:?}");
    }

    let rng = Rng::new(0x5eed_d155);
    let mut outcomes = [0usize; 4];
    let mutated = Cell::new(0);
    for round in 0..1200 {
        // One or two lookups per check, so that their questions and answers mix.
        let first = rng.below(LOOKUPS.len());
        let second = rng.below(LOOKUPS.len());
        let picked: Vec<usize> = if round % 3 == 0 && first != second {
            vec![first, second]
        } else {
            vec![first]
        };
        let mut names: Vec<&str> = picked.iter().map(|&i| LOOKUPS[i].0).collect();
        let mut types: Vec<&str> = picked.iter().map(|&i| LOOKUPS[i].1).collect();
        names.dedup();
        types.dedup();
        let doc = check_with(
            &world,
            &names,
            &types,
            |_, _, response: &mut HttpResponse| {
                // Few responses changed, and mostly once, so that most still parse and reach the
                // validator; now and then several changes pile up.
                if rng.chance(15) {
                    mutated.set(mutated.get() + 1);
                    let changes = if rng.chance(80) { 1 } else { 2 + rng.below(3) };
                    for _ in 0..changes {
                        mutate(&rng, &mut response.body);
                    }
                }
                if rng.chance(1) {
                    response.status = *rng.pick(&[500, 404, 301, 204]);
                }
                if rng.chance(1) {
                    response.content_type =
                        rng.pick(&["text/html", "", "application/json"]).to_string();
                }
            },
        );
        // Two names and two types make four lookups; the extra pairs have no baseline.
        for result in &doc.results {
            let Some(&i) = picked
                .iter()
                .find(|&&i| LOOKUPS[i].0 == result.name && LOOKUPS[i].1 == result.rtype)
            else {
                continue;
            };
            outcomes[result.status as usize] += 1;
            if baseline[i] != Status::Secure {
                assert_ne!(
                    result.status,
                    Status::Secure,
                    "round {round}: {} {} was {:?} unmutated",
                    result.name,
                    result.rtype,
                    baseline[i]
                );
            }
        }
        assert_document_is_whole(&doc, names.len() * types.len());
    }
    // Over a thousand mutated responses among some ten thousand, and they reached every
    // outcome: the validator really ran on them.
    assert!(mutated.get() > 1000, "{}", mutated.get());
    assert!(outcomes.iter().all(|&n| n > 0), "{outcomes:?}");
}

/// Finds `needle` in `haystack`.
fn position(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("present")
}

/// Any single flipped bit in a signed RRset's RDATA or in its RRSIG's signature makes the
/// lookup BOGUS (RFC 4035 §5.3.3): the signature covers exactly those bytes.
#[test]
fn every_flipped_bit_of_signed_data_or_signature_is_bogus() {
    let world = World::standard(0);
    let clean = world.respond("www.example.", signed_world::A);
    let message = wire::parse_message(&clean).unwrap();
    let a_rr = &message.answers[0];
    let rrsig = &message.answers[1];
    assert_eq!(
        (a_rr.rtype, rrsig.rtype),
        (RecordType::A, RecordType::RRSIG)
    );
    let rdata_at = position(&clean, &a_rr.raw_rdata);
    let rrsig_at = position(&clean, &rrsig.raw_rdata);
    let signature = Rrsig::parse(&rrsig.raw_rdata).unwrap().signature;
    let signature_at = rrsig_at + rrsig.raw_rdata.len() - signature.len();

    let bytes = (rdata_at..rdata_at + a_rr.raw_rdata.len())
        .chain(signature_at..signature_at + signature.len());
    let mut checked = 0;
    for i in bytes {
        for bit in 0..8 {
            let doc = check_with(
                &world,
                &["www.example"],
                &["A"],
                |qname, qtype, response| {
                    if qname == "www.example." && qtype == signed_world::A {
                        response.body[i] ^= 1 << bit;
                    }
                },
            );
            let result = &doc.results[0];
            assert_eq!(result.status, Status::Bogus, "byte {i} bit {bit}");
            assert_eq!(result.error.map(|e| e.as_str()), Some("DNSSEC_BOGUS"));
            checked += 1;
        }
    }
    assert_eq!(checked, (4 + 64) * 8);
}

/// Unusual but valid questions, unmutated: the root, wildcard owners asked for literally,
/// deep names below a wildcard or an unsigned zone, DNSSEC record types asked for directly, and
/// a type number no one uses. Each gets a whole report; the ones with a known answer get it.
#[test]
fn unusual_questions_get_whole_reports() {
    let world = World::standard(0);
    let names = [
        ".",
        "example",
        "*.wild.example",
        "a.b.c.d.e.f.wild.example",
        "_tcp.www.example",
        "xn--bcher-kva.example",
        "deep.below.www.unsigned",
        "nonexistent-tld",
    ];
    let types = ["A", "DS", "DNSKEY", "RRSIG", "NSEC3", "CNAME", "TYPE65535"];
    let doc = check_with(&world, &names, &types, |_, _, _| {});
    assert_document_is_whole(&doc, names.len() * types.len());
    let status = |name: &str, rtype: &str| {
        doc.results
            .iter()
            .find(|r| r.name == name && r.rtype == rtype)
            .map(|r| r.status)
    };
    assert_eq!(status(".", "DNSKEY"), Some(Status::Secure));
    assert_eq!(status("example", "DS"), Some(Status::Secure));
    assert_eq!(status("example", "DNSKEY"), Some(Status::Secure));
    assert_eq!(status("*.wild.example", "A"), Some(Status::Secure));
    assert_eq!(
        status("a.b.c.d.e.f.wild.example", "A"),
        Some(Status::Secure)
    );
    assert_eq!(status("nonexistent-tld", "A"), Some(Status::Secure));
    assert_eq!(
        status("deep.below.www.unsigned", "A"),
        Some(Status::Insecure)
    );
}

// ---------------------------------------------------------------------------------------------
// Text input
// ---------------------------------------------------------------------------------------------

/// Characters people paste, and some they should not: separators, URL and e-mail syntax,
/// escapes, controls, non-ASCII letters, dots that are not ASCII (U+3002, U+FF0E), bidi and
/// zero-width marks, combining accents, emoji.
const CHARS: &[char] = &[
    'a', 'b', 'z', 'A', 'Z', '0', '9', '-', '_', '.', '.', '.', '*', '@', ':', '/', '?', '#', '[',
    ']', '<', '>', '"', '\'', ' ', '\t', '\n', ',', ';', '\\', '%', '+', '=', '\0', '\u{7f}', 'ü',
    'ß', 'é', 'ı', 'İ', 'ж', '中', '\u{3002}', '\u{ff0e}', '\u{200d}', '\u{202e}', '\u{301}',
    '\u{fffd}', '🦀',
];

fn random_text(rng: &Rng, max_len: usize, alphabet: &[char]) -> String {
    let len = rng.below(max_len + 1);
    (0..len).map(|_| *rng.pick(alphabet)).collect()
}

/// Hand-picked inputs at the edges of the rules.
fn adversarial_names() -> Vec<String> {
    let mut out: Vec<String> = [
        "",
        ".",
        "..",
        "...",
        "a..b",
        ".a",
        "a.",
        "*",
        "*.*",
        "a*",
        "-",
        "-a-.b",
        "_",
        "xn--",
        "xn--zz",
        "xn--a.xn--b",
        "xn--ls8h.la",
        "http://",
        "https://[::1]:443/",
        "mailto:",
        "a@",
        "@a",
        "a@b@c",
        "a:b:c",
        "a:8080",
        "::",
        "[",
        "]",
        "[a.b]",
        "<>",
        "\"\"",
        "127.0.0.1",
        "1.2.3.4.5",
        "0x7f.1",
        "1e100",
        "ß.de",
        "İ.tr",
        "\u{3002}",
        "a\u{3002}b",
        "a\u{ff0e}b",
        "\u{200d}",
        "\u{202e}moc.elpmaxe",
        "e\u{301}.fr",
        "🦀.rs",
        "\\000.a",
        "a\\.b",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    out.push("a".repeat(63));
    out.push("a".repeat(64));
    out.push(vec!["a"; 127].join("."));
    out.push(vec!["a"; 128].join("."));
    out.push(vec!["abcdefghi"; 25].join("."));
    out.push(format!("{}.com", "ü".repeat(60)));
    out.push("x".repeat(100_000));
    out.push(".".repeat(10_000));
    out
}

#[test]
fn names_types_and_lists_from_random_text() {
    let rng = Rng::new(11);
    let mut inputs = adversarial_names();
    inputs.extend((0..4000).map(|_| random_text(&rng, 80, CHARS)));
    let mut accepted = 0;
    for text in &inputs {
        if let Ok(name) = input::parse_name(text) {
            accepted += 1;
            // A usable name: absolute, at most 255 octets on the wire, lowercase ASCII, and
            // parsing its own output gives it back.
            let ascii = name.to_ascii();
            assert!(name.is_fqdn(), "{text:?}");
            assert!(ascii.len() <= 254, "{text:?}");
            assert!(
                ascii.is_ascii() && ascii == ascii.to_ascii_lowercase(),
                "{text:?} -> {ascii}"
            );
            assert_eq!(input::parse_name(&ascii), Ok(name.clone()), "{text:?}");
        } else {
            assert!(!input::parse_name(text).unwrap_err().to_string().is_empty());
        }
        if let Ok(rtype) = input::parse_type(text) {
            assert!(!matches!(
                rtype,
                RecordType::OPT | RecordType::ANY | RecordType::AXFR | RecordType::IXFR
            ));
        }
        for piece in input::split_names(text) {
            assert!(!piece.is_empty());
            assert!(!piece.contains([',', ';']) && !piece.contains(char::is_whitespace));
        }
    }
    assert!(
        accepted > 50,
        "the generator should also produce valid names ({accepted})"
    );
    for text in [
        "TYPE",
        "TYPE65536",
        "TYPE-1",
        "type0",
        "TYPE 1",
        "A A",
        "\u{0}",
    ] {
        let _ = input::parse_type(text);
    }
}

/// Trust-anchor text: DS and DNSKEY records with every field drawn from valid and invalid
/// values (names, numbers out of range, broken base64 and hex), zone-file tokens shuffled in,
/// unbalanced parentheses and comments.
#[test]
fn trust_anchors_from_random_records_and_token_soup() {
    const OWNERS: &[&str] = &[
        ".", "example.", "example", "a..b", "*", "\\000", "@", "ü", "-",
    ];
    const NUMBERS: &[&str] = &[
        "0",
        "1",
        "2",
        "3",
        "4",
        "8",
        "13",
        "15",
        "200",
        "253",
        "255",
        "256",
        "257",
        "65535",
        "65536",
        "4294967296",
        "-1",
        "99999999999999999999",
        "x",
    ];
    const DATA: &[&str] = &[
        "00",
        "0",
        "ABCDEF",
        "abcdef0123456789",
        "XYZ",
        "AwEAAQ==",
        "AQ=",
        "====",
        "",
        "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
        "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
        "( 00 11",
        ") 22",
    ];
    const NOISE: &[&str] = &[
        "IN",
        "CH",
        "3600",
        "DS",
        "DNSKEY",
        "RRSIG",
        "(",
        ")",
        ";",
        "; comment",
        "\n",
        "\t",
        "ü",
    ];
    let rng = Rng::new(12);
    let record = || -> String {
        let mut fields = vec![*rng.pick(OWNERS)];
        if rng.chance(50) {
            fields.push(*rng.pick(&["3600", "0", "IN", "ch", "4294967296"]));
        }
        fields.push(*rng.pick(&["DS", "DNSKEY", "ds", "dnskey", "DS", "DNSKEY"]));
        // Mostly the right shape (three numbers, then data), so that some records are valid.
        let numbers = if rng.chance(70) { 3 } else { rng.below(5) };
        for _ in 0..numbers {
            fields.push(if rng.chance(60) {
                *rng.pick(&["2", "3", "8", "13", "256", "257"])
            } else {
                *rng.pick(NUMBERS)
            });
        }
        let data = if rng.chance(70) { 1 } else { rng.below(3) };
        for _ in 0..data {
            fields.push(*rng.pick(DATA));
        }
        fields.join(" ")
    };
    let mut accepted = 0;
    for _ in 0..4000 {
        let mut parts: Vec<String> = (0..1 + rng.below(3)).map(|_| record()).collect();
        for _ in 0..rng.below(2) {
            let at = rng.below(parts.len() + 1);
            parts.insert(at, rng.pick(NOISE).to_string());
        }
        let text = parts.join(if rng.chance(85) { "\n" } else { " " });
        match TrustAnchors::parse(&text) {
            Ok(anchors) => {
                accepted += 1;
                assert!(!anchors.anchors.is_empty());
                for anchor in &anchors.anchors {
                    assert!(!anchor.ds.is_empty() || !anchor.keys.is_empty(), "{text:?}");
                    assert!(anchor.owner.is_fqdn());
                }
            }
            Err(e) => {
                assert!(!e.message.is_empty());
                assert!(e.line <= text.lines().count() + 1, "{text:?}: {e}");
            }
        }
    }
    assert!(
        accepted > 40,
        "the generator should also produce anchors ({accepted})"
    );
}

/// `--now`: unix seconds or RFC 3339, and everything near them.
#[test]
fn times_from_random_text() {
    const TIME_CHARS: &[char] = &[
        '0', '1', '2', '5', '9', '9', '9', '-', '-', ':', ':', 'T', 't', 'Z', 'z', '+', '.', ' ',
        'x',
    ];
    let rng = Rng::new(13);
    let mut inputs: Vec<String> = [
        "99999999999999999-01-01",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808-01-01",
        "2026-01-01T00:00:00+99999999999999999:00",
        "2026-01-01T00:00:00-00:9999999999999999",
        "2026-01-01T99999999999999999:00:00Z",
        "0000-01-01T00:00:00+01:00",
        "9999-12-31T23:59:60Z",
        "2026-02-31",
        "2026-01-01T00:00:00.999999999999999999999Z",
        "2026-01-01T+",
        "T",
        "-",
        "--",
        ":",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for _ in 0..4000 {
        // Mostly date-shaped: a real timestamp with random edits, or random characters.
        let text = if rng.chance(50) {
            let mut s: Vec<char> = "2026-03-01T12:34:56+02:00".chars().collect();
            for _ in 0..=rng.below(4) {
                let i = rng.below(s.len());
                match rng.below(3) {
                    0 => s[i] = *rng.pick(TIME_CHARS),
                    1 => s.insert(i, *rng.pick(TIME_CHARS)),
                    _ => {
                        s.remove(i);
                    }
                }
            }
            s.into_iter().collect()
        } else {
            random_text(&rng, 40, TIME_CHARS)
        };
        inputs.push(text);
    }
    for text in &inputs {
        if let Some(seconds) = time::parse_time(text) {
            // Within years 1970..=9999 the printed form reads back as the same instant.
            if (0..=253_402_300_799).contains(&seconds) {
                let printed = time::format_rfc3339(seconds);
                assert_eq!(time::parse_time(&printed), Some(seconds), "{text:?}");
            }
        }
    }
    for _ in 0..2000 {
        let _ = time::format_rfc3339(rng.next() as i64);
    }
    let _ = time::format_rfc3339(i64::MIN);
    let _ = time::format_rfc3339(i64::MAX);
}

/// Everything `check::prepare` takes, at random; when it accepts, the check is runnable.
#[test]
fn prepared_checks_from_random_options() {
    let rng = Rng::new(14);
    let urls = [
        "https://dns.example/dns-query",
        "http://127.0.0.1:8053/dns-query?x=1",
        "https://user@host/",
        "ftp://x",
        "https://",
        "https:// spaced/",
        "",
    ];
    for _ in 0..1500 {
        let names: Vec<String> = (0..rng.below(4))
            .map(|_| random_text(&rng, 30, CHARS))
            .collect();
        let options = CheckOptions {
            resolvers: (0..rng.below(3))
                .map(|_| rng.pick(&urls).to_string())
                .collect(),
            trust_anchor: rng.chance(30).then(|| random_text(&rng, 60, CHARS)),
            now: rng.chance(50).then(|| rng.next() as i64),
            types: (0..rng.below(3))
                .map(|_| {
                    rng.pick(&["A", "caa", "TYPE65", "ANY", "X", ""])
                        .to_string()
                })
                .collect(),
            timeout_ms: rng.chance(50).then(|| rng.next() as u32),
            method: None,
            deadline_ms: rng.chance(50).then(|| rng.next() as u32),
            compare: false,
            ..Default::default()
        };
        if let Ok(prepared) = check::prepare(&names, &options) {
            assert!(!prepared.targets.is_empty());
            assert!(!prepared.resolvers.is_empty());
            assert!((check::MIN_TIMEOUT_MS..=check::MAX_TIMEOUT_MS).contains(&prepared.timeout_ms));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Wire input
// ---------------------------------------------------------------------------------------------

/// Random RDATA of every type the validator or the report reads, inside a well-formed message
/// so that hickory-proto's decoders, our record views, canonical form and presentation all
/// see it.
#[test]
fn random_rdata_of_every_type() {
    let types: Vec<u16> = vec![
        1, 2, 5, 6, 12, 13, 15, 16, 28, 33, 35, 39, 43, 46, 47, 48, 50, 51, 52, 59, 60, 61, 64, 65,
        99, 108, 109, 256, 257, 32769, 65280, 65535,
    ];
    let rng = Rng::new(15);
    for round in 0..6000 {
        let rtype = *rng.pick(&types);
        let mut rdata = rng.bytes(rng.below(if round % 4 == 0 { 600 } else { 40 }));
        // Sometimes a plausible start: a name, or fixed fields of the DNSSEC types.
        if rng.chance(30) && !rdata.is_empty() {
            rdata[0] = rng.below(8) as u8;
        }
        if rng.chance(20) {
            rdata.splice(0..0, [3, b'w', b'w', b'w', 0xc0, 12]);
        }
        let mut msg = vec![0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
        msg.extend(b"\x07example\x00");
        msg.extend(rtype.to_be_bytes());
        msg.extend([0, 1, 0xc0, 12]);
        msg.extend(rtype.to_be_bytes());
        msg.extend([0, 1, 0, 0, 0x0e, 0x10]);
        msg.extend((rdata.len() as u16).to_be_bytes());
        msg.extend(&rdata);
        let message = wire::parse_message(&msg).expect("the frame is well-formed");
        let record = &message.answers[0];
        assert_eq!(record.raw_rdata, rdata);
        let _ = canonical::canonical_rdata(record);
        assert!(!presentation::record_text(record).is_empty());

        if let Ok(sig) = Rrsig::parse(&rdata) {
            assert_eq!(sig.signed_prefix[..18], rdata[..18]);
            assert!(!sig.signature.is_empty());
        }
        if let Ok(key) = Dnskey::parse(&rdata) {
            assert_eq!(key.rdata, rdata);
            assert_eq!(key.key_tag, dnssec_health::records::key_tag(&rdata));
            let _ = crypto::key_size_bits(key.algorithm, &key.public_key);
            let _ = crypto::verify(key.algorithm, &key.public_key, &rdata, &rdata);
            for digest_type in [1, 2, 3, 4] {
                let _ = crypto::ds_digest(digest_type, b"\x07example\x00", &rdata);
            }
        }
        if let Ok(ds) = Ds::parse(&rdata) {
            assert_eq!(ds.digest, rdata[4..]);
        }
        let _ = Nsec::parse(&rdata);
        if let Ok(nsec3) = Nsec3::parse(&rdata) {
            assert_eq!(nsec3.salt.len(), usize::from(rdata[4]));
            assert!(!nsec3.next_hashed.is_empty());
        }
        let _ = TypeBitmap::parse(&rdata, RecordType::NSEC);
    }
}

/// Every algorithm with random keys, signatures and messages: an error, never a panic and never
/// a verified signature.
#[test]
fn signature_verification_of_random_bytes() {
    let rng = Rng::new(16);
    let key_sizes = [0, 1, 3, 31, 32, 33, 48, 57, 64, 96, 97, 130, 260, 520];
    for _ in 0..1500 {
        for algorithm in [1, 3, 5, 7, 8, 10, 13, 14, 15, 16, 17, 253, 255] {
            let mut key = rng.bytes(*rng.pick(&key_sizes));
            if algorithm <= 10 && !key.is_empty() && rng.chance(50) {
                key[0] = 3; // a plausible RSA exponent length (RFC 3110 §2)
            }
            let signature = rng.bytes(*rng.pick(&[0, 1, 63, 64, 96, 114, 128, 256]));
            let message = rng.bytes(rng.below(64));
            assert!(crypto::verify(algorithm, &key, &message, &signature).is_err());
            let _ = crypto::key_size_bits(algorithm, &key);
        }
    }
}

/// Whole messages of random bytes, and random bytes after a valid header.
#[test]
fn dns_messages_and_doh_responses_from_random_bytes() {
    let rng = Rng::new(17);
    for round in 0..20_000 {
        let mut body = rng.bytes(rng.below(if round % 10 == 0 { 2000 } else { 120 }));
        if round % 2 == 0 && body.len() >= 12 {
            body[..4].copy_from_slice(&[0, 0, 0x81, 0x80]);
            for i in (4..12).step_by(2) {
                body[i] = 0;
                body[i + 1] = rng.below(4) as u8;
            }
        }
        if let Ok(message) = wire::parse_message(&body) {
            assert!(message.is_response);
            for record in message.answers.iter().chain(&message.authorities) {
                let _ = canonical::canonical_rdata(record);
                let _ = presentation::record_text(record);
            }
        }
        let response = HttpResponse {
            status: *rng.pick(&[200, 200, 200, 500]),
            content_type: rng
                .pick(&["application/dns-message", "text/html", ""])
                .to_string(),
            body,
        };
        if let Ok(message) = doh::read_response(&response) {
            assert_eq!(message.id, 0);
        }
    }
}

/// The codecs of presentation format and DoH: decoding random text never panics, and encoding
/// random bytes reads back.
#[test]
fn codecs_round_trip_and_reject_junk() {
    let rng = Rng::new(18);
    let alphabet: Vec<char> = "0123456789abcdefABCDEFghvwxyzGHVWXYZ+/=-_ \n\u{e9}"
        .chars()
        .collect();
    for _ in 0..5000 {
        let text = random_text(&rng, 50, &alphabet);
        let _ = codec::hex_decode(&text);
        let _ = codec::base64_decode(&text);
        let _ = codec::base32hex_decode(&text);
        let bytes = rng.bytes(rng.below(40));
        assert_eq!(
            codec::hex_decode(&codec::hex_upper(&bytes)),
            Some(bytes.clone())
        );
        assert_eq!(
            codec::base64_decode(&codec::base64(&bytes)),
            Some(bytes.clone())
        );
        assert_eq!(
            codec::base32hex_decode(&codec::base32hex_lower(&bytes)),
            Some(bytes.clone())
        );
        let _ = codec::base64url_nopad(&bytes);
    }
}

/// NSEC and NSEC3 proofs over random records and random names, for every goal.
#[test]
fn denial_proofs_over_random_records() {
    let rng = Rng::new(19);
    let labels = [
        "a",
        "b",
        "z",
        "*",
        "www",
        "xn--bcher-kva",
        "\u{0}",
        "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom",
    ];
    let random_name = |rng: &Rng| -> Name {
        let count = rng.below(5);
        let mut parts: Vec<String> = (0..count).map(|_| rng.pick(&labels).to_string()).collect();
        parts.push("example".into());
        Name::from_labels(parts.iter().map(|p| p.as_bytes())).unwrap_or_else(|_| Name::root())
    };
    let zone = Name::from_str("example.").unwrap();
    let goals = [
        Goal::NxDomain,
        Goal::NoData(RecordType::A),
        Goal::NoData(RecordType::DS),
        Goal::WildcardAnswer { source_labels: 0 },
        Goal::WildcardAnswer { source_labels: 2 },
        Goal::WildcardAnswer { source_labels: 200 },
        Goal::NoDs,
    ];
    for _ in 0..800 {
        let count = rng.below(6);
        let nsecs: Vec<(Name, Nsec)> = (0..count)
            .filter_map(|_| {
                let mut rdata = name::name_to_lowercase_wire(&random_name(&rng));
                rdata.extend(rng.bytes(rng.below(10)));
                Some((random_name(&rng), Nsec::parse(&rdata).ok()?))
            })
            .collect();
        let nsec3s: Vec<(Name, Nsec3)> = (0..count)
            .filter_map(|_| {
                let hash = rng.bytes(*rng.pick(&[1, 19, 20, 21]));
                let owner = Name::from_str(&format!("{}.example.", codec::base32hex_lower(&hash)))
                    .unwrap_or_else(|_| random_name(&rng));
                let mut rdata = vec![
                    *rng.pick(&[1, 2]),
                    rng.below(2) as u8,
                    0,
                    rng.below(3) as u8,
                    0,
                ];
                rdata.push(20);
                rdata.extend(rng.bytes(20));
                rdata.extend(rng.bytes(rng.below(6)));
                Some((owner, Nsec3::parse(&rdata).ok()?))
            })
            .collect();
        let qname = random_name(&rng);
        for goal in goals {
            let _ = denial::nsec::prove(&qname, &zone, goal, &nsecs);
            let _ = denial::nsec3::prove(&qname, &zone, goal, &nsec3s);
            let _ = denial::nsec3::prove(&qname, &Name::root(), goal, &nsec3s);
        }
    }
}
