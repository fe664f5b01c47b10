//! The service's settings, as the command line and environment give them.

use chrono_tz::Tz;

/// The database used when none is given.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/recovery-directory.db";
/// The address served on when none is given.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// Settings shared by the server and the command-line tools.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `postgres://…` or `sqlite://PATH`.
    pub database_url: String,
    /// Time zone for meetings written without one.
    pub default_timezone: Tz,
    /// Program for meetings written without one.
    pub default_program: String,
}

/// Settings of the HTTP server.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// The shared settings.
    pub common: Settings,
    /// Socket address to listen on.
    pub bind: String,
    /// Load demo data into an empty database.
    pub demo: bool,
    /// Key for signing access tokens (UTF-8 bytes of `RD_JWT_SECRET`).
    pub jwt_secret: Vec<u8>,
    /// The public base URL of this directory, used for links in feeds.
    pub public_url: String,
    /// How often to look for writes made by other processes, in milliseconds.
    pub follow_interval_ms: u64,
}

/// Masks a database URL's password for display.
pub fn mask_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked() {
        assert_eq!(mask_url("postgres://rd:secret@db:5432/rd"), "postgres://rd:***@db:5432/rd");
        assert_eq!(mask_url("postgres://rd@db/rd"), "postgres://rd@db/rd");
        assert_eq!(mask_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
