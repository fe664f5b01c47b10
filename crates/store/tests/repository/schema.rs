//! Schema invariants, and migrations.

use recovery_store::Store;
use recovery_store::testing::{columns, foreign_keys};

on_both_backends! {
    fn every_foreign_key_is_indexed(db) {
        let keys = foreign_keys(&db.store).unwrap();
        assert!(
            keys.iter().any(|k| k.table_name == "meeting_contacts" && k.column_name == "meeting_id"),
            "the query must see our foreign keys: {keys:?}"
        );
        let unindexed: Vec<_> = keys.iter().filter(|k| !k.indexed).collect();
        assert!(unindexed.is_empty(), "foreign keys without an index starting with them: {unindexed:?}");
    }

    fn migrations_are_idempotent(db) {
        assert_eq!(db.store.pending_migrations().unwrap(), 0);
        let again = Store::open(&db.url).unwrap();
        assert_eq!(again.pending_migrations().unwrap(), 0);
        assert_eq!(Store::migrate(&db.url).unwrap(), Vec::<String>::new());
        again.ping().unwrap();
        db.store.ping().unwrap();
    }
}

#[test]
fn a_new_database_gets_every_migration() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("nested/folder/rd.sqlite3").display());
    let applied = Store::migrate(&url).unwrap();
    assert_eq!(applied.len(), 3, "{applied:?}");
    assert!(applied.iter().all(|name| name.starts_with("2026-")), "{applied:?}");
    assert!(Store::migrate(&url).unwrap().is_empty());
}

#[test]
fn both_backends_have_the_same_columns() {
    let sqlite = crate::harness::sqlite();
    let Some(postgres) = crate::harness::postgres() else { return };
    assert_eq!(columns(&sqlite.store).unwrap(), columns(&postgres.store).unwrap());
}
