//! The JSON shapes of an API key in answers.

use chrono::{DateTime, Utc};
use recovery_store::{ApiKey, ApiKeyId};
use serde::Serialize;
use utoipa::ToSchema;

/// An API key as listed: never the key itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyView {
    /// The key's id.
    #[schema(value_type = String, format = Uuid)]
    pub id: ApiKeyId,
    /// What the key is for.
    pub name: String,
    /// Who to contact about the key's use.
    pub owner_email: String,
    /// The random part after `rdk_`, to tell keys apart (the key starts `rdk_<prefix>_`).
    #[schema(example = "3f9a0c12")]
    pub prefix: String,
    /// Requests per minute this key may make; null uses the server's limit for
    /// authenticated callers.
    pub rate_limit_per_minute: Option<u32>,
    /// When the key was created.
    pub created_at: DateTime<Utc>,
    /// When the key last authenticated a request (to within a minute); null if never.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When the key was revoked; null while it works.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKey> for ApiKeyView {
    fn from(key: ApiKey) -> ApiKeyView {
        ApiKeyView {
            id: key.id,
            name: key.name,
            owner_email: key.owner_email,
            prefix: key.prefix,
            rate_limit_per_minute: key.rate_limit_per_minute,
            created_at: key.created_at,
            last_used_at: key.last_used_at,
            revoked_at: key.revoked_at,
        }
    }
}

/// A key just created: the listed fields and, this once, the key itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKey {
    /// The key's listed fields.
    #[serde(flatten)]
    pub view: ApiKeyView,
    /// The key, shown only in this answer: only its hash is stored, so it cannot be shown
    /// again. Send it as `X-API-Key: <key>` or `Authorization: Bearer <key>`.
    #[schema(example = "rdk_3f9a0c12_8d6f…")]
    pub key: String,
}

/// Every API key, revoked ones included, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyList {
    /// The keys.
    pub items: Vec<ApiKeyView>,
}
