//! `POST /v1/imports/hsds`: HSDS 3.0 services (with their organizations, locations and
//! categories) written in one transaction.

use actix_web::{HttpRequest, HttpResponse, post, web};
use recovery_domain::{Actor, ServiceId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Staff;
use crate::error::{ApiError, CreateProblems};
use crate::extract::JsonBody;
use crate::extract::query::QueryParams;
use crate::hsds::filter::flag;
use crate::state::AppState;

/// What an HSDS import did (or, with `dry_run=true`, would do).
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportOutcome {
    /// Records (organizations, locations, taxonomy terms, services) created.
    pub created: usize,
    /// Records replaced because their content differed.
    pub updated: usize,
    /// Records already as given.
    pub unchanged: usize,
    /// Field paths in the input that this directory does not model (funding, cost_options,
    /// program, required_documents, metadata, byweekno, byyearday, organization_identifiers, …).
    pub dropped: Vec<String>,
    /// Values dropped or changed, and why (`path: message`).
    pub warnings: Vec<String>,
    /// The ids of the services imported, in input order.
    pub services: Vec<ServiceId>,
    /// True when nothing was written.
    pub dry_run: bool,
}

/// Import HSDS services.
///
/// Editors and admins. The body is one HSDS 3.0 service in its full form (as HSDS's
/// `service_full.json`: organization, service_at_locations with locations, phones, schedules,
/// attributes, …) or an array of them, at most 1 MiB. Ids are kept, so importing again updates
/// in place. Organizations, locations and category terms (from `attributes[].taxonomy_term`)
/// come along; contacts in HSDS data are published, so they are imported as public. A record
/// that is already stored keeps its private phones and contacts, and a service its
/// `assurer_email`, when the input leaves them out (published HSDS never carries them), each
/// such record named in `warnings`; a taxonomy term that is already stored is kept as it is
/// (also named in `warnings`). Fields we
/// do not model are listed in `dropped`; unusable optional values (a latitude of 100) are
/// dropped with a warning; validation failures answer 422 with field paths (`[i].` first for
/// the i-th service of an array). Everything is written in one transaction. With
/// `dry_run=true` nothing is written and the counts are estimated against the published
/// listings.
#[utoipa::path(
    operation_id = "imports_hsds",
    post, path = "/v1/imports/hsds", tag = "imports",
    request_body(content = serde_json::Value, description = "An HSDS 3.0 service object, or an array of them"),
    params(("dry_run" = Option<bool>, Query, description = "Check and report without writing")),
    security(("bearer" = [])),
    responses((status = 200, description = "Imported (or checked)", body = ImportOutcome), CreateProblems)
)]
#[post("/v1/imports/hsds")]
pub async fn import(
    state: web::Data<AppState>,
    staff: Staff,
    req: HttpRequest,
    body: JsonBody<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let dry_run = flag(&QueryParams::parse(req.query_string()), "dry_run")?;
    let imported = state.import_hsds(&body.0, dry_run, Actor::User(staff.0.id)).await?;
    let outcome = imported.outcome;
    Ok(HttpResponse::Ok().json(ImportOutcome {
        created: outcome.created,
        updated: outcome.updated,
        unchanged: outcome.unchanged,
        dropped: imported.dropped,
        warnings: imported.warnings,
        services: imported.services,
        dry_run,
    }))
}
