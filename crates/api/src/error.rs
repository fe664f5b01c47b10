//! Errors as HTTP answers.
//!
//! Policy: handlers return `Result<_, ApiError>`. Lower layers keep their own error types
//! (`ValidationErrors` from the domain, `StoreError` from the store, `AppError` from the
//! application layer) and are converted here, in
//! one place, into one documented body: RFC 9457 `application/problem+json` with `type`,
//! `title`, `status`, `detail`, and `errors: [{field, message}]` for input that failed
//! validation. Nothing a request sends can produce a panic or a 500; a 500 means a bug or a
//! broken store and never carries internal details to the client (they go to the log). A
//! store that cannot be reached, or reached but not written, answers 503 with `Retry-After`
//! and a fixed detail for each case.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use recovery_domain::{FieldError, ValidationErrors};
use recovery_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:recovery-directory:problem:validation",
    "title": "Unprocessable Content",
    "status": 422,
    "detail": "1 invalid field(s)",
    "errors": [{"field": "location.latitude", "message": "must be between -90 and 90, not 91"}]
}))]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this request, for people.
    pub detail: String,
    /// The fields at fault, for input that failed validation or parsing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request could not be read (malformed JSON, unknown fields, bad query values).
    #[error("{detail}")]
    BadRequest {
        /// What was wrong.
        detail: String,
        /// The fields at fault, if known.
        errors: Vec<FieldError>,
    },
    /// No or bad credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// Signed in, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// No such resource (or not visible to this caller).
    #[error("{0}")]
    NotFound(String),
    /// The write clashes with what is stored (a duplicate slug or email).
    #[error("{detail}")]
    Conflict {
        /// What clashed.
        detail: String,
        /// The field at fault.
        errors: Vec<FieldError>,
    },
    /// The resource exists but does not answer this method; `Allow` lists those it answers.
    #[error("this resource answers only {0}")]
    MethodNotAllowed(String),
    /// The body is larger than allowed.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The body is not in a media type the route reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The input was read but is not valid.
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    /// Too many requests; retry after this many seconds.
    #[error("too many requests; retry in {0} seconds")]
    TooManyRequests(u64),
    /// The store is unreachable for now.
    #[error("{0}")]
    Unavailable(String),
    /// The store answers but cannot be written (a full disk, files it may not write): reads
    /// served from memory go on, writes wait until it can.
    #[error("{0}")]
    NotWritable(String),
    /// A bug or a broken store; the detail is logged, not sent.
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    /// A 400 naming one field.
    pub fn bad_field(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        let field = field.into();
        let message = message.into();
        ApiError::BadRequest { detail: format!("{field}: {message}"), errors: vec![FieldError { field, message }] }
    }

    fn kind(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "urn:recovery-directory:problem:validation",
            ApiError::Conflict { .. } => "urn:recovery-directory:problem:conflict",
            ApiError::BadRequest { .. } => "urn:recovery-directory:problem:bad-request",
            _ => "about:blank",
        }
    }

    /// The problem document this error is answered with.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let (detail, errors) = match self {
            ApiError::BadRequest { detail, errors } | ApiError::Conflict { detail, errors } => {
                (detail.clone(), errors.clone())
            }
            ApiError::Validation(e) => (e.to_string(), e.0.clone()),
            ApiError::Internal(_) => ("an internal error occurred; it has been logged".to_string(), Vec::new()),
            ApiError::Unavailable(_) => (UNAVAILABLE.to_string(), Vec::new()),
            ApiError::NotWritable(_) => (NOT_WRITABLE.to_string(), Vec::new()),
            other => (other.to_string(), Vec::new()),
        };
        Problem {
            kind: self.kind().to_string(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail,
            errors,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) | ApiError::NotWritable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(detail) => tracing::error!(%detail, "internal error"),
            // The driver's message names hosts and ports: the log keeps it, the caller does not.
            ApiError::Unavailable(detail) | ApiError::NotWritable(detail) => tracing::warn!(%detail, "answering 503"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        match self {
            ApiError::Unauthorized(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            ApiError::TooManyRequests(secs) => {
                response.insert_header((header::RETRY_AFTER, secs.to_string()));
            }
            ApiError::Unavailable(_) | ApiError::NotWritable(_) => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("5")));
            }
            ApiError::MethodNotAllowed(allow) => {
                if let Ok(value) = HeaderValue::from_str(allow) {
                    response.insert_header((header::ALLOW, value));
                }
            }
            _ => {}
        }
        response.body(serde_json::to_vec(&self.problem()).unwrap_or_default())
    }
}

/// What a caller reads when the database cannot be reached (the specifics go to the log).
pub const UNAVAILABLE: &str = "the database is unavailable; try again shortly";
/// What a caller reads when the store cannot be written (the specifics, such as file names,
/// go to the log).
pub const NOT_WRITABLE: &str = "the directory's store cannot be written right now (its disk may be full); searches and listings still work; try again shortly";

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::NotFound("not found".into()),
            StoreError::Conflict { field, message } => ApiError::Conflict {
                detail: format!("{field}: {message}"),
                errors: vec![FieldError { field, message }],
            },
            StoreError::Reference { field, message } => ApiError::Validation(ValidationErrors::one(field, message)),
            StoreError::Unavailable(m) => ApiError::Unavailable(format!("the database is unavailable: {m}")),
            StoreError::NotWritable(m) => ApiError::NotWritable(format!("the store cannot be written: {m}")),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<recovery_app::AppError> for ApiError {
    fn from(e: recovery_app::AppError) -> ApiError {
        use recovery_app::AppError;
        match e {
            AppError::Store(e) => e.into(),
            AppError::Invalid(e) => ApiError::Validation(e),
            AppError::Forbidden(detail) => ApiError::Forbidden(detail),
            AppError::NotFound(detail) => ApiError::NotFound(detail),
            AppError::Conflict(detail) => ApiError::Conflict { detail, errors: Vec::new() },
            AppError::Interrupted(detail) | AppError::Internal(detail) => ApiError::Internal(detail),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> ApiError {
        ApiError::Internal(format!("blocking task failed: {e}"))
    }
}

/// Runs blocking store work on the thread pool and converts its error.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
    T: Send + 'static,
{
    Ok(actix_web::web::block(f).await??)
}

/// The problems a staff write that creates something can answer with (for `#[utoipa::path]`).
#[derive(utoipa::IntoResponses)]
pub enum CreateProblems {
    /// Malformed JSON, or a field the resource does not have.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Not signed in, or the token is not valid.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Signed in, but the role may not write.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// A unique field (such as the slug) is taken.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// The body is over 1 MiB.
    #[response(status = 413, content_type = "application/problem+json")]
    PayloadTooLarge(Problem),
    /// Fields failed validation; `errors` names each one.
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
}

/// The problems a staff write to an existing resource can answer with.
#[derive(utoipa::IntoResponses)]
pub enum UpdateProblems {
    /// Malformed JSON, or a field the resource does not have.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Not signed in, or the token is not valid.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Signed in, but the role may not write.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such resource.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// A unique field (such as the slug) is taken.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// The body is over 1 MiB.
    #[response(status = 413, content_type = "application/problem+json")]
    PayloadTooLarge(Problem),
    /// Fields failed validation; `errors` names each one.
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
}
