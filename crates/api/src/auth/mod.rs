//! Staff authentication for the API (passwords and sign-in are `recovery_app::accounts`):
//! short-lived HS256 access tokens, refresh tokens, API keys, and the
//! extractors handlers use to require a role.

pub mod api_key;
pub mod extractor;
pub mod refresh;
pub mod throttle;
pub mod token;

pub use extractor::{MaybeStaff, Staff};
pub use token::TokenKeys;
