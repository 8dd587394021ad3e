//! RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) for RSA moduli of 512 to 1023 bits, which
//! `ring` refuses (it verifies 1024 to 8192 bits). RFC 5702 §2.1 allows RSA/SHA-256 DNSKEYs from
//! 512 bits, and validators built on OpenSSL (BIND, Unbound) verify such signatures.
//!
//! Only the modular exponentiation comes from `crypto-bigint` (fixed 1024-bit integers in
//! Montgomery form). Everything here is public data (key, signature, message), so variable-time
//! arithmetic and comparison are fine.

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U1024, U64};

use super::VerifyError;

/// The length in octets of the largest modulus handled here (1024 bits, a `U1024`).
const MAX_LEN: usize = 128;

/// The hash of an RSA DNSSEC algorithm: SHA-1 for 5 and 7 (RFC 3110 §3, RFC 5155 §2), SHA-256
/// for 8 and SHA-512 for 10 (RFC 5702 §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Hash {
    Sha1,
    Sha256,
    Sha512,
}

impl Hash {
    /// The DER encoding of the DigestInfo that precedes the hash value in the encoded message
    /// (RFC 8017 §9.2, Note 1; RFC 5702 §3 gives the SHA-256 and SHA-512 ones too).
    fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            Hash::Sha1 => &[
                0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
                0x14,
            ],
            Hash::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            Hash::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        }
    }

    fn digest(self, message: &[u8]) -> ring::digest::Digest {
        let algorithm = match self {
            Hash::Sha1 => &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
            Hash::Sha256 => &ring::digest::SHA256,
            Hash::Sha512 => &ring::digest::SHA512,
        };
        ring::digest::digest(algorithm, message)
    }
}

/// The public exponent, under the rules `ring` applies to larger keys so that whether a key is
/// accepted does not depend on its size: no leading zero octets (RFC 3110 §2), odd, and
/// 3 ≤ e < 2^33 (e = 1 would make every message its own signature; huge exponents only cost
/// time).
fn exponent(e: &[u8]) -> Option<u64> {
    if e.is_empty() || e.len() > 5 || e[0] == 0 {
        return None;
    }
    let value = e.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    ((3..1 << 33).contains(&value) && value & 1 == 1).then_some(value)
}

/// A big-endian integer of at most [`MAX_LEN`] octets.
fn uint(bytes: &[u8]) -> Option<U1024> {
    let mut padded = [0u8; MAX_LEN];
    padded
        .get_mut(MAX_LEN.checked_sub(bytes.len())?..)?
        .copy_from_slice(bytes);
    Some(U1024::from_be_slice(&padded))
}

/// EMSA-PKCS1-v1_5-ENCODE (RFC 8017 §9.2) of `message` for an `em_len`-octet modulus:
/// `0x00 0x01 PS 0x00 T`, T the DigestInfo, PS at least eight 0xff octets; left-padded with
/// zeros to [`MAX_LEN`] octets. `None` if T does not fit ("intended encoded message length too
/// short", step 3), as for SHA-512 with moduli below 752 bits.
fn encode(hash: Hash, message: &[u8], em_len: usize) -> Option<[u8; MAX_LEN]> {
    let digest = hash.digest(message);
    let digest = digest.as_ref();
    let prefix = hash.digest_info_prefix();
    let t_len = prefix.len() + digest.len();
    if em_len > MAX_LEN || em_len < t_len + 11 {
        return None;
    }
    let mut em = [0u8; MAX_LEN];
    let start = MAX_LEN - em_len;
    let separator = MAX_LEN - t_len - 1;
    em[start + 1] = 0x01;
    em[start + 2..separator].fill(0xff);
    em[separator + 1..MAX_LEN - digest.len()].copy_from_slice(prefix);
    em[MAX_LEN - digest.len()..].copy_from_slice(digest);
    Some(em)
}

/// RSASSA-PKCS1-V1_5-VERIFY (RFC 8017 §8.2.2) with public exponent `e` and modulus `n`
/// (big-endian, no leading zero octets; the caller has checked it has 512 to 1023 bits).
pub(super) fn verify(
    hash: Hash,
    e: &[u8],
    n: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let k = n.len();
    if k > MAX_LEN {
        return Err(VerifyError::KeySizeOutOfRange);
    }
    let e = exponent(e).ok_or(VerifyError::MalformedKey)?;
    // An RSA modulus is a product of odd primes; Montgomery arithmetic needs it odd, too.
    let n = uint(n)
        .and_then(|n| Odd::new(n).into_option())
        .ok_or(VerifyError::MalformedKey)?;
    // Step 1: the signature has exactly k octets.
    if signature.len() != k {
        return Err(VerifyError::BadSignature);
    }
    // Step 2a, OS2IP; step 2b, RSAVP1: s must be below n ("signature representative out of
    // range"), else s and s + n would both verify.
    let s = uint(signature).ok_or(VerifyError::BadSignature)?;
    if s >= *n.as_ref() {
        return Err(VerifyError::BadSignature);
    }
    let params = FixedMontyParams::new(n);
    let m = FixedMontyForm::new(&s, &params)
        .pow_vartime(&U64::from_u64(e))
        .retrieve();
    // Step 3: the expected encoded message (a modulus too short for the hash fails here).
    let expected = encode(hash, message, k).ok_or(VerifyError::BadSignature)?;
    // Steps 2c and 4: EM = I2OSP(m, k) compared octet for octet with the expected encoding. Both
    // are left-padded to MAX_LEN octets, so the padding is compared too (m < n < 256^k).
    if m.to_be_bytes().as_ref() == expected.as_slice() {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{key_size_bits, verify as verify_dnssec, VerifyError};
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        crate::dns::codec::hex_decode(s).unwrap()
    }

    // Test vectors made with OpenSSL 3.0 when these tests were written:
    //   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:768 -out k768.pem
    //   printf '%s' "$MESSAGE" > msg
    //   openssl dgst -sha1|-sha256|-sha512 -sign k768.pem msg | xxd -p
    //   openssl rsa -in k768.pem -noout -modulus        # the exponent is 65537
    // and `openssl dgst -<hash> -verify` accepted each signature. The 1023-bit key the same way
    // with `rsa_keygen_bits:1023` (a modulus of 128 octets whose top bit is clear).
    const MESSAGE: &[u8] = b"dnssec-health: RSA below 1024 bits (RFC 8017 8.2.2)";
    const N768: &str = "d33b189e7c73786b135932073ebcb4f6ca5e57143471cb9e3bd0310b547e20dee70dc19c462c0072abbfe6d1d250e9182e7f9030a32c6c4247d7a3b6e1d767a04a877500bfa6c28af3c307a4e5a7f6c4da4e0ec3dd2774897997f5b84fe22bed";
    const SIG768_SHA1: &str = "cfaeac4a8d65d1c90aa508002b471b244b3a7313caade06b317def4ecc7d06b21c331ba4b58aa404a242cc6f18763b23261b7677c8a3e7a005095ebe1515d0b5b9a0e033ea5c3de691af2110082e6bc5caf1244734bd7315b8dd082efac61cf1";
    const SIG768_SHA256: &str = "3be91addc111a0ae3f9375f742bfe238f7cace8b3c42410165a0ed46110401b6357b9f5b71a77be6fff0c1927fc972aff260e3dff82e25a8ab17c3f2584228913289b905b567e991d629da9e868e2337bc0cb3e96c3eaea870288d27315adc72";
    const SIG768_SHA512: &str = "9255b36847b030a6c29f5731363569eb7e76966c6c222be080de9535fc18e90bcaa4ff976b850dd88decf397bfb0b2c98008b04773ea2f9ad46ba75509b2eed7607a6c00869e528cd4fd8c09d01a7bfbc12d652fa3243721099a07eb11c954f6";
    const N1023: &str = "71e3bf93bb07f3f91efdf126accd363b9d11e67f99459020a52e7ce9e8233d8a37f3f15103fcb4863b216b836c3455d7fe21dc9ba46acd5df33503389524573c5a3a9eae956ba51d954f3b4b1b23a08d918ecf061f867266edba1b563c42abd61d3faec9f82935efc1759c069d80f333d607a5bbd4ef03d48b322b41bf39a33f";
    const SIG1023_SHA256: &str = "70eaf70ba6a719567c6aec2eaf91168e328e7cf79b28a59673905b92a7b6496557a9f35265a2f6830eee118f0b794deeb9266b613a9e2aa89292293e2ddf37dcf6d10787284659bf9e2ec5b6c040f7c323260885a3cd95dc7655b694013c1bb35a9b31bb2ef91ce4bd76c862c1ceeb836ab3e3c6736080fac9f4d7e901223f2c";

    /// A DNSKEY public key field (RFC 3110 §2): exponent length, exponent, modulus.
    fn dnskey_key(exponent: &[u8], modulus: &[u8]) -> Vec<u8> {
        let mut key = vec![exponent.len() as u8];
        key.extend_from_slice(exponent);
        key.extend_from_slice(modulus);
        key
    }

    fn key768() -> Vec<u8> {
        dnskey_key(&[1, 0, 1], &hex(N768))
    }

    /// Verifies, and fails with one bit flipped in the signature or in the message.
    fn assert_verifies(algorithm: u8, key: &[u8], signature: &[u8]) {
        assert_eq!(verify_dnssec(algorithm, key, MESSAGE, signature), Ok(()));
        for i in [0, signature.len() / 2, signature.len() - 1] {
            let mut bad = signature.to_vec();
            bad[i] ^= 0x01;
            assert_eq!(
                verify_dnssec(algorithm, key, MESSAGE, &bad),
                Err(VerifyError::BadSignature),
                "signature octet {i} flipped"
            );
        }
        let mut message = MESSAGE.to_vec();
        message[3] ^= 0x01;
        assert_eq!(
            verify_dnssec(algorithm, key, &message, signature),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn rsasha256_768_bit_key_verifies() {
        assert_eq!(key_size_bits(8, &key768()), Some(768));
        assert_verifies(8, &key768(), &hex(SIG768_SHA256));
    }

    #[test]
    fn rsasha1_768_bit_key_verifies_for_algorithms_5_and_7() {
        assert_verifies(5, &key768(), &hex(SIG768_SHA1));
        assert_verifies(7, &key768(), &hex(SIG768_SHA1));
    }

    #[test]
    fn rsasha256_1023_bit_key_verifies() {
        let key = dnskey_key(&[1, 0, 1], &hex(N1023));
        assert_eq!(key_size_bits(8, &key), Some(1023));
        assert_eq!(hex(N1023).len(), MAX_LEN);
        assert_verifies(8, &key, &hex(SIG1023_SHA256));
    }

    /// A signature made with another hash does not verify: the DigestInfo is compared whole.
    #[test]
    fn signature_with_another_hash_fails() {
        let key = key768();
        assert_eq!(
            verify_dnssec(8, &key, MESSAGE, &hex(SIG768_SHA1)),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verify_dnssec(5, &key, MESSAGE, &hex(SIG768_SHA256)),
            Err(VerifyError::BadSignature)
        );
    }

    /// RSA/SHA-512 keys must have at least 1024 bits (RFC 5702 §2.2; BIND refuses smaller
    /// ones), so algorithm 10 with the 768-bit key is refused before any arithmetic. The
    /// PKCS #1 encoding itself is right: the same signature verifies here directly.
    #[test]
    fn rsasha512_below_1024_bits_is_refused_though_the_encoding_verifies() {
        let signature = hex(SIG768_SHA512);
        assert_eq!(
            verify_dnssec(10, &key768(), MESSAGE, &signature),
            Err(VerifyError::KeySizeOutOfRange)
        );
        let n = hex(N768);
        assert_eq!(
            verify(Hash::Sha512, &[1, 0, 1], &n, MESSAGE, &signature),
            Ok(())
        );
        assert_eq!(
            verify(Hash::Sha512, &[1, 0, 1], &n, b"another message", &signature),
            Err(VerifyError::BadSignature)
        );
        // A 512-bit modulus cannot hold a SHA-512 DigestInfo (RFC 8017 §9.2 step 3).
        assert!(encode(Hash::Sha512, MESSAGE, 64).is_none());
        assert!(encode(Hash::Sha256, MESSAGE, 64).is_some());
    }

    /// RFC 8017 §8.2.2 step 1: the signature has exactly as many octets as the modulus.
    #[test]
    fn signature_of_another_length_fails() {
        let signature = hex(SIG768_SHA256);
        let mut longer = vec![0];
        longer.extend(&signature);
        for bad in [&longer[..], &signature[1..], &signature[..95], &[][..]] {
            assert_eq!(
                verify_dnssec(8, &key768(), MESSAGE, bad),
                Err(VerifyError::BadSignature),
                "{} octets",
                bad.len()
            );
        }
    }

    /// RFC 8017 §8.2.2 step 2 (RSAVP1): the signature representative must be below n.
    #[test]
    fn signature_not_below_the_modulus_fails() {
        let n = hex(N768);
        let mut n_plus_one = n.clone();
        *n_plus_one.last_mut().unwrap() += 1; // n is odd, so no carry
        for bad in [n.clone(), n_plus_one, vec![0xff; n.len()]] {
            assert_eq!(
                verify_dnssec(8, &key768(), MESSAGE, &bad),
                Err(VerifyError::BadSignature)
            );
        }
        assert_eq!(
            verify_dnssec(8, &key768(), MESSAGE, &[0; 96]),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn moduli_below_512_bits_are_refused() {
        // 511 bits: 64 octets with the top bit clear (any odd value; it is refused before use).
        let mut n511 = vec![0x5a; 64];
        n511[0] = 0x7f;
        n511[63] = 0x01;
        let key = dnskey_key(&[1, 0, 1], &n511);
        assert_eq!(key_size_bits(8, &key), Some(511));
        for algorithm in [5, 7, 8, 10] {
            assert_eq!(
                verify_dnssec(algorithm, &key, MESSAGE, &[0x11; 64]),
                Err(VerifyError::KeySizeOutOfRange)
            );
        }
        // A leading zero octet does not make the modulus bigger.
        let mut padded = vec![0];
        padded.extend(&n511);
        let key = dnskey_key(&[1, 0, 1], &padded);
        assert_eq!(
            verify_dnssec(8, &key, MESSAGE, &[0x11; 64]),
            Err(VerifyError::KeySizeOutOfRange)
        );
    }

    #[test]
    fn bad_exponents_and_even_moduli_are_malformed_keys() {
        let n = hex(N768);
        let signature = hex(SIG768_SHA256);
        for e in [
            &[1][..],
            &[0][..],
            &[2][..],
            &[1, 0, 0][..],          // even
            &[0, 1, 0, 1][..],       // leading zero octet
            &[2, 0, 0, 0, 1][..],    // 2^33 + 1, above ring's limit
            &[1, 0, 0, 0, 0, 1][..], // six octets
            &[0xff; 200][..],        // absurd
        ] {
            assert_eq!(
                verify_dnssec(8, &dnskey_key(e, &n), MESSAGE, &signature),
                Err(VerifyError::MalformedKey),
                "exponent {e:02x?}"
            );
        }
        // The largest exponent accepted, 2^33 - 1, goes as far as the signature check.
        assert_eq!(
            verify_dnssec(
                8,
                &dnskey_key(&[1, 0xff, 0xff, 0xff, 0xff], &n),
                MESSAGE,
                &signature
            ),
            Err(VerifyError::BadSignature)
        );
        let mut even = n.clone();
        *even.last_mut().unwrap() ^= 0x01;
        assert_eq!(
            verify_dnssec(8, &dnskey_key(&[1, 0, 1], &even), MESSAGE, &signature),
            Err(VerifyError::MalformedKey)
        );
    }

    /// The exponent length may also be given as a zero octet and two octets (RFC 3110 §2).
    #[test]
    fn three_octet_exponent_length_form_verifies() {
        let mut key = vec![0, 0, 3, 1, 0, 1];
        key.extend(hex(N768));
        assert_eq!(verify_dnssec(8, &key, MESSAGE, &hex(SIG768_SHA256)), Ok(()));
    }

    #[test]
    fn encoding_has_the_rfc8017_layout() {
        let em = encode(Hash::Sha256, b"abc", 96).unwrap();
        let em = &em[MAX_LEN - 96..];
        assert_eq!(&em[..2], &[0x00, 0x01]);
        let t_len = 19 + 32;
        assert!(em[2..96 - t_len - 1].iter().all(|&b| b == 0xff));
        assert_eq!(em[96 - t_len - 1], 0x00);
        assert_eq!(&em[96 - t_len..96 - 32], Hash::Sha256.digest_info_prefix());
        assert_eq!(
            &em[96 - 32..],
            hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
    }

    /// Random keys and signatures of matching length, so that the arithmetic runs (the
    /// crate-wide fuzz in tests/no_panic.rs mostly stops at the length check): an error, never
    /// a panic and never a verified signature.
    #[test]
    fn random_keys_and_signatures_never_panic_or_verify() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            // xorshift64
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..400 {
            let k = 60 + (next() % 72) as usize; // 480 to 1048 bits
            let mut n: Vec<u8> = (0..k).map(|_| next() as u8).collect();
            if round % 4 != 0 {
                n[0] |= 0x80;
                n[k - 1] |= 0x01;
            }
            let e: Vec<u8> = match round % 3 {
                0 => vec![1, 0, 1],
                1 => vec![3],
                _ => (0..1 + next() % 5).map(|_| next() as u8).collect(),
            };
            let mut signature: Vec<u8> = (0..k).map(|_| next() as u8).collect();
            if round % 2 == 0 {
                signature[0] = n[0].saturating_sub(1); // usually below n
            }
            let key = dnskey_key(&e, &n);
            for algorithm in [5, 7, 8, 10] {
                assert!(verify_dnssec(algorithm, &key, MESSAGE, &signature).is_err());
            }
        }
    }

    #[test]
    fn oversized_inputs_to_the_helpers_are_refused() {
        assert!(uint(&[1; MAX_LEN + 1]).is_none());
        assert!(encode(Hash::Sha1, b"", MAX_LEN + 1).is_none());
        assert_eq!(
            verify(
                Hash::Sha256,
                &[3],
                &[0xff; MAX_LEN + 1],
                b"",
                &[0; MAX_LEN + 1]
            ),
            Err(VerifyError::KeySizeOutOfRange)
        );
        assert_eq!(exponent(&[]), None);
        assert_eq!(exponent(&[3]), Some(3));
        assert_eq!(exponent(&[1, 0, 1]), Some(65537));
    }
}
