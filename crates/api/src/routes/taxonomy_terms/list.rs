//! `GET /v1/taxonomy_terms`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use recovery_domain::agency::TaxonomyTerm;

use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem};
use crate::extract::query::Query;
use crate::routes::agency_write::{self, ListPage, ListParams};
use crate::state::AppState;

/// List taxonomy terms (service categories), by id.
///
/// For everyone. A term's `parent_id` names the broader term it sits under. Walking
/// `next_cursor` yields every term once.
#[utoipa::path(
    operation_id = "taxonomy_terms_list",
    get, path = "/v1/taxonomy_terms", tag = "agencies",
    params(ListParams),
    responses(
        (status = 200, description = "A page of taxonomy_terms", body = ListPage<TaxonomyTerm>),
        (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/taxonomy_terms")]
pub async fn list(
    state: web::Data<AppState>,
    query: Query<ListParams>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let ListParams { limit, after } = query.read()?;
    let (page, generation) = {
        let index = state.index();
        let records = index.agencies.taxonomies().terms();
        (agency_write::page(records, |o| o.id.0, limit, after), index.generation)
    };
    conditional::json(&req, &page, Some(conditional::generation_seen_at(generation)), Audience::Everyone)
}
