//! The sync scheduler: how often a server looks for sources due a sync (`--sync-tick-secs`).
//! Only `serve` takes it; `import` runs one source once.

use std::time::Duration;

use super::layering::{Row, settings_group};

/// How often the scheduler looks for due sources by default, in seconds.
pub const DEFAULT_SYNC_TICK_SECS: u64 = 60;

settings_group! {
    /// How often to look for sources due a scheduled sync, in seconds (0: never).
    #[arg(long, env = "RD_SYNC_TICK_SECS", default_value_t = DEFAULT_SYNC_TICK_SECS)]
    sync_tick_secs: u64,
}

impl Layered {
    /// The `config check` line, saying when 0 turns the scheduler off.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        let shown = match self.sync_tick_secs.value {
            0 => "0 (no scheduled syncs)".to_string(),
            n => n.to_string(),
        };
        rows.push(self.sync_tick_secs.row(shown));
    }

    /// The tick (zero: no scheduler).
    pub fn tick(&self) -> Duration {
        Duration::from_secs(self.sync_tick_secs.value)
    }
}
