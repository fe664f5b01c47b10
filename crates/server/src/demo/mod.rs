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
    if store.count_meetings()? == 0 {
        loaded.meetings = store.insert_meetings(meetings::meetings(default_timezone)?, &actor)?.len();
    }
    if store.all_organizations()?.is_empty() {
        let terms = store.all_taxonomy_terms()?.into_iter().map(|t| (t.data.code, t.id)).collect();
        let batch = agencies::batch(default_timezone, &terms)?;
        loaded.services = batch.services.len();
        store.write_agencies(batch, &actor)?;
    }
    Ok(loaded)
}
