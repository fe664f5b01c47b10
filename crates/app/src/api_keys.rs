//! API keys of third-party apps: their shape, how they are made, and issuing and revoking
//! them.
//!
//! A key reads `rdk_<prefix>_<secret>`: 8 hex digits of random prefix (shown in lists, so
//! people can tell keys apart) and 64 hex digits of secret (256 random bits). Only the
//! SHA-256 of the whole key is stored: a fast hash is right here, because the key is random,
//! not a password someone chose.

use rand::TryRngCore;
use recovery_domain::validation::is_plausible_email;
use recovery_domain::{Actor, FieldError, ValidationErrors};
use recovery_store::{ApiKey, ApiKeyId, NewApiKey, StoreError};
use sha2::{Digest, Sha256};

use crate::{AppError, Directory};

/// What every key starts with; how a key is told from an access token.
pub const KEY_PREFIX: &str = "rdk_";
/// Random bytes in the displayed prefix (hex: twice as many digits).
const PREFIX_BYTES: usize = 4;
/// Random bytes in the secret: 256 bits.
const SECRET_BYTES: usize = 32;

/// A new key, as shown once to the admin who made it, and what is stored of it.
#[derive(Debug)]
pub struct GeneratedKey {
    /// The whole key: `rdk_<prefix>_<secret>`.
    pub key: String,
    /// The displayed prefix.
    pub prefix: String,
    /// Hex SHA-256 of `key`.
    pub hash: String,
}

/// Makes a new key from the operating system's random source.
pub fn generate() -> Result<GeneratedKey, AppError> {
    let mut prefix = [0u8; PREFIX_BYTES];
    let mut secret = [0u8; SECRET_BYTES];
    let mut rng = rand::rngs::OsRng;
    rng.try_fill_bytes(&mut prefix)
        .and_then(|()| rng.try_fill_bytes(&mut secret))
        .map_err(|e| AppError::Internal(format!("no randomness for a key: {e}")))?;
    let prefix = hex::encode(prefix);
    let key = format!("{KEY_PREFIX}{prefix}_{}", hex::encode(secret));
    let hash = hash(&key);
    Ok(GeneratedKey { key, prefix, hash })
}

/// Hex SHA-256 of a presented key.
pub fn hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// True when `key` has the shape of a key we issue (so garbage never reaches the database).
pub fn well_formed(key: &str) -> bool {
    let Some(rest) = key.strip_prefix(KEY_PREFIX) else { return false };
    let Some((prefix, secret)) = rest.split_once('_') else { return false };
    let hex =
        |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    hex(prefix, PREFIX_BYTES * 2) && hex(secret, SECRET_BYTES * 2)
}

/// The longest name a key may have.
pub const MAX_NAME_CHARS: usize = 100;
/// The highest per-key rate limit.
pub const MAX_RATE_LIMIT: u32 = 100_000;

/// A key to issue, as an admin sends it.
#[derive(Debug, Clone)]
pub struct KeyRequest {
    /// What the key is for ("Meeting finder app").
    pub name: String,
    /// Who to contact about the key's use.
    pub owner_email: String,
    /// Requests per minute; `None` uses the server's default.
    pub rate_limit_per_minute: Option<u32>,
}

/// The request trimmed and checked (422 naming each bad field).
fn validate(input: KeyRequest) -> Result<KeyRequest, ValidationErrors> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        fail("name", format!("must be 1 to {MAX_NAME_CHARS} characters"));
    } else if name.chars().any(char::is_control) {
        fail("name", "must not hold control characters".into());
    }
    let owner_email = input.owner_email.trim().to_lowercase();
    if !is_plausible_email(&owner_email) || owner_email.len() > 254 {
        fail("owner_email", "must be an email address".into());
    }
    if let Some(limit) = input.rate_limit_per_minute {
        if !(1..=MAX_RATE_LIMIT).contains(&limit) {
            fail("rate_limit_per_minute", format!("must be from 1 to {MAX_RATE_LIMIT}, or absent"));
        }
    }
    match errors.is_empty() {
        true => Ok(KeyRequest { name, owner_email, rate_limit_per_minute: input.rate_limit_per_minute }),
        false => Err(ValidationErrors(errors)),
    }
}

impl Directory {
    /// Issues a key: the key as stored and the whole key, which is shown this once.
    pub async fn issue_api_key(&self, request: KeyRequest, actor: Actor) -> Result<(ApiKey, String), AppError> {
        let request = validate(request)?;
        // A prefix collision (one in 2^32) is retried with a new key.
        let mut attempts = 0;
        loop {
            attempts += 1;
            let generated = generate()?;
            let new = NewApiKey {
                name: request.name.clone(),
                owner_email: request.owner_email.clone(),
                prefix: generated.prefix,
                key_hash: generated.hash,
                rate_limit_per_minute: request.rate_limit_per_minute,
            };
            let actor = actor.clone();
            match self.read(move |store| store.create_api_key(new, &actor)).await {
                Ok(stored) => return Ok((stored, generated.key)),
                Err(AppError::Store(StoreError::Conflict { .. })) if attempts < 3 => continue,
                Err(AppError::Store(StoreError::Conflict { message, .. })) => {
                    return Err(AppError::Internal(format!("no unique API key after {attempts} tries: {message}")));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Revokes a key; it stops authenticating at once on this replica (the caller forgets it
    /// from any cache) and within the cache's lifetime on others.
    pub async fn revoke_api_key(&self, id: ApiKeyId, actor: Actor) -> Result<ApiKey, AppError> {
        match self.read(move |store| store.revoke_api_key(id, &actor)).await {
            Err(AppError::Store(StoreError::NotFound)) => {
                Err(AppError::NotFound(format!("no unrevoked API key with id `{id}`")))
            }
            other => other,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn input(name: &str, email: &str, limit: Option<u32>) -> KeyRequest {
        KeyRequest { name: name.into(), owner_email: email.into(), rate_limit_per_minute: limit }
    }

    #[test]
    fn inputs_are_trimmed_and_checked() {
        let valid = validate(input("  Finder ", " Dev@Example.ORG ", Some(5))).unwrap();
        assert_eq!((valid.name.as_str(), valid.owner_email.as_str()), ("Finder", "dev@example.org"));
        let fields = |e: ValidationErrors| e.0.into_iter().map(|f| f.field).collect::<Vec<_>>();
        assert_eq!(
            fields(validate(input(" ", "nope", Some(0))).unwrap_err()),
            ["name", "owner_email", "rate_limit_per_minute"]
        );
        assert_eq!(fields(validate(input(&"x".repeat(101), "a@b.org", None)).unwrap_err()), ["name"]);
        assert_eq!(
            fields(validate(input("a\u{7}b", "a@b.org", Some(100_001))).unwrap_err()),
            ["name", "rate_limit_per_minute"]
        );
    }

    #[test]
    fn generated_keys_have_the_documented_shape() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_ne!(a.key, b.key);
        assert!(well_formed(&a.key), "{}", a.key);
        assert!(a.key.starts_with(&format!("rdk_{}_", a.prefix)));
        assert_eq!(a.key.len(), 4 + 8 + 1 + 64);
        assert_eq!(a.hash, hash(&a.key));
        assert_eq!(a.hash.len(), 64);
        assert!(!a.hash.contains(&a.key[13..]));
    }

    #[test]
    fn only_our_shape_is_well_formed() {
        let key = format!("rdk_0123abcd_{}", "f".repeat(64));
        assert!(well_formed(&key));
        assert!(!well_formed(&key.to_uppercase()));
        assert!(!well_formed(&key[..key.len() - 1]));
        assert!(!well_formed(&format!("rdk_0123abcd{}", "f".repeat(65))));
        assert!(!well_formed("rdk_"));
        assert!(!well_formed("eyJhbGciOiJIUzI1NiJ9.e30.sig"));
    }
}
