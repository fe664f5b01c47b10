//! A fingerprint of a record's content, so a sync can tell "unchanged" without a diff.

use recovery_domain::MeetingInput;
use sha2::{Digest, Sha256};

/// The SHA-256 (lowercase hex) of the input's canonical JSON: fields in declaration order,
/// absent fields left out, type codes sorted. Equal inputs always hash equal, across runs and
/// machines; any change to what would be stored changes the hash.
pub fn content_hash(input: &MeetingInput) -> String {
    let mut canonical = input.clone();
    if let Some(types) = canonical.types.as_mut() {
        types.sort();
        types.dedup();
    }
    // Serializing plain strings, numbers and options cannot fail; an empty document would
    // still hash deterministically.
    let json = serde_json::to_vec(&canonical).unwrap_or_default();
    Sha256::digest(&json).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_content_equal_hash_and_any_change_shows() {
        let a =
            MeetingInput { name: Some("Noon".into()), types: Some(vec!["O".into(), "D".into()]), ..Default::default() };
        let mut b = a.clone();
        b.types = Some(vec!["D".into(), "O".into()]);
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_eq!(content_hash(&a).len(), 64);
        b.notes = Some("x".into());
        assert_ne!(content_hash(&a), content_hash(&b));
    }
}
