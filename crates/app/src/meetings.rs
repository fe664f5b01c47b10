//! Meeting use cases: create, replace, archive, verify, and scrubbing a contact from a
//! meeting's history.
//!
//! The `…_as` methods are what staff surfaces call: they take the signed-in user and check
//! role and scope themselves, so the REST API and the console refuse the same things. The
//! plain ones act for the system (demo data, the command line) and check nothing.

use chrono::{DateTime, Utc};
use recovery_domain::change::{ContactMatch, ScrubReport};
use recovery_domain::validation::ValidMeeting;
use recovery_domain::{
    Actor, Meeting, MeetingData, MeetingId, MeetingInput, User, UserId, ValidationErrors, validate_meeting,
};

use crate::{AppError, Directory, authorize};

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

/// What a staff user asks of a meeting they edit, beyond its new content.
#[derive(Debug, Clone, Copy, Default)]
pub struct Expect {
    /// The `updated_at` of the version the user edited: when the stored meeting changed since,
    /// the edit is refused (`Conflict`) rather than silently overwriting the other change.
    pub updated_at: Option<DateTime<Utc>>,
}

impl Directory {
    /// Creates a meeting as `by`: editors and admins, inside an editor's scope.
    pub async fn create_meeting_as(&self, input: MeetingInput, by: &User) -> Result<Meeting, AppError> {
        authorize::editor(by)?;
        let valid = self.validate_meeting(input)?;
        authorize::meeting_scope(by, &valid.data, "this meeting")?;
        self.create_meeting(valid, Actor::User(by.id)).await
    }

    /// The stored meeting `id` if `by` may change it (editors and admins, inside an editor's
    /// scope); `NotFound` when there is no such meeting.
    pub async fn meeting_to_edit(&self, id: MeetingId, by: &User) -> Result<Meeting, AppError> {
        self.editable(id, by, "the stored meeting").await
    }

    /// The stored meeting `id` if `by` may write it; `which` names it in a refusal.
    async fn editable(&self, id: MeetingId, by: &User, which: &str) -> Result<Meeting, AppError> {
        authorize::editor(by)?;
        let stored = self.stored_meeting(id).await.map_err(|e| not_found(e, id))?;
        authorize::meeting_scope(by, &stored.data, which)?;
        Ok(stored)
    }

    /// Replaces meeting `id`'s content as `by`, who must be allowed to write it both as stored
    /// and as changed (a meeting cannot be moved into or out of an editor's scope). With
    /// `expect.updated_at`, an edit of an outdated version is a `Conflict`.
    pub async fn update_meeting_as(
        &self,
        id: MeetingId,
        input: MeetingInput,
        by: &User,
        expect: Expect,
    ) -> Result<Meeting, AppError> {
        self.meeting_to_edit(id, by).await?;
        let valid = self.validate_meeting(input)?;
        authorize::meeting_scope(by, &valid.data, "the meeting as changed")?;
        let actor = Actor::User(by.id);
        self.write(move |store| {
            if let Some(expected) = expect.updated_at {
                let current = store.get_meeting(id)?;
                if current.updated_at != expected {
                    return Err(recovery_store::StoreError::Conflict {
                        field: "updated_at".into(),
                        message: OUTDATED_EDIT.into(),
                    });
                }
            }
            store.update_meeting(id, valid.data, &actor)
        })
        .await
    }

    /// Archives meeting `id` as `by` (editors and admins, inside an editor's scope).
    pub async fn archive_meeting_as(&self, id: MeetingId, by: &User) -> Result<Meeting, AppError> {
        self.editable(id, by, "this meeting").await?;
        self.archive_meeting(id, Actor::User(by.id)).await
    }

    /// Records that `by` confirmed meeting `id` is still right (editors and admins, inside an
    /// editor's scope).
    pub async fn verify_meeting_as(&self, id: MeetingId, by: &User) -> Result<Meeting, AppError> {
        self.editable(id, by, "this meeting").await?;
        self.verify_meeting(id, by.id).await
    }
}

/// The message of an edit refused because someone saved the meeting first.
pub const OUTDATED_EDIT: &str = "someone else changed this meeting after you opened it; nothing was saved";

fn not_found(error: AppError, id: MeetingId) -> AppError {
    match error {
        AppError::Store(recovery_store::StoreError::NotFound) => {
            AppError::NotFound(format!("no meeting with id `{id}`"))
        }
        other => other,
    }
}
