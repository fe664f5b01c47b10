//! Meetings to send: a valid one to start from, and a merge helper for variants.

use serde_json::{Value, json};

/// Philadelphia City Hall, where the demo data are centred.
pub const PHILADELPHIA: (f64, f64) = (39.9526, -75.1652);

/// A valid, published, in-person AA meeting in Center City Philadelphia, Monday 19:00.
pub fn meeting(name: &str) -> Value {
    json!({
        "name": name,
        "day": 1,
        "time": "19:00",
        "end_time": "20:00",
        "types": ["O", "D"],
        "location": {
            "name": "St. Luke's Parish Hall",
            "address": "1500 Walnut St",
            "city": "Philadelphia",
            "state": "PA",
            "postal_code": "19102",
            "country": "US",
            "latitude": 39.9494,
            "longitude": -75.1664,
            "regions": ["Pennsylvania", "Philadelphia", "Center City"]
        }
    })
}

/// `base` with `patch` applied as a JSON merge patch (RFC 7396: `null` removes a member).
pub fn merged(base: &Value, patch: Value) -> Value {
    let mut out = base.clone();
    merge(&mut out, patch);
    out
}

fn merge(target: &mut Value, patch: Value) {
    match patch {
        Value::Object(fields) => {
            if !target.is_object() {
                *target = Value::Object(serde_json::Map::new());
            }
            let map = target.as_object_mut().expect("an object");
            for (key, value) in fields {
                if value.is_null() {
                    map.remove(&key);
                } else {
                    merge(map.entry(key).or_insert(Value::Null), value);
                }
            }
        }
        other => *target = other,
    }
}

/// A point `km` kilometres north of `from` (for distance ordering).
pub fn north_of(from: (f64, f64), km: f64) -> (f64, f64) {
    (from.0 + km / 111.195, from.1)
}
