//! The rules every text field shares: trimmed, blank means absent, a length limit counted in
//! characters, no control characters but newlines and tabs.

use super::*;

/// How a field's valid values look, to fill it to an exact length.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Url,
    Email,
    Phone,
}

impl Kind {
    /// A valid value of exactly `chars` characters (text in a two-byte letter, so that the limit
    /// is seen to count characters, not bytes).
    fn filled(self, chars: usize) -> String {
        match self {
            Kind::Text => "é".repeat(chars),
            Kind::Url => format!("https://example.org/{}", "é".repeat(chars - 20)),
            Kind::Email => format!("{}@example.org", "é".repeat(chars - 12)),
            Kind::Phone => "5".repeat(chars),
        }
    }
}

/// One text field: its path, limit and kind, and how to set it in an input and read it back.
struct TextField {
    path: &'static str,
    max: usize,
    kind: Kind,
    set: fn(&mut MeetingInput, String),
    get: fn(&MeetingData) -> Option<String>,
}

fn location(m: &mut MeetingInput) -> &mut LocationInput {
    m.location.get_or_insert_with(LocationInput::default)
}

fn online(m: &mut MeetingInput) -> &mut OnlineInput {
    m.online.get_or_insert_with(OnlineInput::default)
}

fn group(m: &mut MeetingInput) -> &mut GroupInput {
    m.group.get_or_insert_with(GroupInput::default)
}

fn contact(m: &mut MeetingInput) -> &mut ContactInput {
    let contacts = m.contacts.get_or_insert_with(Vec::new);
    if contacts.is_empty() {
        contacts.push(ContactInput::default());
    }
    &mut contacts[0]
}

/// Every free-text field of a meeting but `name` and the region path, which have rules of
/// their own for blanks.
fn text_fields() -> Vec<TextField> {
    use Kind::*;
    vec![
        TextField { path: "notes", max: 5_000, kind: Text, set: |m, s| m.notes = Some(s), get: |d| d.notes.clone() },
        TextField {
            path: "location.name",
            max: 200,
            kind: Text,
            set: |m, s| location(m).name = Some(s),
            get: |d| d.location.as_ref()?.name.clone(),
        },
        TextField {
            path: "location.address",
            max: 200,
            kind: Text,
            set: |m, s| location(m).address = Some(s),
            get: |d| d.location.as_ref()?.address.clone(),
        },
        TextField {
            path: "location.city",
            max: 200,
            kind: Text,
            set: |m, s| location(m).city = Some(s),
            get: |d| d.location.as_ref()?.city.clone(),
        },
        TextField {
            path: "location.state",
            max: 200,
            kind: Text,
            set: |m, s| location(m).state = Some(s),
            get: |d| d.location.as_ref()?.state.clone(),
        },
        TextField {
            path: "location.postal_code",
            max: 20,
            kind: Text,
            set: |m, s| location(m).postal_code = Some(s),
            get: |d| d.location.as_ref()?.postal_code.clone(),
        },
        TextField {
            path: "location.country",
            max: 200,
            kind: Text,
            set: |m, s| location(m).country = Some(s),
            get: |d| d.location.as_ref()?.country.clone(),
        },
        TextField {
            path: "location.formatted_address",
            max: 500,
            kind: Text,
            set: |m, s| location(m).formatted_address = Some(s),
            get: |d| d.location.as_ref()?.formatted_address.clone(),
        },
        TextField {
            path: "location.notes",
            max: 5_000,
            kind: Text,
            set: |m, s| location(m).notes = Some(s),
            get: |d| d.location.as_ref()?.notes.clone(),
        },
        TextField {
            path: "online.conference_url",
            max: 2_000,
            kind: Url,
            set: |m, s| online(m).conference_url = Some(s),
            get: |d| d.online.as_ref()?.conference_url.clone(),
        },
        TextField {
            path: "online.conference_url_notes",
            max: 5_000,
            kind: Text,
            set: |m, s| online(m).conference_url_notes = Some(s),
            get: |d| d.online.as_ref()?.conference_url_notes.clone(),
        },
        TextField {
            path: "online.conference_phone",
            max: 50,
            kind: Phone,
            set: |m, s| online(m).conference_phone = Some(s),
            get: |d| d.online.as_ref()?.conference_phone.clone(),
        },
        TextField {
            path: "online.conference_phone_notes",
            max: 5_000,
            kind: Text,
            set: |m, s| online(m).conference_phone_notes = Some(s),
            get: |d| d.online.as_ref()?.conference_phone_notes.clone(),
        },
        TextField {
            path: "group.name",
            max: 200,
            kind: Text,
            set: |m, s| group(m).name = Some(s),
            get: |d| d.group.as_ref()?.name.clone(),
        },
        TextField {
            path: "group.notes",
            max: 5_000,
            kind: Text,
            set: |m, s| group(m).notes = Some(s),
            get: |d| d.group.as_ref()?.notes.clone(),
        },
        TextField {
            path: "group.website",
            max: 2_000,
            kind: Url,
            set: |m, s| group(m).website = Some(s),
            get: |d| d.group.as_ref()?.website.clone(),
        },
        TextField {
            path: "group.email",
            max: 200,
            kind: Email,
            set: |m, s| group(m).email = Some(s),
            get: |d| d.group.as_ref()?.email.clone(),
        },
        TextField {
            path: "group.phone",
            max: 50,
            kind: Phone,
            set: |m, s| group(m).phone = Some(s),
            get: |d| d.group.as_ref()?.phone.clone(),
        },
        TextField {
            path: "group.venmo",
            max: 200,
            kind: Text,
            set: |m, s| group(m).venmo = Some(s),
            get: |d| d.group.as_ref()?.venmo.clone(),
        },
        TextField {
            path: "group.paypal",
            max: 200,
            kind: Text,
            set: |m, s| group(m).paypal = Some(s),
            get: |d| d.group.as_ref()?.paypal.clone(),
        },
        TextField {
            path: "group.square",
            max: 200,
            kind: Text,
            set: |m, s| group(m).square = Some(s),
            get: |d| d.group.as_ref()?.square.clone(),
        },
        TextField {
            path: "contacts[0].name",
            max: 200,
            kind: Text,
            set: |m, s| contact(m).name = Some(s),
            get: |d| d.contacts.first()?.name.clone(),
        },
        TextField {
            path: "contacts[0].email",
            max: 200,
            kind: Email,
            set: |m, s| contact(m).email = Some(s),
            get: |d| d.contacts.first()?.email.clone(),
        },
        TextField {
            path: "contacts[0].phone",
            max: 50,
            kind: Phone,
            set: |m, s| contact(m).phone = Some(s),
            get: |d| d.contacts.first()?.phone.clone(),
        },
    ]
}

/// A valid meeting without a location, so that what one field does to the location shows.
fn bare() -> MeetingInput {
    with(json!({"location": null}))
}

fn set(field: &TextField, value: String) -> MeetingInput {
    let mut m = bare();
    (field.set)(&mut m, value);
    m
}

#[test]
fn the_name_is_at_most_200_characters() {
    assert_eq!(accepted(with(json!({"name": "é".repeat(MAX_NAME_LEN)}))).name.chars().count(), 200);
    for long in ["n".repeat(201), "é".repeat(201)] {
        assert_refused(with(json!({"name": long})), "name", "must be at most 200 characters");
    }
}

#[test]
fn each_text_field_has_its_limit_in_characters() {
    for field in text_fields() {
        let at_limit = field.kind.filled(field.max);
        assert_eq!((field.get)(&accepted(set(&field, at_limit.clone()))), Some(at_limit), "{}", field.path);
        let over = field.kind.filled(field.max + 1);
        let message = format!("must be at most {} characters", field.max);
        assert_eq!(refusals(set(&field, over)), [(field.path.to_string(), message)]);
    }
}

#[test]
fn each_text_field_is_trimmed() {
    for field in text_fields() {
        let value = field.kind.filled(field.max.min(30));
        let kept = (field.get)(&accepted(set(&field, format!(" \n\t{value}  "))));
        assert_eq!(kept, Some(value), "{}", field.path);
    }
    assert_eq!(accepted(with(json!({"name": "  Padded  "}))).name, "Padded");
}

#[test]
fn a_blank_text_field_is_left_out() {
    for field in text_fields() {
        for blank in ["", "   ", "\n"] {
            assert_eq!((field.get)(&accepted(set(&field, blank.to_string()))), None, "{} {blank:?}", field.path);
        }
    }
}

#[test]
fn no_text_field_takes_control_characters() {
    for field in text_fields() {
        for c in ['\0', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}'] {
            let value = match field.kind {
                Kind::Text => format!("Step{c}Study"),
                Kind::Email => format!("a{c}b@example.org"),
                Kind::Url => format!("https://example.org/a{c}b"),
                Kind::Phone => format!("555{c}0100"),
            };
            let mut expected = vec![(field.path.to_string(), "must not contain control characters".to_string())];
            // A link or a phone number with a control character is not one either.
            match field.kind {
                Kind::Url => expected.push((field.path.into(), URL_MESSAGE.into())),
                Kind::Phone => expected.push((field.path.into(), PHONE_MESSAGE.into())),
                // U+0085 is whitespace too, which no email address has.
                Kind::Email if c.is_whitespace() => expected.push((field.path.into(), EMAIL_MESSAGE.into())),
                Kind::Text | Kind::Email => {}
            }
            assert_eq!(refusals(set(&field, value)), expected, "{c:?}");
        }
    }
    assert_refused(with(json!({"name": "Step\u{0}Study"})), "name", "must not contain control characters");
}

#[test]
fn newlines_and_tabs_are_not_control_characters_here() {
    let notes = "Doors open at 6:45.\r\nUse the side door.\tBring a friend.";
    assert_eq!(accepted(with(json!({"notes": notes}))).notes.as_deref(), Some(notes));
}

#[test]
fn notes_are_at_most_5000_characters() {
    assert!(validate_meeting(with(json!({"notes": "x".repeat(MAX_NOTES_LEN)})), &ctx()).is_ok());
    assert_refused(with(json!({"notes": "x".repeat(MAX_NOTES_LEN + 1)})), "notes", "must be at most 5000 characters");
}
