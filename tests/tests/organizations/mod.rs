//! `/v1/organizations`.

mod lifecycle;
