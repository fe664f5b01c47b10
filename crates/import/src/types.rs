//! Type codes and type names, as feeds write them, mapped to a program's vocabulary.

use std::collections::HashMap;

use recovery_domain::Vocabulary;

/// What one type token in a feed means for us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeMeaning {
    /// A code of the program's vocabulary.
    Code(String),
    /// "Online": not a type for us; the conference fields say how to join.
    Online,
    /// "Temporarily closed": the meeting's `temporarily_closed` flag, not a type.
    Closed,
}

/// Tokens that mean "online" in every program (the Meeting Guide `ONL` and TSML's name).
const ONLINE: [&str; 3] = ["onl", "online", "online meeting"];
/// Tokens that mean "temporarily closed" (`TC` and TSML's names).
const CLOSED: [&str; 4] = ["tc", "temporary closure", "location temporarily closed", "temporarily closed"];
/// TSML's own names for types whose vocabulary name differs.
const ALIASES: [(&str, &str); 3] = [("step meeting", "st"), ("wheelchair accessible", "x"), ("newcomers", "be")];

/// Looks type tokens up in one vocabulary: exact code, then case-insensitive code, then a name
/// in any of the vocabulary's languages, then TSML's aliases.
#[derive(Debug)]
pub(crate) struct TypeMap<'a> {
    vocabulary: &'a Vocabulary,
    folded: HashMap<String, TypeMeaning>,
}

impl<'a> TypeMap<'a> {
    /// The lookup table for `vocabulary`.
    pub(crate) fn new(vocabulary: &'a Vocabulary) -> TypeMap<'a> {
        let mut folded: HashMap<String, TypeMeaning> = HashMap::new();
        for token in ONLINE {
            folded.insert(token.to_string(), TypeMeaning::Online);
        }
        for token in CLOSED {
            folded.insert(token.to_string(), TypeMeaning::Closed);
        }
        for t in vocabulary.types() {
            folded.entry(t.code.to_lowercase()).or_insert_with(|| TypeMeaning::Code(t.code.clone()));
        }
        for t in vocabulary.types() {
            for name in t.names.values() {
                folded.entry(name.trim().to_lowercase()).or_insert_with(|| TypeMeaning::Code(t.code.clone()));
            }
        }
        for (alias, code) in ALIASES {
            if let Some(meaning) = folded.get(code).cloned() {
                folded.entry(alias.to_string()).or_insert(meaning);
            }
        }
        TypeMap { vocabulary, folded }
    }

    /// The vocabulary the tokens are mapped to.
    pub(crate) fn vocabulary(&self) -> &'a Vocabulary {
        self.vocabulary
    }

    /// What `token` means, or `None` when the vocabulary does not know it.
    pub(crate) fn meaning(&self, token: &str) -> Option<TypeMeaning> {
        let token = token.trim();
        let lower = token.to_lowercase();
        if let Some(special @ (TypeMeaning::Online | TypeMeaning::Closed)) = self.folded.get(&lower) {
            return Some(special.clone());
        }
        if self.vocabulary.get(token).is_some() {
            return Some(TypeMeaning::Code(token.to_string()));
        }
        self.folded.get(&lower).cloned()
    }
}

/// The types of one record, sorted and without repeats, and what the specials said.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Mapped {
    /// Vocabulary codes.
    pub codes: Vec<String>,
    /// True when a token said "online".
    pub online: bool,
    /// True when a token said "temporarily closed".
    pub closed: bool,
    /// Tokens the vocabulary does not know, as written (trimmed).
    pub unknown: Vec<String>,
}

impl TypeMap<'_> {
    /// Maps every token; empty tokens are skipped.
    pub(crate) fn map<'t>(&self, tokens: impl IntoIterator<Item = &'t str>) -> Mapped {
        let mut mapped = Mapped::default();
        for token in tokens.into_iter().map(str::trim).filter(|t| !t.is_empty()) {
            match self.meaning(token) {
                Some(TypeMeaning::Code(code)) => mapped.codes.push(code),
                Some(TypeMeaning::Online) => mapped.online = true,
                Some(TypeMeaning::Closed) => mapped.closed = true,
                None => mapped.unknown.push(token.chars().take(40).collect()),
            }
        }
        mapped.codes.sort();
        mapped.codes.dedup();
        mapped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use recovery_domain::Programs;

    fn vocab(program: &str) -> &'static Vocabulary {
        &Programs::builtin().get(program).unwrap().vocabulary
    }

    #[test]
    fn codes_names_and_aliases() {
        let map = TypeMap::new(vocab("aa"));
        let m = map.map(["O", "wheelchair access", "Step Meeting", "Online Meeting", "Temporary Closure", "Nope", "s"]);
        assert_eq!(m.codes, ["O", "S", "ST", "X"]);
        assert!(m.online && m.closed);
        assert_eq!(m.unknown, ["Nope"]);
        assert_eq!(map.meaning("Estudio de pasos"), Some(TypeMeaning::Code("ST".into())));
        assert_eq!(map.meaning("TC"), Some(TypeMeaning::Closed));
    }

    #[test]
    fn na_codes_keep_their_case() {
        let map = TypeMap::new(vocab("na"));
        assert_eq!(map.meaning("Pi"), Some(TypeMeaning::Code("Pi".into())));
        assert_eq!(map.meaning("Step"), Some(TypeMeaning::Code("St".into())));
        assert_eq!(map.meaning("Step Meeting"), Some(TypeMeaning::Code("St".into())));
    }
}
