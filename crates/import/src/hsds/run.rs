//! The HSDS kind of source: services read from an HSDS 3.0 API (`/services` paged, then each
//! `/services/{id}` in full) or from a JSON file of services, then written through the same
//! reader and batch write as `POST /v1/imports/hsds`. Unlike that endpoint, one bad service
//! does not refuse the rest: it is rejected in the run report and the others are imported.
//! HSDS runs never archive: an agency directory that drops a service is not evidence that the
//! service closed.
//!
//! Walking an API is one request per service, each bounded only by the fetch policy, so the
//! walk as a whole is bounded too: in time ([`deadline`]), in services ([`MAX_SERVICES`]) and
//! in bytes ([`BYTES_PER_RESPONSE_CAP`] responses' worth).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::Duration;

use crate::fetch::{FetchError, Fetched, Fetcher};
use crate::sync::Payload;
use chrono::Utc;
use chrono_tz::Tz;
use recovery_domain::Actor;
use recovery_domain::agency::{AgencyCatalog, Taxonomies};
use recovery_domain::source::{ImportRun, RunCounts, RunItem, RunStatus, Source};
use recovery_store::{AgencyBatch, BatchOutcome, Store, StoreError};
use serde_json::Value;

use super::parse::Import;
use super::parse::estimate::estimate;
use super::parse::private::keep_private;

/// At most this many `/services` pages are read from one API.
pub const MAX_PAGES: u64 = 1_000;
/// Services asked for per page.
pub const PER_PAGE: u64 = 100;
/// At most this many services are read from one API.
pub const MAX_SERVICES: usize = 20_000;
/// A whole walk may take this many per-request timeouts …
pub const TIMEOUTS_PER_RUN: u32 = 10;
/// … but never longer than this.
pub const MAX_RUN_TIME: Duration = Duration::from_secs(30 * 60);
/// A whole walk may read this many times the per-response cap, across all its requests.
pub const BYTES_PER_RESPONSE_CAP: u64 = 5;

/// Services read from a source: each with its position in the source, plus what could not
/// even be read.
#[derive(Debug, Default)]
pub struct Services {
    /// The URL or file name read.
    pub origin: String,
    /// Each service object and its position.
    pub items: Vec<(u64, Value)>,
    /// Listed services that could not be fetched.
    pub rejected: Vec<RunItem>,
}

/// What a run of the HSDS reader makes of the services, ready to write.
#[derive(Debug, Default)]
pub struct Prepared {
    /// What to write.
    pub batch: AgencyBatch,
    /// How many services the source had.
    pub source_records: u64,
    /// Services refused, with their reasons.
    pub rejected: Vec<RunItem>,
    /// Values dropped or repaired.
    pub warnings: Vec<RunItem>,
    /// For a dry run, what writing would do (judged against `catalog`).
    pub estimate: Option<BatchOutcome>,
}

/// Reads a service document as JSON, naming what is wrong when it is not.
fn json(body: &[u8], what: &str) -> Result<Value, String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("{what} is not UTF-8 text: {e}"))?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('<') {
        return Err(format!("{what} is an HTML page, not HSDS JSON"));
    }
    serde_json::from_str(text).map_err(|e| format!("{what} is not JSON: {e}"))
}

/// Percent-encodes an id for one path segment.
fn segment(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The services of `source`: its API walked page by page, or the file given. `Err` is the
/// reason the run fails.
pub async fn read(fetcher: &Fetcher, source: &Source, payload: Payload) -> Result<Services, String> {
    match payload {
        Payload::File { name, body } => {
            let items = match json(&body, &name)? {
                Value::Array(items) => items,
                one @ Value::Object(_) => vec![one],
                _ => return Err(format!("{name}: expected an HSDS service object or an array of them")),
            };
            Ok(Services { origin: name, items: (0u64..).zip(items).collect(), rejected: Vec::new() })
        }
        Payload::Fetch => {
            let base = source.data.url.as_deref().ok_or("this source has no URL: send it a file of services")?;
            let policy = fetcher.policy();
            let limit = deadline(policy.timeout);
            let budget = Budget { limit: policy.max_bytes.saturating_mul(BYTES_PER_RESPONSE_CAP), spent: 0 };
            tokio::time::timeout(limit, fetch(fetcher, base.trim_end_matches('/'), budget))
                .await
                .map_err(|_| format!("the source took longer than {} s in all", limit.as_secs()))?
        }
    }
}

/// How long a whole walk may take, given the per-request `timeout`.
pub fn deadline(timeout: Duration) -> Duration {
    timeout.saturating_mul(TIMEOUTS_PER_RUN).min(MAX_RUN_TIME)
}

/// The bytes a walk may read across all its requests, and those read so far.
#[derive(Debug)]
struct Budget {
    limit: u64,
    spent: u64,
}

impl Budget {
    /// Fetches `url`, counting its body against the budget.
    async fn get(&mut self, fetcher: &Fetcher, url: &str) -> Result<Fetched, FetchError> {
        let fetched = fetcher.get(url).await?;
        self.spent = self.spent.saturating_add(fetched.body.len() as u64);
        Ok(fetched)
    }

    /// `Err` (the reason the run fails) once more than the limit has been read.
    fn check(&self, base: &str) -> Result<(), String> {
        if self.spent > self.limit {
            return Err(format!("{base} sent more than {} bytes in all, more than a run may read", self.limit));
        }
        Ok(())
    }
}

/// Walks `{base}/services` and fetches each listed service in full, reading at most what
/// `budget` allows.
async fn fetch(fetcher: &Fetcher, base: &str, mut budget: Budget) -> Result<Services, String> {
    let mut services = Services { origin: base.to_string(), ..Services::default() };
    let mut listed: Vec<(u64, Option<String>)> = Vec::new();
    let mut page = 1;
    loop {
        let url = format!("{base}/services?page={page}&per_page={PER_PAGE}");
        let fetched = budget.get(fetcher, &url).await.map_err(|e| e.to_string())?;
        budget.check(base)?;
        let body = json(&fetched.body, &url)?;
        let contents = body
            .get("contents")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{url} is not an HSDS page of services (no `contents` list)"))?;
        for item in contents {
            let id = item.get("id").and_then(Value::as_str).map(str::to_string);
            listed.push((listed.len() as u64, id));
        }
        if listed.len() > MAX_SERVICES {
            return Err(format!("{base}/services lists more than {MAX_SERVICES} services, more than a run may read"));
        }
        let total = body.get("total_pages").and_then(Value::as_u64).unwrap_or(page);
        if contents.is_empty() || page >= total {
            break;
        }
        if page >= MAX_PAGES {
            return Err(format!("{base}/services has more than {MAX_PAGES} pages"));
        }
        page += 1;
    }
    let mut seen = HashSet::new();
    for (position, id) in listed {
        let Some(id) = id else {
            services.rejected.push(RunItem {
                position: Some(position),
                key: None,
                listing_id: None,
                reason: "listed without an id".into(),
            });
            continue;
        };
        // Pages may shift while they are read: a service listed twice is read once.
        if !seen.insert(id.clone()) {
            continue;
        }
        let url = format!("{base}/services/{}", segment(&id));
        match budget.get(fetcher, &url).await {
            Ok(fetched) => {
                budget.check(base)?;
                services.items.push((position, json(&fetched.body, &url)?));
            }
            // Gone between the listing and now: that service only.
            Err(FetchError::Status { status: 404 | 410, .. }) => services.rejected.push(RunItem {
                position: Some(position),
                key: Some(id),
                listing_id: None,
                reason: format!("{url} is gone (listed, but not found)"),
            }),
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(services)
}

/// `[3].organization.name` → (3, `organization.name`).
fn indexed(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix('[')?;
    let (index, tail) = rest.split_once(']')?;
    Some((index.parse().ok()?, tail.trim_start_matches('.')))
}

/// Reads `services` against `catalog`; a service with errors is rejected (with every reason)
/// and the others read again without it, so what remains is consistent. `Err` when an error
/// belongs to no one service.
pub fn prepare(catalog: &AgencyCatalog, tz: Tz, services: Services, dry_run: bool) -> Result<Prepared, String> {
    let Services { items, rejected: unread, .. } = services;
    let source_records = (items.len() + unread.len()) as u64;
    let mut keep: Vec<usize> = (0..items.len()).collect();
    let mut reasons: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    loop {
        let body = Value::Array(keep.iter().map(|&i| items[i].1.clone()).collect());
        let mut import = Import::new(catalog, tz);
        import.read(&body);
        if import.report.errors.is_empty() {
            let estimate = dry_run.then(|| estimate(catalog, &import.batch));
            let mut warnings: Vec<RunItem> = import.report.warnings.iter().map(|w| item(None, None, w)).collect();
            if !import.report.dropped.is_empty() {
                let fields = import.report.dropped.join(", ");
                warnings.push(item(
                    None,
                    None,
                    &format!("fields not kept (this directory does not model them): {fields}"),
                ));
            }
            let mut rejected = unread;
            rejected.extend(reasons.into_iter().map(|(i, why)| {
                let (position, service) = &items[i];
                item(Some(*position), service.get("id").and_then(Value::as_str), &why.join("; "))
            }));
            rejected.sort_by_key(|r| r.position);
            return Ok(Prepared { batch: import.batch, source_records, rejected, warnings, estimate });
        }
        let mut failing = BTreeSet::new();
        for error in &import.report.errors {
            let Some((j, field)) = indexed(&error.field).filter(|(j, _)| *j < keep.len()) else {
                return Err(format!("{}: {}", error.field, error.message));
            };
            failing.insert(j);
            let reason = if field.is_empty() { error.message.clone() } else { format!("{field}: {}", error.message) };
            reasons.entry(keep[j]).or_default().push(reason);
        }
        keep = keep.into_iter().enumerate().filter(|(j, _)| !failing.contains(j)).map(|(_, i)| i).collect();
    }
}

fn item(position: Option<u64>, key: Option<&str>, reason: &str) -> RunItem {
    RunItem { position, key: key.map(str::to_string), listing_id: None, reason: reason.to_string() }
}

/// Writes what `prepared` holds (nothing for a dry run): `Ok(Err(reason))` when the batch is
/// refused (a reference to a missing record, a taken value), `Err` when the store fails.
pub fn write(
    store: &Store,
    prepared: &mut Prepared,
    actor: &Actor,
) -> Result<Result<BatchOutcome, String>, StoreError> {
    if let Some(estimate) = &prepared.estimate {
        return Ok(Ok(estimate.clone()));
    }
    let kept = keep_private(store, &mut prepared.batch)?;
    prepared.warnings.extend(kept.iter().map(|w| item(None, None, w)));
    match store.write_agencies(std::mem::take(&mut prepared.batch), actor) {
        Ok(outcome) => Ok(Ok(outcome)),
        Err(e @ (StoreError::Conflict { .. } | StoreError::Reference { .. } | StoreError::NotFound)) => {
            Ok(Err(format!("the services could not be written: {e}")))
        }
        Err(e) => Err(e),
    }
}

/// The run's record, from the `run` as planned: succeeded with `outcome`, or failed with
/// `error` and zero counts.
pub fn finish(mut run: ImportRun, result: Result<(BatchOutcome, Prepared), String>) -> ImportRun {
    use chrono::SubsecRound;
    run.finished_at = Utc::now().trunc_subsecs(6);
    match result {
        Ok((outcome, prepared)) => {
            run.counts = RunCounts {
                source_records: prepared.source_records,
                added: outcome.created as u64,
                updated: outcome.updated as u64,
                unchanged: outcome.unchanged as u64,
                rejected: prepared.rejected.len() as u64,
                ..RunCounts::default()
            };
            run.rejected = prepared.rejected;
            run.warnings = prepared.warnings;
        }
        Err(error) => {
            run.status = RunStatus::Failed;
            run.error = Some(error);
        }
    }
    run
}

/// The agency listings as stored, as the HSDS reader checks against them; locations stored
/// without a time zone are read in `tz`.
pub fn stored_catalog(store: &Store, tz: Tz) -> Result<AgencyCatalog, StoreError> {
    let taxonomies = Taxonomies::new(store.all_taxonomies()?, store.all_taxonomy_terms()?);
    Ok(AgencyCatalog::build(store.all_organizations()?, store.all_locations()?, store.all_services()?, taxonomies, tz))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_may_take_ten_timeouts_but_never_more_than_half_an_hour() {
        assert_eq!(deadline(Duration::from_secs(60)), Duration::from_secs(600));
        assert_eq!(deadline(Duration::from_secs(600)), MAX_RUN_TIME);
        assert_eq!(deadline(Duration::MAX), MAX_RUN_TIME);
    }

    #[test]
    fn the_byte_budget_fails_only_past_its_limit() {
        let mut budget = Budget { limit: 10, spent: 10 };
        assert!(budget.check("https://example.org").is_ok());
        budget.spent = 11;
        let reason = budget.check("https://example.org").unwrap_err();
        assert!(reason.contains("more than 10 bytes in all"), "{reason}");
    }
}
