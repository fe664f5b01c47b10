//! How to get in and whom to ask: the online fields, the group and the contacts, their link,
//! email and phone formats, and how attending in person or online follows from them.

use crate::meeting::AttendanceOption;

use super::*;

fn zoom(url: &str) -> MeetingInput {
    with(json!({"online": {"conference_url": url}}))
}

#[test]
fn links_are_absolute_http_or_https_with_a_host() {
    for url in [
        "https://zoom.us/j/123456789?pwd=abc",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/Path",
        "https://user@meet.example.org:8443/room#start",
        "https://[2001:db8::1]/room",
    ] {
        let data = accepted(zoom(url));
        assert_eq!(data.online.unwrap().conference_url.as_deref(), Some(url));
        assert_eq!(accepted(with(json!({"group": {"website": url}}))).group.unwrap().website.as_deref(), Some(url));
    }
}

#[test]
fn anything_else_is_not_a_link() {
    for bad in [
        "javascript:alert(1)",
        "ftp://example.org/file",
        "zoom.us/j/123",
        "//example.org",
        "https://",
        "https:///path",
        "https://:443/",
        "https://user@/room",
        "https://exa mple.org",
        "https://example.org/<script>",
        "https://example.org/\"quoted\"",
        "data:text/html,hi",
    ] {
        assert_refused(zoom(bad), "online.conference_url", URL_MESSAGE);
        assert_refused(with(json!({"group": {"website": bad}})), "group.website", URL_MESSAGE);
    }
}

#[test]
fn phones_are_digits_with_the_usual_punctuation() {
    for phone in [
        "+16465588656,,123456789#",
        "(215) 555-0100",
        "215.555.0100",
        "+44 20 7946 0958",
        "555-0100 x12",
        "*67 555 0100",
        "555-0100w123",
    ] {
        let data = accepted(with(json!({"online": {"conference_phone": phone}, "group": {"phone": phone}})));
        assert_eq!(data.online.unwrap().conference_phone.as_deref(), Some(phone));
        assert_eq!(data.group.unwrap().phone.as_deref(), Some(phone));
    }
}

#[test]
fn a_phone_without_digits_or_with_letters_is_refused() {
    for bad in ["call me", "---", "+()", "1-800-FLOWERS", "555 0100 ext 2"] {
        assert_refused(with(json!({"online": {"conference_phone": bad}})), "online.conference_phone", PHONE_MESSAGE);
        assert_refused(with(json!({"group": {"phone": bad}})), "group.phone", PHONE_MESSAGE);
        assert_refused(with(json!({"contacts": [{"phone": bad}]})), "contacts[0].phone", PHONE_MESSAGE);
    }
}

#[test]
fn emails_have_one_at_and_a_dotted_domain() {
    for email in ["pat@example.org", "p.a.t+aa@mail.example.co.uk", "\u{e9}@example.org"] {
        let data = accepted(with(json!({"group": {"email": email}, "contacts": [{"email": email}]})));
        assert_eq!(data.group.unwrap().email.as_deref(), Some(email));
        assert_eq!(data.contacts[0].email.as_deref(), Some(email));
    }
}

#[test]
fn anything_else_is_not_an_email() {
    for bad in [
        "nobody",
        "@example.org",
        "pat@",
        "pat@localhost",
        "pat@.org",
        "pat@example.",
        "pat@a@b.org",
        "p at@example.org",
    ] {
        assert_refused(with(json!({"group": {"email": bad}})), "group.email", EMAIL_MESSAGE);
        assert_refused(with(json!({"contacts": [{"email": bad}]})), "contacts[0].email", EMAIL_MESSAGE);
    }
}

#[test]
fn online_fields_with_nothing_in_them_are_no_online_option() {
    let blank = json!({"online": {"conference_url": " ", "conference_url_notes": "", "conference_phone": null}});
    assert_eq!(accepted(with(blank)).online, None);
    assert_eq!(accepted(with(json!({"online": {}}))).online, None);
}

#[test]
fn online_notes_alone_are_kept_but_are_no_way_in() {
    let data = accepted(with(json!({"location": null, "online": {"conference_url_notes": "Link by email"}})));
    let online = data.online.clone().unwrap();
    assert_eq!(online.conference_url_notes.as_deref(), Some("Link by email"));
    assert!(!online.is_joinable());
    assert_eq!(data.attendance_option(), AttendanceOption::Inactive);
}

#[test]
fn attending_in_person_or_online_follows_from_the_fields() {
    let url = json!({"conference_url": "https://zoom.us/j/987654321"});
    let phone = json!({"conference_phone": "+16465588656,,987654321#"});
    let cases = [
        ("in person", json!({}), AttendanceOption::InPerson),
        ("hybrid", json!({"online": url}), AttendanceOption::Hybrid),
        ("hybrid by phone", json!({"online": phone}), AttendanceOption::Hybrid),
        ("online only", json!({"location": null, "online": url}), AttendanceOption::Online),
        (
            "approximate place",
            json!({"location": {"address": null, "approximate": true}, "online": url}),
            AttendanceOption::Online,
        ),
        (
            "approximate, not online",
            json!({"location": {"address": null, "approximate": true}}),
            AttendanceOption::Inactive,
        ),
        ("closed venue, online", json!({"online": url, "temporarily_closed": true}), AttendanceOption::Online),
        ("closed venue", json!({"temporarily_closed": true}), AttendanceOption::Inactive),
        ("no place", json!({"location": null}), AttendanceOption::Inactive),
        ("only a city", json!({"location": {"address": null, "name": null}}), AttendanceOption::InPerson),
    ];
    for (case, patch, expected) in cases {
        assert_eq!(accepted(with(patch)).attendance_option(), expected, "{case}");
    }
}

#[test]
fn a_group_with_nothing_in_it_is_no_group() {
    assert_eq!(accepted(with(json!({"group": {"name": " ", "venmo": ""}}))).group, None);
}

#[test]
fn group_fields_are_kept() {
    let sent =
        json!({"name": "Sunrise Group", "venmo": "@sunrise-group", "paypal": "sunrisegroup", "square": "$sunrise"});
    let group = accepted(with(json!({"group": sent}))).group.unwrap();
    assert_eq!(
        (group.name.as_deref(), group.venmo.as_deref(), group.paypal.as_deref(), group.square.as_deref()),
        (Some("Sunrise Group"), Some("@sunrise-group"), Some("sunrisegroup"), Some("$sunrise"))
    );
}

#[test]
fn contacts_are_private_unless_marked_public() {
    let data = accepted(with(
        json!({"contacts": [{"name": "Pat"}, {"name": "Sam", "public": true}, {"name": "Lee", "public": false}]}),
    ));
    let public: Vec<bool> = data.contacts.iter().map(|c| c.public).collect();
    assert_eq!(public, [false, true, false]);
}

#[test]
fn at_most_3_contacts() {
    let four = json!([{"name": "A"}, {"name": "B"}, {"name": "C"}, {"email": "not an email"}]);
    // Only the limit is reported: contacts past it are not read.
    assert_refused(with(json!({"contacts": four})), "contacts", "at most 3 contacts");
}

#[test]
fn a_contact_with_nothing_to_reach_is_dropped() {
    let data =
        accepted(with(json!({"contacts": [{"public": true}, {"name": " ", "email": ""}, {"phone": "555-0100"}]})));
    assert_eq!(data.contacts, [Contact { phone: Some("555-0100".into()), ..Contact::default() }]);
}

#[test]
fn a_contact_error_names_the_contact_by_its_place_in_the_request() {
    let contacts = json!([{"public": true}, {"name": "Pat"}, {"name": "Sam", "email": "sam at example"}]);
    assert_refused(with(json!({"contacts": contacts})), "contacts[2].email", EMAIL_MESSAGE);
}
