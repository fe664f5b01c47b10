//! Request extractors that turn bad input into clear problems instead of actix's defaults.

pub mod cursor;
pub mod filters;
pub mod json;
pub mod query;

pub use json::JsonBody;
