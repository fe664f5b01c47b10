//! Paging cursors as clients see them: opaque URL-safe text around a JSON token of the
//! route's own shape (where the last page ended, and whatever the route needs to keep the walk
//! stable). Clients only store and return them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The cursor text of `token`.
pub fn encode<T: Serialize>(token: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(token).unwrap_or_default())
}

/// Reads a cursor made by [`encode`]; anything else is a 400 naming `cursor`.
pub fn decode<T: DeserializeOwned>(raw: &str) -> Result<T, ApiError> {
    URL_SAFE_NO_PAD
        .decode(raw)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| ApiError::bad_field("cursor", "not a cursor returned by this API"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let token = serde_json::json!({"after": 42, "at": "x"});
        assert_eq!(decode::<serde_json::Value>(&encode(&token)).unwrap(), token);
        for junk in ["", "!!!", "e30", &URL_SAFE_NO_PAD.encode("not json")] {
            assert!(decode::<Vec<u8>>(junk).is_err(), "{junk}");
        }
    }
}
