//! Field-level differences between two JSON documents: what staff read in the audit trail.
//!
//! The change log keeps whole documents (the entity before and after each change); people want
//! to see which fields changed. Paths name leaves the way validation errors do: `name`,
//! `location.latitude`, `contacts[0].phone`. Objects are compared member by member and lists
//! of objects element by element; a list of plain values (type codes, a region path) is one
//! field, because "types[1] changed from D to C" says less than the two lists side by side.
//! A missing member and `null` are the same thing (our documents leave out empty fields).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One field whose value differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The field's path: `name`, `location.latitude`, `contacts[0].phone`.
    pub field: String,
    /// The value before (null when the field was absent).
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub before: Value,
    /// The value after (null when the field is gone).
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub after: Value,
}

/// Every leaf that differs between `before` and `after` (absent documents count as empty),
/// members in name order and list items in list order, whatever order the documents had.
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    walk("", before.unwrap_or(&Value::Null), after.unwrap_or(&Value::Null), &mut changes);
    changes
}

fn walk(path: &str, before: &Value, after: &Value, out: &mut Vec<FieldChange>) {
    if before == after {
        return;
    }
    match (before, after) {
        (Value::Object(_) | Value::Null, Value::Object(_)) | (Value::Object(_), Value::Null) => {
            let empty = serde_json::Map::new();
            let b = before.as_object().unwrap_or(&empty);
            let a = after.as_object().unwrap_or(&empty);
            let mut keys: Vec<&String> = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))).collect();
            keys.sort_unstable();
            for key in keys {
                let null = &Value::Null;
                walk(&join(path, key), b.get(key).unwrap_or(null), a.get(key).unwrap_or(null), out);
            }
        }
        (Value::Array(_) | Value::Null, Value::Array(_)) | (Value::Array(_), Value::Null)
            if has_objects(before) || has_objects(after) =>
        {
            let empty = Vec::new();
            let b = before.as_array().unwrap_or(&empty);
            let a = after.as_array().unwrap_or(&empty);
            for i in 0..a.len().max(b.len()) {
                let item = format!("{path}[{i}]");
                walk(&item, b.get(i).unwrap_or(&Value::Null), a.get(i).unwrap_or(&Value::Null), out);
            }
        }
        _ => out.push(FieldChange { field: path.to_string(), before: before.clone(), after: after.clone() }),
    }
}

fn has_objects(value: &Value) -> bool {
    value.as_array().is_some_and(|items| items.iter().any(|v| v.is_object() || v.is_array()))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(changes: &[FieldChange]) -> Vec<(&str, Value, Value)> {
        changes.iter().map(|c| (c.field.as_str(), c.before.clone(), c.after.clone())).collect()
    }

    #[test]
    fn nested_members_and_list_items_are_named_by_path() {
        let before = json!({
            "name": "Old", "types": ["O", "D"],
            "location": {"latitude": 40.0, "city": "Philadelphia"},
            "contacts": [{"name": "Ann", "phone": "1"}, {"name": "Bob"}]
        });
        let after = json!({
            "name": "New", "types": ["O", "C"],
            "location": {"latitude": 40.5, "city": "Philadelphia"},
            "contacts": [{"name": "Ann", "phone": "2"}],
            "notes": "Added."
        });
        assert_eq!(
            fields(&diff(Some(&before), Some(&after))),
            vec![
                ("contacts[0].phone", json!("1"), json!("2")),
                ("contacts[1].name", json!("Bob"), Value::Null),
                ("location.latitude", json!(40.0), json!(40.5)),
                ("name", json!("Old"), json!("New")),
                ("notes", Value::Null, json!("Added.")),
                ("types", json!(["O", "D"]), json!(["O", "C"])),
            ]
        );
    }

    #[test]
    fn a_create_lists_every_leaf_and_equal_documents_nothing() {
        let doc = json!({"name": "A", "location": {"city": "X"}, "contacts": [{"email": "a@b.c"}], "types": []});
        assert_eq!(
            fields(&diff(None, Some(&doc))),
            vec![
                ("contacts[0].email", Value::Null, json!("a@b.c")),
                ("location.city", Value::Null, json!("X")),
                ("name", Value::Null, json!("A")),
                ("types", Value::Null, json!([])),
            ]
        );
        assert!(diff(Some(&doc), Some(&doc)).is_empty());
        assert!(diff(None, None).is_empty());
    }

    #[test]
    fn a_section_removed_lists_its_leaves_and_a_null_member_is_absent() {
        let before = json!({"online": {"conference_url": "https://x"}, "notes": null});
        let after = json!({"temporarily_closed": true});
        assert_eq!(
            fields(&diff(Some(&before), Some(&after))),
            vec![
                ("online.conference_url", json!("https://x"), Value::Null),
                ("temporarily_closed", Value::Null, json!(true)),
            ]
        );
    }

    #[test]
    fn a_value_changing_kind_is_one_field() {
        let before = json!({"location": "somewhere"});
        let after = json!({"location": {"city": "X"}});
        assert_eq!(
            fields(&diff(Some(&before), Some(&after))),
            vec![("location", json!("somewhere"), json!({"city": "X"}))]
        );
    }
}
