//! One database per test, on either backend; directories over it as a server builds them (the
//! index loaded from the store); and the `on_both_backends!` macro.

use std::sync::Arc;
use std::time::Duration;

use recovery_app::{Defaults, Directory};
use recovery_domain::testing::MeetingBuilder;
use recovery_domain::validation::ValidMeeting;
use recovery_domain::{Actor, Meeting, MeetingId, MeetingInput, UserId};
use recovery_import::fetch::{FetchPolicy, Fetcher};
use recovery_import::geocode::Geocoder;
use recovery_import::sync::Importer;
use recovery_store::testing::{drop_postgres_database, fresh_postgres_url, sqlite_url};
use recovery_store::{Backend, Store};

/// The deployment's time zone in these tests.
pub const TZ: chrono_tz::Tz = chrono_tz::America::New_York;

/// A store on a database of its own; the database goes away with it.
pub struct TestDb {
    /// The store every directory of the test shares unless it opens its own (a replica).
    pub store: Store,
    /// Where the database is, to open more stores on it.
    pub url: String,
    _cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres(String),
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Cleanup::Postgres(url) = self {
            if let Err(e) = drop_postgres_database(url) {
                eprintln!("could not drop test database {url}: {e}");
            }
        }
    }
}

/// A fresh SQLite file.
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let store = Store::open(&url).unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    TestDb { store, url, _cleanup: Cleanup::Sqlite(dir) }
}

/// A fresh PostgreSQL database, or `None` (with a note) when `TEST_DATABASE_URL` is unset.
pub fn postgres() -> Option<TestDb> {
    let Some(url) = fresh_postgres_url() else {
        eprintln!("skipped: TEST_DATABASE_URL not set");
        return None;
    };
    let cleanup = Cleanup::Postgres(url.clone());
    let store = Store::open(&url).unwrap();
    assert_eq!(store.backend(), Backend::Postgres);
    Some(TestDb { store, url, _cleanup: cleanup })
}

impl TestDb {
    /// A directory over this test's store, its index loaded from it as a server starts.
    pub fn directory(&self) -> Directory {
        directory(self.store.clone())
    }

    /// Another replica on the same database: a connection pool and an index of its own.
    pub fn replica(&self) -> Arc<Directory> {
        Arc::new(directory(Store::open(&self.url).unwrap()))
    }

    /// How many change-log entries there are.
    pub fn log_len(&self) -> usize {
        self.store.changes_since(0, 1_000_000).unwrap().len()
    }
}

/// A directory over `store` with no geocoder and a fetcher that may fetch local addresses (the
/// stand-in feed server).
pub fn directory(store: Store) -> Directory {
    let index = Directory::load_index(&store, TZ).unwrap();
    let importer =
        Importer { store: store.clone(), fetcher: Fetcher::new(FetchPolicy::any()), geocoder: Geocoder::None };
    Directory::new(store, index, importer, Defaults { timezone: TZ, program: "aa".to_string() })
}

/// `on_both_backends! { async fn name(db) { … } }` makes `name::sqlite` and `name::postgres`
/// tests running the same body against a fresh database of each backend.
macro_rules! on_both_backends {
    ($($(#[$attr:meta])* async fn $name:ident($db:ident) $body:block)*) => {$(
        $(#[$attr])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($db: &$crate::harness::TestDb) $body

            #[tokio::test]
            async fn sqlite() {
                body(&$crate::harness::sqlite()).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(db) = $crate::harness::postgres() {
                    body(&db).await;
                }
            }
        }
    )*};
}

/// A staff user, as the change log names them.
pub fn staff() -> Actor {
    Actor::User(UserId::new())
}

/// `meeting` validated as the REST API validates a request body.
pub fn valid(directory: &Directory, meeting: MeetingBuilder) -> ValidMeeting {
    let data = meeting.data();
    directory.validate_meeting(MeetingInput::from(&data)).unwrap()
}

/// Creates `meeting` through `directory`.
pub async fn create(directory: &Directory, meeting: MeetingBuilder) -> Meeting {
    let valid = valid(directory, meeting);
    directory.create_meeting(valid, staff()).await.unwrap()
}

/// The meeting `id` as `directory`'s index holds it (public view), if it does.
pub fn indexed(directory: &Directory, id: MeetingId) -> Option<Arc<Meeting>> {
    directory.index().index.get(id)
}

/// The name of meeting `id` in `directory`'s index.
pub fn indexed_name(directory: &Directory, id: MeetingId) -> Option<String> {
    indexed(directory, id).map(|m| m.data.name.clone())
}

/// Waits until `done` holds, checking every 20 ms for at most 10 seconds.
pub async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
