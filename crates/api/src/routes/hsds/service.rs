//! `GET /hsds/services/{id}`.

use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use recovery_domain::{MeetingId, ServiceId};

use super::docs::HsdsRecord;
use crate::error::{ApiError, Problem};
use crate::hsds::bundle::{ServiceBundle, ServiceItem};
use crate::hsds::meeting::MEETING_TERM_CODE;
use crate::hsds::render::Form;
use crate::hsds::term::TermRef;
use crate::state::AppState;
use recovery_domain::projection::IndexState;

/// The service (an agency's or a published meeting's) with this id.
pub(crate) fn find(state: &IndexState, id: uuid::Uuid, fallback_tz: chrono_tz::Tz) -> Option<ServiceItem> {
    if let Some(service) = state.agencies.service(ServiceId(id)) {
        return Some(ServiceItem::Agency(Box::new(ServiceBundle::of(&state.agencies, service, fallback_tz))));
    }
    let meeting = state.index.get(MeetingId(id))?;
    let taxonomies = state.agencies.taxonomies();
    let term = taxonomies.resolve(MEETING_TERM_CODE).and_then(|t| TermRef::of(taxonomies, t.id));
    Some(ServiceItem::meeting(meeting, term.map(std::sync::Arc::new)))
}

/// Read one service, fully nested (HSDS).
///
/// With its organization, service-at-locations (each with its location), phones, schedules
/// (with the location's current UTC offset as `timezone`), languages, service areas, public
/// contacts and categories (as `attributes`). A published meeting's id gives the meeting as a
/// service.
#[utoipa::path(
    operation_id = "hsds_services_read",
    get, path = "/hsds/services/{id}", tag = "hsds",
    params(("id" = String, Path, description = "The service's (or meeting's) id")),
    responses(
        (status = 200, description = "The service", body = HsdsRecord),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/services/{id}")]
pub async fn read(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = super::path_id(&path, "service")?;
    let item = find(&state.index(), id, state.defaults().timezone).ok_or_else(|| super::not_found(&path, "service"))?;
    Ok(HttpResponse::Ok().json(item.render(Form::Full, Utc::now())))
}
