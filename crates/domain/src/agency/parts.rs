//! The records nested in organizations, services and locations.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// A telephone number (HSDS `phone`). Public unless staff mark it private.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phone {
    /// Stable id (assigned when absent).
    #[serde(default = "Uuid::now_v7")]
    pub id: Uuid,
    /// The number, as dialled ("+1 215-555-0100").
    pub number: String,
    /// An extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, minimum = 0, maximum = 4294967295_i64))]
    pub extension: Option<u32>,
    /// "voice", "fax", "text", "cell", "video", "pager" or "textphone".
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// What the line is for ("Intake, weekdays").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Languages spoken on the line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language>,
    /// Whether the public may see this number; true unless staff say otherwise.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub public: bool,
}

/// A person to contact at an agency (HSDS `contact`). Private unless staff mark it public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyContact {
    /// Stable id (assigned when absent).
    #[serde(default = "Uuid::now_v7")]
    pub id: Uuid,
    /// The person's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Their job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Their department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// Whether the public may see this contact; private by default.
    #[serde(default)]
    pub public: bool,
}

/// A language a service or location works in (HSDS `language`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Language {
    /// Stable id (assigned when absent).
    #[serde(default = "Uuid::now_v7")]
    pub id: Uuid,
    /// The language's name ("Spanish").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// ISO 639 code, lowercase ("es", "spa").
    pub code: String,
    /// A note ("Interpreters on request").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A postal or physical address of a location (HSDS `address`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// Stable id (assigned when absent).
    #[serde(default = "Uuid::now_v7")]
    pub id: Uuid,
    /// Whom to address mail to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention: Option<String>,
    /// Street address.
    pub address_1: String,
    /// Suite, floor, building.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    /// City.
    pub city: String,
    /// A region below the state (county, borough).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// State or province.
    pub state_province: String,
    /// Postal code.
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 country code ("US").
    pub country: String,
    /// "physical", "postal" or "virtual".
    pub address_type: String,
}

impl Address {
    /// The address on one line ("123 Main St, Suite 4, Philadelphia, PA 19103, US").
    pub fn one_line(&self) -> String {
        let mut parts = vec![self.address_1.clone()];
        parts.extend(self.address_2.clone());
        parts.push(self.city.clone());
        parts.push(format!("{} {}", self.state_province, self.postal_code).trim().to_string());
        parts.push(self.country.clone());
        parts.retain(|p| !p.is_empty());
        parts.join(", ")
    }
}

/// How accessible a location is (HSDS `accessibility`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accessibility {
    /// Stable id (assigned when absent).
    #[serde(default = "Uuid::now_v7")]
    pub id: Uuid,
    /// What is provided ("Step-free entrance").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// More detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// A page describing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Where a service is available (HSDS `service_area`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceArea {
    /// Stable id (assigned when absent).
    #[serde(default = "Uuid::now_v7")]
    pub id: Uuid,
    /// The area's name ("Philadelphia County").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The area's extent (GeoJSON or a list of postcodes, as `extent_type` says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extent: Option<String>,
    /// "geojson", "topojson", "kml" or "text".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extent_type: Option<String>,
    /// A URI identifying the area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

/// The phones the public may see.
pub fn public_phones(phones: &[Phone]) -> Vec<Phone> {
    phones.iter().filter(|p| p.public).cloned().collect()
}

/// The contacts the public may see, each with only its public phones.
pub fn public_contacts(contacts: &[AgencyContact]) -> Vec<AgencyContact> {
    contacts
        .iter()
        .filter(|c| c.public)
        .map(|c| AgencyContact { phones: public_phones(&c.phones), ..c.clone() })
        .collect()
}
