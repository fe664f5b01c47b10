//! `/v1/api-keys`: keys for third-party apps.

mod lifecycle;
