//! Report rows ⇄ [`Report`].

use recovery_domain::{ListingKind, Report, ReportReason, ReportStatus};

use super::{from_db_time, to_db_time};
use crate::error::StoreError;
use crate::rows::report::ReportRow;

/// The row storing `report`.
pub(crate) fn report_row(report: &Report) -> ReportRow {
    ReportRow {
        id: report.id.to_string(),
        listing_kind: report.listing_kind.as_str().to_string(),
        listing_id: report.listing_id.hyphenated().to_string(),
        reason: report.reason.as_str().to_string(),
        message: report.message.clone(),
        contact_email: report.contact_email.clone(),
        status: report.status.as_str().to_string(),
        note: report.note.clone(),
        change_seq: report.change_seq,
        created_at: to_db_time(report.created_at),
        closed_at: report.closed_at.map(to_db_time),
        closed_by: report.closed_by.map(|user| user.to_string()),
    }
}

/// The report a row stores.
pub(crate) fn report_from_row(row: ReportRow) -> Result<Report, StoreError> {
    let corrupt = |what: &str, value: &str| StoreError::Corrupt(format!("report `{}`: bad {what} `{value}`", row.id));
    Ok(Report {
        id: row.id.parse().map_err(|_| corrupt("id", &row.id))?,
        listing_kind: ListingKind::parse(&row.listing_kind)
            .ok_or_else(|| corrupt("listing_kind", &row.listing_kind))?,
        listing_id: row.listing_id.parse().map_err(|_| corrupt("listing_id", &row.listing_id))?,
        reason: ReportReason::parse(&row.reason).ok_or_else(|| corrupt("reason", &row.reason))?,
        status: ReportStatus::parse(&row.status).ok_or_else(|| corrupt("status", &row.status))?,
        closed_by: match &row.closed_by {
            Some(user) => Some(user.parse().map_err(|_| corrupt("closed_by", user))?),
            None => None,
        },
        message: row.message,
        contact_email: row.contact_email,
        note: row.note,
        change_seq: row.change_seq,
        created_at: from_db_time(row.created_at),
        closed_at: row.closed_at.map(from_db_time),
    })
}
