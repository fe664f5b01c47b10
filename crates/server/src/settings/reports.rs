//! Problem reports: how long a reporter's email is kept (`--report-email-retention-days`). A
//! reporter may leave one for a reply; keeping it forever would keep personal data for no use.

use super::layering::{Row, settings_group};

/// How long a reporter's email is kept before it is erased, by default (days).
pub const DEFAULT_REPORT_EMAIL_RETENTION_DAYS: u32 = 180;
/// The longest accepted email retention: ten years.
pub const MAX_REPORT_EMAIL_RETENTION_DAYS: u32 = 3_650;

settings_group! {
    /// Erase problem reporters' emails older than this many days (checked hourly and at start).
    #[arg(long, env = "RD_REPORT_EMAIL_RETENTION_DAYS", default_value_t = DEFAULT_REPORT_EMAIL_RETENTION_DAYS)]
    report_email_retention_days: u32,
}

impl Layered {
    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
        let retention = self.report_email_retention_days.value;
        if !(1..=MAX_REPORT_EMAIL_RETENTION_DAYS).contains(&retention) {
            problems.push(format!(
                "report_email_retention_days: must be from 1 to {MAX_REPORT_EMAIL_RETENTION_DAYS} days, not {retention}"
            ));
        }
    }

    /// The `config check` line.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        rows.push(self.report_email_retention_days.plain_row());
    }
}
