//! Problem reports: the public's reports about listings, the staff queue, closing a report, and
//! erasing reporters' emails after the retention period.
//!
//! Every write is logged (entity `report`), but the change log never holds a reporter's email:
//! entries carry the report without it, and `has_contact_email` instead. The email lives only
//! in the `reports` table, until [`Store::purge_report_emails`] erases it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use recovery_domain::{Actor, Meeting, MeetingId, NewReport, Report, ReportClosing, ReportId, ReportStatus, UserId};
use serde::Serialize;
use uuid::Uuid;

use crate::Store;
use crate::connection::DbConnection;
use crate::convert::meeting::meeting_from_rows;
use crate::convert::report::{report_from_row, report_row};
use crate::convert::{now, to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::{INSERT_BATCH, changes};
use crate::rows::change::NewChangeRow;
use crate::rows::meeting::{ContactRow, MeetingRow};
use crate::rows::report::{ReportClosingChangeset, ReportRow};
use crate::schema::{change_log, meeting_contacts, meetings, reports};

/// What the change log calls a problem report.
pub(crate) const REPORT: &str = "report";

/// Reports are read in batches of this many while a scope filter drops some of them.
const SCAN_BATCH: i64 = 200;

/// Which reports to list: the staff queue's filters and keyset paging, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportQuery {
    /// Only reports with this status.
    pub status: Option<ReportStatus>,
    /// Only reports about this listing.
    pub listing_id: Option<Uuid>,
    /// Only reports after this one (the last of the previous page).
    pub after: Option<ReportId>,
    /// At most this many reports.
    pub limit: usize,
}

/// A report as written to the change log: without the reporter's email.
#[derive(Serialize)]
struct AuditedReport<'a> {
    #[serde(flatten)]
    report: &'a Report,
    has_contact_email: bool,
}

/// The change-log JSON of `report`, the email left out.
fn audit_json(report: &Report) -> Result<String, StoreError> {
    let without = Report { contact_email: None, ..report.clone() };
    to_json(&AuditedReport { report: &without, has_contact_email: report.contact_email.is_some() })
}

/// The change-log entry of `action` on a report.
fn report_change(
    action: &'static str,
    actor: &Actor,
    at: DateTime<Utc>,
    before: Option<&Report>,
    after: &Report,
) -> Result<NewChangeRow, StoreError> {
    Ok(NewChangeRow {
        entity: REPORT,
        entity_id: after.id.to_string(),
        action,
        actor: actor.label(),
        at: to_db_time(at),
        before: before.map(audit_json).transpose()?,
        after: Some(audit_json(after)?),
    })
}

impl Store {
    /// Stores a new open report sent by the public (logged with actor `system:public`, no
    /// email in the log); returns it with the change's `seq`. Whether the listing exists is
    /// the caller's check.
    pub fn create_report(&self, new: NewReport) -> Result<(Report, i64), StoreError> {
        let report = Report {
            id: ReportId::new(),
            listing_kind: new.listing_kind,
            listing_id: new.listing_id,
            reason: new.reason,
            message: new.message,
            contact_email: new.contact_email,
            status: ReportStatus::Open,
            note: None,
            change_seq: None,
            created_at: now(),
            closed_at: None,
            closed_by: None,
        };
        self.write(|conn| {
            diesel::insert_into(reports::table).values(report_row(&report)).execute(conn)?;
            let actor = Actor::System("public".to_string());
            let seq = changes::append(conn, report_change("create", &actor, report.created_at, None, &report)?)?;
            Ok((report, seq))
        })
    }

    /// The report `id`, reporter's email included.
    pub fn get_report(&self, id: ReportId) -> Result<Report, StoreError> {
        let row: ReportRow =
            reports::table.find(id.to_string()).select(ReportRow::as_select()).first(&mut *self.conn()?)?;
        report_from_row(row)
    }

    /// The reports `query` selects, oldest first (by id: ids are time-ordered).
    ///
    /// With `in_scope`, only reports about a meeting that is stored and for which it answers
    /// true are listed (reports about anything else are left out); the page is still filled
    /// up to `query.limit` when more match.
    pub fn list_reports(
        &self,
        query: &ReportQuery,
        in_scope: Option<&dyn Fn(&Meeting) -> bool>,
    ) -> Result<Vec<Report>, StoreError> {
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        self.read(|conn| {
            let mut found = Vec::new();
            let mut after = query.after.map(|id| id.to_string());
            loop {
                let batch = if in_scope.is_some() { SCAN_BATCH } else { limit };
                let rows = report_rows(conn, query, after.as_deref(), batch)?;
                let exhausted = i64::try_from(rows.len()).unwrap_or(i64::MAX) < batch;
                after = rows.last().map(|row| row.id.clone());
                let reports = rows.into_iter().map(report_from_row).collect::<Result<Vec<_>, _>>()?;
                let kept = match in_scope {
                    None => reports,
                    Some(keep) => {
                        let meetings = meetings_by_id(conn, reports.iter().map(|r| r.listing_id))?;
                        let visible = |r: &Report| meetings.get(&MeetingId(r.listing_id)).is_some_and(keep);
                        reports.into_iter().filter(visible).collect()
                    }
                };
                found.extend(kept);
                if exhausted || found.len() >= query.limit {
                    found.truncate(query.limit);
                    return Ok(found);
                }
            }
        })
    }

    /// Resolves or dismisses report `id` as `by` (closing again replaces the note and the
    /// referenced change); logs it as `resolve` or `dismiss` and returns it with the change's
    /// `seq`. Whether `closing.change_seq` exists is the caller's check
    /// ([`Store::change_exists`]).
    pub fn close_report(&self, id: ReportId, closing: ReportClosing, by: UserId) -> Result<(Report, i64), StoreError> {
        let key = id.to_string();
        self.write(|conn| {
            let row: ReportRow = reports::table.find(&key).select(ReportRow::as_select()).first(conn)?;
            let before = report_from_row(row)?;
            let at = now();
            let after = Report {
                status: closing.status,
                note: closing.note,
                change_seq: closing.change_seq,
                closed_at: Some(at),
                closed_by: Some(by),
                ..before.clone()
            };
            let changes = ReportClosingChangeset {
                status: after.status.as_str().to_string(),
                note: after.note.clone(),
                change_seq: after.change_seq,
                closed_at: Some(to_db_time(at)),
                closed_by: Some(by.to_string()),
            };
            diesel::update(reports::table.find(&key)).set(changes).execute(conn)?;
            let action = if after.status == ReportStatus::Dismissed { "dismiss" } else { "resolve" };
            let seq = changes::append(conn, report_change(action, &Actor::User(by), at, Some(&before), &after)?)?;
            Ok((after, seq))
        })
    }

    /// True when the change log has an entry `seq` (a report may name the change that fixed it).
    pub fn change_exists(&self, seq: i64) -> Result<bool, StoreError> {
        let n: i64 = change_log::table.filter(change_log::seq.eq(seq)).count().get_result(&mut *self.conn()?)?;
        Ok(n > 0)
    }

    /// Erases the reporter's email of every report sent before `older_than`, in one
    /// transaction, logging each as `purge_contact_email` (actor `system:retention`); returns
    /// how many were erased.
    pub fn purge_report_emails(&self, older_than: DateTime<Utc>) -> Result<usize, StoreError> {
        let cutoff = to_db_time(older_than);
        self.write(|conn| {
            let rows: Vec<ReportRow> = reports::table
                .filter(reports::contact_email.is_not_null().and(reports::created_at.lt(cutoff)))
                .select(ReportRow::as_select())
                .load(conn)?;
            let ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
            for batch in ids.chunks(INSERT_BATCH) {
                diesel::update(reports::table.filter(reports::id.eq_any(batch)))
                    .set(reports::contact_email.eq(None::<String>))
                    .execute(conn)?;
            }
            let at = now();
            let actor = Actor::System("retention".to_string());
            let entries = rows
                .into_iter()
                .map(|row| {
                    let before = report_from_row(row)?;
                    let after = Report { contact_email: None, ..before.clone() };
                    report_change("purge_contact_email", &actor, at, Some(&before), &after)
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            changes::append_all(conn, &entries)?;
            Ok(entries.len())
        })
    }
}

/// One batch of the rows `query` selects after `after`, oldest first.
fn report_rows(
    conn: &mut DbConnection,
    query: &ReportQuery,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<ReportRow>, StoreError> {
    let mut q = reports::table.select(ReportRow::as_select()).order(reports::id.asc()).limit(limit).into_boxed();
    if let Some(status) = query.status {
        q = q.filter(reports::status.eq(status.as_str()));
    }
    if let Some(listing) = query.listing_id {
        q = q.filter(reports::listing_id.eq(listing.hyphenated().to_string()));
    }
    if let Some(after) = after {
        q = q.filter(reports::id.gt(after.to_string()));
    }
    Ok(q.load(conn)?)
}

/// The stored meetings among `ids` (any status), by id.
fn meetings_by_id(
    conn: &mut DbConnection,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<MeetingId, Meeting>, StoreError> {
    let mut keys: Vec<String> = ids.map(|id| id.hyphenated().to_string()).collect();
    keys.sort_unstable();
    keys.dedup();
    let rows: Vec<MeetingRow> =
        meetings::table.filter(meetings::id.eq_any(&keys)).select(MeetingRow::as_select()).load(conn)?;
    let contacts: Vec<ContactRow> = meeting_contacts::table
        .filter(meeting_contacts::meeting_id.eq_any(&keys))
        .order((meeting_contacts::meeting_id.asc(), meeting_contacts::position.asc()))
        .select(ContactRow::as_select())
        .load(conn)?;
    let mut by_meeting: HashMap<String, Vec<ContactRow>> = HashMap::new();
    for contact in contacts {
        by_meeting.entry(contact.meeting_id.clone()).or_default().push(contact);
    }
    rows.into_iter()
        .map(|row| {
            let mine = by_meeting.remove(&row.id).unwrap_or_default();
            meeting_from_rows(row, mine).map(|m| (m.id, m))
        })
        .collect()
}
