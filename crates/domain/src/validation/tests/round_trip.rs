//! Meetings built from valid parts, padded with blanks as people type them, are accepted; and a
//! meeting validation accepted validates to itself when read back: as the base a `PATCH` merges
//! into (`MeetingInput::from`), as the JSON a client sends back after a `GET`, and as stored.

use proptest::prelude::*;

use super::*;

/// `text` with up to two blanks (spaces, tabs, newlines) before and after.
fn padded(text: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    ("[ \t\n]{0,2}", text, "[ \t\n]{0,2}").prop_map(|(before, text, after)| format!("{before}{text}{after}"))
}

/// One line of text in any script, not blank, at most `max` characters once trimmed.
fn line(max: usize) -> impl Strategy<Value = String> {
    padded(proptest::string::string_regex(&format!("[^\\s\\p{{C}}][^\\p{{C}}]{{0,{}}}", max - 1)).unwrap())
}

fn maybe_line(max: usize) -> impl Strategy<Value = Option<String>> {
    prop::option::of(line(max))
}

/// Notes: lines in any script with newlines and tabs between them.
fn maybe_notes() -> impl Strategy<Value = Option<String>> {
    prop::option::of(padded("[^\\s\\p{C}][\n\t\\P{C}]{0,80}"))
}

fn maybe_url() -> impl Strategy<Value = Option<String>> {
    prop::option::of(padded("https?://[a-z0-9.-]{1,20}(:[0-9]{2,5})?(/[a-zA-Z0-9._~%/?=&#-]{0,30})?"))
}

fn maybe_phone() -> impl Strategy<Value = Option<String>> {
    prop::option::of(padded("[+]?[0-9][0-9 ().-]{0,20}(,,[0-9]{1,9}#)?"))
}

fn maybe_email() -> impl Strategy<Value = Option<String>> {
    prop::option::of(padded("[a-z0-9._+-]{1,20}@[a-z0-9-]{1,15}\\.[a-z]{2,6}"))
}

fn time() -> impl Strategy<Value = String> {
    padded((0u8..24, 0u8..60).prop_map(|(h, m)| format!("{h:02}:{m:02}")))
}

/// A program (or none, for the default) and type codes from its vocabulary, repeats included.
/// Codes are drawn by index, so that shrinking the program keeps them in its vocabulary.
fn program_and_types() -> impl Strategy<Value = (Option<String>, Option<Vec<String>>)> {
    let program = prop::option::of(prop::sample::select(vec!["aa", "al-anon", "na"]));
    let picks = prop::option::of(prop::collection::vec(("[ \t\n]{0,2}", any::<prop::sample::Index>()), 0..8));
    (program, "[ \t\n]{0,2}", picks).prop_map(|(program, pad, picks)| {
        let vocabulary = &Programs::builtin().get(program.unwrap_or("aa")).unwrap().vocabulary;
        let types = picks.map(|picks| {
            picks.into_iter().map(|(pad, i)| format!("{pad}{}{pad}", i.get(vocabulary.types()).code)).collect()
        });
        (program.map(|p| format!("{pad}{p}{pad}")), types)
    })
}

prop_compose! {
    fn valid_location()(
        name in maybe_line(200),
        // Short enough that the line composed from them fits its own limit.
        (address, city, state, country) in (maybe_line(110), maybe_line(110), maybe_line(110), maybe_line(110)),
        postal_code in maybe_line(20),
        formatted_address in maybe_line(500),
        coordinates in prop::option::of((-90.0..=90.0f64, -180.0..=180.0f64)),
        approximate in prop::option::of(any::<bool>()),
        notes in maybe_notes(),
        regions in prop::option::of(prop::collection::vec(line(100), 0..=MAX_REGION_DEPTH)),
    ) -> LocationInput {
        LocationInput {
            name, address, city, state, postal_code, country, formatted_address,
            latitude: coordinates.map(|c| c.0), longitude: coordinates.map(|c| c.1), approximate, notes, regions,
        }
    }
}

prop_compose! {
    fn valid_group()(
        (name, notes, website, email, phone) in (maybe_line(200), maybe_notes(), maybe_url(), maybe_email(), maybe_phone()),
        (venmo, paypal, square) in (maybe_line(200), maybe_line(200), maybe_line(200)),
    ) -> GroupInput {
        GroupInput { name, notes, website, email, phone, venmo, paypal, square }
    }
}

prop_compose! {
    fn valid_contact()(
        (name, email, phone, public) in (maybe_line(200), maybe_email(), maybe_phone(), prop::option::of(any::<bool>())),
    ) -> ContactInput {
        ContactInput { name, email, phone, public }
    }
}

prop_compose! {
    /// An input every part of which is valid.
    fn valid_input()(
        name in line(MAX_NAME_LEN),
        slug in prop::option::of(padded("[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}")),
        (program, types) in program_and_types(),
        day in 0i64..7,
        (time, end_time) in (time(), prop::option::of(time())),
        timezone in prop::option::of(padded(prop::sample::select(
            chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name().to_string()).collect::<Vec<_>>(),
        ))),
        notes in maybe_notes(),
        status in prop::option::of(padded(prop::sample::select(vec!["draft", "published", "archived"]).prop_map(String::from))),
        location in prop::option::of(valid_location()),
        online in prop::option::of((maybe_url(), maybe_notes(), maybe_phone(), maybe_notes())),
        group in prop::option::of(valid_group()),
        contacts in prop::option::of(prop::collection::vec(valid_contact(), 0..=MAX_CONTACTS)),
        temporarily_closed in prop::option::of(any::<bool>()),
    ) -> MeetingInput {
        let online = online.map(|(conference_url, conference_url_notes, conference_phone, conference_phone_notes)| {
            OnlineInput { conference_url, conference_url_notes, conference_phone, conference_phone_notes }
        });
        MeetingInput {
            name: Some(name), slug, program, day: Some(day), time: Some(time), end_time, timezone, types, notes, status,
            location, online, temporarily_closed, group, contacts, ..MeetingInput::default()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_meeting_of_valid_parts_is_accepted_and_validates_to_itself(input in valid_input()) {
        let slug_sent = input.slug.as_deref().is_some_and(|s| !s.trim().is_empty());
        let valid = match validate_meeting(input, &ctx()) {
            Ok(valid) => valid,
            Err(errors) => return Err(TestCaseError::fail(format!("refused: {errors}"))),
        };
        prop_assert_eq!(valid.slug_generated, !slug_sent);
        let data = valid.data;

        // The base a PATCH merges into.
        let again = validate_meeting(MeetingInput::from(&data), &ctx());
        prop_assert_eq!(again, Ok(ValidMeeting { data: data.clone(), slug_generated: false }));

        // What a client sends back after reading it.
        let read: MeetingInput = serde_json::from_value(serde_json::to_value(&data).unwrap()).unwrap();
        prop_assert_eq!(validate_meeting(read, &ctx()).map(|v| v.data), Ok(data.clone()));

        // What the store and backups keep.
        let stored: MeetingData = serde_json::from_str(&serde_json::to_string(&data).unwrap()).unwrap();
        prop_assert_eq!(stored, data);
    }
}
