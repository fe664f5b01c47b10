//! API keys of third-party apps, as the directory keeps them: never the key itself, only its
//! hash (stored, compared) and the short random prefix people tell keys apart by. Making and
//! checking keys is the API's; storing them, the store's.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What the change log calls an API key.
pub const API_KEY: &str = "api_key";

/// Identifies one API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiKeyId(pub Uuid);

impl ApiKeyId {
    /// A new, time-ordered random id (UUID v7).
    pub fn new() -> ApiKeyId {
        ApiKeyId(Uuid::now_v7())
    }
}

impl Default for ApiKeyId {
    fn default() -> Self {
        ApiKeyId::new()
    }
}

impl fmt::Display for ApiKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for ApiKeyId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(ApiKeyId)
    }
}

/// An API key as stored, without anything that would let someone use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiKey {
    /// The key's id.
    pub id: ApiKeyId,
    /// What the key is for, for people ("Meeting finder app").
    pub name: String,
    /// Who to contact about the key's use.
    pub owner_email: String,
    /// The random part after `rdk_` that tells keys apart.
    pub prefix: String,
    /// Requests per minute this key may make; `None` uses the server's default.
    pub rate_limit_per_minute: Option<u32>,
    /// When the key was created.
    pub created_at: DateTime<Utc>,
    /// When the key last authenticated a request (to within a minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// When the key was revoked; a revoked key no longer authenticates.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A key to store: its public fields and the hash of the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiKey {
    /// What the key is for.
    pub name: String,
    /// Who to contact about the key's use.
    pub owner_email: String,
    /// The random part after `rdk_`.
    pub prefix: String,
    /// Hex SHA-256 of the whole key.
    pub key_hash: String,
    /// Requests per minute; `None` uses the server's default.
    pub rate_limit_per_minute: Option<u32>,
}
