//! `/v1/imports`: bringing listings in from other systems (staff only).

pub mod hsds;
pub mod runs;
