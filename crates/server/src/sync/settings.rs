//! The settings of fetching and geocoding sources (`--fetch-*`, `--geocoder*`,
//! `--sync-tick-secs`), layered flag > environment > file > default like every other setting.
//! They live apart from `cli.rs` because both `serve` and `import` take them.

use std::time::Duration;

use clap::{ArgMatches, Args};
use recovery_import::fetch::{DEFAULT_MAX_BYTES, FetchPolicy, USER_AGENT};
use recovery_import::geocode::{Geocoder, NOMINATIM_PUBLIC, NominatimSettings};

use crate::cli::layer;
use crate::config::{FileConfig, ImportSettings, Setting, Source};

/// The default time a source fetch may take, in seconds.
pub const DEFAULT_FETCH_TIMEOUT_SECS: u64 = 60;
/// The longest fetch timeout accepted: an hour.
pub const MAX_FETCH_TIMEOUT_SECS: u64 = 3_600;
/// How often the scheduler looks for due sources by default, in seconds.
pub const DEFAULT_SYNC_TICK_SECS: u64 = 60;
/// The geocoders there are.
pub const GEOCODERS: [&str; 2] = ["none", "nominatim"];

/// Flags for fetching sources and geocoding their addresses.
#[derive(Debug, Clone, Args)]
pub struct FetchArgs {
    /// Networks source fetches may reach although they are loopback, private or link-local,
    /// comma-separated CIDRs (`10.1.2.0/24,127.0.0.1/32`); the `import` command reaches any.
    #[arg(long, env = "RD_FETCH_ALLOW", value_delimiter = ',')]
    pub fetch_allow: Vec<String>,
    /// The largest body a source fetch accepts, in bytes.
    #[arg(long, env = "RD_FETCH_MAX_BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    pub fetch_max_bytes: u64,
    /// How long one source fetch (connect, redirects, body) may take, in seconds.
    #[arg(long, env = "RD_FETCH_TIMEOUT_SECS", default_value_t = DEFAULT_FETCH_TIMEOUT_SECS)]
    pub fetch_timeout_secs: u64,
    /// Geocoder for addresses without coordinates: `none` (no network use) or `nominatim`.
    #[arg(long, env = "RD_GEOCODER", default_value = "none")]
    pub geocoder: String,
    /// Base URL of the Nominatim-compatible geocoder.
    #[arg(long, env = "RD_GEOCODER_URL", default_value = NOMINATIM_PUBLIC)]
    pub geocoder_url: String,
    /// User agent sent to the geocoder (default: recovery-directory's own, naming the project).
    #[arg(long, env = "RD_GEOCODER_USER_AGENT")]
    pub geocoder_user_agent: Option<String>,
}

/// The fetch and geocoder settings after layering.
#[derive(Debug, Clone)]
pub struct ResolvedFetch {
    fetch_allow: Setting<Vec<String>>,
    fetch_max_bytes: Setting<u64>,
    fetch_timeout_secs: Setting<u64>,
    geocoder: Setting<String>,
    geocoder_url: Setting<String>,
    geocoder_user_agent: Setting<Option<String>>,
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

impl ResolvedFetch {
    /// Layers the flags over the file.
    pub fn new(args: &FetchArgs, m: &ArgMatches, file: &FileConfig) -> ResolvedFetch {
        ResolvedFetch {
            fetch_allow: layer(
                m,
                "fetch_allow",
                args.fetch_allow.iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect(),
                file.fetch_allow.as_ref().map(|list| list.origins()),
            ),
            fetch_max_bytes: layer(m, "fetch_max_bytes", args.fetch_max_bytes, file.fetch_max_bytes),
            fetch_timeout_secs: layer(m, "fetch_timeout_secs", args.fetch_timeout_secs, file.fetch_timeout_secs),
            geocoder: layer(m, "geocoder", args.geocoder.trim().to_ascii_lowercase(), file.geocoder.clone()),
            geocoder_url: layer(m, "geocoder_url", args.geocoder_url.trim().to_string(), file.geocoder_url.clone()),
            geocoder_user_agent: layer(
                m,
                "geocoder_user_agent",
                args.geocoder_user_agent.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_string),
                file.geocoder_user_agent.clone().map(Some),
            ),
        }
    }

    /// What is wrong, each naming its setting.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
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
        let geocoder = self.geocoder.value.trim().to_ascii_lowercase();
        if !GEOCODERS.contains(&geocoder.as_str()) {
            problems.push(format!("geocoder: unknown geocoder `{}` (none or nominatim)", self.geocoder.value));
        }
        if geocoder == "nominatim" && !recovery_domain::validation::is_http_url(&self.geocoder_url.value) {
            problems.push(format!("geocoder_url: not an http(s) URL: `{}`", self.geocoder_url.value));
        }
        if let Some(agent) = &self.geocoder_user_agent.value {
            if agent.trim().is_empty() || agent.chars().any(char::is_control) || agent.len() > 500 {
                problems.push("geocoder_user_agent: must be 1 to 500 characters, no control characters".to_string());
            }
        }
        problems
    }

    /// The settings (call once [`ResolvedFetch::problems`] is empty; bad networks are skipped).
    pub fn settings(&self) -> ImportSettings {
        let mut fetch = FetchPolicy::public_only();
        for net in &self.fetch_allow.value {
            if let Ok(parsed) = parse_net(net) {
                fetch.allowed.push(parsed);
            }
        }
        fetch.max_bytes = self.fetch_max_bytes.value;
        fetch.timeout = Duration::from_secs(self.fetch_timeout_secs.value);
        let geocoder = match self.geocoder.value.trim().to_ascii_lowercase().as_str() {
            "nominatim" => Geocoder::Nominatim(NominatimSettings {
                base_url: self.geocoder_url.value.clone(),
                user_agent: self.geocoder_user_agent.value.clone().unwrap_or_else(|| USER_AGENT.to_string()),
            }),
            _ => Geocoder::None,
        };
        ImportSettings { fetch, geocoder }
    }

    /// `config check` rows: key, value, where it came from.
    pub fn rows(&self) -> Vec<(&'static str, String, Source)> {
        let allow = match self.fetch_allow.value.join(",") {
            none if none.is_empty() => "(none: public addresses only)".to_string(),
            nets => nets,
        };
        let agent = match &self.geocoder_user_agent.value {
            Some(agent) => agent.clone(),
            None => format!("{USER_AGENT} (built in)"),
        };
        vec![
            ("fetch_allow", allow, self.fetch_allow.source),
            ("fetch_max_bytes", self.fetch_max_bytes.value.to_string(), self.fetch_max_bytes.source),
            ("fetch_timeout_secs", self.fetch_timeout_secs.value.to_string(), self.fetch_timeout_secs.source),
            ("geocoder", self.geocoder.value.clone(), self.geocoder.source),
            ("geocoder_url", self.geocoder_url.value.clone(), self.geocoder_url.source),
            ("geocoder_user_agent", agent, self.geocoder_user_agent.source),
        ]
    }
}

/// A `config check` row for the scheduler's tick, saying when 0 turns it off.
pub fn tick_row(setting: &Setting<u64>) -> (&'static str, String, Source) {
    let value = match setting.value {
        0 => "0 (no scheduled syncs)".to_string(),
        n => n.to_string(),
    };
    ("sync_tick_secs", value, setting.source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag<T>(value: T) -> Setting<T> {
        Setting { value, source: Source::Flag }
    }

    fn resolved(allow: &[&str], geocoder: &str) -> ResolvedFetch {
        ResolvedFetch {
            fetch_allow: flag(allow.iter().map(|n| n.to_string()).collect()),
            fetch_max_bytes: flag(DEFAULT_MAX_BYTES),
            fetch_timeout_secs: flag(DEFAULT_FETCH_TIMEOUT_SECS),
            geocoder: flag(geocoder.to_string()),
            geocoder_url: flag(NOMINATIM_PUBLIC.to_string()),
            geocoder_user_agent: flag(None),
        }
    }

    #[test]
    fn networks_are_cidrs_or_single_addresses() {
        let good = resolved(&["10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8"], "none");
        assert!(good.problems().is_empty(), "{:?}", good.problems());
        let nets: Vec<String> = good.settings().fetch.allowed.iter().map(ToString::to_string).collect();
        assert_eq!(nets, ["10.0.0.0/8", "127.0.0.1/32", "::1/128", "fd00::/8"]);
        for bad in ["10.0.0.0/33", "example.org", "10.0.0/8"] {
            let problems = resolved(&[bad], "none").problems();
            assert!(problems.len() == 1 && problems[0].starts_with("fetch_allow:"), "{bad}: {problems:?}");
        }
    }

    #[test]
    fn geocoders_are_named_and_nominatim_gets_our_user_agent() {
        let problems = resolved(&[], "google").problems();
        assert!(problems.iter().any(|p| p.contains("unknown geocoder `google`")), "{problems:?}");
        match resolved(&[], "nominatim").settings().geocoder {
            Geocoder::Nominatim(settings) => {
                assert_eq!(settings.user_agent, USER_AGENT);
                assert_eq!(settings.base_url, NOMINATIM_PUBLIC);
            }
            Geocoder::None => panic!("nominatim was asked for"),
        }
        assert!(resolved(&[], "none").settings().geocoder.is_none());
    }
}
