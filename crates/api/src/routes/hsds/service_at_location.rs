//! `GET /hsds/service_at_locations/{id}`.

use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use recovery_domain::MeetingId;

use super::docs::HsdsRecord;
use crate::error::{ApiError, Problem};
use crate::hsds::bundle::{ServiceBundle, ServiceItem};
use crate::hsds::meeting::unflip;
use crate::hsds::render::Form;
use crate::state::AppState;

/// Read one service at a location, fully nested (HSDS).
///
/// With its phones, public contacts, schedules and the location.
#[utoipa::path(
    operation_id = "hsds_service_at_locations_read",
    get, path = "/hsds/service_at_locations/{id}", tag = "hsds",
    params(("id" = String, Path, description = "The service-at-location's id")),
    responses(
        (status = 200, description = "The service at the location", body = HsdsRecord),
        (status = 404, description = "No such service at a location", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/service_at_locations/{id}")]
pub async fn read(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = super::path_id(&path, "service_at_location")?;
    let now = Utc::now();
    let found = {
        let index = state.index();
        match index.agencies.service_at_location(id) {
            Some((service, sal)) => {
                let bundle = ServiceBundle::of(&index.agencies, service, state.defaults().timezone);
                let i = service.data.service_at_locations.iter().position(|s| s.id == sal.id);
                i.and_then(|i| bundle.sal(i, Form::Full, now))
            }
            None => unflip(id).into_iter().find_map(|(meeting, place)| {
                let item = super::service::find(&index, meeting, state.defaults().timezone)?;
                match item {
                    ServiceItem::Meeting(m) if index.index.get(MeetingId(meeting)).is_some() => {
                        m.places().contains(&place).then(|| m.sal(place, Form::Full, now))
                    }
                    _ => None,
                }
            }),
        }
    };
    let body = found.ok_or_else(|| super::not_found(&path, "service_at_location"))?;
    Ok(HttpResponse::Ok().json(body))
}
