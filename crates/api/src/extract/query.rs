//! Query-string reading: repeated keys, comma lists, and a clear 400 naming the parameter for
//! any value that does not parse (actix's own `Query` extractor can do neither).

use std::str::FromStr;

use crate::error::ApiError;

/// The decoded query string, keys in order, repeats kept.
#[derive(Debug, Default)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
}

impl QueryParams {
    /// Decodes a raw query string.
    pub fn parse(raw: &str) -> QueryParams {
        QueryParams { pairs: form_urlencoded::parse(raw.as_bytes()).into_owned().collect() }
    }

    /// The last non-empty value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, v)| k == key && !v.trim().is_empty()).map(|(_, v)| v.trim())
    }

    /// Every value of `key`, repeated keys and comma lists alike, trimmed, empty ones dropped.
    pub fn list(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The value of `key` parsed as `T`, or a 400 naming `key`.
    pub fn parsed<T: FromStr>(&self, key: &str, expected: &str) -> Result<Option<T>, ApiError> {
        self.get(key)
            .map(|v| {
                v.parse::<T>()
                    .map_err(|_| ApiError::bad_field(key, format!("expected {expected}, got `{}`", shorten(v))))
            })
            .transpose()
    }
}

/// At most 40 characters of a value, for error messages.
pub fn shorten(v: &str) -> String {
    let mut s: String = v.chars().take(40).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    s
}
