//! Logging: `--log` (a filter) and `--log-format`. Every command takes them, and starts its
//! logging from them before anything else can log.

use std::io::IsTerminal;

use serde::Deserialize;
use tracing_subscriber::EnvFilter;

use super::layering::{Row, settings_group};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

settings_group! {
    /// Log filter (`info`, `warn`, `recovery_api=debug`, …).
    #[arg(long, env = "RD_LOG", default_value = "info")]
    log: String,
    /// Log format.
    #[arg(long, env = "RD_LOG_FORMAT", value_enum, default_value = "text")]
    log_format: LogFormat,
}

impl Layered {
    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
        if EnvFilter::try_new(&self.log.value).is_err() {
            problems.push(format!("log: not a log filter: `{}`", self.log.value));
        }
    }

    /// The `config check` lines.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        rows.push(self.log.plain_row());
        rows.push(self.log_format.row(format!("{:?}", self.log_format.value).to_lowercase()));
    }

    /// Starts logging to standard error; a bad filter falls back to `info` (the check reports
    /// it), and a second start is ignored.
    pub fn init(&self) {
        let filter = EnvFilter::try_new(&self.log.value).unwrap_or_else(|_| EnvFilter::new("info"));
        let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
        let _ = match self.log_format.value {
            LogFormat::Json => builder.json().flatten_event(true).try_init(),
            LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).try_init(),
        };
    }
}
