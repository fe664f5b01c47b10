//! The one error type of the store layer, and the one place Diesel errors are translated.
//!
//! Policy: every public function of this crate returns [`StoreError`]. Diesel, r2d2 and
//! migration errors never leave the crate; they are mapped here, by kind, so the api can turn
//! each variant into one HTTP status without looking inside:
//! - [`StoreError::NotFound`]: the row asked for does not exist (404);
//! - [`StoreError::Conflict`]: a unique value (a meeting's `slug`, a user's `email`) is taken (409);
//! - [`StoreError::Reference`]: a referenced row does not exist (422, like invalid input: an
//!   organization, location or category named by id that is not stored);
//! - [`StoreError::Unavailable`]: no connection could be had or it was lost, or SQLite stayed
//!   locked past the busy timeout: retrying later may work (503);
//! - [`StoreError::NotWritable`]: the database answers but cannot take writes: a full disk, a
//!   file it may not write, a read-only PostgreSQL (503, with a detail that says so: reads
//!   served from memory keep working);
//! - [`StoreError::Corrupt`]: a stored row does not convert back into its domain type (500,
//!   logged: someone wrote the table by hand or a migration is missing);
//! - [`StoreError::Other`]: everything else (500).

use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error as DieselError};

/// What can go wrong in the store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A value that must be unique is already taken.
    #[error("{field}: {message}")]
    Conflict {
        /// The field whose value is taken (`slug`, `email`).
        field: String,
        /// A sentence for people.
        message: String,
    },
    /// A referenced row does not exist.
    #[error("{field}: {message}")]
    Reference {
        /// The field holding the reference (`organization_id`, `categories[2]`).
        field: String,
        /// A sentence for people.
        message: String,
    },
    /// The database cannot be reached, or stayed busy for too long.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The database cannot be written: the disk is full, a file cannot be written, or the
    /// server is read-only.
    #[error("the store cannot be written: {0}")]
    NotWritable(String),
    /// A stored row does not convert back into its domain type.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// Anything else.
    #[error("database error: {0}")]
    Other(String),
}

impl StoreError {
    /// A conflict on `field`, with the standard message.
    pub(crate) fn conflict(field: impl Into<String>) -> StoreError {
        let field = field.into();
        let message = format!("this {field} is already in use");
        StoreError::Conflict { field, message }
    }
}

impl StoreError {
    /// A reference in `field` to a row that does not exist.
    pub(crate) fn reference(field: impl Into<String>, message: impl Into<String>) -> StoreError {
        StoreError::Reference { field: field.into(), message: message.into() }
    }
}

impl From<DieselError> for StoreError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => StoreError::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                StoreError::conflict(unique_violation_field(info.as_ref()))
            }
            DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                StoreError::Unavailable(info.message().to_string())
            }
            DieselError::DatabaseError(_, info) if is_busy(info.message()) => {
                StoreError::Unavailable(info.message().to_string())
            }
            DieselError::DatabaseError(DatabaseErrorKind::ReadOnlyTransaction, info) => {
                StoreError::NotWritable(info.message().to_string())
            }
            DieselError::DatabaseError(_, info) if cannot_write(info.message()) => {
                StoreError::NotWritable(info.message().to_string())
            }
            DieselError::BrokenTransactionManager => StoreError::Unavailable(e.to_string()),
            DieselError::DeserializationError(_) => StoreError::Corrupt(e.to_string()),
            other => StoreError::Other(other.to_string()),
        }
    }
}

impl From<diesel::ConnectionError> for StoreError {
    fn from(e: diesel::ConnectionError) -> Self {
        StoreError::Unavailable(e.to_string())
    }
}

impl From<diesel::r2d2::PoolError> for StoreError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        StoreError::Unavailable(e.to_string())
    }
}

impl From<diesel::r2d2::Error> for StoreError {
    fn from(e: diesel::r2d2::Error) -> Self {
        match e {
            diesel::r2d2::Error::ConnectionError(e) => e.into(),
            diesel::r2d2::Error::QueryError(e) => e.into(),
        }
    }
}

/// SQLite reports a writer it waited for past `busy_timeout` this way.
fn is_busy(message: &str) -> bool {
    message.contains("database is locked") || message.contains("database table is locked")
}

/// How each backend reports a write the disk or the files refused: SQLite's `SQLITE_FULL`,
/// `SQLITE_READONLY` and `SQLITE_IOERR` (a write to its log or database file failed: a file
/// limit, a file made read-only or immutable under it), PostgreSQL's disk-full error.
fn cannot_write(message: &str) -> bool {
    ["database or disk is full", "attempt to write a readonly database", "disk I/O error", "No space left on device"]
        .iter()
        .any(|m| message.contains(m))
}

/// The field a unique violation is about, for both backends.
///
/// PostgreSQL names the constraint (`meetings_slug_key`, our migrations name them
/// `<table>_<column>_key`) and the table; SQLite only says
/// `UNIQUE constraint failed: meetings.slug`.
fn unique_violation_field(info: &dyn DatabaseErrorInformation) -> String {
    if let Some(constraint) = info.constraint_name() {
        let without_table = match info.table_name() {
            Some(table) => constraint.strip_prefix(table).and_then(|c| c.strip_prefix('_')).unwrap_or(constraint),
            None => constraint,
        };
        return match without_table.strip_suffix("_key") {
            Some(field) => field.to_string(),
            None if without_table == "pkey" => "id".to_string(),
            None => without_table.to_string(),
        };
    }
    match info.message().strip_prefix("UNIQUE constraint failed: ") {
        Some(columns) => columns
            .split(", ")
            .map(|c| c.rsplit_once('.').map_or(c, |(_, column)| column))
            .collect::<Vec<_>>()
            .join(","),
        None => "unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Info {
        message: &'static str,
        table: Option<&'static str>,
        constraint: Option<&'static str>,
    }

    impl DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.message
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            self.table
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            self.constraint
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    #[test]
    fn writes_the_disk_or_the_server_refused_are_not_writable() {
        let error = |kind, message: &'static str| {
            let info = Info { message, table: None, constraint: None };
            StoreError::from(DieselError::DatabaseError(kind, Box::new(info)))
        };
        for message in [
            "database or disk is full",
            "attempt to write a readonly database",
            "disk I/O error",
            "could not extend file \"base/16384/16397\": No space left on device",
        ] {
            assert!(matches!(error(DatabaseErrorKind::Unknown, message), StoreError::NotWritable(_)), "{message}");
        }
        let read_only =
            error(DatabaseErrorKind::ReadOnlyTransaction, "cannot execute INSERT in a read-only transaction");
        assert!(matches!(read_only, StoreError::NotWritable(_)));
        assert!(matches!(error(DatabaseErrorKind::Unknown, "database is locked"), StoreError::Unavailable(_)));
        assert!(matches!(error(DatabaseErrorKind::Unknown, "no such table: x"), StoreError::Other(_)));
    }

    #[test]
    fn unique_violation_names_the_field_on_both_backends() {
        let pg = Info { message: "duplicate key", table: Some("meetings"), constraint: Some("meetings_slug_key") };
        assert_eq!(unique_violation_field(&pg), "slug");
        let pg_pk = Info { message: "duplicate key", table: Some("users"), constraint: Some("users_pkey") };
        assert_eq!(unique_violation_field(&pg_pk), "id");
        let sqlite = Info { message: "UNIQUE constraint failed: users.email", table: None, constraint: None };
        assert_eq!(unique_violation_field(&sqlite), "email");
        let sqlite_pair = Info {
            message: "UNIQUE constraint failed: meeting_contacts.meeting_id, meeting_contacts.position",
            table: None,
            constraint: None,
        };
        assert_eq!(unique_violation_field(&sqlite_pair), "meeting_id,position");
    }
}
