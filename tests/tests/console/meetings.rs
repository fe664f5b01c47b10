//! The meeting pages: a form post is the same use case as the API (same errors, scoping,
//! change-log entries), an outdated edit is refused, and a scoped editor's crafted posts for
//! another region's meeting change nothing.

use recovery_e2e::app::{STAFF_PASSWORD, unique};
use recovery_e2e::fixtures::meeting;
use recovery_e2e::{TestApp, both_backends};
use serde_json::{Value, json};

use super::{Browser, signed_in};

/// The form fields of a simple meeting named `name` in `region`.
fn fields<'a>(csrf: &'a str, name: &'a str, time: &'a str, region: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("name", name),
        ("program", "aa"),
        ("status", "published"),
        ("day", "3"),
        ("time", time),
        ("location.city", "Philadelphia"),
        ("location.regions", region),
    ]
}

both_backends!(a_form_post_is_the_api_use_case, |app: TestApp| async move {
    let (mut browser, _) = signed_in(&app, "editor").await;
    let csrf = browser.get("/staff/meetings/new").await.csrf();
    let name = format!("Console {}", unique());
    let bad = browser.post("/staff/meetings", &fields(&csrf, &name, "7pm", "Philadelphia")).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("href=\"#f-time\"") && bad.body.contains(&name), "summary links the field; typed kept");
    let good = browser.post("/staff/meetings", &fields(&csrf, &name, "19:00", "Philadelphia")).await;
    assert_eq!(good.status, 303, "{}", good.body);
    let id = good.location.unwrap().trim_start_matches("/staff/meetings/").split('?').next().unwrap().to_string();
    let stored: Value = app.get_json(&format!("/v1/meetings/{id}")).await;
    assert_eq!((stored["name"].as_str(), stored["time"].as_str()), (Some(name.as_str()), Some("19:00")));
    let viewer = app.staff("viewer").await;
    let changes = viewer.get("/v1/changes?limit=1000").send().await.unwrap().text().await.unwrap();
    assert!(changes.contains(&id), "logged like an API write");
});

both_backends!(an_edit_of_an_outdated_version_is_refused, |app: TestApp| async move {
    let (mut browser, _) = signed_in(&app, "editor").await;
    let csrf = browser.get("/staff/meetings/new").await.csrf();
    let name = format!("Twice {}", unique());
    let created = browser.post("/staff/meetings", &fields(&csrf, &name, "19:00", "Philadelphia")).await;
    let path = created.location.unwrap().split('?').next().unwrap().to_string();
    let form = browser.get(&path).await;
    let at = form.body.find("name=\"updated_at\" value=\"").unwrap() + 25;
    let version = form.body[at..at + form.body[at..].find('"').unwrap()].to_string();
    let mut first = fields(&csrf, &name, "19:30", "Philadelphia");
    first.push(("updated_at", &version));
    assert_eq!(browser.post(&path, &first).await.status, 303);
    let mut second = fields(&csrf, &name, "20:00", "Philadelphia");
    second.push(("updated_at", &version));
    let refused = browser.post(&path, &second).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("id=\"conflict\"") && refused.body.contains("19:30") && refused.body.contains("20:00")
    );
    let id = path.trim_start_matches("/staff/meetings/");
    assert_eq!(app.get_json(&format!("/v1/meetings/{id}")).await["time"], "19:30", "not overwritten");
});

both_backends!(a_scoped_editor_cannot_see_or_change_another_regions_meeting, |app: TestApp| async move {
    let admin = app.staff("admin").await;
    let mut outside = meeting("Outside Scope");
    outside["location"] = json!({"city": "Doylestown", "regions": ["Bucks County"]});
    let outside = admin.create(&outside).await;
    let id = outside["id"].as_str().unwrap().to_string();

    let email = format!("scoped-{}@example.org", unique());
    app.add_user(&email, "editor", STAFF_PASSWORD).await;
    let users = admin.get("/v1/users").send().await.unwrap().json::<Value>().await.unwrap();
    let items = users.get("items").unwrap_or(&users).as_array().unwrap().clone();
    let user_id = items.iter().find(|u| u["email"] == email.as_str()).unwrap()["id"].as_str().unwrap().to_string();
    let scoped = admin.patch(&format!("/v1/users/{user_id}"), &json!({"scope_regions": ["Montgomery County"]}));
    assert_eq!(scoped.send().await.unwrap().status().as_u16(), 200);

    let mut browser = Browser::new(&app);
    browser.sign_in(&email, STAFF_PASSWORD).await;
    let list = browser.get("/staff/meetings?q=Outside").await;
    assert!(!list.body.contains("Outside Scope"), "not listed");
    assert_eq!(browser.get(&format!("/staff/meetings/{id}")).await.status, 403);
    let csrf = browser.get("/staff/").await.csrf();
    let path = format!("/staff/meetings/{id}");
    let crafted = browser.post(&path, &fields(&csrf, "Hijacked", "06:00", "Montgomery County")).await;
    assert_eq!(crafted.status, 403, "{}", crafted.body);
    for action in ["archive", "verify"] {
        assert_eq!(browser.post(&format!("{path}/{action}"), &[("csrf", &csrf)]).await.status, 403);
    }
    let stored = app.get_json(&format!("/v1/meetings/{id}")).await;
    assert_eq!((stored["name"].as_str(), stored["time"].as_str()), (Some("Outside Scope"), outside["time"].as_str()));
    assert!(stored["verified_at"].is_null());

    let inside = browser.post("/staff/meetings", &fields(&csrf, "Inside Scope", "07:00", "Montgomery County")).await;
    assert_eq!(inside.status, 303, "{}", inside.body);
});
