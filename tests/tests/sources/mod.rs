//! Import sources end to end (issue #5): the real binary syncing from a real local feed
//! server (and a Nominatim stand-in), over HTTP, on SQLite and PostgreSQL. One file per area.

mod bmlt;
pub(crate) mod common;
mod duplicates;
mod failures;
mod formats;
mod geocoding;
mod permissions;
mod semantics;
mod ssrf;
