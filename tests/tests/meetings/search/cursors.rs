//! Walking `next_cursor` page by page: every match exactly once, in order.

use recovery_e2e::fixtures::PHILADELPHIA;
use recovery_e2e::http::{assert_names_field, expect_problem, ids, items};
use recovery_e2e::{TestApp, both_backends};

use super::*;

/// Walks `next_cursor` for each query with pages of 1, 2 and 3 and compares the walk with one
/// page of 200: every match exactly once, in order, with the same `total` on every page.
async fn assert_walks(app: &TestApp, s: &[Seed], queries: &[String]) {
    for query in queries {
        let whole = app.search(&format!("{query}&limit=200")).await;
        let expected = ids(&items(&whole));
        assert!(expected.len() >= 5, "{query} should match several meetings");
        for limit in 1..=3 {
            let mut seen = Vec::new();
            let mut cursor: Option<String> = None;
            loop {
                let mut path = format!("{query}&limit={limit}");
                if let Some(c) = &cursor {
                    path.push_str(&format!("&cursor={c}"));
                }
                let page = app.search(&path).await;
                assert_eq!(page["total"], whole["total"], "total on every page of {query}");
                let got = items(&page);
                assert!(got.len() <= limit);
                seen.extend(ids(&got));
                match page["next_cursor"].as_str() {
                    Some(next) => cursor = Some(next.to_string()),
                    None => break,
                }
                assert!(
                    seen.len() <= expected.len() + 3,
                    "the walk of {query} with limit={limit} does not end: {:?}, expected {:?}",
                    names(s, &seen),
                    names(s, &expected)
                );
            }
            assert_eq!(names(s, &seen), names(s, &expected), "walking {query} with limit={limit}");
        }
    }
}

both_backends!(cursors_walk_every_match_exactly_once, |app| async move {
    let (_, s) = seeded(&app).await;
    let queries = [
        String::new(),
        "day=1".to_string(),
        "types=O".to_string(),
        "attendance=in_person,hybrid".to_string(),
        "starts_within=10080&at=2026-06-01T18:55:00Z".to_string(),
    ];
    assert_walks(&app, &s, &queries).await;

    // The default page is 20, and says where to go on.
    let first = app.search("").await;
    assert_eq!(items(&first).len(), 20);
    assert_eq!(first["total"], s.len());
    let cursor = first["next_cursor"].as_str().expect("a next_cursor").to_string();
    let rest = app.search(&format!("cursor={cursor}")).await;
    assert_eq!(items(&rest).len(), s.len() - 20);
    assert!(rest["next_cursor"].is_null());

    // A cursor belongs to its query.
    let response = app.get(&format!("/v1/meetings?day=1&cursor={cursor}")).send().await.unwrap();
    assert_names_field(&expect_problem(response, 400).await, "cursor");
    let response = app.get(&format!("/v1/meetings?q=step&cursor={cursor}")).send().await.unwrap();
    assert_names_field(&expect_problem(response, 400).await, "cursor");
});

both_backends!(cursors_walk_every_match_near_a_point_exactly_once, |app| async move {
    let (_, s) = seeded(&app).await;
    let (lat, lng) = PHILADELPHIA;
    let queries = [
        format!("lat={lat}&lng={lng}&radius_km=500"),
        format!("lat={lat}&lng={lng}&day=1"),
        format!("lat={lat}&lng={lng}&starts_within=10080&at=2026-06-01T18:55:00Z"),
    ];
    assert_walks(&app, &s, &queries).await;
});
