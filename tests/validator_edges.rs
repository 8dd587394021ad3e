//! Edges of the chain of trust that the synthetic world shows clearly: which keys a DS can
//! vouch for (tag and algorithm both), trust anchors given as DNSKEY records, what the key
//! report says about revoked and DS-matched keys, and which resolver answers fail a check and
//! how (RFC 4035 §5.2, §5.3; RFC 4034 §5.1.4; RFC 5011 §3).
#![cfg(not(target_arch = "wasm32"))]

mod signed_world;

use dnssec_health::check::{self, CheckOptions};
use dnssec_health::transport::{HttpMethod, HttpResponse};
use serde_json::Value;
use signed_world::{
    a, message, wire_name, Denial, Rr, World, WorldTransport, Zone, A, AAAA, DNSKEY, DS, NOW,
    RESOLVER,
};

/// A world `.` → `test.` → `zone.test.` (NSEC), `www.zone.test` A; `change` edits the child.
fn world(change: impl FnOnce(&mut Zone)) -> World {
    let root = Zone::signed(".", 1, Denial::Nsec);
    let test = Zone::signed("test.", 2, Denial::Nsec);
    let mut child = Zone::signed("zone.test.", 3, Denial::Nsec);
    child.add("www.zone.test.", A, a("192.0.2.1"));
    change(&mut child);
    World::new(vec![root, test, child])
}

/// `results[0]` of a check of `name` A, with `anchor` (default: the world's DS) and `tamper`.
fn run<F: Fn(&str, u16, &mut HttpResponse)>(
    world: &World,
    name: &str,
    anchor: Option<String>,
    tamper: F,
) -> Value {
    let options = CheckOptions {
        resolvers: vec![RESOLVER.to_string()],
        trust_anchor: Some(anchor.unwrap_or_else(|| world.anchor())),
        now: Some(NOW),
        method: Some(HttpMethod::Post),
        ..Default::default()
    };
    let prepared = check::prepare(&[name.to_string()], &options).expect("valid input");
    let transport = WorldTransport::new(world, |_: &str, q: &str, t, r: &mut HttpResponse| {
        tamper(q, t, r)
    });
    let document = futures_executor::block_on(check::run(&transport, prepared, 0));
    serde_json::to_value(&document).unwrap()["results"][0].clone()
}

/// An Ed25519 DNSKEY RDATA from a seed (flags 257: a KSK), never used to sign.
fn extra_key(seed: u8, flags: u16) -> Vec<u8> {
    use ring::signature::{Ed25519KeyPair, KeyPair};
    let pair = Ed25519KeyPair::from_seed_unchecked(&[seed; 32]).unwrap();
    let mut rdata = flags.to_be_bytes().to_vec();
    rdata.extend([3, 15]);
    rdata.extend_from_slice(pair.public_key().as_ref());
    rdata
}

fn zone<'a>(result: &'a Value, name: &str) -> &'a Value {
    result["chain"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == name)
        .unwrap_or_else(|| panic!("no {name} in {result}"))
}

/// RFC 4034 §5.1.4: a DS vouches for the key with its tag AND algorithm and digest. Keys of the
/// same algorithm but other tags, served before the right one, neither match nor use up the
/// keys a DS may digest (limits::MAX_DS_MATCH_ATTEMPTS).
#[test]
fn same_algorithm_keys_before_the_ds_key_do_not_hide_it() {
    let w = world(|z| {
        for seed in 10..15 {
            z.add("zone.test.", DNSKEY, extra_key(seed, 257));
        }
    });
    // Serve the key set with the DS-matched key last.
    let child = w.zone("zone.test.");
    let mut records: Vec<Rr> = child.dnskey_rrset();
    let signed_key = child.dnskey_rdata();
    let position = records
        .iter()
        .position(|r| r.rtype == DNSKEY && r.rdata == signed_key)
        .unwrap();
    let key = records.remove(position);
    let rrsig_at = records.iter().position(|r| r.rtype != DNSKEY).unwrap();
    records.insert(rrsig_at, key);
    let body = message("zone.test.", DNSKEY, 0, &records, &[]);
    let result = run(&w, "www.zone.test.", None, |q, t, r| {
        if q == "zone.test." && t == DNSKEY {
            r.body = body.clone();
        }
    });
    assert_eq!(result["status"], "SECURE", "{result}");
    let keys = zone(&result, "zone.test")["dnskeys"].as_array().unwrap();
    assert_eq!(keys.len(), 6);
    let matched: Vec<&Value> = keys.iter().filter(|k| k["matches_ds"] == true).collect();
    assert_eq!(matched.len(), 1, "{keys:?}");
    assert_eq!(matched[0]["key_tag"], child.key_tag());
}

/// RFC 5011 §3: a key with the REVOKE bit is reported as revoked and vouches for nothing; the
/// key report says which key the DS matches.
#[test]
fn revoked_and_ds_matched_keys_are_reported_as_such() {
    let revoked = extra_key(20, 257 | 0x0080);
    let w = world(|z| z.add("zone.test.", DNSKEY, revoked.clone()));
    let result = run(&w, "www.zone.test.", None, |_, _, _| {});
    assert_eq!(result["status"], "SECURE", "{result}");
    let keys = zone(&result, "zone.test")["dnskeys"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(keys.len(), 2);
    for key in &keys {
        let is_revoked = key["flags"] == 385;
        assert_eq!(key["revoked"], is_revoked, "{key}");
        assert_eq!(key["matches_ds"], !is_revoked, "{key}");
        // The DS-matched key is the one whose signature over the key set validated.
        assert_eq!(key["signs_key_set"], !is_revoked, "{key}");
    }
}

/// A trust anchor given as the root's DNSKEY (RFC 4035 §5.1: a DNSKEY anchor vouches for the
/// key itself) validates as the DS anchor does; a DNSKEY anchor of another key does not.
#[test]
fn a_dnskey_trust_anchor_vouches_for_exactly_that_key() {
    let w = world(|_| {});
    let root_key = w.zone(".").dnskey_rdata();
    let anchor = |rdata: &[u8]| {
        let flags = u16::from_be_bytes([rdata[0], rdata[1]]);
        format!(
            ". IN DNSKEY {flags} {} {} {}\n",
            rdata[2],
            rdata[3],
            dnssec_health::codec::base64(&rdata[4..])
        )
    };
    let good = run(&w, "www.zone.test.", Some(anchor(&root_key)), |_, _, _| {});
    assert_eq!(good["status"], "SECURE", "{good}");
    assert_eq!(zone(&good, ".")["delegation"], "anchor");
    let other = run(
        &w,
        "www.zone.test.",
        Some(anchor(&extra_key(30, 257))),
        |_, _, _| {},
    );
    assert_eq!(other["status"], "BOGUS", "{other}");
    assert_eq!(other["error"], "DNSKEY_MISSING");
}

/// Only SERVFAIL for a DS the chain needs means the zone's servers failed (BOGUS); a REFUSED
/// is the resolver's own policy, so the check could not complete (INDETERMINATE, OTHER).
#[test]
fn a_refused_ds_lookup_is_indeterminate_not_bogus() {
    let w = world(|_| {});
    let result = run(&w, "www.zone.test.", None, |q, t, r| {
        if q == "zone.test." && t == DS {
            r.body[3] = (r.body[3] & 0xf0) | 5;
        }
    });
    assert_eq!(result["status"], "INDETERMINATE", "{result}");
    assert_eq!(result["error"], "OTHER");
    assert!(
        result["reason"].as_str().unwrap().contains("REFUSED"),
        "{result}"
    );
}

/// An answer to another question (same name, other type) is never used: the check cannot
/// complete (INDETERMINATE, IO_EXCEPTION).
#[test]
fn an_answer_to_another_question_is_unusable() {
    let w = world(|_| {});
    let wrong = w.respond("www.zone.test.", AAAA);
    let result = run(&w, "www.zone.test.", None, |q, t, r| {
        if q == "www.zone.test." && t == A {
            r.body = wrong.clone();
        }
    });
    assert_eq!(result["status"], "INDETERMINATE", "{result}");
    assert_eq!(result["error"], "IO_EXCEPTION");
    assert!(
        result["reason"]
            .as_str()
            .unwrap()
            .contains("different question"),
        "{result}"
    );
}

/// RFC 4035 §5.2, RFC 6840 §5.2: a zone whose only DS records use an algorithm or a digest we
/// do not implement is treated as unsigned (INSECURE), with EDE 1 or 2 and the numbers named.
#[test]
fn ds_of_unknown_algorithms_or_digests_only_make_the_zone_insecure() {
    let w = world(|_| {});
    let parent = w.zone("test.");
    for (algorithm, digest_type, ede, words) in [
        (253u8, 2u8, 1, "algorithm 253"),
        (15, 200, 2, "digest type 200"),
    ] {
        let mut rdata = 4321u16.to_be_bytes().to_vec();
        rdata.extend([algorithm, digest_type]);
        rdata.extend([0xab; 32]);
        let records = parent.sign("zone.test.", "zone.test.", DS, &[rdata], None);
        let body = message("zone.test.", DS, 0, &records, &[]);
        let result = run(&w, "www.zone.test.", None, |q, t, r| {
            if q == "zone.test." && t == DS {
                r.body = body.clone();
            }
        });
        assert_eq!(result["status"], "INSECURE", "{result}");
        assert_eq!(result["ede"]["code"], ede, "{result}");
        assert!(
            result["reason"].as_str().unwrap().contains(words),
            "{result}"
        );
        assert_eq!(zone(&result, "zone.test")["delegation"], "unsupported");
    }
}

/// Each zone reports the TTL its DS and DNSKEY RRsets came with (what a cache may still keep),
/// and the anchor has no DS TTL.
#[test]
fn zones_report_the_ttls_their_key_material_came_with() {
    let w = world(|_| {});
    let result = run(&w, "www.zone.test.", None, |q, t, r| {
        // Serve the child's DS with TTL 1234 (the signed TTL stays 300: caches count down).
        if q == "zone.test." && t == DS {
            let body = &mut r.body;
            // The first answer record's TTL sits after the question and the owner name.
            let question_end = 12 + "zone.test.".len() + 1 + 4;
            let ttl_at = question_end + "zone.test.".len() + 1 + 4;
            body[ttl_at..ttl_at + 4].copy_from_slice(&1234u32.to_be_bytes());
        }
    });
    assert_eq!(result["status"], "SECURE", "{result}");
    assert_eq!(zone(&result, ".")["ds_ttl"], Value::Null);
    assert_eq!(zone(&result, "zone.test")["ds_ttl"], 1234);
    assert_eq!(zone(&result, "zone.test")["dnskey_ttl"], 300);
    assert_eq!(zone(&result, "test")["ds_ttl"], 300);
}

/// A resolver that repeats the NSEC records of a denial (each record twice in the authority
/// section) changes nothing: each RRset is checked once, its signatures are reported once,
/// and the verdict is the same.
#[test]
fn repeated_denial_records_are_judged_once() {
    let w = world(|_| {});
    let plain = run(&w, "nope.zone.test.", None, |_, _, _| {});
    let repeated = run(&w, "nope.zone.test.", None, |qname, qtype, response| {
        if qname == "nope.zone.test." && qtype == A {
            let answer = w.answer(qname, qtype);
            let mut authority: Vec<Rr> = Vec::new();
            for rr in &answer.authority {
                authority.push(rr.clone());
                if rr.rtype == signed_world::NSEC {
                    authority.push(rr.clone());
                }
            }
            response.body = message(qname, qtype, answer.rcode, &answer.answer, &authority);
        }
    });
    let denial = |result: &Value| result["links"][0]["denial"].clone();
    assert_eq!(plain["status"], "SECURE", "{plain}");
    assert_eq!(repeated["status"], plain["status"]);
    assert_eq!(repeated["error"], plain["error"]);
    assert_eq!(denial(&repeated)["proves"], denial(&plain)["proves"]);
    assert_eq!(
        denial(&repeated)["rrsigs"],
        denial(&plain)["rrsigs"],
        "each RRset's signatures reported once"
    );
    assert!(!denial(&plain)["rrsigs"].as_array().unwrap().is_empty());
}

/// A DS question at a name that is an alias is answered with the CNAME (RFC 1034 §3.6.2): the
/// name is no zone cut, and the walk down stops there. An alias whose answer comes without
/// signatures is then BOGUS for its missing RRSIGs, not for a DS denial it never needed.
#[test]
fn a_ds_question_answered_by_a_cname_is_no_zone_cut() {
    let w = world(|z| {
        z.add(
            "alias.zone.test.",
            signed_world::CNAME,
            wire_name("www.zone.test."),
        )
    });
    let signed = run(&w, "alias.zone.test.", None, |_, _, _| {});
    assert_eq!(
        (&signed["status"], &signed["error"]),
        (&"SECURE".into(), &Value::Null),
        "{signed}"
    );
    let stripped = run(&w, "alias.zone.test.", None, |qname, qtype, response| {
        if qname == "alias.zone.test." && qtype == A {
            let answer = w.answer(qname, qtype);
            let unsigned: Vec<Rr> = answer
                .answer
                .iter()
                .filter(|rr| rr.rtype != signed_world::RRSIG)
                .cloned()
                .collect();
            response.body = message(qname, qtype, answer.rcode, &unsigned, &[]);
        }
    });
    assert_eq!(stripped["status"], "BOGUS", "{stripped}");
    assert_eq!(stripped["error"], "RSIGS_MISSING", "{}", stripped["reason"]);
    assert!(
        zone(&stripped, "zone.test")["denial"].is_null(),
        "no DS denial was needed at the alias"
    );
}
