//! Staff users and what their roles allow.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::UserId;

/// What a staff user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Reads everything, including drafts and private fields; writes nothing.
    Viewer,
    /// Also creates, edits and archives listings.
    Editor,
    /// Everything, including users and settings.
    Admin,
}

impl Role {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Reads a wire or storage name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "viewer" => Some(Role::Viewer),
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// True when this role may change listings.
    pub fn can_edit_listings(self) -> bool {
        self >= Role::Editor
    }
}

/// A staff user (never with the password hash: that stays in the store and the auth code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The user's id.
    pub id: UserId,
    /// Sign-in email, stored lowercase.
    pub email: String,
    /// The role.
    pub role: Role,
    /// False once deactivated: cannot sign in, old tokens stop working.
    pub active: bool,
    /// When the user was created.
    pub created_at: DateTime<Utc>,
}

/// Who made a change, as written in the change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// A signed-in staff user.
    User(UserId),
    /// The system itself (demo data, migrations, imports run by the operator).
    System(String),
}

impl Actor {
    /// The text stored in the change log: a user id, or `system:<what>`.
    pub fn label(&self) -> String {
        match self {
            Actor::User(id) => id.to_string(),
            Actor::System(what) => format!("system:{what}"),
        }
    }
}
