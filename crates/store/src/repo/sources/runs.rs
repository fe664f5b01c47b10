//! Import runs: recording one that wrote nothing, and reading them back.

use diesel::prelude::*;
use recovery_domain::source::ImportRun;
use recovery_domain::{RunId, SourceId};

use crate::Store;
use crate::connection::DbConnection;
use crate::convert::source::{run_from_row, run_row};
use crate::error::StoreError;
use crate::rows::source::RunRow;
use crate::schema::import_runs;

impl Store {
    /// Records a run that wrote nothing (a failure, or a dry run). Its times are stored to
    /// whole microseconds, as every time in the store.
    pub fn record_run(&self, run: &ImportRun) -> Result<(), StoreError> {
        let row = run_row(run)?;
        self.write(|conn| insert_run(conn, &row))
    }

    /// Run `id`, or `NotFound`.
    pub fn get_run(&self, id: RunId) -> Result<ImportRun, StoreError> {
        let row: RunRow =
            import_runs::table.find(id.to_string()).select(RunRow::as_select()).first(&mut *self.conn()?)?;
        run_from_row(row)
    }

    /// The latest `limit` runs of source `id`, newest first.
    pub fn list_runs(&self, id: SourceId, limit: i64) -> Result<Vec<ImportRun>, StoreError> {
        let rows: Vec<RunRow> = import_runs::table
            .filter(import_runs::source_id.eq(id.to_string()))
            .order((import_runs::started_at.desc(), import_runs::id.desc()))
            .limit(limit.max(0))
            .select(RunRow::as_select())
            .load(&mut *self.conn()?)?;
        rows.into_iter().map(run_from_row).collect()
    }
}

/// Inserts one run row.
pub(super) fn insert_run(conn: &mut DbConnection, row: &RunRow) -> Result<(), StoreError> {
    diesel::insert_into(import_runs::table).values(row).execute(conn)?;
    Ok(())
}
