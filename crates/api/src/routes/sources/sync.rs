//! `POST /v1/sources/{id}/sync`: run a source now, from its URL or from an uploaded file.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::StreamExt;
use recovery_domain::source::{ImportRun, RunTrigger};
use recovery_domain::{Actor, ValidationErrors};
use recovery_import::sync::Payload;

use super::require_source_editor;
use crate::auth::Staff;
use crate::error::{ApiError, Problem};
use crate::extract::query::{QueryParams, shorten};
use crate::hsds::filter::flag;
use crate::state::AppState;

/// How much more than the cap of an oversized upload is read and thrown away before the 413,
/// so a client still sending sees the answer rather than a reset connection.
const DRAIN_BEYOND_CAP: u64 = 8 * 1024 * 1024;

/// The name an uploaded file is reported under.
const UPLOAD_NAME: &str = "upload";

/// The problems a sync can answer with (for `#[utoipa::path]`).
#[derive(utoipa::IntoResponses)]
pub enum SyncProblems {
    /// `dry_run` is neither `true` nor `false` or is given twice, another query parameter is
    /// given, or the body could not be read.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Not signed in, or the token is not valid.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Signed in, but the role may not sync sources.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such source.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// A sync of this source is already running (here, from the scheduler, or on another
    /// replica).
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// The uploaded file is larger than the server's fetch cap (20 MiB unless configured).
    #[response(status = 413, content_type = "application/problem+json")]
    PayloadTooLarge(Problem),
    /// The body is empty and the source has no URL to fetch; `errors` names `url`.
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
}

/// Sync a source now.
///
/// Editors and admins (not editors scoped to regions or programs). With an empty body the
/// source's URL is fetched (a source without one answers 422); otherwise the body is the file
/// to read, in the source's format (a Meeting Guide JSON array, a TSML CSV export, a BMLT
/// `GetSearchResults` answer, or HSDS services), up to the server's fetch cap. Listings are
/// created, updated or archived to match, in one transaction; a listing staff edited here is
/// kept and reported as a conflict; an unchanged run writes nothing. With `dry_run=true`
/// nothing is written and the counts say what would have been done.
///
/// The answer is the run's report, also kept at `GET /v1/imports/{run_id}`. A source that
/// could not be fetched or read (a timeout, an HTTP error, an HTML page instead of data, a
/// body over the cap, invalid UTF-8) is still a 200: the run has `status` `failed`, its
/// `error` says why, and nothing was changed.
#[utoipa::path(
    operation_id = "sources_sync",
    post, path = "/v1/sources/{id}/sync", tag = "sources",
    params(
        ("id" = String, Path, description = "The source's id"),
        ("dry_run" = Option<bool>, Query, description = "Plan and report without writing"),
    ),
    request_body(content = Option<String>, content_type = "application/octet-stream",
        description = "Optional: the file to read (its raw bytes) instead of fetching the source's URL"),
    security(("bearer" = [])),
    responses((status = 200, description = "The run (succeeded or failed)", body = ImportRun), SyncProblems)
)]
#[post("/v1/sources/{id}/sync")]
pub async fn sync(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    require_source_editor(&staff)?;
    let raw = path.into_inner();
    let id = super::parse_id(&raw)?;
    let dry_run = dry_run(req.query_string())?;
    let cap = state.importer().fetcher.policy().max_bytes;
    let upload = read_capped(&req, body, cap).await?;
    let source = super::load(&state, id, &raw).await?;
    let payload = if upload.is_empty() {
        if source.data.url.is_none() {
            return Err(ValidationErrors::one(
                "url",
                "the source has no URL to fetch: send the file to read as the request body",
            )
            .into());
        }
        Payload::Fetch
    } else {
        Payload::File { name: UPLOAD_NAME.to_string(), body: upload }
    };
    let actor = Actor::User(staff.0.id);
    let run = state.run_source(&source, payload, RunTrigger::Api, dry_run, actor).await?;
    Ok(HttpResponse::Ok().json(run))
}

/// The `dry_run` flag. Any other parameter, or `dry_run` given twice, is a 400: a typo such as
/// `dry-run=true` must never run a real sync.
fn dry_run(query: &str) -> Result<bool, ApiError> {
    let mut seen = 0;
    for (key, _) in form_urlencoded::parse(query.as_bytes()) {
        if key != "dry_run" {
            return Err(ApiError::bad_field(
                shorten(&key),
                "is not a parameter of this route; the only one is `dry_run`",
            ));
        }
        seen += 1;
    }
    if seen > 1 {
        return Err(ApiError::bad_field("dry_run", "is given more than once"));
    }
    flag(&QueryParams::parse(query), "dry_run")
}

/// The request body, at most `cap` bytes; a 413 above it, after draining what the client is
/// still sending (up to a bound).
async fn read_capped(req: &HttpRequest, mut body: web::Payload, cap: u64) -> Result<Vec<u8>, ApiError> {
    let too_large = || ApiError::PayloadTooLarge(format!("the uploaded file is larger than {cap} bytes"));
    let drain_limit = cap.saturating_add(DRAIN_BEYOND_CAP);
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > drain_limit) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    let mut seen = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_field("body", format!("could not read the body: {e}")))?;
        seen = seen.saturating_add(chunk.len() as u64);
        if seen <= cap {
            bytes.extend_from_slice(&chunk);
        } else if seen > drain_limit {
            break;
        }
    }
    if seen > cap {
        return Err(too_large());
    }
    Ok(bytes)
}
