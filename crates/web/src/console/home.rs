//! `/staff/`: the sign-in form when signed out; signed in, the counts that lead to work (each
//! a link) and the last 20 changes. An editor scoped to regions or programs sees only their
//! scope. Also the two small review lists the counts lead to that have no page of their own
//! yet: sources whose last run failed, and probable duplicates.

use std::collections::HashSet;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{TimeDelta, Utc};
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::reports::meeting_scope;
use recovery_domain::duplicates::find_duplicates;
use recovery_domain::source::RunStatus;
use recovery_domain::{Change, Meeting, ReportStatus, User};
use recovery_store::ReportQuery;

use super::text::EN;
use super::{Layout, render, session, sign_in, when, who};

/// Meetings not verified for this long are counted as needing a look.
pub const STALE_AFTER_DAYS: i64 = 90;
/// How many recent changes the home page lists.
const RECENT: usize = 20;
/// At most this many duplicate pairs are looked for.
const MAX_PAIRS: usize = 200;

/// One count that leads to work.
#[derive(Debug, Clone)]
pub struct Count {
    /// How many.
    pub n: usize,
    /// What they are.
    pub label: &'static str,
    /// Where to work on them.
    pub href: String,
}

/// One line of the recent changes.
#[derive(Debug, Clone)]
pub struct ChangeLine {
    /// When.
    pub when: String,
    /// Who (an email, or `system:…`).
    pub who: String,
    /// What: action, kind and name.
    pub what: String,
    /// The listing's console page, for meetings.
    pub href: Option<String>,
}

/// The home page.
#[derive(Template)]
#[template(path = "console/home.html")]
pub struct HomePage {
    /// The surroundings.
    pub layout: Layout,
    /// The counts.
    pub counts: Vec<Count>,
    /// The last changes.
    pub changes: Vec<ChangeLine>,
}

/// `GET /staff/`.
pub async fn page(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let Some(signed) = session::current(&state, &req).await? else {
        return sign_in::sign_in_page(&state, &req, Vec::new(), String::new(), StatusCode::OK);
    };
    let user = signed.user.clone();
    let counts = counts(&state, &user).await?;
    let changes = recent(&state, &user).await?;
    render(&HomePage { layout: Layout::signed(&signed, EN.home, "home"), counts, changes }, StatusCode::OK)
}

/// The meetings of the index (the published ones) that `user` works on.
pub fn published_in_scope(state: &AppState, user: &User) -> Vec<Arc<Meeting>> {
    let meetings = state.index().index.meetings();
    match meeting_scope(user) {
        None => meetings,
        Some(keep) => meetings.into_iter().filter(|m| keep(m)).collect(),
    }
}

async fn counts(state: &AppState, user: &User) -> Result<Vec<Count>, ApiError> {
    let open = ReportQuery { status: Some(ReportStatus::Open), limit: 10_000, ..ReportQuery::default() };
    let reports = state.list_reports(open, user).await?.len();
    let published = published_in_scope(state, user);
    let cutoff = Utc::now() - TimeDelta::days(STALE_AFTER_DAYS);
    let stale = published.iter().filter(|m| m.verified_at.is_none_or(|at| at < cutoff)).count();
    let in_scope: HashSet<_> = published.iter().map(|m| m.id).collect();
    let scoped = meeting_scope(user).is_some();
    let flagged = state.read(|store| store.flagged_listings()).await?;
    let flagged = flagged.iter().filter(|f| !scoped || in_scope.contains(&f.provenance.meeting_id)).count();
    let failed = if scoped { 0 } else { failed_sources(state).await?.len() };
    let pairs = tokio::task::spawn_blocking(move || find_duplicates(&published, MAX_PAIRS).len())
        .await
        .map_err(|e| ApiError::Internal(format!("finding duplicates: {e}")))?;
    let date = cutoff.format("%Y-%m-%d");
    let mut counts = vec![
        Count { n: reports, label: EN.count_reports, href: "/staff/reports".into() },
        Count {
            n: stale,
            label: EN.count_stale,
            href: format!("/staff/meetings?status=published&verified_before={date}&sort=verified"),
        },
        Count { n: flagged, label: EN.count_flagged, href: "/staff/meetings?flagged=1".into() },
    ];
    if !scoped {
        counts.push(Count { n: failed, label: EN.count_failed_sources, href: "/staff/sources".into() });
    }
    counts.push(Count { n: pairs, label: EN.count_duplicates, href: "/staff/duplicates".into() });
    Ok(counts)
}

/// A source whose last run failed: its name, when, and why.
#[derive(Debug, Clone)]
pub struct FailedSource {
    /// The source's name.
    pub name: String,
    /// Its address, if it has one.
    pub url: String,
    /// When the run ended.
    pub when: String,
    /// What went wrong.
    pub error: String,
}

async fn failed_sources(state: &AppState) -> Result<Vec<FailedSource>, ApiError> {
    Ok(state
        .read(|store| {
            let mut failed = Vec::new();
            for source in store.list_sources()? {
                if let Some(run) = store.list_runs(source.id, 1)?.into_iter().next()
                    && run.status == RunStatus::Failed
                {
                    failed.push(FailedSource {
                        name: source.data.name.clone(),
                        url: source.data.url.clone().unwrap_or_default(),
                        when: when(run.finished_at),
                        error: run.error.clone().unwrap_or_default(),
                    });
                }
            }
            Ok(failed)
        })
        .await?)
}

async fn recent(state: &AppState, user: &User) -> Result<Vec<ChangeLine>, ApiError> {
    let scope = meeting_scope(user);
    let (changes, users) = state.read(|store| Ok((store.recent_changes(500)?, store.list_users()?))).await?;
    let visible = |c: &Change| match &scope {
        None => true,
        Some(keep) => c.entity == "meeting" && meeting_of(c).is_some_and(|data| keep(&data)),
    };
    Ok(changes.iter().filter(|c| visible(c)).take(RECENT).map(|c| line(c, &users)).collect())
}

/// The meeting a change is about, as it was after (or, for a removal, before) the change.
fn meeting_of(change: &Change) -> Option<Meeting> {
    let value = change.after.as_ref().or(change.before.as_ref())?;
    serde_json::from_value::<Meeting>(value.clone()).ok()
}

/// The change as one line of the list.
pub fn line(change: &Change, users: &[User]) -> ChangeLine {
    let name = change
        .after
        .as_ref()
        .or(change.before.as_ref())
        .and_then(|v| v.get("name").or_else(|| v.get("email")))
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let what = format!("{} {} {}", change.action, change.entity.replace('_', " "), name).trim().to_string();
    let href = (change.entity == "meeting").then(|| format!("/staff/meetings/{}", change.entity_id));
    ChangeLine { when: when(change.at), who: who(&change.actor, users), what, href }
}

/// A page of rows under a heading: the review lists without a page of their own.
#[derive(Template)]
#[template(path = "console/table.html")]
pub struct TablePage {
    /// The surroundings.
    pub layout: Layout,
    /// Column headings.
    pub columns: Vec<&'static str>,
    /// Rows of cells: text and an optional link.
    pub rows: Vec<Vec<(String, Option<String>)>>,
}

/// `GET /staff/sources`: the sources whose last run failed (admins and unscoped staff).
pub async fn sources(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    if meeting_scope(&signed.user).is_some() {
        return super::failure(&signed, recovery_app::AppError::Forbidden(EN.admins_only.into()));
    }
    let rows = failed_sources(&state)
        .await?
        .into_iter()
        .map(|f| vec![(f.name, None), (f.url, None), (f.when, None), (f.error, None)])
        .collect();
    let columns = vec![EN.col_name, EN.website, EN.col_when, EN.message];
    render(
        &TablePage { layout: Layout::signed(&signed, EN.count_failed_sources, "home"), columns, rows },
        StatusCode::OK,
    )
}

/// `GET /staff/duplicates`: probable duplicate pairs among the published meetings in scope.
pub async fn duplicates(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    let published = published_in_scope(&state, &signed.user);
    let pairs = tokio::task::spawn_blocking(move || find_duplicates(&published, MAX_PAIRS))
        .await
        .map_err(|e| ApiError::Internal(format!("finding duplicates: {e}")))?;
    let rows = pairs
        .into_iter()
        .map(|p| {
            let reasons = p.reasons.iter().map(|r| format!("{r:?}").to_lowercase()).collect::<Vec<_>>().join(", ");
            vec![
                (p.first.name.clone(), Some(format!("/staff/meetings/{}", p.first.id))),
                (p.second.name.clone(), Some(format!("/staff/meetings/{}", p.second.id))),
                (reasons, None),
            ]
        })
        .collect();
    let columns = vec![EN.col_name, EN.col_name, EN.reason];
    let layout = Layout::signed(&signed, EN.count_duplicates, "home");
    render(&TablePage { layout, columns, rows }, StatusCode::OK)
}
