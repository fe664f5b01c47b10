//! Conversions between rows and domain types: the one place per type where columns become
//! fields. Writing never fails; reading a row that does not convert is [`StoreError::Corrupt`].

pub(crate) mod agency;
pub(crate) mod meeting;
pub(crate) mod report;
pub(crate) mod source;
pub(crate) mod user;

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

use crate::error::StoreError;

/// The current time, truncated to whole microseconds: both backends store exactly that, so a
/// value returned from a write equals the same value read back later.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A UTC instant as stored (`TIMESTAMP` without zone).
pub(crate) fn to_db_time(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc()
}

/// A stored `TIMESTAMP`, read as UTC.
pub(crate) fn from_db_time(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// Serializes a value stored as JSON text. Our domain types always serialize; a failure would be
/// a bug in a `Serialize` impl, reported rather than unwrapped.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Other(format!("cannot serialize to JSON: {e}")))
}

/// Reads JSON text from column `what`.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}
