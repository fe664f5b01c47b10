//! The middleware the API and the pages share, each a plain `from_fn` function. They live in
//! the binary, not in `recovery-api` or `recovery-web`, because they wrap both surfaces at
//! once. `serve` wraps them outermost last: `observe` sees every answer, and security headers
//! and CORS go on the rate limiter's refusals too.

pub mod cors;
pub mod head;
pub mod observe;
pub mod rate_limit;
pub mod security_headers;
