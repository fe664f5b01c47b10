//! `/v1/reports`: problem reports from the public (`POST`), the staff queue (`GET`), closing a
//! report (`PATCH /v1/reports/{id}`), and the privacy of reporters' emails — never in a public
//! answer, erased after the retention period.

use std::time::Duration;

use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem, expect_status};
use recovery_e2e::poll::eventually;
use recovery_e2e::{Staff, TestApp, both_backends};
use reqwest::Method;
use serde_json::{Value, json};

const EMAIL: &str = "worried.member@example.org";

/// A report about meeting `id`, with the reporter's email.
fn report(id: &str) -> Value {
    json!({
        "listing_kind": "meeting",
        "listing_id": id,
        "reason": "wrong_time",
        "message": "It starts at 7:30 now, not 7.",
        "contact_email": EMAIL
    })
}

async fn post_report(app: &TestApp, body: &Value) -> reqwest::Response {
    app.request(Method::POST, "/v1/reports").json(body).send().await.unwrap()
}

/// A published meeting's id.
async fn published(editor: &Staff, name: &str) -> String {
    editor.create(&meeting(name)).await["id"].as_str().unwrap().to_string()
}

async fn queue(staff: &Staff, query: &str) -> Value {
    expect_json(staff.get(&format!("/v1/reports?{query}")).send().await.unwrap(), 200).await
}

fn report_ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

both_backends!(anyone_may_report_a_published_meeting, |app| async move {
    let editor = app.staff("editor").await;
    let id = published(&editor, "Reported Meeting").await;
    let body = json!({"listing_kind": "meeting", "listing_id": id, "reason": "online_link_broken",
                      "message": "  The Zoom link says the meeting ended.  "});
    let created = expect_json(post_report(&app, &body).await, 201).await;
    assert!(created["id"].as_str().is_some_and(|s| s.len() == 36), "{created}");
    assert_eq!(created["listing_kind"], "meeting");
    assert_eq!(created["listing_id"], id);
    assert_eq!(created["reason"], "online_link_broken");
    assert_eq!(created["message"], "The Zoom link says the meeting ended.");
    assert_eq!(created["status"], "open");
    assert!(created["created_at"].is_string());
    for absent in ["contact_email", "note", "change_seq", "closed_at", "closed_by"] {
        assert!(created.get(absent).is_none(), "`{absent}` in {created}");
    }

    // The reporter's own email is echoed back to them, and only to them.
    let with_email = expect_json(post_report(&app, &report(&id)).await, 201).await;
    assert_eq!(with_email["contact_email"], EMAIL);

    // Every reason is accepted; credentials are not needed (and a staff token does no harm).
    for reason in ["wrong_time", "wrong_address", "closed", "online_link_broken", "other"] {
        let body = merged(&report(&id), json!({"reason": reason, "contact_email": null}));
        expect_json(editor.post("/v1/reports", &body).send().await.unwrap(), 201).await;
    }
    assert_eq!(queue(&editor, "limit=200").await["items"].as_array().unwrap().len(), 7);
});

both_backends!(bad_reports_name_the_field_and_store_nothing, |app| async move {
    let editor = app.staff("editor").await;
    let id = published(&editor, "Target").await;
    let draft = editor.create(&merged(&meeting("Draft"), json!({"status": "draft"}))).await;
    let archived = published(&editor, "Archived").await;
    expect_status(editor.delete(&format!("/v1/meetings/{archived}")).send().await.unwrap(), 204).await;

    let good = report(&id);
    let cases: Vec<(Value, &str)> = vec![
        (merged(&good, json!({"reason": "rude"})), "reason"),
        (merged(&good, json!({"reason": null})), "reason"),
        (merged(&good, json!({"message": null})), "message"),
        (merged(&good, json!({"message": "   "})), "message"),
        (merged(&good, json!({"message": "x".repeat(2001)})), "message"),
        (merged(&good, json!({"contact_email": "not an email"})), "contact_email"),
        (merged(&good, json!({"contact_email": format!("{}@example.org", "a".repeat(250))})), "contact_email"),
        (merged(&good, json!({"listing_id": "00000000-0000-0000-0000-000000000000"})), "listing_id"),
        (merged(&good, json!({"listing_id": "not-a-uuid"})), "listing_id"),
        (merged(&good, json!({"listing_id": draft["id"]})), "listing_id"),
        (merged(&good, json!({"listing_id": archived})), "listing_id"),
        (merged(&good, json!({"listing_id": null})), "listing_id"),
        (merged(&good, json!({"listing_kind": "agency"})), "listing_kind"),
        // A meeting's id is not a service's.
        (merged(&good, json!({"listing_kind": "service"})), "listing_id"),
    ];
    for (body, field) in cases {
        let problem = expect_problem(post_report(&app, &body).await, 422).await;
        assert_names_field(&problem, field);
        assert_eq!(problem["type"], "urn:recovery-directory:problem:validation", "{problem}");
    }
    // The longest message is fine.
    expect_json(post_report(&app, &merged(&good, json!({"message": "é".repeat(2000)}))).await, 201).await;

    // Shapes that are not a report at all are 400s; an oversized body is a 413.
    let problem = expect_problem(post_report(&app, &merged(&good, json!({"priority": "high"}))).await, 400).await;
    assert_names_field(&problem, "priority");
    let problem = expect_problem(post_report(&app, &merged(&good, json!({"reason": 5}))).await, 400).await;
    assert_names_field(&problem, "reason");
    let malformed = app.request(Method::POST, "/v1/reports").header("content-type", "application/json").body("{");
    expect_problem(malformed.send().await.unwrap(), 400).await;
    let huge = merged(&good, json!({"message": "x".repeat(2 * 1024 * 1024)}));
    expect_problem(post_report(&app, &huge).await, 413).await;

    assert_eq!(queue(&editor, "").await["items"].as_array().unwrap().len(), 1, "only the good one was stored");
});

both_backends!(the_staff_queue_filters_and_pages, |app| async move {
    let editor = app.staff("editor").await;
    let a = published(&editor, "Meeting A").await;
    let b = published(&editor, "Meeting B").await;
    let mut made = Vec::new();
    for listing in [&a, &b, &a, &a, &b] {
        made.push(
            expect_json(post_report(&app, &report(listing)).await, 201).await["id"].as_str().unwrap().to_string(),
        );
    }

    // Any staff role reads the queue, emails included; the public and API callers do not.
    let viewer = app.staff("viewer").await;
    let all = queue(&viewer, "").await;
    assert_eq!(report_ids(&all), made, "oldest first");
    assert!(all["next_cursor"].is_null());
    assert_eq!(all["items"][0]["contact_email"], EMAIL);
    expect_problem(app.get("/v1/reports").send().await.unwrap(), 401).await;

    assert_eq!(report_ids(&queue(&viewer, &format!("listing_id={b}")).await), [made[1].clone(), made[4].clone()]);
    assert_eq!(report_ids(&queue(&viewer, "status=resolved").await), Vec::<String>::new());
    assert_eq!(report_ids(&queue(&viewer, "status=open").await), made);

    // Paging: every report once, in order.
    let mut walked = Vec::new();
    let mut path = "limit=2".to_string();
    loop {
        let page = queue(&viewer, &path).await;
        assert!(page["items"].as_array().unwrap().len() <= 2);
        walked.extend(report_ids(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(walked, made);

    for (query, field) in [
        ("status=pending", "status"),
        ("listing_id=42", "listing_id"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("cursor=nonsense", "cursor"),
    ] {
        let problem = expect_problem(viewer.get(&format!("/v1/reports?{query}")).send().await.unwrap(), 400).await;
        assert_names_field(&problem, field);
    }
});

both_backends!(editors_resolve_and_dismiss_reports, |app| async move {
    let editor = app.staff("editor").await;
    let id = published(&editor, "Needs Fixing").await;
    let first = expect_json(post_report(&app, &report(&id)).await, 201).await;
    let second = expect_json(post_report(&app, &report(&id)).await, 201).await;
    let path = format!("/v1/reports/{}", first["id"].as_str().unwrap());

    // Who may close reports.
    let resolve = json!({"status": "resolved", "note": "Time corrected.", "change_seq": 1});
    expect_problem(app.request(Method::PATCH, &path).json(&resolve).send().await.unwrap(), 401).await;
    let viewer = app.staff("viewer").await;
    expect_problem(viewer.patch(&path, &resolve).send().await.unwrap(), 403).await;

    // What a closing must say.
    for (body, field) in [
        (json!({"note": "no status"}), "status"),
        (json!({"status": "open"}), "status"),
        (json!({"status": "dismissed", "change_seq": 1}), "change_seq"),
        (json!({"status": "resolved", "change_seq": 999_999}), "change_seq"),
        (json!({"status": "resolved", "note": "n".repeat(2001)}), "note"),
    ] {
        let problem = expect_problem(editor.patch(&path, &body).send().await.unwrap(), 422).await;
        assert_names_field(&problem, field);
    }
    let problem =
        expect_problem(editor.patch(&path, &json!({"status": "resolved", "by": "me"})).send().await.unwrap(), 400)
            .await;
    assert_names_field(&problem, "by");
    expect_problem(
        editor.patch("/v1/reports/00000000-0000-0000-0000-000000000000", &resolve).send().await.unwrap(),
        404,
    )
    .await;
    expect_problem(editor.patch("/v1/reports/nope", &resolve).send().await.unwrap(), 404).await;
    assert_eq!(queue(&editor, "status=open").await["items"].as_array().unwrap().len(), 2, "nothing closed yet");

    // Resolving names the change that fixed it (seq 1 exists: the first write of this database).
    let resolved = expect_json(editor.patch(&path, &resolve).send().await.unwrap(), 200).await;
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["note"], "Time corrected.");
    assert_eq!(resolved["change_seq"], 1);
    assert!(resolved["closed_at"].is_string() && resolved["closed_by"].is_string(), "{resolved}");
    assert_eq!(resolved["contact_email"], EMAIL, "staff keep the email");

    let admin = app.staff("admin").await;
    let dismissed = expect_json(
        admin
            .request(Method::PATCH, &format!("/v1/reports/{}", second["id"].as_str().unwrap()))
            .json(&json!({"status": "dismissed"}))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(dismissed["status"], "dismissed");
    assert_ne!(dismissed["closed_by"], resolved["closed_by"]);

    assert_eq!(report_ids(&queue(&viewer, "status=resolved").await), [first["id"].as_str().unwrap()]);
    assert_eq!(report_ids(&queue(&viewer, "status=dismissed").await), [second["id"].as_str().unwrap()]);
    assert_eq!(report_ids(&queue(&viewer, "status=open").await), Vec::<String>::new());
});

both_backends!(reporter_emails_and_words_never_reach_the_public, |app| async move {
    let editor = app.staff("editor").await;
    let id = published(&editor, "Private Matters").await;
    let words = "Secret words only staff should read";
    let body = merged(&report(&id), json!({"message": words}));
    let created = expect_json(post_report(&app, &body).await, 201).await;
    let resolve = json!({"status": "resolved", "note": "Staff-only note"});
    let path = format!("/v1/reports/{}", created["id"].as_str().unwrap());
    expect_json(editor.patch(&path, &resolve).send().await.unwrap(), 200).await;

    let public_paths = [
        format!("/v1/meetings/{id}"),
        "/v1/meetings/private-matters".to_string(),
        "/v1/meetings".to_string(),
        "/v1/meetings?q=private".to_string(),
        "/v1/regions".to_string(),
        "/feeds/meeting-guide.json".to_string(),
        "/v1/changes".to_string(),
    ];
    for path in &public_paths {
        let response = app.get(path).send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_eq!(status, 200, "{path}: {text}");
        for secret in [EMAIL, words, "Staff-only note"] {
            assert!(!text.contains(secret), "{path} shows `{secret}`: {text}");
        }
    }
    // Not even staff see the email in the change log (they see the report's entries).
    let staff_log = expect_status(editor.get("/v1/changes").send().await.unwrap(), 200).await;
    assert!(staff_log.contains("\"report\""), "report entries are logged: {staff_log}");
    assert!(!staff_log.contains(EMAIL), "the change log holds a reporter's email: {staff_log}");
});

both_backends!(old_reporter_emails_are_erased, |app| async move {
    let editor = app.staff("editor").await;
    let id = published(&editor, "Retention").await;
    let old = expect_json(post_report(&app, &report(&id)).await, 201).await;
    let recent = expect_json(post_report(&app, &report(&id)).await, 201).await;
    // The first report was sent 31 days ago, as far as the database knows.
    let store = recovery_store::Store::open(app.database_url()).unwrap();
    let when = (chrono::Utc::now() - chrono::TimeDelta::days(31)).naive_utc().format("%Y-%m-%d %H:%M:%S%.6f");
    let sql = format!("UPDATE reports SET created_at = '{when}' WHERE id = '{}'", old["id"].as_str().unwrap());
    recovery_store::testing::execute_sql(&store, &sql).unwrap();

    // A server keeping emails for 30 days erases it when it starts (and hourly after).
    let replica = app.replica().env("RD_REPORT_EMAIL_RETENTION_DAYS", "30").start().await;
    let staff = editor.on(&replica);
    let page = eventually(Duration::from_secs(10), "the old email erased", || {
        let staff = staff.clone();
        async move {
            let page = queue(&staff, "").await;
            page["items"][0]["contact_email"].is_null().then_some(page)
        }
    })
    .await;
    assert_eq!(page["items"][0]["id"], old["id"]);
    assert_eq!(page["items"][0]["message"], old["message"], "only the email goes");
    assert_eq!(page["items"][1]["id"], recent["id"]);
    assert_eq!(page["items"][1]["contact_email"], EMAIL);
});

#[tokio::test]
async fn the_retention_period_is_checked() {
    async fn check(days: &str) -> std::process::Output {
        let args = ["config", "check", "--database", "sqlite://unused.db", "--report-email-retention-days", days];
        recovery_e2e::app::run_cli(&args, "").await
    }
    let output = check("365").await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("report_email_retention_days = 365  (flag)"), "{stdout}");
    for bad in ["0", "3651", "soon"] {
        let output = check(bad).await;
        let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(!output.status.success(), "retention {bad} accepted: {said}");
        assert!(said.contains("report_email_retention_days") || said.contains("report-email-retention-days"), "{said}");
    }
}

/// An editor scoped to `regions` (set in the database, as an admin would).
async fn scoped_editor(app: &TestApp, regions: &[&str]) -> Staff {
    let editor = app.staff("editor").await;
    let store = recovery_store::Store::open(app.database_url()).unwrap();
    let scope = serde_json::to_string(regions).unwrap();
    let sql = format!("UPDATE users SET scope_regions = '{scope}' WHERE email = '{}'", editor.email);
    recovery_store::testing::execute_sql(&store, &sql).unwrap();
    editor
}

both_backends!(scoped_editors_work_only_in_scope, |app| async move {
    let editor = app.staff("editor").await;
    let philly = published(&editor, "Philadelphia Meeting").await;
    let camden = merged(&meeting("Camden Meeting"), json!({"location": {"regions": ["New Jersey", "Camden County"]}}));
    let camden = editor.create(&camden).await["id"].as_str().unwrap().to_string();
    let about_philly = expect_json(post_report(&app, &report(&philly)).await, 201).await;
    let about_camden = expect_json(post_report(&app, &report(&camden)).await, 201).await;
    let scoped = scoped_editor(&app, &["camden county"]).await;

    // The queue: only reports about meetings in scope, for the scoped editor; all for others.
    assert_eq!(report_ids(&queue(&scoped, "").await), [about_camden["id"].as_str().unwrap()]);
    assert_eq!(report_ids(&queue(&scoped, &format!("listing_id={philly}")).await), Vec::<String>::new());
    assert_eq!(report_ids(&queue(&editor, "").await).len(), 2);
    assert_eq!(report_ids(&queue(&app.staff("viewer").await, "").await).len(), 2);

    // Closing: in scope only.
    let resolve = json!({"status": "resolved"});
    let outside = format!("/v1/reports/{}", about_philly["id"].as_str().unwrap());
    expect_problem(scoped.patch(&outside, &resolve).send().await.unwrap(), 403).await;
    assert_eq!(queue(&editor, "status=open").await["items"].as_array().unwrap().len(), 2, "nothing closed");
    let inside = format!("/v1/reports/{}", about_camden["id"].as_str().unwrap());
    expect_json(scoped.patch(&inside, &resolve).send().await.unwrap(), 200).await;

    // Verifying: in scope only.
    let verify = |id: &str| scoped.request(Method::POST, &format!("/v1/meetings/{id}/verify"));
    expect_problem(verify(&philly).send().await.unwrap(), 403).await;
    assert!(app.get_json(&format!("/v1/meetings/{philly}")).await["verified_at"].is_null());
    expect_json(verify(&camden).send().await.unwrap(), 200).await;

    // The stale list: in scope only.
    let stale = expect_json(scoped.get("/v1/reports/stale?older_than_days=0").send().await.unwrap(), 200).await;
    let stale_ids: Vec<&str> = stale["items"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(stale_ids, [camden.as_str()]);
    let everyone = expect_json(editor.get("/v1/reports/stale?older_than_days=0").send().await.unwrap(), 200).await;
    assert_eq!(everyone["total"], 2);
});
