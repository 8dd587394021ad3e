//! The verdict of each signature over an RRset and which failure explains an RRset that does
//! not validate (RFC 4035 §5.3.1-§5.3.3), with Ed25519 signatures made here over the validator's
//! canonical form (the RFC vectors in `rfc_signature_vectors` check that form independently).

use std::str::FromStr;

use hickory_proto::rr::{Name, RecordType};
use ring::signature::{Ed25519KeyPair, KeyPair};

use super::check_rrset;
use crate::dns::canonical::signed_data;
use crate::dns::records::{Dnskey, Rrsig};
use crate::dns::wire::WireRecord;
use crate::dnssec::work::Work;
use crate::report::SignatureFailure;

const NOW: u32 = 1_800_000_000;

fn n(text: &str) -> Name {
    Name::from_str(text).unwrap()
}

fn key_pair(seed: u8) -> Ed25519KeyPair {
    Ed25519KeyPair::from_seed_unchecked(&[seed; 32]).unwrap()
}

fn dnskey(pair: &Ed25519KeyPair) -> Dnskey {
    let mut rdata = vec![1, 0, 3, 15];
    rdata.extend_from_slice(pair.public_key().as_ref());
    Dnskey::parse(&rdata).unwrap()
}

fn record(owner: &str, rtype: RecordType, rdata: Vec<u8>) -> WireRecord {
    WireRecord {
        name: n(owner),
        rtype,
        class: 1,
        ttl: 300,
        raw_rdata: rdata,
        data: None,
    }
}

/// What to get wrong in a signature.
#[derive(Clone, Copy, PartialEq)]
enum Flaw {
    None,
    Expired,
    /// Expired a thousand seconds before `Expired`.
    ExpiredEarlier,
    NotYetValid,
    BadSignature,
    UnknownKey,
    OtherSigner,
    Algorithm(u8),
    LabelsTooMany,
    /// Signed by `example.` for an owner outside it.
    OwnerOutsideSigner,
}

/// An RRSIG over `www.example. A` by `pair`, signer `example.`, with `flaw`.
fn rrsig(pair: &Ed25519KeyPair, key: &Dnskey, data: &[&WireRecord], flaw: Flaw) -> WireRecord {
    let (inception, expiration) = match flaw {
        Flaw::Expired => (NOW - 2_000, NOW - 1_000),
        Flaw::ExpiredEarlier => (NOW - 3_000, NOW - 2_000),
        Flaw::NotYetValid => (NOW + 1_000, NOW + 2_000),
        _ => (NOW - 1_000, NOW + 1_000),
    };
    let algorithm = match flaw {
        Flaw::Algorithm(a) => a,
        _ => 15,
    };
    let tag = if flaw == Flaw::UnknownKey {
        key.key_tag.wrapping_add(1)
    } else {
        key.key_tag
    };
    let labels = if flaw == Flaw::LabelsTooMany { 3 } else { 2 };
    let mut rdata = vec![0, 1, algorithm, labels];
    rdata.extend(300u32.to_be_bytes());
    rdata.extend(expiration.to_be_bytes());
    rdata.extend(inception.to_be_bytes());
    rdata.extend(tag.to_be_bytes());
    let signer: &[u8] = if flaw == Flaw::OtherSigner {
        b"\x05other\x00"
    } else {
        b"\x07example\x00"
    };
    rdata.extend_from_slice(signer);
    rdata.push(0xff); // a placeholder signature byte, so the RDATA parses
    let parsed = Rrsig::parse(&rdata).unwrap();
    rdata.pop();
    let owner = if flaw == Flaw::OwnerOutsideSigner {
        "www.other."
    } else {
        "www.example."
    };
    let to_sign = signed_data(&parsed, &n(owner), data).unwrap_or_default();
    let mut signature = pair.sign(&to_sign).as_ref().to_vec();
    if flaw == Flaw::BadSignature {
        signature[7] ^= 1;
    }
    rdata.extend(signature);
    record(owner, RecordType::RRSIG, rdata)
}

fn judge(flaws: &[Flaw]) -> (Vec<&'static str>, Result<(usize, u16), SignatureFailure>) {
    let pair = key_pair(7);
    let key = dnskey(&pair);
    judge_with_keys(flaws, &pair, &[key])
}

fn judge_with_keys(
    flaws: &[Flaw],
    pair: &Ed25519KeyPair,
    keys: &[Dnskey],
) -> (Vec<&'static str>, Result<(usize, u16), SignatureFailure>) {
    let key = &keys[keys.len() - 1];
    let owner = if flaws.contains(&Flaw::OwnerOutsideSigner) {
        "www.other."
    } else {
        "www.example."
    };
    let a = record(owner, RecordType::A, vec![192, 0, 2, 1]);
    let mut section = vec![a.clone()];
    for flaw in flaws {
        section.push(rrsig(pair, key, &[&a], *flaw));
    }
    let check = check_rrset(
        &Work::default(),
        &n(owner),
        RecordType::A,
        &section,
        &n("example."),
        keys,
        NOW,
    );
    (
        check.sigs.iter().map(|s| s.verdict.as_str()).collect(),
        check.result,
    )
}

#[test]
fn each_signature_gets_its_verdict_in_words() {
    let cases = [
        (Flaw::None, "valid"),
        (Flaw::Expired, "expired"),
        (Flaw::NotYetValid, "not-yet-valid"),
        (Flaw::BadSignature, "invalid"),
        (Flaw::UnknownKey, "no-key"),
        (Flaw::OtherSigner, "wrong-signer"),
        (Flaw::Algorithm(253), "unsupported-algorithm"),
        (Flaw::LabelsTooMany, "malformed"),
        (Flaw::OwnerOutsideSigner, "wrong-signer"),
    ];
    for (flaw, label) in cases {
        assert_eq!(judge(&[flaw]).0, [label]);
    }
}

/// Once one signature validated, the others are not checked (KeyTrap: no work beyond it).
#[test]
fn signatures_after_a_valid_one_are_not_checked() {
    let (labels, result) = judge(&[Flaw::BadSignature, Flaw::None, Flaw::None, Flaw::Expired]);
    assert_eq!(labels, ["invalid", "valid", "not-checked", "not-checked"]);
    assert!(result.is_ok());
}

/// The failure that explains an RRset without a valid signature is the most telling one:
/// outside the validity window, then invalid, then an unknown key, then the wrong signer, then
/// malformed; whatever the order of the signatures.
#[test]
fn the_most_telling_failure_explains_the_rrset() {
    use SignatureFailure as F;
    let kind = |result: Result<(usize, u16), SignatureFailure>| match result {
        Err(F::Expired { .. }) => "expired",
        Err(F::NotYetValid { .. }) => "not-yet-valid",
        Err(F::Invalid { .. }) => "invalid",
        Err(F::NoMatchingKey { .. }) => "no-key",
        Err(F::WrongSigner { .. }) => "wrong-signer",
        Err(F::Malformed { .. }) => "malformed",
        Err(F::Missing) => "missing",
        Err(F::WorkLimit { .. }) => "work-limit",
        Ok(_) => "valid",
    };
    let ranked = [
        Flaw::Expired,
        Flaw::BadSignature,
        Flaw::UnknownKey,
        Flaw::OtherSigner,
        Flaw::LabelsTooMany,
    ];
    let names = ["expired", "invalid", "no-key", "wrong-signer", "malformed"];
    for (i, better) in ranked.iter().enumerate() {
        for worse in &ranked[i + 1..] {
            assert_eq!(kind(judge(&[*better, *worse]).1), names[i]);
            assert_eq!(kind(judge(&[*worse, *better]).1), names[i]);
        }
    }
    assert_eq!(
        kind(judge(&[Flaw::NotYetValid, Flaw::BadSignature]).1),
        "not-yet-valid"
    );
    assert_eq!(kind(judge(&[]).1), "missing");
}

/// KeyTrap (CVE-2023-50387): at most MAX_SIGNATURES_PER_RRSET signatures reach cryptography;
/// the ones after are not checked and the RRset fails on the limit, even when a valid one
/// comes later.
#[test]
fn at_most_eight_signatures_are_tried() {
    use crate::limits::MAX_SIGNATURES_PER_RRSET;
    let mut flaws = vec![Flaw::BadSignature; MAX_SIGNATURES_PER_RRSET];
    flaws.push(Flaw::None);
    let (labels, result) = judge(&flaws);
    assert_eq!(
        &labels[..MAX_SIGNATURES_PER_RRSET],
        &["invalid"; MAX_SIGNATURES_PER_RRSET]
    );
    assert_eq!(labels[MAX_SIGNATURES_PER_RRSET], "not-checked");
    assert!(
        matches!(&result, Err(SignatureFailure::WorkLimit { detail }) if detail.contains("more than 8 signatures")),
        "{result:?}"
    );
    // One fewer bad signature: the valid one is reached.
    let (_, result) = judge(&flaws[1..]);
    assert!(result.is_ok());
    // Signatures rejected before cryptography (unknown key) do not count.
    let mut cheap = vec![Flaw::UnknownKey; 20];
    cheap.push(Flaw::None);
    assert!(judge(&cheap).1.is_ok());
}

/// A DNSKEY RDATA of algorithm 15 whose key tag is `tag` (public key bytes adjusted; the key
/// verifies nothing).
fn fake_key_with_tag(tag: u16, fill: u8) -> Dnskey {
    for a in 0..=255u8 {
        for b in 0..=255u8 {
            let mut rdata = vec![1, 0, 3, 15];
            let mut public = [fill; 32];
            public[0] = a;
            public[1] = b;
            rdata.extend_from_slice(&public);
            if crate::dns::records::key_tag(&rdata) == tag {
                return Dnskey::parse(&rdata).unwrap();
            }
        }
    }
    unreachable!("two free bytes reach every tag")
}

/// KeyTrap: keys sharing the signature's tag and algorithm are tried up to
/// MAX_KEYS_PER_SIGNATURE; beyond that the signature fails on the limit.
#[test]
fn at_most_four_keys_are_tried_per_signature() {
    use crate::limits::MAX_KEYS_PER_SIGNATURE;
    let pair = key_pair(7);
    let real = dnskey(&pair);
    let decoys: Vec<Dnskey> = (0..MAX_KEYS_PER_SIGNATURE as u8)
        .map(|i| fake_key_with_tag(real.key_tag, i + 1))
        .collect();
    // Up to the limit of keys with the tag: all tried, the signature is simply invalid.
    let (_, result) = judge_with_keys(
        &[Flaw::BadSignature],
        &pair,
        &[&decoys[1..], std::slice::from_ref(&real)].concat(),
    );
    assert!(
        matches!(result, Err(SignatureFailure::Invalid { .. })),
        "{result:?}"
    );
    // The real key after MAX_KEYS_PER_SIGNATURE decoys is never reached.
    let (_, result) = judge_with_keys(
        &[Flaw::None],
        &pair,
        &[&decoys[..], std::slice::from_ref(&real)].concat(),
    );
    assert!(
        matches!(&result, Err(SignatureFailure::WorkLimit { detail }) if detail.contains("at most 4 are tried")),
        "{result:?}"
    );
    // Within the limit it is reached.
    let (_, result) = judge_with_keys(
        &[Flaw::None],
        &pair,
        &[&decoys[1..], std::slice::from_ref(&real)].concat(),
    );
    assert!(result.is_ok(), "{result:?}");
}

/// Among failures of the same kind, the first signature's explains the RRset (its key and
/// dates), whatever follows.
#[test]
fn the_first_of_equally_telling_failures_explains() {
    let expiration = |result: Result<(usize, u16), SignatureFailure>| match result {
        Err(SignatureFailure::Expired { expiration, .. }) => expiration,
        other => panic!("{other:?}"),
    };
    let first = expiration(judge(&[Flaw::Expired, Flaw::ExpiredEarlier]).1);
    let other = expiration(judge(&[Flaw::ExpiredEarlier, Flaw::Expired]).1);
    assert_ne!(first, other);
    assert_eq!(first, expiration(judge(&[Flaw::Expired]).1));
    assert_eq!(other, expiration(judge(&[Flaw::ExpiredEarlier]).1));
}
