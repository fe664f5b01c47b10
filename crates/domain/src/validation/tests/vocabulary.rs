//! The program (fellowship) and the type codes of its vocabulary.

use super::*;

#[test]
fn the_program_is_one_the_directory_knows() {
    for program in ["aa", "al-anon", "na", " na "] {
        assert_eq!(accepted(with(json!({"program": program, "types": []}))).program, program.trim());
    }
}

#[test]
fn an_unknown_program_is_refused_with_the_known_ones() {
    for bad in ["xx", "AA", "Narcotics Anonymous"] {
        assert_refused(
            with(json!({"program": bad, "types": []})),
            "program",
            &format!("unknown program `{bad}`; known: aa, al-anon, na"),
        );
    }
}

#[test]
fn under_an_unknown_program_type_codes_are_not_checked() {
    assert_refused(
        with(json!({"program": "xx", "types": ["O", "bogus"]})),
        "program",
        "unknown program `xx`; known: aa, al-anon, na",
    );
}

#[test]
fn type_codes_come_from_the_program_vocabulary() {
    assert_eq!(
        accepted(with(json!({"program": "na", "types": ["O", "B", "BT", "JT", "Pi"]}))).types,
        ["O", "B", "BT", "JT", "Pi"]
    );
    assert_eq!(accepted(with(json!({"program": "al-anon", "types": ["C", "LIT"]}))).types, ["C", "LIT"]);
    assert_eq!(accepted(with(json!({"types": ["O", "D", "ST"]}))).types, ["O", "D", "ST"]);
}

#[test]
fn an_unknown_type_code_is_refused_at_its_position() {
    assert_refused(with(json!({"types": ["XYZ"]})), "types[0]", "unknown type code `XYZ` for program `aa`");
    assert_refused(with(json!({"types": ["O", "bogus"]})), "types[1]", "unknown type code `bogus` for program `aa`");
    assert_eq!(
        refusals(with(json!({"types": ["nope", "O", "D", "never"]}))),
        [
            ("types[0]".to_string(), "unknown type code `nope` for program `aa`".to_string()),
            ("types[3]".to_string(), "unknown type code `never` for program `aa`".to_string()),
        ]
    );
}

#[test]
fn type_codes_are_case_sensitive() {
    assert_refused(
        with(json!({"program": "na", "types": ["pi"]})),
        "types[0]",
        "unknown type code `pi` for program `na`",
    );
    assert_refused(with(json!({"types": ["o"]})), "types[0]", "unknown type code `o` for program `aa`");
}

#[test]
fn type_codes_are_scoped_by_program() {
    // JT is NA's "Just for Today", not a Meeting Guide code.
    assert_refused(
        with(json!({"program": "aa", "types": ["O", "JT"]})),
        "types[1]",
        "unknown type code `JT` for program `aa`",
    );
}

#[test]
fn a_long_unknown_code_is_echoed_only_in_part() {
    let long = "Z".repeat(50);
    let message = format!("unknown type code `{}` for program `aa`", "Z".repeat(20));
    assert_refused(with(json!({"types": [long]})), "types[0]", &message);
}

#[test]
fn type_codes_are_trimmed_and_repeats_dropped_in_order() {
    assert_eq!(accepted(with(json!({"types": [" O ", "D", "O", "D", "ST"]}))).types, ["O", "D", "ST"]);
}

#[test]
fn a_blank_type_code_is_unknown() {
    assert_refused(with(json!({"types": ["O", " "]})), "types[1]", "unknown type code `` for program `aa`");
}

#[test]
fn at_most_40_type_codes() {
    let codes: Vec<&str> =
        Programs::builtin().get("aa").unwrap().vocabulary.types().iter().map(|t| t.code.as_str()).collect();
    let forty = &codes[..MAX_TYPES];
    assert_eq!(accepted(with(json!({"types": forty}))).types, forty);
    let mut over = forty.to_vec();
    over.push("bogus");
    // Only the limit is reported: codes past it are not read.
    assert_refused(with(json!({"types": over})), "types", "at most 40 type codes");
}
