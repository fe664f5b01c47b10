//! Reading one HSDS object into one of our records: the fields we model are kept (each one
//! that cannot be read is dropped with a warning), the ones we do not are listed as dropped.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::Report;

/// `prefix.name`, or `name` at the top.
pub fn at(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") }
}

/// Keeps the `keep` members of `obj` that read as `T` (tried one at a time on top of `base`,
/// which holds placeholders for `T`'s required fields); `silent` members are ignored; any other
/// member is reported dropped. `extra` (already converted nested records) is added as is.
pub fn sift<T: DeserializeOwned>(
    obj: &Map<String, Value>,
    keep: &[&str],
    silent: &[&str],
    base: Value,
    extra: Map<String, Value>,
    path: &str,
    report: &mut Report,
) -> Option<T> {
    let mut kept = Map::new();
    for (key, value) in obj {
        if value.is_null() || extra.contains_key(key) || silent.contains(&key.as_str()) {
            continue;
        }
        if !keep.contains(&key.as_str()) {
            report.dropped.push(at(path, key));
            continue;
        }
        let mut trial = base.as_object().cloned().unwrap_or_default();
        trial.insert(key.clone(), value.clone());
        match serde_json::from_value::<T>(Value::Object(trial)) {
            Ok(_) => {
                kept.insert(key.clone(), value.clone());
            }
            Err(e) => report.warn(at(path, key), format!("dropped: {e}")),
        }
    }
    kept.extend(extra);
    match serde_json::from_value::<T>(Value::Object(kept)) {
        Ok(record) => Some(record),
        Err(e) => {
            report.error(path_or_body(path), e.to_string());
            None
        }
    }
}

/// `path`, or `body` for the top of the input.
pub fn path_or_body(path: &str) -> String {
    if path.is_empty() { "body".to_string() } else { path.to_string() }
}

/// Runs `validate` on `record`; each failing field that may be absent is dropped with a
/// warning and validation runs again, so one bad optional value does not reject the rest.
/// Failures that remain are reported as errors under `path`.
pub fn validated<T, F>(mut record: T, path: &str, report: &mut Report, mut validate: F) -> Option<T>
where
    T: Serialize + DeserializeOwned,
    F: FnMut(&mut T) -> Result<(), recovery_domain::ValidationErrors>,
{
    for _ in 0..20 {
        let errors = match validate(&mut record) {
            Ok(()) => return Some(record),
            Err(e) => e.0,
        };
        let mut value = serde_json::to_value(&record).ok()?;
        let mut dropped_any = false;
        for error in &errors {
            if let Some(removed) = remove_at(&mut value, &error.field) {
                if serde_json::from_value::<T>(value.clone()).is_ok() {
                    report.warn(at(path, &error.field), format!("dropped ({}): {removed}", error.message));
                    dropped_any = true;
                    continue;
                }
                // Required: put it back and report it.
                insert_at(&mut value, &error.field, removed);
            }
            report.error(at(path, &error.field), error.message.clone());
            return None;
        }
        if !dropped_any {
            return None;
        }
        record = serde_json::from_value(value).ok()?;
    }
    None
}

/// The JSON pointer of a field path (`phones[0].number` → `/phones/0/number`).
fn pointer(field: &str) -> String {
    field.split('.').flat_map(|part| part.split('[')).map(|p| format!("/{}", p.trim_end_matches(']'))).collect()
}

fn remove_at(value: &mut Value, field: &str) -> Option<Value> {
    let ptr = pointer(field);
    let (parent, last) = ptr.rsplit_once('/')?;
    match value.pointer_mut(parent)? {
        Value::Object(map) => map.remove(last),
        _ => None,
    }
}

fn insert_at(value: &mut Value, field: &str, removed: Value) {
    let ptr = pointer(field);
    if let Some((parent, last)) = ptr.rsplit_once('/') {
        if let Some(Value::Object(map)) = value.pointer_mut(parent) {
            map.insert(last.to_string(), removed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_become_pointers() {
        assert_eq!(pointer("phones[0].number"), "/phones/0/number");
        assert_eq!(pointer("latitude"), "/latitude");
    }
}
