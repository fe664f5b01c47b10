//! `PUT` and `PATCH /v1/meetings/{id}`.

use std::sync::Arc;

use actix_web::{HttpResponse, patch, put, web};
use recovery_app::meetings::Expect;
use recovery_domain::{MeetingId, MeetingInput};

use super::view::MeetingView;
use crate::auth::Staff;
use crate::error::{ApiError, UpdateProblems};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Replace a meeting.
///
/// Editors and admins only. The body is a whole meeting, as for `POST`; fields left out are
/// cleared (an absent `status` means `published`). Read-only fields may be sent back and are
/// ignored. An editor scoped to regions or programs gets a 403 unless the meeting is inside
/// them both as stored and as sent (a meeting cannot be moved into or out of their scope).
#[utoipa::path(
    operation_id = "meetings_replace",
    put, path = "/v1/meetings/{id}", tag = "meetings",
    params(("id" = String, Path, description = "The meeting's id")),
    request_body = MeetingInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The updated meeting", body = MeetingView),
        UpdateProblems,
    )
)]
#[put("/v1/meetings/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<MeetingInput>,
) -> Result<HttpResponse, ApiError> {
    let id = super::parse_id(&path)?;
    save(&state, &staff, id, body.0).await
}

/// Change some fields of a meeting (JSON Merge Patch, RFC 7396).
///
/// Editors and admins only. Fields present in the body replace the stored ones, `null`
/// removes a field, nested objects merge; the result is validated as a whole meeting. An
/// editor scoped to regions or programs gets a 403 unless the meeting is inside them both as
/// stored and as changed.
#[utoipa::path(
    operation_id = "meetings_patch",
    patch, path = "/v1/meetings/{id}", tag = "meetings",
    params(("id" = String, Path, description = "The meeting's id")),
    request_body(content = MeetingInput, content_type = "application/merge-patch+json",
        description = "Any subset of the meeting's fields"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The updated meeting", body = MeetingView),
        UpdateProblems,
    )
)]
#[patch("/v1/meetings/{id}")]
pub async fn patch(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let id = super::parse_id(&path)?;
    if !body.0.is_object() {
        return Err(ApiError::bad_field("body", "a merge patch must be a JSON object"));
    }
    let current = state.meeting_to_edit(id, &staff.0).await?;
    let mut merged = serde_json::to_value(MeetingInput::from(&current.data))
        .map_err(|e| ApiError::Internal(format!("could not write a meeting as JSON: {e}")))?;
    merge_patch(&mut merged, body.0);
    let bytes = serde_json::to_vec(&merged).map_err(|e| ApiError::Internal(e.to_string()))?;
    let input: MeetingInput = crate::extract::json::parse(&bytes)?;
    save(&state, &staff, id, input).await
}

async fn save(state: &AppState, staff: &Staff, id: MeetingId, input: MeetingInput) -> Result<HttpResponse, ApiError> {
    // The stored version is the one just read (PATCH) or the one replaced (PUT): no
    // `Expect`, as the API has no preconditions yet; the console sends one.
    let meeting = state.update_meeting_as(id, input, &staff.0, Expect::default()).await?;
    Ok(HttpResponse::Ok().json(MeetingView::of(Arc::new(meeting))))
}

/// Applies an RFC 7396 merge patch to `target`.
pub fn merge_patch(target: &mut serde_json::Value, changes: serde_json::Value) {
    match changes {
        serde_json::Value::Object(fields) => {
            if !target.is_object() {
                *target = serde_json::Value::Object(serde_json::Map::new());
            }
            if let serde_json::Value::Object(map) = target {
                for (key, value) in fields {
                    if value.is_null() {
                        map.remove(&key);
                    } else {
                        merge_patch(map.entry(key).or_insert(serde_json::Value::Null), value);
                    }
                }
            }
        }
        other => *target = other,
    }
}

#[cfg(test)]
mod tests {
    use super::merge_patch;
    use serde_json::json;

    #[test]
    fn rfc7396_examples() {
        let mut doc = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge_patch(&mut doc, json!({"a": "z", "c": {"f": null}}));
        assert_eq!(doc, json!({"a": "z", "c": {"d": "e"}}));
        let mut doc = json!({"a": ["b"]});
        merge_patch(&mut doc, json!({"a": "c"}));
        assert_eq!(doc, json!({"a": "c"}));
        let mut doc = json!({"e": null});
        merge_patch(&mut doc, json!({"a": 1}));
        assert_eq!(doc, json!({"e": null, "a": 1}));
    }
}
