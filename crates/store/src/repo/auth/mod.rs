//! Staff sign-in state shared by every replica: rotating refresh tokens, the sign-in
//! throttle, and the console's sessions and one-time links.
//!
//! These tables hold credentials-adjacent, short-lived operational state, not directory data:
//! their writes are transactions like every other write, but they append nothing to the
//! change log (which followers read, and which would otherwise fill with one entry per
//! sign-in). What they do to a user — deactivation, a new password — is logged by the users
//! repository.

pub(crate) mod console;
pub(crate) mod refresh;
pub(crate) mod throttle;

pub use console::NewStaffLink;
pub use refresh::{RefreshOutcome, RefreshRefusal};
pub use throttle::ThrottlePolicy;
