//! `/staff/users` (admins): the accounts, inviting someone (the account and a one-time link
//! to choose a password), a password-reset link for an account, and the links not used yet,
//! each revocable. A link is shown once, on the page that issued it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::AppError;
use recovery_app::accounts::console::{Invitation, IssuedLink};
use recovery_domain::user::LinkKind;
use recovery_domain::{Programs, Role, UserId};
use recovery_store::StoreError;

use super::meetings::Choice;
use super::session::Signed;
use super::text::EN;
use super::{Layout, Problem, failure, problems, query, render, see_other, when};

/// One account as listed.
#[derive(Debug, Clone)]
pub struct Account {
    /// Its id.
    pub id: String,
    /// Email.
    pub email: String,
    /// Role.
    pub role: &'static str,
    /// Active or not.
    pub state: &'static str,
    /// Its scope in words.
    pub scope: String,
}

/// One open link.
#[derive(Debug, Clone)]
pub struct OpenLink {
    /// Its id.
    pub id: String,
    /// Whose.
    pub email: String,
    /// Invitation or reset.
    pub kind: &'static str,
    /// Expiry.
    pub expires: String,
}

/// The users page.
#[derive(Template)]
#[template(path = "console/users.html")]
pub struct UsersPage {
    /// The surroundings.
    pub layout: Layout,
    /// The accounts.
    pub accounts: Vec<Account>,
    /// The links not used yet.
    pub links: Vec<OpenLink>,
    /// A link just issued: whose, and its address.
    pub issued: Option<(String, String)>,
    /// Problems with an invitation just sent.
    pub problems: Vec<Problem>,
    /// The invitation as typed.
    pub email: String,
    /// Role choices.
    pub roles: Vec<Choice>,
    /// Region scope as typed.
    pub scope_regions: String,
    /// Program choices.
    pub programs: Vec<Choice>,
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Viewer => EN.role_viewer,
        Role::Editor => EN.role_editor,
        Role::Admin => EN.role_admin,
    }
}

/// What an invitation form held, to show it again.
#[derive(Debug, Default)]
struct Typed {
    email: String,
    role: String,
    regions: String,
    programs: Vec<String>,
}

async fn page(
    state: &AppState,
    signed: &Signed,
    issued: Option<IssuedLink>,
    problems: Vec<Problem>,
    typed: Typed,
    notice: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let links = match state.open_links(&signed.user).await {
        Ok(links) => links,
        Err(e) => return failure(signed, e),
    };
    let users = state.read(|store| store.list_users()).await?;
    let accounts = users
        .iter()
        .map(|u| Account {
            id: u.id.to_string(),
            email: u.email.clone(),
            role: u.role.as_str(),
            state: if u.active { EN.active } else { EN.deactivated },
            scope: if u.role == Role::Editor && !(u.scope_regions.is_empty() && u.scope_programs.is_empty()) {
                [u.scope_regions.join(", "), u.scope_programs.join(", ")]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                EN.everything.to_string()
            },
        })
        .collect();
    let links = links
        .into_iter()
        .map(|l| OpenLink {
            id: l.id,
            email: l.user.email,
            kind: if l.kind == LinkKind::Invitation { EN.link_invitation } else { EN.link_reset },
            expires: when(l.expires_at),
        })
        .collect();
    let role = if typed.role.is_empty() { "editor".to_string() } else { typed.role.clone() };
    let roles = [Role::Viewer, Role::Editor, Role::Admin]
        .map(|r| Choice { value: r.as_str().into(), label: role_label(r).into(), selected: r.as_str() == role })
        .to_vec();
    let programs = Programs::builtin()
        .all()
        .iter()
        .map(|p| Choice {
            value: p.id.into(),
            label: p.name.into(),
            selected: typed.programs.iter().any(|t| t == p.id),
        })
        .collect();
    let issued = issued.map(|i| (i.link.user.email.clone(), format!("{}/staff/link/{}", state.public_url, i.token)));
    let layout = Layout::signed(signed, EN.users, "users").with_notice(notice);
    let view = UsersPage {
        layout,
        accounts,
        links,
        issued,
        problems,
        email: typed.email,
        roles,
        scope_regions: typed.regions,
        programs,
    };
    render(&view, status)
}

/// `GET /staff/users`.
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    let notice = query(&req, "done").map(|_| EN.revoked.to_string());
    page(&state, &signed, None, Vec::new(), Typed::default(), notice, StatusCode::OK).await
}

/// `POST /staff/users/invite`: `invite_user`; the page then shows the link to pass on.
pub async fn invite(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let (signed, fields) = posted_or_return!(state, req, body);
    let typed = Typed {
        email: fields.get("email").unwrap_or_default(),
        role: fields.get("role").unwrap_or_default(),
        regions: fields.raw("scope_regions").unwrap_or_default().to_string(),
        programs: fields.all("scope_programs"),
    };
    let Some(role) = Role::parse(&typed.role) else {
        let problem = vec![Problem { field: "role".into(), message: format!("{}: {}", EN.role, EN.problems) }];
        return page(&state, &signed, None, problem, typed, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let invitation = Invitation {
        email: typed.email.clone(),
        role,
        scope_regions: typed.regions.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
        scope_programs: typed.programs.clone(),
    };
    let label = |field: &str| match field {
        "email" => EN.email,
        "scope_programs" => EN.scope_programs,
        _ => EN.scope_regions,
    };
    match state.invite_user(invitation, &signed.user).await {
        Ok(issued) => page(&state, &signed, Some(issued), Vec::new(), Typed::default(), None, StatusCode::OK).await,
        Err(AppError::Invalid(errors)) => {
            let problems = problems(&errors.0, label);
            page(&state, &signed, None, problems, typed, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Store(StoreError::Conflict { message, .. })) => {
            let problem = vec![Problem { field: "email".into(), message: format!("{}: {message}", EN.email) }];
            page(&state, &signed, None, problem, typed, None, StatusCode::CONFLICT).await
        }
        Err(e) => failure(&signed, e),
    }
}

/// `POST /staff/users/{id}/reset`: `issue_reset_link`; the page then shows the link.
pub async fn reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let (signed, _) = posted_or_return!(state, req, body);
    let Ok(id) = id.parse::<UserId>() else { return super::not_found(&signed) };
    match state.issue_reset_link(id, &signed.user).await {
        Ok(issued) => page(&state, &signed, Some(issued), Vec::new(), Typed::default(), None, StatusCode::OK).await,
        Err(e) => failure(&signed, e),
    }
}

/// `POST /staff/links/{id}/revoke`.
pub async fn revoke(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let (signed, _) = posted_or_return!(state, req, body);
    match state.revoke_link(id.into_inner(), &signed.user).await {
        Ok(()) => Ok(see_other("/staff/users?done=revoked")),
        Err(e) => failure(&signed, e),
    }
}
