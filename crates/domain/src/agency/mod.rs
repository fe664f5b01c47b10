//! Agencies on the Open Referral HSDS 3.0 model: organizations provide services at locations,
//! classified by taxonomy terms.
//!
//! Field names follow HSDS 3.0 wherever HSDS has the field, so the HSDS API is a projection and
//! an HSDS import a parse. Nested records (phones, contacts, schedules, languages, addresses,
//! accessibility, service areas) have no life of their own: they are written and read with
//! their parent, but each keeps a stable `id` because HSDS requires one.
//!
//! What HSDS lacks and residents need is added: an IANA time zone on every location (HSDS has
//! only a numeric offset, which cannot say when daylight saving time starts), and a `public`
//! flag on contacts and phones (contacts are private unless staff mark them public, as for
//! meetings; an agency's phone lines are public unless staff mark them private).

pub mod catalog;
pub mod index;
pub mod location;
pub mod organization;
pub mod parts;
pub mod schedule;
pub mod service;
pub mod taxonomy;
pub mod validate;

pub use validate::{validate_location, validate_organization, validate_service, validate_term};

pub use catalog::AgencyCatalog;
pub use index::{OpenWindow, ServiceCursor, ServiceHit, ServiceIndex, ServicePage, ServiceQuery};
pub use location::{Location, LocationData, LocationType};
pub use organization::{Organization, OrganizationData};
pub use parts::{Accessibility, Address, AgencyContact, Language, Phone, ServiceArea};
pub use schedule::{ByDay, Freq, Schedule};
pub use service::{Service, ServiceAtLocation, ServiceData, ServiceStatus};
pub use taxonomy::{Taxonomies, Taxonomy, TaxonomyTerm, TaxonomyTermData};

/// What the change log calls an organization.
pub const ORGANIZATION: &str = "organization";
/// What the change log calls a service.
pub const SERVICE: &str = "service";
/// What the change log calls a location.
pub const LOCATION: &str = "location";
/// What the change log calls a taxonomy term.
pub const TAXONOMY_TERM: &str = "taxonomy_term";
