//! Hash formats Nix accepts: SRI (`sha256-<base64>`), Nix base32 and hex.

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// Nix's base32 alphabet (no e, o, u, t).
const NIX_BASE32: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";
const BASE64_VALUES: [u8; 256] = values(BASE64);
const NIX_BASE32_VALUES: [u8; 256] = values(NIX_BASE32);
/// Hex digits, in either case.
const HEX_VALUES: [u8; 256] = {
    let mut table = values(b"0123456789abcdef");
    let upper = b"ABCDEF";
    let mut index = 0;
    while index < upper.len() {
        table[upper[index] as usize] = 10 + index as u8;
        index += 1;
    }
    table
};
const NOT_IN_ALPHABET: u8 = u8::MAX;

/// Each byte's value in `alphabet` (its index), or [`NOT_IN_ALPHABET`].
const fn values(alphabet: &[u8]) -> [u8; 256] {
    let mut table = [NOT_IN_ALPHABET; 256];
    let mut index = 0;
    while index < alphabet.len() {
        table[alphabet[index] as usize] = index as u8;
        index += 1;
    }
    table
}

/// The value of `byte` in an alphabet's table of [`values`].
fn value_in(table: &[u8; 256], byte: u8) -> Option<u8> {
    let value = table[byte as usize];
    (value != NOT_IN_ALPHABET).then_some(value)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Sha256,
    Sha512,
}

impl Algorithm {
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    fn digest_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 32,
            Algorithm::Sha512 => 64,
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        match name {
            "sha256" => Some(Algorithm::Sha256),
            "sha512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    fn from_digest_len(len: usize) -> Option<Self> {
        match len {
            32 => Some(Algorithm::Sha256),
            64 => Some(Algorithm::Sha512),
            _ => None,
        }
    }
}

/// What a hash string is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HashValue {
    /// A well-formed SRI hash with a digest that is not all zeros.
    Sri,
    /// Empty, all zeros, or `AAAA…`: a placeholder waiting for the real hash.
    Placeholder,
    /// A valid digest in Nix base32, hex or plain base64 (optionally `sha256:`-prefixed);
    /// carries its SRI form.
    Legacy { sri: String },
    /// Anything else, with the reason.
    Invalid { reason: String, sri: Option<String> },
}

pub fn classify(text: &str) -> HashValue {
    let text = text.trim();
    if text.is_empty() {
        return HashValue::Placeholder;
    }
    if let Some((name, digest)) = text.split_once('-') {
        return classify_sri(name, digest);
    }
    let (algorithm, digest) = match text.split_once(':') {
        Some((name, digest)) => match Algorithm::from_name(name) {
            Some(algorithm) => (Some(algorithm), digest),
            None => return invalid(format!("unknown hash algorithm `{name}`"), None),
        },
        None => (None, text),
    };
    match decode_legacy(digest) {
        Some(bytes) if algorithm.is_none_or(|a| a.digest_len() == bytes.len()) => {
            if bytes.iter().all(|&byte| byte == 0) {
                return HashValue::Placeholder;
            }
            match Algorithm::from_digest_len(bytes.len()) {
                Some(found) => HashValue::Legacy {
                    sri: to_sri(found, &bytes),
                },
                None => invalid("digest has an unexpected length".to_owned(), None),
            }
        }
        _ => invalid(
            "neither SRI (`sha256-<base64>`) nor a Nix base32, hex or base64 digest".to_owned(),
            None,
        ),
    }
}

fn classify_sri(name: &str, digest: &str) -> HashValue {
    let Some(algorithm) = Algorithm::from_name(name) else {
        return invalid(
            format!("`{name}` is not a hash algorithm Nix fetchers accept here (sha256, sha512)"),
            None,
        );
    };
    // A common mistake: a base32 or hex digest behind an SRI prefix.
    let legacy_sri = decode_base32_or_hex(digest)
        .filter(|bytes| bytes.len() == algorithm.digest_len())
        .map(|bytes| to_sri(algorithm, &bytes));
    if legacy_sri.is_some() {
        return invalid(
            "the digest after the SRI prefix is base32 or hex, not base64".to_owned(),
            legacy_sri,
        );
    }
    match base64_decode(digest) {
        Some(bytes) if bytes.len() == algorithm.digest_len() => {
            if bytes.iter().all(|&byte| byte == 0) {
                HashValue::Placeholder
            } else {
                HashValue::Sri
            }
        }
        Some(bytes) => invalid(
            format!(
                "the digest decodes to {} bytes, {} needs {}",
                bytes.len(),
                algorithm.name(),
                algorithm.digest_len()
            ),
            None,
        ),
        None => invalid(
            "the digest after the SRI prefix is not valid base64".to_owned(),
            None,
        ),
    }
}

fn invalid(reason: String, sri: Option<String>) -> HashValue {
    HashValue::Invalid { reason, sri }
}

/// Decodes a digest of a sha256 or sha512 hash written without the SRI prefix.
/// A digest without the SRI prefix, as Nix reads one: by its length, Nix base32, hex or
/// (padded) base64.
fn decode_legacy(digest: &str) -> Option<Vec<u8>> {
    match digest.len() {
        44 | 88 => base64_decode(digest),
        _ => decode_base32_or_hex(digest),
    }
}

fn decode_base32_or_hex(digest: &str) -> Option<Vec<u8>> {
    match digest.len() {
        52 | 103 => nix_base32_decode(digest),
        64 | 128 => hex_decode(digest),
        _ => None,
    }
}

pub fn to_sri(algorithm: Algorithm, bytes: &[u8]) -> String {
    format!("{}-{}", algorithm.name(), base64_encode(bytes))
}

/// Nix base32: characters are read from the end, 5 bits each, little-endian into the bytes.
pub fn nix_base32_decode(text: &str) -> Option<Vec<u8>> {
    let size = text.len() * 5 / 8;
    let mut bytes = vec![0u8; size];
    for (n, ch) in text.bytes().rev().enumerate() {
        let digit = value_in(&NIX_BASE32_VALUES, ch)? as u16;
        let bit = n * 5;
        let (index, shift) = (bit / 8, bit % 8);
        let value = digit << shift;
        if index < size {
            bytes[index] |= value as u8;
        } else if value != 0 {
            return None;
        }
        let carry = (value >> 8) as u8;
        match bytes.get_mut(index + 1) {
            Some(next) => *next |= carry,
            None if carry != 0 => return None,
            None => {}
        }
    }
    Some(bytes)
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let digit = |byte: &u8| value_in(&HEX_VALUES, *byte);
    text.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [high, low] => Some(digit(high)? << 4 | digit(low)?),
            _ => None,
        })
        .collect()
}

pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Strict padded base64 (the form SRI uses).
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() % 4 != 0 {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &byte) in chunk.iter().enumerate() {
            let value = if byte == b'=' {
                0
            } else {
                value_in(&BASE64_VALUES, byte)? as u32
            };
            n |= value << (18 - 6 * i);
        }
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    if bytes[..bytes.len() - padding].contains(&b'=') {
        return None;
    }
    out.truncate(out.len() - padding);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // `nix hash convert --to sri sha256:0sbfm0mzhyq0jp5dfmcr8ha5ahqq8bxba8hd4zkhbcyqk5gzaz3l`
    // (the hash of the empty string); SRI is `sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=`.
    #[test]
    fn converts_nix_base32_to_sri() {
        let value = classify("0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73");
        assert_eq!(
            value,
            HashValue::Legacy {
                sri: "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=".to_owned()
            }
        );
    }

    #[test]
    fn the_tables_hold_only_their_alphabets() {
        // Nix base32 leaves out e, o, u and t; SRI's base64 is not the URL-safe one.
        for letter in ["e", "o", "u", "t"] {
            let digest = letter.repeat(52);
            assert_eq!(nix_base32_decode(&digest), None, "{letter}");
        }
        assert_eq!(base64_decode("ab-_"), None);
        assert_eq!(base64_decode("ab+/"), Some(vec![0x69, 0xbf, 0xbf]));
    }

    #[test]
    fn decodes_hex_in_either_case() {
        assert_eq!(hex_decode("00fF7a"), Some(vec![0x00, 0xff, 0x7a]));
        assert_eq!(hex_decode("0g"), None);
        assert_eq!(hex_decode("abc"), None);
    }

    #[test]
    fn converts_hex_to_sri() {
        let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(
            classify(hex),
            HashValue::Legacy {
                sri: "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=".to_owned()
            }
        );
    }

    // Nix reads an unprefixed digest of 44 characters as base64 (`sha256 = "…=";`).
    #[test]
    fn converts_plain_base64_to_sri() {
        for text in [
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            "sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        ] {
            assert_eq!(
                classify(text),
                HashValue::Legacy {
                    sri: "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=".to_owned()
                },
                "{text}"
            );
        }
    }

    #[test]
    fn accepts_sri_and_rejects_placeholders() {
        assert_eq!(
            classify("sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
            HashValue::Sri
        );
        assert_eq!(
            classify("sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            HashValue::Placeholder
        );
        assert_eq!(classify(""), HashValue::Placeholder);
        assert_eq!(classify(&"0".repeat(52)), HashValue::Placeholder);
        assert!(matches!(classify("sha256-abc"), HashValue::Invalid { .. }));
        assert!(matches!(classify("md5-abc="), HashValue::Invalid { .. }));
    }

    #[test]
    fn base64_round_trips() {
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len as u8).map(|b| b.wrapping_mul(37)).collect();
            if len > 0 {
                assert_eq!(base64_decode(&base64_encode(&bytes)), Some(bytes));
            }
        }
    }
}
