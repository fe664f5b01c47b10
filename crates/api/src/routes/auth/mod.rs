//! `/v1/auth`: signing in.

pub mod token;
