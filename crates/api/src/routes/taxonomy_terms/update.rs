//! `PUT /v1/taxonomy_terms/{id}`.

use actix_web::{HttpResponse, put, web};
use recovery_domain::agency::{TaxonomyTerm, TaxonomyTermData, validate_term};
use recovery_domain::{Actor, TermId};

use super::NOUN;
use crate::auth::Staff;
use crate::error::{ApiError, UpdateProblems};
use crate::extract::JsonBody;
use crate::routes::agency_write;
use crate::state::AppState;

/// Replace a taxonomy term.
///
/// Editors and admins only. The body is a whole taxonomy term, as for `POST`; fields left out
/// are cleared. Moving a term under another parent moves the services filed under it in
/// category searches.
#[utoipa::path(
    operation_id = "taxonomy_terms_replace",
    put, path = "/v1/taxonomy_terms/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The taxonomy term's id")),
    request_body = TaxonomyTermData,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The updated taxonomy term", body = TaxonomyTerm),
        UpdateProblems,
    )
)]
#[put("/v1/taxonomy_terms/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<TaxonomyTermData>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let raw = path.into_inner();
    let id: TermId = agency_write::parse_id(&raw, NOUN)?;
    let mut data = body.0;
    validate_term(&mut data)?;
    let actor = Actor::User(staff.0.id);
    let term = state.update_taxonomy_term(id, data, actor).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::Ok().json(term))
}
