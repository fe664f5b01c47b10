//! `GET /hsds/taxonomies`.

use actix_web::{HttpRequest, HttpResponse, get, web};

use super::docs::{HsdsPage, PageParams};
use crate::error::{ApiError, Problem};
use crate::extract::query::QueryParams;
use crate::hsds::page::{self, Paging};
use crate::hsds::render;
use crate::hsds::value::{matches_all, words};
use crate::state::AppState;

/// List taxonomies (HSDS).
///
/// The category vocabularies, in id order.
#[utoipa::path(
    operation_id = "hsds_taxonomies_list",
    get, path = "/hsds/taxonomies", tag = "hsds",
    params(PageParams),
    responses(
        (status = 200, description = "A page of taxonomies (or ndjson lines)", body = HsdsPage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/taxonomies")]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let q = QueryParams::parse(req.query_string());
    let paging = Paging::parse(&q)?;
    let search = q.get("search").map(words).unwrap_or_default();
    let items: Vec<_> = state
        .index()
        .agencies
        .taxonomies()
        .taxonomies()
        .filter(|t| {
            let text: Vec<String> = words(&format!("{} {}", t.name, t.description));
            search.is_empty() || matches_all(&search, &text)
        })
        .cloned()
        .collect();
    Ok(page::respond(paging, items, render::taxonomy))
}
