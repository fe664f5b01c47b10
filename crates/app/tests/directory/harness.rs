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
use recovery_store::Store;
use recovery_store::testing;

/// The deployment's time zone in these tests.
pub const TZ: chrono_tz::Tz = chrono_tz::America::New_York;

/// A database of this test's own (the store's test support) and directories over it.
pub struct TestDb(testing::TestDb);

impl std::ops::Deref for TestDb {
    type Target = testing::TestDb;

    fn deref(&self) -> &testing::TestDb {
        &self.0
    }
}

/// A fresh SQLite file.
pub fn sqlite() -> TestDb {
    TestDb(testing::TestDb::sqlite())
}

/// A fresh PostgreSQL database, or `None` (with a note) when `TEST_DATABASE_URL` is unset.
pub fn postgres() -> Option<TestDb> {
    testing::TestDb::postgres().map(TestDb)
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
