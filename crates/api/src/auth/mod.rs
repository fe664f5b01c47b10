//! Staff authentication: argon2id password hashes, short-lived HS256 access tokens, and the
//! extractors handlers use to require a role.

pub mod api_key;
pub mod extractor;
pub mod password;
pub mod refresh;
pub mod throttle;
pub mod token;

pub use extractor::{MaybeStaff, Staff};
pub use token::TokenKeys;
