//! `/v1/programs`.

mod list;
