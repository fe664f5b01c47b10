//! Editor scopes: regions at any level and in any case, programs, moves into or out of scope,
//! and admins who are never scoped.

use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_problem};
use recovery_e2e::{Staff, both_backends};
use serde_json::{Value, json};

use super::*;

/// `PATCH` of a merge patch from `staff`; the status.
async fn patch_status(staff: &Staff, path: &str, body: Value) -> u16 {
    staff.patch(path, &body).send().await.unwrap().status().as_u16()
}

both_backends!(a_scoped_editor_moves_no_meeting_into_or_out_of_scope, |app| async move {
    let world = World::new(&app).await;
    let inside = world.admin.create(&meeting_in(&IN_SCOPE, "Inside")).await;
    let outside = world.admin.create(&meeting_in(&OUT_OF_SCOPE, "Outside")).await;
    let inside_path = format!("/v1/meetings/{}", inside["id"].as_str().unwrap());
    let outside_path = format!("/v1/meetings/{}", outside["id"].as_str().unwrap());

    // Out: content leaving the scope is refused, by PUT and by PATCH.
    let response = world.editor.put(&inside_path, &meeting_in(&OUT_OF_SCOPE, "Inside")).send().await.unwrap();
    let problem = expect_problem(response, 403).await;
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("region scope") && detail.contains("Queens") && detail.contains("Brooklyn"), "{detail}");
    assert_eq!(patch_status(&world.editor, &inside_path, json!({"location": {"regions": OUT_OF_SCOPE}})).await, 403);
    // In: an outside meeting cannot be pulled inside, nor edited in place.
    let response = world.editor.put(&outside_path, &meeting_in(&IN_SCOPE, "Outside")).send().await.unwrap();
    let problem = expect_problem(response, 403).await;
    assert!(problem["detail"].as_str().unwrap().contains("stored meeting"), "{problem}");
    assert_eq!(patch_status(&world.editor, &outside_path, json!({"location": {"regions": IN_SCOPE}})).await, 403);
    assert_eq!(patch_status(&world.editor, &outside_path, json!({"notes": "x"})).await, 403);
    expect_problem(world.editor.delete(&outside_path).send().await.unwrap(), 403).await;

    // Nothing changed.
    assert_eq!(world.admin.read(inside["id"].as_str().unwrap()).await, inside);
    assert_eq!(world.admin.read(outside["id"].as_str().unwrap()).await, outside);
    // Within the scope, moving between its regions is fine.
    let moved = json!({"location": {"regions": ["New York", "Brooklyn", "Williamsburg"]}});
    assert_eq!(patch_status(&world.editor, &inside_path, moved).await, 200);
});

both_backends!(region_scopes_match_any_level_in_any_case_and_program_scopes_hold, |app| async move {
    let world = World::new(&app).await;
    let editor_id = user_id(&world.admin, &world.editor.email).await;
    let set_scopes = |scopes: Value| {
        let admin = world.admin.clone();
        let path = format!("/v1/users/{editor_id}");
        async move { expect_json(admin.patch(&path, &scopes).send().await.unwrap(), 200).await }
    };

    set_scopes(json!({"scope_regions": ["new york"], "scope_programs": []})).await;
    world.editor.create(&meeting_in(&["NEW YORK", "Queens"], "Widest level")).await;
    world.editor.create(&meeting_in(&["New York", "Brooklyn", "Park Slope"], "Same state")).await;
    let problem =
        expect_problem(world.editor.post("/v1/meetings", &meeting("Philadelphia")).send().await.unwrap(), 403).await;
    assert!(problem["detail"].as_str().unwrap().contains("region scope"), "{problem}");
    let no_location =
        merged(&meeting("Online only"), json!({"location": null, "online": {"conference_url": "https://zoom.us/j/1"}}));
    expect_problem(world.editor.post("/v1/meetings", &no_location).send().await.unwrap(), 403).await;

    set_scopes(json!({"scope_regions": [], "scope_programs": ["na"]})).await;
    let problem =
        expect_problem(world.editor.post("/v1/meetings", &meeting("AA meeting")).send().await.unwrap(), 403).await;
    assert!(problem["detail"].as_str().unwrap().contains("program scope"), "{problem}");
    let na = merged(&meeting("NA meeting"), json!({"program": "na", "types": []}));
    world.editor.create(&na).await;

    // Unscoped again: anything.
    set_scopes(json!({"scope_regions": [], "scope_programs": []})).await;
    world.editor.create(&meeting("Anywhere")).await;
});

both_backends!(admins_are_never_scoped, |app| async move {
    let world = World::new(&app).await;
    let admin_id = user_id(&world.admin, &world.admin.email).await;
    let scopes = json!({"scope_regions": ["Brooklyn"], "scope_programs": ["na"]});
    expect_json(world.admin.patch(&format!("/v1/users/{admin_id}"), &scopes).send().await.unwrap(), 200).await;
    let created = world.admin.create(&meeting_in(&OUT_OF_SCOPE, "Queens AA")).await;
    let path = format!("/v1/meetings/{}", created["id"].as_str().unwrap());
    assert_eq!(patch_status(&world.admin, &path, json!({"notes": "fine"})).await, 200);
});
