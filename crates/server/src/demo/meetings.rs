//! The demo meetings: a few dozen around Philadelphia, read from `demo/meetings.json` (built
//! into the binary) and validated like any other input.

use chrono_tz::Tz;
use recovery_domain::{MeetingInput, Programs, ValidationContext, validate_meeting};
use recovery_store::StoreError;

const MEETINGS: &str = include_str!("../../demo/meetings.json");

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
