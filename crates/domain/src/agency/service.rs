//! A service an agency provides, and where (HSDS `service`, `service_at_location`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::parts::{AgencyContact, Language, Phone, ServiceArea, public_contacts, public_phones};
use super::schedule::Schedule;
use crate::ids::{LocationId, OrganizationId, ServiceId, TermId};

/// Whether a service is running (HSDS `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ServiceStatus {
    /// Running.
    #[default]
    #[serde(rename = "active")]
    Active,
    /// Not running at present.
    #[serde(rename = "inactive")]
    Inactive,
    /// Closed for good.
    #[serde(rename = "defunct")]
    Defunct,
    /// Closed for a while.
    #[serde(rename = "temporarily closed")]
    TemporarilyClosed,
}

impl ServiceStatus {
    /// The HSDS name.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceStatus::Active => "active",
            ServiceStatus::Inactive => "inactive",
            ServiceStatus::Defunct => "defunct",
            ServiceStatus::TemporarilyClosed => "temporarily closed",
        }
    }

    /// Reads an HSDS name.
    pub fn parse(s: &str) -> Option<ServiceStatus> {
        [ServiceStatus::Active, ServiceStatus::Inactive, ServiceStatus::Defunct, ServiceStatus::TemporarilyClosed]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// A service delivered at one location, with what is particular to that place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceAtLocation {
    /// Stable id (assigned when absent); the id of `/hsds/service_at_locations/{id}`.
    #[serde(default = "Uuid::now_v7")]
    pub id: Uuid,
    /// The location.
    pub location_id: LocationId,
    /// What is particular to this place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Phone numbers for the service here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// People to contact here (private unless marked public).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<AgencyContact>,
    /// Hours here, when they differ from the service's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Schedule>,
}

/// What staff write about a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceData {
    /// The organization that provides it.
    pub organization_id: OrganizationId,
    /// Its name (required).
    pub name: String,
    /// Another name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// What it is and does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its web page (http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its public email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `active`, `inactive`, `defunct` or `temporarily closed`.
    #[serde(default)]
    pub status: ServiceStatus,
    /// Interpretation on offer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation_services: Option<String>,
    /// How to apply or get referred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_process: Option<String>,
    /// What it costs, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees_description: Option<String>,
    /// How long people wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_time: Option<String>,
    /// Fees (HSDS's older field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees: Option<String>,
    /// Accreditations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accreditations: Option<String>,
    /// Who is eligible, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility_description: Option<String>,
    /// The youngest age served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(maximum = 130))]
    pub minimum_age: Option<u16>,
    /// The oldest age served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(maximum = 130))]
    pub maximum_age: Option<u16>,
    /// When the listing was last verified (kept apart from `updated_at`).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::schedule::date_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = super::schedule::text::schemas::optional_date))]
    pub assured_date: Option<NaiveDate>,
    /// Who verified it (staff only: like a meeting's `verified_by`, never shown to the public).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurer_email: Option<String>,
    /// Licences held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licenses: Option<String>,
    /// A short notice shown prominently ("Closed for the holidays until 2 January").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// Category terms (`GET /v1/taxonomy_terms`).
    #[serde(default)]
    pub categories: Vec<TermId>,
    /// Phone numbers.
    #[serde(default)]
    pub phones: Vec<Phone>,
    /// People to contact (private unless marked public).
    #[serde(default)]
    pub contacts: Vec<AgencyContact>,
    /// Hours, at every location unless the location has its own.
    #[serde(default)]
    pub schedules: Vec<Schedule>,
    /// Languages the service works in.
    #[serde(default)]
    pub languages: Vec<Language>,
    /// Where it is available.
    #[serde(default)]
    pub service_areas: Vec<ServiceArea>,
    /// Where it is delivered.
    #[serde(default)]
    pub service_at_locations: Vec<ServiceAtLocation>,
}

impl ServiceData {
    /// The service as the public may see it: private contacts and phones removed, here and at
    /// each location, and who verified it.
    pub fn public_view(&self) -> ServiceData {
        ServiceData {
            assurer_email: None,
            phones: public_phones(&self.phones),
            contacts: public_contacts(&self.contacts),
            service_at_locations: self
                .service_at_locations
                .iter()
                .map(|sal| ServiceAtLocation {
                    phones: public_phones(&sal.phones),
                    contacts: public_contacts(&sal.contacts),
                    ..sal.clone()
                })
                .collect(),
            ..self.clone()
        }
    }

    /// True when residents' searches offer it: only active services (inactive, defunct and
    /// temporarily closed ones stay in the HSDS API, which says their status).
    pub fn is_offered(&self) -> bool {
        self.status == ServiceStatus::Active
    }

    /// The ids of the locations it is delivered at.
    pub fn location_ids(&self) -> impl Iterator<Item = LocationId> + '_ {
        self.service_at_locations.iter().map(|sal| sal.location_id)
    }
}

/// A stored service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    /// Its id.
    pub id: ServiceId,
    /// The content.
    #[serde(flatten)]
    pub data: ServiceData,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When its content last changed (UTC); HSDS `last_modified`.
    pub updated_at: DateTime<Utc>,
}

impl Service {
    /// The service as the public may see it.
    pub fn public_view(&self) -> Service {
        Service { data: self.data.public_view(), ..self.clone() }
    }
}
