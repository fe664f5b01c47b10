//! `GET /v1/organizations`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use recovery_domain::agency::Organization;

use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem};
use crate::extract::query::Query;
use crate::routes::agency_write::{self, ListPage, ListParams};
use crate::state::AppState;

/// List organizations, by id.
///
/// Public views (no private contacts or phones), for everyone. Walking `next_cursor` yields
/// every organization once.
#[utoipa::path(
    operation_id = "organizations_list",
    get, path = "/v1/organizations", tag = "agencies",
    params(ListParams),
    responses(
        (status = 200, description = "A page of organizations", body = ListPage<Organization>),
        (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/organizations")]
pub async fn list(
    state: web::Data<AppState>,
    query: Query<ListParams>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let ListParams { limit, after } = query.read()?;
    let (page, generation) = {
        let index = state.index();
        let records = index.agencies.organizations().map(|o| &**o);
        (agency_write::page(records, |o| o.id.0, limit, after), index.generation)
    };
    conditional::json(&req, &page, Some(conditional::generation_seen_at(generation)), Audience::Everyone)
}
