//! `DELETE /v1/taxonomy_terms/{id}`.

use actix_web::{HttpResponse, delete, web};
use recovery_domain::{Actor, TermId};

use super::NOUN;
use crate::auth::Staff;
use crate::error::ApiError;
use crate::routes::agency_write::{self, DeleteProblems};
use crate::state::AppState;

/// Delete a taxonomy term.
///
/// Editors and admins only. Refused with 409 while a service is filed under it or it has
/// narrower terms. The change log keeps its history.
#[utoipa::path(
    operation_id = "taxonomy_terms_delete",
    delete, path = "/v1/taxonomy_terms/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The taxonomy term's id")),
    security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), DeleteProblems)
)]
#[delete("/v1/taxonomy_terms/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let raw = path.into_inner();
    let id: TermId = agency_write::parse_id(&raw, NOUN)?;
    let actor = Actor::User(staff.0.id);
    state.delete_taxonomy_term(id, actor).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::NoContent().finish())
}
