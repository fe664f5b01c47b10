//! Rotating refresh tokens: issued at sign-in, each exchanged once for a new one.
//!
//! Tokens are stored by hash only (the caller hashes; this module never sees a token). The
//! tokens a sign-in leads to form a family. Presenting a token that was already exchanged is
//! what a thief (or a client that lost the race with itself) does, so it revokes the whole
//! family: the legitimate holder signs in again, the thief's copy is dead too.
//!
//! Exchanging is one write transaction (mark the presented token used, insert its successor).
//! Writers are serialized (see `crate::transaction`), and the mark is also a conditional
//! UPDATE, so of two concurrent exchanges of one token exactly one succeeds; the other sees a
//! used token.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use recovery_domain::{User, UserId};

use crate::Store;
use crate::connection::DbConnection;
use crate::convert::user::user_from_row;
use crate::convert::{now, to_db_time};
use crate::error::StoreError;
use crate::rows::auth::{NewRefreshTokenRow, RefreshTokenRow};
use crate::rows::user::UserRow;
use crate::schema::{refresh_tokens, users};

/// What exchanging a refresh token came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The token was exchanged; the successor is stored. The user, as stored now, gets a new
    /// access token.
    Rotated(User),
    /// The token was refused (and, for [`RefreshRefusal::Reused`], its family revoked).
    Refused(RefreshRefusal),
}

/// Why a refresh token was refused. Callers answer all of them the same way (401), so a client
/// cannot learn which tokens exist; the reason is for logs and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshRefusal {
    /// No such token.
    Unknown,
    /// Past its expiry.
    Expired,
    /// Its family was revoked (logout, reuse, deactivation, new password).
    Revoked,
    /// Already exchanged once: its family is revoked now.
    Reused,
    /// Its user is deactivated.
    Inactive,
}

impl Store {
    /// Stores the hash of a new refresh token for `user`, starting a new family, and removes
    /// tokens that have expired.
    pub fn issue_refresh_token(
        &self,
        user: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let family = uuid::Uuid::now_v7().to_string();
        self.write(|conn| {
            let at = to_db_time(now());
            diesel::delete(refresh_tokens::table.filter(refresh_tokens::expires_at.lt(at))).execute(conn)?;
            insert(conn, &family, &user.to_string(), token_hash, at, to_db_time(expires_at))
        })
    }

    /// Exchanges the token hashed `presented_hash` for the one hashed `new_hash` (same family,
    /// expiring at `expires_at`), in one transaction. Refused tokens change nothing, except a
    /// reused one (its family is revoked) and one of a deactivated user (likewise).
    pub fn rotate_refresh_token(
        &self,
        presented_hash: &str,
        new_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<RefreshOutcome, StoreError> {
        self.write(|conn| {
            let at = to_db_time(now());
            let row = match check(conn, presented_hash, at)? {
                Ok(row) => row,
                Err(refusal) => return Ok(RefreshOutcome::Refused(refusal)),
            };
            let user_row: UserRow = users::table.find(&row.user_id).select(UserRow::as_select()).first(conn)?;
            let (user, _) = user_from_row(user_row)?;
            if !user.active {
                revoke_family(conn, &row.family_id, at)?;
                return Ok(RefreshOutcome::Refused(RefreshRefusal::Inactive));
            }
            let marked = diesel::update(
                refresh_tokens::table
                    .find(&row.id)
                    .filter(refresh_tokens::used_at.is_null().and(refresh_tokens::revoked_at.is_null())),
            )
            .set(refresh_tokens::used_at.eq(Some(at)))
            .execute(conn)?;
            if marked != 1 {
                // Unreachable while writers are serialized; if it ever happens, it is a reuse.
                revoke_family(conn, &row.family_id, at)?;
                return Ok(RefreshOutcome::Refused(RefreshRefusal::Reused));
            }
            insert(conn, &row.family_id, &row.user_id, new_hash, at, to_db_time(expires_at))?;
            Ok(RefreshOutcome::Rotated(user))
        })
    }

    /// Signs out: revokes the family of the token hashed `presented_hash`. Returns the refusal
    /// when that token could not have been exchanged (unknown, expired, revoked, reused —
    /// which revokes its family all the same).
    pub fn revoke_refresh_token(&self, presented_hash: &str) -> Result<Option<RefreshRefusal>, StoreError> {
        self.write(|conn| {
            let at = to_db_time(now());
            match check(conn, presented_hash, at)? {
                Ok(row) => {
                    revoke_family(conn, &row.family_id, at)?;
                    Ok(None)
                }
                Err(refusal) => Ok(Some(refusal)),
            }
        })
    }
}

/// Revokes every live refresh token of `user` and ends their console sessions (deactivation,
/// a new password).
pub(crate) fn revoke_user_tokens(conn: &mut DbConnection, user: UserId, at: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user.to_string()).and(refresh_tokens::revoked_at.is_null())),
    )
    .set(refresh_tokens::revoked_at.eq(Some(at)))
    .execute(conn)?;
    end_access_tokens(conn, &user.to_string())?;
    super::console::end_user_sessions(conn, user)?;
    Ok(())
}

/// Raises the user's token generation, so access tokens issued before are refused from now on.
fn end_access_tokens(conn: &mut DbConnection, user: &str) -> Result<(), StoreError> {
    diesel::update(users::table.find(user))
        .set(users::token_generation.eq(users::token_generation + 1))
        .execute(conn)?;
    Ok(())
}

/// The stored token hashed `hash` if it may be exchanged now; otherwise why not (a reused
/// token's family is revoked on the way).
fn check(
    conn: &mut DbConnection,
    hash: &str,
    at: NaiveDateTime,
) -> Result<Result<RefreshTokenRow, RefreshRefusal>, StoreError> {
    let row: Option<RefreshTokenRow> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else { return Ok(Err(RefreshRefusal::Unknown)) };
    if row.revoked_at.is_some() {
        return Ok(Err(RefreshRefusal::Revoked));
    }
    if row.used_at.is_some() {
        revoke_family(conn, &row.family_id, at)?;
        return Ok(Err(RefreshRefusal::Reused));
    }
    if row.expires_at <= at {
        return Ok(Err(RefreshRefusal::Expired));
    }
    Ok(Ok(row))
}

/// Revokes a family of refresh tokens and ends its user's access tokens (signing out, reuse).
fn revoke_family(conn: &mut DbConnection, family: &str, at: NaiveDateTime) -> Result<(), StoreError> {
    let user: Option<String> = refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(family))
        .select(refresh_tokens::user_id)
        .first(conn)
        .optional()?;
    if let Some(user) = user {
        end_access_tokens(conn, &user)?;
    }
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::family_id.eq(family).and(refresh_tokens::revoked_at.is_null())),
    )
    .set(refresh_tokens::revoked_at.eq(Some(at)))
    .execute(conn)?;
    Ok(())
}

fn insert(
    conn: &mut DbConnection,
    family: &str,
    user: &str,
    token_hash: &str,
    at: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> Result<(), StoreError> {
    let row = NewRefreshTokenRow {
        id: uuid::Uuid::now_v7().to_string(),
        token_hash,
        family_id: family,
        user_id: user,
        created_at: at,
        expires_at,
    };
    diesel::insert_into(refresh_tokens::table).values(row).execute(conn)?;
    Ok(())
}
