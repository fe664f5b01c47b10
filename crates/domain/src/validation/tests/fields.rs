//! What every meeting needs, the defaults of what it may leave out, the slug and the status, how
//! errors are reported, and what a client may send back.

use super::*;

#[test]
fn name_day_and_time_are_all_that_is_required() {
    let data = accepted(input(json!({"name": "Tuesday Night Step", "day": 2, "time": "19:30"})));
    assert_eq!(data.name, "Tuesday Night Step");
    assert_eq!(data.day.index(), 2);
    assert_eq!(data.time.to_string(), "19:30");
}

#[test]
fn an_empty_body_names_each_required_field() {
    assert_eq!(
        refusals(MeetingInput::default()),
        [
            ("name".to_string(), "is required".to_string()),
            ("day".to_string(), "is required (0 = Sunday … 6 = Saturday)".to_string()),
            ("time".to_string(), "is required (\"HH:MM\", 24-hour)".to_string()),
        ]
    );
}

#[test]
fn a_blank_name_is_a_missing_name() {
    for blank in ["", "   ", "\n\t"] {
        assert_refused(with(json!({"name": blank})), "name", "is required");
    }
}

#[test]
fn what_is_left_out_gets_the_defaults() {
    let data = accepted(input(json!({"name": "Defaults", "day": 0, "time": "07:00"})));
    assert_eq!(data.slug, "defaults", "slug from the name");
    assert_eq!(data.program, "aa", "the context's program");
    assert_eq!(data.timezone, DEFAULT_TZ, "the context's time zone");
    assert_eq!(data.status, Status::Published);
    assert_eq!((data.end_time, data.notes, data.types.len()), (None, None, 0));
    assert_eq!((data.location, data.online, data.group, data.contacts.len()), (None, None, None, 0));
    assert!(!data.temporarily_closed);
}

#[test]
fn the_context_decides_the_default_program_and_time_zone() {
    let ctx = ValidationContext { default_program: "na", default_timezone: chrono_tz::Europe::London, ..ctx() };
    let valid = validate_meeting(with(json!({"types": ["JT"]})), &ctx).unwrap();
    assert_eq!(valid.data.program, "na");
    assert_eq!(valid.data.timezone, chrono_tz::Europe::London);
    assert_eq!(valid.data.types, ["JT"], "checked against the default program's vocabulary");
}

#[test]
fn every_error_is_reported_at_once_in_field_order() {
    let bad = with(json!({
        "name": null, "slug": "Bad Slug", "program": "xx", "day": 9, "time": "7pm", "end_time": "25:00",
        "timezone": "Mars/Olympus", "status": "deleted", "location": {"latitude": 91},
        "online": {"conference_url": "javascript:alert(1)"}, "group": {"email": "nobody"},
        "contacts": [{"phone": "call me"}]
    }));
    let fields: Vec<String> = refusals(bad).into_iter().map(|(field, _)| field).collect();
    assert_eq!(
        fields,
        [
            "name",
            "slug",
            "program",
            "day",
            "time",
            "end_time",
            "timezone",
            "status",
            "location.latitude",
            "online.conference_url",
            "group.email",
            "contacts[0].phone"
        ]
    );
}

#[test]
fn the_error_reads_as_a_list_of_fields_and_messages() {
    let errors = validate_meeting(with(json!({"name": null, "day": 7})), &ctx()).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "2 invalid field(s): name: is required; day: must be 0 (Sunday) to 6 (Saturday), not 7"
    );
    assert_eq!(
        ValidationErrors::one("slug", "is taken").0,
        [FieldError { field: "slug".into(), message: "is taken".into() }]
    );
}

#[test]
fn a_slug_is_made_from_the_name_when_none_is_sent() {
    for (name, slug) in
        [("Café Serenity", "cafe-serenity"), ("  Women's  Wednesday!! ", "womens-wednesday"), ("12 & 12", "12-12")]
    {
        let valid = validate_meeting(with(json!({"name": name})), &ctx()).unwrap();
        assert_eq!((valid.data.slug.as_str(), valid.slug_generated), (slug, true), "{name}");
    }
    let blank = validate_meeting(with(json!({"name": "Blank Slug", "slug": "  "})), &ctx()).unwrap();
    assert_eq!((blank.data.slug.as_str(), blank.slug_generated), ("blank-slug", true), "a blank slug is no slug");
}

#[test]
fn a_sent_slug_is_kept_trimmed_and_is_not_generated() {
    let valid = validate_meeting(with(json!({"slug": " sunrise-hybrid-2 "})), &ctx()).unwrap();
    assert_eq!((valid.data.slug.as_str(), valid.slug_generated), ("sunrise-hybrid-2", false));
    assert!(validate_meeting(with(json!({"slug": "a".repeat(MAX_SLUG_LEN)})), &ctx()).is_ok(), "200 is the limit");
}

#[test]
fn a_sent_slug_must_be_lowercase_words_joined_by_single_hyphens() {
    let message = "must be lowercase letters and digits joined by single hyphens, at most 200 characters";
    let too_long = "a".repeat(MAX_SLUG_LEN + 1);
    for bad in ["Bad-Slug", "a b", "a--b", "-a", "a-", "café", "a_b", "a/b", too_long.as_str()] {
        assert_refused(with(json!({"slug": bad})), "slug", message);
    }
}

#[test]
fn status_is_draft_published_or_archived() {
    for (sent, status) in [("draft", Status::Draft), (" published ", Status::Published), ("archived", Status::Archived)]
    {
        assert_eq!(accepted(with(json!({"status": sent}))).status, status, "{sent}");
    }
    for bad in ["deleted", "Draft", "PUBLISHED", ""] {
        assert_refused(with(json!({"status": bad})), "status", "must be one of draft, published, archived");
    }
}

#[test]
fn temporarily_closed_is_false_unless_sent() {
    assert!(!accepted(with(json!({}))).temporarily_closed);
    assert!(accepted(with(json!({"temporarily_closed": true}))).temporarily_closed);
}

#[test]
fn read_only_fields_are_accepted_and_ignored() {
    let read_only = json!({
        "id": "0190c0de-0000-7000-8000-000000000001", "attendance_option": "hybrid",
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-02T00:00:00Z",
        "verified_at": "2026-01-03T00:00:00Z", "verified_by": "0190c0de-0000-7000-8000-000000000002"
    });
    assert_eq!(accepted(with(read_only)), accepted(with(json!({}))));
}

#[test]
fn unknown_fields_are_refused_before_validation_by_name() {
    for (body, named) in [
        (json!({"colour": "blue"}), "colour"),
        (json!({"location": {"floor": 2}}), "floor"),
        (json!({"online": {"zoom_id": "1"}}), "zoom_id"),
        (json!({"group": {"twitter": "x"}}), "twitter"),
        (json!({"contacts": [{"role": "GSR"}]}), "role"),
    ] {
        let mut full = base();
        merge(&mut full, body);
        let error = serde_json::from_value::<MeetingInput>(full).unwrap_err().to_string();
        assert!(error.contains(named), "{error}");
    }
}

#[test]
fn every_field_comes_back_as_sent() {
    // The body of the end-to-end test `every_field_round_trips`.
    let body = json!({
        "name": "Sunrise Hybrid", "slug": "sunrise-hybrid-rittenhouse", "program": "aa", "day": 0,
        "time": "08:00", "end_time": "09:00", "timezone": "America/Chicago", "types": ["O", "D", "ST"],
        "notes": "Coffee from 7:45.", "status": "published",
        "location": {
            "name": "Rittenhouse Hall", "address": "1800 Walnut St", "city": "Philadelphia", "state": "PA",
            "postal_code": "19103", "country": "US", "formatted_address": "1800 Walnut St, Philadelphia, PA 19103, USA",
            "latitude": 39.9496, "longitude": -75.1716, "approximate": false, "notes": "Ring the bell.",
            "regions": ["Pennsylvania", "Philadelphia", "Rittenhouse"]
        },
        "online": {
            "conference_url": "https://zoom.us/j/123456789", "conference_url_notes": "Password: serenity",
            "conference_phone": "+16465588656,,123456789#", "conference_phone_notes": "Dial in"
        },
        "temporarily_closed": false,
        "group": {
            "name": "Sunrise Group", "notes": "Business meeting first Sunday.", "website": "https://sunrise.example.org",
            "email": "sunrise@example.org", "phone": "+1 215 555 0100", "venmo": "@sunrise-group",
            "paypal": "sunrisegroup", "square": "$sunrise"
        },
        "contacts": [
            {"name": "Pat", "email": "pat@example.org", "phone": "215-555-0101", "public": true},
            {"name": "Sam", "email": "sam@example.org", "phone": "215-555-0102", "public": false}
        ]
    });
    let data = accepted(input(body.clone()));
    let written = serde_json::to_value(&data).unwrap();
    for (key, value) in body.as_object().unwrap() {
        assert_eq!(&written[key], value, "`{key}` as sent and as stored");
    }
    assert_eq!(data.attendance_option(), crate::meeting::AttendanceOption::Hybrid);
}

#[test]
fn a_meeting_read_back_as_input_validates_to_itself() {
    let data = accepted(with(json!({"notes": "Bring a friend.", "online": {"conference_phone": "+1 215 555 0100"}})));
    let again = validate_meeting(MeetingInput::from(&data), &ctx()).unwrap();
    assert_eq!(again, ValidMeeting { data, slug_generated: false });
}
