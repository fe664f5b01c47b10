//! `/staff/meetings…`: the list with search, filters, sorting and paging ([`list`]); the form
//! to create and edit a meeting ([`form`]); its history as field diffs and a preview
//! ([`history`]); verify, archive, restore ([`actions`]). Every action is the `Directory` use
//! case its REST route calls.

pub mod actions;
pub mod form;
pub mod history;
pub mod list;

use actix_web::HttpResponse;
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::AppError;
use recovery_app::reports::meeting_scope;
use recovery_domain::{Meeting, MeetingId, Status};
use recovery_store::StoreError;

pub use actions::{archive, restore, verify};
pub use form::{create, edit, new, save};
pub use history::{history, preview};
pub use list::list;

use super::session::Signed;
use super::text::EN;
use super::{failure, not_found};

/// A choice of a select.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What people read.
    pub label: String,
    /// True when chosen.
    pub selected: bool,
}

fn choices(pairs: impl IntoIterator<Item = (String, String)>, current: &str) -> Vec<Choice> {
    pairs.into_iter().map(|(value, label)| Choice { selected: value == current, value, label }).collect()
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Draft => EN.status_draft,
        Status::Published => EN.status_published,
        Status::Archived => EN.status_archived,
    }
}

/// A field that differs between the saved version and the one sent.
#[derive(Debug, Clone)]
pub struct Difference {
    /// The field's label.
    pub field: String,
    /// The saved value.
    pub saved: String,
    /// The value sent.
    pub yours: String,
}

async fn load(state: &AppState, signed: &Signed, id: &str) -> Result<Result<Meeting, HttpResponse>, ApiError> {
    let Ok(id) = id.parse::<MeetingId>() else { return Ok(Err(not_found(signed)?)) };
    match state.stored_meeting(id).await {
        Ok(m) if meeting_scope(&signed.user).is_none_or(|keep| keep(&m)) => Ok(Ok(m)),
        Ok(_) => Ok(Err(failure(signed, AppError::Forbidden(scope_text(signed))).unwrap_or_else(|e| err(&e)))),
        Err(AppError::Store(StoreError::NotFound)) => Ok(Err(not_found(signed)?)),
        Err(e) => Err(e.into()),
    }
}

fn scope_text(signed: &Signed) -> String {
    format!("{} {}", EN.outside_scope, scope_summary(signed))
}

fn scope_summary(signed: &Signed) -> String {
    let u = &signed.user;
    [u.scope_regions.join(", "), u.scope_programs.join(", ")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn err(e: &ApiError) -> HttpResponse {
    actix_web::ResponseError::error_response(e)
}

fn shown(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
