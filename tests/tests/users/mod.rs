//! `/v1/users`.

mod lifecycle;
