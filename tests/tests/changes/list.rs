//! `GET /v1/changes` (the staff audit trail and the public sync feed), `GET
//! /v1/meetings/{id}/history`, and scrubbing a contact from a meeting's history.

use std::collections::BTreeSet;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem, expect_status};
use recovery_e2e::{Staff, TestApp, both_backends};
use serde_json::{Value, json};

/// A private contact, and the texts that identify her.
const HARRIET: [&str; 3] = ["Harriet Hidden", "harriet.hidden@example.org", "215-555-0911"];

fn harriet() -> Value {
    json!({"name": HARRIET[0], "email": HARRIET[1], "phone": HARRIET[2]})
}

/// Every item of the feed after `since` (`query` adds filters), page by page, as `staff` or
/// the public; also the raw bodies and the cursor to poll with afterwards.
struct Walk {
    items: Vec<Value>,
    bodies: String,
    since: Option<String>,
}

async fn walk(app: &TestApp, staff: Option<&Staff>, query: &str, since: Option<String>, limit: usize) -> Walk {
    let mut walk = Walk { items: Vec::new(), bodies: String::new(), since };
    for _ in 0..10_000 {
        let mut path = format!("/v1/changes?limit={limit}{query}");
        if let Some(since) = &walk.since {
            path.push_str(&format!("&since={since}"));
        }
        let request = match staff {
            Some(staff) => staff.get(&path),
            None => app.get(&path),
        };
        let text = expect_status(request.send().await.unwrap(), 200).await;
        let page: Value = serde_json::from_str(&text).unwrap();
        walk.bodies.push_str(&text);
        let items = page["items"].as_array().unwrap_or_else(|| panic!("no items: {page}"));
        assert!(items.len() <= limit, "{} items with limit={limit}", items.len());
        walk.items.extend(items.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => walk.since = Some(next.to_string()),
            None => {
                assert!(items.is_empty(), "a null next_cursor on a page with items: {page}");
                return walk;
            }
        }
    }
    panic!("the feed never ended");
}

fn seqs(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["seq"].as_i64().unwrap_or_else(|| panic!("no seq: {i}"))).collect()
}

fn user_id(staff: &Staff) -> String {
    let claims = staff.token().split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap();
    claims["sub"].as_str().unwrap().to_string()
}

fn diff_of<'a>(item: &'a Value, field: &str) -> Option<&'a Value> {
    item["diff"].as_array().unwrap().iter().find(|d| d["field"] == field)
}

both_backends!(staff_read_every_change_with_who_and_a_field_diff, |app| async move {
    let editor = app.staff("editor").await;
    let viewer = app.staff("viewer").await;
    let created = editor.create(&merged(&meeting("Diffed"), json!({"contacts": [harriet()]}))).await;
    let id = created["id"].as_str().unwrap();
    let patch =
        json!({"location": {"latitude": 39.95}, "contacts": [merged(&harriet(), json!({"phone": "215-555-0000"}))]});
    expect_json(editor.patch(&format!("/v1/meetings/{id}"), &patch).send().await.unwrap(), 200).await;

    let all = walk(&app, Some(&viewer), "", None, 100).await.items;
    assert!(all.iter().any(|c| c["entity"] == "user"), "staff see user changes too");
    let mine = walk(&app, Some(&viewer), &format!("&entity=meeting&id={id}"), None, 100).await.items;
    assert_eq!(mine.iter().map(|c| c["action"].as_str().unwrap()).collect::<Vec<_>>(), ["create", "update"]);
    let update = &mine[1];
    assert_eq!(update["actor"], user_id(&editor));
    assert_eq!(update["entity_id"], id);
    assert_eq!(update["before"]["location"]["latitude"], 39.9494);
    assert_eq!(update["after"]["location"]["latitude"], 39.95);
    let latitude = diff_of(update, "location.latitude").expect("a location.latitude diff");
    assert_eq!((&latitude["before"], &latitude["after"]), (&json!(39.9494), &json!(39.95)));
    let phone = diff_of(update, "contacts[0].phone").expect("a contacts[0].phone diff");
    assert_eq!((&phone["before"], &phone["after"]), (&json!(HARRIET[2]), &json!("215-555-0000")));
    assert!(diff_of(update, "name").is_none(), "unchanged fields are not in the diff");
    assert!(mine[0]["before"].is_null() && diff_of(&mine[0], "name").is_some(), "a create lists its fields");
});

both_backends!(the_public_feed_carries_public_views_and_tombstones_only, |app| async move {
    let editor = app.staff("editor").await;
    let with_harriet =
        |name: &str| merged(&meeting(name), json!({"contacts": [harriet(), {"name": "Olive Open", "public": true}]}));
    let kept = editor.create(&with_harriet("Kept Public")).await;
    let unpublished = editor.create(&with_harriet("Back To Draft")).await;
    let archived = editor.create(&with_harriet("Archived Later")).await;
    let draft = editor.create(&merged(&with_harriet("Never Published"), json!({"status": "draft"}))).await;
    let id = |m: &Value| m["id"].as_str().unwrap().to_string();
    expect_json(
        editor
            .patch(&format!("/v1/meetings/{}", id(&draft)), &json!({"notes": "Still a draft."}))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    expect_json(
        editor.patch(&format!("/v1/meetings/{}", id(&unpublished)), &json!({"status": "draft"})).send().await.unwrap(),
        200,
    )
    .await;
    expect_status(editor.delete(&format!("/v1/meetings/{}", id(&archived))).send().await.unwrap(), 204).await;
    expect_json(
        editor.patch(&format!("/v1/meetings/{}", id(&kept)), &json!({"notes": "Coffee."})).send().await.unwrap(),
        200,
    )
    .await;

    let public = walk(&app, None, "", None, 2).await;
    for secret in HARRIET.into_iter().chain(["Never Published", "Still a draft", &id(&draft), &user_id(&editor)]) {
        assert!(!public.bodies.contains(secret), "the public feed shows `{secret}`");
    }
    assert!(public.bodies.contains("Olive Open"), "public contacts are public");
    let summary: Vec<(String, &str, bool)> = public
        .items
        .iter()
        .map(|i| {
            (i["entity_id"].as_str().unwrap().to_string(), i["action"].as_str().unwrap(), i.get("meeting").is_some())
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (id(&kept), "create", true),
            (id(&unpublished), "create", true),
            (id(&archived), "create", true),
            (id(&unpublished), "unpublished", false),
            (id(&archived), "archived", false),
            (id(&kept), "update", true),
        ]
    );
    for item in &public.items {
        assert_eq!(item["entity"], "meeting");
        assert!(item.get("actor").is_none() && item.get("before").is_none() && item.get("diff").is_none(), "{item}");
    }
    let last = public.items.last().unwrap();
    assert_eq!(last["meeting"]["notes"], "Coffee.");
    assert_eq!(last["meeting"], app.get_json(&format!("/v1/meetings/{}", id(&kept))).await, "the same view as a read");
    assert_eq!(public.items[3].as_object().unwrap().len(), 5, "a tombstone has no data: {}", public.items[3]);

    // Seqs are the staff log's, and other entities never appear even when asked for.
    let staff_seqs: BTreeSet<i64> = seqs(&walk(&app, Some(&editor), "", None, 100).await.items).into_iter().collect();
    assert!(seqs(&public.items).iter().all(|s| staff_seqs.contains(s)));
    assert!(walk(&app, None, "&entity=user", None, 10).await.items.is_empty());
    let one = walk(&app, None, &format!("&id={}", id(&archived)), None, 10).await.items;
    assert_eq!(one.iter().map(|i| i["action"].as_str().unwrap()).collect::<Vec<_>>(), ["create", "archived"]);
});

both_backends!(walking_while_others_write_sees_every_change_once_in_order, |app| async move {
    let editor = app.staff("editor").await;
    let viewer = app.staff("viewer").await;
    let writer = {
        let editor = editor.clone();
        tokio::spawn(async move {
            for i in 0..30 {
                let status = if i % 5 == 4 { "draft" } else { "published" };
                let m = editor.create(&merged(&meeting(&format!("Concurrent {i}")), json!({"status": status}))).await;
                if i % 3 == 0 {
                    let path = format!("/v1/meetings/{}", m["id"].as_str().unwrap());
                    expect_json(editor.patch(&path, &json!({"notes": format!("edit {i}")})).send().await.unwrap(), 200)
                        .await;
                }
            }
        })
    };
    // Poll both feeds until the writer is done and a last walk finds nothing new.
    let (mut staff_seen, mut public_seen) = (Vec::new(), Vec::new());
    let (mut staff_since, mut public_since) = (None, None);
    loop {
        let done = writer.is_finished();
        let s = walk(&app, Some(&viewer), "", staff_since.clone(), 3).await;
        staff_seen.extend(seqs(&s.items));
        staff_since = s.since;
        let p = walk(&app, None, "", public_since.clone(), 4).await;
        public_seen.extend(seqs(&p.items));
        public_since = p.since;
        if done {
            break;
        }
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
    writer.await.unwrap();
    assert!(staff_seen.windows(2).all(|w| w[0] < w[1]), "staff seqs out of order or repeated: {staff_seen:?}");
    assert!(public_seen.windows(2).all(|w| w[0] < w[1]), "public seqs out of order or repeated: {public_seen:?}");
    let staff_all = seqs(&walk(&app, Some(&viewer), "", None, 1000).await.items);
    let public_all = seqs(&walk(&app, None, "", None, 1000).await.items);
    assert_eq!(staff_seen, staff_all, "the concurrent walk missed or added changes");
    assert_eq!(public_seen, public_all, "the concurrent public walk missed or added changes");
    assert_eq!(staff_all.iter().filter(|s| public_all.contains(s)).count(), public_all.len());
    // 30 creates + 10 edits by the editor; the public sees the 24 published creates and 8 edits
    // of published meetings (edits 0, 3, 6, … skip the drafts 4, 9, 14, …: 9 and 24 are edited drafts).
    assert_eq!(public_all.len(), 24 + 8);
});

both_backends!(an_empty_page_cursor_picks_up_later_changes, |app| async move {
    let editor = app.staff("editor").await;
    editor.create(&meeting("Before")).await;
    let first = walk(&app, None, "", None, 10).await;
    assert_eq!(first.items.len(), 1);
    let since = first.since.clone().expect("a cursor after the first page");
    let empty = app.get_json(&format!("/v1/changes?since={since}")).await;
    assert_eq!(empty, json!({"items": [], "next_cursor": null}));
    let later = editor.create(&meeting("After")).await;
    let page = app.get_json(&format!("/v1/changes?since={since}")).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1, "{page}");
    assert_eq!(page["items"][0]["entity_id"], later["id"]);
    assert!(page["next_cursor"].is_string());
});

both_backends!(bad_feed_parameters_are_400, |app| async move {
    for query in ["since=junk", "since=", "limit=0", "limit=1001", "limit=ten", "entity=Bad!"] {
        let response = app.get(&format!("/v1/changes?{query}")).send().await.unwrap();
        if query == "since=" {
            expect_json(response, 200).await;
            continue;
        }
        let problem = expect_problem(response, 400).await;
        let field = query.split('=').next().unwrap();
        assert_names_field(&problem, field);
    }
    expect_problem(app.get("/v1/changes").bearer_auth("not-a-token").send().await.unwrap(), 401).await;
});

both_backends!(meeting_history_is_newest_first_for_staff_only, |app| async move {
    let editor = app.staff("editor").await;
    let viewer = app.staff("viewer").await;
    let created = editor.create(&meeting("Storied")).await;
    let id = created["id"].as_str().unwrap();
    editor.create(&meeting("Unrelated")).await;
    for notes in ["one", "two", "three"] {
        expect_json(editor.patch(&format!("/v1/meetings/{id}"), &json!({"notes": notes})).send().await.unwrap(), 200)
            .await;
    }
    let path = format!("/v1/meetings/{id}/history");
    expect_problem(app.get(&path).send().await.unwrap(), 401).await;
    let page = expect_json(viewer.get(&format!("{path}?limit=3")).send().await.unwrap(), 200).await;
    let items = page["items"].as_array().unwrap();
    let notes: Vec<&Value> = items.iter().map(|i| &diff_of(i, "notes").unwrap()["after"]).collect();
    assert_eq!(notes, [&json!("three"), &json!("two"), &json!("one")]);
    assert!(items.iter().all(|i| i["entity_id"] == id && i["actor"] == user_id(&editor)));
    let cursor = page["next_cursor"].as_str().expect("more to read");
    let rest = expect_json(viewer.get(&format!("{path}?limit=3&cursor={cursor}")).send().await.unwrap(), 200).await;
    assert_eq!(
        rest["items"].as_array().unwrap().iter().map(|i| i["action"].as_str().unwrap()).collect::<Vec<_>>(),
        ["create"]
    );
    assert!(rest["next_cursor"].is_null());
    for missing in ["/v1/meetings/00000000-0000-0000-0000-000000000000/history", "/v1/meetings/not-an-id/history"] {
        expect_problem(viewer.get(missing).send().await.unwrap(), 404).await;
    }
    expect_problem(viewer.get(&format!("{path}?cursor=junk")).send().await.unwrap(), 400).await;
});

both_backends!(a_scrubbed_contact_is_gone_from_the_store_and_every_answer, |app| async move {
    let admin = app.staff("admin").await;
    let editor = app.staff("editor").await;
    let viewer = app.staff("viewer").await;
    let body = merged(
        &meeting("Scrubbed"),
        json!({
            "notes": format!("Questions: {}", HARRIET[1]),
            "contacts": [harriet(), {"name": "Bob Kept", "phone": "215-555-0102"}]
        }),
    );
    let created = editor.create(&body).await;
    let id = created["id"].as_str().unwrap().to_string();
    let meeting_path = format!("/v1/meetings/{id}");
    let scrub_path = format!("/v1/meetings/{id}/contacts/scrub");
    let by_email = json!({"email": HARRIET[1].to_uppercase()});

    expect_problem(app.request(reqwest::Method::POST, &scrub_path).json(&by_email).send().await.unwrap(), 401).await;
    for staff in [&editor, &viewer] {
        expect_problem(staff.post(&scrub_path, &by_email).send().await.unwrap(), 403).await;
    }
    expect_problem(admin.post(&scrub_path, &json!({})).send().await.unwrap(), 422).await;
    expect_problem(admin.post(&scrub_path, &json!({"email": HARRIET[1], "name": "x"})).send().await.unwrap(), 400)
        .await;
    let conflict = expect_problem(admin.post(&scrub_path, &by_email).send().await.unwrap(), 409).await;
    assert_names_field(&conflict, "contact");

    // Removed by an ordinary update, then scrubbed.
    let removal = json!({"notes": "Ask at the door.", "contacts": [{"name": "Bob Kept", "phone": "215-555-0102"}]});
    expect_json(editor.patch(&meeting_path, &removal).send().await.unwrap(), 200).await;
    let result = expect_json(admin.post(&scrub_path, &by_email).send().await.unwrap(), 200).await;
    assert_eq!(result["matched_by"], json!(["email"]));
    assert_eq!((result["entries"].as_i64(), result["contacts"].as_i64()), (Some(2), Some(2)), "{result}");
    expect_problem(admin.post(&scrub_path, &json!({"phone": HARRIET[2]})).send().await.unwrap(), 404).await;

    // Nothing on disk.
    let store = recovery_store::Store::open(app.database_url()).unwrap();
    let raw = store.raw_change_log().unwrap();
    let on_disk: String = raw.iter().map(|(_, b, a)| format!("{b:?}{a:?}")).collect();
    // Nothing in any answer.
    let mut answers = on_disk.clone();
    answers.push_str(&walk(&app, Some(&viewer), "", None, 100).await.bodies);
    answers.push_str(&walk(&app, None, "", None, 100).await.bodies);
    answers.push_str(&expect_status(viewer.get(&format!("{meeting_path}/history")).send().await.unwrap(), 200).await);
    answers.push_str(&expect_status(viewer.get(&meeting_path).send().await.unwrap(), 200).await);
    answers.push_str(&expect_status(app.get("/feeds/meeting-guide.json").send().await.unwrap(), 200).await);
    let export = app.cli(&["export", "-"], "").await;
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    answers.push_str(&String::from_utf8_lossy(&export.stdout));
    for secret in HARRIET.into_iter().chain([HARRIET[1].to_uppercase().as_str()]) {
        assert!(!answers.contains(secret), "`{secret}` survived the scrub");
    }
    assert!(on_disk.contains("[scrubbed]") && on_disk.contains("Bob Kept"));

    // The scrub is itself an entry: who and what, without the data.
    let history = expect_json(viewer.get(&format!("{meeting_path}/history")).send().await.unwrap(), 200).await;
    let scrub = &history["items"][0];
    assert_eq!(scrub["action"], "scrub");
    assert_eq!(scrub["actor"], user_id(&admin));
    assert_eq!(scrub["seq"], result["seq"]);
    assert_eq!(scrub["scrub"]["matched_by"], json!(["email"]));
    assert_eq!(scrub["diff"], json!([]));
    assert_eq!(raw.last().unwrap().0, result["seq"].as_i64().unwrap());
});

both_backends!(an_api_key_reads_the_public_feed_and_no_history, |app| async move {
    let admin = app.staff("admin").await;
    let key = admin.api_key("sync app", None).await;
    let created = admin.create(&merged(&meeting("Keyed"), json!({"contacts": [harriet()]}))).await;
    let id = created["id"].as_str().unwrap();
    admin.create(&merged(&meeting("Keyed Draft"), json!({"status": "draft"}))).await;

    let public = app.get_json("/v1/changes").await;
    for with_key in [app.get("/v1/changes").header("X-API-Key", &key), app.get("/v1/changes").bearer_auth(&key)] {
        let response = with_key.send().await.unwrap();
        assert_eq!(response.headers().get("vary").unwrap(), "Authorization, X-API-Key");
        let text = expect_status(response, 200).await;
        for secret in HARRIET.into_iter().chain(["Keyed Draft", "\"actor\""]) {
            assert!(!text.contains(secret), "an API key's feed shows `{secret}`");
        }
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), public, "a key reads what the public reads");
    }
    let history = format!("/v1/meetings/{id}/history");
    expect_problem(app.get(&history).header("X-API-Key", &key).send().await.unwrap(), 403).await;
    let scrub = format!("/v1/meetings/{id}/contacts/scrub");
    let as_key =
        app.request(reqwest::Method::POST, &scrub).header("X-API-Key", &key).json(&json!({"email": HARRIET[1]}));
    expect_problem(as_key.send().await.unwrap(), 403).await;
});
