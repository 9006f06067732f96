//! Field encryption of ID numbers and phones (server only): AES-256-GCM with a fresh
//! random nonce per value, under a key derived from the server secret, so a copy of the
//! database alone reveals neither.
use crate::shell::AppError;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::{engine::general_purpose::STANDARD, Engine};

/// `base64(nonce || ciphertext)` of `plain`.
pub fn seal(key: &[u8; 32], plain: &str) -> Result<String, AppError> {
    use rand::RngCore;
    let cipher = Aes256Gcm::new(key.into());
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher.encrypt(Nonce::from_slice(&nonce), plain.as_bytes()).map_err(|_| AppError::internal("encryption failed"))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(STANDARD.encode(out))
}

/// The plain text of a value [`seal`] made; a wrong key or a changed value is an error.
pub fn open(key: &[u8; 32], sealed: &str) -> Result<String, AppError> {
    let raw = STANDARD.decode(sealed).map_err(|_| AppError::internal("sealed field is not base64"))?;
    if raw.len() < 12 + 16 {
        return Err(AppError::internal("sealed field too short"));
    }
    let cipher = Aes256Gcm::new(key.into());
    let plain = cipher
        .decrypt(Nonce::from_slice(&raw[..12]), &raw[12..])
        .map_err(|_| AppError::internal("sealed field does not open with this key"))?;
    String::from_utf8(plain).map_err(|_| AppError::internal("sealed field is not UTF-8"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sealed_values_open_with_their_key_only_and_never_repeat() {
        let key = [7u8; 32];
        let a = super::seal(&key, "330102198503120022").unwrap();
        let b = super::seal(&key, "330102198503120022").unwrap();
        assert_ne!(a, b, "a fresh nonce each time");
        assert!(!a.contains("3301"));
        assert_eq!(super::open(&key, &a).unwrap(), "330102198503120022");
        assert!(super::open(&[8u8; 32], &a).is_err());
    }
}
