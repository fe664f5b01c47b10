//! Password hashing with argon2id (the crate's recommended parameters).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::TryRngCore;
use std::sync::LazyLock;

/// The shortest password accepted for a staff account.
pub const MIN_PASSWORD_LEN: usize = 10;

/// Hashes a password into a PHC string.
pub fn hash_password(password: &str) -> Result<String, String> {
    // The salt from the operating system's random source (16 bytes, argon2's recommendation).
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|e| format!("no randomness for a salt: {e}"))?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| e.to_string())?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// True when `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => {
            // Not a hash (an invited user who has not chosen a password yet): still spend the
            // time a verification takes, so such accounts cannot be told apart.
            verify_against_dummy(password);
            false
        }
    }
}

/// Spends the same effort as a real verification, so an unknown email answers as slowly as a
/// wrong password and the two cannot be told apart.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: LazyLock<String> = LazyLock::new(|| hash_password("not a real password").unwrap_or_default());
    if let Ok(parsed) = PasswordHash::new(&DUMMY) {
        let _ = Argon2::default().verify_password(password.as_bytes(), &parsed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash_password("correct horse battery").unwrap();
        let b = hash_password("correct horse battery").unwrap();
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &a));
        assert!(!verify_password("wrong", &a));
        assert!(!verify_password("x", "not a hash"));
    }
}
