//! The meeting form: new, create, edit and save, with a refused outdated edit shown side by
//! side.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::AppError;
use recovery_app::meetings::Expect;
use recovery_domain::diff::diff;
use recovery_domain::{Meeting, MeetingId, MeetingInput, Programs, Status};
use recovery_store::StoreError;

use super::{Choice, Difference, choices, load, shown, status_label};
use crate::console::meeting_form::{CONTACT_ROWS, MeetingForm, input_of, label};
use crate::console::session::Signed;
use crate::console::text::EN;
use crate::console::{Layout, Problem, failure, not_found, problems, query, render, see_other, when};

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
