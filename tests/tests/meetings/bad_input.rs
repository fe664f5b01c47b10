//! Bad writes: each is refused with the documented status and names the field at fault, on
//! `POST`, `PUT` and `PATCH` alike, and leaves the store and the search index as they were.

use std::time::Duration;

use recovery_e2e::app::FOLLOW_INTERVAL;
use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{assert_names_field, expect_problem};
use recovery_e2e::{Staff, TestApp, both_backends};
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

/// One published meeting that bad writes aim at, and what the outside sees of the directory.
struct Fixture {
    editor: Staff,
    id: String,
    before: Snapshot,
}

#[derive(Debug, PartialEq)]
struct Snapshot {
    search: Value,
    meeting: Value,
    feed: String,
}

async fn snapshot(app: &TestApp, editor: &Staff, id: &str) -> Snapshot {
    Snapshot {
        search: app.search("limit=200").await,
        meeting: editor.read(id).await,
        feed: app.get("/feeds/meeting-guide.json").send().await.unwrap().text().await.unwrap(),
    }
}

async fn fixture(app: &TestApp) -> Fixture {
    let editor = app.staff("editor").await;
    editor.create(&merged(&meeting("Neighbour Meeting"), json!({"slug": "taken-slug"}))).await;
    let created = editor.create(&merged(&meeting("Target Meeting"), json!({"notes": "Original notes."}))).await;
    let id = created["id"].as_str().unwrap().to_string();
    let before = snapshot(app, &editor, &id).await;
    assert_eq!(before.search["total"], 2);
    Fixture { editor, id, before }
}

impl Fixture {
    /// Sends `patch` as a new meeting (merged into a valid one), as a replacement, and as a
    /// merge patch; each must answer `status` naming `field`.
    async fn refuses(&self, app: &TestApp, patch: Value, status: u16, field: &str) {
        let whole = merged(&meeting("Bad Write"), patch.clone());
        let path = format!("/v1/meetings/{}", self.id);
        let attempts = [
            ("POST", self.editor.post("/v1/meetings", &whole)),
            ("PUT", self.editor.put(&path, &whole)),
            ("PATCH", self.editor.patch(&path, &patch)),
        ];
        for (method, request) in attempts {
            let problem = expect_problem(request.send().await.unwrap(), status).await;
            assert_names(&problem, field, method);
        }
        self.unchanged(app).await;
    }

    /// Sends the same raw bytes by POST, PUT and PATCH; each must answer `status`.
    async fn refuses_bytes(&self, app: &TestApp, body: Vec<u8>, status: u16) -> Vec<Value> {
        let path = format!("/v1/meetings/{}", self.id);
        let mut problems = Vec::new();
        for (method, content_type) in
            [("POST", "application/json"), ("PUT", "application/json"), ("PATCH", "application/merge-patch+json")]
        {
            let target = if method == "POST" { "/v1/meetings" } else { &path };
            let request = self
                .editor
                .request(method.parse().unwrap(), target)
                .header(CONTENT_TYPE, content_type)
                .body(body.clone());
            let response =
                request.send().await.unwrap_or_else(|e| panic!("{method}: the answer could not be read: {e}"));
            problems.push(expect_problem(response, status).await);
        }
        self.unchanged(app).await;
        problems
    }

    /// The directory looks as it did, now and after another server would have followed the
    /// change log (a refused write must not surface later either).
    async fn unchanged(&self, app: &TestApp) {
        assert_eq!(snapshot(app, &self.editor, &self.id).await, self.before, "a refused write changed something");
    }

    async fn still_unchanged_later(&self, app: &TestApp) {
        tokio::time::sleep(FOLLOW_INTERVAL * 2 + Duration::from_millis(50)).await;
        self.unchanged(app).await;
    }
}

/// The problem names `field`: in `errors[].field`, or (for 400s) at least in its text.
fn assert_names(problem: &Value, field: &str, method: &str) {
    if problem["status"] == 422 || problem["status"] == 409 {
        assert_names_field(problem, field);
        return;
    }
    let text = problem.to_string();
    assert!(text.contains(field), "{method}: the problem does not name `{field}`: {problem}");
}

both_backends!(malformed_json_is_400, |app| async move {
    let f = fixture(&app).await;
    for body in [&b"{\"name\": \"x\""[..], b"{name: 'x'}", b"not json", b"{\"name\": \"x\"} trailing"] {
        f.refuses_bytes(&app, body.to_vec(), 400).await;
    }
    f.still_unchanged_later(&app).await;
});

both_backends!(an_unknown_top_level_field_is_400, |app| async move {
    let f = fixture(&app).await;
    f.refuses(&app, json!({"colour": "blue"}), 400, "colour").await;
    f.still_unchanged_later(&app).await;
});

both_backends!(an_unknown_nested_field_is_400, |app| async move {
    let f = fixture(&app).await;
    f.refuses(&app, json!({"location": {"foo": 1}}), 400, "foo").await;
    f.refuses(&app, json!({"location": {"floor": 2}}), 400, "location").await;
    f.refuses(&app, json!({"online": {"zoom_id": "1"}}), 400, "zoom_id").await;
    f.still_unchanged_later(&app).await;
});

both_backends!(day_7_is_422, |app| async move {
    let f = fixture(&app).await;
    f.refuses(&app, json!({"day": 7}), 422, "day").await;
    f.refuses(&app, json!({"day": -1}), 422, "day").await;
    f.still_unchanged_later(&app).await;
});

both_backends!(time_25_00_is_422, |app| async move {
    let f = fixture(&app).await;
    f.refuses(&app, json!({"time": "25:00"}), 422, "time").await;
    f.refuses(&app, json!({"time": "7pm"}), 422, "time").await;
    f.still_unchanged_later(&app).await;
});

both_backends!(latitude_91_is_422, |app| async move {
    let f = fixture(&app).await;
    f.refuses(&app, json!({"location": {"latitude": 91}}), 422, "location.latitude").await;
    f.refuses(&app, json!({"location": {"longitude": -181}}), 422, "location.longitude").await;
    f.still_unchanged_later(&app).await;
});

both_backends!(an_unknown_time_zone_is_422, |app| async move {
    let f = fixture(&app).await;
    f.refuses(&app, json!({"timezone": "Mars/Olympus"}), 422, "timezone").await;
    f.still_unchanged_later(&app).await;
});

both_backends!(a_javascript_url_is_422, |app| async move {
    let f = fixture(&app).await;
    f.refuses(&app, json!({"online": {"conference_url": "javascript:alert(1)"}}), 422, "online.conference_url").await;
    f.refuses(&app, json!({"group": {"website": "javascript:alert(1)"}}), 422, "group.website").await;
    f.still_unchanged_later(&app).await;
});

both_backends!(a_name_of_201_characters_is_422, |app| async move {
    let f = fixture(&app).await;
    f.refuses(&app, json!({"name": "n".repeat(201)}), 422, "name").await;
    f.refuses(&app, json!({"name": "é".repeat(201)}), 422, "name").await;
    // 200 is the limit, counted in characters.
    let created = f.editor.create(&meeting(&"é".repeat(200))).await;
    assert_eq!(created["name"].as_str().unwrap().chars().count(), 200);
});

both_backends!(an_unknown_type_code_is_422, |app| async move {
    let f = fixture(&app).await;
    f.refuses(&app, json!({"types": ["XYZ"]}), 422, "types[0]").await;
    f.refuses(&app, json!({"types": ["O", "bogus"]}), 422, "types[1]").await;
    f.refuses(&app, json!({"program": "na", "types": ["pi"]}), 422, "types[0]").await;
    f.still_unchanged_later(&app).await;
});

both_backends!(a_duplicate_explicit_slug_is_409, |app| async move {
    let f = fixture(&app).await;
    f.refuses(&app, json!({"slug": "taken-slug"}), 409, "slug").await;
    f.still_unchanged_later(&app).await;
});

both_backends!(a_body_over_1_mib_is_413, |app| async move {
    let f = fixture(&app).await;
    let big = serde_json::to_vec(&merged(&meeting("Huge"), json!({"notes": "x".repeat(1024 * 1024 + 1)}))).unwrap();
    f.refuses_bytes(&app, big, 413).await;
    // Well past the limit (several MiB), the answer still arrives.
    let huge = serde_json::to_vec(&merged(&meeting("Huger"), json!({"notes": "x".repeat(6 * 1024 * 1024)}))).unwrap();
    f.refuses_bytes(&app, huge, 413).await;
    f.still_unchanged_later(&app).await;
});
