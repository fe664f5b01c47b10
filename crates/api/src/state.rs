//! What every request shares: the store, the search index, the feed cache and the keys.
//!
//! Writes go to the store first (one transaction with its change-log entry), then to the index.
//! The index remembers, per entity (meeting, organization, location, service, taxonomy term), the change-log sequence number it last applied, so the
//! same change arriving twice — once from the local write, once from following the change log
//! — is applied once, and an older change never overwrites a newer one. Following the log is
//! also how this process sees writes made by other processes (another replica, the importer).

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono_tz::Tz;
use recovery_domain::agency::{self, AgencyCatalog, Location, Organization, Service, Taxonomies, TaxonomyTerm};
use recovery_domain::change;
use recovery_domain::index::SearchIndex;
use recovery_domain::{LocationId, Meeting, MeetingId, OrganizationId, Programs, ServiceId, TermId, ValidationContext};
use recovery_store::{Store, StoreError};
use uuid::Uuid;

use crate::auth::TokenKeys;
use crate::feeds::FeedCache;

/// The index and the bookkeeping that keeps it in step with the store.
#[derive(Debug, Default)]
pub struct IndexState {
    /// Published meetings, public view.
    pub index: SearchIndex,
    /// Agencies (organizations, locations, services, taxonomy terms), public view.
    pub agencies: AgencyCatalog,
    /// The change-log sequence number last applied, per entity (kind and id).
    versions: HashMap<(&'static str, Uuid), i64>,
    /// Every change-log entry up to here has been looked at.
    pub followed_seq: i64,
    /// Bumped on every change to the index; caches built from it compare this.
    pub generation: u64,
}

/// One entity's state as of a change: what to apply to the index.
#[derive(Debug, Clone)]
pub enum Applied {
    /// A meeting (published or not: unpublished ones leave the index).
    Meeting(Box<Meeting>),
    /// An organization.
    Organization(Box<Organization>),
    /// A location.
    Location(Box<Location>),
    /// A service.
    Service(Box<Service>),
    /// A taxonomy term.
    Term(Box<TaxonomyTerm>),
}

impl Applied {
    fn key(&self) -> (&'static str, Uuid) {
        match self {
            Applied::Meeting(m) => (change::MEETING, m.id.0),
            Applied::Organization(o) => (agency::ORGANIZATION, o.id.0),
            Applied::Location(l) => (agency::LOCATION, l.id.0),
            Applied::Service(s) => (agency::SERVICE, s.id.0),
            Applied::Term(t) => (agency::TAXONOMY_TERM, t.id.0),
        }
    }

    /// Reads a change-log entry's `after`; `None` for entities the index does not hold.
    fn parse(entity: &str, after: &serde_json::Value) -> Option<Result<Applied, serde_json::Error>> {
        fn boxed<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Result<Box<T>, serde_json::Error> {
            T::deserialize(v).map(Box::new)
        }
        Some(match entity {
            change::MEETING => boxed(after).map(Applied::Meeting),
            agency::ORGANIZATION => boxed(after).map(Applied::Organization),
            agency::LOCATION => boxed(after).map(Applied::Location),
            agency::SERVICE => boxed(after).map(Applied::Service),
            agency::TAXONOMY_TERM => boxed(after).map(Applied::Term),
            _ => return None,
        })
    }
}

/// The kinds of entity the index holds, by their change-log name.
fn indexed_kind(entity: &str) -> Option<&'static str> {
    [change::MEETING, agency::ORGANIZATION, agency::LOCATION, agency::SERVICE, agency::TAXONOMY_TERM]
        .into_iter()
        .find(|k| *k == entity)
}

impl IndexState {
    /// An index loaded from the store, marked as having followed the log up to `seq`.
    pub fn loaded(meetings: Vec<Meeting>, agencies: AgencyCatalog, seq: i64) -> IndexState {
        IndexState {
            index: SearchIndex::build(meetings),
            agencies,
            versions: HashMap::new(),
            followed_seq: seq,
            generation: 1,
        }
    }

    /// Applies the state of an entity as of change `seq`, unless a newer one was applied.
    pub fn apply(&mut self, entity: Applied, seq: i64) {
        if !self.is_newer(entity.key(), seq) {
            return;
        }
        match entity {
            Applied::Meeting(m) => self.index.upsert(&m),
            Applied::Organization(o) => self.agencies.upsert_organization(&o),
            Applied::Location(l) => self.agencies.upsert_location(&l),
            Applied::Service(s) => self.agencies.upsert_service(&s),
            Applied::Term(t) => self.agencies.upsert_term(*t),
        }
        self.generation += 1;
    }

    /// Removes an entity deleted by change `seq`, unless a newer change was applied.
    pub fn remove(&mut self, kind: &'static str, id: Uuid, seq: i64) {
        if !self.is_newer((kind, id), seq) {
            return;
        }
        match kind {
            change::MEETING => self.index.remove(MeetingId(id)),
            agency::ORGANIZATION => self.agencies.remove_organization(OrganizationId(id)),
            agency::LOCATION => self.agencies.remove_location(LocationId(id)),
            agency::SERVICE => self.agencies.remove_service(ServiceId(id)),
            agency::TAXONOMY_TERM => self.agencies.remove_term(TermId(id)),
            _ => return,
        }
        self.generation += 1;
    }

    /// Records `seq` for `key` and says whether it is newer than what was applied (0, the
    /// sequence of a write that changed nothing, always applies).
    fn is_newer(&mut self, key: (&'static str, Uuid), seq: i64) -> bool {
        let known = self.versions.get(&key).copied().unwrap_or(i64::MIN);
        if seq != 0 && seq <= known {
            return false;
        }
        self.versions.insert(key, seq);
        true
    }
}

/// State shared by all requests.
pub struct AppState {
    /// The database.
    pub store: Store,
    index: RwLock<IndexState>,
    /// Held across "write to the store, then apply to the index" so local writes reach the
    /// index in commit order.
    pub write_lock: tokio::sync::Mutex<()>,
    /// Prebuilt feed bodies.
    pub feeds: FeedCache,
    /// Token signing keys.
    pub keys: TokenKeys,
    /// Time zone for meetings written without one.
    pub default_timezone: Tz,
    /// Program for meetings written without one.
    pub default_program: String,
    /// Base URL for links in feeds.
    pub public_url: String,
    /// Exported metrics.
    pub metrics: crate::metrics::Metrics,
    /// Set on SIGTERM: readiness fails while in-flight requests finish.
    pub draining: std::sync::atomic::AtomicBool,
    /// Runs import sources (fetch policy and geocoder from the configuration).
    pub importer: recovery_import::sync::Importer,
}

impl AppState {
    /// Shared state around a store and a loaded index.
    pub fn new(
        store: Store,
        index: IndexState,
        keys: TokenKeys,
        default_timezone: Tz,
        default_program: String,
        public_url: String,
    ) -> AppState {
        let importer = recovery_import::sync::Importer {
            store: store.clone(),
            fetcher: recovery_import::fetch::Fetcher::new(recovery_import::fetch::FetchPolicy::public_only()),
            geocoder: recovery_import::geocode::Geocoder::None,
        };
        AppState {
            importer,
            store,
            index: RwLock::new(index),
            write_lock: tokio::sync::Mutex::new(()),
            feeds: FeedCache::default(),
            keys,
            default_timezone,
            default_program,
            public_url: public_url.trim_end_matches('/').to_string(),
            metrics: crate::metrics::Metrics::default(),
            draining: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Loads every published meeting and every agency listing from the store into a fresh
    /// index (blocking); locations without a time zone are read in `fallback_tz`.
    pub fn load_index(store: &Store, fallback_tz: Tz) -> Result<IndexState, StoreError> {
        // Read the log position first: anything committed after it is picked up by following.
        let seq = store.latest_change_seq()?;
        let meetings = store.all_meetings(Some(recovery_domain::Status::Published))?;
        let taxonomies = Taxonomies::new(store.all_taxonomies()?, store.all_taxonomy_terms()?);
        let agencies = AgencyCatalog::build(
            store.all_organizations()?,
            store.all_locations()?,
            store.all_services()?,
            taxonomies,
            fallback_tz,
        );
        Ok(IndexState::loaded(meetings, agencies, seq))
    }

    /// Reads the index.
    pub fn index(&self) -> RwLockReadGuard<'_, IndexState> {
        self.index.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn index_mut(&self) -> RwLockWriteGuard<'_, IndexState> {
        self.index.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Applies a meeting written through this process.
    pub fn apply_meeting(&self, meeting: &Meeting, seq: i64) {
        self.index_mut().apply(Applied::Meeting(Box::new(meeting.clone())), seq);
    }

    /// Applies an entity written through this process.
    pub fn apply(&self, entity: Applied, seq: i64) {
        self.index_mut().apply(entity, seq);
    }

    /// Removes an entity deleted through this process.
    pub fn remove(&self, kind: &'static str, id: Uuid, seq: i64) {
        self.index_mut().remove(kind, id, seq);
    }

    /// Applies every change-log entry after the last one followed (blocking). Returns how many
    /// meetings changed in the index.
    pub fn follow_changes(&self) -> Result<usize, StoreError> {
        let mut applied = 0;
        loop {
            let after = self.index().followed_seq;
            let changes = self.store.changes_since(after, 1000)?;
            let Some(last) = changes.last().map(|c| c.seq) else { return Ok(applied) };
            // Parse outside the lock: searches keep being answered meanwhile.
            let updates: Vec<(i64, &'static str, Option<Applied>, &str)> = changes
                .iter()
                .filter_map(|change| {
                    let kind = indexed_kind(&change.entity)?;
                    match change.after.as_ref().and_then(|after| Applied::parse(kind, after)) {
                        Some(Ok(entity)) => Some((change.seq, kind, Some(entity), change.entity_id.as_str())),
                        Some(Err(e)) => {
                            tracing::warn!(seq = change.seq, error = %e, "unreadable change-log entry");
                            None
                        }
                        None => Some((change.seq, kind, None, change.entity_id.as_str())),
                    }
                })
                .collect();
            let mut state = self.index_mut();
            for (seq, kind, entity, entity_id) in updates {
                match entity {
                    Some(entity) => state.apply(entity, seq),
                    None => match entity_id.parse::<Uuid>() {
                        Ok(id) => state.remove(kind, id, seq),
                        Err(_) => continue,
                    },
                }
                applied += 1;
            }
            state.followed_seq = state.followed_seq.max(last);
        }
    }

    /// What validation needs.
    pub fn validation_context(&self) -> ValidationContext<'_> {
        ValidationContext {
            programs: Programs::builtin(),
            default_timezone: self.default_timezone,
            default_program: &self.default_program,
        }
    }
}
