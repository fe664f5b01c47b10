//! A BMLT server's `GetServerInfo` answer: which server software answered.
//!
//! The answer is an array holding one object of strings (`version`, `versionInt`, `langs`,
//! `nativeLang`, the map center, …). It names no time zone: a meeting's zone is its own
//! `time_zone`, which BMLT 4 requires on every meeting, or else the source's default zone.

use serde_json::Value;

use crate::FormatError;
use crate::json::{document, kind};

const SERVER_INFO: &str = "BMLT GetServerInfo";

/// What a server says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerInfo {
    /// Its version ("3.0.0"), when it says.
    pub version: Option<String>,
}

/// Reads a `GetServerInfo` answer (an array of one object, or the object itself).
pub fn server_info(bytes: &[u8]) -> Result<ServerInfo, FormatError> {
    let value = document(bytes, SERVER_INFO)?;
    let info = match &value {
        Value::Array(items) => items.first().and_then(Value::as_object),
        Value::Object(map) => Some(map),
        _ => None,
    };
    let Some(info) = info else {
        let message = format!("expected an array holding one object, found {}", kind(&value));
        return Err(FormatError::Shape { format: SERVER_INFO, message });
    };
    let version = info.get("version").and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    Ok(ServerInfo { version: version.map(str::to_string) })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_version() {
        let info = server_info(br#"[{"version": "3.0.0", "versionInt": "3000000", "nativeLang": "en"}]"#).unwrap();
        assert_eq!(info.version.as_deref(), Some("3.0.0"));
        assert_eq!(server_info(br#"{"version": " "}"#).unwrap(), ServerInfo::default());
        assert!(matches!(server_info(b"[]"), Err(FormatError::Shape { .. })));
        assert!(matches!(server_info(b"<html>"), Err(FormatError::Html { .. })));
    }
}
