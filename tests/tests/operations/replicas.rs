//! Two servers on one database: each picks up the other's writes through the change log.

use recovery_e2e::app::FOLLOW_INTERVAL;
use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_problem, expect_status, ids, items};
use recovery_e2e::poll::{REPLICATION_DEADLINE, eventually};
use recovery_e2e::{TestApp, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(a_second_server_follows_the_first, backend: |backend| async move {
    let a = TestApp::start(backend).await;
    let b = a.replica().start().await;
    let editor = a.staff("editor").await;
    assert_eq!(b.search("").await["total"], 0);
    let b = &b;

    // Create on A, found on B.
    let created = editor.create(&merged(&meeting("Replicated Meeting"), json!({"types": ["O", "ST"]}))).await;
    let id = created["id"].as_str().unwrap();
    let found = eventually(REPLICATION_DEADLINE, "B finding a meeting created on A", || async move {
        let page = b.search("q=replicated").await;
        (page["total"] == 1).then_some(page)
    })
    .await;
    assert_eq!(ids(&items(&found)), [id]);
    assert_eq!(b.get_json(&format!("/v1/meetings/{id}")).await, created);

    // Patch on A, changed on B.
    let patch = json!({"name": "Renamed Meeting", "day": 5});
    let patched = expect_json(editor.patch(&format!("/v1/meetings/{id}"), &patch).send().await.unwrap(), 200).await;
    eventually(REPLICATION_DEADLINE, "B seeing a patch made on A", || async move {
        let page = b.search("q=renamed&day=5").await;
        (page["total"] == 1).then_some(())
    })
    .await;
    assert_eq!(b.get_json(&format!("/v1/meetings/{id}")).await, patched);
    assert_eq!(b.search("q=replicated").await["total"], 0);

    // Delete on A, gone on B.
    expect_status(editor.delete(&format!("/v1/meetings/{id}")).send().await.unwrap(), 204).await;
    eventually(REPLICATION_DEADLINE, "B dropping a meeting archived on A", || async move {
        let response = b.get(&format!("/v1/meetings/{id}")).send().await.unwrap();
        (response.status() == StatusCode::NOT_FOUND).then_some(())
    })
    .await;
    assert_eq!(b.search("").await["total"], 0);
    let feed = b.get_json("/feeds/meeting-guide.json").await;
    assert_eq!(feed, json!([]));
    assert_eq!(editor.on(b).read(id).await["status"], "archived", "staff on B read it from the store");
});

both_backends!(writes_flow_both_ways_with_one_token, backend: |backend| async move {
    let a = TestApp::start(backend).await;
    let b = a.replica().start().await;
    let on_a = a.staff("editor").await;
    let on_b = on_a.on(&b);

    let from_b = on_b.create(&meeting("Written on B")).await;
    let from_a = on_a.create(&meeting("Written on A")).await;
    for (server, other) in [(&a, &from_b), (&b, &from_a)] {
        let id = other["id"].as_str().unwrap().to_string();
        eventually(REPLICATION_DEADLINE, "each server finding the other's meeting", || {
            let request = server.get(&format!("/v1/meetings/{id}"));
            async move { (request.send().await.unwrap().status() == StatusCode::OK).then_some(()) }
        })
        .await;
    }
    assert_eq!(a.search("").await["total"], 2);
    assert_eq!(b.search("").await["total"], 2);

    // Generated slugs stay unique across servers.
    let again = on_b.create(&meeting("Written on A")).await;
    assert_eq!(again["slug"], "written-on-a-2");

    // A follower that is also writing sees no duplicates and no stale versions.
    let id = from_a["id"].as_str().unwrap();
    for i in 0..5 {
        let server = if i % 2 == 0 { &on_a } else { &on_b };
        expect_json(server.patch(&format!("/v1/meetings/{id}"), &json!({"notes": format!("version {i}")})).send().await.unwrap(), 200).await;
    }
    for server in [&a, &b] {
        eventually(REPLICATION_DEADLINE, "both servers on the last version", || async move {
            let m = server.get_json(&format!("/v1/meetings/{id}")).await;
            (m["notes"] == "version 4").then_some(())
        })
        .await;
    }
    // An older change arriving late through the change log must not win.
    tokio::time::sleep(FOLLOW_INTERVAL * 2).await;
    for server in [&a, &b] {
        assert_eq!(server.get_json(&format!("/v1/meetings/{id}")).await["notes"], "version 4");
        assert_eq!(server.search("limit=200").await["total"], 3);
    }
});

both_backends!(concurrent_creates_on_two_servers_all_get_a_slug, backend: |backend| async move {
    let a = TestApp::start(backend).await;
    let b = a.replica().start().await;
    let on_a = a.staff("editor").await;
    let on_b = on_a.on(&b);
    let mut tasks = Vec::new();
    for i in 0..8 {
        let editor = if i % 2 == 0 { on_a.clone() } else { on_b.clone() };
        tasks.push(tokio::spawn(async move {
            let response = editor.post("/v1/meetings", &meeting("Shared Name")).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }));
    }
    let mut slugs = Vec::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, 201, "{body}");
        let created: serde_json::Value = serde_json::from_str(&body).unwrap();
        slugs.push(created["slug"].as_str().unwrap().to_string());
    }
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 8, "{slugs:?}");
    let b = &b;
    eventually(REPLICATION_DEADLINE, "B seeing all eight", || async move {
        (b.search("q=shared").await["total"] == 8).then_some(())
    })
    .await;
});

both_backends!(a_replica_started_after_writes_serves_them_at_once, backend: |backend| async move {
    let a = TestApp::start(backend).await;
    let editor = a.staff("editor").await;
    let kept = editor.create(&meeting("Written Before")).await;
    let gone = editor.create(&meeting("Archived Before")).await;
    let draft = editor.create(&merged(&meeting("Drafted Before"), json!({"status": "draft"}))).await;
    let kept_id = kept["id"].as_str().unwrap();
    let gone_id = gone["id"].as_str().unwrap();
    let patched =
        expect_json(editor.patch(&format!("/v1/meetings/{kept_id}"), &json!({"name": "Renamed Before"})).send().await.unwrap(), 200)
            .await;
    expect_status(editor.delete(&format!("/v1/meetings/{gone_id}")).send().await.unwrap(), 204).await;

    // No waiting: a new server loads the store before it answers.
    let b = a.replica().start().await;
    let page = b.search("limit=200").await;
    assert_eq!(ids(&items(&page)), [kept_id], "{page}");
    assert_eq!(b.get_json(&format!("/v1/meetings/{kept_id}")).await, patched);
    expect_problem(b.get(&format!("/v1/meetings/{gone_id}")).send().await.unwrap(), 404).await;
    expect_problem(b.get(&format!("/v1/meetings/{}", draft["id"].as_str().unwrap())).send().await.unwrap(), 404).await;
    assert_eq!(b.search("q=renamed").await["total"], 1);
    let feed = b.get_json("/feeds/meeting-guide.json").await;
    let names: Vec<&str> = feed.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Renamed Before"]);
    assert_eq!(b.get_json("/readyz").await["index_meetings"], 1);
});
