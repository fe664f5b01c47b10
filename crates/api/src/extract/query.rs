//! Query-string reading: repeated keys, comma lists, and a clear 400 naming the parameter for
//! any value that does not parse (actix's own `Query` extractor can do neither).
//!
//! A route's parameters are one struct that both documents them (`IntoParams`) and reads them
//! ([`FromQuery`]); handlers take it as [`Query<T>`].

use std::convert::Infallible;
use std::fmt::Display;
use std::future::{Ready, ready};
use std::marker::PhantomData;
use std::str::FromStr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use crate::error::ApiError;

/// A route's query parameters, read from the decoded query string by the struct that documents
/// them, so that the document and the reading cannot drift apart.
pub trait FromQuery<C = ()>: Sized {
    /// Reads the parameters, or answers the 400 of the first one that does not read. `context`
    /// is what some values are checked against (the taxonomies a category must be in); `()`
    /// for most routes.
    fn from_query(query: &QueryParams, context: C) -> Result<Self, ApiError>;
}

/// A request's query string, for the handler to read as `T` with [`Query::read`].
///
/// Extracting never fails; reading may. actix runs a handler's extractors side by side, so a
/// query extractor that failed would answer 400 while the caller's credentials were still being
/// looked up, to a caller owed a 401 or 403 (or a 404 for the path). The handler reads the
/// query where its 400 belongs.
pub struct Query<T> {
    params: QueryParams,
    read_as: PhantomData<fn() -> T>,
}

impl<T> Query<T> {
    /// The parameters, read.
    pub fn read(&self) -> Result<T, ApiError>
    where
        T: FromQuery,
    {
        T::from_query(&self.params, ())
    }

    /// The parameters, read against `context`.
    pub fn read_with<C>(&self, context: C) -> Result<T, ApiError>
    where
        T: FromQuery<C>,
    {
        T::from_query(&self.params, context)
    }
}

impl<T> FromRequest for Query<T> {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Query { params: QueryParams::parse(req.query_string()), read_as: PhantomData }))
    }
}

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

    /// True when `key` is given with an empty (or blank) value only.
    pub fn is_blank(&self, key: &str) -> bool {
        self.get(key).is_none() && self.pairs.iter().any(|(k, _)| k == key)
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

    /// Every key given, in order, repeats and empty values included.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(k, _)| k.as_str())
    }

    /// The page size in `limit`: `default` when absent, else a whole number from 1 to `max`.
    pub fn limit<N>(&self, default: N, max: N) -> Result<N, ApiError>
    where
        N: FromStr + PartialOrd + Display + From<u8>,
    {
        let n = self.parsed::<N>("limit", "a whole number")?.unwrap_or(default);
        if n < N::from(1) || n > max {
            return Err(ApiError::bad_field("limit", format!("must be from 1 to {max}, not {n}")));
        }
        Ok(n)
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
