//! A BMLT server's formats and what each format key on a meeting means here.
//!
//! Keys are the server's own: one server's "B" is "Beginners", another's may be "Bi-Lingual".
//! What a format means across servers is its world id (the NAWS format code), so a format the
//! server describes is mapped by its world id first (its name picking among types that share
//! one), then by its name, and only a key the server does not describe is looked up as a code
//! of the vocabulary. A described format with no type here is not dropped: its name goes into
//! the meeting's notes, as BMLT's own NAWS export keeps such formats' names beside the meeting.

use std::collections::HashMap;

use serde_json::Value;

use crate::types::{TypeMap, TypeMeaning};

/// World ids (and keys, for servers that describe no formats) that say how to attend, not
/// what the meeting is.
const ONLINE: [&str; 5] = ["VM", "HY", "ONL", "HYBR", "VIRTUAL"];
/// The world id (and key) of "temporarily closed".
const CLOSED: &str = "TC";

/// One entry of a server's format list.
#[derive(Debug, Clone)]
struct Format {
    name: String,
    world_id: String,
}

/// What one format key of a meeting says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FormatMeaning {
    /// A token for the type map: a code of the vocabulary, `ONL`, `TC`, or (for a key the
    /// server does not describe) the key itself, which the map reports when unknown.
    Token(String),
    /// A format the server describes that has no type here: its name, kept in the notes.
    Unmapped(String),
}

/// A server's formats by key, from its `GetFormats` answer and the formats its search answer
/// embeds (`get_used_formats`).
#[derive(Debug, Default)]
pub(super) struct Formats {
    by_key: HashMap<String, Format>,
}

impl Formats {
    /// Adds the entries of a format list; a later entry for a key replaces an earlier one.
    pub(super) fn extend(&mut self, items: &[Value]) {
        for f in items.iter().filter_map(Value::as_object) {
            let text = |k: &str| f.get(k).and_then(Value::as_str).map(str::trim).unwrap_or_default().to_string();
            let key = text("key_string");
            if !key.is_empty() {
                self.by_key
                    .insert(key, Format { name: text("name_string"), world_id: text("world_id").to_uppercase() });
            }
        }
    }

    /// What `key` means in the vocabulary of `types`.
    pub(super) fn meaning(&self, key: &str, types: &TypeMap<'_>) -> FormatMeaning {
        let token = |t: &str| FormatMeaning::Token(t.to_string());
        let Some(format) = self.by_key.get(key) else {
            // The type map knows `TC` and `ONL` itself, not BMLT's other online keys.
            return token(if ONLINE.contains(&key.to_uppercase().as_str()) { "ONL" } else { key });
        };
        let world = format.world_id.as_str();
        if ONLINE.contains(&world) || ONLINE.contains(&key.to_uppercase().as_str()) {
            return token("ONL");
        }
        if world == CLOSED || key == CLOSED {
            return token(CLOSED);
        }
        let by_name = match types.meaning(&format.name) {
            Some(TypeMeaning::Code(code)) => Some(code),
            Some(TypeMeaning::Online) => return token("ONL"),
            Some(TypeMeaning::Closed) => return token(CLOSED),
            None => None,
        };
        let vocabulary = types.vocabulary();
        if let Some(t) = vocabulary.by_world_id(world) {
            // Several types can share a world id (Speaker/Discussion and Speaker Only are both
            // SPK): the server's name picks among them.
            let same_world = |code: &String| vocabulary.get(code).and_then(|n| n.world_id.as_deref()) == Some(world);
            return token(by_name.filter(same_world).as_deref().unwrap_or(&t.code));
        }
        match by_name {
            Some(code) => token(&code),
            None => FormatMeaning::Unmapped(if format.name.is_empty() { key.to_string() } else { format.name.clone() }),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use recovery_domain::Programs;
    use serde_json::json;

    use super::*;

    #[test]
    fn world_ids_then_names_then_keys() {
        let vocabulary = &Programs::builtin().get("na").unwrap().vocabulary;
        let types = TypeMap::new(vocabulary);
        let mut formats = Formats::default();
        formats.extend(
            json!([
                { "key_string": "B", "name_string": "Bi-Lingual", "world_id": "" },
                { "key_string": "NEW", "name_string": "Newcomer", "world_id": "beg" },
                { "key_string": "Ca", "name_string": "Candlelight", "world_id": "" },
                { "key_string": "GP", "name_string": "Guiding Principles", "world_id": "GP" },
                { "key_string": "FR", "name_string": "Français", "world_id": "LANG" },
                { "key_string": "V", "name_string": "Virtual", "world_id": "VM" },
                { "key_string": "So", "name_string": "Speaker Only", "world_id": "SPK" },
                { "key_string": "SP", "name_string": "Speaker", "world_id": "SPK" },
                { "key_string": "BB", "name_string": "Beginners", "world_id": "BT" },
                { "key_string": "X", "name_string": "", "world_id": "" }
            ])
            .as_array()
            .unwrap(),
        );
        let meaning = |key: &str| formats.meaning(key, &types);
        let token = |t: &str| FormatMeaning::Token(t.into());
        let unmapped = |n: &str| FormatMeaning::Unmapped(n.into());
        assert_eq!(meaning("NEW"), token("B"), "world id BEG is our Beginners");
        assert_eq!(meaning("B"), token("BL"), "this server's B is Bi-Lingual, by name");
        assert_eq!(meaning("Ca"), token("CL"), "by name");
        assert_eq!(meaning("GP"), unmapped("Guiding Principles"));
        assert_eq!(meaning("FR"), unmapped("Français"), "LANG does not say which language");
        assert_eq!(meaning("V"), token("ONL"));
        assert_eq!(meaning("So"), token("So"), "the name picks among the types of SPK");
        assert_eq!(meaning("SP"), token("SD"), "SPK's first type");
        assert_eq!(meaning("BB"), token("BT"), "the world id over a name of another meaning");
        assert_eq!(meaning("X"), unmapped("X"), "a described format without a name keeps its key");
        assert_eq!(meaning("O"), token("O"), "not described: the key as a code");
        assert_eq!(meaning("ZZ"), token("ZZ"), "not described: the type map reports it");
        assert_eq!(meaning("TC"), token("TC"));
        assert_eq!(meaning("hy"), token("ONL"));
    }
}
