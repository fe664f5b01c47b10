//! Small JSON helpers shared by rendering and parsing: stable derived ids, offsets, folding.

use chrono::{DateTime, Offset, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};
use uuid::Uuid;

/// A stable id for a record we derive rather than store (a meeting's location, an attribute):
/// a UUID v5 of `parent` (as namespace) and `what`, identical on every call.
pub fn derived_id(parent: Uuid, what: &str) -> Uuid {
    Uuid::new_v5(&parent, what.as_bytes())
}

/// HSDS `last_modified`: RFC 3339 in UTC with milliseconds ("2023-03-15T10:30:45.123Z").
pub fn last_modified(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The zone's offset from UTC at `at`, in hours (5.5 for India, -4 for New York in summer):
/// what HSDS's numeric schedule `timezone` carries.
pub fn offset_hours(tz: Tz, at: DateTime<Utc>) -> f64 {
    let seconds = tz.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc();
    f64::from(seconds) / 3600.0
}

/// Removes every `null` member and array element, recursively, and empty arrays.
pub fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null() && !v.as_array().is_some_and(Vec::is_empty));
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => {
            items.retain(|v| !v.is_null());
            items.iter_mut().for_each(strip_nulls);
        }
        _ => {}
    }
}

/// The object inside `value` (an empty one for anything else).
pub fn into_object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Serializes a record to a JSON object (our types always serialize; a failure gives `{}`).
pub fn object_of<T: serde::Serialize>(record: &T) -> Map<String, Value> {
    into_object(serde_json::to_value(record).unwrap_or(Value::Null))
}

/// The folded words of `text` for the `search` filter, folded as every other text search
/// folds ("Café" → "cafe", "Women's" → "womens"), so a query and a listing compare alike.
pub fn words(text: &str) -> Vec<String> {
    recovery_domain::index::fold_words(text)
}

/// True when every word of `query` is among `haystack`'s words.
pub fn matches_all(query: &[String], haystack: &[String]) -> bool {
    query.iter().all(|q| haystack.iter().any(|w| w == q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_accents_and_apostrophes() {
        assert_eq!(words("Café  Women's GROUP-2"), vec!["cafe", "womens", "group", "2"]);
        assert_eq!(words("Straße Œuvre"), vec!["strasse", "oeuvre"]);
    }

    #[test]
    fn offsets_follow_daylight_saving() {
        let winter = DateTime::parse_from_rfc3339("2026-01-15T12:00:00Z").map(|d| d.to_utc());
        let summer = DateTime::parse_from_rfc3339("2026-07-15T12:00:00Z").map(|d| d.to_utc());
        assert_eq!(winter.map(|w| offset_hours(chrono_tz::America::New_York, w)), Ok(-5.0));
        assert_eq!(summer.map(|s| offset_hours(chrono_tz::America::New_York, s)), Ok(-4.0));
        assert_eq!(winter.map(|w| offset_hours(chrono_tz::Asia::Kolkata, w)), Ok(5.5));
    }

    #[test]
    fn nulls_and_empty_arrays_go() {
        let mut v = serde_json::json!({"a": null, "b": [], "c": [null, {"d": null, "e": 1}]});
        strip_nulls(&mut v);
        assert_eq!(v, serde_json::json!({"c": [{"e": 1}]}));
    }
}
