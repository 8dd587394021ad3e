//! "Never SECURE without proof": rules the validator must follow when a record is offered as
//! proof for a name it was not signed for, when a denial comes from the wrong zone or chain,
//! or when the servers of a zone fail. Each test puts an honest answer beside a forged or
//! edge-case one, both built in the synthetic signed world of `tests/signed_world` (the forgeries
//! carry valid signatures by the zone's own key, so only the rule can catch them), and asserts
//! the verdict of the whole checker through its JSON report.
// Native only: drives the checker with futures-executor, which the wasm build lacks.
#![cfg(not(target_arch = "wasm32"))]

mod signed_world;

use serde_json::Value;
use signed_world::{
    a, check_with, check_with_resolvers, message, nsec3_hash, nsec3_rdata, nsec_rdata, servfail,
    txt, wire_name, Denial, Nsec3Params, Rr, World, Zone, A, CNAME, DNSKEY, DS, NOERROR, NS, NSEC,
    NSEC3, NXDOMAIN, RRSIG, SOA, TXT,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Replacement response bodies: (qname, qtype, DNS message).
type Forgeries = Vec<(String, u16, Vec<u8>)>;

/// The JSON of `results[0]` for `name`/`rtype`, with the listed responses replaced.
fn result_with(world: &World, name: &str, rtype: &str, forged: &Forgeries) -> Value {
    let doc = check_with(world, &[name], &[rtype], |qname, qtype, response| {
        if let Some((_, _, body)) = forged.iter().find(|(n, t, _)| n == qname && *t == qtype) {
            response.body = body.clone();
        }
    });
    serde_json::to_value(&doc).unwrap()["results"][0].clone()
}

fn result(world: &World, name: &str, rtype: &str) -> Value {
    result_with(world, name, rtype, &Vec::new())
}

fn status(result: &Value) -> (&str, Option<&str>) {
    (result["status"].as_str().unwrap(), result["error"].as_str())
}

#[track_caller]
fn assert_verdict(result: &Value, expected: (&str, Option<&str>), what: &str) {
    assert_eq!(status(result), expected, "{what}: {result:#}");
}

#[track_caller]
fn assert_secure(result: &Value, what: &str) {
    assert_verdict(result, ("SECURE", None), what);
}

#[track_caller]
fn assert_insecure(result: &Value, what: &str) {
    assert_verdict(result, ("INSECURE", None), what);
}

#[track_caller]
fn assert_bogus(result: &Value, what: &str) {
    assert_verdict(result, ("BOGUS", Some("DNSSEC_BOGUS")), what);
}

/// The one record of `rtype` (not its RRSIG) in `records`.
fn record(records: &[Rr], rtype: u16) -> &Rr {
    let found: Vec<&Rr> = records.iter().filter(|r| r.rtype == rtype).collect();
    assert_eq!(found.len(), 1, "{records:?}");
    found[0]
}

/// The next hashed owner of NSEC3 RDATA (RFC 5155 §3.2).
fn nsec3_next(rdata: &[u8]) -> Vec<u8> {
    let at = 5 + usize::from(rdata[4]);
    rdata[at + 1..at + 1 + usize::from(rdata[at])].to_vec()
}

/// `hash` minus one, as a big-endian number: an owner just before it in the NSEC3 chain.
fn hash_before(hash: &[u8]) -> Vec<u8> {
    let mut out = hash.to_vec();
    for b in out.iter_mut().rev() {
        if *b == 0 {
            *b = 0xff;
        } else {
            *b -= 1;
            break;
        }
    }
    out
}

fn negative(qname: &str, qtype: u16, rcode: u8, authority: &[Rr]) -> Vec<u8> {
    message(qname, qtype, rcode, &[], authority)
}

fn forged(qname: &str, qtype: u16, body: Vec<u8>) -> (String, u16, Vec<u8>) {
    (qname.to_string(), qtype, body)
}

fn root() -> Zone {
    Zone::signed(".", 1, Denial::nsec3())
}

// ---------------------------------------------------------------------------------------------
// 1. Wildcard-expanded NSEC/NSEC3 used as denial (CVE-2017-15105 class)
// ---------------------------------------------------------------------------------------------

/// `test.` denying with `denial`: `www` A, `*.t` TXT, `real.t` A, a wildcard delegation `*.d`
/// NS (its NSEC lists NS, RRSIG, NSEC), and a signed child `sec.d.test.` (DS in `test.`)
/// with `www` A.
fn wildcard_world(denial: Denial) -> World {
    let mut test = Zone::signed("test.", 10, denial);
    test.add("www.test.", A, a("192.0.2.1"));
    test.add("*.t.test.", TXT, txt("wild"));
    test.add("real.t.test.", A, a("192.0.2.2"));
    test.add("*.d.test.", NS, wire_name("ns.elsewhere."));
    let mut sec = Zone::signed("sec.d.test.", 11, Denial::nsec3());
    sec.add("www.sec.d.test.", A, a("192.0.2.3"));
    World::new(vec![root(), test, sec])
}

/// The honest answers of the wildcard world validate, with NSEC and with NSEC3: a name, a
/// wildcard answer, a wildcard NODATA, NXDOMAIN, and a name in the signed child below the
/// wildcard delegation (RFC 4035 Appendix B, RFC 5155 Appendix B).
#[test]
fn honest_answers_of_the_wildcard_world_are_secure() {
    for denial in [Denial::Nsec, Denial::nsec3()] {
        let world = wildcard_world(denial.clone());
        for (name, rtype) in [
            ("real.t.test", "A"),
            ("foo.t.test", "TXT"),
            ("foo.t.test", "A"),
            ("nope.test", "A"),
            ("www.test", "TXT"),
            ("t.test", "A"),
            ("www.sec.d.test", "A"),
        ] {
            assert_secure(
                &result(&world, name, rtype),
                &format!("{denial:?} {name} {rtype}"),
            );
        }
    }
}

/// RFC 4035 §5.3.4 and §5.4, RFC 4592 §4 (CVE-2017-15105): an NSEC RRset whose RRSIG Labels
/// field is smaller than its owner's label count was synthesised from a wildcard and proves
/// nothing about the name it is presented at. A NODATA for `real.t.test` A "proven" by the
/// `*.t.test` NSEC (TXT only) expanded to owner `real.t.test` is BOGUS; the honest answer and
/// the honest wildcard NODATA are SECURE.
#[test]
fn wildcard_expanded_nsec_cannot_prove_nodata() {
    let world = wildcard_world(Denial::Nsec);
    let zone = world.zone("test.");
    assert_secure(&result(&world, "real.t.test", "A"), "honest answer");
    assert_secure(&result(&world, "foo.t.test", "A"), "honest wildcard NODATA");

    let wildcard_nsec = record(&zone.nsec_matching("*.t.test."), NSEC).rdata.clone();
    let mut authority = zone.soa_rrset();
    authority.extend(zone.sign("real.t.test.", "*.t.test.", NSEC, &[wildcard_nsec], None));
    let forgery = vec![forged(
        "real.t.test.",
        A,
        negative("real.t.test.", A, NOERROR, &authority),
    )];
    assert_bogus(
        &result_with(&world, "real.t.test", "A", &forgery),
        "NODATA from an expanded NSEC",
    );
}

/// RFC 4035 §5.4, RFC 4592 §4 (CVE-2017-15105): a NXDOMAIN for `foo.t.test` (which the
/// wildcard `*.t.test` answers) "proven" by the wildcard's NSEC expanded to owner
/// `\000.t.test`, whose interval then covers both `foo.t.test` and `*.t.test`, is BOGUS. An
/// honest NXDOMAIN in the same zone, and the honest wildcard answer, are SECURE.
#[test]
fn wildcard_expanded_nsec_cannot_prove_nxdomain() {
    let world = wildcard_world(Denial::Nsec);
    let zone = world.zone("test.");
    assert_secure(&result(&world, "nope.test", "A"), "honest NXDOMAIN");
    assert_secure(
        &result(&world, "foo.t.test", "TXT"),
        "honest wildcard answer",
    );

    let wildcard_nsec = record(&zone.nsec_matching("*.t.test."), NSEC).rdata.clone();
    for owner in ["\\000.t.test.", "!.t.test."] {
        let mut authority = zone.soa_rrset();
        authority.extend(zone.sign(
            owner,
            "*.t.test.",
            NSEC,
            std::slice::from_ref(&wildcard_nsec),
            None,
        ));
        let forgery = vec![forged(
            "foo.t.test.",
            TXT,
            negative("foo.t.test.", TXT, NXDOMAIN, &authority),
        )];
        assert_bogus(
            &result_with(&world, "foo.t.test", "TXT", &forgery),
            &format!("NXDOMAIN from an NSEC expanded to {owner}"),
        );
    }
}

/// RFC 4035 §5.2 and §5.4, RFC 4592 §4: the DS denial of a delegation cannot come from a
/// wildcard. The `*.d.test` NSEC (NS, no DS) expanded to owner `sec.d.test` would "prove" that
/// the signed child `sec.d.test` has no DS, and make an unsigned answer from it INSECURE: the
/// downgrade must be BOGUS, never INSECURE. Honest: `www.sec.d.test` A is SECURE.
#[test]
fn wildcard_expanded_nsec_cannot_deny_a_ds() {
    let world = wildcard_world(Denial::Nsec);
    let zone = world.zone("test.");
    assert_secure(&result(&world, "www.sec.d.test", "A"), "honest child");

    let wildcard_nsec = record(&zone.nsec_matching("*.d.test."), NSEC).rdata.clone();
    let mut authority = zone.soa_rrset();
    authority.extend(zone.sign("sec.d.test.", "*.d.test.", NSEC, &[wildcard_nsec], None));
    let unsigned = Rr::new("www.sec.d.test.", A, a("192.0.2.66"));
    let forgery = vec![
        forged(
            "sec.d.test.",
            DS,
            negative("sec.d.test.", DS, NOERROR, &authority),
        ),
        forged(
            "www.sec.d.test.",
            A,
            message("www.sec.d.test.", A, NOERROR, &[unsigned], &[]),
        ),
    ];
    assert_bogus(
        &result_with(&world, "www.sec.d.test", "A", &forgery),
        "no-DS downgrade by an expanded NSEC",
    );
}

/// The NSEC3 form of the three rules above (RFC 5155 §8, RFC 4035 §5.3.4): an NSEC3 RRset
/// whose RRSIG Labels field is smaller than its owner's (signed as `*.test` and presented at a
/// hash owner) proves nothing. A forged NODATA for `real.t.test` A, a forged NXDOMAIN for
/// `foo.t.test` TXT whose wildcard "cover" is such a record, and a forged no-DS for
/// `sec.d.test` are all BOGUS; the honest NSEC3 proofs are SECURE.
#[test]
fn wildcard_expanded_nsec3_proves_nothing() {
    let world = wildcard_world(Denial::nsec3());
    let zone = world.zone("test.");
    let params = zone.nsec3_params();
    for (name, rtype) in [
        ("real.t.test", "A"),
        ("foo.t.test", "A"),
        ("foo.t.test", "TXT"),
        ("nope.test", "A"),
        ("www.sec.d.test", "A"),
    ] {
        assert_secure(
            &result(&world, name, rtype),
            &format!("honest {name} {rtype}"),
        );
    }
    // An NSEC3 at `hash(name)` with these types, its next hash the honest one, signed as the
    // wildcard `*.test.` (Labels 1 below an owner of 2 labels).
    let expanded = |name: &str, types: &[u16]| {
        let owner = zone.nsec3_owner(name);
        let next = nsec3_next(&record(&zone.nsec3_matching(name), NSEC3).rdata);
        zone.sign(
            &owner,
            "*.test.",
            NSEC3,
            &[nsec3_rdata(&params, &next, types)],
            None,
        )
    };

    // a. NODATA: `real.t.test` "has only TXT".
    let mut authority = zone.soa_rrset();
    authority.extend(expanded("real.t.test.", &[TXT, RRSIG]));
    let forgery = vec![forged(
        "real.t.test.",
        A,
        negative("real.t.test.", A, NOERROR, &authority),
    )];
    let nodata = result_with(&world, "real.t.test", "A", &forgery);
    assert_bogus(&nodata, "NODATA from an expanded NSEC3");
    // Its only NSEC3 was left out of the proof, but the report still says the zone's denial
    // is NSEC3 (and why it failed).
    let denial = &nodata["links"][0]["denial"];
    assert_eq!(denial["kind"], "nsec3", "{denial}");
    assert_eq!(denial["proves"], "none", "{denial}");
    assert!(
        nodata["reason"]
            .as_str()
            .unwrap()
            .contains("synthesised from a wildcard"),
        "{}",
        nodata["reason"]
    );

    // b. NXDOMAIN: honest closest encloser `t.test` and next closer cover, and an expanded
    // NSEC3 just before hash(*.t.test) that covers the wildcard.
    let wildcard_record = zone.nsec3_matching("*.t.test.");
    let wildcard_hash = nsec3_hash(&params, "*.t.test.");
    let owner = zone.hash_owner(&hash_before(&wildcard_hash));
    let next = nsec3_next(&record(&wildcard_record, NSEC3).rdata);
    let mut authority = zone.soa_rrset();
    authority.extend(zone.nsec3_matching("t.test."));
    authority.extend(zone.nsec3_covering("foo.t.test."));
    authority.extend(zone.sign(
        &owner,
        "*.test.",
        NSEC3,
        &[nsec3_rdata(&params, &next, &[A, RRSIG])],
        None,
    ));
    let forgery = vec![forged(
        "foo.t.test.",
        TXT,
        negative("foo.t.test.", TXT, NXDOMAIN, &authority),
    )];
    assert_bogus(
        &result_with(&world, "foo.t.test", "TXT", &forgery),
        "NXDOMAIN whose wildcard cover is an expanded NSEC3",
    );

    // c. No DS for the signed child, and its answer unsigned.
    let mut authority = zone.soa_rrset();
    authority.extend(expanded("sec.d.test.", &[NS]));
    let unsigned = Rr::new("www.sec.d.test.", A, a("192.0.2.66"));
    let forgery = vec![
        forged(
            "sec.d.test.",
            DS,
            negative("sec.d.test.", DS, NOERROR, &authority),
        ),
        forged(
            "www.sec.d.test.",
            A,
            message("www.sec.d.test.", A, NOERROR, &[unsigned], &[]),
        ),
    ];
    assert_bogus(
        &result_with(&world, "www.sec.d.test", "A", &forgery),
        "no-DS downgrade by an expanded NSEC3",
    );
}

// ---------------------------------------------------------------------------------------------
// 2. NSEC3 opt-out
// ---------------------------------------------------------------------------------------------

/// `oo.` with NSEC3 (opt-out or not): `www` A, a wildcard `*.w` A, and an unsigned delegation
/// `u.oo.` (NS, no DS) whose zone holds `www` A.
fn opt_out_world(opt_out: bool) -> World {
    let params = Nsec3Params {
        opt_out,
        ..Nsec3Params::plain()
    };
    let mut oo = Zone::signed("oo.", 20, Denial::Nsec3(params));
    oo.add("www.oo.", A, a("192.0.2.1"));
    oo.add("*.w.oo.", A, a("192.0.2.2"));
    let mut u = Zone::unsigned("u.oo.");
    u.add("www.u.oo.", A, a("192.0.2.3"));
    World::new(vec![root(), oo, u])
}

/// RFC 5155 §8.8 as Unbound's `nsec3_prove_wildcard`: a wildcard answer whose next closer name
/// is covered by an NSEC3 with the Opt-Out flag does not prove that no closer (unsigned
/// delegation) name exists, so the answer is INSECURE, not SECURE. The same zone without
/// opt-out gives SECURE.
#[test]
fn opt_out_span_makes_a_wildcard_answer_insecure() {
    assert_secure(
        &result(&opt_out_world(false), "x.w.oo", "A"),
        "wildcard answer without opt-out",
    );
    assert_secure(&result(&opt_out_world(true), "www.oo", "A"), "plain answer");
    assert_insecure(
        &result(&opt_out_world(true), "x.w.oo", "A"),
        "wildcard answer in an opt-out span",
    );
}

/// RFC 5155 §8.5 and §8.6 with erratum 3441: NODATA without a matching NSEC3 is proven by a
/// closest encloser proof whose next closer name is covered by an opt-out NSEC3 — INSECURE
/// (the name may be below an unsigned delegation). Here `www.u.oo` A answered NOERROR/empty
/// with the parent's SOA, the NSEC3 matching `oo.` and the one covering `u.oo` (no matching
/// and no wildcard NSEC3). With the covering NSEC3's opt-out flag cleared (and re-signed) the
/// same answer is BOGUS.
#[test]
fn opt_out_closest_encloser_proof_makes_nodata_insecure() {
    let world = opt_out_world(true);
    let zone = world.zone("oo.");
    let (encloser, proof) = zone.nsec3_encloser_proof("www.u.oo.");
    assert_eq!(encloser, "oo.");
    let mut authority = zone.soa_rrset();
    authority.extend(proof.clone());
    let forgery = vec![forged(
        "www.u.oo.",
        A,
        negative("www.u.oo.", A, NOERROR, &authority),
    )];
    assert_insecure(
        &result_with(&world, "www.u.oo", "A", &forgery),
        "opt-out NODATA",
    );

    // The covering record without its opt-out flag, re-signed, in the NODATA and in the DS
    // denial for `u.oo` alike: now `u.oo` does not exist, so neither does `www.u.oo`.
    let covering = zone.nsec3_covering("u.oo.");
    let covering = record(&covering, NSEC3);
    let mut rdata = covering.rdata.clone();
    assert_eq!(rdata[1], 1, "opt-out flag set");
    rdata[1] = 0;
    let mut authority = zone.soa_rrset();
    // (When one record both matches `oo.` and covers `u.oo`, only its re-signed form is sent.)
    authority.extend(
        zone.nsec3_matching("oo.")
            .into_iter()
            .filter(|r| r.owner != covering.owner),
    );
    authority.extend(zone.sign(&covering.owner, &covering.owner, NSEC3, &[rdata], None));
    let forgery = vec![
        forged(
            "www.u.oo.",
            A,
            negative("www.u.oo.", A, NOERROR, &authority),
        ),
        forged("u.oo.", DS, negative("u.oo.", DS, NOERROR, &authority)),
    ];
    assert_bogus(
        &result_with(&world, "www.u.oo", "A", &forgery),
        "NODATA whose next closer cover has no opt-out",
    );
}

/// RFC 5155 §8.6 (control): the DS of an unsigned delegation in an opt-out span is denied by a
/// closest encloser proof with an opt-out cover: INSECURE, for a name in the child and for the
/// DS query itself.
#[test]
fn opt_out_ds_denial_is_insecure() {
    let world = opt_out_world(true);
    assert_insecure(
        &result(&world, "www.u.oo", "A"),
        "name in the unsigned child",
    );
    assert_insecure(&result(&world, "u.oo", "DS"), "DS query");
}

// ---------------------------------------------------------------------------------------------
// 3. Names below an insecure delegation, answered with the parent's SOA
// ---------------------------------------------------------------------------------------------

/// `par.` denying with `denial`: `cn` CNAME `x.ins.par.`, `cs` CNAME `x.sec.par.`, an unsigned
/// delegation `ins.par.` and a signed one `sec.par.` (with DS), each child holding `x` TXT.
fn delegation_world(denial: Denial) -> World {
    let mut par = Zone::signed("par.", 30, denial);
    par.add("cn.par.", CNAME, wire_name("x.ins.par."));
    par.add("cs.par.", CNAME, wire_name("x.sec.par."));
    let mut ins = Zone::unsigned("ins.par.");
    ins.add("x.ins.par.", TXT, txt("unsigned"));
    let mut sec = Zone::signed("sec.par.", 31, Denial::nsec3());
    sec.add("x.sec.par.", TXT, txt("signed"));
    World::new(vec![root(), par, ins, sec])
}

/// RFC 4035 §5.2 and §4.3: a name below a delegation that the parent proves unsigned (no DS,
/// by NSEC or NSEC3) is INSECURE whatever its answer carries — also a NODATA or NXDOMAIN with
/// the PARENT's SOA and no signatures or denial (a server of the parent answering for the
/// child). Below a delegation with DS the same answer is BOGUS, not INSECURE: the child is
/// signed and the answer is not. Both reached through a CNAME in the parent and queried
/// directly. (The error of the BOGUS case may say the denial or the signatures are missing.)
#[test]
fn parent_soa_below_an_insecure_delegation_is_insecure() {
    for denial in [Denial::Nsec, Denial::nsec3()] {
        let world = delegation_world(denial.clone());
        let par = world.zone("par.");
        assert_insecure(
            &result(&world, "cn.par", "A"),
            &format!("{denial:?} honest cn"),
        );
        assert_insecure(
            &result(&world, "x.ins.par", "A"),
            &format!("{denial:?} honest x.ins"),
        );
        assert_secure(
            &result(&world, "cs.par", "A"),
            &format!("{denial:?} honest cs"),
        );
        assert_secure(
            &result(&world, "x.sec.par", "A"),
            &format!("{denial:?} honest x.sec"),
        );

        for rcode in [NOERROR, NXDOMAIN] {
            let soa = [par.soa_record()];
            for (child, alias) in [("ins", "cn"), ("sec", "cs")] {
                let target = format!("x.{child}.par.");
                let alias_name = format!("{alias}.par.");
                let cname = par.rrset(&alias_name, &alias_name, CNAME);
                let forgery = vec![
                    forged(&target, A, negative(&target, A, rcode, &soa)),
                    forged(&alias_name, A, message(&alias_name, A, rcode, &cname, &soa)),
                ];
                for name in [&alias_name, &target] {
                    let what = format!("{denial:?} rcode {rcode} {name}");
                    let got = result_with(&world, name.trim_end_matches('.'), "A", &forgery);
                    if child == "ins" {
                        assert_insecure(&got, &what);
                    } else {
                        assert_eq!(status(&got).0, "BOGUS", "{what}: {got:#}");
                        assert!(
                            ["NSEC_MISSING", "RSIGS_MISSING", "DNSSEC_BOGUS"]
                                .contains(&status(&got).1.unwrap_or("")),
                            "{what}: {got:#}"
                        );
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. SERVFAIL for a needed DS or DNSKEY
// ---------------------------------------------------------------------------------------------

const ONE: &str = "https://one.test/dns-query";
const TWO: &str = "https://two.test/dns-query";

/// `www.example` A over `resolvers`, where the resolvers `failing` SERVFAIL `example.`/`rtype`.
fn with_servfail(resolvers: &[&str], failing: &[&str], rtype: u16) -> Value {
    let world = World::standard(0);
    let doc = check_with_resolvers(
        &world,
        resolvers,
        &["www.example"],
        &["A"],
        |url, qname, qtype, response| {
            if failing.contains(&url) && qname == "example." && qtype == rtype {
                response.body = servfail(qname, qtype);
            }
        },
    );
    serde_json::to_value(&doc).unwrap()["results"][0].clone()
}

/// RFC 4035 §5.2, §4.7: a resolver that passes on SERVFAIL (RCODE 2) for the DS of a zone on the
/// chain says that zone's servers failed; without the DS the chain cannot be validated, and
/// a validating CA reports it BOGUS (DNSSEC_BOGUS), with a reason naming the zone and saying
/// its servers failed. For the zone's DNSKEY: BOGUS, DNSKEY_MISSING. With a second resolver that answers
/// properly, it is asked before giving up: SECURE. When both fail: BOGUS as with one.
#[test]
fn servfail_for_a_needed_ds_or_dnskey() {
    for (rtype, error) in [(DS, "DNSSEC_BOGUS"), (DNSKEY, "DNSKEY_MISSING")] {
        let what = if rtype == DS { "DS" } else { "DNSKEY" };
        let one = with_servfail(&[signed_world::RESOLVER], &[signed_world::RESOLVER], rtype);
        assert_verdict(&one, ("BOGUS", Some(error)), &format!("{what} SERVFAIL"));
        let reason = one["reason"].as_str().unwrap();
        assert!(reason.contains("example"), "{what}: {reason}");
        // Not just the RCODE's name: the reason says whose servers failed.
        assert!(reason.contains("server"), "{what}: {reason}");

        assert_secure(
            &with_servfail(&[ONE, TWO], &[], rtype),
            &format!("{what}: two healthy resolvers"),
        );
        assert_secure(
            &with_servfail(&[ONE, TWO], &[ONE], rtype),
            &format!("{what}: the first resolver SERVFAILs, the second answers"),
        );
        assert_verdict(
            &with_servfail(&[ONE, TWO], &[ONE, TWO], rtype),
            ("BOGUS", Some(error)),
            &format!("{what}: both resolvers SERVFAIL"),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Records offered for names they were not signed for
// ---------------------------------------------------------------------------------------------

/// RFC 4035 §5.2 and §5.3.4 (RFC 4592 §4.6: DS and DNSKEY are never synthesised from a
/// wildcard): a DS RRset or a DNSKEY RRset whose RRSIG Labels field is smaller than its
/// owner's label count is a wildcard expansion and cannot vouch for a zone: BOGUS. Honest:
/// `www.example` A is SECURE.
#[test]
fn wildcard_expanded_ds_or_dnskey_is_bogus() {
    let world = World::standard(0);
    assert_secure(&result(&world, "www.example", "A"), "honest");
    let root_zone = world.zone(".");
    let example = world.zone("example.");
    let ds = root_zone.sign("example.", "*.", DS, &[example.ds_rdata()], None);
    let forgery = vec![forged(
        "example.",
        DS,
        message("example.", DS, NOERROR, &ds, &[]),
    )];
    assert_bogus(
        &result_with(&world, "www.example", "A", &forgery),
        "DS signed as *.",
    );
    let keys = example.sign("example.", "*.", DNSKEY, &[example.dnskey_rdata()], None);
    let forgery = vec![forged(
        "example.",
        DNSKEY,
        message("example.", DNSKEY, NOERROR, &keys, &[]),
    )];
    assert_bogus(
        &result_with(&world, "www.example", "A", &forgery),
        "DNSKEY signed as *.",
    );

    // A DS inside the parent's own wildcard space: `sec.d.test` DS signed as `*.d.test`.
    let world = wildcard_world(Denial::Nsec);
    let test = world.zone("test.");
    let child = world.zone("sec.d.test.");
    let ds = test.sign("sec.d.test.", "*.d.test.", DS, &[child.ds_rdata()], None);
    let forgery = vec![forged(
        "sec.d.test.",
        DS,
        message("sec.d.test.", DS, NOERROR, &ds, &[]),
    )];
    assert_bogus(
        &result_with(&world, "www.sec.d.test", "A", &forgery),
        "DS signed as *.d.test.",
    );
}

/// RFC 4035 §5.3.1: an RRSIG is usable only if its owner is at or below its Signer's Name (the
/// zone holding the RRset). An NSEC owned by `\000.` (a root-zone name), validly signed by
/// `test.`'s key with signer `test.`, would cover both `nope.test` and the wildcard `*.`; as
/// the only proof of a NXDOMAIN it proves nothing: BOGUS. The honest NXDOMAIN is SECURE.
#[test]
fn nsec_owned_outside_its_signer_is_unusable() {
    let world = wildcard_world(Denial::Nsec);
    let zone = world.zone("test.");
    assert_secure(&result(&world, "nope.test", "A"), "honest NXDOMAIN");
    let mut authority = zone.soa_rrset();
    authority.extend(zone.sign(
        "\\000.",
        "\\000.",
        NSEC,
        &[nsec_rdata("zz.", &[NS, RRSIG, NSEC])],
        None,
    ));
    let forgery = vec![forged(
        "nope.test.",
        A,
        negative("nope.test.", A, NXDOMAIN, &authority),
    )];
    assert_bogus(
        &result_with(&world, "nope.test", "A", &forgery),
        "NSEC owned outside the signer's zone",
    );
}

/// `one.`: an NSEC zone with nothing but its apex, whose single NSEC points at the apex itself.
fn single_nsec_world() -> World {
    World::new(vec![root(), Zone::signed("one.", 40, Denial::Nsec)])
}

/// RFC 4034 §4.1.1, RFC 4035 §5.4: only the zone's last NSEC wraps, and it wraps to the apex.
/// An NSEC (validly signed by the zone) whose next name is outside the zone, or whose owner
/// equals its next name while not being the apex, must not cover anything: a NXDOMAIN proven
/// only by such a record is BOGUS. The honest single-NSEC zone (apex NSEC, next = apex, which
/// covers every other name) proves NXDOMAIN: SECURE.
#[test]
fn nsec_next_name_must_stay_in_the_zone() {
    let world = single_nsec_world();
    let zone = world.zone("one.");
    let apex_nsec = zone.nsec_matching("one.");
    assert_eq!(
        record(&apex_nsec, NSEC).rdata[..wire_name("one.").len()],
        wire_name("one.")[..]
    );
    assert_secure(&result(&world, "nope.one", "A"), "honest NXDOMAIN");
    assert_secure(&result(&world, "one", "TXT"), "honest NODATA at the apex");

    let apex_types = [NS, SOA, RRSIG, NSEC, DNSKEY];
    let cases = [
        (
            "one.",
            nsec_rdata("zz.", &apex_types),
            "next name outside the zone",
        ),
        (
            "a.one.",
            nsec_rdata("a.one.", &[A, RRSIG, NSEC]),
            "owner = next, not the apex",
        ),
    ];
    for (owner, rdata, what) in cases {
        let mut authority = zone.soa_rrset();
        authority.extend(zone.sign(owner, owner, NSEC, &[rdata], None));
        let forgery = vec![forged(
            "nope.one.",
            A,
            negative("nope.one.", A, NXDOMAIN, &authority),
        )];
        assert_bogus(&result_with(&world, "nope.one", "A", &forgery), what);
    }
}

/// RFC 5155 §8.2 (and §8.3, §8.4): a proof uses the NSEC3 records of one chain, i.e. one set of
/// parameters (hash, iterations, salt). `two.` has two complete signed chains (salts `aa` and
/// `bb`). A NXDOMAIN whose closest encloser match comes from one chain and whose next closer and
/// wildcard covers come from the other is BOGUS; the complete proof from either chain alone
/// is SECURE.
#[test]
fn nsec3_proof_from_two_chains_is_bogus() {
    let chain_a = Nsec3Params::salted(&[0xaa]);
    let chain_b = Nsec3Params::salted(&[0xbb]);
    let mut two = Zone::signed("two.", 50, Denial::Nsec3(chain_a.clone()));
    two.add("www.two.", A, a("192.0.2.1"));
    two.add("mail.two.", A, a("192.0.2.2"));
    let world = World::new(vec![root(), two]);
    let zone = world.zone("two.");
    let qname = "nope.two.";

    let proof = |encloser: &Nsec3Params, covers: &Nsec3Params| {
        let mut authority = zone.soa_rrset();
        authority.extend(zone.nsec3_matching_with(encloser, "two."));
        authority.extend(zone.nsec3_covering_with(covers, qname));
        authority.extend(zone.nsec3_covering_with(covers, "*.two."));
        let mut unique: Vec<Rr> = Vec::new();
        for rr in authority {
            if !unique.contains(&rr) {
                unique.push(rr);
            }
        }
        vec![forged(qname, A, negative(qname, A, NXDOMAIN, &unique))]
    };
    // Neither chain's own records would already make the mixed proofs complete: the apex
    // record of a chain covers neither the next closer name nor the wildcard.
    for params in [&chain_a, &chain_b] {
        let apex = zone.nsec3_matching_with(params, "two.");
        for name in [qname, "*.two."] {
            assert_ne!(apex, zone.nsec3_covering_with(params, name), "{name}");
        }
    }

    assert_secure(&result(&world, "nope.two", "A"), "honest proof (chain aa)");
    assert_secure(
        &result_with(&world, "nope.two", "A", &proof(&chain_a, &chain_a)),
        "complete chain aa",
    );
    assert_secure(
        &result_with(&world, "nope.two", "A", &proof(&chain_b, &chain_b)),
        "complete chain bb",
    );
    assert_bogus(
        &result_with(&world, "nope.two", "A", &proof(&chain_a, &chain_b)),
        "encloser from aa, covers from bb",
    );
    assert_bogus(
        &result_with(&world, "nope.two", "A", &proof(&chain_b, &chain_a)),
        "encloser from bb, covers from aa",
    );
}
