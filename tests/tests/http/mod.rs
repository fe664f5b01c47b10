//! What every route shares over HTTP: conditional GETs, CORS and security headers, rate limits.

mod conditional;
mod contract;
mod cors;
mod methods;
mod rate_limits;
