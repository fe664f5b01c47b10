//! `GET /v1/duplicates`: probable duplicate listings among the published ones, for staff to
//! review. Nothing is ever merged automatically; the rules are in
//! [`recovery_domain::duplicates`].

use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use recovery_domain::duplicates::{DuplicatePair, find_duplicates};
use recovery_domain::{MeetingId, SourceId};
use recovery_store::StoreError;

use crate::auth::Staff;
use crate::error::{ApiError, Problem, blocking};
use crate::state::AppState;

/// List probable duplicate listings.
///
/// Staff of any role. Pairs of published listings that probably describe one meeting:
/// - `same-place-and-time`: same program and day, starts at most 5 minutes apart, names alike
///   (equal ignoring case, accents and punctuation, one's words all in the other's, or at
///   least half their words shared), and both placed within 150 m of each other;
/// - `same-conference-url`: the same video-conference room (links compared ignoring scheme,
///   host case, trailing slashes and Zoom's `pwd`; Zoom links by meeting number) starting at
///   most 5 minutes apart at the same instant, whatever their names.
///
/// Each pair lists both listings (with the source that brought each, when imported), every
/// reason that applies, and the distance in metres when both are placed. Pairs are ordered by
/// the first listing's id. Nothing is merged: archive or edit one of them if they are the same.
#[utoipa::path(
    get, path = "/v1/duplicates", tag = "review",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every probable duplicate pair", body = Vec<DuplicatePair>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff user (an API key)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/duplicates")]
pub async fn list(state: web::Data<AppState>, _staff: Staff) -> Result<HttpResponse, ApiError> {
    // The index holds exactly the published listings; the shared handles are cheap to take,
    // and the comparison runs off the async threads without holding the index lock.
    let meetings = state.index().index.meetings();
    let store = state.store.clone();
    let pairs = blocking(move || {
        let mut pairs = find_duplicates(&meetings);
        let mut sources: HashMap<MeetingId, Option<SourceId>> = HashMap::new();
        for pair in &mut pairs {
            for listing in [&mut pair.first, &mut pair.second] {
                listing.source_id = match sources.get(&listing.id) {
                    Some(known) => *known,
                    None => {
                        let found = store.meeting_provenance(listing.id)?.map(|p| p.source_id);
                        sources.insert(listing.id, found);
                        found
                    }
                };
            }
        }
        Ok::<_, StoreError>(pairs)
    })
    .await?;
    Ok(HttpResponse::Ok().json(pairs))
}
