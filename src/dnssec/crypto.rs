//! Signature verification, key tags and DS digests for the DNSSEC algorithms we validate.
//!
//! Algorithms (RFC 8624 §3.1): 5 RSASHA1, 7 RSASHA1-NSEC3-SHA1, 8 RSASHA256, 10 RSASHA512
//! (RFC 3110, RFC 5702), 13 ECDSAP256SHA256, 14 ECDSAP384SHA384 (RFC 6605), 15 Ed25519 and
//! 16 Ed448 (RFC 8080). DS digests (RFC 8624 §3.3): 1 SHA-1, 2 SHA-256 (RFC 4509), 4 SHA-384
//! (RFC 6605). RSA, ECDSA and Ed25519 use `ring`; Ed448, which ring lacks, uses
//! `ed448-goldilocks-plus`; RSA moduli of 512 to 1023 bits, which ring refuses, are verified in
//! `rsa_small` with `crypto-bigint`'s modular exponentiation.

mod rsa_small;

use hickory_proto::rr::Name;

use crate::dns::records::{Dnskey, Ds};
use ring::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};
use rsa_small::Hash;

/// Whether we can verify signatures made with this DNSKEY algorithm number.
pub fn algorithm_supported(algorithm: u8) -> bool {
    matches!(algorithm, 5 | 7 | 8 | 10 | 13 | 14 | 15 | 16)
}

/// Whether we can compute this DS digest type.
pub fn digest_supported(digest_type: u8) -> bool {
    matches!(digest_type, 1 | 2 | 4)
}

pub use crate::dns::records::{algorithm_name, digest_name};

/// Why a signature did not verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// We do not implement this algorithm.
    UnsupportedAlgorithm,
    /// The DNSKEY's public key field cannot be a key of its algorithm.
    MalformedKey,
    /// The RSA modulus has fewer bits than its algorithm allows (RFC 5702 §2.1: 512 for
    /// RSA/SHA-256, which we apply to RSA/SHA-1 too; RFC 5702 §2.2: 1024 for RSA/SHA-512) or
    /// more than we verify (8192, ring's limit).
    KeySizeOutOfRange,
    /// The cryptographic check failed.
    BadSignature,
}

/// Verifies `signature` over `message` with a DNSKEY public key field of `algorithm`.
pub fn verify(
    algorithm: u8,
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    match algorithm {
        5 | 7 => verify_rsa(Hash::Sha1, public_key, message, signature),
        8 => verify_rsa(Hash::Sha256, public_key, message, signature),
        10 => verify_rsa(Hash::Sha512, public_key, message, signature),
        13 => verify_ecdsa(
            &signature::ECDSA_P256_SHA256_FIXED,
            64,
            public_key,
            message,
            signature,
        ),
        14 => verify_ecdsa(
            &signature::ECDSA_P384_SHA384_FIXED,
            96,
            public_key,
            message,
            signature,
        ),
        15 => {
            if public_key.len() != 32 {
                return Err(VerifyError::MalformedKey);
            }
            UnparsedPublicKey::new(&signature::ED25519, public_key)
                .verify(message, signature)
                .map_err(|_| VerifyError::BadSignature)
        }
        16 => verify_ed448(public_key, message, signature),
        _ => Err(VerifyError::UnsupportedAlgorithm),
    }
}

/// Splits an RSA DNSKEY public key field into exponent and modulus (RFC 3110 §2).
fn rsa_components(public_key: &[u8]) -> Option<(&[u8], &[u8])> {
    let (&first, rest) = public_key.split_first()?;
    let (exponent_len, rest) = if first == 0 {
        let (len, rest) = rest.split_at_checked(2)?;
        (usize::from(u16::from_be_bytes([len[0], len[1]])), rest)
    } else {
        (usize::from(first), rest)
    };
    let (exponent, modulus) = rest.split_at_checked(exponent_len)?;
    if exponent.is_empty() || modulus.is_empty() {
        return None;
    }
    let first_nonzero = modulus.iter().position(|&b| b != 0)?;
    Some((exponent, &modulus[first_nonzero..]))
}

/// The number of bits of a modulus without leading zero octets.
fn modulus_bits(n: &[u8]) -> u32 {
    let leading = n.first().map_or(0, |b| b.leading_zeros());
    (n.len() as u32) * 8 - leading
}

/// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.2) for DNSSEC algorithms 5, 7, 8 and 10. Moduli of 1024 to
/// 8192 bits go to `ring`; smaller ones, down to the algorithm's minimum, to [`rsa_small`]. Both
/// paths take the same exponents (see [`rsa_small`]) and want a signature exactly as long as
/// the modulus.
fn verify_rsa(
    hash: Hash,
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let (e, n) = rsa_components(public_key).ok_or(VerifyError::MalformedKey)?;
    let bits = modulus_bits(n);
    let min_bits = match hash {
        // RFC 5702 §2.1 (RSA/SHA-256); RSA/SHA-1 (RFC 3110) is held to the same floor.
        Hash::Sha1 | Hash::Sha256 => 512,
        // RFC 5702 §2.2; BIND refuses smaller RSA/SHA-512 keys too.
        Hash::Sha512 => 1024,
    };
    if !(min_bits..=8192).contains(&bits) {
        return Err(VerifyError::KeySizeOutOfRange);
    }
    if bits < 1024 {
        return rsa_small::verify(hash, e, n, message, signature);
    }
    let params = match hash {
        Hash::Sha1 => &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
        Hash::Sha256 => &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
        Hash::Sha512 => &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
    };
    RsaPublicKeyComponents { n, e }
        .verify(params, message, signature)
        .map_err(|_| VerifyError::BadSignature)
}

fn verify_ecdsa(
    params: &'static signature::EcdsaVerificationAlgorithm,
    key_len: usize,
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    // RFC 6605 §4: the key is the bare point Q = x | y; ring wants the SEC1 uncompressed form.
    if public_key.len() != key_len {
        return Err(VerifyError::MalformedKey);
    }
    let mut sec1 = Vec::with_capacity(key_len + 1);
    sec1.push(0x04);
    sec1.extend_from_slice(public_key);
    UnparsedPublicKey::new(params, sec1)
        .verify(message, signature)
        .map_err(|_| VerifyError::BadSignature)
}

fn verify_ed448(public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
    use ed448_goldilocks_plus::{Signature, VerifyingKey};
    let key_bytes: &[u8; 57] = public_key
        .try_into()
        .map_err(|_| VerifyError::MalformedKey)?;
    let key = VerifyingKey::from_bytes(key_bytes).map_err(|_| VerifyError::MalformedKey)?;
    let sig_bytes: &[u8; 114] = signature
        .try_into()
        .map_err(|_| VerifyError::BadSignature)?;
    let sig = Signature::from_bytes(sig_bytes).map_err(|_| VerifyError::BadSignature)?;
    key.verify_raw(&sig, message)
        .map_err(|_| VerifyError::BadSignature)
}

/// The size of a DNSKEY's public key in bits, as people quote it (RSA modulus, curve size).
pub fn key_size_bits(algorithm: u8, public_key: &[u8]) -> Option<u32> {
    match algorithm {
        5 | 7 | 8 | 10 => rsa_components(public_key).map(|(_, n)| modulus_bits(n)),
        13 => Some(256),
        14 => Some(384),
        15 => Some(256),
        16 => Some(456),
        _ => None,
    }
}

/// The DS digest of a DNSKEY (RFC 4034 §5.1.4): digest(owner name in canonical form | RDATA).
/// `None` for a digest type we do not implement.
pub fn ds_digest(digest_type: u8, owner_canonical: &[u8], dnskey_rdata: &[u8]) -> Option<Vec<u8>> {
    let algorithm = match digest_type {
        1 => &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
        2 => &ring::digest::SHA256,
        4 => &ring::digest::SHA384,
        _ => return None,
    };
    let mut context = ring::digest::Context::new(algorithm);
    context.update(owner_canonical);
    context.update(dnskey_rdata);
    Some(context.finish().as_ref().to_vec())
}

/// SHA-1, for NSEC3 hashing (RFC 5155 §5).
/// Both the algorithm and the digest type of a DS are ones we implement (RFC 4035 §5.2).
pub fn ds_supported(ds: &Ds) -> bool {
    algorithm_supported(ds.algorithm) && digest_supported(ds.digest_type)
}

/// Whether `ds` is the digest of `key` at `owner` (RFC 4034 §5.1.4).
pub fn ds_matches(ds: &Ds, owner: &Name, key: &Dnskey) -> bool {
    ds.key_tag == key.key_tag
        && ds.algorithm == key.algorithm
        && ds_digest(
            ds.digest_type,
            &crate::dns::name::name_to_lowercase_wire(owner),
            &key.rdata,
        )
        .is_some_and(|d| d == ds.digest)
}

/// SHA-256 over the concatenation of `parts` (memo keys in [`crate::dnssec::work`]).
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    for part in parts {
        context.update(part);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(context.finish().as_ref());
    out
}

/// The NSEC3 hash of a name (RFC 5155 §5): SHA-1 over the canonical name and the salt, then
/// `iterations` more times over the previous digest and the salt.
pub fn nsec3_hash(name: &Name, salt: &[u8], iterations: u16) -> [u8; 20] {
    let mut digest = sha1(&[&crate::dns::name::name_to_lowercase_wire(name), salt]);
    for _ in 0..iterations {
        digest = sha1(&[&digest, salt]);
    }
    digest
}

/// The SHA-1 digest of `parts`, concatenated.
pub fn sha1(parts: &[&[u8]]) -> [u8; 20] {
    let mut context = ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY);
    for part in parts {
        context.update(part);
    }
    let mut out = [0u8; 20];
    out.copy_from_slice(context.finish().as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn rsa_components_handles_both_exponent_length_forms() {
        assert_eq!(
            rsa_components(&[1, 3, 0, 0xab, 0xcd]),
            Some((&[3u8][..], &[0xab, 0xcd][..]))
        );
        assert_eq!(
            rsa_components(&[0, 0, 1, 3, 0xab]),
            Some((&[3u8][..], &[0xab][..]))
        );
        assert_eq!(rsa_components(&[5, 1, 2]), None);
        assert_eq!(rsa_components(&[]), None);
    }

    #[test]
    fn malformed_keys_are_errors_not_panics() {
        for alg in [5, 7, 8, 10, 13, 14, 15, 16] {
            assert!(verify(alg, &[], b"m", b"s").is_err());
            assert!(verify(alg, &[1, 2, 3], b"m", &[0u8; 64]).is_err());
        }
        assert_eq!(
            verify(253, &[1], b"m", b"s"),
            Err(VerifyError::UnsupportedAlgorithm)
        );
    }

    /// RFC 4034 §5.4 example: DNSKEY of dskey.example.com, key tag 60485, and its SHA-1 DS
    /// `60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118`.
    #[test]
    fn key_tag_and_ds_digest_match_rfc4034_example() {
        let key_b64 = "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==";
        let mut rdata = vec![0x01, 0x00, 3, 5];
        rdata.extend(crate::dns::codec::base64_decode(key_b64).unwrap());
        assert_eq!(crate::dns::records::key_tag(&rdata), 60485);
        let owner = b"\x05dskey\x07example\x03com\x00";
        assert_eq!(
            ds_digest(1, owner, &rdata).unwrap(),
            hex("2bb183af5f22588179a53b0a98631fad1a292118")
        );
        // The owner name is part of the digest (RFC 4034 §5.1.4).
        assert_ne!(
            ds_digest(1, b"\x07example\x03com\x00", &rdata).unwrap(),
            hex("2bb183af5f22588179a53b0a98631fad1a292118")
        );
    }

    fn dnskey_rdata(flags: u16, algorithm: u8, key_b64: &str) -> Vec<u8> {
        let mut rdata = flags.to_be_bytes().to_vec();
        rdata.extend([3, algorithm]);
        rdata.extend(crate::dns::codec::base64_decode(key_b64).unwrap());
        rdata
    }

    /// RFC 6605 §6.1 (P-256, SHA-256 DS) and §6.2 (P-384, SHA-384 DS).
    #[test]
    fn ds_digests_match_rfc6605_examples() {
        let owner = b"\x07example\x03net\x00";
        let p256 = dnskey_rdata(
            257,
            13,
            "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
        );
        assert_eq!(crate::dns::records::key_tag(&p256), 55648);
        assert_eq!(
            ds_digest(2, owner, &p256).unwrap(),
            hex("b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17")
        );
        let p384 = dnskey_rdata(
            257,
            14,
            "xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40",
        );
        assert_eq!(crate::dns::records::key_tag(&p384), 10771);
        assert_eq!(
            ds_digest(4, owner, &p384).unwrap(),
            hex("72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c3008a946df983d6")
        );
        assert_eq!(key_size_bits(14, &p384[4..]), Some(384));
        assert!(ds_digest(3, owner, &p384).is_none());
    }
}
