//! The CA's error code for every failure class, in the synthetic signed world of
//! `tests/signed_world` (Ed25519 zones, no BIND): one test per row of the mapping in
//! `Problem::error_code`, which follows dnsjava's `ValidatingResolver` (v3.6.3, the version
//! DigiCert's domain-control validation library pins). Each test builds the situation with
//! forged responses (signed by the zones' own keys, or by a key of the same name that no DS or
//! key set vouches for) and asserts, for `results[0]` of the whole checker's JSON report:
//!
//! - `status` and `error`, the code the CA reports (`line` too);
//! - `ede`, the RFC 8914 Extended DNS Error that says precisely what is wrong;
//! - `ca_note`: null where the CA's code is the EDE's own (DNSKEY_MISSING 9, DNSSEC_BOGUS 6,
//!   NSEC_MISSING 12, RSIGS_MISSING 10), otherwise a sentence that starts with
//!   "The CA reports this as <CODE>; precisely: " and names the EDE;
//! - a piece of the reason, so that the row's situation (and not another failure that happens
//!   to share its code) is what was built.
//!
//! The validation clock is `signed_world::NOW`; signatures outside their validity window are made
//! with `Zone::rrsig_over_window` / `Zone::sign_window`.
// Native only: drives the checker with futures-executor, which the wasm build lacks.
#![cfg(not(target_arch = "wasm32"))]

mod signed_world;

use serde_json::Value;
use signed_world::{
    a, check_with, message, servfail, txt, Denial, Rr, World, Zone, A, DNSKEY, DS, EXPIRATION,
    INCEPTION, NOERROR, NOW, NXDOMAIN, RRSIG, TXT,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Replacement responses: (qname, qtype, DNS message).
type Forgeries = Vec<(String, u16, Vec<u8>)>;

fn forged(qname: &str, qtype: u16, body: Vec<u8>) -> (String, u16, Vec<u8>) {
    (qname.to_string(), qtype, body)
}

/// The JSON of `results[0]` for `name`/`rtype` in `world`, with the listed responses replaced.
fn result_with(world: &World, name: &str, rtype: &str, forged: &Forgeries) -> Value {
    let doc = check_with(world, &[name], &[rtype], |qname, qtype, response| {
        if let Some((_, _, body)) = forged.iter().find(|(n, t, _)| n == qname && *t == qtype) {
            response.body = body.clone();
        }
    });
    serde_json::to_value(&doc).unwrap()["results"][0].clone()
}

/// The world of `tests/signed_world` (`example.` signed with NSEC3 under a signed root, `unsigned.`
/// delegated without DS), with no damage used here.
fn world() -> World {
    World::standard(0)
}

/// Another Ed25519 key for the zone `apex`: same owner and signer name, a different key tag,
/// and no DS or trust anchor points at it.
fn stranger(apex: &str) -> Zone {
    Zone::signed(apex, 99, Denial::nsec3())
}

/// A validity window that ended a day before the validation clock.
fn expired() -> (u32, u32) {
    (INCEPTION, NOW as u32 - 86_400)
}

/// A validity window that starts a day after the validation clock.
fn not_yet_valid() -> (u32, u32) {
    (NOW as u32 + 86_400, EXPIRATION)
}

/// `records` with one bit of the last RRSIG's signature flipped.
fn corrupt_signature(mut records: Vec<Rr>) -> Vec<Rr> {
    let rrsig = records
        .iter_mut()
        .rev()
        .find(|r| r.rtype == RRSIG)
        .expect("an RRSIG");
    *rrsig.rdata.last_mut().unwrap() ^= 0x01;
    records
}

/// The positive answer `records` to `qname`/`qtype`.
fn answer(qname: &str, qtype: u16, records: &[Rr]) -> Vec<u8> {
    message(qname, qtype, NOERROR, records, &[])
}

/// The CA's code is the EDE's own: dnsjava attaches exactly that EDE.
fn code_matches_ede(error: &str, ede: u64) -> bool {
    matches!(
        (error, ede),
        ("DNSKEY_MISSING", 9) | ("DNSSEC_BOGUS", 6) | ("NSEC_MISSING", 12) | ("RSIGS_MISSING", 10)
    )
}

/// What one row of the mapping expects.
struct Row {
    name: &'static str,
    status: &'static str,
    error: &'static str,
    ede: (u64, &'static str),
    /// A piece of the reason that identifies the situation.
    reason: String,
}

#[track_caller]
fn assert_row(result: &Value, row: Row) {
    let Row {
        name,
        status,
        error,
        ede: (ede_code, ede_name),
        reason,
    } = row;
    let what = format!("{name}: {result:#}");
    assert_eq!(result["name"], name, "{what}");
    assert_eq!(result["status"], status, "{what}");
    assert_eq!(result["error"], error, "{what}");
    assert_eq!(result["line"], format!("{name};{status};{error}"), "{what}");
    assert_eq!(result["ede"]["code"], ede_code, "{what}");
    assert_eq!(result["ede"]["name"], ede_name, "{what}");
    let text = result["reason"].as_str().expect("a reason");
    assert!(
        text.contains(&reason),
        "{name}: {reason:?} not in the reason {text:?}"
    );
    let note = &result["ca_note"];
    if code_matches_ede(error, ede_code) {
        assert_eq!(
            *note,
            Value::Null,
            "{name}: {error} is EDE {ede_code}: no note"
        );
    } else {
        let note = note.as_str().unwrap_or_else(|| {
            panic!("{name}: {error} with EDE {ede_code} needs a ca_note: {what}")
        });
        let prefix = format!("The CA reports this as {error}; precisely: ");
        assert!(note.starts_with(&prefix), "{name}: ca_note {note:?}");
        assert!(
            note.contains(&format!("{ede_name} (EDE {ede_code})")),
            "{name}: ca_note {note:?}"
        );
    }
}

const WWW: &str = "www.example";

/// `www.example` A with the listed responses replaced.
fn www(world: &World, forged: &Forgeries) -> Value {
    result_with(world, WWW, "A", forged)
}

fn www_row(error: &'static str, ede: (u64, &'static str), reason: String) -> Row {
    Row {
        name: WWW,
        status: "BOGUS",
        error,
        ede,
        reason,
    }
}

/// The untampered world is SECURE: every row below is its own failure.
#[test]
fn the_untampered_world_is_secure() {
    let world = world();
    for (name, rtype) in [
        (WWW, "A"),
        ("www.example", "TXT"),
        ("nope.example", "A"),
        ("foo.wild.example", "A"),
    ] {
        let result = result_with(&world, name, rtype, &Vec::new());
        assert_eq!(result["status"], "SECURE", "{name} {rtype}: {result:#}");
        assert_eq!(result["error"], Value::Null);
        assert_eq!(result["ede"], Value::Null);
        assert_eq!(result["ca_note"], Value::Null);
    }
    assert_eq!(
        result_with(&world, "www.unsigned", "A", &Vec::new())["status"],
        "INSECURE"
    );
}

// ---------------------------------------------------------------------------------------------
// The DNSKEY RRset (ValidatingResolver 1198-1203, ValUtils 409-465)
// ---------------------------------------------------------------------------------------------

/// No DNSKEY RRset at all (a NODATA answer to the DNSKEY query): DNSKEY_MISSING, EDE 9.
#[test]
fn no_dnskey_rrset_is_dnskey_missing() {
    let world = world();
    let example = world.zone("example.");
    let nodata = message("example.", DNSKEY, NOERROR, &[], &example.soa_rrset());
    let result = www(&world, &vec![forged("example.", DNSKEY, nodata)]);
    assert_row(
        &result,
        www_row(
            "DNSKEY_MISSING",
            (9, "DNSKEY Missing"),
            "example serves no DNSKEY records".into(),
        ),
    );
}

/// A key set in which no key has the tag and algorithm of the DS: DNSKEY_MISSING, EDE 9.
#[test]
fn no_dnskey_with_the_ds_tag_is_dnskey_missing() {
    let world = world();
    let example = world.zone("example.");
    let other = stranger("example.");
    assert_ne!(other.key_tag(), example.key_tag());
    let keys = answer("example.", DNSKEY, &other.dnskey_rrset());
    let result = www(&world, &vec![forged("example.", DNSKEY, keys)]);
    assert_row(
        &result,
        www_row(
            "DNSKEY_MISSING",
            (9, "DNSKEY Missing"),
            format!(
                "DS {} for example points to a key that example does not serve (its DNSKEY tags: {})",
                example.key_tag(),
                other.key_tag()
            ),
        ),
    );
}

/// A DS with the key's tag and algorithm whose digest does not match it: DNSSEC_BOGUS, EDE 6.
#[test]
fn ds_digest_mismatch_is_dnssec_bogus() {
    let world = world();
    let root = world.zone(".");
    let example = world.zone("example.");
    let mut ds = example.ds_rdata();
    *ds.last_mut().unwrap() ^= 0x01;
    let ds = answer(
        "example.",
        DS,
        &root.sign("example.", "example.", DS, &[ds], None),
    );
    let result = www(&world, &vec![forged("example.", DS, ds)]);
    assert_row(
        &result,
        www_row(
            "DNSSEC_BOGUS",
            (6, "DNSSEC Bogus"),
            format!(
                "DS {} for example has the tag and algorithm",
                example.key_tag()
            ),
        ),
    );
}

/// A key set without any RRSIG: dnsjava throws the verifier's EDE 10 away (ValUtils 437-443)
/// and reports DNSSEC_BOGUS; the EDE keeps RRSIGs Missing.
#[test]
fn key_set_without_rrsig_is_dnssec_bogus_with_ede_10() {
    let world = world();
    let example = world.zone("example.");
    let bare = Rr::new("example.", DNSKEY, example.dnskey_rdata());
    let keys = answer("example.", DNSKEY, &[bare]);
    let result = www(&world, &vec![forged("example.", DNSKEY, keys)]);
    assert_row(
        &result,
        www_row(
            "DNSSEC_BOGUS",
            (10, "RRSIGs Missing"),
            "no RRSIG covers example/DNSKEY".into(),
        ),
    );
}

/// A key set holding the DS's key and another, signed only by the other (as by a ZSK):
/// DNSSEC_BOGUS, EDE 6.
#[test]
fn key_set_signed_only_by_a_key_without_ds_is_dnssec_bogus() {
    let world = world();
    let example = world.zone("example.");
    let other = stranger("example.");
    let rdatas = [example.dnskey_rdata(), other.dnskey_rdata()];
    let keys = answer(
        "example.",
        DNSKEY,
        &other.sign("example.", "example.", DNSKEY, &rdatas, None),
    );
    let result = www(&world, &vec![forged("example.", DNSKEY, keys)]);
    assert_row(
        &result,
        www_row(
            "DNSSEC_BOGUS",
            (6, "DNSSEC Bogus"),
            format!("it is signed only by key {}", other.key_tag()),
        ),
    );
}

/// The key set's only RRSIG expired: DNSSEC_BOGUS (dnsjava drops the 7), EDE 7.
#[test]
fn key_set_signature_expired_is_dnssec_bogus_with_ede_7() {
    let world = world();
    let example = world.zone("example.");
    let keys = answer(
        "example.",
        DNSKEY,
        &example.sign_window("example.", DNSKEY, &[example.dnskey_rdata()], expired()),
    );
    let result = www(&world, &vec![forged("example.", DNSKEY, keys)]);
    assert_row(
        &result,
        www_row(
            "DNSSEC_BOGUS",
            (7, "Signature Expired"),
            format!(
                "the RRSIG over example/DNSKEY by key {} expired on",
                example.key_tag()
            ),
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// The DS RRset: dnsjava keeps the verifier's EDE (ValidatingResolver 1020-1022)
// ---------------------------------------------------------------------------------------------

/// A DS RRset without RRSIG: RSIGS_MISSING, EDE 10.
#[test]
fn ds_unsigned_is_rsigs_missing() {
    let world = world();
    let example = world.zone("example.");
    let bare = Rr::new("example.", DS, example.ds_rdata());
    let result = www(
        &world,
        &vec![forged("example.", DS, answer("example.", DS, &[bare]))],
    );
    assert_row(
        &result,
        www_row(
            "RSIGS_MISSING",
            (10, "RRSIGs Missing"),
            "No RRSIG covers example/DS.".into(),
        ),
    );
}

/// The DS RRset's RRSIG expired: dnsjava keeps EDE 7, which the CA shows as OTHER.
#[test]
fn ds_signature_expired_is_other_with_ede_7() {
    let world = world();
    let root = world.zone(".");
    let example = world.zone("example.");
    let ds = root.sign_window("example.", DS, &[example.ds_rdata()], expired());
    let result = www(
        &world,
        &vec![forged("example.", DS, answer("example.", DS, &ds))],
    );
    assert_row(
        &result,
        www_row(
            "OTHER",
            (7, "Signature Expired"),
            format!(
                "The RRSIG over example/DS by key {} expired on",
                root.key_tag()
            ),
        ),
    );
}

/// The DS RRset signed by a key tag the parent's key set lacks: DNSKEY_MISSING, EDE 9.
#[test]
fn ds_signed_by_an_unknown_key_is_dnskey_missing() {
    let world = world();
    let example = world.zone("example.");
    let other_root = stranger(".");
    assert_ne!(other_root.key_tag(), world.zone(".").key_tag());
    let ds = other_root.sign("example.", "example.", DS, &[example.ds_rdata()], None);
    let result = www(
        &world,
        &vec![forged("example.", DS, answer("example.", DS, &ds))],
    );
    assert_row(
        &result,
        www_row(
            "DNSKEY_MISSING",
            (9, "DNSKEY Missing"),
            format!(
                "The RRSIG over example/DS names key {} which is not in the DNSKEY set",
                other_root.key_tag()
            ),
        ),
    );
}

/// The DS RRset's RRSIG does not verify: DNSSEC_BOGUS, EDE 6.
#[test]
fn ds_signature_invalid_is_dnssec_bogus() {
    let world = world();
    let root = world.zone(".");
    let example = world.zone("example.");
    let ds = corrupt_signature(root.sign("example.", "example.", DS, &[example.ds_rdata()], None));
    let result = www(
        &world,
        &vec![forged("example.", DS, answer("example.", DS, &ds))],
    );
    assert_row(
        &result,
        www_row(
            "DNSSEC_BOGUS",
            (6, "DNSSEC Bogus"),
            format!(
                "The RRSIG over example/DS by key {} does not verify",
                root.key_tag()
            ),
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// The answer: unsigned is EDE 10 (KeyEntry 178-182); every other signature failure goes
// through setBogus, EDE 6 (ValidatingResolver 483-486)
// ---------------------------------------------------------------------------------------------

/// An unsigned answer in the signed zone: RSIGS_MISSING, EDE 10.
#[test]
fn answer_unsigned_is_rsigs_missing() {
    let world = world();
    let bare = Rr::new("www.example.", A, a("192.0.2.1"));
    let result = www(
        &world,
        &vec![forged(
            "www.example.",
            A,
            answer("www.example.", A, &[bare]),
        )],
    );
    assert_row(
        &result,
        www_row(
            "RSIGS_MISSING",
            (10, "RRSIGs Missing"),
            "www.example/A".into(),
        ),
    );
}

/// An answer signed by a key that the zone's key set does not hold: DNSSEC_BOGUS, EDE 9.
#[test]
fn answer_signed_by_an_absent_key_is_dnssec_bogus_with_ede_9() {
    let world = world();
    let other = stranger("example.");
    let records = other.sign("www.example.", "www.example.", A, &[a("192.0.2.1")], None);
    let result = www(
        &world,
        &vec![forged(
            "www.example.",
            A,
            answer("www.example.", A, &records),
        )],
    );
    assert_row(
        &result,
        www_row(
            "DNSSEC_BOGUS",
            (9, "DNSKEY Missing"),
            format!(
                "The RRSIG over www.example/A names key {} which is not in the DNSKEY set",
                other.key_tag()
            ),
        ),
    );
}

/// An answer whose RRSIG does not verify: DNSSEC_BOGUS, EDE 6.
#[test]
fn answer_signature_invalid_is_dnssec_bogus() {
    let world = world();
    let example = world.zone("example.");
    let records = corrupt_signature(example.rrset("www.example.", "www.example.", A));
    let result = www(
        &world,
        &vec![forged(
            "www.example.",
            A,
            answer("www.example.", A, &records),
        )],
    );
    assert_row(
        &result,
        www_row(
            "DNSSEC_BOGUS",
            (6, "DNSSEC Bogus"),
            format!(
                "The RRSIG over www.example/A by key {} does not verify",
                example.key_tag()
            ),
        ),
    );
}

/// An answer whose RRSIG expired: DNSSEC_BOGUS, EDE 7.
#[test]
fn answer_expired_is_dnssec_bogus_with_ede_7() {
    let world = world();
    let example = world.zone("example.");
    let records = example.sign_window("www.example.", A, &[a("192.0.2.1")], expired());
    let result = www(
        &world,
        &vec![forged(
            "www.example.",
            A,
            answer("www.example.", A, &records),
        )],
    );
    assert_row(
        &result,
        www_row(
            "DNSSEC_BOGUS",
            (7, "Signature Expired"),
            format!(
                "The RRSIG over www.example/A by key {} expired on",
                example.key_tag()
            ),
        ),
    );
}

/// An answer whose RRSIG's inception is in the future: DNSSEC_BOGUS, EDE 8.
#[test]
fn answer_not_yet_valid_is_dnssec_bogus_with_ede_8() {
    let world = world();
    let example = world.zone("example.");
    let records = example.sign_window("www.example.", A, &[a("192.0.2.1")], not_yet_valid());
    let result = www(
        &world,
        &vec![forged(
            "www.example.",
            A,
            answer("www.example.", A, &records),
        )],
    );
    assert_row(
        &result,
        www_row(
            "DNSSEC_BOGUS",
            (8, "Signature Not Yet Valid"),
            format!(
                "The RRSIG over www.example/A by key {} is not valid before",
                example.key_tag()
            ),
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// Denial of existence (ValidatingResolver 386-387, 609-666, 816-834, 1079-1082)
// ---------------------------------------------------------------------------------------------

/// A NODATA answer without NSEC or NSEC3: NSEC_MISSING, EDE 12.
#[test]
fn nodata_without_nsec_is_nsec_missing() {
    let world = world();
    let example = world.zone("example.");
    let nodata = message("www.example.", TXT, NOERROR, &[], &example.soa_rrset());
    let result = result_with(
        &world,
        "www.example",
        "TXT",
        &vec![forged("www.example.", TXT, nodata)],
    );
    assert_row(
        &result,
        Row {
            name: "www.example",
            status: "BOGUS",
            error: "NSEC_MISSING",
            ede: (12, "NSEC Missing"),
            reason: "no NSEC or NSEC3 records proving that the name has no record of this type"
                .into(),
        },
    );
}

/// A NXDOMAIN answer without NSEC or NSEC3: dnsjava sets 12 and overwrites it with 6, so the
/// CA says DNSSEC_BOGUS; the EDE keeps NSEC Missing.
#[test]
fn nxdomain_without_nsec_is_dnssec_bogus_with_ede_12() {
    let world = world();
    let example = world.zone("example.");
    let nxdomain = message("nope.example.", A, NXDOMAIN, &[], &example.soa_rrset());
    let result = result_with(
        &world,
        "nope.example",
        "A",
        &vec![forged("nope.example.", A, nxdomain)],
    );
    assert_row(
        &result,
        Row {
            name: "nope.example",
            status: "BOGUS",
            error: "DNSSEC_BOGUS",
            ede: (12, "NSEC Missing"),
            reason: "no NSEC or NSEC3 records proving that the name does not exist".into(),
        },
    );
}

/// A wildcard expansion without the proof that the name itself does not exist:
/// "failed.positive.wildcard_too_broad", DNSSEC_BOGUS; the EDE keeps NSEC Missing.
#[test]
fn wildcard_expansion_without_proof_is_dnssec_bogus_with_ede_12() {
    let world = world();
    let example = world.zone("example.");
    let expanded = example.rrset("foo.wild.example.", "*.wild.example.", A);
    let result = result_with(
        &world,
        "foo.wild.example",
        "A",
        &vec![forged(
            "foo.wild.example.",
            A,
            answer("foo.wild.example.", A, &expanded),
        )],
    );
    assert_row(
        &result,
        Row {
            name: "foo.wild.example",
            status: "BOGUS",
            error: "DNSSEC_BOGUS",
            ede: (12, "NSEC Missing"),
            reason: "which a wildcard answer needs".into(),
        },
    );
}

/// A NODATA answer whose (validly signed) NSEC does not prove it — the NSEC at the name lists
/// the very type: DNSSEC_BOGUS, EDE 6.
#[test]
fn nodata_with_an_nsec_that_does_not_prove_it_is_dnssec_bogus() {
    let mut test = Zone::signed("test.", 10, Denial::Nsec);
    test.add("www.test.", A, a("192.0.2.1"));
    test.add("www.test.", TXT, txt("hello"));
    let world = World::new(vec![Zone::signed(".", 1, Denial::nsec3()), test]);
    let zone = world.zone("test.");
    let honest = result_with(&world, "www.test", "AAAA", &Vec::new());
    assert_eq!(honest["status"], "SECURE", "{honest:#}");
    let mut authority = zone.soa_rrset();
    authority.extend(zone.nsec_matching("www.test."));
    let nodata = message("www.test.", A, NOERROR, &[], &authority);
    let result = result_with(
        &world,
        "www.test",
        "A",
        &vec![forged("www.test.", A, nodata)],
    );
    assert_row(
        &result,
        Row {
            name: "www.test",
            status: "BOGUS",
            error: "DNSSEC_BOGUS",
            ede: (6, "DNSSEC Bogus"),
            reason: "The NSEC/NSEC3 records from test do not prove that the name has no record of this type for www.test/A".into(),
        },
    );
}

/// The DS denial of an unsigned delegation with its NSEC3 stripped ("failed.ds.nonsec"):
/// RSIGS_MISSING; the EDE says NSEC Missing.
#[test]
fn ds_denial_without_nsec_is_rsigs_missing_with_ede_12() {
    let world = world();
    let root = world.zone(".");
    let nodata = message("unsigned.", DS, NOERROR, &[], &root.soa_rrset());
    let result = result_with(
        &world,
        "www.unsigned",
        "A",
        &vec![forged("unsigned.", DS, nodata)],
    );
    assert_row(
        &result,
        Row {
            name: "www.unsigned",
            status: "BOGUS",
            error: "RSIGS_MISSING",
            ede: (12, "NSEC Missing"),
            reason: "the answer for unsigned/DS has no NSEC or NSEC3 records proving that the delegation has no DS record".into(),
        },
    );
}

// ---------------------------------------------------------------------------------------------
// SERVFAIL for a record the chain of trust needs (ValidatingResolver 1054-1058, 1198-1203)
// ---------------------------------------------------------------------------------------------

/// SERVFAIL for the DS of a zone on the chain ("failed.ds.notype"): DNSSEC_BOGUS, EDE 6.
#[test]
fn ds_lookup_servfail_is_dnssec_bogus() {
    let world = world();
    let result = www(
        &world,
        &vec![forged("example.", DS, servfail("example.", DS))],
    );
    assert_row(
        &result,
        www_row(
            "DNSSEC_BOGUS",
            (6, "DNSSEC Bogus"),
            "The resolver answered SERVFAIL for the DS records of example".into(),
        ),
    );
}

/// SERVFAIL for the DNSKEY RRset of a zone on the chain (the key set stays absent):
/// DNSKEY_MISSING, EDE 9.
#[test]
fn dnskey_lookup_servfail_is_dnskey_missing() {
    let world = world();
    let result = www(
        &world,
        &vec![forged("example.", DNSKEY, servfail("example.", DNSKEY))],
    );
    assert_row(
        &result,
        www_row(
            "DNSKEY_MISSING",
            (9, "DNSKEY Missing"),
            "The resolver answered SERVFAIL for the DNSKEY records of example".into(),
        ),
    );
}
