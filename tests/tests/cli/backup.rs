//! Backups with the real binary: `export FILE`, then `import backup FILE` into a fresh
//! database, and a server started on it answers exactly as the original did.

use std::path::Path;
use std::process::Output;

use recovery_e2e::app::{STAFF_PASSWORD, run_cli};
use recovery_e2e::fixtures::{PHILADELPHIA, meeting, merged};
use recovery_e2e::http::{expect_json, expect_status};
use recovery_e2e::{Backend, TestApp, both_backends, run_with};
use reqwest::Method;
use serde_json::{Value, json};

/// Both servers publish feed links under one base URL, so their feeds can be compared byte
/// for byte (the default is the bind address, which differs).
const PUBLIC_URL: &str = "https://meetings.example.org";

/// What a command said, for assertion messages.
fn said(output: &Output) -> String {
    format!(
        "{}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn assert_ok(output: &Output) -> String {
    assert!(output.status.success(), "{}", said(output));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `import backup FILE --database URL`.
async fn restore(file: &Path, url: &str) -> Output {
    run_cli(&["import", "backup", &file.to_string_lossy(), "--database", url], "").await
}

/// The feed's exact bytes and its ETag.
async fn feed(app: &TestApp) -> (Vec<u8>, String) {
    let response = app.get("/feeds/meeting-guide.json").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_string();
    (response.bytes().await.unwrap().to_vec(), etag)
}

/// Searches whose answers must not change across a restore (fixed `at` where time matters).
fn searches() -> Vec<String> {
    let (lat, lng) = PHILADELPHIA;
    vec![
        format!("lat={lat}&lng={lng}&radius_km=10&limit=200"),
        format!("lat={lat}&lng={lng}&radius_km=3&limit=5"),
        "day=1&limit=200".to_string(),
        format!("lat={lat}&lng={lng}&day=3"),
        "starts_within=240&at=2030-01-07T18:30:00-05:00&limit=200".to_string(),
        format!("lat={lat}&lng={lng}&starts_within=1440&at=2030-01-09T07:00:00Z"),
        "q=backup&limit=200".to_string(),
        "program=na&attendance=online".to_string(),
    ]
}

/// A directory on `from` with demo data and staff edits, exported, restored onto `to`.
async fn restored_directory_answers_the_same(from: Backend, to: Backend) {
    let source = TestApp::builder(from).demo().env("RD_PUBLIC_URL", PUBLIC_URL).start().await;
    let editor = source.staff("editor").await;

    let private = merged(
        &meeting("Backup Contacts"),
        json!({"location": {"latitude": 39.984_692_737_425_604, "longitude": -75.1652}, "contacts": [
            {"name": "Pat", "phone": "+12155550123", "public": false},
            {"name": "Sam", "email": "sam@example.org", "public": true}
        ]}),
    );
    let private = editor.create(&private).await;
    let private_id = private["id"].as_str().unwrap().to_string();
    let patched = editor.create(&meeting("Backup Patched")).await;
    let patched_id = patched["id"].as_str().unwrap();
    let patch = json!({"name": "Backup Patched Again", "day": 3, "time": "06:45", "end_time": null});
    expect_json(editor.patch(&format!("/v1/meetings/{patched_id}"), &patch).send().await.unwrap(), 200).await;
    let archived = editor.create(&meeting("Backup Archived")).await;
    let archived_id = archived["id"].as_str().unwrap();
    expect_status(editor.delete(&format!("/v1/meetings/{archived_id}")).send().await.unwrap(), 204).await;
    let draft = editor.create(&merged(&meeting("Backup Draft"), json!({"status": "draft"}))).await;
    let draft_id = draft["id"].as_str().unwrap();

    // Export while the server runs: the backup is one snapshot.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("directory.json");
    let said_export = assert_ok(&source.cli(&["export", &file.to_string_lossy()], "").await);
    assert!(said_export.starts_with("exported 40 meetings, 1 user, "), "{said_export}");
    let backup: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(backup["format"], "recovery-directory-backup");
    assert_eq!(backup["version"], 2);
    assert_eq!(backup["backend"], from.to_string());
    assert_eq!(backup["sources"], json!([]));
    assert!(backup["users"][0]["password_hash"].as_str().unwrap().starts_with("$argon2"));
    assert!(!String::from_utf8_lossy(&std::fs::read(&file).unwrap()).contains(STAFF_PASSWORD));
    let seqs: Vec<i64> = backup["change_log"].as_array().unwrap().iter().map(|c| c["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");

    // Restore into a fresh database, then serve it.
    let target = TestApp::builder(to).env("RD_PUBLIC_URL", PUBLIC_URL);
    let said_import = assert_ok(&restore(&file, target.database_url()).await);
    assert!(said_import.starts_with("restored 40 meetings, 1 user, "), "{said_import}");
    let restored = target.start().await;

    // The public sees the same directory, byte for byte where it is bytes.
    assert_eq!(feed(&restored).await, feed(&source).await, "the Meeting Guide feed");
    for query in searches() {
        let (before, after) = (source.search(&query).await, restored.search(&query).await);
        assert!(before["total"].as_u64().unwrap() > 0, "{query} finds nothing: {before}");
        assert_eq!(after, before, "GET /v1/meetings?{query}");
    }
    let path = format!("/v1/meetings/{private_id}");
    assert_eq!(restored.get_json(&path).await, source.get_json(&path).await);
    assert_eq!(
        restored.get_json(&path).await["contacts"],
        json!([{"name": "Sam", "email": "sam@example.org", "public": true}])
    );
    for hidden in [archived_id, draft_id] {
        let response = restored.get(&format!("/v1/meetings/{hidden}")).send().await.unwrap();
        assert_eq!(response.status(), 404, "{hidden} is not public");
    }

    // The user signs in with the same password and sees what staff see.
    let token = restored.token(&editor.email, STAFF_PASSWORD).await;
    let staff_read = |id: String| {
        let request = restored.request(Method::GET, &format!("/v1/meetings/{id}")).bearer_auth(&token);
        async move { expect_json(request.send().await.unwrap(), 200).await }
    };
    let read = staff_read(private_id.clone()).await;
    assert_eq!(read, editor.read(&private_id).await);
    assert_eq!(read["contacts"][0], json!({"name": "Pat", "phone": "+12155550123", "public": false}));
    assert_eq!(staff_read(archived_id.to_string()).await["status"], "archived");
    assert_eq!(staff_read(draft_id.to_string()).await, editor.read(draft_id).await);

    // Writes go on after the restored log (a PostgreSQL seq clash would fail this one).
    let on_restored = editor.on(&restored);
    let response = on_restored.post("/v1/meetings", &meeting("After Restore")).send().await.unwrap();
    let after = expect_json(response, 201).await;
    assert_eq!(restored.get_json(&format!("/v1/meetings/{}", after["id"].as_str().unwrap())).await, after);
}

both_backends!(a_restored_directory_answers_the_same, backend: |backend| async move {
    restored_directory_answers_the_same(backend, backend).await;
});

#[tokio::test]
async fn a_sqlite_directory_restores_onto_postgres() {
    run_with(Backend::Postgres, |_| restored_directory_answers_the_same(Backend::Sqlite, Backend::Postgres)).await;
}

both_backends!(a_database_in_use_is_refused_and_left_alone, |app| async move {
    let editor = app.staff("editor").await;
    editor.create(&meeting("Already Here")).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.json");
    assert_ok(&app.cli(&["export", &file.to_string_lossy()], "").await);
    let before = app.search("limit=200").await;

    let output = app.cli(&["import", "backup", &file.to_string_lossy()], "").await;
    assert!(!output.status.success(), "{}", said(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not empty") && stderr.contains("empty database"), "{stderr}");
    let again = dir.path().join("again.json");
    assert_ok(&app.cli(&["export", &again.to_string_lossy()], "").await);
    let strip = |path: &Path| {
        let mut backup: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        backup.as_object_mut().unwrap().remove("exported_at");
        backup
    };
    assert_eq!(strip(&again), strip(&file), "nothing changed");
    assert_eq!(app.search("limit=200").await, before);
});

both_backends!(bad_files_are_refused_before_anything_is_written, backend: |backend| async move {
    let dir = tempfile::tempdir().unwrap();
    let target = TestApp::builder(backend);
    let url = target.database_url().to_string();
    let cases = [
        ("feed.json", json!([{"name": "A meeting", "slug": "a-meeting"}]).to_string(), "not a JSON object"),
        ("other.json", json!({"format": "tsml", "version": 1}).to_string(), "not a recovery-directory backup"),
        (
            "newer.json",
            json!({"format": "recovery-directory-backup", "version": 3}).to_string(),
            "version 3 is not supported",
        ),
        (
            "bad-day.json",
            json!({"format": "recovery-directory-backup", "version": 1, "exported_at": "2030-01-01T00:00:00Z",
                   "backend": "sqlite", "users": [], "sources": [], "change_log": [],
                   "meetings": [{"id": "0194f1e2-7a3b-7c4d-8e5f-000000000001", "name": "X", "slug": "x",
                                 "program": "aa", "day": 9, "time": "19:00", "timezone": "America/New_York",
                                 "types": [], "status": "published", "temporarily_closed": false,
                                 "created_at": "2030-01-01T00:00:00Z", "updated_at": "2030-01-01T00:00:00Z"}]})
            .to_string(),
            "meetings[0]",
        ),
        ("truncated.json", "{\"format\": \"recovery-directory-backup\", \"version\": 1, \"meet".to_string(), "not JSON"),
    ];
    for (name, text, expected) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let dry = run_cli(&["import", "backup", &file.to_string_lossy(), "--dry-run"], "").await;
        assert!(!dry.status.success(), "{name} --dry-run: {}", said(&dry));
        let output = restore(&file, &url).await;
        assert!(!output.status.success(), "{name}: {}", said(&output));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{name}: expected `{expected}` in {stderr}");
    }
    if backend == Backend::Sqlite {
        let path = url.strip_prefix("sqlite://").unwrap();
        assert!(!Path::new(path).exists(), "a refused file created no database");
    }
    // The database is still empty: a server on it serves nothing.
    let app = target.start().await;
    assert_eq!(app.search("").await["total"], 0);
});

both_backends!(a_dry_run_reports_and_writes_nothing, |app| async move {
    let editor = app.staff("editor").await;
    editor.create(&meeting("Dry Run")).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.json");
    assert_ok(&app.cli(&["export", &file.to_string_lossy()], "").await);

    let empty = TestApp::builder(app.backend());
    let url = empty.database_url().to_string();
    let file_arg = file.to_string_lossy();
    let said = assert_ok(&run_cli(&["import", "backup", &file_arg, "--dry-run", "--database", &url], "").await);
    assert!(said.contains("1 meeting, 1 user, 2 change-log entries") && said.contains("dry run"), "{said}");
    let app2 = empty.start().await;
    assert_eq!(app2.search("").await["total"], 0, "the dry run restored nothing");
});

both_backends!(export_to_standard_output_and_import_from_standard_input, |app| async move {
    let editor = app.staff("admin").await;
    editor.create(&meeting("Through Pipes")).await;
    let exported = app.cli(&["export", "-"], "").await;
    let json = assert_ok(&exported);
    let summary = String::from_utf8_lossy(&exported.stderr);
    assert!(summary.contains("exported 1 meeting, 1 user, 2 change-log entries"), "{summary}");
    assert!(summary.contains("standard output"), "{summary}");
    let backup: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(backup["meetings"][0]["name"], "Through Pipes");

    let target = TestApp::builder(app.backend());
    let restored = run_cli(&["import", "backup", "-", "--database", target.database_url()], &json).await;
    assert!(assert_ok(&restored).contains("from standard input"), "{}", said(&restored));
    let restored = target.start().await;
    assert_eq!(restored.search("").await, app.search("").await);
});
