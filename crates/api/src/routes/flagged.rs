//! `GET /v1/flagged`: imported listings staff should look at (no coordinates, no way to
//! attend, approximate place, an online meeting without its link, unpublished in the source).
//! They are imported all the same; this is the worklist.

use actix_web::{HttpResponse, get, web};
use recovery_domain::source::ListingFlag;
use recovery_domain::{MeetingId, SourceId};
use recovery_store::FlaggedListing;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Staff;
use crate::error::{ApiError, Problem, blocking};
use crate::state::AppState;

/// One flagged imported listing.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlaggedView {
    /// The listing's id.
    pub meeting_id: MeetingId,
    /// Its slug now.
    pub slug: String,
    /// Its name now.
    pub name: String,
    /// The source that brought it.
    pub source_id: SourceId,
    /// Its identity in that source.
    pub external_key: String,
    /// Why staff should look at it, sorted.
    pub flags: Vec<ListingFlag>,
    /// Each flag explained for people, in the same order.
    pub reasons: Vec<String>,
}

impl From<FlaggedListing> for FlaggedView {
    fn from(f: FlaggedListing) -> FlaggedView {
        let p = f.provenance;
        FlaggedView {
            meeting_id: p.meeting_id,
            slug: f.slug,
            name: f.name,
            source_id: p.source_id,
            external_key: p.external_key,
            reasons: p.flags.iter().map(|flag| flag.reason().to_string()).collect(),
            flags: p.flags,
        }
    }
}

/// List flagged imported listings.
///
/// Staff of any role. Every imported listing with a flag, by name: `no-coordinates` (meets in
/// person but could not be placed, so distance searches miss it), `inactive` (no usable
/// address and no online link), `approximate` (placed only roughly), `no-online-link` (meets
/// online only but has no link or phone to join by), `unpublished` (its source does not
/// publish it: imported as a draft). Fix the listing here (a local edit is kept over later
/// syncs and reported as a conflict) or at its source.
#[utoipa::path(
    operation_id = "flagged_list",
    get, path = "/v1/flagged", tag = "review",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every flagged imported listing, by name", body = Vec<FlaggedView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff user (an API key)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/flagged")]
pub async fn list(state: web::Data<AppState>, _staff: Staff) -> Result<HttpResponse, ApiError> {
    let store = state.store().clone();
    let flagged = blocking(move || store.flagged_listings()).await?;
    let views: Vec<FlaggedView> = flagged.into_iter().map(FlaggedView::from).collect();
    Ok(HttpResponse::Ok().json(views))
}
