//! Table rows as Diesel reads and writes them: one struct per row shape, kept apart from the
//! domain types. Conversions live in [`crate::convert`].

pub(crate) mod agency;
pub(crate) mod auth;
pub(crate) mod change;
pub(crate) mod meeting;
pub(crate) mod report;
pub(crate) mod source;
pub(crate) mod user;
