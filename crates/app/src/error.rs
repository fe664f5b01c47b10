//! What a use case can fail with. The surfaces (REST, pages, command line) each turn it into
//! their own answer in one place.

use recovery_domain::ValidationErrors;
use recovery_store::StoreError;

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The store refused or failed (not found, conflicts, references, unavailable, broken).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The input was read but is not valid.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// The caller may not do this (outside their scope); the message says why.
    #[error("{0}")]
    Forbidden(String),
    /// What was asked for does not exist; the message names it.
    #[error("{0}")]
    NotFound(String),
    /// The request clashes with something in progress or stored; the message says what.
    #[error("{0}")]
    Conflict(String),
    /// A blocking task did not finish (it panicked or the runtime is shutting down).
    #[error("a background task did not finish: {0}")]
    Interrupted(String),
    /// Something that should not fail did (no randomness, a hasher error); the detail is for
    /// the log, not for people.
    #[error("{0}")]
    Internal(String),
}
