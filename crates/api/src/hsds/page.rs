//! HSDS paging: `page` (from 1), `per_page` (default 50, at most 200), the page envelope, and
//! `format=ndjson` (every item, one per line, unpaged, streamed).

use actix_web::HttpResponse;
use actix_web::web::Bytes;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::extract::query::{QueryParams, shorten};

/// Items per page when `per_page` is absent.
pub const DEFAULT_PER_PAGE: usize = 50;
/// The most items a page may hold.
pub const MAX_PER_PAGE: usize = 200;
/// The media type of `format=ndjson` answers.
pub const NDJSON: &str = "application/x-ndjson";

/// How the caller wants a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// One page of the envelope.
    Page {
        /// From 1.
        page: usize,
        /// Items per page.
        per_page: usize,
    },
    /// Every item as ndjson.
    Ndjson,
}

impl Paging {
    /// Reads `page`, `per_page` and `format`, answering 400 for values out of range.
    pub fn parse(q: &QueryParams) -> Result<Paging, ApiError> {
        let page = positive(q, "page", i32::MAX as usize)?.unwrap_or(1);
        let per_page = positive(q, "per_page", MAX_PER_PAGE)?.unwrap_or(DEFAULT_PER_PAGE);
        match q.get("format") {
            None | Some("json") => Ok(Paging::Page { page, per_page }),
            Some("ndjson") => Ok(Paging::Ndjson),
            Some(other) => {
                Err(ApiError::bad_field("format", format!("expected `json` or `ndjson`, got `{}`", shorten(other))))
            }
        }
    }

    /// The range of `total` items this page covers (empty past the end).
    pub fn range(self, total: usize) -> std::ops::Range<usize> {
        match self {
            Paging::Ndjson => 0..total,
            Paging::Page { page, per_page } => {
                let start = page.saturating_sub(1).saturating_mul(per_page).min(total);
                start..start.saturating_add(per_page).min(total)
            }
        }
    }
}

fn positive(q: &QueryParams, key: &str, max: usize) -> Result<Option<usize>, ApiError> {
    let Some(raw) = q.get(key) else { return Ok(None) };
    let bound = if max == usize::MAX { String::new() } else { format!(" up to {max}") };
    match raw.parse::<usize>() {
        Ok(n) if n >= 1 && n <= max => Ok(Some(n)),
        _ => Err(ApiError::bad_field(key, format!("expected a whole number from 1{bound}, got `{}`", shorten(raw)))),
    }
}

/// The HSDS page envelope around `contents`, the items of page `page` of `total`.
pub fn envelope(total: usize, page: usize, per_page: usize, contents: Vec<Value>) -> Value {
    let total_pages = total.div_ceil(per_page.max(1));
    json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": contents.len(),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

/// Answers a list: the page envelope, or an ndjson stream that renders each item only when
/// the client is ready for it.
pub fn respond<T, F>(paging: Paging, items: Vec<T>, render: F) -> HttpResponse
where
    T: Send + 'static,
    F: Fn(&T) -> Value + Send + 'static,
{
    match paging {
        Paging::Ndjson => {
            let lines = futures_util::stream::iter(items.into_iter().map(move |item| {
                let mut line = serde_json::to_vec(&render(&item)).unwrap_or_default();
                line.push(b'\n');
                Ok::<Bytes, std::convert::Infallible>(Bytes::from(line))
            }));
            HttpResponse::Ok().content_type(NDJSON).streaming(lines)
        }
        Paging::Page { page, per_page } => {
            let total = items.len();
            let contents = items[paging.range(total)].iter().map(render).collect();
            HttpResponse::Ok().json(envelope(total, page, per_page, contents))
        }
    }
}

/// How many items an ndjson stream assembles at a time (under one short read lock).
pub const NDJSON_CHUNK: usize = 64;

/// Answers a list whose items are rendered by `render`, a chunk at a time: for a page, the
/// page's items alone (one call); for ndjson, [`NDJSON_CHUNK`] items per call, each called only
/// when the client is ready for more. `render` takes whatever lock it needs itself, so the
/// lock is held for one chunk, never for the whole list.
pub fn respond_chunked<T, F>(paging: Paging, mut items: Vec<T>, render: F) -> HttpResponse
where
    T: Send + 'static,
    F: Fn(&[T]) -> Vec<Value> + Send + 'static,
{
    let total = items.len();
    if let Paging::Page { .. } = paging {
        items = items.drain(paging.range(total)).collect();
    }
    respond_selected(paging, total, items, render)
}

/// As [`respond_chunked`], for a list that cut its own page: `items` are the page's (or, for
/// ndjson, every item) and `total` is how many the whole list holds.
pub fn respond_selected<T, F>(paging: Paging, total: usize, items: Vec<T>, render: F) -> HttpResponse
where
    T: Send + 'static,
    F: Fn(&[T]) -> Vec<Value> + Send + 'static,
{
    match paging {
        Paging::Ndjson => {
            let mut chunks: Vec<Vec<T>> = Vec::with_capacity(items.len().div_ceil(NDJSON_CHUNK));
            for item in items {
                match chunks.last_mut() {
                    Some(chunk) if chunk.len() < NDJSON_CHUNK => chunk.push(item),
                    _ => chunks.push(vec![item]),
                }
            }
            let lines = futures_util::stream::iter(chunks.into_iter().map(move |chunk| {
                let mut out = Vec::new();
                for value in render(&chunk) {
                    if serde_json::to_writer(&mut out, &value).is_ok() {
                        out.push(b'\n');
                    }
                }
                Ok::<Bytes, std::convert::Infallible>(Bytes::from(out))
            }));
            HttpResponse::Ok().content_type(NDJSON).streaming(lines)
        }
        Paging::Page { page, per_page } => {
            let contents = render(&items);
            HttpResponse::Ok().json(envelope(total, page, per_page, contents))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_the_items_once() {
        let p = |page, per_page| Paging::Page { page, per_page };
        assert_eq!(p(1, 2).range(5), 0..2);
        assert_eq!(p(3, 2).range(5), 4..5);
        assert_eq!(p(4, 2).range(5), 5..5);
        assert_eq!(p(usize::MAX, 200).range(5), 5..5);
        let e = envelope(5, 3, 2, vec![json!(1)]);
        assert_eq!(
            (e["total_pages"].as_u64(), e["last_page"].as_bool(), e["first_page"].as_bool()),
            (Some(3), Some(true), Some(false))
        );
        assert_eq!(envelope(0, 1, 50, vec![])["empty"], json!(true));
    }
}
