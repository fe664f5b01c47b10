//! Importing HSDS services sent in one request (`POST /v1/imports/hsds`): read against the
//! index's agency catalog, then written in one transaction under the write lock.

use recovery_domain::{Actor, ServiceId, ValidationErrors};
use recovery_import::hsds::parse::Import;
use recovery_import::hsds::parse::estimate::estimate;
use recovery_import::hsds::parse::private::keep_private;
use recovery_store::{BatchOutcome, StoreError};
use serde_json::Value;

use crate::{AppError, Directory};

/// What an HSDS import did (or would do, for a dry run).
#[derive(Debug, Clone)]
pub struct HsdsImported {
    /// Records created, replaced and left as they were.
    pub outcome: BatchOutcome,
    /// Field paths in the input that this directory does not model.
    pub dropped: Vec<String>,
    /// Values dropped or changed, and why (`path: message`).
    pub warnings: Vec<String>,
    /// The ids of the services imported, in input order.
    pub services: Vec<ServiceId>,
}

impl Directory {
    /// Imports one HSDS service or an array of them. Any invalid field refuses the whole
    /// input; a dry run writes nothing and estimates the counts against the published
    /// listings.
    pub async fn import_hsds(&self, body: &Value, dry_run: bool, actor: Actor) -> Result<HsdsImported, AppError> {
        let (mut batch, report, services, estimated) = {
            let index = self.index();
            let mut import = Import::new(&index.agencies, self.defaults().timezone);
            import.read(body);
            let estimated = dry_run.then(|| estimate(&index.agencies, &import.batch));
            (import.batch, import.report, import.services, estimated)
        };
        if !report.errors.is_empty() {
            return Err(AppError::Invalid(ValidationErrors(report.errors)));
        }
        let mut warnings = report.warnings;
        let outcome = match estimated {
            Some(outcome) => {
                warnings.extend(self.read(move |store| keep_private(store, &mut batch)).await?);
                outcome
            }
            None => {
                let _guard = self.lock().await;
                // Read and written under the write lock: no other writer of this process
                // comes between keeping the private fields and the write.
                let (outcome, kept) = self
                    .read(move |store| {
                        let kept = keep_private(store, &mut batch)?;
                        Ok::<_, StoreError>((store.write_agencies(batch, &actor)?, kept))
                    })
                    .await?;
                warnings.extend(kept);
                // The batch write reports no change-log positions: read them from the log.
                self.follow().await?;
                outcome
            }
        };
        Ok(HsdsImported { outcome, dropped: report.dropped, warnings, services })
    }
}
