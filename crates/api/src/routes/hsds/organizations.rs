//! `GET /hsds/organizations`.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Utc;
use recovery_domain::agency::Organization;

use super::docs::{HsdsPage, PageParams};
use crate::error::{ApiError, Problem};
use crate::extract::query::QueryParams;
use crate::hsds::filter::flag;
use crate::hsds::organization::{self, render_chunk};
use crate::hsds::page::{self, Paging};
use crate::hsds::value::{matches_all, words};
use crate::state::AppState;

/// List organizations (HSDS).
///
/// One-to-one fields, in id order; `full=true` nests phones, contacts, locations and the
/// organization's services (one-to-one fields), `full_service=true` nests the services fully.
#[utoipa::path(
    operation_id = "hsds_organizations_list",
    get, path = "/hsds/organizations", tag = "hsds",
    params(
        PageParams,
        ("full" = Option<bool>, Query, description = "Fully nested organizations"),
        ("full_service" = Option<bool>, Query, description = "Fully nested organizations with fully nested services"),
    ),
    responses(
        (status = 200, description = "A page of organizations (or ndjson lines with `format=ndjson`)", body = HsdsPage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/organizations")]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let q = QueryParams::parse(req.query_string());
    let paging = Paging::parse(&q)?;
    let (full, full_service) = (flag(&q, "full")?, flag(&q, "full_service")?);
    let search = q.get("search").map(words).unwrap_or_default();
    let orgs: Vec<Arc<Organization>> = state
        .index()
        .agencies
        .organizations()
        .filter(|o| search.is_empty() || matches_all(&search, &organization::words(o)))
        .cloned()
        .collect();
    let now = Utc::now();
    let state = state.into_inner();
    Ok(page::respond_chunked(paging, orgs, move |chunk| render_chunk(&state, chunk, full, full_service, now)))
}
