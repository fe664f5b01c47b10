//! `/v1/meetings`: one file per verb, as the routes are laid out.

mod bad_input;
mod create;
mod delete;
mod read;
mod search;
mod status;
mod update;
mod verify;
