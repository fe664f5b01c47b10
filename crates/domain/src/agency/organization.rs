//! An agency: the organization that provides services (HSDS `organization`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::parts::{AgencyContact, Phone};
use crate::ids::OrganizationId;

/// What staff write about an organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationData {
    /// The organization's name (required).
    pub name: String,
    /// Another name it is known by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// What it does (required by HSDS).
    pub description: String,
    /// Its public email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Its website (http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Tax status ("501(c)(3)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_status: Option<String>,
    /// Tax identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    /// The year it was incorporated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1000, maximum = 9999))]
    pub year_incorporated: Option<i32>,
    /// Legal status ("non-profit").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_status: Option<String>,
    /// A logo's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// A persistent URI identifying it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The organization it is part of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_organization_id: Option<OrganizationId>,
    /// Phone numbers.
    #[serde(default)]
    pub phones: Vec<Phone>,
    /// People to contact (private unless marked public).
    #[serde(default)]
    pub contacts: Vec<AgencyContact>,
}

impl OrganizationData {
    /// The organization as the public may see it: private contacts and phones removed.
    pub fn public_view(&self) -> OrganizationData {
        OrganizationData {
            phones: super::parts::public_phones(&self.phones),
            contacts: super::parts::public_contacts(&self.contacts),
            ..self.clone()
        }
    }
}

/// A stored organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    /// Its id.
    pub id: OrganizationId,
    /// The content.
    #[serde(flatten)]
    pub data: OrganizationData,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When its content last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl Organization {
    /// The organization as the public may see it.
    pub fn public_view(&self) -> Organization {
        Organization { data: self.data.public_view(), ..self.clone() }
    }
}
