//! Import sources end to end (issue #5): the real binary syncing from a real local feed
//! server (and a Nominatim stand-in), over HTTP, on SQLite and PostgreSQL. One file per area.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "sources/common.rs"]
mod common;
#[path = "sources/duplicates.rs"]
mod duplicates;
#[path = "sources/failures.rs"]
mod failures;
#[path = "sources/formats.rs"]
mod formats;
#[path = "sources/geocoding.rs"]
mod geocoding;
#[path = "sources/kill.rs"]
mod kill;
#[path = "sources/permissions.rs"]
mod permissions;
#[path = "sources/semantics.rs"]
mod semantics;
#[path = "sources/ssrf.rs"]
mod ssrf;
