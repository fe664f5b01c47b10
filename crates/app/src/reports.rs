//! Problem reports from the public: anyone tells staff a listing is wrong.

use recovery_domain::{ListingKind, MeetingId, Report, ReportInput, ServiceId, ValidationErrors, validate_report};

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
