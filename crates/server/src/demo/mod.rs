//! Demo data: a few dozen meetings around Philadelphia (AA, NA and Al-Anon; in person, hybrid,
//! online, one temporarily closed, one draft) and agencies near them in every category, so a
//! newcomer sees a working directory.

pub mod agencies;
pub mod meetings;

use chrono_tz::Tz;
use recovery_domain::Actor;
use recovery_store::{Store, StoreError};

/// What loading the demo data did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Meetings loaded.
    pub meetings: usize,
    /// Agency services loaded.
    pub services: usize,
}

/// Loads the demo meetings when the database holds no meetings, and the demo agencies when it
/// holds no organizations; says how many of each were loaded.
pub fn load_if_empty(store: &Store, default_timezone: Tz) -> Result<Loaded, StoreError> {
    let actor = Actor::System("demo".into());
    let mut loaded = Loaded::default();
    // Emptiness is checked inside each write, which writers take one at a time: replicas
    // started together on one empty database load the demo once between them.
    if store.count_meetings()? == 0 {
        let inserted = store.insert_meetings_into_empty(meetings::meetings(default_timezone)?, &actor)?;
        loaded.meetings = inserted.map_or(0, |m| m.len());
    }
    if store.all_organizations()?.is_empty() {
        let terms = store.all_taxonomy_terms()?.into_iter().map(|t| (t.data.code, t.id)).collect();
        let batch = agencies::batch(default_timezone, &terms)?;
        let services = batch.services.len();
        if store.write_agencies_into_empty(batch, &actor)?.is_some() {
            loaded.services = services;
        }
    }
    Ok(loaded)
}
