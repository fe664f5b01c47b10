//! `/v1/auth`: signing in, refreshing the access token, signing out.
//!
//! Signing in gives a short-lived access token (a JWT sent as `Authorization: Bearer`) and a
//! refresh token, which is exchanged once for a new pair (`/v1/auth/refresh`) and revoked by
//! signing out (`/v1/auth/logout`). Every refused refresh token gets the same 401.

pub mod logout;
pub mod pair;
pub mod refresh;
pub mod token;
