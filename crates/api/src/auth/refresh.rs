//! Refresh tokens as clients hold them: 256 random bits in URL-safe base64 (no padding).
//!
//! The store keeps only their SHA-256, so a leaked database holds no usable token. A token is
//! exchanged once for a new one (`POST /v1/auth/refresh`); see `recovery_store`'s refresh
//! repository for rotation and theft detection.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use rand::TryRngCore;
use sha2::{Digest, Sha256};

/// How long a refresh token may wait to be exchanged. Each exchange starts a new period, so a
/// client that refreshes at least monthly stays signed in.
pub const REFRESH_TOKEN_TTL: TimeDelta = TimeDelta::days(30);

/// A new refresh token (43 characters) and its hash, or an error when the operating system's
/// random source fails.
pub fn new_refresh_token() -> Result<(String, String), String> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|e| format!("no randomness for a refresh token: {e}"))?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_refresh_token(&token);
    Ok((token, hash))
}

/// What the store keeps of a refresh token: its SHA-256, in hex.
pub fn hash_refresh_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// When a refresh token issued now expires.
pub fn refresh_expiry() -> DateTime<Utc> {
    Utc::now() + REFRESH_TOKEN_TTL
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_url_safe_and_hashed() {
        let (a, hash_a) = new_refresh_token().unwrap();
        let (b, _) = new_refresh_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "{a}");
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{a}");
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_eq!(hash_a, hash_refresh_token(&a));
        assert_eq!(hash_a.len(), 64);
        assert!(!hash_a.contains(&a));
    }
}
