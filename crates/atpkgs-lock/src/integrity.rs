//! The integrity strings of lockfiles (Subresource Integrity, as npm writes them), checked for
//! what Nix can verify.

use base64::Engine;
use ssri::{Algorithm, Integrity};

/// Checks `integrity` and returns the one hash Nix should fetch with when it lists several
/// (`None` when the string is a single hash, which `fetchurl` takes as it is).
pub fn nix_hash(integrity: &str) -> Result<Option<String>, String> {
    let parsed: Integrity = integrity
        .parse()
        .map_err(|_| format!("`{integrity}` is not an integrity string (`sha512-<base64>`)"))?;
    if parsed.hashes.is_empty() {
        return Err("the integrity string is empty".into());
    }
    for hash in &parsed.hashes {
        let expected = digest_bytes(hash.algorithm)
            .ok_or_else(|| format!("`{}` hashes cannot be checked by Nix", hash.algorithm))?;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(&hash.digest)
            .map_err(|_| {
                format!(
                    "the {} digest `{}` is not base64",
                    hash.algorithm, hash.digest
                )
            })?;
        if decoded.len() != expected {
            return Err(format!(
                "the {} digest has {} bytes instead of {expected}",
                hash.algorithm,
                decoded.len()
            ));
        }
    }
    // ssri sorts the strongest algorithm first.
    Ok((parsed.hashes.len() > 1).then(|| parsed.hashes[0].to_string()))
}

fn digest_bytes(algorithm: Algorithm) -> Option<usize> {
    match algorithm {
        Algorithm::Sha512 => Some(64),
        Algorithm::Sha384 => Some(48),
        Algorithm::Sha256 => Some(32),
        Algorithm::Sha1 => Some(20),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::nix_hash;

    const SHA512: &str = "sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==";
    const SHA1: &str = "sha1-5Mt3g6jPVYWbdZiydV2xvV/ViPM=";

    #[test]
    fn one_hash_is_taken_as_it_is() {
        assert_eq!(nix_hash(SHA512), Ok(None));
        assert_eq!(nix_hash(SHA1), Ok(None));
    }

    #[test]
    fn the_strongest_of_several_is_chosen() {
        assert_eq!(
            nix_hash(&format!("{SHA1} {SHA512}")),
            Ok(Some(SHA512.to_string()))
        );
    }

    #[test]
    fn bad_strings_are_refused() {
        assert!(nix_hash("md5-abc").is_err());
        assert!(nix_hash("sha512-not*base64")
            .unwrap_err()
            .contains("not base64"));
        assert!(nix_hash("sha256-AAAA")
            .unwrap_err()
            .contains("3 bytes instead of 32"));
        assert!(nix_hash("xxh3-AAAAAAAAAAAAAAAAAAAAAA==")
            .unwrap_err()
            .contains("cannot be checked by Nix"));
        assert!(nix_hash("").is_err());
    }
}
