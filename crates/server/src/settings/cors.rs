//! Which browser origins may call write and staff routes (`--cors-allowed-origins`,
//! `RD_CORS_ORIGINS`); public reads are open to every origin whatever this says. The CORS
//! middleware applies it.

use super::layering::{Row, file_list, settings_group, trimmed_list};

settings_group! {
    /// Browser origins allowed to call write and staff routes, comma-separated
    /// (`https://admin.example.org`); public reads are open to every origin.
    #[arg(long, env = "RD_CORS_ORIGINS", value_delimiter = ',')]
    #[flag_value(trimmed_list)]
    #[file_value(file_list)]
    cors_allowed_origins: Vec<String>,
}

impl Layered {
    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
        for origin in &self.cors_allowed_origins.value {
            if !is_origin(origin) {
                problems.push(format!(
                    "cors_allowed_origins: `{origin}` is not an origin (scheme://host[:port], nothing after)"
                ));
            }
        }
    }

    /// The `config check` line.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        let shown = match self.cors_allowed_origins.value.join(",") {
            none if none.is_empty() => "(none: public reads only)".to_string(),
            origins => origins,
        };
        rows.push(self.cors_allowed_origins.row(shown));
    }

    /// The origins as browsers send them: lowercase, no trailing slash (`*` for any).
    pub fn origins(&self) -> Vec<String> {
        self.cors_allowed_origins.value.iter().map(|o| o.trim_end_matches('/').to_ascii_lowercase()).collect()
    }
}

/// True for a browser origin as `Origin` headers carry it: `http(s)://host[:port]`, nothing
/// after; or `*` (any origin).
pub fn is_origin(origin: &str) -> bool {
    if origin == "*" {
        return true;
    }
    let rest = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    rest.is_some_and(|host| {
        !host.is_empty() && !host.contains(['/', '?', '#', '@', ' ']) && !host.starts_with(':') && !host.ends_with(':')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        for ok in ["https://app.example.org", "http://localhost:3000", "*"] {
            assert!(is_origin(ok), "{ok}");
        }
        for bad in ["app.example.org", "https://a.org/", "https://a.org/path", "ftp://a.org", "https://", ""] {
            assert!(!is_origin(bad), "{bad}");
        }
    }
}
