//! `GET /hsds/taxonomy_terms`.

use actix_web::{HttpRequest, HttpResponse, get, web};

use super::docs::{HsdsPage, PageParams};
use crate::error::{ApiError, Problem};
use crate::extract::query::QueryParams;
use crate::hsds::filter::{flag, uuid_param};
use crate::hsds::page::{self, Paging};
use crate::hsds::render;
use crate::hsds::term::TermRef;
use crate::hsds::value::{matches_all, words};
use crate::state::AppState;

/// List taxonomy terms (HSDS).
///
/// Every category, in id order, each with its taxonomy (`taxonomy_detail`). `top_only=true`
/// keeps the top-level terms (those without a parent); `parent_id` the terms directly under
/// that one; `taxonomy_id` the terms of that taxonomy.
#[utoipa::path(
    operation_id = "hsds_taxonomy_terms_list",
    get, path = "/hsds/taxonomy_terms", tag = "hsds",
    params(
        PageParams,
        ("taxonomy_id" = Option<uuid::Uuid>, Query, description = "Terms of this taxonomy"),
        ("top_only" = Option<bool>, Query, description = "Only top-level terms (no parent)"),
        ("parent_id" = Option<uuid::Uuid>, Query, description = "Only the terms directly under this one"),
    ),
    responses(
        (status = 200, description = "A page of taxonomy terms (or ndjson lines)", body = HsdsPage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/taxonomy_terms")]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let q = QueryParams::parse(req.query_string());
    let paging = Paging::parse(&q)?;
    let search = q.get("search").map(words).unwrap_or_default();
    let taxonomy_id = uuid_param(&q, "taxonomy_id")?;
    let parent_id = uuid_param(&q, "parent_id")?;
    let top_only = flag(&q, "top_only")?;
    let items: Vec<TermRef> = {
        let index = state.index();
        let taxonomies = index.agencies.taxonomies();
        taxonomies
            .terms()
            .filter_map(|t| TermRef::of(taxonomies, t.id))
            .filter(|t| taxonomy_id.is_none_or(|x| t.taxonomy.as_ref().is_some_and(|tx| tx.id.0 == x)))
            .filter(|t| parent_id.is_none_or(|p| t.term.data.parent_id.is_some_and(|tp| tp.0 == p)))
            .filter(|t| !top_only || t.term.data.parent_id.is_none())
            .filter(|t| {
                let d = &t.term.data;
                search.is_empty() || matches_all(&search, &words(&format!("{} {} {}", d.code, d.name, d.description)))
            })
            .collect()
    };
    Ok(page::respond(paging, items, |t| render::term(&t.term, t.taxonomy.as_ref())))
}
