//! Rate limits: how many requests per minute each kind of caller may make
//! (`--rate-limit-*-per-minute`, 0: unlimited). The limits are kept in memory, per replica, by
//! the rate-limit middleware.

use super::layering::{Row, Setting, settings_group};

/// Requests per minute per client address for anonymous callers, by default.
pub const DEFAULT_RATE_LIMIT_ANONYMOUS: u32 = 300;
/// Requests per minute per API key or staff user, by default.
pub const DEFAULT_RATE_LIMIT_AUTHENTICATED: u32 = 600;
/// Anonymous problem reports per minute per client address, by default.
pub const DEFAULT_RATE_LIMIT_REPORTS: u32 = 10;

settings_group! {
    /// Anonymous requests per minute per client address (0: unlimited).
    #[arg(long, env = "RD_RATE_LIMIT_ANONYMOUS_PER_MINUTE", default_value_t = DEFAULT_RATE_LIMIT_ANONYMOUS)]
    rate_limit_anonymous_per_minute: u32,
    /// Requests per minute per API key (unless the key has its own limit) or staff user (0: unlimited).
    #[arg(long, env = "RD_RATE_LIMIT_AUTHENTICATED_PER_MINUTE", default_value_t = DEFAULT_RATE_LIMIT_AUTHENTICATED)]
    rate_limit_authenticated_per_minute: u32,
    /// Anonymous `POST /v1/reports` per minute per client address, a bucket of its own (0: unlimited).
    #[arg(long, env = "RD_RATE_LIMIT_REPORTS_PER_MINUTE", default_value_t = DEFAULT_RATE_LIMIT_REPORTS)]
    rate_limit_reports_per_minute: u32,
}

/// How many requests per minute each kind of caller may make (0: unlimited).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitSettings {
    /// Per client address, for callers without credentials.
    pub anonymous_per_minute: u32,
    /// Per API key (unless the key has its own limit) or signed-in staff user.
    pub authenticated_per_minute: u32,
    /// Per client address, for anonymous `POST /v1/reports`, in a bucket of its own.
    pub reports_per_minute: u32,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings {
            anonymous_per_minute: DEFAULT_RATE_LIMIT_ANONYMOUS,
            authenticated_per_minute: DEFAULT_RATE_LIMIT_AUTHENTICATED,
            reports_per_minute: DEFAULT_RATE_LIMIT_REPORTS,
        }
    }
}

impl Layered {
    /// The `config check` lines, saying when 0 turns a limit off.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        let row = |setting: &Setting<u32>| match setting.value {
            0 => setting.row("0 (unlimited)"),
            _ => setting.plain_row(),
        };
        rows.push(row(&self.rate_limit_anonymous_per_minute));
        rows.push(row(&self.rate_limit_authenticated_per_minute));
        rows.push(row(&self.rate_limit_reports_per_minute));
    }

    /// The limits.
    pub fn settings(&self) -> RateLimitSettings {
        RateLimitSettings {
            anonymous_per_minute: self.rate_limit_anonymous_per_minute.value,
            authenticated_per_minute: self.rate_limit_authenticated_per_minute.value,
            reports_per_minute: self.rate_limit_reports_per_minute.value,
        }
    }
}
