//! The hash `nix hash path` prints for a directory: SHA-256 of its NAR serialisation, in SRI
//! form (`sha256-<base64>`).

use std::io::Read;
use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The SRI hash of the NAR of `path`; the message says what could not be read.
pub fn sri_hash(path: &Path) -> Result<String, String> {
    let mut encoder = nix_nar::Encoder::new(path).map_err(|error| error.to_string())?;
    let mut hasher = Sha256::new();
    // Larger than any name or link target the encoder writes in one piece.
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = encoder
            .read(&mut buffer)
            .map_err(|error| error.to_string())?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    let digest = base64::engine::general_purpose::STANDARD.encode(hasher.finalize());
    Ok(format!("sha256-{digest}"))
}

#[cfg(test)]
mod tests {
    use super::sri_hash;

    #[test]
    fn a_directory_with_one_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("empty"), "").unwrap();
        // `nix hash path` of the same directory (Nix 2.8).
        assert_eq!(
            sri_hash(dir.path()).unwrap(),
            "sha256-fYdwKctpqS3B1vFw3tNcqA3/Wc5exD1rb8dutB0lpak="
        );
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        assert!(sri_hash(std::path::Path::new("/nonexistent/atpkgs-update")).is_err());
    }
}
