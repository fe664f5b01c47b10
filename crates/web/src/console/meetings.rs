//! `/staff/meetings…`: the list with search, filters, sorting and paging; the form to create
//! and edit a meeting; its history as field diffs; verify, archive, restore; the public page
//! and a preview. Every action is the `Directory` use case its REST route calls.

use std::collections::HashSet;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::AppError;
use recovery_app::meetings::Expect;
use recovery_app::reports::meeting_scope;
use recovery_domain::diff::diff;
use recovery_domain::{AttendanceOption, Meeting, MeetingId, MeetingInput, Programs, Status};
use recovery_store::StoreError;

use super::meeting_form::{CONTACT_ROWS, MeetingForm, input_of, label};
use super::session::Signed;
use super::text::EN;
use super::{Layout, Problem, failure, not_found, problems, query, render, see_other, when, who};

/// Meetings per page of the list.
const PAGE: usize = 50;

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

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Draft => EN.status_draft,
        Status::Published => EN.status_published,
        Status::Archived => EN.status_archived,
    }
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
            && (attendance.is_empty() || attendance_name(d.attendance_option()) == attendance)
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

fn attendance_name(option: AttendanceOption) -> &'static str {
    match option {
        AttendanceOption::InPerson => "in_person",
        AttendanceOption::Online => "online",
        AttendanceOption::Hybrid => "hybrid",
        AttendanceOption::Inactive => "inactive",
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

/// The meeting form page (new or edit).
#[derive(Template)]
#[template(path = "console/meeting.html")]
pub struct MeetingPage {
    /// The surroundings.
    pub layout: Layout,
    /// The meeting, when editing.
    pub meeting: Option<MeetingMeta>,
    /// Where the form posts.
    pub action: String,
    /// The form's values and errors.
    pub form: MeetingForm,
    /// The error summary.
    pub problems: Vec<Problem>,
    /// A refused edit's two versions.
    pub conflict: Vec<Difference>,
    /// The `updated_at` of the version being edited.
    pub updated_at: String,
    /// Program choices.
    pub programs: Vec<Choice>,
    /// Day choices.
    pub days: Vec<Choice>,
    /// Status choices.
    pub statuses: Vec<Choice>,
    /// The program's types.
    pub types: Vec<Choice>,
    /// The time zone's hint, naming the directory's default.
    pub timezone_hint: String,
    /// Contact rows.
    pub contact_rows: Vec<usize>,
}

/// What the edit page says about a stored meeting.
#[derive(Debug, Clone)]
pub struct MeetingMeta {
    /// Its id.
    pub id: String,
    /// Its public page, when published.
    pub public_href: Option<String>,
    /// True when archived.
    pub archived: bool,
    /// Last verified.
    pub verified: String,
    /// Last changed.
    pub changed: String,
}

fn meta(m: &Meeting) -> MeetingMeta {
    MeetingMeta {
        id: m.id.to_string(),
        public_href: (m.data.status == Status::Published).then(|| format!("/meetings/{}", m.data.slug)),
        archived: m.data.status == Status::Archived,
        verified: m.verified_at.map_or_else(|| EN.never.to_string(), when),
        changed: when(m.updated_at),
    }
}

fn form_page(
    state: &AppState,
    signed: &Signed,
    meeting: Option<&Meeting>,
    form: MeetingForm,
    problems: Vec<Problem>,
) -> MeetingPage {
    let program = Some(form.v("program")).filter(|p| !p.is_empty()).unwrap_or_else(|| state.defaults().program.clone());
    let status = Some(form.v("status")).filter(|s| !s.is_empty()).unwrap_or_else(|| "published".into());
    let programs = choices(Programs::builtin().all().iter().map(|p| (p.id.to_string(), p.name.to_string())), &program);
    let days = choices(EN.weekdays.iter().enumerate().map(|(i, d)| (i.to_string(), d.to_string())), &form.v("day"));
    let statuses = choices(
        [Status::Published, Status::Draft, Status::Archived]
            .map(|s| (s.as_str().to_string(), status_label(s).to_string())),
        &status,
    );
    let types = Programs::builtin()
        .get(&program)
        .map(|p| {
            p.vocabulary
                .types()
                .iter()
                .map(|t| Choice {
                    value: t.code.clone(),
                    label: t.name("en").to_string(),
                    selected: form.has_type(&t.code),
                })
                .collect()
        })
        .unwrap_or_default();
    let title = meeting.map_or_else(|| EN.new_meeting.to_string(), |m| m.data.name.clone());
    MeetingPage {
        layout: Layout::signed(signed, title, "meetings"),
        meeting: meeting.map(meta),
        action: meeting.map_or_else(|| "/staff/meetings".to_string(), |m| format!("/staff/meetings/{}", m.id)),
        form,
        problems,
        conflict: Vec::new(),
        updated_at: meeting.map(|m| stamp(m.updated_at)).unwrap_or_default(),
        programs,
        days,
        statuses,
        types,
        timezone_hint: format!("{} {}", EN.timezone_hint, state.defaults().timezone.name()),
        contact_rows: (0..CONTACT_ROWS).collect(),
    }
}

/// How the form carries the version it edits: RFC 3339 to the microsecond, as stored.
fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// `GET /staff/meetings/new`.
pub async fn new(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    if let Err(e) = recovery_app::authorize::editor(&signed.user) {
        return failure(&signed, e);
    }
    let input = MeetingInput { status: Some("published".into()), ..MeetingInput::default() };
    render(&form_page(&state, &signed, None, MeetingForm::of(&input), Vec::new()), StatusCode::OK)
}

/// `POST /staff/meetings`: `create_meeting_as`, as `POST /v1/meetings`.
pub async fn create(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let (signed, fields) = posted_or_return!(state, req, body);
    let (mut input, unreadable) = input_of(&fields);
    if input.timezone.is_none() {
        input.timezone = region_timezone(&state, &input);
    }
    let result = if unreadable.is_empty() {
        state.create_meeting_as(input.clone(), &signed.user).await
    } else {
        Err(AppError::Invalid(recovery_domain::ValidationErrors(unreadable)))
    };
    match result {
        Ok(meeting) => Ok(see_other(&format!("/staff/meetings/{}?done=created", meeting.id))),
        Err(AppError::Invalid(errors)) => invalid(&state, &signed, None, &input, &errors.0),
        Err(AppError::Store(StoreError::Conflict { field, message })) => {
            invalid(&state, &signed, None, &input, &[recovery_domain::FieldError { field, message }])
        }
        Err(e) => failure(&signed, e),
    }
}

/// The time zone most published meetings of the new meeting's narrowest known region use: a
/// better guess for a meeting left without one than the directory's default, in a directory
/// that spans zones. `None` when no region matches (the directory's default then applies).
fn region_timezone(state: &AppState, input: &MeetingInput) -> Option<String> {
    let regions = input.location.as_ref()?.regions.as_ref()?;
    let index = state.index();
    let meetings = index.index.meetings();
    for region in regions.iter().rev() {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for m in &meetings {
            if m.data.location.as_ref().is_some_and(|l| l.regions.iter().any(|r| r.eq_ignore_ascii_case(region))) {
                *counts.entry(m.data.timezone.name()).or_default() += 1;
            }
        }
        if let Some((zone, _)) = counts.into_iter().max_by_key(|&(zone, n)| (n, std::cmp::Reverse(zone))) {
            return Some(zone.to_string());
        }
    }
    None
}

fn invalid(
    state: &AppState,
    signed: &Signed,
    meeting: Option<&Meeting>,
    input: &MeetingInput,
    errors: &[recovery_domain::FieldError],
) -> Result<HttpResponse, ApiError> {
    let form = MeetingForm::of(input).with_errors(errors);
    let mut page = form_page(state, signed, meeting, form, problems(errors, label));
    if let Some(m) = meeting {
        page.updated_at = stamp(m.updated_at);
    }
    render(&page, StatusCode::UNPROCESSABLE_ENTITY)
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

/// `GET /staff/meetings/{id}`: the edit form (viewers see it too, and are refused on save).
pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    let meeting = match load(&state, &signed, &id).await? {
        Ok(m) => m,
        Err(answer) => return Ok(answer),
    };
    let notice = query(&req, "done").map(|done| {
        match done.as_str() {
            "created" => EN.created,
            "verified" => EN.verified,
            "archived" => EN.archived_notice,
            "restored" => EN.restored,
            _ => EN.saved,
        }
        .to_string()
    });
    let mut page =
        form_page(&state, &signed, Some(&meeting), MeetingForm::of(&MeetingInput::from(&meeting.data)), Vec::new());
    page.layout = page.layout.with_notice(notice);
    render(&page, StatusCode::OK)
}

/// `POST /staff/meetings/{id}`: `update_meeting_as` with the edited version's `updated_at`, so
/// an edit of a meeting someone else saved since is refused and both versions are shown.
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let (signed, fields) = posted_or_return!(state, req, body);
    let Ok(id) = id.parse::<MeetingId>() else { return not_found(&signed) };
    let (mut input, unreadable) = input_of(&fields);
    // Checkboxes post in the vocabulary's order; keep the stored order of the types that stay,
    // so that saving does not record a reordering nobody made.
    if let (Some(types), Ok(stored)) = (input.types.as_mut(), state.stored_meeting(id).await) {
        let position = |code: &String| stored.data.types.iter().position(|t| t == code).unwrap_or(usize::MAX);
        types.sort_by_key(position);
    }
    let expect = Expect {
        updated_at: fields
            .get("updated_at")
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)),
    };
    let result = if unreadable.is_empty() {
        state.update_meeting_as(id, input.clone(), &signed.user, expect).await
    } else {
        Err(AppError::Invalid(recovery_domain::ValidationErrors(unreadable)))
    };
    match result {
        Ok(meeting) => Ok(see_other(&format!("/staff/meetings/{}?done=saved", meeting.id))),
        Err(AppError::Invalid(errors)) => {
            let stored = state.stored_meeting(id).await?;
            let mut page = form_page(
                &state,
                &signed,
                Some(&stored),
                MeetingForm::of(&input).with_errors(&errors.0),
                problems(&errors.0, label),
            );
            page.updated_at = fields.get("updated_at").unwrap_or_default();
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(AppError::Store(StoreError::Conflict { field, message })) if field == "updated_at" => {
            let stored = state.stored_meeting(id).await?;
            let saved = serde_json::to_value(MeetingInput::from(&stored.data)).ok();
            let yours = state
                .validate_meeting(input.clone())
                .ok()
                .and_then(|v| serde_json::to_value(MeetingInput::from(&v.data)).ok());
            let conflict = diff(saved.as_ref(), yours.as_ref().or(serde_json::to_value(&input).ok().as_ref()))
                .into_iter()
                .map(|c| Difference { field: c.field, saved: shown(&c.before), yours: shown(&c.after) })
                .collect();
            let problem = vec![Problem { field: "name".into(), message: message.clone() }];
            let mut page = form_page(&state, &signed, Some(&stored), MeetingForm::of(&input), problem);
            page.conflict = conflict;
            // Saving again now replaces the version shown as saved: a choice made in sight of it.
            page.updated_at = stamp(stored.updated_at);
            render(&page, StatusCode::CONFLICT)
        }
        Err(AppError::Store(StoreError::Conflict { field, message })) => {
            let stored = state.stored_meeting(id).await?;
            invalid(&state, &signed, Some(&stored), &input, &[recovery_domain::FieldError { field, message }])
        }
        Err(e) => failure(&signed, e),
    }
}

fn shown(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One entry of a meeting's history.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// The change's number.
    pub seq: i64,
    /// When.
    pub when: String,
    /// Who.
    pub who: String,
    /// What was done.
    pub action: String,
    /// The fields it changed.
    pub changes: Vec<Difference>,
}

/// The history page.
#[derive(Template)]
#[template(path = "console/history.html")]
pub struct HistoryPage {
    /// The surroundings.
    pub layout: Layout,
    /// The meeting's console page.
    pub back: String,
    /// Newest first.
    pub entries: Vec<HistoryEntry>,
}

/// `GET /staff/meetings/{id}/history`: the change log of the meeting as readable diffs.
pub async fn history(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    let meeting = match load(&state, &signed, &id).await? {
        Ok(m) => m,
        Err(answer) => return Ok(answer),
    };
    let mid = meeting.id;
    let (log, users) =
        state.read(move |store| Ok((store.meeting_history(mid, None, 200)?, store.list_users()?))).await?;
    let entries = log
        .iter()
        .map(|c| HistoryEntry {
            seq: c.seq,
            when: when(c.at),
            who: who(&c.actor, &users),
            action: c.action.clone(),
            changes: diff(c.before.as_ref(), c.after.as_ref())
                .into_iter()
                .filter(|d| !matches!(d.field.as_str(), "updated_at" | "created_at"))
                .map(|d| Difference { field: d.field, saved: shown(&d.before), yours: shown(&d.after) })
                .collect(),
        })
        .collect();
    let layout = Layout::signed(&signed, format!("{} {}", EN.history_of, meeting.data.name), "meetings");
    render(&HistoryPage { layout, back: format!("/staff/meetings/{}", meeting.id), entries }, StatusCode::OK)
}

/// `GET /staff/meetings/{id}/preview`: the resident's page of the meeting as it would be
/// published (private fields removed), whatever its status.
pub async fn preview(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    let meeting = match load(&state, &signed, &id).await? {
        Ok(m) => m,
        Err(answer) => return Ok(answer),
    };
    let lang = crate::i18n::Lang::En;
    let public = meeting.public_view();
    let report = crate::report_form::ReportForm::new(recovery_domain::ListingKind::Meeting, public.id.0, lang);
    let page = crate::detail::meeting_page(&req, &public, lang, report);
    let body = page.render().map_err(|e| ApiError::Internal(format!("rendering a page: {e}")))?;
    let banner = format!("<p class=\"notice\" role=\"status\">{}</p>", EN.preview_banner);
    let body = body.replacen("<main id=\"main\">", &format!("<main id=\"main\">{banner}"), 1);
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(body))
}

async fn act(
    state: &AppState,
    req: &HttpRequest,
    id: &str,
    body: &[u8],
    done: &str,
    action: impl AsyncFnOnce(&AppState, MeetingId, &Signed) -> Result<Meeting, AppError>,
) -> Result<HttpResponse, ApiError> {
    let (signed, _) = posted_or_return!(state, req, body);
    let Ok(id) = id.parse::<MeetingId>() else { return not_found(&signed) };
    match action(state, id, &signed).await {
        Ok(_) => Ok(see_other(&format!("/staff/meetings/{id}?done={done}"))),
        Err(e) => failure(&signed, e),
    }
}

/// `POST /staff/meetings/{id}/verify`: `verify_meeting_as`.
pub async fn verify(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    act(&state, &req, &id, &body, "verified", async |s, id, signed| s.verify_meeting_as(id, &signed.user).await).await
}

/// `POST /staff/meetings/{id}/archive`: `archive_meeting_as`, as `DELETE /v1/meetings/{id}`.
pub async fn archive(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    act(&state, &req, &id, &body, "archived", async |s, id, signed| s.archive_meeting_as(id, &signed.user).await).await
}

/// `POST /staff/meetings/{id}/restore`: publishes an archived meeting again, as a `PATCH` of
/// its status would.
pub async fn restore(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    act(&state, &req, &id, &body, "restored", async |s, id, signed| {
        let stored = s.meeting_to_edit(id, &signed.user).await?;
        let input =
            MeetingInput { status: Some(Status::Published.as_str().into()), ..MeetingInput::from(&stored.data) };
        s.update_meeting_as(id, input, &signed.user, Expect { updated_at: Some(stored.updated_at) }).await
    })
    .await
}
