//! `GET /hsds` (and `/hsds/`): which HSDS version and profile this API serves, and where its OpenAPI is.

use actix_web::{HttpResponse, get, web};
use serde_json::json;

use super::docs::HsdsInfo;
use crate::hsds::{PROFILE_URL, VERSION};
use crate::state::AppState;

/// What this HSDS API is.
///
/// The HSDS version (`3.0`), the profile it follows (HSDS's base profile) and the URL of this
/// server's OpenAPI document.
///
/// `/hsds/`, with the slash HSDS clients often add to a base URL, answers the same; the
/// document lists the path without it, as linters want.
#[utoipa::path(
    operation_id = "hsds_root", get, path = "/hsds", tag = "hsds",
    responses((status = 200, description = "About this API", body = HsdsInfo))
)]
#[get("/hsds")]
pub async fn root(state: web::Data<AppState>) -> HttpResponse {
    info(&state)
}

/// `GET /hsds/` (with the slash) answers as `/hsds` does.
#[get("/hsds/")]
pub async fn root_slash(state: web::Data<AppState>) -> HttpResponse {
    info(&state)
}

fn info(state: &AppState) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "version": VERSION,
        "profile": PROFILE_URL,
        "openapi_url": format!("{}/openapi.json", state.public_url),
    }))
}
