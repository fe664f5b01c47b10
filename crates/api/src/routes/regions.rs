//! `GET /v1/regions`: the region tree, for pickers and per-region feeds.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::conditional::{self, Audience};
use crate::error::ApiError;
use crate::state::AppState;

/// A region and the published meetings in it (including its sub-regions).
#[derive(Debug, Serialize, ToSchema)]
pub struct Region {
    /// The region's name.
    pub name: String,
    /// The path from the widest region down to this one.
    pub path: Vec<String>,
    /// Published meetings in this region and below.
    pub meeting_count: usize,
    /// Sub-regions, by name.
    #[schema(no_recursion)]
    pub children: Vec<Region>,
}

impl From<recovery_domain::index::RegionNode> for Region {
    fn from(node: recovery_domain::index::RegionNode) -> Region {
        Region {
            name: node.name,
            path: node.path,
            meeting_count: node.meeting_count,
            children: node.children.into_iter().map(Region::from).collect(),
        }
    }
}

/// The region tree of published meetings.
///
/// Sends `ETag` and `Last-Modified`; answers `If-None-Match` / `If-Modified-Since` with 304.
#[utoipa::path(
    operation_id = "regions_list", get, path = "/v1/regions", tag = "meetings", responses(
    (status = 200, description = "Top-level regions with their sub-regions", body = [Region],
        headers(("ETag" = String), ("Last-Modified" = String))),
    (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
))]
#[get("/v1/regions")]
pub async fn regions(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let (tree, generation) = {
        let index = state.index();
        (index.index.regions(), index.generation)
    };
    let body = tree.into_iter().map(Region::from).collect::<Vec<_>>();
    conditional::json(&req, &body, Some(conditional::generation_seen_at(generation)), Audience::Everyone)
}
