//! `/v1/regions`.

mod list;
