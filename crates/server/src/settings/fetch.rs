//! How sources are fetched: which private networks a fetch may reach (`--fetch-allow`), the
//! largest body and the longest time a fetch may take. Both `serve` and `import` take them.

use std::time::Duration;

use recovery_import::fetch::{DEFAULT_MAX_BYTES, FetchPolicy};

use super::layering::{Row, file_list, settings_group, trimmed_list};

/// The default time a source fetch may take, in seconds.
pub const DEFAULT_FETCH_TIMEOUT_SECS: u64 = 60;
/// The longest fetch timeout accepted: an hour.
pub const MAX_FETCH_TIMEOUT_SECS: u64 = 3_600;

settings_group! {
    /// Networks source fetches may reach although they are loopback, private or link-local,
    /// comma-separated CIDRs (`10.1.2.0/24,127.0.0.1/32`); the `import` command reaches any.
    #[arg(long, env = "RD_FETCH_ALLOW", value_delimiter = ',')]
    #[flag_value(trimmed_list)]
    #[file_value(file_list)]
    fetch_allow: Vec<String>,
    /// The largest body a source fetch accepts, in bytes.
    #[arg(long, env = "RD_FETCH_MAX_BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    fetch_max_bytes: u64,
    /// How long one source fetch (connect, redirects, body) may take, in seconds.
    #[arg(long, env = "RD_FETCH_TIMEOUT_SECS", default_value_t = DEFAULT_FETCH_TIMEOUT_SECS)]
    fetch_timeout_secs: u64,
}

/// Reads a CIDR (`10.0.0.0/8`) or a single address (taken as `/32` or `/128`).
fn parse_net<T: std::str::FromStr>(text: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    let text = text.trim();
    let full = match (text.contains('/'), text.contains(':')) {
        (true, _) => text.to_string(),
        (false, true) => format!("{text}/128"),
        (false, false) => format!("{text}/32"),
    };
    full.parse().map_err(|e: T::Err| e.to_string())
}

impl Layered {
    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
        let mut policy = FetchPolicy::public_only();
        for net in &self.fetch_allow.value {
            match parse_net(net) {
                Ok(parsed) => policy.allowed.push(parsed),
                Err(e) => problems.push(format!("fetch_allow: `{net}` is not a CIDR network (like 10.0.0.0/8): {e}")),
            }
        }
        if self.fetch_max_bytes.value == 0 {
            problems.push("fetch_max_bytes: must be more than 0".to_string());
        }
        let timeout = self.fetch_timeout_secs.value;
        if !(1..=MAX_FETCH_TIMEOUT_SECS).contains(&timeout) {
            problems.push(format!("fetch_timeout_secs: must be from 1 to {MAX_FETCH_TIMEOUT_SECS}, not {timeout}"));
        }
    }

    /// The `config check` lines.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        let allow = match self.fetch_allow.value.join(",") {
            none if none.is_empty() => "(none: public addresses only)".to_string(),
            nets => nets,
        };
        rows.push(self.fetch_allow.row(allow));
        rows.push(self.fetch_max_bytes.plain_row());
        rows.push(self.fetch_timeout_secs.plain_row());
    }

    /// The server's fetch policy (call once [`Layered::check`] found nothing; bad networks are
    /// skipped).
    pub fn policy(&self) -> FetchPolicy {
        let mut policy = FetchPolicy::public_only();
        for net in &self.fetch_allow.value {
            if let Ok(parsed) = parse_net(net) {
                policy.allowed.push(parsed);
            }
        }
        policy.max_bytes = self.fetch_max_bytes.value;
        policy.timeout = Duration::from_secs(self.fetch_timeout_secs.value);
        policy
    }
}

#[cfg(test)]
mod tests {
    use super::super::layering::{Setting, Source};
    use super::*;

    fn layered(allow: &[&str]) -> Layered {
        Layered {
            fetch_allow: Setting {
                key: "fetch_allow",
                value: allow.iter().map(|n| n.to_string()).collect(),
                source: Source::Flag,
            },
            fetch_max_bytes: Setting { key: "fetch_max_bytes", value: DEFAULT_MAX_BYTES, source: Source::Default },
            fetch_timeout_secs: Setting {
                key: "fetch_timeout_secs",
                value: DEFAULT_FETCH_TIMEOUT_SECS,
                source: Source::Default,
            },
        }
    }

    fn problems(layered: &Layered) -> Vec<String> {
        let mut problems = Vec::new();
        layered.check(&mut problems);
        problems
    }

    #[test]
    fn networks_are_cidrs_or_single_addresses() {
        let good = layered(&["10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8"]);
        assert!(problems(&good).is_empty(), "{:?}", problems(&good));
        let nets: Vec<String> = good.policy().allowed.iter().map(ToString::to_string).collect();
        assert_eq!(nets, ["10.0.0.0/8", "127.0.0.1/32", "::1/128", "fd00::/8"]);
        for bad in ["10.0.0.0/33", "example.org", "10.0.0/8"] {
            let problems = problems(&layered(&[bad]));
            assert!(problems.len() == 1 && problems[0].starts_with("fetch_allow:"), "{bad}: {problems:?}");
        }
    }
}
