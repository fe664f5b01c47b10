//! What the directory calls itself in links it hands out (feeds): `--public-url`, by default
//! `http://` and the bind address. Apart from `bind` because a proxy usually sits between them.

use super::layering::{Row, settings_group};

settings_group! {
    /// The public base URL of this directory, for links in feeds (default: http://BIND).
    #[arg(long, env = "RD_PUBLIC_URL")]
    public_url: Option<String>,
}

impl Layered {
    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
        if let Some(url) = &self.public_url.value {
            if !recovery_domain::validation::is_http_url(url) {
                problems.push(format!("public_url: not an http(s) URL: `{url}`"));
            }
        }
    }

    /// The `config check` line; without a value, the one `bind` gives.
    pub fn rows(&self, bind: &str, rows: &mut Vec<Row>) {
        let shown = match &self.public_url.value {
            Some(url) => url.clone(),
            None => format!("http://{bind} (from bind)"),
        };
        rows.push(self.public_url.row(shown));
    }

    /// The URL in force when the server listens on `bind`.
    pub fn url(&self, bind: &str) -> String {
        self.public_url.value.clone().unwrap_or_else(|| format!("http://{bind}"))
    }
}
