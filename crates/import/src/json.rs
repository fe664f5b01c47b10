//! Reading JSON documents and records whose values come in whatever type the publisher chose
//! (`"latitude": "40.1"` or `40.1`, `"approximate": "yes"` or `true`).

use serde_json::{Map, Value};

use crate::FormatError;
use crate::text::{looks_like_html, trim_start};

/// The JSON document in `bytes`, or why it is not one.
pub(crate) fn document(bytes: &[u8], format: &'static str) -> Result<Value, FormatError> {
    let body = trim_start(bytes);
    if body.is_empty() {
        return Err(FormatError::Empty { format });
    }
    if looks_like_html(body) || body.first() == Some(&b'<') {
        return Err(FormatError::Html { format });
    }
    serde_json::from_slice(body).map_err(|e| FormatError::Json { format, message: e.to_string() })
}

/// A JSON type's name, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One record's fields, collecting a warning for each value of an unusable type.
pub(crate) struct Record<'a> {
    map: &'a Map<String, Value>,
    /// Messages about values that could not be read.
    pub warnings: Vec<String>,
}

impl<'a> Record<'a> {
    /// Reads `map`.
    pub(crate) fn new(map: &'a Map<String, Value>) -> Record<'a> {
        Record { map, warnings: Vec::new() }
    }

    /// The raw value of `key`; `null` counts as absent.
    pub(crate) fn value(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A string or number as text; empty text counts as absent.
    pub(crate) fn text(&mut self, key: &str) -> Option<String> {
        match self.value(key)? {
            Value::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
            Value::Number(n) => Some(n.to_string()),
            other => {
                self.warnings.push(format!("{key} ignored: expected text, found {}", kind(other)));
                None
            }
        }
    }

    /// A number, written as a number or as text.
    pub(crate) fn number(&mut self, key: &str) -> Option<f64> {
        let value = self.value(key)?;
        let number = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) if s.trim().is_empty() => return None,
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        if number.is_none() {
            let shown: String = value.to_string().chars().take(40).collect();
            self.warnings.push(format!("{key} ignored: {shown} is not a number"));
        }
        number
    }

    /// A yes/no value: `true`/`false`, "yes"/"no", "true"/"false", "1"/"0".
    pub(crate) fn flag(&mut self, key: &str) -> Option<bool> {
        let value = self.value(key)?;
        let flag = match value {
            Value::Bool(b) => Some(*b),
            Value::Number(n) => n.as_i64().map(|n| n != 0),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" | "y" => Some(true),
                "no" | "false" | "0" | "n" | "" => Some(false),
                _ => None,
            },
            _ => None,
        };
        if flag.is_none() {
            let shown: String = value.to_string().chars().take(40).collect();
            self.warnings.push(format!("{key} ignored: {shown} is not yes or no"));
        }
        flag
    }

    /// A list of texts: a JSON array of strings/numbers, or one text split on commas.
    pub(crate) fn list(&mut self, key: &str) -> Vec<String> {
        match self.value(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
            Some(Value::String(s)) => s.split(',').map(str::to_string).collect(),
            Some(other) => {
                self.warnings.push(format!("{key} ignored: expected a list, found {}", kind(other)));
                Vec::new()
            }
        }
    }
}

/// Coordinates from a latitude and a longitude, where "0, 0" means "unknown" (it is in the
/// ocean off Africa, and what many tools write for an address they could not place).
pub(crate) fn coordinates(latitude: Option<f64>, longitude: Option<f64>) -> (Option<f64>, Option<f64>) {
    match (latitude, longitude) {
        (Some(lat), Some(lng)) if lat == 0.0 && lng == 0.0 => (None, None),
        other => other,
    }
}
