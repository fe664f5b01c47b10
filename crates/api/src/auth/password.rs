//! Password hashing: the application layer's (`recovery_app::accounts::password`), named here
//! for the API's sign-in and the command line.

pub use recovery_app::accounts::password::{MIN_PASSWORD_LEN, hash_password, verify_against_dummy, verify_password};
