//! Where the server listens: `--bind`.

use std::net::ToSocketAddrs;

use super::layering::{Row, settings_group};

/// The address served on when none is given.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

settings_group! {
    /// Address to listen on.
    #[arg(long, env = "RD_BIND", default_value = DEFAULT_BIND)]
    bind: String,
}

impl Layered {
    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
        if self.bind.value.to_socket_addrs().is_err() {
            problems.push(format!("bind: not a socket address: `{}`", self.bind.value));
        }
    }

    /// The `config check` line.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        rows.push(self.bind.plain_row());
    }
}
