//! The JSON shape of a staff user in responses.

use chrono::{DateTime, Utc};
use recovery_domain::{Role, User, UserId};
use serde::Serialize;
use utoipa::ToSchema;

/// A staff user. There is no password (or hash) in it, ever.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    /// The user's id.
    pub id: UserId,
    /// Sign-in email, lowercase.
    pub email: String,
    /// `admin`, `editor` or `viewer`.
    pub role: Role,
    /// False when deactivated: the user cannot sign in, and their tokens stop working.
    pub active: bool,
    /// Regions an editor may write meetings in (matched against every level of a meeting's
    /// region path, in any case); empty means every region. Ignored for other roles.
    pub scope_regions: Vec<String>,
    /// Programs an editor may write meetings of; empty means every program. Ignored for other
    /// roles.
    pub scope_programs: Vec<String>,
    /// When the user was created (UTC).
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(user: User) -> UserView {
        UserView {
            id: user.id,
            email: user.email,
            role: user.role,
            active: user.active,
            scope_regions: user.scope_regions,
            scope_programs: user.scope_programs,
            created_at: user.created_at,
        }
    }
}
