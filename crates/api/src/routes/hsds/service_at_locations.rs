//! `GET /hsds/service_at_locations`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Utc;

use super::docs::{HsdsPage, PageParams, ServiceParams};
use crate::error::{ApiError, Problem};
use crate::extract::query::QueryParams;
use crate::hsds::candidate::{Place, render_sals};
use crate::hsds::filter::{ServiceFilter, distance_m, flag, postcode_centroid, postcode_key, sals};
use crate::hsds::page::{self, Paging};
use crate::hsds::render::Form;
use crate::state::AppState;

/// List services at locations (HSDS).
///
/// One item per service per location, in id order; meetings count too (a venue and/or an
/// online option). `postcode` alone keeps the places with that postal code; with `proximity`
/// (meters) it keeps the places within that distance of the postcode's centroid (the mean
/// position of the directory's places with that postal code; an unknown postcode matches
/// nothing). The service filters apply to the service delivered.
#[utoipa::path(
    operation_id = "hsds_service_at_locations_list",
    get, path = "/hsds/service_at_locations", tag = "hsds",
    params(
        PageParams, ServiceParams,
        ("postcode" = Option<String>, Query, description = "A postal code (spaces and case ignored)"),
        ("proximity" = Option<f64>, Query, description = "Meters from the postcode's centroid; needs `postcode`"),
    ),
    responses(
        (status = 200, description = "A page of services at locations (or ndjson lines)", body = HsdsPage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/service_at_locations")]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let q = QueryParams::parse(req.query_string());
    let paging = Paging::parse(&q)?;
    let filter = ServiceFilter::parse(&q)?;
    let form = if flag(&q, "full")? { Form::Full } else { Form::List };
    let proximity = q.parsed::<f64>("proximity", "a distance in meters")?;
    if proximity.is_some_and(|p| !p.is_finite() || p < 0.0) {
        return Err(ApiError::bad_field("proximity", "must be a distance in meters, 0 or more"));
    }
    let postcode = q.get("postcode").map(postcode_key);
    if proximity.is_some() && postcode.is_none() {
        return Err(ApiError::bad_field("proximity", "needs `postcode`: the distance is measured from its centroid"));
    }
    let items = {
        let index = state.index();
        let services = filter.select(&index).all(&index);
        let catalog = &index.agencies;
        match (&postcode, proximity) {
            (None, _) => sals(catalog, &services, None),
            (Some(code), None) => {
                let keep = |(_, codes): Place<'_>| codes.iter().any(|c| postcode_key(c) == *code);
                sals(catalog, &services, Some(&keep))
            }
            (Some(code), Some(meters)) => match postcode_centroid(&index, code) {
                None => Vec::new(),
                Some(centre) => {
                    let keep = |(point, _): Place<'_>| point.is_some_and(|p| distance_m(p, centre) <= meters);
                    sals(catalog, &services, Some(&keep))
                }
            },
        }
    };
    let now = Utc::now();
    let state = state.into_inner();
    Ok(page::respond_chunked(paging, items, move |chunk| render_sals(&state, chunk, form, now)))
}
