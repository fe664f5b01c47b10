//! Hostile and broken input: never a panic, always a clear error or a per-record rejection.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono_tz::America::New_York;
use common::{assert_no_silent_drops, dump, opts};
use recovery_import::{FormatError, bmlt, meeting_guide, parse_time, tsml_csv};
use serde_json::json;

#[test]
fn an_html_page_instead_of_json_is_a_format_error_that_says_so() {
    let page = b"\xEF\xBB\xBF\n  <!DOCTYPE html><html><head><title>Just a moment...</title></head></html>";
    for err in [
        meeting_guide::parse(page, &opts("aa", New_York)).unwrap_err(),
        bmlt::parse(page, None, &opts("na", New_York)).unwrap_err(),
        tsml_csv::parse(page, &opts("aa", New_York)).unwrap_err(),
    ] {
        assert!(matches!(err, FormatError::Html { .. }), "{err:?}");
        assert!(err.to_string().contains("is an HTML page"), "{err}");
    }
}

#[test]
fn broken_documents_are_format_errors() {
    let o = opts("aa", New_York);
    assert!(matches!(meeting_guide::parse(b"", &o), Err(FormatError::Empty { .. })));
    assert!(matches!(meeting_guide::parse(b"   \n", &o), Err(FormatError::Empty { .. })));
    assert!(matches!(meeting_guide::parse(b"[{\"name\": ", &o), Err(FormatError::Json { .. })));
    assert!(matches!(meeting_guide::parse(b"{\"error\": \"nope\"}", &o), Err(FormatError::Shape { .. })));
    assert!(matches!(meeting_guide::parse(b"42", &o), Err(FormatError::Shape { .. })));
    let err = meeting_guide::parse(b"[{\"name\": \"caf\xE9\"}]", &o).unwrap_err();
    assert!(matches!(err, FormatError::Json { .. }), "invalid UTF-8 inside JSON: {err:?}");
    assert!(matches!(bmlt::parse(b"[]", Some(b"<html>"), &opts("na", New_York)), Err(FormatError::Html { .. })));
}

#[test]
fn a_two_megabyte_name_is_rejected_and_long_notes_are_cut_with_a_warning() {
    let huge = "N".repeat(2 * 1024 * 1024);
    let notes = "word ".repeat(2_000);
    let feed = json!([
        { "slug": "huge", "name": huge, "day": 1, "time": "08:00" },
        { "slug": "long-notes", "name": "Long Notes", "day": 1, "time": "08:00", "notes": notes }
    ]);
    let parsed = meeting_guide::parse(&serde_json::to_vec(&feed).unwrap(), &opts("aa", New_York)).unwrap();
    assert_eq!(parsed.rejected.len(), 1, "{}", dump(&parsed));
    assert_eq!(parsed.rejected[0].reason, "name: must be at most 200 characters");
    assert_eq!(parsed.records.len(), 1);
    assert_eq!(
        parsed.records[0].input.notes.as_ref().unwrap().chars().count(),
        4_999,
        "cut at 5,000, trailing blank trimmed"
    );
    assert_eq!(parsed.warnings[0].message, "notes cut to 5000 characters");
}

#[test]
fn html_in_every_text_field_is_stripped() {
    let feed = json!([{
        "slug": "x", "name": "<i>Serenity</i> &amp; Peace", "day": 1, "time": "08:00",
        "notes": "<div>Step <b>one</b></div><div>Step two</div><img src=x onerror=alert(1)>",
        "location": "<span>Hall</span>", "location_notes": "<!-- x -->Back door", "group_notes": "<ul><li>a</li></ul>"
    }]);
    let parsed = meeting_guide::parse(&serde_json::to_vec(&feed).unwrap(), &opts("aa", New_York)).unwrap();
    let input = &parsed.records[0].input;
    assert_eq!(input.name.as_deref(), Some("Serenity & Peace"));
    assert_eq!(input.notes.as_deref(), Some("Step one\nStep two"));
    let location = input.location.as_ref().unwrap();
    assert_eq!((location.name.as_deref(), location.notes.as_deref()), (Some("Hall"), Some("Back door")));
    assert_eq!(input.group.as_ref().unwrap().notes.as_deref(), Some("a"));
}

#[test]
fn invalid_utf8_in_a_csv_row_rejects_that_row_only() {
    let mut csv = b"Name,Day,Time,Notes\nGood,Monday,7:00 PM,fine\nBad,Tuesday,7:00 PM,caf".to_vec();
    csv.extend_from_slice(b"\xE9\nAlso Good,Wednesday,8:00 PM,\n");
    let parsed = tsml_csv::parse(&csv, &opts("aa", New_York)).unwrap();
    assert_eq!(parsed.records.len(), 2, "{}", dump(&parsed));
    assert_eq!(parsed.rejected.len(), 1);
    assert_eq!(parsed.rejected[0].position, 1);
    assert_eq!(parsed.rejected[0].reason, "line 3: column `Notes` is not UTF-8 text");
    assert_no_silent_drops(&parsed, 0);
}

#[test]
fn wrongly_typed_values_are_warnings_not_crashes() {
    let feed = json!([{
        "slug": "x", "name": "X", "day": 1, "time": "08:00",
        "notes": {"html": "<b>x</b>"}, "latitude": "north", "longitude": [1], "approximate": "maybe", "types": 7
    }]);
    let parsed = meeting_guide::parse(&serde_json::to_vec(&feed).unwrap(), &opts("aa", New_York)).unwrap();
    assert_eq!(parsed.records.len(), 1, "{}", dump(&parsed));
    assert_eq!(parsed.warnings.len(), 5, "{}", dump(&parsed));
}

proptest::proptest! {
    #[test]
    fn the_meeting_guide_time_parser_never_panics(s in "\\PC{0,24}") {
        let _ = parse_time(&s);
        let feed = json!([{ "slug": "x", "name": "X", "day": 1, "time": s }]);
        let parsed = meeting_guide::parse(&serde_json::to_vec(&feed).unwrap(), &opts("aa", New_York)).unwrap();
        proptest::prop_assert_eq!(parsed.records.len() + parsed.rejected.len(), 1);
    }

    #[test]
    fn arbitrary_bytes_never_panic_any_parser(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
        let _ = meeting_guide::parse(&bytes, &opts("aa", New_York));
        let _ = tsml_csv::parse(&bytes, &opts("aa", New_York));
        let _ = bmlt::parse(&bytes, None, &opts("na", New_York));
    }
}
