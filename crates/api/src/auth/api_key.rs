//! API keys of third-party apps: their shape, how a presented key is checked, and a short
//! cache that keeps checking cheap.
//!
//! A key's shape and how keys are made are the application layer's (`recovery_app::api_keys`):
//! only the SHA-256 of the whole key is stored, and requests are looked up by it. A key is a
//! read credential:
//! the rate-limit middleware refuses it on any write but those open to everyone, the [`Staff`](super::Staff) extractor on
//! any staff route.
//!
//! Checked keys are remembered for [`CACHE_TTL`], so a busy app does not cost a database
//! query per request and keeps reading while the database is briefly away. Revoking forgets a
//! key at once on the replica that revoked it; other replicas stop accepting it within the
//! TTL. `last_used_at` is written at most once a minute per key, off the request path.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use actix_web::http::header::HeaderName;
use actix_web::{HttpMessage, HttpRequest, web};
use chrono::{DateTime, Utc};
pub use recovery_app::api_keys::{KEY_PREFIX, hash, well_formed};
use recovery_store::{ApiKey, ApiKeyId};

use crate::error::{ApiError, blocking};
use crate::state::AppState;

/// The header a key may be sent in (besides `Authorization: Bearer`).
pub const API_KEY_HEADER: HeaderName = HeaderName::from_static("x-api-key");
/// How long a checked key is trusted without asking the database again.
pub const CACHE_TTL: Duration = Duration::from_secs(10);

/// A request's API key once checked: which key, and its own rate limit. The middleware puts
/// it in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedApiKey {
    /// The key's id.
    pub id: ApiKeyId,
    /// Requests per minute for this key; `None` uses the server's limit for authenticated
    /// callers.
    pub rate_limit_per_minute: Option<u32>,
}

impl From<&ApiKey> for VerifiedApiKey {
    fn from(key: &ApiKey) -> VerifiedApiKey {
        VerifiedApiKey { id: key.id, rate_limit_per_minute: key.rate_limit_per_minute }
    }
}

fn rejected() -> ApiError {
    ApiError::Unauthorized("unknown or revoked API key".into())
}

#[derive(Debug)]
struct Entry {
    key: VerifiedApiKey,
    checked: Instant,
    last_used: Option<DateTime<Utc>>,
}

/// Recently checked keys, by hash. Holds only keys that exist, so it is bounded by the number
/// of keys, whatever callers send.
#[derive(Debug, Default)]
pub struct ApiKeyCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl ApiKeyCache {
    /// Checks a presented key (cached, else against the store) and notes its use.
    pub async fn verify(&self, state: &web::Data<AppState>, presented: &str) -> Result<VerifiedApiKey, ApiError> {
        if !well_formed(presented) {
            return Err(rejected());
        }
        let hash = hash(presented);
        let cached = self.lock().get(&hash).filter(|e| e.checked.elapsed() < CACHE_TTL).map(|e| e.key.clone());
        let key = match cached {
            Some(key) => key,
            None => {
                let store = state.store().clone();
                let lookup = hash.clone();
                let Some(found) = blocking(move || store.active_api_key_by_hash(&lookup)).await? else {
                    self.lock().remove(&hash);
                    return Err(rejected());
                };
                let key = VerifiedApiKey::from(&found);
                let last_used = found.last_used_at;
                let mut entries = self.lock();
                let previous = entries.get(&hash).and_then(|e| e.last_used);
                let last_used = last_used.max(previous);
                entries.insert(hash.clone(), Entry { key: key.clone(), checked: Instant::now(), last_used });
                key
            }
        };
        self.note_use(state, &hash);
        Ok(key)
    }

    /// Forgets a key (after revoking it), so this replica refuses it at once.
    pub fn forget(&self, id: ApiKeyId) {
        self.lock().retain(|_, e| e.key.id != id);
    }

    /// Drops entries past their TTL.
    pub fn prune(&self) {
        self.lock().retain(|_, e| e.checked.elapsed() < CACHE_TTL);
    }

    /// Writes `last_used_at` in the background when the last noted use is a minute old.
    fn note_use(&self, state: &web::Data<AppState>, hash: &str) {
        let now = Utc::now();
        let id = {
            let mut entries = self.lock();
            let Some(entry) = entries.get_mut(hash) else { return };
            if entry.last_used.is_some_and(|t| now - t < recovery_store::LAST_USED_RESOLUTION) {
                return;
            }
            entry.last_used = Some(now);
            entry.key.id
        };
        let store = state.store().clone();
        actix_web::rt::spawn(async move {
            if let Err(e) = blocking(move || store.record_api_key_use(id, now)).await {
                tracing::warn!(api_key = %id, error = %e, "could not record an API key's use");
            }
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Checks the key a request presents: the middleware's verdict when it ran, else the cache,
/// else the store.
pub async fn check(req: &HttpRequest, presented: &str) -> Result<VerifiedApiKey, ApiError> {
    if let Some(key) = req.extensions().get::<VerifiedApiKey>() {
        return Ok(key.clone());
    }
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal("application state missing".into()))?;
    if let Some(cache) = req.app_data::<web::Data<ApiKeyCache>>() {
        return cache.verify(&state, presented).await;
    }
    if !well_formed(presented) {
        return Err(rejected());
    }
    let store = state.store().clone();
    let hash = hash(presented);
    let found = blocking(move || store.active_api_key_by_hash(&hash)).await?;
    found.as_ref().map(VerifiedApiKey::from).ok_or_else(rejected)
}

/// Adds the `api_key` security scheme to the API document, and offers it on every public read.
#[derive(Debug)]
pub struct ApiKeyDocs;

impl utoipa::Modify for ApiKeyDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey as Scheme, ApiKeyValue, SecurityRequirement, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(Scheme::Header(ApiKeyValue::with_description(
                "X-API-Key",
                "An API key from an admin (`POST /v1/api-keys`), for third-party apps: `rdk_<prefix>_<secret>`. \
                 `Authorization: Bearer <key>` works too. Keys read what the public reads, at the key's own \
                 rate limit, and may make the writes anyone may (a report, signing in); other writes and \
                 staff routes answer 403 to a key, an unknown or revoked key 401.",
            ))),
        );
        use crate::routes::public::{is_open_write, is_public_read};
        use actix_web::http::Method;
        for (path, item) in openapi.paths.paths.iter_mut() {
            let public = [(&mut item.get, Method::GET), (&mut item.post, Method::POST)]
                .into_iter()
                .filter(|(_, method)| is_public_read(method, path) || is_open_write(method, path));
            for (operation, _) in public {
                let Some(operation) = operation.as_mut() else { continue };
                let security = operation.security.get_or_insert_with(Vec::new);
                if !security.contains(&SecurityRequirement::default()) {
                    security.insert(0, SecurityRequirement::default());
                }
                security.push(SecurityRequirement::new("api_key", Vec::<String>::new()));
            }
        }
    }
}
