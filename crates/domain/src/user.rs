//! Staff users, what their roles allow, and the scopes that narrow what an editor may write.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::meeting::MeetingData;
use crate::validation::{FieldError, ValidationErrors};
use crate::vocabulary::Programs;

/// At most this many regions (or programs) in one user's scope.
pub const MAX_SCOPE_ENTRIES: usize = 50;
/// The longest region name in a scope (as long as a meeting's region names may be).
pub const MAX_SCOPE_REGION_LEN: usize = crate::validation::MAX_SHORT_LEN;

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
    /// Regions an editor may write meetings in (any level of a meeting's region path, compared
    /// case-insensitively); empty means every region.
    #[serde(default)]
    pub scope_regions: Vec<String>,
    /// Programs an editor may write meetings of; empty means every program.
    #[serde(default)]
    pub scope_programs: Vec<String>,
    /// When the user was created.
    pub created_at: DateTime<Utc>,
    /// Access tokens carry this number; signing out, a new password, deactivation and a
    /// reused refresh token raise it, so that tokens issued before stop working at once. Not
    /// part of the user's record in the change log, where it would be noise.
    #[serde(skip)]
    pub token_generation: i64,
}

impl User {
    /// Why this user may not write `meeting` because of their scopes, or `None` when the scopes
    /// allow it. Only editors are scoped: an admin's scopes (and a viewer's) are ignored, since
    /// admins may do everything and viewers may write nothing anyway (that is the role check).
    pub fn scope_denial(&self, meeting: &MeetingData) -> Option<ScopeDenial> {
        if self.role != Role::Editor {
            return None;
        }
        if !self.scope_regions.is_empty() {
            let regions = meeting.location.as_ref().map(|l| l.regions.as_slice()).unwrap_or_default();
            let inside = regions.iter().any(|region| {
                let region = region.trim().to_lowercase();
                self.scope_regions.iter().any(|scoped| scoped.to_lowercase() == region)
            });
            if !inside {
                return Some(ScopeDenial::Region { scope: self.scope_regions.clone(), meeting: regions.to_vec() });
            }
        }
        if !self.scope_programs.is_empty()
            && !self.scope_programs.iter().any(|p| p.eq_ignore_ascii_case(&meeting.program))
        {
            return Some(ScopeDenial::Program { scope: self.scope_programs.clone(), meeting: meeting.program.clone() });
        }
        None
    }
}

/// A new staff user as an admin describes it (the password hash travels separately, so this
/// type never holds one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Sign-in email (stored lowercase).
    pub email: String,
    /// The role.
    pub role: Role,
    /// See [`User::scope_regions`].
    pub scope_regions: Vec<String>,
    /// See [`User::scope_programs`].
    pub scope_programs: Vec<String>,
}

/// What an admin changes about a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChanges {
    /// A new sign-in email (stored lowercase).
    pub email: Option<String>,
    /// A new role.
    pub role: Option<Role>,
    /// `false` deactivates, `true` reactivates.
    pub active: Option<bool>,
    /// New region scope (`[]` removes it).
    pub scope_regions: Option<Vec<String>>,
    /// New program scope (`[]` removes it).
    pub scope_programs: Option<Vec<String>>,
}

impl UserChanges {
    /// `user` with these changes made.
    pub fn applied_to(&self, user: &User) -> User {
        User {
            email: self.email.as_ref().map_or_else(|| user.email.clone(), |e| e.to_lowercase()),
            role: self.role.unwrap_or(user.role),
            active: self.active.unwrap_or(user.active),
            scope_regions: self.scope_regions.clone().unwrap_or_else(|| user.scope_regions.clone()),
            scope_programs: self.scope_programs.clone().unwrap_or_else(|| user.scope_programs.clone()),
            ..user.clone()
        }
    }
}

/// Why a scoped editor may not write a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeDenial {
    /// None of the meeting's regions is in the editor's region scope.
    Region {
        /// The editor's region scope.
        scope: Vec<String>,
        /// The meeting's region path, widest first (empty for a meeting without a location).
        meeting: Vec<String>,
    },
    /// The meeting's program is not in the editor's program scope.
    Program {
        /// The editor's program scope.
        scope: Vec<String>,
        /// The meeting's program.
        meeting: String,
    },
}

impl fmt::Display for ScopeDenial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopeDenial::Region { scope, meeting } if meeting.is_empty() => {
                write!(f, "it has no region, and your region scope is {}", scope.join(", "))
            }
            ScopeDenial::Region { scope, meeting } => {
                write!(f, "its regions ({}) are outside your region scope ({})", meeting.join(" > "), scope.join(", "))
            }
            ScopeDenial::Program { scope, meeting } => {
                write!(f, "its program `{meeting}` is outside your program scope ({})", scope.join(", "))
            }
        }
    }
}

/// Checks and tidies the scopes an admin gives a user: regions trimmed, non-empty, at most
/// [`MAX_SCOPE_REGION_LEN`] characters; programs known ids (lowercased); no more than
/// [`MAX_SCOPE_ENTRIES`] of each; duplicates (in any case) dropped, first spelling kept.
/// Errors name `scope_regions[i]` / `scope_programs[i]`.
pub fn validate_scopes(
    regions: Vec<String>,
    programs: Vec<String>,
    known: &Programs,
) -> Result<(Vec<String>, Vec<String>), ValidationErrors> {
    let mut errors = Vec::new();
    let mut error = |field: String, message: String| errors.push(FieldError { field, message });
    for (name, list) in [("scope_regions", &regions), ("scope_programs", &programs)] {
        if list.len() > MAX_SCOPE_ENTRIES {
            error(name.to_string(), format!("at most {MAX_SCOPE_ENTRIES} entries"));
        }
    }
    let mut tidy_regions: Vec<String> = Vec::new();
    for (i, region) in regions.iter().enumerate() {
        let region = region.trim();
        if region.is_empty() {
            error(format!("scope_regions[{i}]"), "must not be empty".to_string());
        } else if region.chars().count() > MAX_SCOPE_REGION_LEN {
            error(format!("scope_regions[{i}]"), format!("must be at most {MAX_SCOPE_REGION_LEN} characters"));
        } else if !tidy_regions.iter().any(|r| r.to_lowercase() == region.to_lowercase()) {
            tidy_regions.push(region.to_string());
        }
    }
    let mut tidy_programs: Vec<String> = Vec::new();
    for (i, program) in programs.iter().enumerate() {
        let id = program.trim().to_lowercase();
        match known.get(&id) {
            None => error(format!("scope_programs[{i}]"), format!("unknown program `{}`", program.trim())),
            Some(_) if tidy_programs.contains(&id) => {}
            Some(_) => tidy_programs.push(id),
        }
    }
    if errors.is_empty() { Ok((tidy_regions, tidy_programs)) } else { Err(ValidationErrors(errors)) }
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

/// What a one-time staff link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// An admin invited a new user, who sets a first password through the link.
    Invitation,
    /// An admin let a user choose a new password.
    Reset,
}

impl LinkKind {
    /// The storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Invitation => "invitation",
            LinkKind::Reset => "reset",
        }
    }

    /// Reads a storage name.
    pub fn parse(s: &str) -> Option<LinkKind> {
        match s {
            "invitation" => Some(LinkKind::Invitation),
            "reset" => Some(LinkKind::Reset),
            _ => None,
        }
    }
}

/// A one-time link that has not been used or revoked yet (the token itself is never kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffLink {
    /// The link's id (not its token).
    pub id: String,
    /// Invitation or reset.
    pub kind: LinkKind,
    /// Whose password the link sets.
    pub user: User,
    /// The admin who issued it.
    pub created_by: UserId,
    /// When it was issued.
    pub created_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// Why a one-time link cannot be used. The page says the same for all of them except expiry,
/// so a guessed token learns nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    /// No such link, or it was revoked.
    Unknown,
    /// Already used once.
    Used,
    /// Past its expiry.
    Expired,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MeetingBuilder;

    fn editor(regions: &[&str], programs: &[&str]) -> User {
        User {
            id: UserId::new(),
            email: "e@example.org".to_string(),
            role: Role::Editor,
            active: true,
            scope_regions: regions.iter().map(|s| s.to_string()).collect(),
            scope_programs: programs.iter().map(|s| s.to_string()).collect(),
            created_at: Utc::now(),
            token_generation: 0,
        }
    }

    /// A meeting of `program` in `regions` (no location at all when `None`).
    fn meeting(program: &str, regions: Option<&[&str]>) -> MeetingData {
        let meeting = MeetingBuilder::new("M").slug("m").program(program).no_location();
        match regions {
            Some(regions) => meeting.regions(regions).data(),
            None => meeting.data(),
        }
    }

    #[test]
    fn unscoped_editors_and_admins_write_anything() {
        let m = meeting("na", Some(&["New York", "Queens"]));
        assert_eq!(editor(&[], &[]).scope_denial(&m), None);
        let mut admin = editor(&["Brooklyn"], &["aa"]);
        admin.role = Role::Admin;
        assert_eq!(admin.scope_denial(&m), None);
    }

    #[test]
    fn regions_match_any_level_in_any_case() {
        let brooklyn = editor(&["brooklyn"], &[]);
        assert_eq!(brooklyn.scope_denial(&meeting("aa", Some(&["New York", "Brooklyn", "Park Slope"]))), None);
        let denial = brooklyn.scope_denial(&meeting("aa", Some(&["New York", "Queens"]))).unwrap();
        assert!(matches!(&denial, ScopeDenial::Region { .. }));
        assert!(denial.to_string().contains("Queens"), "{denial}");
        assert!(brooklyn.scope_denial(&meeting("aa", None)).is_some(), "no location, no region");
        assert_eq!(editor(&["New York"], &[]).scope_denial(&meeting("aa", Some(&["new york", "Queens"]))), None);
    }

    #[test]
    fn both_scopes_must_hold() {
        let e = editor(&["Brooklyn"], &["aa"]);
        assert_eq!(e.scope_denial(&meeting("aa", Some(&["Brooklyn"]))), None);
        assert!(matches!(e.scope_denial(&meeting("na", Some(&["Brooklyn"]))), Some(ScopeDenial::Program { .. })));
        assert!(matches!(e.scope_denial(&meeting("aa", Some(&["Queens"]))), Some(ScopeDenial::Region { .. })));
        let programs_only = editor(&[], &["na", "al-anon"]);
        assert_eq!(programs_only.scope_denial(&meeting("al-anon", None)), None);
        assert!(programs_only.scope_denial(&meeting("aa", None)).is_some());
    }

    #[test]
    fn scopes_are_tidied_and_checked() {
        let known = Programs::builtin();
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (regions, programs) =
            validate_scopes(strings(&[" Brooklyn ", "brooklyn", "Queens"]), strings(&["AA", "aa", "na"]), known)
                .unwrap();
        assert_eq!(regions, ["Brooklyn", "Queens"]);
        assert_eq!(programs, ["aa", "na"]);
        let errors = validate_scopes(strings(&["ok", " "]), strings(&["aa", "xx"]), known).unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["scope_regions[1]", "scope_programs[1]"]);
        let many = (0..=MAX_SCOPE_ENTRIES).map(|i| format!("r{i}")).collect();
        assert!(validate_scopes(many, vec![], known).is_err());
    }
}
