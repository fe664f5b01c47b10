//! A resident's language (an ISO 639 code, as services carry) as meetings say it: meetings have
//! no language field, only type codes, and the type vocabularies differ by program.
//!
//! | ISO 639 | language | AA, Al-Anon (Meeting Guide) | NA (BMLT formats) |
//! |---|---|---|---|
//! | `af` | Afrikaans | `AF` | |
//! | `am` | Amharic | `AM` | |
//! | `ar` | Arabic | `AR` | |
//! | `ase` (639-3; no 639-1 code) | American Sign Language | `ASL` | `SL` |
//! | `bg` | Bulgarian | `BG` | |
//! | `da` | Danish | `DA` | |
//! | `de` | German | `DE` | |
//! | `el` | Greek | `EL` | |
//! | `en` | English | `EN` | |
//! | `es` | Spanish | `S` | `ES` |
//! | `fa` | Persian | `FA` | |
//! | `fi` | Finnish | `FI` | |
//! | `fr` | French | `FR` (not `FF`, which is "Fragrance Free") | |
//! | `he` | Hebrew | `HE` | |
//! | `hi` | Hindi | `HI` | |
//! | `hr` | Croatian | `HR` | |
//! | `hu` | Hungarian | `HU` | |
//! | `is` | Icelandic | `IS` | |
//! | `it` | Italian | `ITA` | |
//! | `ja` | Japanese | `JA` | |
//! | `ka` | Georgian | `KA` | |
//! | `ko` | Korean | `KOR` | |
//! | `lt` | Lithuanian | `LT` | |
//! | `ml` | Malayalam | `ML` | |
//! | `mt` | Maltese | `MT` | |
//! | `ne` | Nepali | `NE` | |
//! | `nl` | Dutch | `NL` | |
//! | `no`, `nb`, `nn` | Norwegian | `NO` | |
//! | `pa` | Punjabi | `PUN` | |
//! | `pl` | Polish | `POL` | |
//! | `pt` | Portuguese | `POR` | |
//! | `ru` | Russian | `RUS` | |
//! | `sk` | Slovak | `SK` | |
//! | `sl` | Slovenian | `SL` | |
//! | `sv` | Swedish | `SV` | |
//! | `th` | Thai | `TH` | |
//! | `tl`, `fil` | Tagalog | `TL` | |
//! | `tr` | Turkish | `TUR` | |
//! | `uk` | Ukrainian | `UK` | |
//!
//! A meeting matches a language when it carries that language's code in its own program's
//! vocabulary. Most meetings held in the local majority language carry no language code, so
//! asking for it finds only those that say so. A language with no code finds no meetings.

/// ISO 639 code → Meeting Guide type code (the vocabulary of AA and Al-Anon).
const MEETING_GUIDE: [(&str, &str); 42] = [
    ("af", "AF"),
    ("am", "AM"),
    ("ar", "AR"),
    ("ase", "ASL"),
    ("bg", "BG"),
    ("da", "DA"),
    ("de", "DE"),
    ("el", "EL"),
    ("en", "EN"),
    ("es", "S"),
    ("fa", "FA"),
    ("fi", "FI"),
    ("fr", "FR"),
    ("he", "HE"),
    ("hi", "HI"),
    ("hr", "HR"),
    ("hu", "HU"),
    ("is", "IS"),
    ("it", "ITA"),
    ("ja", "JA"),
    ("ka", "KA"),
    ("ko", "KOR"),
    ("lt", "LT"),
    ("ml", "ML"),
    ("mt", "MT"),
    ("ne", "NE"),
    ("nl", "NL"),
    ("no", "NO"),
    ("nb", "NO"),
    ("nn", "NO"),
    ("pa", "PUN"),
    ("pl", "POL"),
    ("pt", "POR"),
    ("ru", "RUS"),
    ("sk", "SK"),
    ("sl", "SL"),
    ("sv", "SV"),
    ("th", "TH"),
    ("tl", "TL"),
    ("fil", "TL"),
    ("tr", "TUR"),
    ("uk", "UK"),
];

/// ISO 639 code → NA format code.
const NA_FORMATS: [(&str, &str); 2] = [("es", "ES"), ("ase", "SL")];

/// The programs whose meetings are typed in the Meeting Guide vocabulary.
const MEETING_GUIDE_PROGRAMS: [&str; 2] = ["aa", "al-anon"];

/// The `(program, type code)` pairs that say a meeting is held in `language` (an ISO 639 code,
/// case-insensitive); empty when no program has a code for it.
pub(crate) fn meeting_codes(language: &str) -> Vec<(&'static str, &'static str)> {
    let language = language.trim().to_ascii_lowercase();
    let find = |table: &[(&str, &'static str)]| table.iter().find(|(iso, _)| *iso == language).map(|(_, code)| *code);
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    if let Some(code) = find(&MEETING_GUIDE) {
        out.extend(MEETING_GUIDE_PROGRAMS.iter().map(|&program| (program, code)));
    }
    if let Some(code) = find(&NA_FORMATS) {
        out.push(("na", code));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::Programs;

    /// Each mapped code names the language in its program's vocabulary.
    #[test]
    fn every_code_names_its_language_in_its_vocabulary() {
        let programs = Programs::builtin();
        let says = |program: &str, code: &str| {
            let vocabulary = &programs.get(program).unwrap().vocabulary;
            let def = vocabulary.get(code).unwrap_or_else(|| panic!("{program} has no type {code}"));
            format!("{} {}", def.name("en"), def.description.clone().unwrap_or_default())
        };
        let cases = [
            ("es", "Spanish"),
            ("fr", "French"),
            ("it", "Italian"),
            ("ko", "Korean"),
            ("pa", "Punjabi"),
            ("ase", "American Sign Language"),
            ("nb", "Norwegian"),
            ("tr", "Turkish"),
            ("sl", "Slovenian"),
        ];
        for (iso, language) in cases {
            for (program, code) in meeting_codes(iso) {
                assert!(says(program, code).contains(language), "{iso}: {program} {code}");
            }
        }
        for (iso, code) in MEETING_GUIDE.iter().chain(&NA_FORMATS) {
            assert!(!meeting_codes(iso).is_empty());
            assert!(programs.all().iter().any(|p| p.vocabulary.get(code).is_some()), "{iso} → {code}");
        }
    }

    #[test]
    fn codes_per_program() {
        assert_eq!(meeting_codes("ES"), [("aa", "S"), ("al-anon", "S"), ("na", "ES")]);
        assert_eq!(meeting_codes("fr"), [("aa", "FR"), ("al-anon", "FR")]);
        assert_eq!(meeting_codes(" sl "), [("aa", "SL"), ("al-anon", "SL")]);
        assert_eq!(meeting_codes("ase"), [("aa", "ASL"), ("al-anon", "ASL"), ("na", "SL")]);
        assert!(meeting_codes("xx").is_empty());
        assert!(meeting_codes("").is_empty());
    }
}
