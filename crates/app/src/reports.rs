//! Problem reports from the public: anyone tells staff a listing is wrong; staff in whose
//! scope the listing lies close the report.

use recovery_domain::{
    ListingKind, Meeting, MeetingId, Report, ReportClosing, ReportId, ReportInput, Role, ServiceId, User,
    ValidationErrors, validate_report,
};
use recovery_store::{ReportQuery, StoreError};

use crate::{AppError, Directory};

impl Directory {
    /// Validates a report, checks that its listing is a published meeting or a listed service,
    /// and stores it: what the REST API and the resident's report form share.
    pub async fn create_report(&self, input: ReportInput) -> Result<Report, AppError> {
        let new = validate_report(input)?;
        // The index holds exactly the published meetings and the listed services.
        let listed = {
            let index = self.index();
            match new.listing_kind {
                ListingKind::Service => index.agencies.service(ServiceId(new.listing_id)).is_some(),
                ListingKind::Meeting => index.index.get(MeetingId(new.listing_id)).is_some(),
            }
        };
        if !listed {
            let what = match new.listing_kind {
                ListingKind::Service => "no listed service has this id",
                ListingKind::Meeting => "no published meeting has this id",
            };
            return Err(ValidationErrors::one("listing_id", what).into());
        }
        let (report, _) = self.read(move |store| store.create_report(new)).await?;
        Ok(report)
    }
}

/// Which meetings `user` may work on, when their scopes narrow it (an editor with
/// `scope_regions` or `scope_programs`): `None` means all of them.
pub fn meeting_scope(user: &User) -> Option<impl Fn(&Meeting) -> bool + use<>> {
    let scoped = user.role == Role::Editor && !(user.scope_regions.is_empty() && user.scope_programs.is_empty());
    let user = user.clone();
    scoped.then_some(move |meeting: &Meeting| user.scope_denial(&meeting.data).is_none())
}

impl Directory {
    /// Resolves or dismisses a report, by `user` (an editor or admin): `Forbidden` when its
    /// listing lies outside the user's scope (a scoped editor sees no service reports),
    /// `Invalid` when the closing names a change-log entry that does not exist.
    pub async fn close_report(&self, id: ReportId, closing: ReportClosing, user: &User) -> Result<Report, AppError> {
        crate::authorize::editor(user)?;
        let (by, scoped) = (user.id, user.clone());
        let checked = self
            .read(move |store| {
                let report = store.get_report(id)?;
                let in_scope = match meeting_scope(&scoped) {
                    None => true,
                    Some(keep) if report.listing_kind == ListingKind::Meeting => {
                        match store.get_meeting(MeetingId(report.listing_id)) {
                            Ok(meeting) => keep(&meeting),
                            Err(StoreError::NotFound) => false,
                            Err(e) => return Err(e),
                        }
                    }
                    Some(_) => false,
                };
                let known_change = closing.change_seq.map(|seq| store.change_exists(seq)).transpose()?;
                Ok((in_scope, known_change, closing))
            })
            .await;
        let (in_scope, known_change, closing) = match checked {
            Ok(checked) => checked,
            Err(AppError::Store(StoreError::NotFound)) => {
                return Err(AppError::NotFound(format!("no report with id `{id}`")));
            }
            Err(e) => return Err(e),
        };
        if !in_scope {
            return Err(AppError::Forbidden("this report is about a listing outside your scope".into()));
        }
        if let (Some(seq), Some(false)) = (closing.change_seq, known_change) {
            return Err(ValidationErrors::one("change_seq", format!("there is no change-log entry {seq}")).into());
        }
        let (report, _) = self.read(move |store| store.close_report(id, closing, by)).await?;
        Ok(report)
    }
}

impl Directory {
    /// The problem reports `user` may work on, as `query` asks (a scoped editor sees only
    /// reports about meetings in scope): what the REST queue and the console's queue share.
    pub async fn list_reports(&self, query: ReportQuery, user: &User) -> Result<Vec<Report>, AppError> {
        let user = user.clone();
        self.read(move |store| {
            let scope = meeting_scope(&user);
            let scope = scope.as_ref().map(|keep| keep as &dyn Fn(&Meeting) -> bool);
            store.list_reports(&query, scope)
        })
        .await
    }
}
