//! `GET /v1/taxonomy_terms/{id}`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use recovery_domain::TermId;
use recovery_domain::agency::TaxonomyTerm;

use super::NOUN;
use crate::auth::MaybeStaff;
use crate::error::ApiError;
use crate::routes::agency_write::{self, ReadProblems};
use crate::state::AppState;

/// Read one taxonomy term.
///
/// For everyone (staff read it from the database, so they see their own writes at once). Sends `ETag` and `Last-Modified`; answers `If-None-Match` /
/// `If-Modified-Since` with 304 when the copy is current.
#[utoipa::path(
    operation_id = "taxonomy_terms_read",
    get, path = "/v1/taxonomy_terms/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The taxonomy term's id")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The taxonomy term", body = TaxonomyTerm, headers(
            ("ETag" = String, description = "Strong tag of the body"),
            ("Last-Modified" = String, description = "When its content last changed"),
            ("Vary" = String, description = "Authorization, X-API-Key: staff read from the database"))),
        (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
        ReadProblems,
    )
)]
#[get("/v1/taxonomy_terms/{id}")]
pub async fn read(
    state: web::Data<AppState>,
    caller: MaybeStaff,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let raw = path.into_inner();
    let id: TermId = agency_write::parse_id(&raw, NOUN)?;
    let staff = caller.0.is_some();
    let term = agency_write::read_one(
        &state,
        staff,
        raw,
        NOUN,
        move |store| store.get_taxonomy_term(id),
        |i| i.agencies.taxonomies().term(id).cloned(),
    )
    .await?;
    agency_write::one(&req, &term, term.updated_at, staff)
}
