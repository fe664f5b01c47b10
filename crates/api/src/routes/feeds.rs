//! `GET /feeds/meeting-guide.json`.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, web};
use recovery_domain::Programs;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::conditional::if_none_match;
use crate::error::{ApiError, Problem};
use crate::feeds::meeting_guide::{self as format, MeetingGuideEntry};
use crate::feeds::{BuiltFeed, FeedKey};
use crate::state::AppState;

/// Feed filters. Any other parameter (a cache-buster) is ignored.
#[derive(Debug, Deserialize, IntoParams)]
pub struct FeedParams {
    /// Only this program's meetings.
    pub program: Option<String>,
    /// Only meetings with this region at any level of their region path.
    pub region: Option<String>,
}

/// Every published meeting in the Meeting Guide JSON format.
///
/// Entries are sorted by slug, so the bytes stay identical while the data do. Sends an `ETag`
/// and answers `If-None-Match` with 304; gzip when the client accepts it. Open to any origin.
#[utoipa::path(
    get, path = "/feeds/meeting-guide.json", tag = "feeds",
    params(FeedParams),
    responses(
        (status = 200, description = "The feed", body = [MeetingGuideEntry],
            headers(("ETag" = String), ("Access-Control-Allow-Origin" = String))),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
        (status = 404, description = "Unknown program", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/feeds/meeting-guide.json")]
pub async fn meeting_guide(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<FeedParams>,
) -> Result<HttpResponse, ApiError> {
    let FeedParams { program, region } = params.into_inner();
    let program = program.filter(|p| !p.trim().is_empty());
    let region = region.filter(|r| !r.trim().is_empty()).map(|r| r.trim().to_lowercase());
    if let Some(p) = &program {
        if Programs::builtin().get(p).is_none() {
            return Err(ApiError::NotFound(format!("no program `{}`", crate::extract::query::shorten(p))));
        }
    }
    let (generation, meetings) = {
        let index = state.index();
        (index.generation, index.index.meetings())
    };
    let key = FeedKey { format: "meeting-guide", program, region };
    let filter = key.clone();
    let public_url = state.public_url.clone();
    let feed = state
        .feeds
        .get_or_build(generation, key, move || {
            let selected: Vec<_> = meetings
                .into_iter()
                .filter(|m| filter.program.as_ref().is_none_or(|p| &m.data.program == p))
                .filter(|m| filter.region.as_ref().is_none_or(|r| m.data.is_in_region(r)))
                .collect();
            format::build(&selected, &public_url)
        })
        .await;
    Ok(respond(&req, &feed))
}

/// Answers with a built feed: 304 on a matching `If-None-Match`, gzip when accepted.
pub fn respond(req: &HttpRequest, feed: &BuiltFeed) -> HttpResponse {
    let mut response = if if_none_match(req, &feed.etag) { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((header::ETAG, feed.etag.as_str()))
        .insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60")));
    if if_none_match(req, &feed.etag) {
        return response.finish();
    }
    response.content_type("application/json");
    if accepts_gzip(req) {
        response.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))).body(feed.gzip.clone())
    } else {
        response.body(feed.body.clone())
    }
}

fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers().get_all(header::ACCEPT_ENCODING).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| {
                let p = p.trim().replace(' ', "");
                p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000"
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        },
    )
}
