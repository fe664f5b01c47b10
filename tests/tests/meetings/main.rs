//! `/v1/meetings`: one file per verb, as the routes are laid out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod create;
mod delete;
mod read;
mod search;
mod status;
mod update;
