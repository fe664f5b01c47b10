//! `POST /v1/api-keys`: issues a key, shown once.

use actix_web::{HttpResponse, http::header, post, web};
use recovery_domain::validation::is_plausible_email;
use recovery_domain::{Actor, FieldError, ValidationErrors};
use recovery_store::NewApiKey;
use serde::Deserialize;
use utoipa::ToSchema;

use super::view::{ApiKeyView, CreatedApiKey};
use crate::auth::{Staff, api_key};
use crate::error::{ApiError, CreateProblems, blocking};
use crate::extract::JsonBody;
use crate::state::AppState;

/// The longest key name.
pub const MAX_NAME_CHARS: usize = 100;
/// The highest per-key rate limit, in requests per minute.
pub const MAX_RATE_LIMIT: u32 = 100_000;

/// A key to issue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyInput {
    /// What the key is for, for people ("Meeting finder app"); 1 to 100 characters.
    pub name: String,
    /// Who to contact about the key's use.
    pub owner_email: String,
    /// Requests per minute for this key (1 to 100000); absent uses the server's limit for
    /// authenticated callers.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 100000)]
    pub rate_limit_per_minute: Option<u32>,
}

/// Checks an input; the name and email come back trimmed, the email lowercase.
fn validate(input: ApiKeyInput) -> Result<(String, String, Option<u32>), ValidationErrors> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        fail("name", format!("must be 1 to {MAX_NAME_CHARS} characters"));
    } else if name.chars().any(char::is_control) {
        fail("name", "must not hold control characters".into());
    }
    let email = input.owner_email.trim().to_lowercase();
    if !is_plausible_email(&email) || email.len() > 254 {
        fail("owner_email", "must be an email address".into());
    }
    if let Some(limit) = input.rate_limit_per_minute {
        if !(1..=MAX_RATE_LIMIT).contains(&limit) {
            fail("rate_limit_per_minute", format!("must be from 1 to {MAX_RATE_LIMIT}, or absent"));
        }
    }
    if errors.is_empty() { Ok((name, email, input.rate_limit_per_minute)) } else { Err(ValidationErrors(errors)) }
}

/// Issue an API key.
///
/// Admins only. The answer holds the key (`rdk_<prefix>_<secret>`, 256 random bits) this once:
/// only its SHA-256 is stored. A key reads what the public reads, at its own rate limit; it
/// cannot write or reach staff routes. Issuing is logged in the change log, without the key.
#[utoipa::path(
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
    let (name, owner_email, rate_limit_per_minute) = validate(body.0)?;
    let actor = Actor::User(staff.0.id);
    // A prefix collision (one in 2^32) is retried with a new key.
    let mut attempts = 0;
    let (stored, key) = loop {
        attempts += 1;
        let generated = api_key::generate()?;
        let new = NewApiKey {
            name: name.clone(),
            owner_email: owner_email.clone(),
            prefix: generated.prefix,
            key_hash: generated.hash,
            rate_limit_per_minute,
        };
        let store = state.store().clone();
        let actor = actor.clone();
        match blocking(move || store.create_api_key(new, &actor)).await {
            Ok(stored) => break (stored, generated.key),
            Err(ApiError::Conflict { .. }) if attempts < 3 => continue,
            Err(ApiError::Conflict { detail, .. }) => {
                return Err(ApiError::Internal(format!("no unique API key after {attempts} tries: {detail}")));
            }
            Err(e) => return Err(e),
        }
    };
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/api-keys/{}", stored.id)))
        .json(CreatedApiKey { view: ApiKeyView::from(stored), key }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, email: &str, limit: Option<u32>) -> ApiKeyInput {
        ApiKeyInput { name: name.into(), owner_email: email.into(), rate_limit_per_minute: limit }
    }

    #[test]
    fn inputs_are_trimmed_and_checked() {
        assert_eq!(
            validate(input("  Finder ", " Dev@Example.ORG ", Some(5))).unwrap(),
            ("Finder".to_string(), "dev@example.org".to_string(), Some(5))
        );
        let fields = |e: ValidationErrors| e.0.into_iter().map(|f| f.field).collect::<Vec<_>>();
        assert_eq!(
            fields(validate(input(" ", "nope", Some(0))).unwrap_err()),
            ["name", "owner_email", "rate_limit_per_minute"]
        );
        assert_eq!(fields(validate(input(&"x".repeat(101), "a@b.org", None)).unwrap_err()), ["name"]);
        assert_eq!(
            fields(validate(input("a\u{7}b", "a@b.org", Some(100_001))).unwrap_err()),
            ["name", "rate_limit_per_minute"]
        );
    }
}
