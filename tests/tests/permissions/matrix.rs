//! Every write endpoint answers every kind of caller as the matrix says.

use recovery_e2e::app::unique;
use recovery_e2e::both_backends;
use recovery_e2e::http::expect_problem;
use reqwest::Method;

use super::*;

both_backends!(every_write_endpoint_answers_every_caller_as_expected, |app| async move {
    let world = World::new(&app).await;
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for row in rows() {
        for caller in CALLERS {
            let id = world.subject(row.subject, caller).await;
            let path = match &id {
                Some(id) => row.path.replace("{id}", id),
                None => row.path.to_string(),
            };
            let mut request = world.request(&app, caller, row.method.clone(), &path);
            request = match row.body {
                Body::None => request,
                Body::Meeting => request.json(&meeting_in(regions_for(caller), &format!("Matrix {}", unique()))),
                Body::Json(make) if row.method == Method::PATCH && row.path.starts_with("/v1/meetings") => request
                    .header(reqwest::header::CONTENT_TYPE, "application/merge-patch+json")
                    .body(serde_json::to_vec(&make(id.as_deref())).unwrap()),
                Body::Readback => request.json(&world.readback(&path).await),
                Body::Json(make) => request.json(&make(id.as_deref())),
            };
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let expected = row.expected.of(caller);
            let ok = match expected {
                Status(want) => status == want,
                Success => (200..300).contains(&status),
            };
            if ok && !(200..300).contains(&status) {
                // Refusals are problem documents too.
                expect_problem(response, status).await;
            } else if !ok {
                let body = response.text().await.unwrap_or_default();
                mismatches.push(format!(
                    "{} {} as {caller:?}: expected {expected:?}, got {status}: {body}",
                    row.method, row.path
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no cells checked");
    assert!(mismatches.is_empty(), "{} of {checked} cells differ:\n{}", mismatches.len(), mismatches.join("\n"));
});
