//! The index projection: what the public search index holds, and how change-log entries move it.
//!
//! Writes go to the store first (one transaction with its change-log entry), then here. The
//! projection remembers, per entity, the change-log sequence number it last applied, so the same
//! change arriving twice — once from the local write, once from following the change log — is
//! applied once, and an older change never overwrites a newer one. Following the log is also
//! how a process sees writes made by others (another replica, the command line).

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::agency::{self, AgencyCatalog, Location, Organization, Service, TaxonomyTerm};
use crate::index::SearchIndex;
use crate::{Change, LocationId, Meeting, MeetingId, OrganizationId, ServiceId, TermId, change};

/// A kind of entity the index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// A 12-step meeting.
    Meeting,
    /// An agency.
    Organization,
    /// A place where an agency serves.
    Location,
    /// A program an agency runs.
    Service,
    /// A category in a taxonomy.
    TaxonomyTerm,
}

impl EntityKind {
    /// Every kind the index holds.
    pub const ALL: [EntityKind; 5] = [
        EntityKind::Meeting,
        EntityKind::Organization,
        EntityKind::Location,
        EntityKind::Service,
        EntityKind::TaxonomyTerm,
    ];

    /// What the change log calls this kind.
    pub fn log_name(self) -> &'static str {
        match self {
            EntityKind::Meeting => change::MEETING,
            EntityKind::Organization => agency::ORGANIZATION,
            EntityKind::Location => agency::LOCATION,
            EntityKind::Service => agency::SERVICE,
            EntityKind::TaxonomyTerm => agency::TAXONOMY_TERM,
        }
    }

    /// The kind a change-log entity name stands for; `None` for entities the index does not
    /// hold (users, sources, reports, …).
    pub fn from_log_name(name: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|kind| kind.log_name() == name)
    }
}

/// One entity's state as of a change: what to apply to the index.
#[derive(Debug, Clone)]
pub enum Entity {
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

impl Entity {
    /// Its kind.
    pub fn kind(&self) -> EntityKind {
        match self {
            Entity::Meeting(_) => EntityKind::Meeting,
            Entity::Organization(_) => EntityKind::Organization,
            Entity::Location(_) => EntityKind::Location,
            Entity::Service(_) => EntityKind::Service,
            Entity::Term(_) => EntityKind::TaxonomyTerm,
        }
    }

    /// Its id.
    pub fn id(&self) -> Uuid {
        match self {
            Entity::Meeting(m) => m.id.0,
            Entity::Organization(o) => o.id.0,
            Entity::Location(l) => l.id.0,
            Entity::Service(s) => s.id.0,
            Entity::Term(t) => t.id.0,
        }
    }

    /// Reads an entity of `kind` from a change-log entry's `after`.
    pub fn parse(kind: EntityKind, after: &serde_json::Value) -> Result<Entity, serde_json::Error> {
        fn boxed<T: DeserializeOwned>(v: &serde_json::Value) -> Result<Box<T>, serde_json::Error> {
            T::deserialize(v).map(Box::new)
        }
        match kind {
            EntityKind::Meeting => boxed(after).map(Entity::Meeting),
            EntityKind::Organization => boxed(after).map(Entity::Organization),
            EntityKind::Location => boxed(after).map(Entity::Location),
            EntityKind::Service => boxed(after).map(Entity::Service),
            EntityKind::TaxonomyTerm => boxed(after).map(Entity::Term),
        }
    }
}

impl From<Meeting> for Entity {
    fn from(m: Meeting) -> Entity {
        Entity::Meeting(Box::new(m))
    }
}

impl From<Organization> for Entity {
    fn from(o: Organization) -> Entity {
        Entity::Organization(Box::new(o))
    }
}

impl From<Location> for Entity {
    fn from(l: Location) -> Entity {
        Entity::Location(Box::new(l))
    }
}

impl From<Service> for Entity {
    fn from(s: Service) -> Entity {
        Entity::Service(Box::new(s))
    }
}

impl From<TaxonomyTerm> for Entity {
    fn from(t: TaxonomyTerm) -> Entity {
        Entity::Term(Box::new(t))
    }
}

/// What one change-log entry does to the index.
#[derive(Debug, Clone)]
pub enum Update {
    /// The entity as it is after the change.
    Upsert(Entity),
    /// The entity was deleted.
    Remove(EntityKind, Uuid),
}

impl Update {
    /// Reads a change-log entry: `None` when the index does not hold its kind (or a deleted
    /// entity's id is unreadable), an error when its `after` cannot be read.
    pub fn of(change: &Change) -> Option<Result<Update, serde_json::Error>> {
        let kind = EntityKind::from_log_name(&change.entity)?;
        match &change.after {
            Some(after) => Some(Entity::parse(kind, after).map(Update::Upsert)),
            None => change.entity_id.parse::<Uuid>().ok().map(|id| Ok(Update::Remove(kind, id))),
        }
    }
}

/// The index and the bookkeeping that keeps it in step with the store.
#[derive(Debug, Default)]
pub struct IndexState {
    /// Published meetings, public view.
    pub index: SearchIndex,
    /// Agencies (organizations, locations, services, taxonomy terms), public view.
    pub agencies: AgencyCatalog,
    /// The change-log sequence number last applied, per entity.
    versions: HashMap<(EntityKind, Uuid), i64>,
    /// Every change-log entry up to here has been looked at.
    pub followed_seq: i64,
    /// Bumped on every change to the index; caches built from it compare this.
    pub generation: u64,
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

    /// Applies one change (of log position `seq`) unless a newer one was applied; says
    /// whether it was.
    pub fn update(&mut self, update: Update, seq: i64) -> bool {
        match update {
            Update::Upsert(entity) => self.apply(entity, seq),
            Update::Remove(kind, id) => self.remove(kind, id, seq),
        }
    }

    /// Applies the state of an entity as of change `seq`, unless a newer one was applied;
    /// says whether it was.
    pub fn apply(&mut self, entity: Entity, seq: i64) -> bool {
        if !self.is_newer((entity.kind(), entity.id()), seq) {
            return false;
        }
        match entity {
            Entity::Meeting(m) => self.index.upsert(&m),
            Entity::Organization(o) => self.agencies.upsert_organization(&o),
            Entity::Location(l) => self.agencies.upsert_location(&l),
            Entity::Service(s) => self.agencies.upsert_service(&s),
            Entity::Term(t) => self.agencies.upsert_term(*t),
        }
        self.generation += 1;
        true
    }

    /// Removes an entity deleted by change `seq`, unless a newer change was applied; says
    /// whether it was.
    pub fn remove(&mut self, kind: EntityKind, id: Uuid, seq: i64) -> bool {
        if !self.is_newer((kind, id), seq) {
            return false;
        }
        match kind {
            EntityKind::Meeting => self.index.remove(MeetingId(id)),
            EntityKind::Organization => self.agencies.remove_organization(OrganizationId(id)),
            EntityKind::Location => self.agencies.remove_location(LocationId(id)),
            EntityKind::Service => self.agencies.remove_service(ServiceId(id)),
            EntityKind::TaxonomyTerm => self.agencies.remove_term(TermId(id)),
        }
        self.generation += 1;
        true
    }

    /// Records `seq` for `key` and says whether it is newer than what was applied (0, the
    /// sequence of a write that changed nothing, always applies).
    fn is_newer(&mut self, key: (EntityKind, Uuid), seq: i64) -> bool {
        let known = self.versions.get(&key).copied().unwrap_or(i64::MIN);
        if seq != 0 && seq <= known {
            return false;
        }
        self.versions.insert(key, seq);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_log_name() {
        for kind in EntityKind::ALL {
            assert_eq!(EntityKind::from_log_name(kind.log_name()), Some(kind));
        }
        assert_eq!(EntityKind::from_log_name("user"), None);
    }

    #[test]
    fn an_older_change_never_undoes_a_newer_one() {
        let mut state = IndexState::default();
        let id = Uuid::now_v7();
        state.remove(EntityKind::Organization, id, 5);
        let generation = state.generation;
        state.remove(EntityKind::Organization, id, 4);
        assert_eq!(state.generation, generation, "seq 4 after seq 5 is ignored");
        state.remove(EntityKind::Organization, id, 5);
        assert_eq!(state.generation, generation, "the same change twice is applied once");
        state.remove(EntityKind::Organization, id, 0);
        assert_eq!(state.generation, generation + 1, "a write that changed nothing always applies");
    }

    #[test]
    fn a_delete_entry_reads_as_a_removal() {
        let id = Uuid::now_v7();
        let change = Change {
            seq: 3,
            entity: agency::SERVICE.into(),
            entity_id: id.to_string(),
            action: "delete".into(),
            actor: "system:test".into(),
            at: chrono::Utc::now(),
            before: None,
            after: None,
        };
        assert!(matches!(Update::of(&change), Some(Ok(Update::Remove(EntityKind::Service, got))) if got == id));
        let user = Change { entity: change::USER.into(), ..change };
        assert!(Update::of(&user).is_none());
    }
}
