//! `GET /hsds/taxonomy_terms/{id}`.

use actix_web::{HttpResponse, get, web};
use recovery_domain::TermId;

use super::docs::HsdsRecord;
use crate::error::{ApiError, Problem};
use crate::hsds::render;
use crate::hsds::term::TermRef;
use crate::state::AppState;

/// Read one taxonomy term (HSDS), with its taxonomy as `taxonomy_detail`.
#[utoipa::path(
    operation_id = "hsds_taxonomy_terms_read",
    get, path = "/hsds/taxonomy_terms/{id}", tag = "hsds",
    params(("id" = String, Path, description = "The term's id")),
    responses(
        (status = 200, description = "The taxonomy term", body = HsdsRecord),
        (status = 404, description = "No such taxonomy term", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/taxonomy_terms/{id}")]
pub async fn read(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = TermId(super::path_id(&path, "taxonomy_term")?);
    let index = state.index();
    let term = TermRef::of(index.agencies.taxonomies(), id).ok_or_else(|| super::not_found(&path, "taxonomy_term"))?;
    Ok(HttpResponse::Ok().json(render::term(&term.term, term.taxonomy.as_ref())))
}
