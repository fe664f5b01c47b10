//! `/hsds` and `POST /v1/imports/hsds`: the HSDS 3.0 API, and HSDS services in.

mod common;
mod import;
mod import_keeps;
mod read;
