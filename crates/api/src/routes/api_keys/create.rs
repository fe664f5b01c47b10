//! `POST /v1/api-keys`: issues a key, shown once.

use actix_web::{HttpResponse, http::header, post, web};
use recovery_app::api_keys::KeyRequest;
use recovery_domain::Actor;
use serde::Deserialize;
use utoipa::ToSchema;

use super::view::{ApiKeyView, CreatedApiKey};
use crate::auth::Staff;
use crate::error::{ApiError, CreateProblems};
use crate::extract::JsonBody;
use crate::state::AppState;

/// A key to issue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyInput {
    /// What the key is for, for people ("Meeting finder app"); 1 to 100 characters.
    #[schema(
        max_length = 100,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: String,
    /// Who to contact about the key's use.
    #[schema(format = Email, max_length = 254)]
    pub owner_email: String,
    /// Requests per minute for this key (1 to 100000); absent uses the server's limit for
    /// authenticated callers.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 100000)]
    pub rate_limit_per_minute: Option<u32>,
}

/// Issue an API key.
///
/// Admins only. The answer holds the key (`rdk_<prefix>_<secret>`, 256 random bits) this once:
/// only its SHA-256 is stored. A key reads what the public reads, at its own rate limit; it
/// cannot write or reach staff routes. Issuing is logged in the change log, without the key.
#[utoipa::path(
    operation_id = "api_keys_create",
    post, path = "/v1/api-keys", tag = "api-keys",
    request_body = ApiKeyInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Issued; `key` is shown only here", body = CreatedApiKey,
            headers(("Location" = String, description = "The key's URL"))),
        CreateProblems,
    )
)]
#[post("/v1/api-keys")]
pub async fn create(
    state: web::Data<AppState>,
    staff: Staff,
    body: JsonBody<ApiKeyInput>,
) -> Result<HttpResponse, ApiError> {
    staff.require_admin()?;
    let ApiKeyInput { name, owner_email, rate_limit_per_minute } = body.0;
    let request = KeyRequest { name, owner_email, rate_limit_per_minute };
    let (stored, key) = state.issue_api_key(request, Actor::User(staff.0.id)).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/api-keys/{}", stored.id)))
        .json(CreatedApiKey { view: ApiKeyView::from(stored), key }))
}
