//! Types that only document the HSDS answers and parameters in our OpenAPI document; the
//! records themselves are specified by HSDS 3.0's JSON Schemas.

use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// An HSDS 3.0 record (service, organization, service_at_location, taxonomy or
/// taxonomy_term) as its JSON Schema at <https://docs.openreferral.org/en/3.0/> describes it.
/// Absent fields are omitted; nothing is ever `null`.
#[derive(Debug, Serialize, ToSchema)]
pub struct HsdsRecord(pub serde_json::Value);

/// One page of an HSDS list.
#[derive(Debug, Serialize, ToSchema)]
pub struct HsdsPage {
    /// How many items match, on all pages.
    pub total_items: u64,
    /// How many pages there are (0 when nothing matches).
    pub total_pages: u64,
    /// This page's number, from 1.
    pub page_number: u64,
    /// How many items this page holds.
    pub size: u64,
    /// True on page 1.
    pub first_page: bool,
    /// True on the last page (and past it).
    pub last_page: bool,
    /// True when this page holds no items.
    pub empty: bool,
    /// The items.
    pub contents: Vec<HsdsRecord>,
}

/// `GET /hsds`: what this API is.
#[derive(Debug, Serialize, ToSchema)]
pub struct HsdsInfo {
    /// The HSDS version ("3.0").
    pub version: String,
    /// Where the HSDS profile this API follows is described.
    pub profile: String,
    /// This server's OpenAPI document.
    pub openapi_url: String,
}

/// How a list is sent.
#[derive(Debug, Clone, Copy, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum HsdsFormat {
    /// One JSON page.
    Json,
    /// Every item, one JSON document per line.
    Ndjson,
}

/// Paging and format, shared by every list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, from 1 (default 1); 0, negative, past 2147483647 or not a number is a 400.
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
    /// `json` (default, paged) or `ndjson`: every matching item, one per line, unpaged, streamed
    /// as `application/x-ndjson`.
    #[param(inline)]
    pub format: Option<HsdsFormat>,
    /// Every word must be found (any case, accents ignored) in the name, description and the
    /// like.
    pub search: Option<String>,
}

/// The filters of service lists.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceParams {
    /// Services in this category (a term id or code) or any category below it.
    pub taxonomy_term_id: Option<String>,
    /// Services with any term of this taxonomy.
    pub taxonomy_id: Option<uuid::Uuid>,
    /// Services of this organization (meetings have none, so they drop out).
    pub organization_id: Option<uuid::Uuid>,
    /// Changed on or after this RFC 3339 date-time, this date-time without a zone (read as UTC), or
    /// this date (from its midnight UTC).
    pub modified_after: Option<String>,
    /// Fully nested records instead of one-to-one fields.
    pub full: Option<bool>,
}
