//! Opaque cursors over the change log: a position (`seq`) clients pass back unread.
//!
//! The encoding is ours to change; clients must only store and return it. Today it is the
//! base64url of `seq:<n>`.

use base64::Engine;

use crate::error::ApiError;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The cursor of log position `seq`.
pub fn encode(seq: i64) -> String {
    B64.encode(format!("seq:{seq}"))
}

/// The log position in a cursor, or a 400 naming `param`.
pub fn decode(param: &str, raw: &str) -> Result<i64, ApiError> {
    B64.decode(raw)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("seq:")?.parse::<i64>().ok())
        .filter(|seq| *seq >= 0)
        .ok_or_else(|| ApiError::bad_field(param, "not a cursor returned by this API"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        for seq in [0, 1, 42, i64::MAX] {
            assert_eq!(decode("since", &encode(seq)).unwrap(), seq);
        }
        for junk in ["", "42", "!!!", &B64.encode("seq:-1"), &B64.encode("seq:x"), &B64.encode("pos:1")] {
            assert!(decode("since", junk).is_err(), "{junk}");
        }
    }
}
