//! Properties over any input: validation never panics, keeps only trimmed text, and names only
//! fields that exist; it refuses a day, a time, coordinates or a name exactly when a plain
//! model of the rule says so.

use proptest::prelude::*;

use super::*;

/// Text of any kind: control characters, every script, blank, padded, around the limits.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ \t\n]{0,2}[a-zA-Z0-9:/@.+#,()-]{0,24}[ \t\n]{0,2}", "\\PC{195,205}"]
}

fn maybe_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(any_text())
}

fn any_coordinate() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(prop_oneof![prop::num::f64::ANY, -200.0..200.0])
}

prop_compose! {
    fn any_location()(
        (name, address, city, state, postal_code, country) in
            (maybe_text(), maybe_text(), maybe_text(), maybe_text(), maybe_text(), maybe_text()),
        (formatted_address, notes) in (maybe_text(), maybe_text()),
        (latitude, longitude) in (any_coordinate(), any_coordinate()),
        approximate in prop::option::of(any::<bool>()),
        regions in prop::option::of(prop::collection::vec(any_text(), 0..11)),
    ) -> LocationInput {
        LocationInput {
            name, address, city, state, postal_code, country, formatted_address, latitude, longitude, approximate, notes,
            regions,
        }
    }
}

prop_compose! {
    fn any_reach()(
        online in prop::option::of((maybe_text(), maybe_text(), maybe_text(), maybe_text())),
        group in prop::option::of(prop::collection::vec(maybe_text(), 8)),
        contacts in prop::option::of(prop::collection::vec(
            (maybe_text(), maybe_text(), maybe_text(), prop::option::of(any::<bool>())),
            0..6,
        )),
    ) -> (Option<OnlineInput>, Option<GroupInput>, Option<Vec<ContactInput>>) {
        let online = online.map(|(conference_url, conference_url_notes, conference_phone, conference_phone_notes)| {
            OnlineInput { conference_url, conference_url_notes, conference_phone, conference_phone_notes }
        });
        let group = group.map(|mut g| GroupInput {
            name: g[0].take(), notes: g[1].take(), website: g[2].take(), email: g[3].take(), phone: g[4].take(),
            venmo: g[5].take(), paypal: g[6].take(), square: g[7].take(),
        });
        let contacts = contacts.map(|cs| {
            cs.into_iter().map(|(name, email, phone, public)| ContactInput { name, email, phone, public }).collect()
        });
        (online, group, contacts)
    }
}

prop_compose! {
    /// Any input at all, as a client might send it.
    fn any_input()(
        (name, slug, program, notes, status) in (maybe_text(), maybe_text(), maybe_text(), maybe_text(), maybe_text()),
        day in prop::option::of(prop_oneof![any::<i64>(), -2i64..10]),
        (time, end_time, timezone) in (maybe_text(), maybe_text(), maybe_text()),
        types in prop::option::of(prop::collection::vec(prop_oneof![any_text(), "[A-Z]{1,3}"], 0..45)),
        location in prop::option::of(any_location()),
        (online, group, contacts) in any_reach(),
        temporarily_closed in prop::option::of(any::<bool>()),
    ) -> MeetingInput {
        MeetingInput {
            name, slug, program, day, time, end_time, timezone, types, notes, status, location, online,
            temporarily_closed, group, contacts, ..MeetingInput::default()
        }
    }
}

/// True when `field` is a path validation may name.
fn is_known_path(field: &str) -> bool {
    const FIELDS: &str = "name slug program day time end_time timezone types notes status \
        location.name location.address location.city location.state location.postal_code location.country \
        location.formatted_address location.latitude location.longitude location.notes location.regions \
        online.conference_url online.conference_url_notes online.conference_phone online.conference_phone_notes \
        group.name group.notes group.website group.email group.phone group.venmo group.paypal group.square contacts";
    FIELDS.split_whitespace().any(|known| known == field)
        || indexed(field, "types[", MAX_TYPES, &[""])
        || indexed(field, "location.regions[", MAX_REGION_DEPTH, &[""])
        || indexed(field, "contacts[", MAX_CONTACTS, &[".name", ".email", ".phone"])
}

/// True when `field` is `{prefix}{n}]{tail}`, `n` below `below` and written plainly, `tail` one
/// of `tails`.
fn indexed(field: &str, prefix: &str, below: usize, tails: &[&str]) -> bool {
    let Some((n, tail)) = field.strip_prefix(prefix).and_then(|f| f.split_once(']')) else {
        return false;
    };
    n.parse::<usize>().is_ok_and(|i| i < below && i.to_string() == n) && tails.contains(&tail)
}

/// Every string in the validated meeting, as written out.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(fields) => fields.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

proptest! {
    #[test]
    fn any_input_is_accepted_trimmed_or_refused_by_known_fields(input in any_input()) {
        match validate_meeting(input, &ctx()) {
            Ok(valid) => {
                let mut texts = Vec::new();
                strings(&serde_json::to_value(&valid.data).unwrap(), &mut texts);
                for text in texts {
                    prop_assert!(!text.is_empty() && text.trim() == text, "untrimmed or blank: {text:?}");
                }
            }
            Err(errors) => {
                prop_assert!(!errors.0.is_empty());
                for error in &errors.0 {
                    prop_assert!(is_known_path(&error.field), "unknown path {:?}", error.field);
                    prop_assert!(!error.message.is_empty());
                }
            }
        }
    }

    #[test]
    fn a_day_is_refused_exactly_outside_0_to_6(day in prop_oneof![any::<i64>(), -3i64..10]) {
        let refused = validate_meeting(with(json!({"day": day})), &ctx()).err().unwrap_or(ValidationErrors(vec![]));
        let expected = if (0..=6).contains(&day) {
            vec![]
        } else {
            vec![FieldError { field: "day".into(), message: format!("must be 0 (Sunday) to 6 (Saturday), not {day}") }]
        };
        prop_assert_eq!(refused.0, expected);
    }

    #[test]
    fn a_time_is_refused_exactly_when_it_is_not_hh_mm(time in prop_oneof!["[ ]?[0-9]{1,3}[:.]?[0-9]{1,3}[ ]?", any::<String>()]) {
        let t = time.trim();
        let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        let model = t.split_once(':').filter(|(h, m)| digits(h) && digits(m)).and_then(|(h, m)| {
            let (h, m) = (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?);
            (h < 24 && m < 60).then_some(h * 60 + m)
        });
        match validate_meeting(with(json!({"time": time})), &ctx()) {
            Ok(valid) => prop_assert_eq!(Some(valid.data.time.minutes()), model),
            Err(errors) => {
                prop_assert_eq!(model, None);
                prop_assert_eq!(errors.0.len(), 1);
                prop_assert_eq!(errors.0[0].field.as_str(), "time");
                prop_assert!(errors.0[0].message.starts_with("expected a 24-hour time \"HH:MM\" from 00:00 to 23:59, not \""));
            }
        }
    }

    #[test]
    fn coordinates_are_refused_exactly_out_of_range(
        lat in prop_oneof![prop::num::f64::ANY, -100.0..100.0],
        lng in prop_oneof![prop::num::f64::ANY, -200.0..200.0],
    ) {
        let mut input = with(json!({}));
        let location = input.location.as_mut().unwrap();
        (location.latitude, location.longitude) = (Some(lat), Some(lng));
        let fields: Vec<String> = validate_meeting(input, &ctx()).err().map(|e| e.0.into_iter().map(|f| f.field).collect()).unwrap_or_default();
        let mut expected = Vec::new();
        if !(-90.0..=90.0).contains(&lat) {
            expected.push("location.latitude".to_string());
        }
        if !(-180.0..=180.0).contains(&lng) {
            expected.push("location.longitude".to_string());
        }
        prop_assert_eq!(fields, expected);
    }

    #[test]
    fn a_name_is_refused_exactly_when_blank_or_over_200_characters(name in prop_oneof!["\\PC{0,3}", "\\PC{195,205}", "[ ]{0,3}[a-z]{0,3}[ ]{0,3}"]) {
        let chars = name.trim().chars().count();
        let expected: Vec<(String, String)> = if chars == 0 {
            vec![("name".into(), "is required".into())]
        } else if chars > MAX_NAME_LEN {
            vec![("name".into(), "must be at most 200 characters".into())]
        } else {
            vec![]
        };
        let errors = validate_meeting(with(json!({"name": name})), &ctx()).err().map(|e| e.0).unwrap_or_default();
        prop_assert_eq!(errors.into_iter().map(|f| (f.field, f.message)).collect::<Vec<_>>(), expected);
    }
}
