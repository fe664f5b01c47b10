//! API keys of third-party apps: create, list, read, look up by hash, revoke, and note use.
//!
//! The store never sees a key, only what the api derived from it: the hex SHA-256 of the
//! whole key (requests are looked up by it) and the short random prefix people tell keys
//! apart by. Creating and revoking are audited in the change log (entity `api_key`) with the
//! key's public fields only. Noting when a key was last used is bookkeeping, not an audited
//! change: it writes no change-log entry (one a minute per busy key would drown the log).

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use recovery_domain::Actor;

use crate::Store;
use crate::convert::{from_db_time, now, to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::changes;
use crate::rows::change::NewChangeRow;
use crate::schema::api_keys;

pub use recovery_domain::api_key::{API_KEY, ApiKey, ApiKeyId, NewApiKey};

/// `last_used_at` is kept to this resolution: a key used again sooner is not written again.
pub const LAST_USED_RESOLUTION: TimeDelta = TimeDelta::seconds(60);

/// A stored key, as read (the hash is only ever compared in SQL, never read back).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct ApiKeyRow {
    id: String,
    name: String,
    owner_email: String,
    prefix: String,
    rate_limit_per_minute: Option<i32>,
    created_at: NaiveDateTime,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

/// The insert form of a key.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = api_keys)]
#[diesel(treat_none_as_default_value = false)]
struct NewApiKeyRow<'a> {
    id: String,
    name: &'a str,
    owner_email: &'a str,
    prefix: &'a str,
    key_hash: &'a str,
    rate_limit_per_minute: Option<i32>,
    created_at: NaiveDateTime,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

impl Store {
    /// Stores a new key and logs its creation (without the hash). A prefix or hash already
    /// taken (a one-in-2^32 chance for the prefix) is `Conflict`; the caller may retry.
    pub fn create_api_key(&self, new: NewApiKey, actor: &Actor) -> Result<ApiKey, StoreError> {
        let limit = new.rate_limit_per_minute.map(limit_to_db).transpose()?;
        let key = ApiKey {
            id: ApiKeyId::new(),
            name: new.name,
            owner_email: new.owner_email,
            prefix: new.prefix,
            rate_limit_per_minute: new.rate_limit_per_minute,
            created_at: now(),
            last_used_at: None,
            revoked_at: None,
        };
        self.write(|conn| {
            let at = to_db_time(key.created_at);
            let row = NewApiKeyRow {
                id: key.id.to_string(),
                name: &key.name,
                owner_email: &key.owner_email,
                prefix: &key.prefix,
                key_hash: &new.key_hash,
                rate_limit_per_minute: limit,
                created_at: at,
                last_used_at: None,
                revoked_at: None,
            };
            diesel::insert_into(api_keys::table).values(row).execute(conn)?;
            changes::append(conn, log_entry(&key, "create", actor, at, None, Some(&key))?)?;
            Ok(())
        })?;
        Ok(key)
    }

    /// Every key, revoked ones included, oldest first.
    pub fn api_keys(&self) -> Result<Vec<ApiKey>, StoreError> {
        let rows: Vec<ApiKeyRow> = api_keys::table
            .order((api_keys::created_at.asc(), api_keys::id.asc()))
            .select(ApiKeyRow::as_select())
            .load(&mut *self.conn()?)?;
        rows.into_iter().map(key_from_row).collect()
    }

    /// The key `id`, revoked or not.
    pub fn get_api_key(&self, id: ApiKeyId) -> Result<ApiKey, StoreError> {
        let row: ApiKeyRow =
            api_keys::table.find(id.to_string()).select(ApiKeyRow::as_select()).first(&mut *self.conn()?)?;
        key_from_row(row)
    }

    /// The unrevoked key whose hash is `key_hash`, if there is one.
    pub fn active_api_key_by_hash(&self, key_hash: &str) -> Result<Option<ApiKey>, StoreError> {
        let row: Option<ApiKeyRow> = api_keys::table
            .filter(api_keys::key_hash.eq(key_hash))
            .filter(api_keys::revoked_at.is_null())
            .select(ApiKeyRow::as_select())
            .first(&mut *self.conn()?)
            .optional()?;
        row.map(key_from_row).transpose()
    }

    /// Revokes the key `id` and logs it. `NotFound` when there is no such key or it was
    /// already revoked (nothing is written then).
    pub fn revoke_api_key(&self, id: ApiKeyId, actor: &Actor) -> Result<ApiKey, StoreError> {
        self.write(|conn| {
            let row: ApiKeyRow = api_keys::table
                .find(id.to_string())
                .filter(api_keys::revoked_at.is_null())
                .select(ApiKeyRow::as_select())
                .first(conn)?;
            let before = key_from_row(row)?;
            let revoked_at = now();
            let at = to_db_time(revoked_at);
            diesel::update(api_keys::table.find(id.to_string()))
                .set(api_keys::revoked_at.eq(Some(at)))
                .execute(conn)?;
            let after = ApiKey { revoked_at: Some(revoked_at), ..before.clone() };
            changes::append(conn, log_entry(&after, "revoke", actor, at, Some(&before), Some(&after))?)?;
            Ok(after)
        })
    }

    /// Notes that the key `id` was used at `at`, unless a use less than
    /// [`LAST_USED_RESOLUTION`] earlier is already noted (by this or another process).
    /// Returns whether anything was written.
    pub fn record_api_key_use(&self, id: ApiKeyId, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let at = to_db_time(at);
        let stale_before = at - LAST_USED_RESOLUTION;
        let written = diesel::update(
            api_keys::table
                .find(id.to_string())
                .filter(api_keys::last_used_at.is_null().or(api_keys::last_used_at.le(stale_before))),
        )
        .set(api_keys::last_used_at.eq(Some(at)))
        .execute(&mut *self.conn()?)?;
        Ok(written > 0)
    }

    /// Every stored key's prefix and hash column, exactly as stored, for tests that check
    /// no key is kept in clear.
    #[cfg(feature = "test-support")]
    pub fn stored_api_key_hashes(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(api_keys::table
            .order(api_keys::created_at.asc())
            .select((api_keys::prefix, api_keys::key_hash))
            .load(&mut *self.conn()?)?)
    }
}

fn limit_to_db(limit: u32) -> Result<i32, StoreError> {
    i32::try_from(limit).map_err(|_| StoreError::Other(format!("rate limit {limit} does not fit the column")))
}

fn log_entry(
    key: &ApiKey,
    action: &'static str,
    actor: &Actor,
    at: NaiveDateTime,
    before: Option<&ApiKey>,
    after: Option<&ApiKey>,
) -> Result<NewChangeRow, StoreError> {
    Ok(NewChangeRow {
        entity: API_KEY,
        entity_id: key.id.to_string(),
        action,
        actor: actor.label(),
        at,
        before: before.map(to_json).transpose()?,
        after: after.map(to_json).transpose()?,
    })
}

fn key_from_row(row: ApiKeyRow) -> Result<ApiKey, StoreError> {
    let id: ApiKeyId =
        row.id.parse().map_err(|_| StoreError::Corrupt(format!("api key id `{}` is not a UUID", row.id)))?;
    let rate_limit_per_minute = row
        .rate_limit_per_minute
        .map(|n| u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("api key {id}: rate limit {n}"))))
        .transpose()?;
    Ok(ApiKey {
        id,
        name: row.name,
        owner_email: row.owner_email,
        prefix: row.prefix,
        rate_limit_per_minute,
        created_at: from_db_time(row.created_at),
        last_used_at: row.last_used_at.map(from_db_time),
        revoked_at: row.revoked_at.map(from_db_time),
    })
}
