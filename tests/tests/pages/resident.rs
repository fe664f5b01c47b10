//! The resident's pages (`/`, `/meetings/{slug}`, `/services/{id}`, `.ics`, `POST /report`)
//! over real HTTP on the demo data: the form's contract, both languages, results without
//! JavaScript, the filters, detail pages, calendar files, the report form, privacy (no other
//! hosts) and the size budgets.

use std::io::Write;

use super::html::{attrs, distances, kinds, links, parse_ics, prop, result_links, texts, unescape, urls};
use recovery_e2e::http::expect_json;
use recovery_e2e::{TestApp, both_backends};
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION};
use reqwest::{Method, StatusCode};

/// The policy every page carries.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";
/// Near Philadelphia's City Hall, where the demo data is.
const NEAR: &str = "lat=39.95&lng=-75.17";

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app.get(path).send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

async fn ok_page(app: &TestApp, path: &str) -> String {
    let response = app.get(path).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    let ct = response.headers()[CONTENT_TYPE].to_str().unwrap().to_string();
    assert!(ct.starts_with("text/html"), "{ct}");
    assert_eq!(response.headers()[CONTENT_SECURITY_POLICY], PAGE_CSP);
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    assert!(response.headers().get("set-cookie").is_none(), "pages set no cookies");
    response.text().await.unwrap()
}

fn gzip_len(body: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body).unwrap();
    encoder.finish().unwrap().len()
}

async fn demo(backend: recovery_e2e::Backend) -> TestApp {
    TestApp::builder(backend).demo().env("RD_HELP_CONTACT", "help@directory.example.org").start().await
}

both_backends!(the_search_page_keeps_its_contract_and_budget, backend: |backend| async move {
    let app = demo(backend).await;
    let html = ok_page(&app, "/").await;
    assert!(html.len() < 60_000, "GET / is {} bytes", html.len());
    assert!(html.contains("<html lang=\"en\">"));
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains("<form id=\"search\" method=\"get\" action=\"/\">"));
    for name in ["lat", "lng", "place", "radius_km", "when", "time", "show", "attendance", "types", "category"] {
        assert!(html.contains(&format!("name=\"{name}\"")), "no control named {name}");
    }
    for id in ["place", "radius_km", "when", "time", "show", "attendance", "category"] {
        assert!(html.contains(&format!("<label for=\"{id}\">")), "{id} is not labelled");
    }
    assert!(html.contains("<button id=\"use-location\" type=\"button\""));
    assert!(html.contains("<button type=\"submit\">"));
    assert!(html.contains("<a id=\"crisis\" href=\"tel:988\">988 Suicide &#38; Crisis Lifeline</a>"));
    assert_eq!(attrs(&html, "id=\"help-contact\"", "href"), ["mailto:help@directory.example.org"]);
    assert_eq!(attrs(&html, "id=\"lang-switch\"", "hreflang"), ["es"]);
    assert_eq!(attrs(&html, "id=\"lang-switch\"", "href"), ["/?lang=es"]);
    let places = attrs(&html, "<option value=", "value");
    assert!(places.contains(&"Fishtown".to_string()) && places.contains(&"soon".to_string()), "{places:?}");
    assert!(html.contains("Wheelchair Access") && html.contains("Women") && html.contains("Newcomer"));
    assert!(html.contains("value=\"housing\"") && html.contains("value=\"sober-living\""));
    assert!(!html.contains("id=\"results\""), "no results before a location is given");

    // First load: the page, its stylesheet and its script.
    let mut total = html.len();
    let mut gzipped = gzip_len(html.as_bytes());
    for asset in attrs(&html, "/assets/", "href").into_iter().chain(attrs(&html, "/assets/", "src")) {
        let response = app.get(&asset).send().await.unwrap();
        assert_eq!(response.status(), 200, "{asset}");
        assert!(response.headers()["cache-control"].to_str().unwrap().contains("immutable"));
        let etag = response.headers()["etag"].clone();
        let body = response.bytes().await.unwrap();
        total += body.len();
        gzipped += gzip_len(&body);
        let again = app.get(&asset).header("if-none-match", etag).send().await.unwrap();
        assert_eq!(again.status(), 304);
    }
    eprintln!("first load: {total} bytes, {gzipped} gzipped (page {} bytes)", html.len());
    assert!(total < 60_000, "first load {total} bytes");
});

both_backends!(spanish_comes_from_accept_language_or_the_switch, backend: |backend| async move {
    let app = demo(backend).await;
    let by_header = app.get("/").header(ACCEPT_LANGUAGE, "es-MX,es;q=0.9,en;q=0.5").send().await.unwrap();
    let by_header = by_header.text().await.unwrap();
    let by_param = app.get(&format!("/?{NEAR}&lang=es")).header(ACCEPT_LANGUAGE, "en").send().await.unwrap();
    let by_param = by_param.text().await.unwrap();
    for html in [&by_header, &by_param] {
        assert!(html.contains("<html lang=\"es\">"));
        assert!(html.contains(">Buscar</button>") && html.contains("Usar mi ubicación"));
        assert!(html.contains("Mujeres") && html.contains("Acceso en silla de ruedas") && html.contains("Vivienda"));
        assert_eq!(attrs(html, "id=\"lang-switch\"", "hreflang"), ["en"]);
    }
    let switch = &attrs(&by_param, "id=\"lang-switch\"", "href")[0];
    assert!(switch.contains("lat=39.95") && switch.ends_with("lang=en"), "{switch}");
    assert!(by_param.contains("Reunión") && by_param.contains("Cómo llegar"));
    for href in links(&by_param) {
        assert!(href.ends_with("?lang=es"), "{href} does not carry the language");
    }
    let english = ok_page(&app, "/").await;
    assert!(english.contains("<html lang=\"en\">"));
});

both_backends!(results_come_nearest_first_without_javascript, backend: |backend| async move {
    let app = demo(backend).await;
    let html = ok_page(&app, &format!("/?{NEAR}")).await;
    let found = kinds(&html);
    assert!(found.contains(&"meeting".to_string()) && found.contains(&"service".to_string()), "{found:?}");
    let km = distances(&html);
    assert_eq!(km.len(), found.len());
    assert!(km.windows(2).all(|w| w[0] <= w[1]), "not nearest first: {km:?}");
    assert!(km.iter().all(|d| *d <= 10.0), "the default radius is 10 km: {km:?}");
    assert!(html.contains("<time class=\"next-start\" datetime=\"") && html.contains("<span class=\"open-status\">"));
    assert!(html.contains("<a class=\"directions\" href=\"https://www.openstreetmap.org/directions?to="));
    // The same listings as the API finds, in the same order.
    let api = app.get_json("/v1/search?lat=39.95&lng=-75.17&radius_km=10&limit=25").await;
    let api_names: Vec<String> = api["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect();
    let names: Vec<String> = result_links(&html).into_iter().map(|(_, name)| name).collect();
    assert_eq!(names, api_names);

    // A place the directory knows stands for a point.
    let fishtown = ok_page(&app, "/?place=Fishtown").await;
    assert!(!kinds(&fishtown).is_empty());
    assert!(fishtown.contains("<option value=\"Fishtown\" selected>"));

    // Pages: 25 a page, a cursor to the next, every listing once.
    let first = ok_page(&app, &format!("/?{NEAR}&radius_km=50")).await;
    assert_eq!(kinds(&first).len(), 25);
    assert!(first.len() < 100_000, "a page of 25 results is {} bytes", first.len());
    eprintln!("25 results: {} bytes, {} gzipped", first.len(), gzip_len(first.as_bytes()));
    let next = attrs(&first, "rel=\"next\"", "href");
    assert_eq!(next.len(), 1);
    assert!(next[0].contains("cursor=") && next[0].ends_with("lang=en"));
    let second = ok_page(&app, &next[0]).await;
    // The same two pages as the API walks.
    let names = |html: &str| result_links(html).into_iter().map(|(_, name)| name).collect::<Vec<_>>();
    let api_first = app.get_json("/v1/search?lat=39.95&lng=-75.17&radius_km=50&limit=25").await;
    let cursor = api_first["next_cursor"].as_str().unwrap();
    let api_second = app.get_json(&format!("/v1/search?lat=39.95&lng=-75.17&radius_km=50&limit=25&cursor={cursor}")).await;
    let api_names = |page: &serde_json::Value| {
        page["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(names(&first), api_names(&api_first));
    assert_eq!(names(&second), api_names(&api_second));
    let mut km = distances(&first);
    km.extend(distances(&second));
    assert!(km.windows(2).all(|w| w[0] <= w[1]));

    // Nothing near: a message, not an empty list.
    let nowhere = ok_page(&app, "/?lat=10&lng=10").await;
    assert!(nowhere.contains("id=\"no-results\"") && !nowhere.contains("<ol id=\"results\">"));
});

both_backends!(filters_narrow_the_results, backend: |backend| async move {
    let app = demo(backend).await;
    let online = ok_page(&app, &format!("/?{NEAR}&radius_km=50&show=meetings&attendance=online")).await;
    let found = kinds(&online);
    let api = app.get_json("/v1/search?lat=39.95&lng=-75.17&radius_km=50&kinds=meeting&attendance=online").await;
    assert!(!found.is_empty());
    assert_eq!(found.len() as u64, api["total"].as_u64().unwrap());
    assert!(found.iter().all(|k| k == "meeting"));
    assert_eq!(texts(&online, "<span class=\"attendance\">").iter().filter(|a| *a == "Online").count(), found.len());
    assert!(online.contains("<a class=\"join\" href=\"https://"));

    let services = ok_page(&app, &format!("/?{NEAR}&radius_km=50&show=services&category=housing")).await;
    let api = app.get_json("/v1/search?lat=39.95&lng=-75.17&radius_km=50&kinds=service&category=housing").await;
    assert_eq!(kinds(&services).len() as u64, api["total"].as_u64().unwrap());
    assert!(kinds(&services).iter().all(|k| k == "service"));

    // "Now and the next 2 hours" at a fixed moment: the meetings the API finds starting then.
    let at = "2026-01-05T18:30:00-05:00";
    let soon = ok_page(&app, &format!("/?{NEAR}&radius_km=50&show=meetings&when=soon&at={}", at.replace('+', "%2B"))).await;
    let api = app.get_json(&format!("/v1/search?lat=39.95&lng=-75.17&radius_km=50&kinds=meeting&starts_within=120&at={at}")).await;
    let starts = attrs(&soon, "class=\"next-start\"", "datetime");
    assert_eq!(starts.len() as u64, api["total"].as_u64().unwrap(), "{starts:?}");
    assert!(!starts.is_empty(), "the demo has meetings on Monday evenings");
    let at = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    for start in &starts {
        let start = chrono::DateTime::parse_from_rfc3339(start).unwrap();
        let minutes = (start - at).num_minutes();
        assert!((-10..=120).contains(&minutes), "{start} is not within two hours of {at}");
    }

    // A weekday and a part of the day, in each meeting's own zone.
    let evening = ok_page(&app, &format!("/?{NEAR}&radius_km=50&show=meetings&when=1&time=evening")).await;
    let starts = attrs(&evening, "class=\"next-start\"", "datetime");
    assert!(!starts.is_empty());
    for start in &starts {
        let start = chrono::DateTime::parse_from_rfc3339(start).unwrap();
        use chrono::{Datelike, Timelike};
        assert_eq!(start.weekday(), chrono::Weekday::Mon, "{start}");
        assert!((17..21).contains(&start.hour()), "{start}");
    }

    // Women's meetings only.
    let women = ok_page(&app, &format!("/?{NEAR}&radius_km=50&show=meetings&types=W")).await;
    let api = app.get_json("/v1/search?lat=39.95&lng=-75.17&radius_km=50&kinds=meeting&types=W").await;
    assert_eq!(kinds(&women).len() as u64, api["total"].as_u64().unwrap());

    // Bad values are named, not fatal.
    let bad = ok_page(&app, &format!("/?{NEAR}&radius_km=7&when=someday")).await;
    assert!(bad.contains("class=\"notice\"") && bad.contains("radius_km") && !kinds(&bad).is_empty());
});

both_backends!(detail_pages_calendars_and_not_found, backend: |backend| async move {
    let app = demo(backend).await;
    let results = ok_page(&app, &format!("/?{NEAR}&radius_km=50")).await;
    let links = links(&results);
    let meeting = links.iter().find(|l| l.starts_with("/meetings/")).unwrap().clone();
    let service = links.iter().find(|l| l.starts_with("/services/")).unwrap().clone();
    for link in [&meeting, &service] {
        let html = ok_page(&app, link).await;
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(html.contains("<form id=\"report\" method=\"post\" action=\"/report\">"));
        for name in ["listing_kind", "listing_id", "reason", "message", "contact_email"] {
            assert!(html.contains(&format!("name=\"{name}\"")), "{link}: no {name}");
        }
        let ics_href = attrs(&html, "id=\"add-to-calendar\"", "href");
        let path = link.split('?').next().unwrap();
        assert_eq!(ics_href, [format!("{path}.ics")]);
        let response = app.get(&ics_href[0]).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/calendar"));
        let events = parse_ics(&response.text().await.unwrap());
        assert!(!events.is_empty(), "{link}: no events");
        for event in &events {
            let start = prop(event, "DTSTART;TZID=America/New_York").expect("DTSTART with the zone");
            assert!(chrono::NaiveDateTime::parse_from_str(start, "%Y%m%dT%H%M%S").is_ok(), "{start}");
            let rule = prop(event, "RRULE").expect("RRULE");
            let byday = rule.split(';').find_map(|p| p.strip_prefix("BYDAY=")).expect("BYDAY");
            assert!(rule.starts_with("FREQ=WEEKLY;") && byday.split(',').all(|d| ["SU", "MO", "TU", "WE", "TH", "FR", "SA"].contains(&d)), "{rule}");
            assert!(prop(event, "SUMMARY").is_some() && prop(event, "UID").is_some());
        }
        if link.starts_with("/meetings/") {
            let event = &events[0];
            let start = chrono::NaiveDateTime::parse_from_str(prop(event, "DTSTART;TZID=America/New_York").unwrap(), "%Y%m%dT%H%M%S").unwrap();
            use chrono::Datelike;
            let day = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][start.weekday().num_days_from_sunday() as usize];
            assert_eq!(prop(event, "RRULE"), Some(format!("FREQ=WEEKLY;BYDAY={day}").as_str()));
        }
    }
    let spanish = ok_page(&app, &meeting.replace("lang=en", "lang=es")).await;
    assert!(spanish.contains("<html lang=\"es\">") && spanish.contains("Añadir al calendario"));
    for missing in ["/meetings/no-such-meeting", "/meetings/no-such-meeting.ics", "/services/not-a-uuid", "/services/01a21b00-0000-7000-8000-000000000000"] {
        let (status, body) = page(&app, missing).await;
        assert_eq!(status, 404, "{missing}");
        assert!(body.starts_with("<!doctype html>") && body.contains("<h1>Not found</h1>"), "{missing}: {body}");
    }
});

both_backends!(the_report_form_files_a_report_staff_can_see, backend: |backend| async move {
    let app = demo(backend).await;
    let results = ok_page(&app, &format!("/?{NEAR}&lang=es")).await;
    let meeting = links(&results).into_iter().find(|l| l.starts_with("/meetings/")).unwrap();
    let html = ok_page(&app, &meeting).await;
    let id = attrs(&html, "name=\"listing_id\"", "value")[0].clone();
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let post = |fields: Vec<(&'static str, String)>| {
        no_redirects.request(Method::POST, app.url("/report")).form(&fields).send()
    };
    let response = post(vec![
        ("lang", "es".into()),
        ("listing_kind", "meeting".into()),
        ("listing_id", id.clone()),
        ("reason", "wrong_time".into()),
        ("message", "Empieza a las 7:30 ahora.".into()),
        ("contact_email", String::new()),
    ])
    .await
    .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/report/thanks?lang=es");
    let thanks = ok_page(&app, "/report/thanks?lang=es").await;
    assert!(thanks.contains("Gracias"));
    let staff = app.staff("viewer").await;
    let queue = expect_json(staff.get(&format!("/v1/reports?listing_id={id}")).send().await.unwrap(), 200).await;
    let items = queue["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{queue}");
    assert_eq!(items[0]["message"], "Empieza a las 7:30 ahora.");
    assert_eq!(items[0]["reason"], "wrong_time");

    // An empty message: the form again, with what to fix, as typed.
    let response = post(vec![
        ("lang", "en".into()),
        ("listing_kind", "meeting".into()),
        ("listing_id", id.clone()),
        ("reason", "closed".into()),
        ("message", "  ".into()),
        ("contact_email", "not-an-email".into()),
    ])
    .await
    .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let body = response.text().await.unwrap();
    assert!(body.contains("Tell us what is wrong (up to 2,000 characters).") && body.contains("Enter a valid email address"), "{body}");
    assert!(body.contains("<option value=\"closed\" selected>") && body.contains("value=\"not-an-email\""));
    let queue = expect_json(staff.get(&format!("/v1/reports?listing_id={id}")).send().await.unwrap(), 200).await;
    assert_eq!(queue["items"].as_array().unwrap().len(), 1);
    // A listing that is not published.
    let response = post(vec![
        ("listing_kind", "meeting".into()),
        ("listing_id", "01a21b00-0000-7000-8000-000000000000".into()),
        ("reason", "closed".into()),
        ("message", "Gone".into()),
    ])
    .await
    .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("can no longer be reported"));
});

both_backends!(pages_name_no_other_hosts, backend: |backend| async move {
    let app = demo(backend).await;
    // The listings' own links, as the API publishes them.
    let mut own = urls(&app.get("/v1/meetings?limit=200").send().await.unwrap().text().await.unwrap());
    own.extend(urls(&app.get("/v1/services?limit=200").send().await.unwrap().text().await.unwrap()));
    let mut paths = vec!["/".to_string(), format!("/?{NEAR}&radius_km=50"), format!("/?{NEAR}&radius_km=50&lang=es"), "/assets/style.css".into(), "/assets/app.js".into()];
    let results = ok_page(&app, &format!("/?{NEAR}&radius_km=50")).await;
    paths.extend(links(&results));
    for path in paths {
        let body = app.get(&path).send().await.unwrap().text().await.unwrap();
        for url in urls(&body) {
            assert!(
                url.starts_with("https://www.openstreetmap.org/directions?to=") || own.contains(&url),
                "{path} names another host: {url}"
            );
        }
        let body = unescape(&body);
        assert!(!body.contains("<iframe") && !body.contains("<img src=\"http"), "{path}");
    }
});

both_backends!(the_report_form_shares_the_reports_rate_limit, backend: |backend| async move {
    let app = TestApp::builder(backend).demo().env("RD_RATE_LIMIT_REPORTS_PER_MINUTE", "2").start().await;
    let results = ok_page(&app, &format!("/?{NEAR}")).await;
    let meeting = links(&results).into_iter().find(|l| l.starts_with("/meetings/")).unwrap();
    let html = ok_page(&app, &meeting).await;
    let id = attrs(&html, "name=\"listing_id\"", "value")[0].clone();
    let api = serde_json::json!({"listing_kind": "meeting", "listing_id": id, "reason": "other", "message": "via the API"});
    assert_eq!(app.request(Method::POST, "/v1/reports").json(&api).send().await.unwrap().status(), 201);
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let fields = [("listing_kind", "meeting"), ("listing_id", id.as_str()), ("reason", "other"), ("message", "via the form")];
    let first = no_redirects.post(app.url("/report")).form(&fields).send().await.unwrap();
    assert_eq!(first.status(), 303);
    let second = no_redirects.post(app.url("/report")).form(&fields).send().await.unwrap();
    assert_eq!(second.status(), 429, "the form and POST /v1/reports count in one bucket");
    // A resident gets a page in their language, not a problem document.
    assert!(second.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(second.headers().contains_key("retry-after"));
    let refused = no_redirects.post(app.url("/report?lang=es")).form(&fields).send().await.unwrap();
    assert_eq!(refused.status(), 429);
    let page = refused.text().await.unwrap();
    assert!(page.contains("lang=\"es\"") && page.contains("Espere un momento"), "{page}");
    // Searching is not limited by the reports bucket.
    ok_page(&app, &format!("/?{NEAR}")).await;
});
