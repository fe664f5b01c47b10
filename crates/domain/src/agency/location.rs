//! A place where services are delivered, or a virtual one (HSDS `location`).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::parts::{Accessibility, Address, AgencyContact, Language, Phone, public_contacts, public_phones};
use super::schedule::Schedule;
use crate::ids::{LocationId, OrganizationId};

/// What kind of location (HSDS `location_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LocationType {
    /// A place people can visit.
    Physical,
    /// A mailing address only.
    Postal,
    /// Online or by phone.
    Virtual,
}

impl LocationType {
    /// The HSDS name.
    pub fn as_str(self) -> &'static str {
        match self {
            LocationType::Physical => "physical",
            LocationType::Postal => "postal",
            LocationType::Virtual => "virtual",
        }
    }
}

/// What staff write about a location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationData {
    /// Physical, postal or virtual.
    pub location_type: LocationType,
    /// The organization it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<OrganizationId>,
    /// Its name ("Main office").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Another name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How to get there ("Bus 23 stops outside").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transportation: Option<String>,
    /// For a virtual location, where to go (http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Latitude in degrees (WGS 84); given together with `longitude`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude in degrees (WGS 84); given together with `latitude`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// The IANA time zone its schedules are in; validation fills in the configured default
    /// when absent, so a stored location always has one.
    #[serde(default, with = "tz_name_opt", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<super::schedule::text::schemas::TimeZoneName>))]
    pub timezone: Option<Tz>,
    /// An identifier in another system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_identifier: Option<String>,
    /// Which system `external_identifier` is from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_identifier_type: Option<String>,
    /// Addresses.
    #[serde(default)]
    pub addresses: Vec<Address>,
    /// Phone numbers.
    #[serde(default)]
    pub phones: Vec<Phone>,
    /// People to contact (private unless marked public).
    #[serde(default)]
    pub contacts: Vec<AgencyContact>,
    /// Languages spoken here.
    #[serde(default)]
    pub languages: Vec<Language>,
    /// Accessibility of the place.
    #[serde(default)]
    pub accessibility: Vec<Accessibility>,
    /// When the location is open.
    #[serde(default)]
    pub schedules: Vec<Schedule>,
}

impl LocationData {
    /// The time zone its schedules are read in (`fallback` only for unvalidated data).
    pub fn zone(&self, fallback: Tz) -> Tz {
        self.timezone.unwrap_or(fallback)
    }

    /// The coordinates as (latitude, longitude), when both are known.
    pub fn coordinates(&self) -> Option<(f64, f64)> {
        Some((self.latitude?, self.longitude?))
    }

    /// The first physical address (or the first of any kind) on one line.
    pub fn address_line(&self) -> Option<String> {
        let address = self.addresses.iter().find(|a| a.address_type == "physical").or(self.addresses.first())?;
        Some(address.one_line())
    }

    /// The location as the public may see it.
    pub fn public_view(&self) -> LocationData {
        LocationData { phones: public_phones(&self.phones), contacts: public_contacts(&self.contacts), ..self.clone() }
    }
}

/// A stored location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Named apart from a meeting's `Location` in the API document, which has one namespace.
#[cfg_attr(feature = "openapi", schema(as = AgencyLocation))]
pub struct Location {
    /// Its id.
    pub id: LocationId,
    /// The content.
    #[serde(flatten)]
    pub data: LocationData,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When its content last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl Location {
    /// The location as the public may see it.
    pub fn public_view(&self) -> Location {
        Location { data: self.data.public_view(), ..self.clone() }
    }
}

/// Serde helpers writing an optional time zone as its IANA name.
mod tz_name_opt {
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(tz: &Option<Tz>, s: S) -> Result<S::Ok, S::Error> {
        match tz {
            Some(tz) => s.serialize_str(tz.name()),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Tz>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => s.parse().map(Some).map_err(|_| serde::de::Error::custom(format!("unknown time zone `{s}`"))),
        }
    }
}
