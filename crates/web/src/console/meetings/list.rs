//! `GET /staff/meetings`: the list with search, filters, sorting and paging.

use std::collections::HashSet;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::reports::meeting_scope;
use recovery_domain::{Meeting, MeetingId, Programs, Status};

use super::{Choice, choices, status_label};
use crate::console::text::EN;
use crate::console::{Layout, query, render};

/// Meetings per page of the list.
const PAGE: usize = 50;
/// One row of the list.
#[derive(Debug, Clone)]
pub struct Row {
    /// The console page.
    pub href: String,
    /// Name.
    pub name: String,
    /// Day and time in the meeting's zone.
    pub meets: String,
    /// Region path.
    pub region: String,
    /// Status.
    pub status: &'static str,
    /// Last verified.
    pub verified: String,
}

/// The list page.
#[derive(Template)]
#[template(path = "console/meetings.html")]
pub struct ListPage {
    /// The surroundings.
    pub layout: Layout,
    /// The search text.
    pub q: String,
    /// Filter choices.
    pub programs: Vec<Choice>,
    /// Day choices.
    pub days: Vec<Choice>,
    /// Status choices.
    pub statuses: Vec<Choice>,
    /// Attendance choices.
    pub attendances: Vec<Choice>,
    /// Sort choices.
    pub sorts: Vec<Choice>,
    /// The region filter.
    pub region: String,
    /// The verified-before filter (a date).
    pub verified_before: String,
    /// True when only flagged imports are listed.
    pub flagged: bool,
    /// How many match.
    pub total: usize,
    /// This page's rows.
    pub rows: Vec<Row>,
    /// The previous page's address.
    pub prev: Option<String>,
    /// The next page's address.
    pub next: Option<String>,
}

fn meets(m: &Meeting) -> String {
    let d = &m.data;
    let mut s = format!("{} {}", EN.weekdays[usize::from(d.day.index())], d.time);
    if let Some(end) = d.end_time {
        s.push_str(&format!("–{end}"));
    }
    s.push_str(&format!(" ({})", d.timezone.name()));
    s
}

fn region_of(m: &Meeting) -> String {
    m.data.location.as_ref().map(|l| l.regions.join(" › ")).unwrap_or_default()
}

/// `GET /staff/meetings`.
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    let get = |name: &str| query(&req, name).map(|v| v.trim().to_string()).unwrap_or_default();
    let (q, program, region, day, status, attendance) =
        (get("q"), get("program"), get("region"), get("day"), get("status"), get("attendance"));
    let (verified_before, sort, flagged) = (get("verified_before"), get("sort"), get("flagged") == "1");
    let page: usize = get("page").parse().unwrap_or(1).max(1);
    let user = signed.user.clone();
    let (mut meetings, flagged_ids) = state
        .read(move |store| {
            let flagged: HashSet<MeetingId> = if flagged {
                store.flagged_listings()?.into_iter().map(|f| f.provenance.meeting_id).collect()
            } else {
                HashSet::new()
            };
            Ok((store.all_meetings(None)?, flagged))
        })
        .await?;
    let scope = meeting_scope(&user);
    let before = NaiveDate::parse_from_str(&verified_before, "%Y-%m-%d").ok();
    let needle = q.to_lowercase();
    meetings.retain(|m| {
        let d = &m.data;
        let address = d.location.as_ref().and_then(|l| l.formatted_address.clone()).unwrap_or_default();
        scope.as_ref().is_none_or(|keep| keep(m))
            && (needle.is_empty()
                || d.name.to_lowercase().contains(&needle)
                || d.slug.contains(&needle)
                || address.to_lowercase().contains(&needle))
            && (program.is_empty() || d.program == program)
            && (region.is_empty()
                || d.location.as_ref().is_some_and(|l| l.regions.iter().any(|r| r.eq_ignore_ascii_case(&region))))
            && (day.is_empty() || d.day.index().to_string() == day)
            && (status.is_empty() || d.status.as_str() == status)
            && (attendance.is_empty() || d.attendance_option().as_str() == attendance)
            && before.is_none_or(|date| m.verified_at.is_none_or(|at| at.date_naive() < date))
            && (!flagged || flagged_ids.contains(&m.id))
    });
    match sort.as_str() {
        "day" => meetings.sort_by_key(|m| (m.data.day.index(), m.data.time)),
        "updated" => meetings.sort_by_key(|m| std::cmp::Reverse(m.updated_at)),
        "verified" => meetings.sort_by_key(|m| m.verified_at),
        _ => meetings.sort_by_cached_key(|m| m.data.name.to_lowercase()),
    }
    let total = meetings.len();
    let rows = meetings
        .iter()
        .skip((page - 1) * PAGE)
        .take(PAGE)
        .map(|m| Row {
            href: format!("/staff/meetings/{}", m.id),
            name: m.data.name.clone(),
            meets: meets(m),
            region: region_of(m),
            status: status_label(m.data.status),
            verified: m.verified_at.map_or_else(|| EN.never.to_string(), |at| at.format("%Y-%m-%d").to_string()),
        })
        .collect();
    let link = |page: usize| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(req.query_string().as_bytes()).filter(|(k, _)| k != "page") {
            s.append_pair(&k, &v);
        }
        s.append_pair("page", &page.to_string());
        format!("/staff/meetings?{}", s.finish())
    };
    let any = || (String::new(), EN.any.to_string());
    let programs = choices(
        std::iter::once(any()).chain(Programs::builtin().all().iter().map(|p| (p.id.to_string(), p.name.to_string()))),
        &program,
    );
    let days = choices(
        std::iter::once(any()).chain(EN.weekdays.iter().enumerate().map(|(i, d)| (i.to_string(), d.to_string()))),
        &day,
    );
    let statuses = choices(
        std::iter::once(any()).chain(
            [Status::Published, Status::Draft, Status::Archived]
                .map(|s| (s.as_str().to_string(), status_label(s).to_string())),
        ),
        &status,
    );
    let attendances = choices(
        std::iter::once(any()).chain(
            [("in_person", EN.in_person), ("online", EN.online), ("hybrid", EN.hybrid), ("inactive", EN.inactive)]
                .map(|(v, l)| (v.to_string(), l.to_string())),
        ),
        &attendance,
    );
    let sorts = choices(
        [("name", EN.sort_name), ("day", EN.sort_day), ("updated", EN.sort_updated), ("verified", EN.sort_verified)]
            .map(|(v, l)| (v.to_string(), l.to_string())),
        if sort.is_empty() { "name" } else { &sort },
    );
    let page_view = ListPage {
        layout: Layout::signed(&signed, EN.meetings, "meetings"),
        q,
        programs,
        days,
        statuses,
        attendances,
        sorts,
        region,
        verified_before,
        flagged,
        total,
        rows,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page * PAGE < total).then(|| link(page + 1)),
    };
    render(&page_view, StatusCode::OK)
}
