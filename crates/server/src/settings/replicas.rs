//! Running as one replica among several on one database: how soon writes made by other
//! processes show here (`--follow-interval-ms`), how long a stopping replica keeps serving
//! while load balancers notice it is going (`--shutdown-delay-ms`), and how long a request
//! waits for a database connection before answering 503 (`--database-timeout-ms`).

use std::time::Duration;

use super::layering::{Row, settings_group};

settings_group! {
    /// How often to pick up writes made by other processes, in milliseconds.
    #[arg(long, env = "RD_FOLLOW_INTERVAL_MS", default_value_t = 1000)]
    follow_interval_ms: u64,
    /// After SIGTERM, keep serving this long with `/readyz` failing, in milliseconds.
    #[arg(long, env = "RD_SHUTDOWN_DELAY_MS", default_value_t = 0)]
    shutdown_delay_ms: u64,
    /// How long a request waits for a database connection before answering 503, in
    /// milliseconds.
    #[arg(long, env = "RD_DATABASE_TIMEOUT_MS", default_value_t = 1000)]
    database_timeout_ms: u64,
}

impl Layered {
    /// The `config check` lines.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        rows.push(self.follow_interval_ms.plain_row());
        rows.push(self.shutdown_delay_ms.plain_row());
        rows.push(self.database_timeout_ms.plain_row());
    }

    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
        if self.database_timeout_ms.value == 0 {
            problems.push("database_timeout_ms: must be at least 1".to_string());
        }
    }

    /// How long a request waits for a database connection.
    pub fn database_timeout(&self) -> Duration {
        Duration::from_millis(self.database_timeout_ms.value)
    }

    /// How often to follow the change log.
    pub fn follow_interval(&self) -> Duration {
        Duration::from_millis(self.follow_interval_ms.value)
    }

    /// How long to drain after a stop signal.
    pub fn shutdown_delay(&self) -> Duration {
        Duration::from_millis(self.shutdown_delay_ms.value)
    }
}
