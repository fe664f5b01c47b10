//! Paging cursors, for every list that has them (the API's and the resident's pages): opaque
//! URL-safe text (unpadded base64url) around a token that says where the last page ended.
//! Clients only store and return them.
//!
//! A token is JSON of the route's own shape. A cursor over a query also carries the query's
//! [`fingerprint`] ([`encode_bound`]), so that it is refused with any other query instead of
//! skipping or repeating items there. The change log's positions are the one exception,
//! `seq:<n>` ([`encode_position`]): they are older than the JSON form, and a client keeping a copy
//! in sync holds one for as long as it polls, so they keep their form.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The cursor text of `token`.
pub fn encode<T: Serialize>(token: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(token).unwrap_or_default())
}

/// Reads a cursor made by [`encode`], sent as parameter `param`; anything else is a 400 naming it.
pub fn decode<T: DeserializeOwned>(param: &str, raw: &str) -> Result<T, ApiError> {
    unwrap(raw).and_then(|bytes| serde_json::from_slice(&bytes).ok()).ok_or_else(|| not_a_cursor(param))
}

/// A short hash of `key`, which lists everything that decides a query's matches and their order.
pub fn fingerprint(key: &str) -> String {
    hex::encode(&Sha256::digest(key.as_bytes())[..8])
}

/// A token and the fingerprint of the query it pages (`f`, after the token's own fields).
#[derive(Debug, Serialize, Deserialize)]
struct Bound<T> {
    #[serde(flatten)]
    token: T,
    f: String,
}

/// The cursor text of `token`, good only for the query whose fingerprint is `fingerprint`.
pub fn encode_bound<T: Serialize>(token: &T, fingerprint: &str) -> String {
    encode(&Bound { token, f: fingerprint.to_string() })
}

/// Reads a cursor made by [`encode_bound`] for the query whose fingerprint is `fingerprint`: a
/// 400 naming `param` for anything else, or for another query's cursor.
pub fn decode_bound<T: DeserializeOwned>(param: &str, raw: &str, fingerprint: &str) -> Result<T, ApiError> {
    let bound: Bound<T> = decode(param, raw)?;
    if bound.f != fingerprint {
        return Err(ApiError::bad_field(param, "this cursor belongs to another query"));
    }
    Ok(bound.token)
}

/// The cursor of change-log position `seq`.
pub fn encode_position(seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("seq:{seq}"))
}

/// The change-log position in a cursor made by [`encode_position`], or a 400 naming `param`.
pub fn decode_position(param: &str, raw: &str) -> Result<i64, ApiError> {
    unwrap(raw)
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("seq:")?.parse::<i64>().ok())
        .filter(|seq| *seq >= 0)
        .ok_or_else(|| not_a_cursor(param))
}

fn unwrap(raw: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(raw).ok()
}

fn not_a_cursor(param: &str) -> ApiError {
    ApiError::bad_field(param, "not a cursor returned by this API")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let token = serde_json::json!({"after": 42, "at": "x"});
        assert_eq!(decode::<serde_json::Value>("cursor", &encode(&token)).unwrap(), token);
        for junk in ["", "!!!", "e30", &URL_SAFE_NO_PAD.encode("not json")] {
            assert!(decode::<Vec<u8>>("cursor", junk).is_err(), "{junk}");
        }
    }

    #[test]
    fn bound_cursors_keep_the_form_of_tokens_with_their_own_fingerprint() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Token {
            c: Option<u32>,
            at: i64,
        }
        #[derive(Serialize)]
        struct Before {
            c: Option<u32>,
            at: i64,
            f: String,
        }
        let f = fingerprint("query");
        let cursor = encode_bound(&Token { c: Some(7), at: -1 }, &f);
        assert_eq!(cursor, encode(&Before { c: Some(7), at: -1, f: f.clone() }));
        assert_eq!(decode_bound::<Token>("cursor", &cursor, &f).unwrap(), Token { c: Some(7), at: -1 });
        assert!(decode_bound::<Token>("cursor", &cursor, &fingerprint("another")).is_err());
        assert!(decode_bound::<Token>("cursor", &encode(&Token { c: None, at: 0 }), &f).is_err());
        assert_eq!(f.len(), 16);
    }

    #[test]
    fn the_searches_positions_come_back_bit_for_bit() {
        use recovery_domain::MeetingId;
        use recovery_domain::index::Cursor;
        use recovery_domain::nearby::NearbyCursor;
        #[derive(Debug, Serialize, Deserialize)]
        struct Token {
            c: NearbyCursor,
            at: Option<i64>,
        }
        let id = MeetingId(uuid::Uuid::from_u128(7));
        for c in [
            NearbyCursor::Meetings(Cursor::Distance { km: 0.1 + 0.2, id }),
            NearbyCursor::Meetings(Cursor::Start { at: -5, id }),
            NearbyCursor::Services(None),
        ] {
            let cursor = encode_bound(&Token { c: c.clone(), at: None }, "f");
            let back = decode_bound::<Token>("cursor", &cursor, "f").unwrap();
            assert_eq!((back.c, back.at), (c, None));
        }
    }

    #[test]
    fn positions_round_trip_and_junk_is_refused() {
        for seq in [0, 1, 42, i64::MAX] {
            assert_eq!(decode_position("since", &encode_position(seq)).unwrap(), seq);
        }
        for junk in [
            "",
            "42",
            "!!!",
            &URL_SAFE_NO_PAD.encode("seq:-1"),
            &URL_SAFE_NO_PAD.encode("seq:x"),
            &URL_SAFE_NO_PAD.encode("pos:1"),
        ] {
            assert!(decode_position("since", junk).is_err(), "{junk}");
        }
    }
}
