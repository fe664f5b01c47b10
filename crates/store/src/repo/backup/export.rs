//! Taking a backup: everything it holds, from one snapshot.

use std::collections::HashMap;

use diesel::prelude::*;
use recovery_domain::{Meeting, Report, Role, UserId};

use super::agencies::{Agencies, load_agencies};
use super::sources::{Sources, load_sources};
use super::{Backup, BackupChange, BackupUser};
use crate::Store;
use crate::connection::DbConnection;
use crate::convert::meeting::meeting_from_rows;
use crate::convert::report::report_from_row;
use crate::convert::{from_db_time, from_json, now};
use crate::error::StoreError;
use crate::rows::change::ChangeRow;
use crate::rows::meeting::{ContactRow, MeetingRow};
use crate::rows::report::ReportRow;
use crate::rows::user::UserRow;
use crate::schema::{change_log, meeting_contacts, meetings, reports, users};

impl Store {
    /// Everything the database holds, read in one consistent snapshot, so a backup taken while
    /// servers keep writing still has every change-log entry of every meeting it holds.
    /// Meetings, users, agency and source records are ordered by id, change-log entries by
    /// `seq`.
    pub fn export_backup(&self) -> Result<Backup, StoreError> {
        let backend = self.backend().as_str().to_string();
        self.read(|conn| {
            let Agencies { organizations, locations, services, taxonomy_terms } = load_agencies(conn)?;
            let Sources { sources, provenance, import_runs, geocode_cache } = load_sources(conn)?;
            Ok(Backup {
                format: Backup::FORMAT.to_string(),
                version: Backup::VERSION,
                exported_at: now(),
                backend,
                meetings: load_meetings(conn)?,
                users: load_users(conn)?,
                sources,
                provenance,
                import_runs,
                geocode_cache,
                change_log: load_changes(conn)?,
                reports: load_reports(conn)?,
                organizations,
                locations,
                services,
                taxonomy_terms,
            })
        })
    }
}

/// Every meeting with its contacts: two queries, grouped in memory.
fn load_meetings(conn: &mut DbConnection) -> Result<Vec<Meeting>, StoreError> {
    let rows: Vec<MeetingRow> = meetings::table.select(MeetingRow::as_select()).load(conn)?;
    let contact_rows: Vec<ContactRow> = meeting_contacts::table
        .select(ContactRow::as_select())
        .order((meeting_contacts::meeting_id.asc(), meeting_contacts::position.asc()))
        .load(conn)?;
    let mut contacts: HashMap<String, Vec<ContactRow>> = HashMap::with_capacity(rows.len());
    for contact in contact_rows {
        contacts.entry(contact.meeting_id.clone()).or_default().push(contact);
    }
    let mut meetings = rows
        .into_iter()
        .map(|row| {
            let mine = contacts.remove(&row.id).unwrap_or_default();
            meeting_from_rows(row, mine)
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Sorted here rather than by the database, whose text collation differs between backends.
    meetings.sort_unstable_by_key(|m| m.id);
    Ok(meetings)
}

/// Every user, password hash included.
fn load_users(conn: &mut DbConnection) -> Result<Vec<BackupUser>, StoreError> {
    let rows: Vec<UserRow> = users::table.select(UserRow::as_select()).load(conn)?;
    let mut users = rows.into_iter().map(user_from_row).collect::<Result<Vec<_>, _>>()?;
    users.sort_unstable_by_key(|u| u.id);
    Ok(users)
}

fn user_from_row(row: UserRow) -> Result<BackupUser, StoreError> {
    let id: UserId = row.id.parse().map_err(|_| StoreError::Corrupt(format!("user id `{}` is not a UUID", row.id)))?;
    let role =
        Role::parse(&row.role).ok_or_else(|| StoreError::Corrupt(format!("user {id}: bad role `{}`", row.role)))?;
    Ok(BackupUser {
        id,
        email: row.email,
        role,
        active: row.active,
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
        password_hash: row.password_hash,
        scope_regions: scope(&id, &row.scope_regions)?,
        scope_programs: scope(&id, &row.scope_programs)?,
    })
}

/// A stored scope (a JSON array of names).
fn scope(id: &UserId, json: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("user {id}: bad scope `{json}`: {e}")))
}

/// Every problem report, by id.
fn load_reports(conn: &mut DbConnection) -> Result<Vec<Report>, StoreError> {
    let rows: Vec<ReportRow> = reports::table.select(ReportRow::as_select()).load(conn)?;
    let mut reports = rows.into_iter().map(report_from_row).collect::<Result<Vec<_>, _>>()?;
    reports.sort_unstable_by_key(|r| r.id);
    Ok(reports)
}

/// The whole change log, oldest first.
fn load_changes(conn: &mut DbConnection) -> Result<Vec<BackupChange>, StoreError> {
    let rows: Vec<ChangeRow> =
        change_log::table.select(ChangeRow::as_select()).order(change_log::seq.asc()).load(conn)?;
    rows.into_iter()
        .map(|row| {
            let json = |text: Option<String>| text.map(|t| from_json("change_log", &t)).transpose();
            Ok(BackupChange {
                seq: row.seq,
                entity: row.entity,
                entity_id: row.entity_id,
                action: row.action,
                actor: row.actor,
                at: from_db_time(row.at),
                before: json(row.before)?,
                after: json(row.after)?,
            })
        })
        .collect()
}
