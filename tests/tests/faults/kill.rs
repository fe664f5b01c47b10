//! `kill -9` of a server in the middle of writes: every write it acknowledged is stored as
//! acknowledged, each with its change-log entry in commit order, and a new server serves them.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use recovery_e2e::app::{JWT_SECRET, client};
use recovery_e2e::both_backends;
use recovery_e2e::database::{Backend, TestDatabase};
use recovery_e2e::fixtures::meeting;
use recovery_e2e::process::ServerProcess;
use recovery_store::Store;
use serde_json::{Value, json};

use super::*;

/// Writers at once.
const WRITERS: usize = 3;
/// Creates acknowledged (over all writers) before the kill.
const BEFORE_KILL: usize = 30;

/// What one writer was told: each meeting it created, and the name of its last acknowledged
/// edit (each meeting is edited at most once, right after its create).
type Acknowledged = BTreeMap<String, Option<String>>;

async fn write_until_killed(server: Arc<ServerProcess>, token: String, writer: usize) -> Acknowledged {
    let http = client();
    let mut acknowledged = Acknowledged::new();
    for n in 0.. {
        let created = http
            .post(server.url("/v1/meetings"))
            .bearer_auth(&token)
            .json(&meeting(&format!("Kill Writer {writer} Number {n}")))
            .send()
            .await;
        // No answer (the connection died with the process): not acknowledged, and the end.
        let Ok(created) = created else { break };
        assert_eq!(created.status(), 201, "a create before the kill");
        let Ok(body) = created.json::<Value>().await else { break };
        let id = body["id"].as_str().unwrap().to_string();
        acknowledged.insert(id.clone(), None);
        let name = format!("Kill Writer {writer} Number {n} Edited");
        let edited = http
            .patch(server.url(&format!("/v1/meetings/{id}")))
            .bearer_auth(&token)
            .header("content-type", "application/merge-patch+json")
            .body(json!({"name": name}).to_string())
            .send()
            .await;
        let Ok(edited) = edited else { break };
        assert_eq!(edited.status(), 200, "an edit before the kill");
        if edited.bytes().await.is_err() {
            break;
        }
        acknowledged.insert(id, Some(name));
    }
    acknowledged
}

both_backends!(kill_9_under_writes_loses_no_acknowledged_write, backend: |backend: Backend| async move {
    let database = TestDatabase::new(backend);
    let url = database.url.clone();
    let start = || {
        let url = url.clone();
        let dir = database.dir().to_path_buf();
        async move {
            ServerProcess::start(&dir, |bind, command| {
                command
                    .args(["serve", "--bind", bind, "--database", &url])
                    .env("RD_JWT_SECRET", JWT_SECRET)
                    .env("RD_RATE_LIMIT_AUTHENTICATED_PER_MINUTE", "0")
                    .env("RD_LOG", "warn");
            })
            .await
        }
    };
    let server = Arc::new(start().await);
    let token = sign_in_new_editor(&server, &url).await;
    let writers: Vec<_> =
        (0..WRITERS).map(|w| tokio::spawn(write_until_killed(server.clone(), token.clone(), w))).collect();
    // Kill once enough writes were acknowledged, while the writers are still writing.
    let store = {
        let url = url.clone();
        tokio::task::spawn_blocking(move || Store::open(&url).unwrap()).await.unwrap()
    };
    recovery_e2e::poll::eventually(Duration::from_secs(60), "writes acknowledged before the kill", || {
        let store = store.clone();
        async move {
            let n = tokio::task::spawn_blocking(move || store.count_meetings().unwrap()).await.unwrap();
            (n as usize >= BEFORE_KILL).then_some(())
        }
    })
    .await;
    server.signal("KILL");
    let mut acknowledged = Acknowledged::new();
    for writer in writers {
        acknowledged.extend(writer.await.unwrap());
    }
    assert!(acknowledged.len() >= BEFORE_KILL, "{} acknowledged", acknowledged.len());

    let (meetings, changes) = tokio::task::spawn_blocking(move || {
        (store.all_meetings(None).unwrap(), store.changes_since(0, 1_000_000).unwrap())
    })
    .await
    .unwrap();
    let stored: BTreeMap<String, String> = meetings.iter().map(|m| (m.id.to_string(), m.data.name.clone())).collect();
    for (id, edit) in &acknowledged {
        let name = stored.get(id).unwrap_or_else(|| panic!("acknowledged create {id} lost"));
        if let Some(edit) = edit {
            assert_eq!(name, edit, "acknowledged edit of {id} lost");
        }
        let logged = |action: &str| changes.iter().any(|c| c.entity_id == *id && c.action == action);
        assert!(logged("create"), "no change-log entry for the acknowledged create {id}");
        assert!(edit.is_none() || logged("update"), "no change-log entry for the acknowledged edit of {id}");
    }
    // In commit order; SQLite numbers them without a gap (PostgreSQL's sequence may skip the
    // number a transaction took when the kill rolled it back).
    assert!(changes.windows(2).all(|w| w[0].seq < w[1].seq), "change-log positions out of order");
    if backend == Backend::Sqlite {
        assert!(changes.windows(2).all(|w| w[1].seq == w[0].seq + 1), "a gap in the change log");
    }

    // A new server on the database serves every acknowledged meeting.
    drop(server);
    let after = start().await;
    let page: Value = client().get(after.url("/v1/meetings?q=kill&limit=1")).send().await.unwrap().json().await.unwrap();
    assert!(page["total"].as_u64().unwrap() as usize >= acknowledged.len(), "{page}");
});
