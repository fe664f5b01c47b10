//! Each format's sample, served by the local feed server (or uploaded), imports with the
//! expected counts, accounts for every record, and is found by searches afterwards.

use recovery_e2e::both_backends;
use recovery_e2e::http::expect_json;
use recovery_standin::{Reply, StandIn};
use serde_json::{Value, json};

use super::common::*;

both_backends!(meeting_guide_sample_imports_every_record, backend: |backend| async move {
    let feed = StandIn::start();
    feed.route("/meetings.json", Reply::json(spec_file("meeting-guide/meetings.json")));
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let created = create_source(&editor, &source("Mississippi", "meeting-guide", Some(&feed.url("/meetings.json")))).await;

    let run = sync(&editor, &id(&created)).await;
    assert_accounted(&run, 25);
    assert_eq!(count(&run, "rejected"), 0, "{run:#}");
    assert_eq!(feed.hits("/meetings.json"), 1);

    // None of the sample's records has coordinates: all are published, counted in `total`
    // and found without `lat`/`lng`, and flagged for staff.
    assert_eq!(total(&app, "").await, 25);
    assert_eq!(total(&app, "q=serenity").await, 1, "Sunday Serenity");
    assert_eq!(count(&run, "flagged"), 25, "{run:#}");
    let flagged = expect_json(editor.get("/v1/flagged").send().await.unwrap(), 200).await;
    assert_eq!(list(&flagged).len(), 25, "{flagged:#}");
});

both_backends!(tsml_csv_sample_accounts_for_every_row, backend: |backend| async move {
    let feed = StandIn::start();
    feed.route("/template.csv", Reply::ok("text/csv; charset=utf-8", spec_file("meeting-guide/template.csv")));
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let body = json!({
        "name": "San Jose", "kind": "tsml-csv", "url": feed.url("/template.csv"),
        "default_timezone": "America/Los_Angeles"
    });
    let created = create_source(&editor, &body).await;

    let run = sync(&editor, &id(&created)).await;
    assert_accounted(&run, 36);
    assert_eq!(total(&app, "").await, count(&run, "added"), "every imported row is published");
    assert_eq!(total(&app, "q=after%20work%20topic").await, 1, "{run:#}");
});

both_backends!(tsml_csv_district_is_kept_with_the_group, backend: |backend| async move {
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let created = create_source(&editor, &source("District 12", "tsml-csv", None)).await;
    let csv = "Name,Day,Time,Address,City,State,Group,District,Sub District\n\
               Noon Reflections,Monday,12:00 PM,1500 Walnut St,Philadelphia,PA,Noon Group,District 12,South\n";

    let run = upload(&editor, &id(&created), csv.as_bytes().to_vec()).await;
    assert_accounted(&run, 1);
    assert_eq!(run["warnings"], json!([]), "District and Sub District are read: {run:#}");
    let found = list(&app.search("q=noon%20reflections").await);
    let meeting = editor.read(&id(&found[0])).await;
    assert_eq!(meeting["group"]["name"], "Noon Group");
    assert_eq!(meeting["group"]["notes"], "District 12\nSub District: South");
});

/// The BMLT sample behind `…/main_server/client_interface/json/`.
fn bmlt_sample_server() -> StandIn {
    bmlt_server(
        spec_file("bmlt/meeting-search-42.867970-day4.json"),
        spec_file("bmlt/formats.json"),
        bmlt_server_info(),
    )
}

both_backends!(bmlt_sample_imports_62_meetings, backend: |backend| async move {
    let feed = bmlt_sample_server();
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let mut body = source("Finger Lakes NA", "bmlt", Some(&feed.url("/main_server/")));
    body["program"] = json!("na");
    let created = create_source(&editor, &body).await;

    let run = sync(&editor, &id(&created)).await;
    assert_accounted(&run, 62);
    let asked: Vec<String> = feed.requests().iter().map(|r| r.query.clone()).collect();
    assert!(asked.iter().any(|q| q.contains("switcher=GetSearchResults")), "{asked:?}");
    assert_eq!(total(&app, "").await, count(&run, "added"));
    assert!(total(&app, "q=never%20look%20back").await >= 1, "the first BMLT meeting is found");
});

/// HSDS's example service, and a second one made from it with other ids and another name.
fn hsds_services() -> Value {
    let first: Value = serde_json::from_slice(&spec_file("hsds-3.0/examples/service_full.json")).unwrap();
    let mut second = first.clone();
    reid(&mut second);
    second["name"] = json!("Second Example Service");
    json!([first, second])
}

/// Gives every id (`id`, `*_id`) in `value` another, consistent value: its first eight
/// characters replaced. Category terms keep theirs: two services share a category.
fn reid(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut().filter(|(key, _)| *key != "taxonomy_term") {
                match member {
                    Value::String(s) if (key == "id" || key.ends_with("_id")) && s.len() > 8 => {
                        *s = format!("0000000e{}", &s[8..]);
                    }
                    other => reid(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(reid),
        _ => {}
    }
}

both_backends!(hsds_upload_imports_services, backend: |backend| async move {
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let created = create_source(&editor, &source("Agency directory", "hsds", None)).await;
    let services = hsds_services();

    let run = upload(&editor, &id(&created), serde_json::to_vec(&services).unwrap()).await;
    assert_succeeded(&run);
    assert_eq!(count(&run, "source_records"), 2, "{run:#}");
    assert_eq!(count(&run, "rejected"), 0, "{run:#}");
    // HSDS counts every record written (organizations, locations, category terms, services):
    // two services, two organizations, two locations and the one shared term.
    assert_eq!(count(&run, "added"), 7, "{run:#}");
    for service in services.as_array().unwrap() {
        let sid = id(service);
        let found = expect_json(app.get(&format!("/v1/services/{sid}")).send().await.unwrap(), 200).await;
        assert_eq!(found["id"], json!(sid));
    }
    // The same file again changes nothing.
    let again = upload(&editor, &id(&created), serde_json::to_vec(&services).unwrap()).await;
    assert_succeeded(&again);
    assert_eq!(count(&again, "added") + count(&again, "updated"), 0, "{again:#}");
});
