//! Schema invariants, and migrations.

use recovery_store::Store;
use recovery_store::testing::{columns, execute_sql, foreign_keys};

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

    fn foreign_keys_are_enforced(db) {
        let orphan = "INSERT INTO meeting_contacts (meeting_id, position, public) VALUES ('no-such-meeting', 0, FALSE)";
        assert!(execute_sql(&db.store, orphan).is_err());
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
fn both_backends_have_the_same_columns() {
    let sqlite = crate::harness::sqlite();
    let Some(postgres) = crate::harness::postgres() else { return };
    assert_eq!(columns(&sqlite.store).unwrap(), columns(&postgres.store).unwrap());
}
