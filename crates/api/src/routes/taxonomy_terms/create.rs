//! `POST /v1/taxonomy_terms`.

use actix_web::{HttpResponse, post, web};
use recovery_domain::agency::{TaxonomyTerm, TaxonomyTermData, validate_term};
use recovery_domain::{Actor, TermId};

use crate::auth::Staff;
use crate::error::{ApiError, CreateProblems};
use crate::extract::JsonBody;
use crate::routes::agency_write;
use crate::state::AppState;

/// Create a taxonomy term (a service category).
///
/// Editors and admins only. Without `taxonomy_id` the term joins the directory's own taxonomy.
/// A `code` that is taken is a 409; a `parent_id` or `taxonomy_id` that does not exist (or a
/// parent that would make a cycle) is a 422 naming it. A search for a term finds services
/// filed under any term below it.
#[utoipa::path(
    operation_id = "taxonomy_terms_create",
    post, path = "/v1/taxonomy_terms", tag = "agencies",
    request_body = TaxonomyTermData,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = TaxonomyTerm,
            headers(("Location" = String, description = "The new taxonomy term's URL"))),
        CreateProblems,
    )
)]
#[post("/v1/taxonomy_terms")]
pub async fn create(
    state: web::Data<AppState>,
    staff: Staff,
    body: JsonBody<TaxonomyTermData>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let mut data = body.0;
    validate_term(&mut data)?;
    let actor = Actor::User(staff.0.id);
    let id = TermId::new();
    let term = state.create_taxonomy_term(id, data, actor).await?;
    Ok(agency_write::created(format!("/v1/taxonomy_terms/{}", term.id), &term))
}
