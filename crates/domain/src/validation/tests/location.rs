//! Where a meeting meets in person: coordinates, the region path, the composed address, and
//! when a location counts as none.

use super::*;

fn located(latitude: Value, longitude: Value) -> MeetingInput {
    with(json!({"location": {"latitude": latitude, "longitude": longitude}}))
}

#[test]
fn coordinates_are_kept_as_sent() {
    let location = accepted(located(json!(39.9494), json!(-75.1664))).location.unwrap();
    assert_eq!(location.coordinates(), Some((39.9494, -75.1664)));
}

#[test]
fn the_poles_and_the_antimeridian_are_in_range() {
    for (lat, lng) in [(90.0, 180.0), (-90.0, -180.0), (0.0, 0.0)] {
        assert_eq!(accepted(located(json!(lat), json!(lng))).coordinates(), Some((lat, lng)));
    }
}

#[test]
fn latitude_is_minus_90_to_90() {
    for bad in [91.0, 90.0001, -90.5, 1e300] {
        assert_refused(
            located(json!(bad), json!(-75.0)),
            "location.latitude",
            &format!("must be between -90 and 90, not {bad}"),
        );
    }
}

#[test]
fn longitude_is_minus_180_to_180() {
    for bad in [-181.0, 180.5, 360.0] {
        assert_refused(
            located(json!(39.9), json!(bad)),
            "location.longitude",
            &format!("must be between -180 and 180, not {bad}"),
        );
    }
}

#[test]
fn both_coordinates_out_of_range_are_both_reported() {
    assert_eq!(
        refusals(located(json!(100), json!(200))),
        [
            ("location.latitude".to_string(), "must be between -90 and 90, not 100".to_string()),
            ("location.longitude".to_string(), "must be between -180 and 180, not 200".to_string()),
        ]
    );
}

#[test]
fn coordinates_that_are_not_numbers_are_refused() {
    // JSON cannot carry these, but imports and other callers build inputs in code.
    for (lat, lng, field, shown) in [
        (f64::NAN, 0.0, "location.latitude", "must be between -90 and 90, not NaN"),
        (f64::INFINITY, 0.0, "location.latitude", "must be between -90 and 90, not inf"),
        (0.0, f64::NEG_INFINITY, "location.longitude", "must be between -180 and 180, not -inf"),
    ] {
        let mut m = with(json!({}));
        let location = m.location.as_mut().unwrap();
        (location.latitude, location.longitude) = (Some(lat), Some(lng));
        assert_refused(m, field, shown);
    }
}

#[test]
fn coordinates_come_in_pairs() {
    assert_refused(located(json!(39.9), json!(null)), "location.longitude", "is required when latitude is given");
    assert_refused(located(json!(null), json!(-75.1)), "location.latitude", "is required when longitude is given");
    let unplaced = accepted(located(json!(null), json!(null))).location.unwrap();
    assert_eq!(unplaced.coordinates(), None);
    assert_eq!(unplaced.address.as_deref(), Some("1500 Walnut St"));
}

#[test]
fn regions_are_kept_widest_first_and_trimmed() {
    let location = accepted(with(json!({"location": {"regions": [" New York ", "Manhattan"]}}))).location.unwrap();
    assert_eq!(location.regions, ["New York", "Manhattan"]);
}

#[test]
fn at_most_8_region_levels() {
    let eight: Vec<String> = (1..=8).map(|n| format!("Level {n}")).collect();
    assert_eq!(accepted(with(json!({"location": {"regions": eight}}))).regions(), eight);
    let nine: Vec<String> = (1..=9).map(|n| format!("Level {n}")).collect();
    assert_refused(with(json!({"location": {"regions": nine}})), "location.regions", "at most 8 levels");
}

#[test]
fn a_region_is_at_most_100_characters() {
    let longest = "é".repeat(100);
    assert_eq!(accepted(with(json!({"location": {"regions": ["PA", longest]}}))).regions()[1], longest);
    let over = "é".repeat(101);
    assert_refused(
        with(json!({"location": {"regions": ["PA", over]}})),
        "location.regions[1]",
        "must be at most 100 characters",
    );
}

#[test]
fn a_blank_region_is_refused_at_its_level() {
    for blank in ["", "  "] {
        assert_refused(
            with(json!({"location": {"regions": ["PA", blank]}})),
            "location.regions[1]",
            "must not be empty",
        );
    }
}

#[test]
fn a_region_takes_no_control_characters() {
    assert_refused(
        with(json!({"location": {"regions": ["Penn\u{7}sylvania"]}})),
        "location.regions[0]",
        "must not contain control characters",
    );
}

#[test]
fn the_formatted_address_is_composed_from_the_parts() {
    let location = accepted(with(json!({}))).location.unwrap();
    assert_eq!(location.formatted_address.as_deref(), Some("1500 Walnut St, Philadelphia, PA 19102, US"));
    let partial = json!({"location": {"address": null, "state": null, "country": null, "name": "The Hall"}});
    let location = accepted(with(partial)).location.unwrap();
    assert_eq!(location.formatted_address.as_deref(), Some("Philadelphia, 19102"), "the venue name is not part of it");
}

#[test]
fn a_composed_address_over_500_characters_is_refused() {
    // Each part is within its own limit; together, with separators, they are 504 characters.
    let long = json!({"location": {"address": "a".repeat(200), "city": "c".repeat(200), "state": "s".repeat(90)}});
    let message = "made from the address parts it would be over 500 characters: send one, or shorter parts";
    assert_refused(with(long.clone()), "location.formatted_address", message);
    let sent = json!({"location": {"formatted_address": "1500 Walnut St, Philadelphia"}});
    let mut both = long;
    merge(&mut both, sent);
    assert!(validate_meeting(with(both), &ctx()).is_ok(), "a sent line is used instead");
}

#[test]
fn a_sent_formatted_address_is_kept() {
    let sent = "1500 Walnut Street, Philadelphia, Pennsylvania";
    let location = accepted(with(json!({"location": {"formatted_address": sent}}))).location.unwrap();
    assert_eq!(location.formatted_address.as_deref(), Some(sent));
}

#[test]
fn a_location_with_nothing_in_it_is_no_location() {
    let nothing = json!({"name": " ", "address": "", "regions": [], "approximate": false});
    assert_eq!(accepted(input(json!({"name": "N", "day": 1, "time": "19:00", "location": nothing}))).location, None);
    assert_eq!(accepted(input(json!({"name": "N", "day": 1, "time": "19:00", "location": {}}))).location, None);
}

#[test]
fn an_approximate_place_is_kept_even_without_an_address() {
    let data = accepted(input(json!({"name": "N", "day": 1, "time": "19:00", "location": {"approximate": true}})));
    assert_eq!(data.location, Some(Location { approximate: true, ..Location::default() }));
    assert!(!accepted(with(json!({}))).location.unwrap().approximate, "not approximate unless sent");
}

#[test]
fn only_coordinates_make_a_location() {
    let data = accepted(input(
        json!({"name": "N", "day": 1, "time": "19:00", "location": {"latitude": 1.5, "longitude": 2.5}}),
    ));
    assert_eq!(data.location, Some(Location { latitude: Some(1.5), longitude: Some(2.5), ..Location::default() }));
}
