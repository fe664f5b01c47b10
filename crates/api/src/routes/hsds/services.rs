//! `GET /hsds/services`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Utc;

use super::docs::{HsdsPage, PageParams, ServiceParams};
use crate::error::{ApiError, Problem};
use crate::extract::query::QueryParams;
use crate::hsds::candidate::render_services;
use crate::hsds::filter::{ServiceFilter, flag};
use crate::hsds::page::{self, Paging};
use crate::hsds::render::Form;
use crate::state::AppState;

/// Which form `minimal` and `full` ask for.
pub(crate) fn form(q: &QueryParams) -> Result<Form, ApiError> {
    Ok(if flag(q, "minimal")? {
        Form::Minimal
    } else if flag(q, "full")? {
        Form::Full
    } else {
        Form::List
    })
}

/// List services (HSDS).
///
/// Agencies' services and published 12-step meetings (as services in category "12-step and
/// mutual-aid groups"), in id order. One-to-one fields only unless `full=true`; `minimal=true`
/// gives only `id` and `last_modified`. Filters AND together.
#[utoipa::path(
    operation_id = "hsds_services_list",
    get, path = "/hsds/services", tag = "hsds",
    params(PageParams, ServiceParams, ("minimal" = Option<bool>, Query, description = "Only `id` and `last_modified`")),
    responses(
        (status = 200, description = "A page of services (or ndjson lines with `format=ndjson`)", body = HsdsPage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/services")]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let q = QueryParams::parse(req.query_string());
    let paging = Paging::parse(&q)?;
    let filter = ServiceFilter::parse(&q)?;
    let form = form(&q)?;
    let (total, candidates) = {
        let index = state.index();
        let selection = filter.select(&index);
        let total = selection.total(&index);
        (total, selection.page(&index, paging.range(total)))
    };
    let now = Utc::now();
    let state = state.into_inner();
    Ok(page::respond_selected(paging, total, candidates, move |chunk| render_services(&state, chunk, form, now)))
}
