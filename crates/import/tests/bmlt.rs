//! BMLT: the real search answer from the spec folder, and each rule of the semantic API.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono_tz::America::New_York;
use common::{assert_no_silent_drops, dump, opts, record, sample};
use recovery_import::{Parsed, bmlt};
use serde_json::{Value, json};

fn parse(meetings: Value, formats: Option<Value>) -> Parsed {
    let formats = formats.map(|f| serde_json::to_vec(&f).unwrap());
    bmlt::parse(&serde_json::to_vec(&meetings).unwrap(), formats.as_deref(), &opts("na", New_York)).unwrap()
}

fn meeting(id: &str, extra: Value) -> Value {
    let mut m = json!({
        "id_bigint": id, "meeting_name": "Just for Today", "weekday_tinyint": "2", "start_time": "19:00:00",
        "location_text": "Church", "location_street": "1 Main St", "location_municipality": "Utica",
        "location_province": "NY", "latitude": "43.1", "longitude": "-75.2", "formats": ""
    });
    for (k, v) in extra.as_object().unwrap() {
        m[k] = v.clone();
    }
    m
}

#[test]
fn the_sample_search_imports_all_62_meetings() {
    for formats in [None, Some(sample("bmlt/formats.json"))] {
        let parsed =
            bmlt::parse(&sample("bmlt/meeting-search-42.867970-day4.json"), formats.as_deref(), &opts("na", New_York))
                .unwrap();
        assert_eq!(parsed.source_records, 62);
        assert_eq!(parsed.records.len(), 62, "{}", dump(&parsed));
        assert_eq!(parsed.rejected.len(), 0, "{}", dump(&parsed));
        assert_eq!(parsed.warnings.len(), 0, "{}", dump(&parsed));
        assert_no_silent_drops(&parsed, 0);

        let first = record(&parsed, "2533");
        let input = &first.input;
        assert_eq!(input.name.as_deref(), Some("Never Look Back"));
        assert_eq!(input.day, Some(3), "weekday_tinyint 4 is Wednesday");
        assert_eq!((input.time.as_deref(), input.end_time.as_deref()), (Some("18:30"), None));
        assert_eq!(input.types.as_deref().unwrap(), ["NS", "O", "RF", "WC"]);
        assert_eq!(input.program.as_deref(), Some("na"));
        assert_eq!(input.slug, None, "BMLT meetings get their slug from their name");
        let location = input.location.as_ref().unwrap();
        assert_eq!(location.name.as_deref(), Some("Emmanual United Methodist Church"));
        assert_eq!(location.address.as_deref(), Some("301 East Miller Street"));
        assert_eq!((location.city.as_deref(), location.state.as_deref()), (Some("Newark"), Some("NY")));
        assert_eq!((location.latitude, location.longitude), (Some(43.045651), Some(-77.088775)));
        assert_eq!(input.online, None);
        assert_eq!(
            record(&parsed, "1841").input.location.as_ref().unwrap().notes.as_deref(),
            Some("Behind Rectory (Basement)")
        );
        assert_eq!(record(&parsed, "1998").input.types.as_deref().unwrap(), ["BT", "O", "Pi", "SD"], "case kept");
        assert_eq!(record(&parsed, "2413").input.types, None, "no formats");
    }
}

#[test]
fn weekdays_durations_venue_types_and_time_zones() {
    let parsed = parse(
        json!([
            meeting("1", json!({ "weekday_tinyint": "1", "start_time": "23:00:00", "duration_time": "01:30:00" })),
            meeting(
                "2",
                json!({ "weekday_tinyint": "7", "duration_time": "01:00:00", "time_zone": "America/Chicago" })
            ),
            meeting(
                "3",
                json!({ "venue_type": "2", "virtual_meeting_link": "https://zoom.us/j/1",
                                 "virtual_meeting_additional_info": "Passcode 12", "phone_meeting_number": "+1 555 0100" })
            ),
            meeting(
                "4",
                json!({ "venue_type": "3", "phone_meeting_number": "+1 555 0100",
                                 "virtual_meeting_additional_info": "Code 12#" })
            ),
            meeting("5", json!({ "venue_type": "1", "virtual_meeting_link": "https://zoom.us/j/old" })),
            meeting("6", json!({ "latitude": "0", "longitude": "0", "duration_time": "00:00:00" })),
        ]),
        None,
    );
    assert_eq!(parsed.rejected, [], "{}", dump(&parsed));
    let sunday = &record(&parsed, "1").input;
    assert_eq!(sunday.day, Some(0), "weekday 1 is Sunday");
    assert_eq!((sunday.time.as_deref(), sunday.end_time.as_deref()), (Some("23:00"), Some("00:30")), "past midnight");
    let saturday = &record(&parsed, "2").input;
    assert_eq!((saturday.day, saturday.end_time.as_deref()), (Some(6), Some("20:00")));
    assert_eq!(saturday.timezone.as_deref(), Some("America/Chicago"));
    assert_eq!(sunday.timezone.as_deref(), Some("America/New_York"), "the default without time_zone");

    let virtual_only = record(&parsed, "3");
    let online = virtual_only.input.online.as_ref().unwrap();
    assert_eq!(online.conference_url.as_deref(), Some("https://zoom.us/j/1"));
    assert_eq!(online.conference_url_notes.as_deref(), Some("Passcode 12"));
    assert_eq!(online.conference_phone.as_deref(), Some("+1 555 0100"));
    assert!(virtual_only.approximate, "venue_type 2: the address only places the meeting");

    let hybrid = record(&parsed, "4");
    assert!(!hybrid.approximate);
    let online = hybrid.input.online.as_ref().unwrap();
    assert_eq!(
        (online.conference_phone.as_deref(), online.conference_phone_notes.as_deref()),
        (Some("+1 555 0100"), Some("Code 12#"))
    );

    assert_eq!(record(&parsed, "5").input.online, None, "venue_type 1 is in person");
    let unknown_place = &record(&parsed, "6").input;
    assert_eq!(unknown_place.location.as_ref().unwrap().latitude, None, "\"0\", \"0\" is unknown");
    assert_eq!(unknown_place.end_time, None, "a zero duration is no end time");

    let messages: Vec<_> = parsed.warnings.iter().map(|w| (w.key.as_deref().unwrap(), w.message.as_str())).collect();
    assert_eq!(messages, [("5", "venue_type 1 (in person): its virtual link and phone left out")]);
}

#[test]
fn formats_map_by_key_then_by_the_servers_name_and_unknown_keys_warn() {
    let formats = json!([
        { "key_string": "BT", "name_string": "Basic Text", "world_id": "BT" },
        { "key_string": "TL", "name_string": "Texto Básico", "world_id": "BT" },
        { "key_string": "LIB", "name_string": "Basic Text", "world_id": "BT" },
        { "key_string": "VM", "name_string": "Virtual Meeting", "world_id": "ONL" },
        { "key_string": "TC", "name_string": "Temporarily Closed", "world_id": "TC" }
    ]);
    let parsed = parse(
        json!({ "meetings": [
            meeting("1", json!({ "formats": "O,LIB,ZZ,VM,TC", "virtual_meeting_link": "https://meet.example/1" })),
            meeting("2", json!({ "formats": "VM" })),
        ]}),
        Some(formats),
    );
    assert_eq!(parsed.rejected, [], "{}", dump(&parsed));
    let first = &record(&parsed, "1").input;
    assert_eq!(first.types.as_deref().unwrap(), ["BT", "O"], "LIB is \"Basic Text\" on this server");
    assert_eq!(first.temporarily_closed, Some(true));
    let messages: Vec<_> = parsed.warnings.iter().map(|w| (w.key.as_deref().unwrap(), w.message.as_str())).collect();
    assert_eq!(
        messages,
        [("1", "unknown type `ZZ`; left out"), ("2", "marked online but has no conference URL or phone")]
    );
}

#[test]
fn unpublished_meetings_are_drafts() {
    let parsed = parse(
        json!([
            meeting("1", json!({ "published": "0" })),
            meeting("2", json!({ "published": "1" })),
            meeting("3", json!({})),
            meeting("4", json!({ "published": "" })),
            meeting("5", json!({ "published": false })),
        ]),
        None,
    );
    assert_eq!(parsed.rejected, [], "{}", dump(&parsed));
    let status = |key: &str| record(&parsed, key).input.status.clone();
    assert_eq!(status("1").as_deref(), Some("draft"));
    assert_eq!(status("5").as_deref(), Some("draft"));
    for published in ["2", "3", "4"] {
        assert_eq!(status(published), None, "{published}: published, as every record");
    }
    assert_eq!(parsed.warnings, [], "{}", dump(&parsed));
}

#[test]
fn boroughs_are_cities_and_the_location_hierarchy_is_the_region_path() {
    let mut no_municipality = meeting(
        "2",
        json!({ "location_city_subsection": "Brooklyn", "location_sub_province": "Kings",
                "location_neighborhood": "at Meeting House Rd.", "location_info": "Basement",
                "bus_lines": "B41, B67", "train_lines": "F, G to 7 Av" }),
    );
    no_municipality.as_object_mut().unwrap().remove("location_municipality");
    let parsed = parse(
        json!([
            meeting(
                "1",
                json!({ "location_municipality": "New York", "location_city_subsection": "Brooklyn",
                        "location_sub_province": "Kings", "location_neighborhood": "Park Slope" })
            ),
            no_municipality,
            meeting("3", json!({ "location_sub_province": "Oneida" })),
        ]),
        None,
    );
    assert_eq!(parsed.rejected, [], "{}", dump(&parsed));
    let location = |key: &str| record(&parsed, key).input.location.clone().unwrap();
    let brooklyn = location("1");
    assert_eq!(brooklyn.city.as_deref(), Some("Brooklyn"), "where New Yorkers say they are");
    assert_eq!(brooklyn.regions.unwrap(), ["NY", "Kings", "Brooklyn", "Park Slope"]);
    let no_municipality = location("2");
    assert_eq!(no_municipality.city.as_deref(), Some("Brooklyn"), "the borough when the municipality is missing");
    assert_eq!(no_municipality.regions.unwrap(), ["NY", "Kings", "Brooklyn"], "directions are no region");
    assert_eq!(
        no_municipality.notes.as_deref(),
        Some("Basement\nat Meeting House Rd.\nBus: B41, B67\nTrain: F, G to 7 Av")
    );
    let upstate = location("3");
    assert_eq!(upstate.city.as_deref(), Some("Utica"));
    assert_eq!(upstate.regions.unwrap(), ["NY", "Oneida", "Utica"]);
}

#[test]
fn another_servers_formats_map_by_world_id_and_the_rest_are_named_in_the_notes() {
    // A Spanish-speaking server: its own keys and names, NAWS world ids.
    let formats = json!([
        { "key_string": "A", "name_string": "Abierta", "world_id": "OPEN" },
        { "key_string": "PA", "name_string": "Principiantes", "world_id": "BEG" },
        { "key_string": "TB", "name_string": "Texto Básico", "world_id": "BT" },
        { "key_string": "PG", "name_string": "Principios Guía", "world_id": "GP" },
        { "key_string": "FUM", "name_string": "Se permite fumar", "world_id": "SMOK" },
        { "key_string": "V", "name_string": "Virtual", "world_id": "VM" }
    ]);
    let parsed = parse(
        json!([
            meeting("1", json!({ "formats": "A,PA,PG,FUM", "comments": "Café después" })),
            meeting("2", json!({ "formats": "TB,PG,V", "virtual_meeting_link": "https://meet.example/2" })),
            meeting("3", json!({ "formats": "A" })),
        ]),
        Some(formats),
    );
    assert_eq!(parsed.rejected, [], "{}", dump(&parsed));
    let first = &record(&parsed, "1").input;
    assert_eq!(first.types.as_deref().unwrap(), ["B", "O"]);
    assert_eq!(first.notes.as_deref(), Some("Café después\n\nFormats: Principios Guía, Se permite fumar"));
    let second = &record(&parsed, "2").input;
    assert_eq!(second.types.as_deref().unwrap(), ["BT"]);
    assert_eq!(second.notes.as_deref(), Some("Formats: Principios Guía"));
    assert_eq!(record(&parsed, "3").input.notes, None);
    let messages: Vec<_> = parsed.warnings.iter().map(|w| (w.position, w.key.as_deref(), w.message.as_str())).collect();
    assert_eq!(
        messages,
        [
            (0, None, "format `Principios Guía` has no meeting type here: named in the notes of 2 meetings"),
            (0, None, "format `Se permite fumar` has no meeting type here: named in the notes of 1 meeting"),
        ],
        "one warning per format, not per meeting"
    );
}

#[test]
fn meetings_without_id_or_with_a_bad_weekday_are_rejected() {
    let mut no_id = meeting("x", json!({}));
    no_id.as_object_mut().unwrap().remove("id_bigint");
    let parsed = parse(
        json!([
            no_id,
            meeting("8", json!({ "weekday_tinyint": "0" })),
            meeting("9", json!({ "start_time": "later" })),
            5
        ]),
        None,
    );
    let reasons: Vec<_> = parsed.rejected.iter().map(|r| (r.key.as_deref(), r.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [
            (None, "no id_bigint"),
            (Some("8"), "weekday_tinyint `0` is not 1 (Sunday) to 7 (Saturday)"),
            (Some("9"), "time `later` is not a time of day"),
            (None, "expected a meeting object, found a number"),
        ]
    );
    assert_no_silent_drops(&parsed, 0);
}
