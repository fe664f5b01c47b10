//! `GET /hsds/taxonomies/{id}`.

use actix_web::{HttpResponse, get, web};
use recovery_domain::TaxonomyId;

use super::docs::HsdsRecord;
use crate::error::{ApiError, Problem};
use crate::hsds::render;
use crate::state::AppState;

/// Read one taxonomy (HSDS).
#[utoipa::path(
    operation_id = "hsds_taxonomies_read",
    get, path = "/hsds/taxonomies/{id}", tag = "hsds",
    params(("id" = String, Path, description = "The taxonomy's id")),
    responses(
        (status = 200, description = "The taxonomy", body = HsdsRecord),
        (status = 404, description = "No such taxonomy", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/taxonomies/{id}")]
pub async fn read(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = TaxonomyId(super::path_id(&path, "taxonomy")?);
    let index = state.index();
    let taxonomy = index.agencies.taxonomies().taxonomy(id).ok_or_else(|| super::not_found(&path, "taxonomy"))?;
    Ok(HttpResponse::Ok().json(render::taxonomy(taxonomy)))
}
