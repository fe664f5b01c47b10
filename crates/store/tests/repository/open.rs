//! Opening stores: URLs, files, and what failures say.

use recovery_store::{Backend, Store, StoreError};

#[test]
fn a_new_database_gets_every_migration() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("nested/folder/rd.sqlite3").display());
    let applied = Store::migrate(&url).unwrap();
    // Every folder of migrations/sqlite, however many there are by now.
    let folders = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations/sqlite")).unwrap().count();
    assert_eq!(applied.len(), folders, "{applied:?}");
    assert!(applied.iter().all(|name| name.starts_with("2026-")), "{applied:?}");
    assert!(Store::migrate(&url).unwrap().is_empty());
}

#[test]
fn a_bare_path_is_a_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.sqlite3");
    let store = Store::open(bare.to_str().unwrap()).unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(bare.is_file());
    store.ping().unwrap();
    assert_eq!(store.count_meetings().unwrap(), 0);
    let wal = dir.path().join("bare.sqlite3-wal");
    assert!(wal.is_file(), "journal_mode=WAL keeps a -wal file beside the database while it is open");
}

#[test]
fn an_unreachable_server_is_unavailable() {
    let err = Store::open("postgres://postgres@127.0.0.1:1/nothing?connect_timeout=2").unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
}

#[test]
fn an_unknown_scheme_is_refused() {
    let err = Store::open("mysql://localhost/db").unwrap_err();
    assert!(matches!(&err, StoreError::Other(m) if m.contains("mysql://")), "{err:?}");
}
