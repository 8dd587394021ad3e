//! Warnings before failure in the synthetic signed world of `tests/signed_world` (no BIND): for
//! each warning code an honest zone beside one with the weakness (a signature about to expire,
//! a SHA-1 DS, CDS records that differ from the DS, ...), asserting the code and severity
//! through the JSON report, that the honest one raises none, and that the standard world
//! raises no warning at all. The verdict never changes: every zone here is SECURE.
// Native only: drives the checker with futures-executor, which the wasm build lacks.
#![cfg(not(target_arch = "wasm32"))]

mod signed_world;

use dnssec_health::check::{self, CheckOptions};
use dnssec_health::transport::HttpResponse;
use serde_json::Value;
use signed_world::{
    a, key_tag, message, wire_name, world_options, Denial, Nsec3Params, World, WorldTransport,
    Zone, A, DNSKEY, DS, EXPIRATION, INCEPTION, NOERROR, NOW, NS, TTL,
};

/// CDS (RFC 7344 §3.1).
const CDS: u16 = 59;
const HOUR: u32 = 3600;
const DAY: u32 = 86_400;
/// `signed_world::NOW` as an RRSIG time field.
const NOW32: u32 = NOW as u32;

// ---------------------------------------------------------------------------------------------
// Worlds and checks
// ---------------------------------------------------------------------------------------------

/// `.` and `test.` (NSEC), and `apex` below `test.` with `www A 192.0.2.1`: a zone below the
/// top-level domain, where the checker also fetches CDS. `change` adjusts the child before the
/// world delegates to it; `parent` may put its own NS and DS into `test.` (then the world adds
/// none).
fn world(apex: &str, change: impl FnOnce(&mut Zone), parent: impl FnOnce(&mut Zone)) -> World {
    world_with_denial(apex, Denial::Nsec, change, parent)
}

fn world_with_denial(
    apex: &str,
    denial: Denial,
    change: impl FnOnce(&mut Zone),
    parent: impl FnOnce(&mut Zone),
) -> World {
    let root = Zone::signed(".", 1, Denial::Nsec);
    let mut test = Zone::signed("test.", 2, Denial::Nsec);
    let mut child = Zone::signed(apex, 3, denial);
    child.add(&format!("www.{apex}"), A, a("192.0.2.1"));
    change(&mut child);
    parent(&mut test);
    World::new(vec![root, test, child])
}

/// Runs the checker over `world` for `name`/`rtype` with the given warning window (default
/// when `None`), `tamper(qname, qtype, response)` applied to every response; `results[0]`.
fn run_with<F: Fn(&str, u16, &mut HttpResponse)>(
    world: &World,
    name: &str,
    rtype: &str,
    warn_days: Option<u32>,
    tamper: F,
) -> Value {
    let options = CheckOptions {
        warn_days,
        ..world_options(world, &[rtype])
    };
    let prepared = check::prepare(&[name.to_string()], &options).expect("valid test input");
    let transport = WorldTransport::new(
        world,
        |_: &str, qname: &str, qtype, response: &mut HttpResponse| tamper(qname, qtype, response),
    );
    let document = futures_executor::block_on(check::run(&transport, prepared, 0));
    serde_json::to_value(&document).unwrap()["results"][0].clone()
}

fn run(world: &World, name: &str, rtype: &str) -> Value {
    run_with(world, name, rtype, None, |_, _, _| {})
}

/// The answer to `owner`/A replaced by the zone's `www` A record signed with `window`.
fn signed_window(world: &World, apex: &str, window: (u32, u32), days: Option<u32>) -> Value {
    let owner = format!("www.{apex}");
    let records = world
        .zone(apex)
        .sign_window(&owner, A, &[a("192.0.2.1")], window);
    let body = message(&owner, A, NOERROR, &records, &[]);
    run_with(world, &owner, "A", days, |qname, qtype, response| {
        if qname == owner && qtype == A {
            response.body = body.clone();
        }
    })
}

/// (code, severity, zone) of every warning of the lookup.
fn warnings(result: &Value) -> Vec<(String, String, String)> {
    result["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("no warnings array: {result:#}"))
        .iter()
        .map(|w| {
            (
                w["code"].as_str().unwrap().to_string(),
                w["severity"].as_str().unwrap().to_string(),
                w["zone"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every warning of the lookup and of each zone of its chains.
fn all_warnings(result: &Value) -> Vec<String> {
    let mut out: Vec<String> = warnings(result)
        .into_iter()
        .map(|(c, s, z)| format!("{c}/{s}/{z}"))
        .collect();
    let mut zones: Vec<&Value> = result["chain"].as_array().into_iter().flatten().collect();
    for link in result["links"].as_array().into_iter().flatten() {
        zones.extend(link["chain"].as_array().into_iter().flatten());
    }
    for zone in zones {
        let list = zone["warnings"]
            .as_array()
            .unwrap_or_else(|| panic!("chain entry without warnings: {zone:#}"));
        out.extend(list.iter().map(|w| format!("chain {}: {w}", zone["zone"])));
    }
    out
}

#[track_caller]
fn assert_secure(result: &Value, what: &str) {
    assert_eq!(
        (result["status"].as_str(), result["error"].as_str()),
        (Some("SECURE"), None),
        "{what}: {result:#}"
    );
}

/// SECURE, and among the warnings `code` with `severity` for `zone`, well formed.
#[track_caller]
fn assert_warns(result: &Value, code: &str, severity: &str, zone: &str, what: &str) {
    assert_secure(result, what);
    assert_warns_any_status(result, code, severity, zone, what);
}

/// Among the warnings `code` with `severity` for `zone`, well formed, whatever the verdict.
#[track_caller]
fn assert_warns_any_status(result: &Value, code: &str, severity: &str, zone: &str, what: &str) {
    let found = result["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == code && w["severity"] == severity && w["zone"] == zone);
    let Some(w) = found else {
        panic!(
            "{what}: no {code}/{severity} for {zone}; warnings: {:#}",
            result["warnings"]
        );
    };
    assert!(
        w["records"].as_array().is_some_and(|r| !r.is_empty()),
        "{what}: {w:#}"
    );
    for key in ["message", "fix"] {
        assert!(
            w[key].as_str().is_some_and(|s| !s.is_empty()),
            "{what}: {w:#}"
        );
    }
}

/// SECURE and no warning anywhere in the lookup.
#[track_caller]
fn assert_quiet(result: &Value, what: &str) {
    assert_secure(result, what);
    let found = all_warnings(result);
    assert!(found.is_empty(), "{what}: {}", found.join("\n"));
}

/// SECURE, and no warning with `code`.
#[track_caller]
fn assert_no_code(result: &Value, code: &str, what: &str) {
    assert_secure(result, what);
    assert!(
        !warnings(result).iter().any(|(c, _, _)| c == code),
        "{what}: {:#}",
        result["warnings"]
    );
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/// DS RDATA of `dnskey` at `apex` with `digest_type` 1 (SHA-1) or 2 (SHA-256).
fn ds_of(apex: &str, dnskey: &[u8], digest_type: u8) -> Vec<u8> {
    let algorithm = if digest_type == 1 {
        &ring::digest::SHA1_FOR_LEGACY_USE_ONLY
    } else {
        &ring::digest::SHA256
    };
    let digest = ring::digest::digest(algorithm, &[wire_name(apex), dnskey.to_vec()].concat());
    let mut out = key_tag(dnskey).to_be_bytes().to_vec();
    out.extend([dnskey[3], digest_type]);
    out.extend_from_slice(digest.as_ref());
    out
}

/// Another Ed25519 key of `apex` (from `seed`) with `flags`: published, never signing.
fn other_key(apex: &str, seed: u8, flags: u16) -> Vec<u8> {
    let mut rdata = Zone::signed(apex, seed, Denial::Nsec).dnskey_rdata();
    rdata[..2].copy_from_slice(&flags.to_be_bytes());
    rdata
}

/// A DNSKEY of an RSA algorithm whose modulus has `bits` bits (exponent 65537; RFC 3110 §2).
/// It never signs: only its algorithm and size are looked at.
fn rsa_key(algorithm: u8, bits: usize, fill: u8) -> Vec<u8> {
    let mut modulus = vec![fill; bits / 8];
    modulus[0] = 0xc1;
    let mut rdata = 256u16.to_be_bytes().to_vec();
    rdata.extend([3, algorithm]);
    rdata.extend([3, 1, 0, 1]);
    rdata.extend(modulus);
    rdata
}

/// The child's NS (and these DS records) in `test.`.
fn delegate(test: &mut Zone, apex: &str, ds: Vec<Vec<u8>>) {
    test.add(apex, NS, wire_name(&format!("ns.{apex}")));
    for d in ds {
        test.add(apex, DS, d);
    }
}

// ---------------------------------------------------------------------------------------------
// Signature timing
// ---------------------------------------------------------------------------------------------

#[test]
fn signature_expires_soon() {
    let apex = "sig.test.";
    let w = world(apex, |_| {}, |_| {});
    assert_quiet(&run(&w, "www.sig.test.", "A"), "honest, expires in 2030");
    assert_quiet(
        &signed_window(&w, apex, (INCEPTION, NOW32 + 30 * DAY), None),
        "expires in 30 days",
    );
    let two_days = signed_window(&w, apex, (INCEPTION, NOW32 + 2 * DAY), None);
    assert_warns(
        &two_days,
        "SIGNATURE_EXPIRES_SOON",
        "warning",
        "sig.test",
        "expires in 2 days",
    );
    // Only the answer's signature is that short: the zone's entry of the chain has none.
    assert_eq!(two_days["chain"][2]["zone"], "sig.test");
    assert_eq!(two_days["chain"][2]["warnings"], Value::Array(vec![]));
    assert_warns(
        &signed_window(&w, apex, (INCEPTION, NOW32 + 12 * HOUR), None),
        "SIGNATURE_EXPIRES_SOON",
        "critical",
        "sig.test",
        "expires in 12 hours",
    );
    // The window: 2 days is outside 1 day, inside 3; 12 hours is critical whatever it is.
    assert_quiet(
        &signed_window(&w, apex, (INCEPTION, NOW32 + 2 * DAY), Some(1)),
        "2 days, --warn-days 1",
    );
    assert_warns(
        &signed_window(&w, apex, (INCEPTION, NOW32 + 2 * DAY), Some(3)),
        "SIGNATURE_EXPIRES_SOON",
        "warning",
        "sig.test",
        "2 days, --warn-days 3",
    );
    assert_warns(
        &signed_window(&w, apex, (INCEPTION, NOW32 + 12 * HOUR), Some(0)),
        "SIGNATURE_EXPIRES_SOON",
        "critical",
        "sig.test",
        "12 hours, --warn-days 0",
    );
}

#[test]
fn signature_over_the_key_set_expiring_is_the_zones_warning() {
    let apex = "keys.test.";
    let w = world(apex, |_| {}, |_| {});
    let zone = w.zone(apex);
    let records = zone.sign_window(
        apex,
        DNSKEY,
        &[zone.dnskey_rdata()],
        (INCEPTION, NOW32 + 3 * DAY),
    );
    let body = message(apex, DNSKEY, NOERROR, &records, &[]);
    let result = run_with(&w, "www.keys.test.", "A", None, |qname, qtype, response| {
        if qname == apex && qtype == DNSKEY {
            response.body = body.clone();
        }
    });
    assert_warns(
        &result,
        "SIGNATURE_EXPIRES_SOON",
        "warning",
        "keys.test",
        "DNSKEY RRSIG expires in 3 days",
    );
    let entry = &result["chain"][2];
    assert_eq!(entry["zone"], "keys.test");
    assert_eq!(
        entry["warnings"][0]["code"], "SIGNATURE_EXPIRES_SOON",
        "{entry:#}"
    );
}

#[test]
fn signature_not_yet_valid_soon() {
    let apex = "fresh.test.";
    let w = world(apex, |_| {}, |_| {});
    assert_quiet(
        &signed_window(&w, apex, (NOW32 - HOUR, EXPIRATION), None),
        "inception an hour ago",
    );
    assert_warns(
        &signed_window(&w, apex, (NOW32 - 60, EXPIRATION), None),
        "SIGNATURE_NOT_YET_VALID_SOON",
        "warning",
        "fresh.test",
        "inception a minute ago",
    );
}

#[test]
fn ttl_above_validity() {
    let apex = "short.test.";
    let w = world(apex, |_| {}, |_| {});
    // Valid for 500 s in all, above the TTL of 300 s: expiring, fresh, but not shorter than
    // the TTL.
    assert_no_code(
        &signed_window(&w, apex, (NOW32 - 100, NOW32 + 400), None),
        "TTL_ABOVE_VALIDITY",
        "valid 500 s",
    );
    // Valid for 200 s in all, below the TTL of 300 s.
    let result = signed_window(&w, apex, (NOW32 - 100, NOW32 + 100), None);
    assert_warns(
        &result,
        "TTL_ABOVE_VALIDITY",
        "warning",
        "short.test",
        "valid 200 s",
    );
    assert_warns(
        &result,
        "SIGNATURE_EXPIRES_SOON",
        "critical",
        "short.test",
        "valid 200 s",
    );
}

#[test]
fn original_ttl_mismatch() {
    let apex = "ttl.test.";
    let w = world(apex, |_| {}, |_| {});
    let owner = "www.ttl.test.";
    let served = |ttl: u32| {
        let mut records = w.zone(apex).rrset(owner, owner, A);
        for r in records.iter_mut().filter(|r| r.rtype == A) {
            r.ttl = ttl;
        }
        let body = message(owner, A, NOERROR, &records, &[]);
        run_with(&w, owner, "A", None, move |qname, qtype, response| {
            if qname == owner && qtype == A {
                response.body = body.clone();
            }
        })
    };
    assert_quiet(&served(TTL), "the signed TTL");
    assert_quiet(&served(TTL / 3), "a cache's lower TTL");
    assert_warns(
        &served(TTL * 2),
        "ORIGINAL_TTL_MISMATCH",
        "notice",
        "ttl.test",
        "TTL above the RRSIG's Original TTL",
    );
}

// ---------------------------------------------------------------------------------------------
// Algorithms, digests, key sizes
// ---------------------------------------------------------------------------------------------

#[test]
fn algorithm_deprecated() {
    let apex = "alg.test.";
    let with_key = |key: Vec<u8>| {
        let w = world(apex, move |z| z.add(apex, DNSKEY, key), |_| {});
        run(&w, "www.alg.test.", "A")
    };
    assert_quiet(&with_key(rsa_key(8, 2048, 0x11)), "an RSASHA256 key beside");
    assert_warns(
        &with_key(rsa_key(5, 2048, 0x12)),
        "ALGORITHM_DEPRECATED",
        "warning",
        "alg.test",
        "an RSASHA1 key",
    );
    assert_warns(
        &with_key(rsa_key(7, 2048, 0x13)),
        "ALGORITHM_DEPRECATED",
        "warning",
        "alg.test",
        "an RSASHA1-NSEC3-SHA1 key",
    );
    assert_warns(
        &with_key(rsa_key(1, 2048, 0x14)),
        "ALGORITHM_DEPRECATED",
        "critical",
        "alg.test",
        "an RSAMD5 key",
    );
}

#[test]
fn rsa_key_short() {
    let apex = "rsa.test.";
    let with_key = |key: Vec<u8>| {
        let w = world(apex, move |z| z.add(apex, DNSKEY, key), |_| {});
        run(&w, "www.rsa.test.", "A")
    };
    assert_quiet(&with_key(rsa_key(8, 2048, 0x21)), "2048 bits");
    assert_warns(
        &with_key(rsa_key(8, 1024, 0x22)),
        "RSA_KEY_SHORT",
        "notice",
        "rsa.test",
        "1024 bits",
    );
    assert_warns(
        &with_key(rsa_key(8, 768, 0x23)),
        "RSA_KEY_SHORT",
        "warning",
        "rsa.test",
        "768 bits",
    );
}

#[test]
fn digest_deprecated() {
    let apex = "digest.test.";
    let key = Zone::signed(apex, 3, Denial::Nsec).dnskey_rdata();
    let with_ds = |types: &[u8]| {
        let ds: Vec<Vec<u8>> = types.iter().map(|&t| ds_of(apex, &key, t)).collect();
        let w = world(apex, |_| {}, move |test| delegate(test, apex, ds));
        run(&w, "www.digest.test.", "A")
    };
    assert_quiet(&with_ds(&[2]), "a SHA-256 DS");
    assert_warns(
        &with_ds(&[1]),
        "DIGEST_DEPRECATED",
        "warning",
        "digest.test",
        "only a SHA-1 DS",
    );
    assert_warns(
        &with_ds(&[1, 2]),
        "DIGEST_DEPRECATED",
        "notice",
        "digest.test",
        "a SHA-1 DS beside a SHA-256 one",
    );
}

#[test]
fn nsec3_parameters() {
    let apex = "n3.test.";
    let nxdomain = |denial: Denial| {
        let w = world_with_denial(apex, denial, |_| {}, |_| {});
        run(&w, "nope.n3.test.", "A")
    };
    assert_quiet(&nxdomain(Denial::Nsec), "NSEC");
    assert_quiet(&nxdomain(Denial::nsec3()), "NSEC3, 0 iterations, no salt");
    assert_warns(
        &nxdomain(Denial::Nsec3(Nsec3Params::salted(&[0xca, 0xfe]))),
        "NSEC3_PARAMETERS",
        "notice",
        "n3.test",
        "a salt",
    );
    assert_warns(
        &nxdomain(Denial::Nsec3(Nsec3Params {
            iterations: 10,
            ..Nsec3Params::plain()
        })),
        "NSEC3_PARAMETERS",
        "notice",
        "n3.test",
        "10 iterations",
    );
    assert_warns(
        &nxdomain(Denial::Nsec3(Nsec3Params {
            iterations: 100,
            ..Nsec3Params::plain()
        })),
        "NSEC3_PARAMETERS",
        "warning",
        "n3.test",
        "100 iterations",
    );
    // Opt-out: the NXDOMAIN's next closer name falls in an opt-out span (it could be an
    // unsigned delegation), so the verdict is INSECURE, with the notice.
    let opt_out = nxdomain(Denial::nsec3_opt_out());
    assert_eq!(opt_out["status"], "INSECURE", "{opt_out:#}");
    assert_warns_any_status(&opt_out, "NSEC3_PARAMETERS", "notice", "n3.test", "opt-out");
    // A positive answer carries no denial: nothing to say about the chain.
    let w = world_with_denial(
        apex,
        Denial::Nsec3(Nsec3Params {
            iterations: 100,
            ..Nsec3Params::plain()
        }),
        |_| {},
        |_| {},
    );
    assert_quiet(&run(&w, "www.n3.test.", "A"), "positive answer");
}

// ---------------------------------------------------------------------------------------------
// Keys and DS: rollovers
// ---------------------------------------------------------------------------------------------

#[test]
fn ds_without_key() {
    let apex = "dsx.test.";
    let own = Zone::signed(apex, 3, Denial::Nsec).ds_rdata();
    let unpublished = Zone::signed(apex, 9, Denial::Nsec).ds_rdata();
    let w = world(
        apex,
        |_| {},
        |test| {
            delegate(test, apex, vec![own.clone()]);
        },
    );
    assert_quiet(&run(&w, "www.dsx.test.", "A"), "the key's DS only");
    let w = world(
        apex,
        |_| {},
        |test| {
            delegate(test, apex, vec![own.clone(), unpublished.clone()]);
        },
    );
    assert_warns(
        &run(&w, "www.dsx.test.", "A"),
        "DS_WITHOUT_KEY",
        "warning",
        "dsx.test",
        "a DS of an unpublished key beside the right one",
    );
}

#[test]
fn key_without_ds() {
    let apex = "ksk.test.";
    let with_key = |flags: u16| {
        let key = other_key(apex, 9, flags);
        let w = world(apex, move |z| z.add(apex, DNSKEY, key), |_| {});
        run(&w, "www.ksk.test.", "A")
    };
    assert_quiet(&with_key(256), "a second key, a ZSK");
    assert_warns(
        &with_key(257),
        "KEY_WITHOUT_DS",
        "notice",
        "ksk.test",
        "a second KSK without DS",
    );
}

#[test]
fn standby_key_missing_signature() {
    let apex = "standby.test.";
    let own = Zone::signed(apex, 3, Denial::Nsec).ds_rdata();
    let second = Zone::signed(apex, 9, Denial::Nsec);
    let (second_key, second_ds) = (second.dnskey_rdata(), second.ds_rdata());
    let w = world(
        apex,
        |z| z.add(apex, DNSKEY, second_key.clone()),
        |test| delegate(test, apex, vec![own.clone(), second_ds.clone()]),
    );
    let result = run(&w, "www.standby.test.", "A");
    assert_warns(
        &result,
        "STANDBY_KEY_MISSING_SIGNATURE",
        "notice",
        "standby.test",
        "a second KSK with DS that does not sign the key set",
    );
    assert!(
        !warnings(&result)
            .iter()
            .any(|(c, _, _)| c == "KEY_WITHOUT_DS" || c == "DS_WITHOUT_KEY"),
        "{:#}",
        result["warnings"]
    );
}

// ---------------------------------------------------------------------------------------------
// CDS (RFC 7344, RFC 8078)
// ---------------------------------------------------------------------------------------------

#[test]
fn cds_mismatch() {
    let apex = "cds.test.";
    let with_cds = |cds: Vec<Vec<u8>>, extra_key: bool| {
        let key = other_key(apex, 9, 257);
        let w = world(
            apex,
            move |z| {
                if extra_key {
                    z.add(apex, DNSKEY, key);
                }
                for c in cds {
                    z.add(apex, CDS, c);
                }
            },
            |_| {},
        );
        run(&w, "www.cds.test.", "A")
    };
    let own = Zone::signed(apex, 3, Denial::Nsec).ds_rdata();
    assert_quiet(&with_cds(vec![own.clone()], false), "CDS = the DS");
    let new = ds_of(apex, &other_key(apex, 9, 257), 2);
    let result = with_cds(vec![new.clone()], true);
    assert_warns(
        &result,
        "CDS_MISMATCH",
        "warning",
        "cds.test",
        "CDS of a new KSK, DS of the old one",
    );
    assert_warns(
        &with_cds(vec![own, new], true),
        "CDS_MISMATCH",
        "warning",
        "cds.test",
        "CDS of both keys, DS of the old one",
    );
}

/// A CDS answer with an error RCODE (SERVFAIL, NXDOMAIN, REFUSED) says nothing about the
/// zone's CDS, whatever records it carries: no CDS warning.
#[test]
fn cds_in_an_error_answer_is_not_read() {
    let apex = "gone.test.";
    let w = world(apex, |z| z.add(apex, CDS, vec![0, 0, 0, 0, 0]), |_| {});
    for rcode in [2u8, 3, 5] {
        let result = run_with(&w, "www.gone.test.", "A", None, |qname, qtype, response| {
            if qname == apex && qtype == CDS {
                response.body[3] = (response.body[3] & 0xf0) | rcode;
            }
        });
        assert_eq!(result["status"], "SECURE", "rcode {rcode}");
        assert!(
            !warnings(&result)
                .iter()
                .any(|(c, _, _)| c.starts_with("CDS_")),
            "rcode {rcode}: {:#}",
            result["warnings"]
        );
    }
}

#[test]
fn cds_delete() {
    let apex = "gone.test.";
    let w = world(apex, |z| z.add(apex, CDS, vec![0, 0, 0, 0, 0]), |_| {});
    let result = run(&w, "www.gone.test.", "A");
    assert_warns(
        &result,
        "CDS_DELETE",
        "warning",
        "gone.test",
        "CDS 0 0 0 00 with the DS published",
    );
    assert!(
        !warnings(&result)
            .iter()
            .any(|(c, _, _)| c == "CDS_MISMATCH"),
        "{:#}",
        result["warnings"]
    );
}

#[test]
fn cds_is_only_fetched_below_the_top_level_domains() {
    // The same CDS delete at a top-level domain is never asked for (no warning, no query;
    // below it, at www.tld., it is: a name may be a registered domain).
    let root = Zone::signed(".", 1, Denial::Nsec);
    let mut tld = Zone::signed("tld.", 2, Denial::Nsec);
    tld.add("www.tld.", A, a("192.0.2.1"));
    tld.add("tld.", CDS, vec![0, 0, 0, 0, 0]);
    let w = World::new(vec![root, tld]);
    let asked = std::cell::RefCell::new(Vec::new());
    let result = run_with(&w, "www.tld.", "A", None, |qname, qtype, _| {
        asked.borrow_mut().push((qname.to_string(), qtype));
    });
    assert_quiet(&result, "CDS at a TLD");
    assert!(
        !asked.borrow().iter().any(|(n, t)| n == "tld." && *t == CDS),
        "{:?}",
        asked.borrow()
    );
}

// ---------------------------------------------------------------------------------------------
// The DNSKEY answer's size
// ---------------------------------------------------------------------------------------------

#[test]
fn dnskey_set_large() {
    let apex = "big.test.";
    let with_keys = |n: u8| {
        let w = world(
            apex,
            move |z| {
                for i in 0..n {
                    z.add(apex, DNSKEY, rsa_key(8, 2048, 0x30 + i));
                }
            },
            |_| {},
        );
        run(&w, "www.big.test.", "A")
    };
    assert_quiet(&with_keys(2), "three keys, about 700 bytes");
    let result = with_keys(5);
    assert_warns(
        &result,
        "DNSKEY_SET_LARGE",
        "warning",
        "big.test",
        "six keys, about 1.5 kB",
    );
    assert_eq!(
        result["chain"][2]["warnings"][0]["code"], "DNSKEY_SET_LARGE",
        "{:#}",
        result["chain"][2]
    );
}

// ---------------------------------------------------------------------------------------------
// Nothing healthy warns
// ---------------------------------------------------------------------------------------------

#[test]
fn the_standard_world_raises_no_warnings() {
    let w = World::standard(0);
    for (name, rtype) in [
        ("www.example.", "A"),
        ("alias.example.", "A"),
        ("foo.wild.example.", "A"),
        ("txt.example.", "TXT"),
        ("a.b.example.", "A"),
        ("b.example.", "A"),
        ("nope.example.", "A"),
        ("www.example.", "TXT"),
        ("nope.wild.example.", "TXT"),
        ("www.big.", "A"),
        ("nope.big.", "A"),
        ("example.", "DNSKEY"),
        ("example.", "DS"),
        (".", "SOA"),
    ] {
        assert_quiet(&run(&w, name, rtype), &format!("{name} {rtype}"));
    }
    // Insecure, and still nothing to warn about.
    for (name, rtype) in [("www.unsigned.", "A"), ("far.example.", "A")] {
        let result = run(&w, name, rtype);
        assert_eq!(result["status"], "INSECURE", "{name}: {result:#}");
        let found = all_warnings(&result);
        assert!(found.is_empty(), "{name}: {}", found.join("\n"));
    }
}

#[test]
fn a_healthy_zone_below_a_tld_raises_no_warnings() {
    // Where CDS is fetched too (none published: NODATA).
    let w = world("plain.test.", |_| {}, |_| {});
    for (name, rtype) in [
        ("www.plain.test.", "A"),
        ("nope.plain.test.", "A"),
        ("www.plain.test.", "TXT"),
        ("plain.test.", "DNSKEY"),
    ] {
        assert_quiet(&run(&w, name, rtype), &format!("{name} {rtype}"));
    }
}
