//! Backups: everything the store holds as one serde value ([`Backup`]), and restoring one into
//! an empty database so that the directory it serves is identical to the one exported.
//!
//! The backup format is a contract with files written by older builds, so its types live here,
//! apart from the repositories' own: meetings are the domain [`Meeting`] (full data, private
//! contacts included), users carry their password hash (never a password), change-log
//! entries keep their `seq`, and problem reports keep the reporter's email (a backup is private).
//! Reading and writing the JSON is the caller's business.
//!
//! Version 2 added the import sources, the provenance of the listings they brought
//! ([`BackupProvenance`]), the import runs and the geocoding cache, so that a restored
//! directory's next sync finds its listings unchanged. A version 1 file has none of them and
//! restores as it always did.
//!
//! Not in a backup: API keys, sign-in sessions (refresh tokens), the sign-in throttle and the
//! scheduler's leases. After a restore API clients need new keys and staff sign in again.
//!
//! Restores go into an empty database, before serving: a server already running on the same
//! database picks up the restored meetings reliably only when it starts (it loads its search
//! index then), so start the servers after the restore.

mod agencies;
mod export;
mod import;
mod sources;

pub use sources::{BackupGeocode, BackupProvenance};

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, Utc};
use recovery_domain::agency::{Location, Organization, Service, TaxonomyTerm};
use recovery_domain::slug::is_valid_slug;
use recovery_domain::source::{ImportRun, Source};
use recovery_domain::{Meeting, Report, Role, UserId};
use serde::{Deserialize, Serialize};

/// The most problems [`Backup::problems`] lists one by one.
const MAX_PROBLEMS: usize = 20;

/// A whole directory: every meeting, user, change-log entry, report, agency record and import
/// source record, with the format header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// Always [`Backup::FORMAT`].
    pub format: String,
    /// The format version: [`Backup::VERSION`] for backups this build writes, down to
    /// [`Backup::OLDEST_VERSION`] for those it reads.
    pub version: u32,
    /// When the backup was taken (UTC).
    pub exported_at: DateTime<Utc>,
    /// The backend it was taken from ("sqlite", "postgres"); informative only.
    pub backend: String,
    /// Every meeting, whatever its status, ordered by id.
    pub meetings: Vec<Meeting>,
    /// Every staff user, ordered by id.
    pub users: Vec<BackupUser>,
    /// Every import source, with its settings and schedule, ordered by id (always empty in
    /// version 1 backups).
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Where each imported listing came from, ordered by meeting id (absent before version 2).
    #[serde(default)]
    pub provenance: Vec<BackupProvenance>,
    /// Every import run, ordered by id (absent before version 2).
    #[serde(default)]
    pub import_runs: Vec<ImportRun>,
    /// Every remembered geocoder answer, ordered by query (absent before version 2).
    #[serde(default)]
    pub geocode_cache: Vec<BackupGeocode>,
    /// Every change-log entry, in `seq` order.
    pub change_log: Vec<BackupChange>,
    /// Every problem report, reporter's email included (absent from backups of older builds).
    #[serde(default)]
    pub reports: Vec<Report>,
    /// Every agency (organization), ordered by id (absent from backups of older builds).
    #[serde(default)]
    pub organizations: Vec<Organization>,
    /// Every location, ordered by id.
    #[serde(default)]
    pub locations: Vec<Location>,
    /// Every service, ordered by id.
    #[serde(default)]
    pub services: Vec<Service>,
    /// Every taxonomy term, the seeded ones included, ordered by id. A restore makes the
    /// database's terms exactly these (when there are any: older backups keep the seeded ones).
    #[serde(default)]
    pub taxonomy_terms: Vec<TaxonomyTerm>,
}

/// A staff user as backed up: with the password hash and both timestamps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupUser {
    /// The user's id.
    pub id: UserId,
    /// Sign-in email, lowercase.
    pub email: String,
    /// The role.
    pub role: Role,
    /// False once deactivated.
    pub active: bool,
    /// When the user was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the user last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// The password's PHC hash string, as stored.
    pub password_hash: String,
    /// Region scope of an editor (absent in backups made before scopes existed: unscoped).
    #[serde(default)]
    pub scope_regions: Vec<String>,
    /// Program scope of an editor (absent in older backups: unscoped).
    #[serde(default)]
    pub scope_programs: Vec<String>,
}

/// One change-log entry as backed up, `seq` included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupChange {
    /// Position in the log.
    pub seq: i64,
    /// What kind of thing changed ("meeting", "user").
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// "create", "update", "archive" or "delete".
    pub action: String,
    /// Who: a user id, or `system:<what>`.
    pub actor: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// The whole entity before the change (null for a create).
    pub before: Option<serde_json::Value>,
    /// The whole entity after the change (null for a delete).
    pub after: Option<serde_json::Value>,
}

/// How many of each thing a backup holds (or a restore wrote).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackupCounts {
    /// Meetings.
    pub meetings: usize,
    /// Staff users.
    pub users: usize,
    /// Change-log entries.
    pub changes: usize,
    /// Problem reports.
    pub reports: usize,
    /// Organizations.
    pub organizations: usize,
    /// Locations.
    pub locations: usize,
    /// Services.
    pub services: usize,
    /// Taxonomy terms (a fresh database has the seeded ones).
    pub taxonomy_terms: usize,
    /// Import sources.
    pub sources: usize,
    /// Provenance records (imported listings that remember their source).
    pub provenance: usize,
    /// Import runs.
    pub import_runs: usize,
    /// Remembered geocoder answers.
    pub geocode_cache: usize,
}

impl BackupCounts {
    /// True when there is nothing at all.
    pub fn is_empty(&self) -> bool {
        *self == BackupCounts::default()
    }
}

impl fmt::Display for BackupCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}, {}, {}",
            plural(self.meetings, "meeting", "meetings"),
            plural(self.users, "user", "users"),
            plural(self.changes, "change-log entry", "change-log entries")
        )?;
        let more = [
            (self.organizations, "organization", "organizations"),
            (self.locations, "location", "locations"),
            (self.services, "service", "services"),
            (self.taxonomy_terms, "taxonomy term", "taxonomy terms"),
            (self.reports, "problem report", "problem reports"),
            (self.sources, "import source", "import sources"),
            (self.provenance, "provenance record", "provenance records"),
            (self.import_runs, "import run", "import runs"),
            (self.geocode_cache, "cached geocoder answer", "cached geocoder answers"),
        ];
        for (n, one, many) in more.into_iter().filter(|(n, _, _)| *n > 0) {
            write!(f, ", {}", plural(n, one, many))?;
        }
        Ok(())
    }
}

impl Backup {
    /// The `format` every backup names.
    pub const FORMAT: &'static str = "recovery-directory-backup";
    /// The format version this build writes (and the newest it reads).
    pub const VERSION: u32 = 2;
    /// The oldest format version this build reads.
    pub const OLDEST_VERSION: u32 = 1;

    /// True when this build reads backups of format `version`.
    pub fn reads_version(version: u64) -> bool {
        (u64::from(Backup::OLDEST_VERSION)..=u64::from(Backup::VERSION)).contains(&version)
    }

    /// How many of each thing it holds.
    pub fn counts(&self) -> BackupCounts {
        BackupCounts {
            meetings: self.meetings.len(),
            users: self.users.len(),
            changes: self.change_log.len(),
            reports: self.reports.len(),
            organizations: self.organizations.len(),
            locations: self.locations.len(),
            services: self.services.len(),
            taxonomy_terms: self.taxonomy_terms.len(),
            sources: self.sources.len(),
            provenance: self.provenance.len(),
            import_runs: self.import_runs.len(),
            geocode_cache: self.geocode_cache.len(),
        }
    }

    /// What keeps this backup from being restored exactly, one sentence each (empty when
    /// nothing does): the wrong format or version, data this build cannot restore, values
    /// that must be unique twice, and change-log entries out of order.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.format != Backup::FORMAT {
            problems.push(format!("format: `{}` is not `{}`", self.format, Backup::FORMAT));
        }
        if !Backup::reads_version(u64::from(self.version)) {
            problems.push(format!(
                "version: {} is not supported (this build reads {} to {})",
                self.version,
                Backup::OLDEST_VERSION,
                Backup::VERSION
            ));
        }
        self.meeting_problems(&mut problems);
        self.user_problems(&mut problems);
        self.change_problems(&mut problems);
        self.report_problems(&mut problems);
        self.agency_problems(&mut problems);
        self.source_problems(&mut problems);
        if problems.len() > MAX_PROBLEMS {
            let more = problems.len() - MAX_PROBLEMS;
            problems.truncate(MAX_PROBLEMS);
            problems.push(format!("… and {more} more"));
        }
        problems
    }

    fn meeting_problems(&self, problems: &mut Vec<String>) {
        let mut ids = HashSet::new();
        let mut slugs = HashSet::new();
        for (i, meeting) in self.meetings.iter().enumerate() {
            if !ids.insert(meeting.id) {
                problems.push(format!("meetings[{i}].id: {} appears twice", meeting.id));
            }
            let slug = &meeting.data.slug;
            if !is_valid_slug(slug) {
                problems.push(format!("meetings[{i}].slug: `{slug}` is not a valid slug"));
            } else if !slugs.insert(slug.as_str()) {
                problems.push(format!("meetings[{i}].slug: `{slug}` appears twice"));
            }
        }
    }

    fn user_problems(&self, problems: &mut Vec<String>) {
        let mut ids = HashSet::new();
        let mut emails = HashSet::new();
        for (i, user) in self.users.iter().enumerate() {
            if !ids.insert(user.id) {
                problems.push(format!("users[{i}].id: {} appears twice", user.id));
            }
            if user.email.is_empty() || user.email != user.email.to_lowercase() {
                problems.push(format!("users[{i}].email: `{}` is not a lowercase email", user.email));
            } else if !emails.insert(user.email.as_str()) {
                problems.push(format!("users[{i}].email: `{}` appears twice", user.email));
            }
            if user.password_hash.is_empty() {
                problems.push(format!("users[{i}].password_hash: empty"));
            }
        }
    }

    fn report_problems(&self, problems: &mut Vec<String>) {
        let mut ids = HashSet::new();
        let seqs: HashSet<i64> = self.change_log.iter().map(|c| c.seq).collect();
        for (i, report) in self.reports.iter().enumerate() {
            if !ids.insert(report.id) {
                problems.push(format!("reports[{i}].id: {} appears twice", report.id));
            }
            if let Some(seq) = report.change_seq.filter(|seq| !seqs.contains(seq)) {
                problems.push(format!("reports[{i}].change_seq: {seq} is not in the change log"));
            }
        }
    }

    fn change_problems(&self, problems: &mut Vec<String>) {
        let mut previous = 0;
        for (i, change) in self.change_log.iter().enumerate() {
            if change.seq <= previous {
                problems.push(format!(
                    "change_log[{i}].seq: {} does not follow {previous} (seqs are positive and increasing)",
                    change.seq
                ));
            }
            previous = previous.max(change.seq);
            let fields = [
                ("entity", &change.entity),
                ("entity_id", &change.entity_id),
                ("action", &change.action),
                ("actor", &change.actor),
            ];
            for (field, value) in fields {
                if value.is_empty() {
                    problems.push(format!("change_log[{i}].{field}: empty"));
                }
            }
        }
    }
}
