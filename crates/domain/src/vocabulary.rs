//! Programs (fellowships) and their meeting-type vocabularies.
//!
//! Type codes are scoped by program: "C" is "Closed" for AA and "Closed" for NA, but "B" is
//! "Big Book" for AA and "Beginners" for NA. Each program names one vocabulary; the data are
//! our own copies of the published lists, compiled in (see `data/README.md`).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

/// One meeting type: its code and its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeDef {
    /// The code as written in feeds ("O", "ST").
    pub code: String,
    /// Names by ISO 639-1 language code; English is always present.
    pub names: BTreeMap<String, String>,
    /// A longer description, where the vocabulary has one.
    pub description: Option<String>,
    /// The NA world id (the NAWS format code, "BEG", "SPK"): what the format means on every
    /// BMLT server, whatever key that server gives it. `None` where the vocabulary has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub world_id: Option<String>,
}

impl TypeDef {
    /// The name in `lang`, falling back to English.
    pub fn name(&self, lang: &str) -> &str {
        self.names.get(lang).or_else(|| self.names.get("en")).map(String::as_str).unwrap_or(&self.code)
    }
}

/// A list of meeting types, in code order.
#[derive(Debug)]
pub struct Vocabulary {
    /// The vocabulary's id ("meeting-guide", "na").
    pub id: &'static str,
    /// Where it comes from, for people.
    pub source: &'static str,
    types: Vec<TypeDef>,
    by_code: HashMap<String, usize>,
    /// World id → code; see [`Vocabulary::by_world_id`].
    by_world_id: HashMap<String, String>,
}

/// The world id of formats that say "a language other than the server's": which language is
/// in the format's name, so the id alone does not name one of our types.
const LANGUAGE_WORLD_ID: &str = "LANG";

impl Vocabulary {
    fn new(id: &'static str, source: &'static str, mut types: Vec<TypeDef>) -> Vocabulary {
        // Built in the data's own order, before sorting: where several types share a world id,
        // the first listed stands for it (the root server lists "Tradition" before
        // "Traditions Workshop"), unless another's code is the world id itself ("QA").
        let mut by_world_id: HashMap<String, String> = HashMap::new();
        for t in &types {
            let Some(world) = t.world_id.as_deref().filter(|w| *w != LANGUAGE_WORLD_ID) else { continue };
            let taken = by_world_id.get(world).is_some_and(|code| code == world);
            if !taken && (t.code == world || !by_world_id.contains_key(world)) {
                by_world_id.insert(world.to_string(), t.code.clone());
            }
        }
        types.sort_by(|a, b| a.code.cmp(&b.code));
        let by_code = types.iter().enumerate().map(|(i, t)| (t.code.clone(), i)).collect();
        Vocabulary { id, source, types, by_code, by_world_id }
    }

    /// Every type, by code.
    pub fn types(&self) -> &[TypeDef] {
        &self.types
    }

    /// The type with exactly this code (codes are case-sensitive).
    pub fn get(&self, code: &str) -> Option<&TypeDef> {
        self.by_code.get(code).map(|&i| &self.types[i])
    }

    /// The type standing for an NA world id (case-insensitive), when the vocabulary has one:
    /// how a format of another BMLT server, under whatever key, maps to ours. `LANG` names no
    /// type (the language is in the format's name).
    pub fn by_world_id(&self, world_id: &str) -> Option<&TypeDef> {
        self.by_world_id.get(&world_id.trim().to_uppercase()).and_then(|code| self.get(code))
    }

    /// The languages the names come in.
    pub fn languages(&self) -> Vec<String> {
        let mut langs: Vec<String> = self.types.iter().flat_map(|t| t.names.keys().cloned()).collect();
        langs.sort();
        langs.dedup();
        langs
    }
}

/// A fellowship whose meetings the directory lists.
#[derive(Debug, Clone)]
pub struct Program {
    /// Lowercase id ("aa").
    pub id: &'static str,
    /// Full name ("Alcoholics Anonymous").
    pub name: &'static str,
    /// The type vocabulary its meetings use.
    pub vocabulary: Arc<Vocabulary>,
}

/// Every program the directory knows.
#[derive(Debug)]
pub struct Programs {
    programs: Vec<Program>,
}

impl Programs {
    /// The programs compiled into the binary.
    pub fn builtin() -> &'static Programs {
        static PROGRAMS: LazyLock<Programs> = LazyLock::new(Programs::load);
        &PROGRAMS
    }

    fn load() -> Programs {
        let meeting_guide = Arc::new(Vocabulary::new(
            "meeting-guide",
            "Meeting Guide type list (code4recovery/spec)",
            meeting_guide_types(include_str!("../data/meeting-guide-types.json")),
        ));
        let na = Arc::new(Vocabulary::new(
            "na",
            "NA meeting formats (BMLT GetFormats)",
            na_formats(include_str!("../data/na-formats.json")),
        ));
        Programs {
            programs: vec![
                Program { id: "aa", name: "Alcoholics Anonymous", vocabulary: meeting_guide.clone() },
                Program { id: "al-anon", name: "Al-Anon Family Groups", vocabulary: meeting_guide },
                Program { id: "na", name: "Narcotics Anonymous", vocabulary: na },
            ],
        }
    }

    /// The Meeting Guide code that means what `code` means in `program`'s vocabulary, if one
    /// does: the code itself for programs that use the Meeting Guide list, else the code of the
    /// same meaning (by a reviewed table, then by the same English name). `None` when the
    /// Meeting Guide list has no such meaning: a client must never read a code that means
    /// something else there (NA's `B` is Beginners, Meeting Guide's `B` is Big Book).
    pub fn meeting_guide_code(&self, program: &str, code: &str) -> Option<String> {
        let program = self.get(program)?;
        let meeting_guide = self.programs.iter().map(|p| &p.vocabulary).find(|v| v.id == "meeting-guide")?;
        let known = |c: &str| meeting_guide.get(c).map(|t| t.code.clone());
        if program.vocabulary.id == meeting_guide.id {
            return known(code);
        }
        let reviewed =
            SAME_MEANING.iter().find(|(vocabulary, from, _)| *vocabulary == program.vocabulary.id && *from == code);
        if let Some((_, _, to)) = reviewed {
            return known(to);
        }
        let name = program.vocabulary.get(code)?.name("en").to_lowercase();
        meeting_guide.types().iter().find(|t| t.name("en").to_lowercase() == name).map(|t| t.code.clone())
    }

    /// Every program, in a fixed order.
    pub fn all(&self) -> &[Program] {
        &self.programs
    }

    /// The program with this id.
    pub fn get(&self, id: &str) -> Option<&Program> {
        self.programs.iter().find(|p| p.id == id)
    }
}

fn meeting_guide_types(json: &str) -> Vec<TypeDef> {
    let parsed: BTreeMap<String, BTreeMap<String, String>> = serde_json::from_str(json).unwrap_or_default();
    parsed.into_iter().map(|(code, names)| TypeDef { code, names, description: None, world_id: None }).collect()
}

fn na_formats(json: &str) -> Vec<TypeDef> {
    #[derive(Deserialize)]
    struct Format {
        code: String,
        name: String,
        description: String,
        world_id: String,
    }
    let parsed: Vec<Format> = serde_json::from_str(json).unwrap_or_default();
    parsed
        .into_iter()
        .map(|f| TypeDef {
            code: f.code,
            names: BTreeMap::from([("en".to_string(), f.name)]),
            description: Some(f.description).filter(|d| !d.is_empty()),
            world_id: Some(f.world_id.trim().to_uppercase()).filter(|w| !w.is_empty()),
        })
        .collect()
}

/// Codes of another vocabulary that mean what a Meeting Guide code means under another name:
/// (vocabulary, its code, the Meeting Guide code). Reviewed by hand against both lists' texts.
const SAME_MEANING: &[(&str, &str, &str)] = &[
    ("na", "B", "BE"),   // Beginners: the newcomer meeting
    ("na", "WC", "X"),   // Wheelchair: wheelchair access
    ("na", "SL", "ASL"), // ASL: American Sign Language
    ("na", "ES", "S"),   // Español: Spanish
    ("na", "St", "ST"),  // Step: step study
    ("na", "Tr", "TR"),  // Tradition: tradition study
    ("na", "TW", "TR"),  // Traditions workshop: tradition study
    ("na", "So", "SP"),  // Speaker only: speaker
    ("na", "BK", "LIT"), // Book study: literature
    ("na", "GL", "LGBTQ"),
    ("na", "CW", "CF"), // Children welcome: child-friendly
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_guide_has_87_codes_in_9_languages() {
        let aa = Programs::builtin().get("aa").unwrap();
        assert_eq!(aa.vocabulary.types().len(), 87);
        assert_eq!(aa.vocabulary.languages(), ["en", "es", "fr", "ja", "nl", "pt", "sk", "sv", "th"]);
        assert_eq!(aa.vocabulary.get("ST").unwrap().name("es"), "Estudio de pasos");
        assert_eq!(aa.vocabulary.get("ST").unwrap().name("xx"), "Step Study");
    }

    #[test]
    fn codes_are_scoped_by_program() {
        let programs = Programs::builtin();
        let aa = &programs.get("aa").unwrap().vocabulary;
        let na = &programs.get("na").unwrap().vocabulary;
        assert_eq!(aa.get("B").unwrap().name("en"), "Big Book");
        assert_eq!(na.get("B").unwrap().name("en"), "Beginners");
        assert_eq!(na.types().len(), 44);
        assert!(na.get("Pi").is_some() && na.get("PI").is_none(), "NA codes are case-sensitive");
    }

    #[test]
    fn meeting_guide_codes_keep_their_meaning() {
        let programs = Programs::builtin();
        assert_eq!(programs.meeting_guide_code("aa", "B").as_deref(), Some("B"));
        assert_eq!(programs.meeting_guide_code("na", "B").as_deref(), Some("BE"), "NA Beginners is not Big Book");
        assert_eq!(programs.meeting_guide_code("na", "SL").as_deref(), Some("ASL"), "nor is ASL Slovenian");
        assert_eq!(programs.meeting_guide_code("na", "O").as_deref(), Some("O"));
        assert_eq!(programs.meeting_guide_code("na", "CL").as_deref(), Some("CAN"), "by the same name");
        assert_eq!(programs.meeting_guide_code("na", "BT"), None, "Basic Text has no Meeting Guide code");
        assert_eq!(programs.meeting_guide_code("na", "nope"), None);
    }

    #[test]
    fn world_ids_name_one_na_type_each() {
        let na = &Programs::builtin().get("na").unwrap().vocabulary;
        let code = |world: &str| na.by_world_id(world).map(|t| t.code.as_str());
        assert_eq!(code("BEG"), Some("B"));
        assert_eq!(code("wchr"), Some("WC"), "case-insensitive");
        assert_eq!(code("SPK"), Some("SD"), "first listed of Speaker/Discussion and Speaker Only");
        assert_eq!(code("TRAD"), Some("Tr"), "first listed, not first by code (TW)");
        assert_eq!(code("QA"), Some("QA"), "the code that is the world id, over Ask-It-Basket");
        assert_eq!(code("LANG"), None, "which language is in the name");
        assert_eq!(code(""), None);
        assert_eq!(code("VM"), None, "not in this vocabulary");
        let aa = &Programs::builtin().get("aa").unwrap().vocabulary;
        assert_eq!(aa.by_world_id("BEG").map(|t| t.code.as_str()), None, "Meeting Guide types have no world id");
    }
}
