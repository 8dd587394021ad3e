//! The binary-to-text encodings of DNS presentation format and DoH (RFC 4648): hexadecimal
//! (DS digests, RFC 3597 `\#` data), base64 (DNSKEY keys, RFC 4034 §2.2), base64url without
//! padding (the `dns` parameter, RFC 8484 §4.1) and base32hex without padding (NSEC3 owner
//! labels, RFC 5155 §3.3).
//!
//! Written out here rather than through a general-purpose codec crate: these four fixed
//! alphabets take a few dozen lines, where the general crate cost about 60 KB of wasm.

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE32HEX_LOWER: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";

/// Upper-case hexadecimal.
pub fn hex_upper(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX_UPPER[usize::from(b >> 4)] as char);
        out.push(HEX_UPPER[usize::from(b & 0x0f)] as char);
    }
    out
}

/// Hexadecimal in either case; `None` for an odd length or a non-hex character.
pub fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits
        .chunks(2)
        .map(|pair| {
            let high = (pair[0] as char).to_digit(16)?;
            let low = (pair[1] as char).to_digit(16)?;
            Some((high * 16 + low) as u8)
        })
        .collect()
}

/// Standard base64 with `=` padding.
pub fn base64(bytes: &[u8]) -> String {
    encode_6bit(bytes, BASE64, true)
}

/// base64url without padding.
pub fn base64url_nopad(bytes: &[u8]) -> String {
    encode_6bit(bytes, BASE64URL, false)
}

fn encode_6bit(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        let symbols = chunk.len() + 1;
        for i in 0..4 {
            if i < symbols {
                out.push(alphabet[(group >> (18 - 6 * i) & 0x3f) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64; padding is optional but, when present, must be right. `None` for any
/// character outside the alphabet or an impossible length.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let data = text.trim_end_matches('=').as_bytes();
    let padding = bytes.len() - data.len();
    if padding > 2 || (padding > 0 && bytes.len() % 4 != 0) || data.len() % 4 == 1 {
        return None;
    }
    let values: Option<Vec<u32>> = data
        .iter()
        .map(|c| BASE64.iter().position(|a| a == c).map(|v| v as u32))
        .collect();
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in values?.chunks(4) {
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, v)| acc | v << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            out.push((group >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// Lower-case base32hex without padding (RFC 4648 §7), as NSEC3 owner labels are written.
pub fn base32hex_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u64, |acc, (i, b)| acc | u64::from(*b) << (32 - 8 * i));
        let symbols = (chunk.len() * 8).div_ceil(5);
        for i in 0..symbols {
            out.push(BASE32HEX_LOWER[(group >> (35 - 5 * i) & 0x1f) as usize] as char);
        }
    }
    out
}

/// base32hex without padding, in either case; `None` for a character outside the alphabet or
/// an impossible length.
pub fn base32hex_decode(text: &str) -> Option<Vec<u8>> {
    if matches!(text.len() % 8, 1 | 3 | 6) {
        return None;
    }
    let values: Option<Vec<u64>> = text
        .bytes()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            BASE32HEX_LOWER
                .iter()
                .position(|a| *a == c)
                .map(|v| v as u64)
        })
        .collect();
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    for chunk in values?.chunks(8) {
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u64, |acc, (i, v)| acc | v << (35 - 5 * i));
        for i in 0..chunk.len() * 5 / 8 {
            out.push((group >> (32 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10 test vectors.
    const VECTORS: &[(&str, &str, &str, &str)] = &[
        // input, base64, base32hex (upper, padded in the RFC), hex
        ("", "", "", ""),
        ("f", "Zg==", "CO======", "66"),
        ("fo", "Zm8=", "CPNG====", "666F"),
        ("foo", "Zm9v", "CPNMU===", "666F6F"),
        ("foob", "Zm9vYg==", "CPNMUOG=", "666F6F62"),
        ("fooba", "Zm9vYmE=", "CPNMUOJ1", "666F6F6261"),
        ("foobar", "Zm9vYmFy", "CPNMUOJ1E8======", "666F6F626172"),
    ];

    #[test]
    fn rfc4648_vectors_encode() {
        for (input, b64, b32hex, hex) in VECTORS {
            let input = input.as_bytes();
            assert_eq!(base64(input), *b64);
            assert_eq!(base64url_nopad(input), b64.trim_end_matches('='));
            assert_eq!(
                base32hex_lower(input),
                b32hex.trim_end_matches('=').to_ascii_lowercase()
            );
            assert_eq!(hex_upper(input), *hex);
        }
    }

    #[test]
    fn rfc4648_vectors_decode() {
        for (input, b64, b32hex, hex) in VECTORS {
            let input = input.as_bytes();
            assert_eq!(base64_decode(b64).as_deref(), Some(input));
            assert_eq!(
                base64_decode(b64.trim_end_matches('=')).as_deref(),
                Some(input)
            );
            assert_eq!(
                base32hex_decode(b32hex.trim_end_matches('=')).as_deref(),
                Some(input)
            );
            assert_eq!(hex_decode(hex).as_deref(), Some(input));
            assert_eq!(hex_decode(&hex.to_lowercase()).as_deref(), Some(input));
        }
    }

    #[test]
    fn base64url_uses_the_url_alphabet() {
        assert_eq!(base64url_nopad(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn malformed_text_is_refused() {
        for bad in ["Zg=", "Z===", "Zm9v=", "Zm9vY", "Zm9v!A==", "Zg==Zg=="] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
        for bad in ["C", "CPN", "CPNMUO", "CPNW!", "CPNMUOJ1E8=", "wxyz"] {
            assert_eq!(base32hex_decode(bad), None, "{bad}");
        }
        for bad in ["6", "6G", "66 6F"] {
            assert_eq!(hex_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn nsec3_hash_label_round_trips() {
        // RFC 5155 Appendix A: the owner label of example's NSEC3.
        let label = "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom";
        let hash = base32hex_decode(label).unwrap();
        assert_eq!(hash.len(), 20);
        assert_eq!(base32hex_lower(&hash), label);
    }
}
