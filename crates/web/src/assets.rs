//! `GET /assets/{name}`: the pages' stylesheet and script (and the staff console's extra
//! stylesheet), compiled into the binary.
//! Pages link them with `?v=` their content hash, so they may be cached for a year; an `ETag`
//! lets anything else revalidate them.

use std::sync::LazyLock;

use actix_web::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

const STYLE: &str = include_str!("../assets/style.css");
const SCRIPT: &str = include_str!("../assets/app.js");
const CONSOLE_STYLE: &str = include_str!("../assets/console.css");

/// A hash of both assets: their URLs' `?v=`, and their `ETag`.
static HASH: LazyLock<String> = LazyLock::new(|| {
    let mut digest = Sha256::new();
    digest.update(STYLE.as_bytes());
    digest.update(SCRIPT.as_bytes());
    digest.update(CONSOLE_STYLE.as_bytes());
    hex::encode(&digest.finalize()[..6])
});

/// The assets' version.
pub fn version() -> &'static str {
    HASH.as_str()
}

/// The handler.
pub async fn serve(req: HttpRequest, name: web::Path<String>) -> HttpResponse {
    let (body, content_type) = match name.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "app.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        "console.css" => (CONSOLE_STYLE, "text/css; charset=utf-8"),
        _ => return HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("not found"),
    };
    let etag = format!("\"{}\"", version());
    let versioned = form_urlencoded::parse(req.query_string().as_bytes()).any(|(k, v)| k == "v" && v == version());
    let cache = if versioned { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    let matches =
        req.headers().get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains(etag.as_str()));
    if matches {
        return HttpResponse::NotModified().insert_header((ETAG, etag)).insert_header((CACHE_CONTROL, cache)).finish();
    }
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((ETAG, etag))
        .insert_header((CACHE_CONTROL, cache))
        .body(body)
}
