//! `GET /v1/taxonomies`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use recovery_domain::agency::Taxonomy;

use crate::conditional::{self, Audience};
use crate::error::ApiError;
use crate::state::AppState;

/// List the taxonomies (category vocabularies) terms belong to, by id.
///
/// For everyone. The directory's own taxonomy holds the seeded categories (employment,
/// education, family counseling, housing, recovery support) and the terms staff add.
#[utoipa::path(
    operation_id = "taxonomies_list",
    get, path = "/v1/taxonomies", tag = "agencies",
    responses(
        (status = 200, description = "Every taxonomy", body = [Taxonomy]),
        (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
    )
)]
#[get("/v1/taxonomies")]
pub async fn taxonomies(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let (list, generation) = {
        let index = state.index();
        (index.agencies.taxonomies().taxonomies().cloned().collect::<Vec<Taxonomy>>(), index.generation)
    };
    conditional::json(&req, &list, Some(conditional::generation_seen_at(generation)), Audience::Everyone)
}
