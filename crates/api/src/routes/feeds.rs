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
    /// The program whose meetings the feed lists ("aa", "na", "al-anon"); the directory's
    /// default program when absent. One feed is one program, so that its type codes have one
    /// meaning; the `Link` header names every program's feed.
    pub program: Option<String>,
    /// Only meetings with this region at any level of their region path.
    pub region: Option<String>,
}

/// The published meetings of one program in the Meeting Guide JSON format.
///
/// Without `program`, the directory's default program. Type codes are the Meeting Guide
/// list's: a program's own code that means something else there is translated to the code of
/// the same meaning or, when there is none, left out of `types` with its plain name added to
/// `notes` ("Formats: Basic Text."). Every online meeting has an address: its own, else its
/// regions, else the directory's configured place, else the city its time zone is named after
/// (`approximate: "yes"`). No property is ever
/// `null`. `updated` is the source's own `updated` for an imported listing nobody edited here
/// since, else when the listing last changed here.
///
/// Entries are sorted by slug, so the bytes stay identical while the data do. Sends an `ETag`
/// and answers `If-None-Match` with 304; gzip when the client accepts it. Open to any origin.
#[utoipa::path(
    operation_id = "feeds_meeting_guide",
    get, path = "/feeds/meeting-guide.json", tag = "feeds",
    params(FeedParams),
    responses(
        (status = 200, description = "The feed", body = [MeetingGuideEntry],
            headers(("ETag" = String, description = "Differs between the gzip and the identity body"),
                ("Link" = String, description = "Every program's feed, `rel=\"alternate\"`"),
                ("Access-Control-Allow-Origin" = String))),
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
    // Without `program`, the directory's own program only: type codes mean different things
    // in different programs, and a client reads one feed with one vocabulary.
    let program = program.filter(|p| !p.trim().is_empty()).or_else(|| Some(state.defaults().program.clone()));
    let region = region.filter(|r| !r.trim().is_empty()).map(|r| r.trim().to_lowercase());
    if let Some(p) = &program {
        if Programs::builtin().get(p).is_none() {
            return Err(ApiError::NotFound(format!("no program `{}`", crate::extract::query::shorten(p))));
        }
    }
    // The cache first: a repeat request or a 304 reads one number from the index, never its
    // meetings.
    let generation = state.index().generation;
    let key = FeedKey { format: "meeting-guide", program, region };
    let feed = match state.feeds.lookup(generation, &key) {
        Some(feed) => feed,
        None => {
            let filter = key.clone();
            let directory = state.directory.clone();
            let public_url = state.public_url.clone();
            let place = state.default_place.clone();
            state
                .feeds
                .get_or_build(generation, key, move || {
                    let (built_at, selected) = {
                        let index = directory.index();
                        let selected: Vec<_> = index
                            .index
                            .meetings()
                            .into_iter()
                            .filter(|m| filter.program.as_ref().is_none_or(|p| &m.data.program == p))
                            .filter(|m| filter.region.as_ref().is_none_or(|r| m.data.is_in_region(r)))
                            .collect();
                        (index.generation, selected)
                    };
                    // The sources' own times; a feed without them (the store unreachable) still
                    // serves, with our write times.
                    let source_times = directory.store().source_update_times().unwrap_or_else(|e| {
                        tracing::warn!(error = %e, "reading the sources' update times for the feed");
                        Default::default()
                    });
                    (built_at, format::build(&selected, &public_url, place.as_deref(), &source_times))
                })
                .await
        }
    };
    let mut response = respond(&req, &feed);
    // Where the other programs' feeds are (RFC 8288), for a client that finds this one first.
    let links: Vec<String> = Programs::builtin()
        .all()
        .iter()
        .map(|p| format!("</feeds/meeting-guide.json?program={}>; rel=\"alternate\"; title=\"{}\"", p.id, p.name))
        .collect();
    if let Ok(value) = HeaderValue::from_str(&links.join(", ")) {
        response.headers_mut().insert(header::LINK, value);
    }
    Ok(response)
}

/// Answers with a built feed: 304 on a matching `If-None-Match`, gzip when accepted.
pub fn respond(req: &HttpRequest, feed: &BuiltFeed) -> HttpResponse {
    let gzip = accepts_gzip(req);
    let etag = if gzip { feed.gzip_etag.as_str() } else { feed.etag.as_str() };
    let unchanged = if_none_match(req, etag);
    let mut response = if unchanged { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60")));
    if unchanged {
        return response.finish();
    }
    response.content_type("application/json");
    if gzip {
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
