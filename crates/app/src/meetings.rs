//! Meeting use cases: create, replace, archive, verify, and scrubbing a contact from a
//! meeting's history. Authorization (role and scope) is the caller's: it knows who asks.

use recovery_domain::change::{ContactMatch, ScrubReport};
use recovery_domain::validation::ValidMeeting;
use recovery_domain::{
    Actor, Meeting, MeetingData, MeetingId, MeetingInput, UserId, ValidationErrors, validate_meeting,
};

use crate::{AppError, Directory};

impl Directory {
    /// Validates a meeting as sent against this deployment's defaults.
    pub fn validate_meeting(&self, input: MeetingInput) -> Result<ValidMeeting, ValidationErrors> {
        validate_meeting(input, &self.validation_context())
    }

    /// A meeting as stored, drafts and archived ones included.
    pub async fn stored_meeting(&self, id: MeetingId) -> Result<Meeting, AppError> {
        self.read(move |store| store.get_meeting(id)).await
    }

    /// Creates a meeting (its slug made from the name when it had none).
    pub async fn create_meeting(&self, valid: ValidMeeting, actor: Actor) -> Result<Meeting, AppError> {
        self.write(move |store| store.create_meeting(valid.data, valid.slug_generated, &actor)).await
    }

    /// Replaces a meeting's content.
    pub async fn update_meeting(&self, id: MeetingId, data: MeetingData, actor: Actor) -> Result<Meeting, AppError> {
        self.write(move |store| store.update_meeting(id, data, &actor)).await
    }

    /// Archives a meeting (it leaves public searches; its history stays).
    pub async fn archive_meeting(&self, id: MeetingId, actor: Actor) -> Result<Meeting, AppError> {
        self.write(move |store| store.archive_meeting(id, &actor)).await
    }

    /// Records that staff confirmed a meeting is still right.
    pub async fn verify_meeting(&self, id: MeetingId, by: UserId) -> Result<Meeting, AppError> {
        self.write(move |store| store.verify_meeting(id, by)).await
    }

    /// Erases a contact's details from every entry of a meeting's history; the meeting as it
    /// stands, what was scrubbed, and the position of the `scrub` entry. `NotFound` when the
    /// meeting does not exist or nothing in its history matches.
    pub async fn scrub_meeting_contact(
        &self,
        id: MeetingId,
        target: ContactMatch,
        actor: Actor,
    ) -> Result<(Meeting, ScrubReport, i64), AppError> {
        let _guard = self.lock().await;
        let scrubbed = self.read(move |store| store.scrub_meeting_contact(id, &target, &actor)).await;
        let (meeting, report, seq) = scrubbed.map_err(|e| match e {
            AppError::Store(recovery_store::StoreError::NotFound) => {
                AppError::NotFound(format!("no meeting with id `{id}`"))
            }
            other => other,
        })?;
        if seq == 0 {
            return Err(AppError::NotFound("no contact with this email or phone in the meeting's history".into()));
        }
        self.apply_all([(meeting.clone().into(), seq)]);
        Ok((meeting, report, seq))
    }
}
