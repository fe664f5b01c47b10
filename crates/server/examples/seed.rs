//! Fills a database with N generated meetings for load tests (`scripts/load.sh`): the same
//! directory the search benchmark generates, written through the real store.
//!
//! `cargo run --release -p recovery-server --example seed -- sqlite://load.db 200000`

use std::process::ExitCode;

use recovery_domain::Actor;
use recovery_store::Store;

#[allow(dead_code)]
#[path = "../../domain/benches/data/mod.rs"]
mod data;

/// Meetings per insert transaction.
const BATCH: usize = 10_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(url), Some(count)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: seed DATABASE_URL COUNT");
        return ExitCode::FAILURE;
    };
    match seed(url, count) {
        Ok(()) => {
            println!("seeded {count} meetings into {url}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn seed(url: &str, count: usize) -> Result<(), recovery_store::StoreError> {
    let store = Store::open(url)?;
    let actor = Actor::System("seed".into());
    let mut meetings = data::generate(count).map(|m| (m.data, false)).peekable();
    while meetings.peek().is_some() {
        store.insert_meetings(meetings.by_ref().take(BATCH).collect(), &actor)?;
    }
    Ok(())
}
