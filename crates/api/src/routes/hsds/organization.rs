//! `GET /hsds/organizations/{id}`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Utc;
use recovery_domain::OrganizationId;

use super::docs::HsdsRecord;
use crate::error::{ApiError, Problem};
use crate::extract::query::QueryParams;
use crate::hsds::filter::flag;
use crate::hsds::organization::OrgBundle;
use crate::state::AppState;

/// Read one organization, fully nested (HSDS).
///
/// With phones, public contacts, locations, and its services as one-to-one fields (fully
/// nested with `full_service=true`).
#[utoipa::path(
    operation_id = "hsds_organizations_read",
    get, path = "/hsds/organizations/{id}", tag = "hsds",
    params(
        ("id" = String, Path, description = "The organization's id"),
        ("full_service" = Option<bool>, Query, description = "Nest the services fully"),
    ),
    responses(
        (status = 200, description = "The organization", body = HsdsRecord),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/organizations/{id}")]
pub async fn read(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let q = QueryParams::parse(req.query_string());
    let full_service = flag(&q, "full_service")?;
    let id = OrganizationId(super::path_id(&path, "organization")?);
    let bundle = {
        let index = state.index();
        let org = index.agencies.organization(id).ok_or_else(|| super::not_found(&path, "organization"))?;
        OrgBundle::of(&index.agencies, org, state.defaults().timezone)
    };
    Ok(HttpResponse::Ok().json(bundle.render(true, full_service, Utc::now())))
}
