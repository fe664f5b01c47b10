//! `POST /v1/meetings/{id}/verify` (staff confirm a meeting is still right) and
//! `GET /v1/reports/stale` (the published meetings nobody has verified lately).

use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem, ids, items};
use recovery_e2e::poll::{REPLICATION_DEADLINE, eventually};
use recovery_e2e::{Staff, both_backends};
use reqwest::Method;
use serde_json::{Value, json};

async fn verify(staff: &Staff, id: &str) -> Value {
    expect_json(staff.request(Method::POST, &format!("/v1/meetings/{id}/verify")).send().await.unwrap(), 200).await
}

async fn stale(staff: &Staff, query: &str) -> Value {
    expect_json(staff.get(&format!("/v1/reports/stale?{query}")).send().await.unwrap(), 200).await
}

/// The meeting-guide entry with `slug`.
fn feed_entry<'a>(feed: &'a Value, slug: &str) -> &'a Value {
    feed.as_array().unwrap().iter().find(|e| e["slug"] == slug).unwrap_or_else(|| panic!("no {slug} in {feed}"))
}

both_backends!(verifying_changes_nothing_but_verified_at, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Checked Meeting")).await;
    let id = created["id"].as_str().unwrap();
    assert!(created["verified_at"].is_null(), "{created}");
    assert!(created.get("verified_by").is_none(), "{created}");
    let feed = app.get_json("/feeds/meeting-guide.json").await;
    assert!(feed_entry(&feed, "checked-meeting").get("verified_at").is_none(), "{feed}");

    let verified = verify(&editor, id).await;
    let at = verified["verified_at"].as_str().expect("verified_at").to_string();
    assert!(verified["verified_by"].is_string(), "staff see who: {verified}");
    assert_eq!(verified["updated_at"], created["updated_at"], "not a content change");
    let content = |m: &Value| merged(m, json!({"verified_at": null, "verified_by": null}));
    assert_eq!(content(&verified), content(&created));

    // The public sees when at once, never who.
    let public = app.get_json(&format!("/v1/meetings/{id}")).await;
    assert_eq!(public["verified_at"], at.as_str());
    assert!(public.get("verified_by").is_none(), "{public}");
    let hit = &items(&app.search("q=checked").await)[0];
    assert_eq!(hit["verified_at"], at.as_str());
    assert!(hit.get("verified_by").is_none(), "{hit}");
    let feed = app.get_json("/feeds/meeting-guide.json").await;
    let entry = feed_entry(&feed, "checked-meeting");
    let expected = chrono::DateTime::parse_from_rfc3339(&at).unwrap().format("%Y-%m-%d %H:%M:%S").to_string();
    assert_eq!(entry["verified_at"], expected);
    let updated = chrono::DateTime::parse_from_rfc3339(created["updated_at"].as_str().unwrap()).unwrap();
    assert_eq!(entry["updated"], updated.format("%Y-%m-%d %H:%M:%S").to_string(), "`updated` stays");
    assert!(!feed.to_string().contains(verified["verified_by"].as_str().unwrap()), "who verified is not in the feed");
    // Staff reads show who.
    assert_eq!(editor.read(id).await["verified_by"], verified["verified_by"]);

    // An edit keeps the verification; a client may send back what it read.
    let edited = expect_json(
        editor
            .put(&format!("/v1/meetings/{id}"), &merged(&verified, json!({"notes": "Now with notes."})))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(edited["notes"], "Now with notes.");
    assert_eq!(edited["verified_at"], at.as_str());
    assert!(edited["updated_at"].as_str() > created["updated_at"].as_str());

    // Verifying again moves it on.
    let again = verify(&app.staff("admin").await, id).await;
    assert!(again["verified_at"].as_str().unwrap() >= at.as_str());
    assert_ne!(again["verified_by"], verified["verified_by"]);
});

both_backends!(verifying_needs_an_editor_and_a_meeting, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Guarded")).await;
    let path = format!("/v1/meetings/{}/verify", created["id"].as_str().unwrap());
    expect_problem(app.request(Method::POST, &path).send().await.unwrap(), 401).await;
    let viewer = app.staff("viewer").await;
    expect_problem(viewer.request(Method::POST, &path).send().await.unwrap(), 403).await;
    for missing in ["00000000-0000-0000-0000-000000000000", "guarded", "nonsense"] {
        let path = format!("/v1/meetings/{missing}/verify");
        expect_problem(editor.request(Method::POST, &path).send().await.unwrap(), 404).await;
    }
    assert!(editor.read(created["id"].as_str().unwrap()).await["verified_at"].is_null());

    // Drafts may be verified too (they stay drafts, out of public view).
    let draft = editor.create(&merged(&meeting("Draft"), json!({"status": "draft"}))).await;
    let verified = verify(&editor, draft["id"].as_str().unwrap()).await;
    assert_eq!(verified["status"], "draft");
    assert_eq!(app.search("").await["total"], 1);
});

both_backends!(verification_reaches_a_replica, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Far Away")).await;
    let id = created["id"].as_str().unwrap().to_string();
    let replica = app.replica().start().await;
    let verified = verify(&editor, &id).await;
    let seen = eventually(REPLICATION_DEADLINE, "verified_at on the replica", || {
        let (replica, id) = (&replica, id.clone());
        async move {
            let public = replica.get_json(&format!("/v1/meetings/{id}")).await;
            (!public["verified_at"].is_null()).then_some(public)
        }
    })
    .await;
    assert_eq!(seen["verified_at"], verified["verified_at"]);
    assert!(seen.get("verified_by").is_none(), "{seen}");
});

both_backends!(the_stale_list_puts_the_longest_unverified_first, |app| async move {
    let editor = app.staff("editor").await;
    let philly = editor.create(&meeting("Philly Never")).await;
    let na = json!({"program": "na", "types": ["O"], "location": {"regions": ["New Jersey", "Camden County"]}});
    let camden = editor.create(&merged(&meeting("Camden Never"), na)).await;
    let second = editor.create(&meeting("Verified Second")).await;
    let first = editor.create(&meeting("Verified First")).await;
    let draft = editor.create(&merged(&meeting("Draft Never"), json!({"status": "draft"}))).await;
    verify(&editor, first["id"].as_str().unwrap()).await;
    verify(&editor, second["id"].as_str().unwrap()).await;
    let id = |m: &Value| m["id"].as_str().unwrap().to_string();
    let mut never = vec![id(&philly), id(&camden)];
    never.sort();

    // Any staff role; never-verified first (by id), then by verified_at; drafts never.
    let viewer = app.staff("viewer").await;
    let all = stale(&viewer, "older_than_days=0").await;
    let mut expected = never.clone();
    expected.extend([id(&first), id(&second)]);
    assert_eq!(ids(&items(&all)), expected);
    assert_eq!(all["total"], 4);
    assert!(!ids(&items(&all)).contains(&id(&draft)));
    assert!(items(&all)[2]["verified_at"].is_string());

    // Verified today is not stale after a day (90 days by default).
    assert_eq!(ids(&items(&stale(&viewer, "older_than_days=1").await)), never);
    assert_eq!(ids(&items(&stale(&viewer, "").await)), never);

    // Filters: region at any level (any case), program.
    assert_eq!(ids(&items(&stale(&viewer, "older_than_days=0&region=camden%20county").await)), [id(&camden)]);
    assert_eq!(ids(&items(&stale(&viewer, "older_than_days=0&region=New%20Jersey").await)), [id(&camden)]);
    assert_eq!(ids(&items(&stale(&viewer, "older_than_days=0&program=na").await)), [id(&camden)]);
    assert_eq!(stale(&viewer, "older_than_days=0&region=Nowhere").await["total"], 0);

    // Paging yields each once, in order, with the query's filters only.
    let mut walked = Vec::new();
    let mut query = "older_than_days=0&limit=1".to_string();
    loop {
        let page = stale(&viewer, &query).await;
        assert_eq!(page["total"], 4);
        walked.extend(ids(&items(&page)));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("older_than_days=0&limit=1&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(walked, expected);
    let cursor = stale(&viewer, "older_than_days=0&limit=1").await["next_cursor"].as_str().unwrap().to_string();
    let problem = expect_problem(
        viewer.get(&format!("/v1/reports/stale?older_than_days=5&limit=1&cursor={cursor}")).send().await.unwrap(),
        400,
    )
    .await;
    assert_names_field(&problem, "cursor");

    // Verifying takes a meeting off the list at once.
    verify(&editor, &id(&philly)).await;
    assert_eq!(ids(&items(&stale(&viewer, "older_than_days=1").await)), [id(&camden)]);

    // Bad parameters, and who may ask.
    for (query, field) in [
        ("category=shelter", "category"),
        ("program=xx", "program"),
        ("older_than_days=-1", "older_than_days"),
        ("older_than_days=3651", "older_than_days"),
        ("limit=0", "limit"),
        ("cursor=nonsense", "cursor"),
    ] {
        let problem =
            expect_problem(viewer.get(&format!("/v1/reports/stale?{query}")).send().await.unwrap(), 400).await;
        assert_names_field(&problem, field);
    }
    expect_problem(app.get("/v1/reports/stale").send().await.unwrap(), 401).await;
});
