//! Restoring a backup into an empty database: ids, timestamps, change-log seqs and content
//! hashes exactly.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::agencies::{insert_agencies, stored_listings};
use super::sources::{insert_sources, stored_sources};
use super::{Backup, BackupCounts};
use crate::Store;
use crate::connection::{DbConnection, on_backend};
use crate::convert::meeting::{contact_rows, new_meeting_row};
use crate::convert::report::report_row;
use crate::convert::{to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::rows::user::{NewScopedUserRow, NewUserRow};
use crate::schema::{change_log, meeting_contacts, meetings, reports, users};

/// A change-log entry inserted with the `seq` it had: the one place a `seq` is not left to
/// the database, so this insert form lives with the restore rather than in `rows`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = change_log)]
#[diesel(treat_none_as_default_value = false)]
struct RestoredChangeRow {
    seq: i64,
    entity: String,
    entity_id: String,
    action: String,
    actor: String,
    at: NaiveDateTime,
    before: Option<String>,
    after: Option<String>,
}

impl Store {
    /// Restores `backup` into this database in ONE transaction and returns what it wrote.
    ///
    /// The database must hold no meetings, users, change-log entries, reports, organizations,
    /// locations, services, import sources, provenance, import runs or cached geocoder
    /// answers (the seeded taxonomy terms are fine; leases are ignored): otherwise it is
    /// `Conflict { field: "database" }` and nothing is written. A backup with
    /// [`Backup::problems`] is `Other` with those problems, also writing nothing. Ids,
    /// timestamps, change-log seqs, source settings and content hashes are kept exactly; new
    /// writes get seqs after the largest restored one (PostgreSQL's sequence is moved past it;
    /// SQLite's AUTOINCREMENT follows).
    ///
    /// Servers load what they serve when they start: restore before starting them.
    pub fn import_backup(&self, backup: &Backup) -> Result<BackupCounts, StoreError> {
        let problems = backup.problems();
        if !problems.is_empty() {
            return Err(StoreError::Other(format!("the backup cannot be restored: {}", problems.join("; "))));
        }
        self.write(|conn| {
            let stored = stored_counts(conn)?;
            if !stored.is_empty() {
                return Err(StoreError::Conflict {
                    field: "database".to_string(),
                    message: format!("not empty ({stored}); a backup is restored only into an empty database"),
                });
            }
            insert_meetings(conn, backup)?;
            insert_users(conn, backup)?;
            insert_changes(conn, backup)?;
            insert_reports(conn, backup)?;
            insert_agencies(conn, backup)?;
            insert_sources(conn, backup)?;
            Ok(backup.counts())
        })
    }
}

/// How many meetings, users, change-log entries, reports, agency listings and source records
/// are stored.
fn stored_counts(conn: &mut DbConnection) -> Result<BackupCounts, StoreError> {
    let count = |n: i64| usize::try_from(n).unwrap_or(usize::MAX);
    let [organizations, locations, services] = stored_listings(conn)?;
    let [sources, provenance, import_runs, geocode_cache] = stored_sources(conn)?;
    Ok(BackupCounts {
        meetings: count(meetings::table.count().get_result(conn)?),
        users: count(users::table.count().get_result(conn)?),
        changes: count(change_log::table.count().get_result(conn)?),
        reports: count(reports::table.count().get_result(conn)?),
        organizations: count(organizations),
        locations: count(locations),
        services: count(services),
        // Seeded in every database; terms staff wrote have change-log entries.
        taxonomy_terms: 0,
        sources: count(sources),
        provenance: count(provenance),
        import_runs: count(import_runs),
        geocode_cache: count(geocode_cache),
    })
}

fn insert_meetings(conn: &mut DbConnection, backup: &Backup) -> Result<(), StoreError> {
    let mut rows = Vec::with_capacity(backup.meetings.len());
    let mut contacts = Vec::new();
    for meeting in &backup.meetings {
        rows.push(new_meeting_row(meeting));
        contacts.extend(contact_rows(meeting.id, &meeting.data.contacts));
    }
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(meetings::table).values(batch).execute(c))?;
    }
    for batch in contacts.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(meeting_contacts::table).values(batch).execute(c))?;
    }
    Ok(())
}

fn insert_users(conn: &mut DbConnection, backup: &Backup) -> Result<(), StoreError> {
    let scopes: Vec<(String, String)> = backup
        .users
        .iter()
        .map(|u| Ok((serde_json::to_string(&u.scope_regions)?, serde_json::to_string(&u.scope_programs)?)))
        .collect::<Result<_, serde_json::Error>>()
        .map_err(|e| StoreError::Other(format!("writing user scopes: {e}")))?;
    let rows: Vec<NewScopedUserRow<'_>> = backup
        .users
        .iter()
        .zip(&scopes)
        .map(|(u, (regions, programs))| NewScopedUserRow {
            account: NewUserRow {
                id: u.id.to_string(),
                email: &u.email,
                password_hash: &u.password_hash,
                role: u.role.as_str(),
                active: u.active,
                created_at: to_db_time(u.created_at),
                updated_at: to_db_time(u.updated_at),
            },
            scope_regions: regions.clone(),
            scope_programs: programs.clone(),
        })
        .collect();
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(users::table).values(batch).execute(c))?;
    }
    Ok(())
}

fn insert_changes(conn: &mut DbConnection, backup: &Backup) -> Result<(), StoreError> {
    let json = |value: &Option<serde_json::Value>| value.as_ref().map(to_json).transpose();
    let rows = backup
        .change_log
        .iter()
        .map(|c| {
            Ok(RestoredChangeRow {
                seq: c.seq,
                entity: c.entity.clone(),
                entity_id: c.entity_id.clone(),
                action: c.action.clone(),
                actor: c.actor.clone(),
                at: to_db_time(c.at),
                before: json(&c.before)?,
                after: json(&c.after)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(change_log::table).values(batch).execute(c))?;
    }
    // Explicit seqs do not move a PostgreSQL sequence; without this the next write would
    // collide with a restored entry. (SQLite's AUTOINCREMENT keeps track by itself.)
    if let (DbConnection::Pg(pg), Some(last)) = (conn, backup.change_log.last()) {
        diesel::sql_query("SELECT setval(pg_get_serial_sequence('change_log', 'seq'), $1)")
            .bind::<BigInt, _>(last.seq)
            .execute(pg)?;
    }
    Ok(())
}

/// Reports go in after the change log, whose entries their `change_seq` references.
fn insert_reports(conn: &mut DbConnection, backup: &Backup) -> Result<(), StoreError> {
    let rows: Vec<_> = backup.reports.iter().map(report_row).collect();
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(reports::table).values(batch).execute(c))?;
    }
    Ok(())
}
