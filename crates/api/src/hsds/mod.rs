//! Open Referral HSDS 3.0: our agencies (and published meetings) as HSDS JSON, and HSDS JSON
//! read back into our model.
//!
//! Lists first filter and page [`candidate`]s (the `Arc` of each matching record, chosen on
//! cheap fields), then take snapshots ([`bundle`]) for the page alone under a short read lock:
//! each holds the `Arc`s and the few cloned terms one item needs, and is rendered after the lock
//! is released. An ndjson stream does the same chunk by chunk, so no request holds the lock for
//! longer than one page takes to assemble. HSDS forbids nothing about `null`, but our contract does: every
//! rendered document passes through [`value::strip_nulls`], and absent fields are omitted.

pub mod bundle;
pub mod candidate;
pub mod filter;
pub mod meeting;
pub mod organization;
pub mod page;
pub mod render;
pub mod selection;
pub mod term;
pub mod value;

/// The HSDS version the `/hsds` API speaks.
pub const VERSION: &str = "3.0";

/// Where the HSDS 3.0 specification (the profile we follow: the base one) is documented.
pub const PROFILE_URL: &str = "https://docs.openreferral.org/en/3.0/hsds/overview.html";
