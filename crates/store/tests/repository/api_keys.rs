//! API keys: only hashes stored, lookups by hash, revocation, and throttled use notes.

use chrono::{TimeDelta, Utc};
use recovery_store::{ApiKeyId, NewApiKey, StoreError};

use crate::harness::{assert_recent, staff};

fn new_key(prefix: &str, hash: &str, limit: Option<u32>) -> NewApiKey {
    NewApiKey {
        name: "Meeting finder".to_string(),
        owner_email: "dev@example.org".to_string(),
        prefix: prefix.to_string(),
        key_hash: hash.to_string(),
        rate_limit_per_minute: limit,
    }
}

on_both_backends! {
    fn keys_are_found_by_hash_until_revoked(db) {
        let key = db.store.create_api_key(new_key("0a1b2c3d", &"a".repeat(64), Some(1200)), &staff()).unwrap();
        assert_eq!(key.prefix, "0a1b2c3d");
        assert_eq!(key.rate_limit_per_minute, Some(1200));
        assert_eq!((key.last_used_at, key.revoked_at), (None, None));
        assert_recent(key.created_at);
        assert_eq!(db.store.get_api_key(key.id).unwrap(), key);
        assert_eq!(db.store.api_keys().unwrap(), vec![key.clone()]);
        assert_eq!(db.store.active_api_key_by_hash(&"a".repeat(64)).unwrap(), Some(key.clone()));
        assert_eq!(db.store.active_api_key_by_hash(&"b".repeat(64)).unwrap(), None);

        let revoked = db.store.revoke_api_key(key.id, &staff()).unwrap();
        assert!(revoked.revoked_at.is_some_and(|t| t >= key.created_at));
        assert_eq!(db.store.active_api_key_by_hash(&"a".repeat(64)).unwrap(), None);
        assert_eq!(db.store.get_api_key(key.id).unwrap(), revoked, "a revoked key stays on record");
        assert_eq!(db.store.revoke_api_key(key.id, &staff()).unwrap_err(), StoreError::NotFound);
        assert_eq!(db.store.revoke_api_key(ApiKeyId::new(), &staff()).unwrap_err(), StoreError::NotFound);
        assert_eq!(db.store.get_api_key(ApiKeyId::new()).unwrap_err(), StoreError::NotFound);
    }

    fn the_log_names_keys_without_their_hash(db) {
        let hash = "c0ffee".repeat(10) + "abcd";
        let actor = staff();
        let key = db.store.create_api_key(new_key("deadbeef", &hash, None), &actor).unwrap();
        db.store.revoke_api_key(key.id, &actor).unwrap();
        let log = db.store.changes_since(0, 10).unwrap();
        let entries: Vec<_> = log.iter().map(|c| (c.entity.as_str(), c.action.as_str(), c.entity_id.as_str())).collect();
        let id = key.id.to_string();
        assert_eq!(entries, [("api_key", "create", id.as_str()), ("api_key", "revoke", id.as_str())]);
        assert_eq!(log[0].after.as_ref().unwrap()["name"], "Meeting finder");
        assert!(log[1].before.as_ref().unwrap()["revoked_at"].is_null());
        assert!(log[1].after.as_ref().unwrap()["revoked_at"].is_string());
        assert_eq!(log[1].actor, actor.label());
        for change in &log {
            let text = serde_json::to_string(change).unwrap();
            assert!(!text.contains(&hash), "the hash reached the change log: {text}");
        }
    }

    fn taken_prefixes_and_hashes_are_conflicts(db) {
        db.store.create_api_key(new_key("11111111", &"1".repeat(64), None), &staff()).unwrap();
        let prefix = db.store.create_api_key(new_key("11111111", &"2".repeat(64), None), &staff()).unwrap_err();
        assert!(matches!(&prefix, StoreError::Conflict { field, .. } if field == "prefix"), "{prefix:?}");
        let hash = db.store.create_api_key(new_key("22222222", &"1".repeat(64), None), &staff()).unwrap_err();
        assert!(matches!(&hash, StoreError::Conflict { field, .. } if field == "key_hash"), "{hash:?}");
        assert_eq!(db.store.api_keys().unwrap().len(), 1);
        assert_eq!(db.store.changes_since(0, 10).unwrap().len(), 1, "a failed create logs nothing");
    }

    fn uses_are_noted_at_most_once_a_minute(db) {
        let key = db.store.create_api_key(new_key("33333333", &"3".repeat(64), None), &staff()).unwrap();
        let now = Utc::now();
        assert!(db.store.record_api_key_use(key.id, now).unwrap());
        assert!(!db.store.record_api_key_use(key.id, now + TimeDelta::seconds(30)).unwrap());
        let noted = db.store.get_api_key(key.id).unwrap().last_used_at.unwrap();
        assert!((noted - now).abs() < TimeDelta::milliseconds(1), "{noted} vs {now}");
        assert!(db.store.record_api_key_use(key.id, now + TimeDelta::seconds(61)).unwrap());
        assert!(db.store.get_api_key(key.id).unwrap().last_used_at.unwrap() > noted);
        assert!(!db.store.record_api_key_use(ApiKeyId::new(), now).unwrap());
        assert_eq!(db.store.changes_since(0, 10).unwrap().len(), 1, "use is bookkeeping, not an audited change");
    }

    fn only_hashes_are_stored(db) {
        let hash = "4".repeat(64);
        db.store.create_api_key(new_key("44444444", &hash, None), &staff()).unwrap();
        assert_eq!(db.store.stored_api_key_hashes().unwrap(), vec![("44444444".to_string(), hash)]);
    }
}
