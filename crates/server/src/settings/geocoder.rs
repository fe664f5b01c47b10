//! How addresses without coordinates are geocoded: `--geocoder` (`none`, the default, uses no
//! network; or `nominatim`), its server and the user agent it is sent. Both `serve` and
//! `import` take them.

use recovery_import::fetch::USER_AGENT;
use recovery_import::geocode::{Geocoder, NOMINATIM_PUBLIC, NominatimSettings};

use super::layering::{Row, settings_group, trimmed, trimmed_some};

/// The geocoders there are.
pub const GEOCODERS: [&str; 2] = ["none", "nominatim"];

/// A geocoder's name as given on the command line, trimmed and lowercased.
fn lowercase(name: String) -> String {
    name.trim().to_ascii_lowercase()
}

settings_group! {
    /// Geocoder for addresses without coordinates: `none` (no network use) or `nominatim`.
    #[arg(long, env = "RD_GEOCODER", default_value = "none")]
    #[flag_value(lowercase)]
    geocoder: String,
    /// Base URL of the Nominatim-compatible geocoder.
    #[arg(long, env = "RD_GEOCODER_URL", default_value = NOMINATIM_PUBLIC)]
    #[flag_value(trimmed)]
    geocoder_url: String,
    /// User agent sent to the geocoder (default: recovery-directory's own, naming the project).
    #[arg(long, env = "RD_GEOCODER_USER_AGENT")]
    #[flag_value(trimmed_some)]
    geocoder_user_agent: Option<String>,
}

impl Layered {
    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
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
    }

    /// The `config check` lines.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        let agent = match &self.geocoder_user_agent.value {
            Some(agent) => agent.clone(),
            None => format!("{USER_AGENT} (built in)"),
        };
        rows.push(self.geocoder.plain_row());
        rows.push(self.geocoder_url.plain_row());
        rows.push(self.geocoder_user_agent.row(agent));
    }

    /// The geocoder (call once [`Layered::check`] found nothing).
    pub fn geocoder(&self) -> Geocoder {
        match self.geocoder.value.trim().to_ascii_lowercase().as_str() {
            "nominatim" => Geocoder::Nominatim(NominatimSettings {
                base_url: self.geocoder_url.value.clone(),
                user_agent: self.geocoder_user_agent.value.clone().unwrap_or_else(|| USER_AGENT.to_string()),
            }),
            _ => Geocoder::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::layering::{Setting, Source};
    use super::*;

    fn layered(geocoder: &str) -> Layered {
        let flag = |key, value| Setting { key, value, source: Source::Flag };
        Layered {
            geocoder: flag("geocoder", geocoder.to_string()),
            geocoder_url: flag("geocoder_url", NOMINATIM_PUBLIC.to_string()),
            geocoder_user_agent: Setting { key: "geocoder_user_agent", value: None, source: Source::Default },
        }
    }

    #[test]
    fn geocoders_are_named_and_nominatim_gets_our_user_agent() {
        let mut problems = Vec::new();
        layered("google").check(&mut problems);
        assert!(problems.iter().any(|p| p.contains("unknown geocoder `google`")), "{problems:?}");
        match layered("nominatim").geocoder() {
            Geocoder::Nominatim(settings) => {
                assert_eq!(settings.user_agent, USER_AGENT);
                assert_eq!(settings.base_url, NOMINATIM_PUBLIC);
            }
            Geocoder::None => panic!("nominatim was asked for"),
        }
        assert!(layered("none").geocoder().is_none());
    }
}
