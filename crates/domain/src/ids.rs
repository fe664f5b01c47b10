//! Newtype identifiers, so a meeting id can never be passed where a user id is meant.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered random id (UUID v7).
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(
    /// Identifies one meeting.
    MeetingId
);
uuid_id!(
    /// Identifies one staff user.
    UserId
);
uuid_id!(
    /// Identifies one problem report.
    ReportId
);
uuid_id!(
    /// Identifies one agency (an HSDS organization).
    OrganizationId
);
uuid_id!(
    /// Identifies one service an agency provides.
    ServiceId
);
uuid_id!(
    /// Identifies one place (or virtual location) where services are delivered.
    LocationId
);
uuid_id!(
    /// Identifies one taxonomy (a category vocabulary).
    TaxonomyId
);
uuid_id!(
    /// Identifies one taxonomy term (a category).
    TermId
);
uuid_id!(
    /// Identifies one registered import source (a feed the directory follows).
    SourceId
);
uuid_id!(
    /// Identifies one import run (one sync of a source, or one command-line import).
    RunId
);
