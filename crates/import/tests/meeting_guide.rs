//! Meeting Guide JSON: the spec sample, and each mapping the format needs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::TimeZone;
use chrono_tz::America::{Chicago, New_York};
use common::{assert_no_silent_drops, dump, opts, record, sample};
use recovery_domain::{Programs, ValidationContext, validate_meeting};
use recovery_import::{ImportOptions, Parsed, content_hash, meeting_guide};
use serde_json::{Value, json};

fn parse(feed: Value) -> Parsed {
    meeting_guide::parse(&serde_json::to_vec(&feed).unwrap(), &opts("aa", Chicago)).unwrap()
}

#[test]
fn the_spec_sample_imports_all_25_with_two_warnings() {
    let parsed = meeting_guide::parse(&sample("meeting-guide/meetings.json"), &opts("aa", Chicago)).unwrap();
    assert_eq!(parsed.source_records, 25);
    assert_eq!(parsed.records.len(), 25, "{}", dump(&parsed));
    assert_eq!(parsed.rejected.len(), 0, "{}", dump(&parsed));
    // The two online rows carry ONL but no conference URL or phone.
    assert_eq!(parsed.warnings.len(), 2, "{}", dump(&parsed));
    assert!(parsed.warnings.iter().all(|w| w.message.contains("no conference URL or phone")));
    let warned: Vec<_> = parsed.warnings.iter().map(|w| w.key.as_deref().unwrap()).collect();
    assert_eq!(warned, ["online-mondays", "wednesday-online"]);
    assert_no_silent_drops(&parsed, 0);

    let ctx = ValidationContext { programs: Programs::builtin(), default_timezone: Chicago, default_program: "aa" };
    for (i, r) in parsed.records.iter().enumerate() {
        assert_eq!(r.position, i);
        assert_eq!(r.input.slug.as_deref(), Some(r.external_key.as_str()));
        assert_eq!(r.input.timezone.as_deref(), Some("America/Chicago"), "the source's default time zone");
        validate_meeting(r.input.clone(), &ctx).unwrap();
    }

    let first = record(&parsed, "sunday-serenity");
    assert_eq!((first.input.day, first.input.time.as_deref()), (Some(0), Some("09:00")));
    assert_eq!(first.input.types.as_deref().unwrap(), ["D", "O"]);
    let location = first.input.location.as_ref().unwrap();
    assert_eq!(location.address.as_deref(), Some("100 Main St, Tupelo, MS"));
    assert_eq!(location.regions.as_deref().unwrap(), ["Mississippi", "North", "Tupelo"]);

    let japanese = record(&parsed, "asa-no-tsudoi");
    assert_eq!(japanese.input.name.as_deref(), Some("朝の集い"));

    let closed = record(&parsed, "closed-renovation");
    assert_eq!(closed.input.temporarily_closed, Some(true));
    assert_eq!(closed.input.types, None, "TC is a flag, not a type");
    assert_eq!(record(&parsed, "suspended-sat").input.types.as_deref().unwrap(), ["D"]);

    let online = record(&parsed, "online-mondays");
    assert_eq!(online.input.types.as_deref().unwrap(), ["O"], "ONL is dropped");
    let location = online.input.location.as_ref().unwrap();
    assert_eq!((location.address.as_deref(), location.city.as_deref()), (None, Some("Memphis")));
    assert!(online.approximate, "an address of \"Online\" is not a door to walk through");
}

#[test]
fn a_multi_day_record_becomes_one_meeting_per_day_with_stable_keys() {
    let feed = json!([{ "slug": "daily-reprieve", "name": "Daily Reprieve", "day": [3, 1, "5"], "time": "07:00" }]);
    let parsed = parse(feed.clone());
    let keys: Vec<_> = parsed.records.iter().map(|r| r.external_key.as_str()).collect();
    assert_eq!(keys, ["daily-reprieve-d1", "daily-reprieve-d3", "daily-reprieve-d5"]);
    let slugs: Vec<_> = parsed.records.iter().map(|r| r.input.slug.as_deref().unwrap()).collect();
    assert_eq!(slugs, keys);
    let days: Vec<_> = parsed.records.iter().map(|r| r.input.day.unwrap()).collect();
    assert_eq!(days, [1, 3, 5]);
    assert!(parsed.records.iter().all(|r| r.position == 0));
    assert_no_silent_drops(&parsed, 2);
    assert_eq!(parse(feed).records, parsed.records, "the same feed gives the same keys");

    let single = parse(json!([{ "slug": "once", "name": "Once", "day": [2], "time": "07:00" }]));
    assert_eq!(single.records[0].external_key, "once", "one day in an array is not split");
}

#[test]
fn times_types_and_fields_map_as_the_spec_says() {
    let parsed = parse(json!([{
        "slug": "evening",
        "name": "  <b>Evening</b> Group ",
        "day": "4",
        "time": "6:30 PM",
        "end_time": "19:30:00",
        "types": ["Open", "discussion", "ONL", "ZZZ", "TC"],
        "notes": "<p>Bring a <a href=\"https://x.example\">book</a></p><script>alert(1)</script>",
        "location": "St. Mark's",
        "location_notes": "Side door",
        "formatted_address": "1 Elm St, Springfield, IL 62701, USA",
        "latitude": "39.78",
        "longitude": -89.65,
        "approximate": "no",
        "region": "Illinois",
        "sub_region": "Springfield",
        "timezone": "America/Chicago",
        "conference_url": "https://zoom.us/j/123",
        "conference_url_notes": "Password: serenity",
        "conference_phone": "+1 646 555 0100,,123#",
        "group": "Evening Group",
        "group_notes": "Founded 1990",
        "district": "District 7",
        "website": "https://evening.example.org",
        "email": "group@example.org",
        "phone": "(555) 555-0100",
        "venmo": "@evening",
        "contact_1_name": "Pat",
        "contact_1_email": "pat@example.org",
        "contact_2_phone": "555-0101",
        "updated": "2024-01-01 12:00:00"
    }]));
    assert_eq!(parsed.rejected, [], "{}", dump(&parsed));
    let messages: Vec<_> = parsed.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages, ["unknown type `ZZZ`; left out"]);
    let r = &parsed.records[0];
    let input = &r.input;
    assert_eq!(input.name.as_deref(), Some("Evening Group"), "tags stripped, text trimmed");
    assert_eq!((input.day, input.time.as_deref(), input.end_time.as_deref()), (Some(4), Some("18:30"), Some("19:30")));
    assert_eq!(input.types.as_deref().unwrap(), ["D", "O"]);
    assert_eq!(input.temporarily_closed, Some(true));
    assert_eq!(input.notes.as_deref(), Some("Bring a book"));
    let location = input.location.as_ref().unwrap();
    assert_eq!(location.name.as_deref(), Some("St. Mark's"));
    assert_eq!(location.notes.as_deref(), Some("Side door"));
    assert_eq!((location.latitude, location.longitude), (Some(39.78), Some(-89.65)));
    assert_eq!(location.approximate, Some(false));
    assert_eq!(location.regions.as_deref().unwrap(), ["Illinois", "Springfield"]);
    let online = input.online.as_ref().unwrap();
    assert_eq!(online.conference_url.as_deref(), Some("https://zoom.us/j/123"));
    assert_eq!(online.conference_url_notes.as_deref(), Some("Password: serenity"));
    assert_eq!(online.conference_phone.as_deref(), Some("+1 646 555 0100,,123#"));
    let group = input.group.as_ref().unwrap();
    assert_eq!(group.name.as_deref(), Some("Evening Group"));
    assert_eq!(group.notes.as_deref(), Some("Founded 1990\nDistrict 7"), "TSML's district of the group");
    assert_eq!(group.website.as_deref(), Some("https://evening.example.org"));
    assert_eq!(group.venmo.as_deref(), Some("@evening"));
    let contacts = input.contacts.as_ref().unwrap();
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[0].email.as_deref(), Some("pat@example.org"));
    assert_eq!(contacts[1].phone.as_deref(), Some("555-0101"));
    assert!(contacts.iter().all(|c| c.public != Some(true)), "feed contacts stay private");
    assert_eq!(r.updated, Some(chrono::Utc.with_ymd_and_hms(2024, 1, 1, 12, 0, 0).unwrap()));
    assert!(!r.approximate);
}

#[test]
fn approximate_flags_and_numbers_in_any_json_type() {
    let parsed = parse(json!([
        { "slug": "a", "name": "A", "day": 1, "time": "08:00", "city": "Chicago", "approximate": "yes" },
        { "slug": "b", "name": "B", "day": 1, "time": "08:00", "city": "Chicago", "approximate": true,
          "latitude": 41.88, "longitude": "-87.63" },
        { "slug": "c", "name": "C", "day": 1, "time": "08:00", "address": "1 Main St", "latitude": 0, "longitude": "0" }
    ]));
    assert_eq!(parsed.records.len(), 3, "{}", dump(&parsed));
    assert!(parsed.records[0].approximate && parsed.records[1].approximate && !parsed.records[2].approximate);
    let b = parsed.records[1].input.location.as_ref().unwrap();
    assert_eq!((b.latitude, b.longitude), (Some(41.88), Some(-87.63)));
    let c = parsed.records[2].input.location.as_ref().unwrap();
    assert_eq!((c.latitude, c.longitude), (None, None), "0, 0 means unknown");
}

#[test]
fn invalid_records_are_rejected_with_their_reasons_and_the_rest_kept() {
    let parsed = parse(json!([
        { "slug": "ok", "name": "Fine", "day": 1, "time": "08:00" },
        { "slug": "no-day", "name": "No Day", "time": "08:00" },
        { "slug": "bad-time", "name": "Bad Time", "day": 1, "time": "quarter past" },
        { "slug": "ok", "name": "Same Slug", "day": 2, "time": "09:00" },
        "not a meeting",
        { "slug": "bad-day", "name": "Bad Day", "day": 9, "time": "08:00" },
        { "slug": "bad-zone", "name": "Bad Zone", "day": 1, "time": "08:00", "timezone": "Mars/Olympus" },
        { "name": "No Slug", "day": 1, "time": "08:00" }
    ]));
    let reasons: Vec<_> = parsed.rejected.iter().map(|r| (r.position, r.key.as_deref(), r.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [
            (1, Some("no-day"), "day: is required (0 = Sunday … 6 = Saturday)"),
            (2, Some("bad-time"), "time `quarter past` is not a time of day"),
            (3, Some("ok"), "duplicate key `ok`: the record at position 0 has it too"),
            (4, None, "expected a meeting object, found a string"),
            (5, Some("bad-day"), "day: must be 0 (Sunday) to 6 (Saturday), not 9"),
            (6, Some("bad-zone"), "timezone: unknown IANA time zone `Mars/Olympus`"),
        ]
    );
    let kept: Vec<_> = parsed.records.iter().map(|r| r.external_key.as_str()).collect();
    assert_eq!(kept, ["ok", "no-slug-d1-t0800"], "a record without a slug is known by name, day and time");
    assert_eq!(parsed.records[1].input.slug, None, "its slug is left for validation to make from the name");
    assert_eq!(parsed.warnings.len(), 1, "{}", dump(&parsed));
    assert_no_silent_drops(&parsed, 0);
}

#[test]
fn a_bad_way_to_reach_the_group_is_dropped_with_a_warning_not_the_meeting() {
    let parsed = parse(json!([{
        "slug": "x", "name": "X", "day": 1, "time": "08:00",
        "website": "javascript:alert(1)", "email": "not-an-email", "conference_url": "ftp://x", "latitude": 40.0
    }]));
    assert_eq!(parsed.records.len(), 1, "{}", dump(&parsed));
    let input = &parsed.records[0].input;
    assert_eq!(input.group.as_ref().and_then(|g| g.website.clone()), None);
    assert_eq!(input.online.as_ref().and_then(|o| o.conference_url.clone()), None);
    assert_eq!(input.location.as_ref().and_then(|l| l.latitude), None, "a latitude without a longitude is dropped");
    let fields: Vec<_> = parsed.warnings.iter().map(|w| w.message.split(' ').next().unwrap()).collect();
    assert_eq!(fields, ["location.longitude", "online.conference_url", "group.website", "group.email"]);
}

#[test]
fn the_region_prefix_goes_before_the_records_own_regions() {
    let options = ImportOptions { region_prefix: vec!["US".into(), "Mississippi".into()], ..opts("aa", New_York) };
    let feed = json!([
        { "slug": "a", "name": "A", "day": 1, "time": "08:00", "regions": ["North"] },
        { "slug": "b", "name": "B", "day": 1, "time": "08:00" }
    ]);
    let parsed = meeting_guide::parse(&serde_json::to_vec(&feed).unwrap(), &options).unwrap();
    let regions = |i: usize| parsed.records[i].input.location.as_ref().unwrap().regions.clone().unwrap();
    assert_eq!(regions(0), ["US", "Mississippi", "North"]);
    assert_eq!(regions(1), ["US", "Mississippi"]);
}

#[test]
fn content_hashes_are_stable_and_follow_changes() {
    let bytes = sample("meeting-guide/meetings.json");
    let a = meeting_guide::parse(&bytes, &opts("aa", Chicago)).unwrap();
    let b = meeting_guide::parse(&bytes, &opts("aa", Chicago)).unwrap();
    let hashes = |p: &Parsed| p.records.iter().map(|r| content_hash(&r.input)).collect::<Vec<_>>();
    assert_eq!(hashes(&a), hashes(&b));
    let mut distinct = hashes(&a);
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 25);
    let mut changed = a.records[0].input.clone();
    changed.time = Some("09:01".into());
    assert_ne!(content_hash(&changed), content_hash(&a.records[0].input));
}

#[test]
fn an_unknown_program_is_refused_up_front() {
    let err = meeting_guide::parse(b"[]", &opts("xa", Chicago)).unwrap_err();
    assert_eq!(err.to_string(), "unknown program `xa`");
}
