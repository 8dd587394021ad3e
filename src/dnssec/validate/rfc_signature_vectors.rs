//! RFC signature test vectors, checked through the validator's own path: the example RRset and
//! its RRSIG are put in a DNS response, read back by [`crate::dns::wire::parse_message`], and judged
//! by [`check_rrset`] (signer, Labels field, validity window, key tag and algorithm, canonical
//! form and order, the cryptographic check) against the example DNSKEY.
//!
//! Every vector is checked three ways: the published data verifies, a one-bit change in the
//! signature fails, and a one-bit change in the signed data fails. The RFC examples are old, so
//! the validation clock is set inside their validity windows.
//!
//! Sources, with what differs from the published text:
//! - RFC 4035 Appendix B.6 (RSASHA1, a wildcard expansion; keys from Appendix A).
//! - RFC 5702 §6.1 (RSASHA256) and §6.2 (RSASHA512). The RFC has no errata. Both examples are
//!   correct (checked independently with OpenSSL). §6.1's key has a 512-bit modulus, the
//!   smallest RFC 5702 §2.1 allows, which `ring` refuses (it verifies 1024 to 8192 bits), so it
//!   goes through `crypto::rsa_small`; §6.2's 1024-bit key goes through `ring`.
//! - RFC 6605 §6.1 (ECDSAP256SHA256) and §6.2 (ECDSAP384SHA384), with their DS records.
//! - RFC 8080 §6.1 (Ed25519) and §6.2 (Ed448), with their DS records, as corrected by verified
//!   Errata ID 4935: the published RRSIGs lack the algorithm field and were made with a Labels
//!   field of 3 for the two-label owner `example.com.`; the errata gives `RRSIG MX 15 2` (16 2
//!   for Ed448) and new signatures. The published signatures are checked too: we must refuse
//!   them because their Labels field exceeds the owner's label count (RFC 4035 §5.3.1).

use hickory_proto::rr::{Name, RecordType};
use std::str::FromStr;

use super::check_rrset;
use crate::dns::records::{Dnskey, Ds};
use crate::dns::wire::{parse_message, WireMessage};
use crate::report::SignatureFailure;

fn b64(text: &str) -> Vec<u8> {
    let compact: String = text.split_whitespace().collect();
    crate::dns::codec::base64_decode(&compact).expect("RFC base64")
}

fn hex(text: &str) -> Vec<u8> {
    let compact: String = text.split_whitespace().collect();
    crate::dns::codec::hex_decode(&compact).expect("RFC hex")
}

fn name(text: &str) -> Name {
    Name::from_str(text).expect("name")
}

/// An uncompressed name in wire form, case kept as written.
fn wire_name(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in text
        .trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
    {
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    out
}

/// `YYYYMMDDHHmmSS` (the RRSIG presentation format, RFC 4034 §3.2) as seconds since the epoch.
fn timestamp(text: &str) -> u32 {
    let t = text.as_bytes();
    assert_eq!(t.len(), 14, "{text}");
    let part = |a: usize, b: usize| std::str::from_utf8(&t[a..b]).unwrap();
    let rfc3339 = format!(
        "{}-{}-{}T{}:{}:{}Z",
        part(0, 4),
        part(4, 6),
        part(6, 8),
        part(8, 10),
        part(10, 12),
        part(12, 14)
    );
    crate::dns::time::parse_time(&rfc3339).expect("timestamp") as u32
}

/// One RRSIG as the RFC prints it.
struct Sig<'a> {
    covered: RecordType,
    algorithm: u8,
    labels: u8,
    original_ttl: u32,
    expiration: &'a str,
    inception: &'a str,
    key_tag: u16,
    signer: &'a str,
    signature: Vec<u8>,
}

impl Sig<'_> {
    fn rdata(&self) -> Vec<u8> {
        let mut out = u16::from(self.covered).to_be_bytes().to_vec();
        out.extend([self.algorithm, self.labels]);
        out.extend(self.original_ttl.to_be_bytes());
        out.extend(timestamp(self.expiration).to_be_bytes());
        out.extend(timestamp(self.inception).to_be_bytes());
        out.extend(self.key_tag.to_be_bytes());
        out.extend(wire_name(self.signer));
        out.extend(&self.signature);
        out
    }

    /// A moment inside the validity window.
    fn valid_at(&self) -> u32 {
        timestamp(self.inception) + 86_400
    }
}

/// A DNS response whose question is (`owner`, `rtype`) and whose answer section holds the
/// RRset (each RDATA given in wire form, possibly with compression pointers into the question
/// name at offset 12) and its RRSIG. The answer owners are compression pointers to the question.
fn response(owner: &str, rtype: RecordType, ttl: u32, rdatas: &[Vec<u8>], rrsig: &[u8]) -> Vec<u8> {
    let mut msg = vec![0, 0, 0x81, 0x80, 0, 1];
    msg.extend((rdatas.len() as u16 + 1).to_be_bytes());
    msg.extend([0, 0, 0, 0]);
    msg.extend(wire_name(owner));
    msg.extend(u16::from(rtype).to_be_bytes());
    msg.extend([0, 1]);
    let mut record = |rtype: u16, rdata: &[u8]| {
        msg.extend([0xc0, 12]);
        msg.extend(rtype.to_be_bytes());
        msg.extend([0, 1]);
        msg.extend(ttl.to_be_bytes());
        msg.extend((rdata.len() as u16).to_be_bytes());
        msg.extend(rdata);
    };
    for rdata in rdatas {
        record(u16::from(rtype), rdata);
    }
    record(u16::from(RecordType::RRSIG), rrsig);
    msg
}

fn dnskey(flags: u16, algorithm: u8, key_b64: &str) -> Dnskey {
    let mut rdata = flags.to_be_bytes().to_vec();
    rdata.extend([3, algorithm]);
    rdata.extend(b64(key_b64));
    Dnskey::parse(&rdata).expect("DNSKEY")
}

/// One RFC example: a key, an RRset at `owner`, and the RRSIG over it.
struct Vector<'a> {
    zone: &'a str,
    key: Dnskey,
    owner: &'a str,
    rtype: RecordType,
    ttl: u32,
    rdatas: Vec<Vec<u8>>,
    sig: Sig<'a>,
}

impl Vector<'_> {
    fn message(&self, rdatas: &[Vec<u8>], rrsig: &[u8]) -> WireMessage {
        parse_message(&response(self.owner, self.rtype, self.ttl, rdatas, rrsig))
            .expect("the test response parses")
    }

    fn judge(&self, message: &WireMessage, now: u32) -> Result<(usize, u16), SignatureFailure> {
        check_rrset(
            &crate::dnssec::work::Work::default(),
            &name(self.owner),
            self.rtype,
            &message.answers,
            &name(self.zone),
            std::slice::from_ref(&self.key),
            now,
        )
        .result
    }

    /// The published data verifies; one flipped bit in the signature or in the data does not;
    /// outside the validity window it is expired or not yet valid.
    fn assert_verifies_and_detects_tampering(&self) {
        let now = self.sig.valid_at();
        let rrsig = self.sig.rdata();
        assert_eq!(
            self.key.key_tag, self.sig.key_tag,
            "key tag of {}",
            self.zone
        );
        assert_eq!(
            self.judge(&self.message(&self.rdatas, &rrsig), now),
            Ok((usize::from(self.sig.labels), self.sig.key_tag)),
            "{} {} must verify",
            self.owner,
            self.rtype
        );

        let mut bad_sig = rrsig.clone();
        let middle = rrsig.len() - self.sig.signature.len() / 2;
        bad_sig[middle] ^= 0x01;
        assert_eq!(
            self.judge(&self.message(&self.rdatas, &bad_sig), now),
            Err(SignatureFailure::Invalid {
                tag: self.sig.key_tag
            }),
            "one flipped signature bit"
        );

        let mut bad_data = self.rdatas.clone();
        bad_data[0][1] ^= 0x01;
        assert_eq!(
            self.judge(&self.message(&bad_data, &rrsig), now),
            Err(SignatureFailure::Invalid {
                tag: self.sig.key_tag
            }),
            "one flipped data bit"
        );

        let message = self.message(&self.rdatas, &rrsig);
        assert!(matches!(
            self.judge(&message, timestamp(self.sig.expiration) + 1),
            Err(SignatureFailure::Expired { .. })
        ));
        assert!(matches!(
            self.judge(&message, timestamp(self.sig.inception) - 1),
            Err(SignatureFailure::NotYetValid { .. })
        ));
    }
}

fn a_rdata(text: &str) -> Vec<u8> {
    text.split('.').map(|o| o.parse::<u8>().unwrap()).collect()
}

/// RFC 5702 §6: the RRset both examples sign.
fn rfc5702_vector(algorithm: u8, key_tag: u16, key_b64: &str, sig_b64: &str) -> Vector<'static> {
    Vector {
        zone: "example.net.",
        key: dnskey(256, algorithm, key_b64),
        owner: "www.example.net.",
        rtype: RecordType::A,
        ttl: 3600,
        rdatas: vec![a_rdata("192.0.2.91")],
        sig: Sig {
            covered: RecordType::A,
            algorithm,
            labels: 3,
            original_ttl: 3600,
            expiration: "20300101000000",
            inception: "20000101000000",
            key_tag,
            signer: "example.net.",
            signature: b64(sig_b64),
        },
    }
}

const RFC5702_RSASHA256_KEY: &str = "AwEAAcFcGsaxxdgiuuGmCkVI my4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8P kxUdp6p/DlUmObdk=";
const RFC5702_RSASHA256_SIG: &str =
    "kRCOH6u7l0QGy9qpC9 l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEa cFYK/lPtPiVYP4bwg==";

/// RFC 5702 §6.2: RSA/SHA-512 (algorithm 10), 1024-bit key 3740.
#[test]
fn rfc5702_rsasha512_example_verifies() {
    rfc5702_vector(
        10,
        3740,
        "AwEAAdHoNTOW+et86KuJOWRD p1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFD \
         xj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8g pMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL",
        "tsb4wnjRUDnB1BUi+t 6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRa \
         eUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqfReKBzMweOL DiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw=",
    )
    .assert_verifies_and_detects_tampering();
}

/// RFC 5702 §6.1: RSA/SHA-256 (algorithm 8), key 9033, a 512-bit modulus: the smallest RFC 5702
/// §2.1 allows, and below what `ring` verifies, so [`crate::dnssec::crypto::verify`] checks it by hand
/// (RFC 8017 §8.2.2), as BIND and Unbound (OpenSSL) do.
#[test]
fn rfc5702_rsasha256_512_bit_key_verifies() {
    let vector = rfc5702_vector(8, 9033, RFC5702_RSASHA256_KEY, RFC5702_RSASHA256_SIG);
    assert_eq!(
        crate::dnssec::crypto::key_size_bits(8, &vector.key.public_key),
        Some(512)
    );
    vector.assert_verifies_and_detects_tampering();
}

/// RFC 6605 §6.1: ECDSA P-256 with SHA-256 (algorithm 13), key 55648, and its SHA-256 DS.
#[test]
fn rfc6605_p256_example_verifies_and_its_ds_matches() {
    let vector = Vector {
        zone: "example.net.",
        key: dnskey(
            257,
            13,
            "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
        ),
        owner: "www.example.net.",
        rtype: RecordType::A,
        ttl: 3600,
        rdatas: vec![a_rdata("192.0.2.1")],
        sig: Sig {
            covered: RecordType::A,
            algorithm: 13,
            labels: 3,
            original_ttl: 3600,
            expiration: "20100909100439",
            inception: "20100812100439",
            key_tag: 55648,
            signer: "example.net.",
            signature: b64(
                "qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXA yGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==",
            ),
        },
    };
    vector.assert_verifies_and_detects_tampering();
    assert_ds_matches(
        &vector,
        55648,
        13,
        2,
        "b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17",
    );
}

/// RFC 6605 §6.2: ECDSA P-384 with SHA-384 (algorithm 14), key 10771, and its SHA-384 DS.
#[test]
fn rfc6605_p384_example_verifies_and_its_ds_matches() {
    let vector = Vector {
        zone: "example.net.",
        key: dnskey(
            257,
            14,
            "xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1 w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8 \
             /uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40",
        ),
        owner: "www.example.net.",
        rtype: RecordType::A,
        ttl: 3600,
        rdatas: vec![a_rdata("192.0.2.1")],
        sig: Sig {
            covered: RecordType::A,
            algorithm: 14,
            labels: 3,
            original_ttl: 3600,
            expiration: "20100909102025",
            inception: "20100812102025",
            key_tag: 10771,
            signer: "example.net.",
            signature: b64(
                "/L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP 95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuz \
                 WTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm",
            ),
        },
    };
    vector.assert_verifies_and_detects_tampering();
    assert_ds_matches(
        &vector,
        10771,
        14,
        4,
        "72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0 \
         563a9b5f4d288405c3008a946df983d6",
    );
}

/// The DS record the RFC gives matches the key (RFC 4034 §5.1.4), and one flipped digest bit
/// does not.
fn assert_ds_matches(
    vector: &Vector<'_>,
    key_tag: u16,
    algorithm: u8,
    digest_type: u8,
    digest: &str,
) {
    let mut ds = Ds {
        key_tag,
        algorithm,
        digest_type,
        digest: hex(digest),
    };
    let zone = name(vector.zone);
    assert!(
        crate::dnssec::crypto::ds_matches(&ds, &zone, &vector.key),
        "DS {key_tag} of {zone}"
    );
    ds.digest[0] ^= 0x80;
    assert!(!crate::dnssec::crypto::ds_matches(&ds, &zone, &vector.key));
}

/// RFC 8080 §6: `example.com. 3600 IN MX 10 mail.example.com.` signed with one key. The MX
/// target is sent compressed (a pointer to the question name) and in mixed case, so the check
/// also covers RFC 4034 §6.2: names in MX RDATA are expanded and lowercased before verifying.
fn rfc8080_vector(
    algorithm: u8,
    key_b64: &str,
    labels: u8,
    key_tag: u16,
    sig_b64: &str,
) -> Vector<'static> {
    let mut mx = vec![0, 10, 4];
    mx.extend_from_slice(b"MaiL");
    mx.extend([0xc0, 12]); // -> "example.com." in the question
    Vector {
        zone: "example.com.",
        key: dnskey(257, algorithm, key_b64),
        owner: "example.com.",
        rtype: RecordType::MX,
        ttl: 3600,
        rdatas: vec![mx],
        sig: Sig {
            covered: RecordType::MX,
            algorithm,
            labels,
            original_ttl: 3600,
            expiration: "20150819220000", // 1440021600
            inception: "20150729220000",  // 1438207200
            key_tag,
            signer: "example.com.",
            signature: b64(sig_b64),
        },
    }
}

/// RFC 8080 §6.1, both Ed25519 (algorithm 15) examples as corrected by Errata ID 4935, and
/// their SHA-256 DS records (which the errata did not change).
#[test]
fn rfc8080_ed25519_examples_verify_and_their_ds_match() {
    let examples = [
        (
            "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=",
            3613,
            "oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3f x8A4M3e23mRZ9VrbpMngwcrqNAg==",
            "3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79 a304b",
        ),
        (
            "zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=",
            35217,
            "zXQ0bkYgQTEFyfLyi9QoiY6D8ZdYo4wyUhVioYZXFdT410QPRITQSqJSnzQ oSm5poJ7gD7AQR0O7KuI5k2pcBg==",
            "401781b934e392de492ec77ae2e15d70f6575a1c0bc59c5275c04ebe80c 6614c",
        ),
    ];
    for (key, tag, sig, ds) in examples {
        let vector = rfc8080_vector(15, key, 2, tag, sig);
        vector.assert_verifies_and_detects_tampering();
        assert_ds_matches(&vector, tag, 15, 2, ds);
    }
}

/// RFC 8080 §6.2, both Ed448 (algorithm 16) examples as corrected by Errata ID 4935, and their
/// SHA-256 DS records.
#[test]
fn rfc8080_ed448_examples_verify_and_their_ds_match() {
    let examples = [
        (
            "3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx 1FYYUcJKm1MDpJtIA",
            9713,
            "3cPAHkmlnxcDHMyg7vFC34l0blBhuG1qpwLmjInI8w1CMB29FkEAIJUA0am xWndkmnBZ6SKiwZSAxGILn/NBtOXft0+Gj7FSvOKxE/07+4RQvE581N3Aj/ \
             JtIyaiYVdnYtyMWbSNyGEY2213WKsJlwEA",
            "6ccf18d5bc5d7fc2fceb1d59d17321402f2aa8d368048db93dd811f5cb2 b19c7",
        ),
        (
            "kkreGWoccSDmUBGAe7+zsbG6ZAFQp+syPmYUurBRQc3tDjeMCJcVMRDmgcN Lp5HlHAMy12VoISsA",
            38353,
            "E1/oLjSGIbmLny/4fcgM1z4oL6aqo+izT3urCyHyvEp4Sp8Syg1eI+lJ57C SnZqjJP41O/9l4m0AsQ4f7qI1gVnML8vWWiyW2KXhT9kuAICUSxv5OWbf81 \
             Rq7Yu60npabODB0QFPb/rkW3kUZmQ0YQUA",
            "645ff078b3568f5852b70cb60e8e696cc77b75bfaaffc118cf79cbda1ba 28af4",
        ),
    ];
    for (key, tag, sig, ds) in examples {
        let vector = rfc8080_vector(16, key, 2, tag, sig);
        vector.assert_verifies_and_detects_tampering();
        assert_ds_matches(&vector, tag, 16, 2, ds);
    }
}

/// RFC 8080 §6.1 as published (before Errata ID 4935): the signature was made over a Labels
/// field of 3 for `example.com.`, which has two labels. Such an RRSIG must not be used
/// (RFC 4035 §5.3.1), whatever its signature says.
#[test]
fn rfc8080_published_ed25519_signature_with_labels_3_is_refused() {
    let vector = rfc8080_vector(
        15,
        "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=",
        3,
        3613,
        "Edk+IB9KNNWg0HAjm7FazXyrd5m3Rk8zNZbvNpAcM+eysqcUOMIjWoevFkj H5GaMWeG96GUVZu6ECKOQmemHDg==",
    );
    let message = vector.message(&vector.rdatas, &vector.sig.rdata());
    assert!(matches!(
        vector.judge(&message, vector.sig.valid_at()),
        Err(SignatureFailure::Malformed { .. })
    ));
}

/// RFC 4035 Appendix B.6: `a.z.w.example. MX 1 ai.example.`, synthesised from the wildcard
/// `*.w.example` and signed by the Appendix A zone signing key 38519 (RSASHA1, algorithm 5).
/// The Labels field (2) is below the owner's label count (4): the signed data is rebuilt with
/// the owner `*.w.example` (RFC 4035 §5.3.2), and the check reports the Labels field so that
/// the caller asks for the wildcard proof.
#[test]
fn rfc4035_wildcard_expansion_example_verifies() {
    let mut mx = vec![0, 1];
    mx.extend(wire_name("ai.example."));
    Vector {
        zone: "example.",
        key: dnskey(
            256,
            5,
            "AQOy1bZVvpPqhg4j7EJoM9rI3ZmyEx2OzDBVrZy/lvI5CQePxXHZS4i8dANH4DX3tbHol61ek8EFMcsGXxKciJFHyhl94C+NwILQd \
             zsUlSFovBZsyl/NX6yEbtw/xN9ZNcrbYvgjjZ/UVPZIySFNsgEYvh0z2542lzMKR4Dh8uZffQ==",
        ),
        owner: "a.z.w.example.",
        rtype: RecordType::MX,
        ttl: 3600,
        rdatas: vec![mx],
        sig: Sig {
            covered: RecordType::MX,
            algorithm: 5,
            labels: 2,
            original_ttl: 3600,
            expiration: "20040509183619",
            inception: "20040409183619",
            key_tag: 38519,
            signer: "example.",
            signature: b64(
                "OMK8rAZlepfzLWW75Dxd63jy2wswESzxDKG2 f9AMN1CytCd10cYISAxfAdvXSZ7xujKAtPbc \
                 tvOQ2ofO7AZJ+d01EeeQTVBPq4/6KCWhqe2X TjnkVLNvvhnc0u28aoSsG0+4InvkkOHknKxw \
                 4kX18MMR34i8lC36SR5xBni8vHI=",
            ),
        },
    }
    .assert_verifies_and_detects_tampering();
}

/// RFC 4035 Appendix A: the key tags of the example zone's two keys, as its RRSIGs name them.
#[test]
fn rfc4035_appendix_a_key_tags() {
    let zsk = dnskey(
        256,
        5,
        "AQOy1bZVvpPqhg4j7EJoM9rI3ZmyEx2OzDBVrZy/lvI5CQePxXHZS4i8dANH4DX3tbHol61ek8EFMcsGXxKciJFHyhl94C+NwILQd \
         zsUlSFovBZsyl/NX6yEbtw/xN9ZNcrbYvgjjZ/UVPZIySFNsgEYvh0z2542lzMKR4Dh8uZffQ==",
    );
    let ksk = dnskey(
        257,
        5,
        "AQOeX7+baTmvpVHb2CcLnL1dMRWbuscRvHXlLnXwDzvqp4tZVKp1sZMepFb8MvxhhW3y/0QZsyCjczGJ1qk8vJe52iOhInKROVLRwxG \
         pMfzPRLMlGybr51bOV/1se0ODacj3DomyB4QB5gKTYot/K9alk5/j8vfd4jWCWD+E1Sze0Q==",
    );
    assert_eq!((zsk.key_tag, zsk.role()), (38519, "ZSK"));
    assert_eq!((ksk.key_tag, ksk.role()), (9465, "KSK"));
    assert_eq!(
        crate::dnssec::crypto::key_size_bits(5, &zsk.public_key),
        Some(1024)
    );
}
