//! The staff console's sign-in state: browser sessions and one-time links (invitations and
//! password resets).
//!
//! Both are stored by the SHA-256 of their token (the caller hashes; this module never sees a
//! token). A session is checked on every console request: the check reads, and writes only to
//! end an expired session or to move `last_seen_at` on (at most once a minute, so that a busy
//! editor does not turn every page into a write).

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use recovery_domain::user::{LinkKind, LinkRefusal, NewUser, StaffLink};
use recovery_domain::{Actor, User, UserId};

use crate::Store;
use crate::connection::DbConnection;
use crate::convert::user::user_from_row;
use crate::convert::{from_db_time, now, to_db_time};
use crate::error::StoreError;
use crate::repo::users::create::insert_user;
use crate::repo::users::password::replace_password;
use crate::rows::auth::{StaffLinkRow, StaffSessionRow};
use crate::rows::user::UserRow;
use crate::schema::{staff_links, staff_sessions, users};

/// How far `last_seen_at` may lag behind the last request (bounds the writes sessions cause).
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// A one-time link about to be stored.
#[derive(Debug, Clone)]
pub struct NewStaffLink {
    /// SHA-256 (hex) of the token handed out.
    pub token_hash: String,
    /// Invitation or reset.
    pub kind: LinkKind,
    /// The admin issuing it.
    pub created_by: UserId,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

impl Store {
    /// Stores a new session of `user` under `id_hash`, ending at `expires_at` at the latest,
    /// and removes sessions past their absolute end.
    pub fn start_staff_session(
        &self,
        user: UserId,
        id_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|conn| {
            let at = to_db_time(now());
            diesel::delete(staff_sessions::table.filter(staff_sessions::expires_at.lt(at))).execute(conn)?;
            diesel::insert_into(staff_sessions::table)
                .values(StaffSessionRow {
                    id: id_hash.to_string(),
                    user_id: user.to_string(),
                    created_at: at,
                    last_seen_at: at,
                    expires_at: to_db_time(expires_at),
                })
                .execute(conn)?;
            Ok(())
        })
    }

    /// The active user of the live session `id_hash`, noting the request for the idle timeout.
    /// A session idle for longer than `idle`, past its end, or of a deactivated user is ended
    /// here and gives `None`, as does an unknown one.
    pub fn staff_session(&self, id_hash: &str, idle: TimeDelta) -> Result<Option<User>, StoreError> {
        let found: Option<(StaffSessionRow, UserRow)> = staff_sessions::table
            .inner_join(users::table.on(users::id.eq(staff_sessions::user_id)))
            .filter(staff_sessions::id.eq(id_hash))
            .select((StaffSessionRow::as_select(), UserRow::as_select()))
            .first(&mut *self.conn()?)
            .optional()?;
        let Some((session, user_row)) = found else { return Ok(None) };
        let (user, _) = user_from_row(user_row)?;
        let at = now();
        let idle_since = from_db_time(session.last_seen_at);
        if !user.active || from_db_time(session.expires_at) <= at || idle_since + idle <= at {
            self.end_staff_session(id_hash)?;
            return Ok(None);
        }
        if at - idle_since >= TOUCH_EVERY {
            self.write(|conn| {
                diesel::update(staff_sessions::table.find(id_hash))
                    .set(staff_sessions::last_seen_at.eq(to_db_time(at)))
                    .execute(conn)?;
                Ok(())
            })?;
        }
        Ok(Some(user))
    }

    /// Ends the session `id_hash` (signing out); nothing happens when there is none.
    pub fn end_staff_session(&self, id_hash: &str) -> Result<(), StoreError> {
        self.write(|conn| {
            diesel::delete(staff_sessions::table.find(id_hash)).execute(conn)?;
            Ok(())
        })
    }

    /// Adds the user `new` with an unusable password and an invitation link through which
    /// they choose one, in one transaction. A taken email is `Conflict { field: "email" }`.
    pub fn invite_user(
        &self,
        new: &NewUser,
        unusable_hash: &str,
        link: &NewStaffLink,
        actor: &Actor,
    ) -> Result<StaffLink, StoreError> {
        self.write(|conn| {
            let user = insert_user(conn, new, unusable_hash, actor)?;
            insert_link(conn, user, link)
        })
    }

    /// Issues a one-time link for `user` (a reset, or a fresh invitation); the user's earlier
    /// unused links are revoked, so only the newest one works.
    pub fn issue_staff_link(&self, user: UserId, link: &NewStaffLink) -> Result<StaffLink, StoreError> {
        self.write(|conn| {
            let row: UserRow = users::table.find(user.to_string()).select(UserRow::as_select()).first(conn)?;
            let (user, _) = user_from_row(row)?;
            let at = to_db_time(now());
            diesel::update(
                staff_links::table.filter(
                    staff_links::user_id
                        .eq(user.id.to_string())
                        .and(staff_links::used_at.is_null())
                        .and(staff_links::revoked_at.is_null()),
                ),
            )
            .set(staff_links::revoked_at.eq(Some(at)))
            .execute(conn)?;
            insert_link(conn, user, link)
        })
    }

    /// The links that still work (neither used, revoked nor expired), newest first.
    pub fn open_staff_links(&self) -> Result<Vec<StaffLink>, StoreError> {
        let at = to_db_time(now());
        let rows: Vec<(StaffLinkRow, UserRow)> = staff_links::table
            .inner_join(users::table.on(users::id.eq(staff_links::user_id)))
            .filter(
                staff_links::used_at
                    .is_null()
                    .and(staff_links::revoked_at.is_null())
                    .and(staff_links::expires_at.gt(at)),
            )
            .order((staff_links::created_at.desc(), staff_links::id.desc()))
            .select((StaffLinkRow::as_select(), UserRow::as_select()))
            .load(&mut *self.conn()?)?;
        rows.into_iter().map(|(link, user)| link_from_rows(link, user)).collect()
    }

    /// Revokes the open link `id`; `NotFound` when no open link has that id.
    pub fn revoke_staff_link(&self, id: &str) -> Result<(), StoreError> {
        self.write(|conn| {
            let revoked = diesel::update(
                staff_links::table
                    .find(id)
                    .filter(staff_links::used_at.is_null().and(staff_links::revoked_at.is_null())),
            )
            .set(staff_links::revoked_at.eq(Some(to_db_time(now()))))
            .execute(conn)?;
            if revoked == 0 { Err(StoreError::NotFound) } else { Ok(()) }
        })
    }

    /// The link hashed `token_hash` if it may be used now, or why not.
    pub fn staff_link(&self, token_hash: &str) -> Result<Result<StaffLink, LinkRefusal>, StoreError> {
        check_link(&mut *self.conn()?, token_hash)
    }

    /// Uses the link hashed `token_hash`: sets its user's password to `password_hash` (which
    /// ends their sessions and refresh tokens, and is logged as the user's own change) and marks
    /// the link used, in one transaction. A refused link changes nothing.
    pub fn redeem_staff_link(
        &self,
        token_hash: &str,
        password_hash: &str,
    ) -> Result<Result<User, LinkRefusal>, StoreError> {
        self.write(|conn| {
            let link = match check_link(conn, token_hash)? {
                Ok(link) => link,
                Err(refusal) => return Ok(Err(refusal)),
            };
            let marked = diesel::update(staff_links::table.find(&link.id).filter(staff_links::used_at.is_null()))
                .set(staff_links::used_at.eq(Some(to_db_time(now()))))
                .execute(conn)?;
            if marked != 1 {
                return Ok(Err(LinkRefusal::Used));
            }
            replace_password(conn, link.user.id, password_hash, &Actor::User(link.user.id))?;
            Ok(Ok(link.user))
        })
    }
}

/// Ends every console session of `user` (deactivation, a new password), inside the caller's
/// transaction.
pub(crate) fn end_user_sessions(conn: &mut DbConnection, user: UserId) -> Result<(), StoreError> {
    diesel::delete(staff_sessions::table.filter(staff_sessions::user_id.eq(user.to_string()))).execute(conn)?;
    Ok(())
}

fn insert_link(conn: &mut DbConnection, user: User, link: &NewStaffLink) -> Result<StaffLink, StoreError> {
    let created_at = now();
    let row = StaffLinkRow {
        id: uuid::Uuid::now_v7().to_string(),
        token_hash: link.token_hash.clone(),
        kind: link.kind.as_str().to_string(),
        user_id: user.id.to_string(),
        created_by: link.created_by.to_string(),
        created_at: to_db_time(created_at),
        expires_at: to_db_time(link.expires_at),
        used_at: None,
        revoked_at: None,
    };
    diesel::insert_into(staff_links::table).values(&row).execute(conn)?;
    Ok(StaffLink {
        id: row.id,
        kind: link.kind,
        user,
        created_by: link.created_by,
        created_at: from_db_time(row.created_at),
        expires_at: from_db_time(row.expires_at),
    })
}

fn check_link(conn: &mut DbConnection, token_hash: &str) -> Result<Result<StaffLink, LinkRefusal>, StoreError> {
    let found: Option<(StaffLinkRow, UserRow)> = staff_links::table
        .inner_join(users::table.on(users::id.eq(staff_links::user_id)))
        .filter(staff_links::token_hash.eq(token_hash))
        .select((StaffLinkRow::as_select(), UserRow::as_select()))
        .first(conn)
        .optional()?;
    let Some((row, user)) = found else { return Ok(Err(LinkRefusal::Unknown)) };
    if row.revoked_at.is_some() {
        return Ok(Err(LinkRefusal::Unknown));
    }
    if row.used_at.is_some() {
        return Ok(Err(LinkRefusal::Used));
    }
    if from_db_time(row.expires_at) <= now() {
        return Ok(Err(LinkRefusal::Expired));
    }
    Ok(Ok(link_from_rows(row, user)?))
}

fn link_from_rows(row: StaffLinkRow, user: UserRow) -> Result<StaffLink, StoreError> {
    let (user, _) = user_from_row(user)?;
    let kind = LinkKind::parse(&row.kind)
        .ok_or_else(|| StoreError::Corrupt(format!("staff link {}: bad kind `{}`", row.id, row.kind)))?;
    let created_by = row
        .created_by
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("staff link {}: bad creator `{}`", row.id, row.created_by)))?;
    Ok(StaffLink {
        id: row.id,
        kind,
        user,
        created_by,
        created_at: from_db_time(row.created_at),
        expires_at: from_db_time(row.expires_at),
    })
}
