//! Demo data: a few dozen meetings around Philadelphia (AA, NA and Al-Anon; in person, hybrid,
//! online, one temporarily closed, one draft) and agencies near them in every category, so a
//! newcomer sees a working directory.

pub mod agencies;

use chrono_tz::Tz;
use recovery_domain::{Actor, MeetingInput, Programs, ValidationContext, validate_meeting};
use recovery_store::{Store, StoreError};

const MEETINGS: &str = include_str!("../demo/meetings.json");

/// The demo meetings, validated.
pub fn meetings(default_timezone: Tz) -> Result<Vec<(recovery_domain::MeetingData, bool)>, StoreError> {
    let inputs: Vec<MeetingInput> =
        serde_json::from_str(MEETINGS).map_err(|e| StoreError::Other(format!("demo data: {e}")))?;
    let ctx = ValidationContext { programs: Programs::builtin(), default_timezone, default_program: "aa" };
    inputs
        .into_iter()
        .map(|input| {
            validate_meeting(input, &ctx)
                .map(|v| (v.data, v.slug_generated))
                .map_err(|e| StoreError::Other(format!("demo data: {e}")))
        })
        .collect()
}

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
        loaded.meetings = store.insert_meetings(meetings(default_timezone)?, &actor)?.len();
    }
    if store.all_organizations()?.is_empty() {
        let terms = store.all_taxonomy_terms()?.into_iter().map(|t| (t.data.code, t.id)).collect();
        let batch = agencies::batch(default_timezone, &terms)?;
        loaded.services = batch.services.len();
        store.write_agencies(batch, &actor)?;
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_data_is_valid_and_varied() {
        let meetings = super::meetings(chrono_tz::America::New_York).unwrap();
        assert!(meetings.len() >= 30);
        let programs: std::collections::BTreeSet<_> = meetings.iter().map(|(m, _)| m.program.as_str()).collect();
        assert_eq!(programs.into_iter().collect::<Vec<_>>(), ["aa", "al-anon", "na"]);
        let options: std::collections::BTreeSet<_> =
            meetings.iter().map(|(m, _)| m.attendance_option().as_str()).collect();
        assert_eq!(options.into_iter().collect::<Vec<_>>(), ["hybrid", "in_person", "inactive", "online"]);
    }
}
