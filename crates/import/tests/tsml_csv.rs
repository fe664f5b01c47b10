//! TSML CSV: the template sample, and the rules for rows, days, times and type names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::TimeZone;
use chrono_tz::America::{Los_Angeles, New_York};
use common::{assert_no_silent_drops, dump, opts, record, sample};
use recovery_import::{FormatError, Parsed, tsml_csv};

fn parse(csv: &str) -> Parsed {
    tsml_csv::parse(csv.as_bytes(), &opts("aa", New_York)).unwrap()
}

#[test]
fn the_template_imports_all_36_rows_and_reports_each_malformed_updated() {
    let parsed = tsml_csv::parse(&sample("meeting-guide/template.csv"), &opts("aa", Los_Angeles)).unwrap();
    assert_eq!(parsed.source_records, 36);
    assert_eq!(parsed.records.len(), 36, "{}", dump(&parsed));
    assert_eq!(parsed.rejected.len(), 0, "{}", dump(&parsed));
    // Every row's `Updated` lacks the space between date and time ("2020-04-0416:50:58").
    assert_eq!(parsed.warnings.len(), 36, "{}", dump(&parsed));
    assert!(parsed.warnings.iter().all(|w| w.message.contains("is malformed; read as")), "{}", dump(&parsed));
    assert_eq!(
        parsed.warnings[0].message,
        "line 2: updated `2020-04-0416:50:58` is malformed; read as 2020-04-04 16:50:58"
    );
    assert_no_silent_drops(&parsed, 0);
    assert!(parsed.records.iter().enumerate().all(|(i, r)| r.position == i));

    let first = record(&parsed, "after-work-topic-meeting");
    let input = &first.input;
    assert_eq!((input.day, input.time.as_deref()), (Some(1), Some("18:00")), "\"6:00 PM\" on Monday");
    assert_eq!(input.types.as_deref().unwrap(), ["O", "X"], "Open, Wheelchair Access");
    assert_eq!(input.timezone.as_deref(), Some("America/Los_Angeles"));
    let location = input.location.as_ref().unwrap();
    assert_eq!(location.name.as_deref(), Some("Saturday Nite Live"));
    assert_eq!(location.formatted_address.as_deref(), Some("2634 Union Ave, San Jose, CA 95124, USA"));
    assert_eq!(location.regions.as_deref().unwrap(), ["San Jose", "West San Jose"]);
    let group = input.group.as_ref().unwrap();
    assert_eq!(group.name.as_deref(), Some("Saturday Nite Live"));
    assert_eq!(group.website.as_deref(), Some("https://saturdaynitelive.org"));
    assert_eq!(group.venmo.as_deref(), Some("@sample-venmo"));
    assert_eq!(group.phone.as_deref(), Some("(800) 555-1212"));
    assert_eq!(first.updated, Some(chrono::Utc.with_ymd_and_hms(2020, 4, 4, 16, 50, 58).unwrap()));

    let tgif = &record(&parsed, "t-g-i-f").input;
    assert_eq!((tgif.time.as_deref(), tgif.end_time.as_deref()), (Some("19:30"), Some("20:30")));
    assert_eq!(record(&parsed, "faith-at-work").input.time.as_deref(), Some("06:30"));
    assert_eq!(record(&parsed, "open-aa").input.time.as_deref(), Some("12:00"), "12:00 PM is noon");

    let steps = &record(&parsed, "gay-lesbian-step-study-12-traditions-group").input;
    assert_eq!(steps.types.as_deref().unwrap(), ["G", "L", "O", "ST", "T", "TR", "X"], "Step Meeting → ST");
    assert_eq!(record(&parsed, "living-with-others").input.types.as_deref().unwrap(), ["BA", "H", "O", "X"]);

    let underground = &record(&parsed, "underground-book-study").input;
    assert_eq!(
        underground.types.as_deref().unwrap(),
        ["B", "M", "O"],
        "Online Meeting and Temporary Closure are not types"
    );
    assert_eq!(underground.temporarily_closed, Some(true));
    let online = underground.online.as_ref().unwrap();
    assert_eq!(online.conference_url.as_deref(), Some("https://us04web.zoom.us/j/9999999999"));
    assert_eq!(online.conference_phone.as_deref(), Some("(800) 555-1212"));

    assert_eq!(record(&parsed, "spiritual-step-study").input.day, Some(0), "Sunday");
}

#[test]
fn rows_without_name_day_or_time_are_rejected_with_their_line() {
    let parsed = parse(
        "Name,Day,Time\n\
         Good,Monday,7:00 PM\n\
         ,Monday,7:00 PM\n\
         No Day,,7:00 PM\n\
         No Time,Friday,\n\
         Bad Day,Someday,7:00 PM\n\
         Bad Time,Friday,25:00\n\
         Ragged\n",
    );
    let reasons: Vec<_> = parsed.rejected.iter().map(|r| (r.position, r.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [
            (1, "line 3: Name empty"),
            (2, "line 4: Day empty"),
            (3, "line 5: Time empty"),
            (4, "line 6: Day `Someday` is not a day of the week"),
            (5, "line 7: time `25:00` is not a time of day"),
            (6, "line 8: Day, Time empty"),
        ]
    );
    assert_eq!(parsed.records.len(), 1);
    assert_eq!(parsed.records[0].external_key, "good-d1-t1900", "no Slug column: name, day and time");
    assert_no_silent_drops(&parsed, 0);
}

#[test]
fn columns_in_any_order_and_case_spanish_days_and_unknown_types_as_warnings() {
    let parsed = parse(
        "types,SLUG,time,Location_Notes,day,NAME,City,State,Updated,Color\n\
         \"Open, Speaker, Karaoke\",martes-noche,8:15 pm,Upstairs,Martes,Martes Noche,Chicago,IL,not a date,blue\n\
         \"Closed\",dos-dias,7:00 AM,,\"Monday, Thursday\",Two Days,Chicago,IL,2024-03-01 10:00:00,\n",
    );
    assert_eq!(parsed.rejected, [], "{}", dump(&parsed));
    let messages: Vec<_> = parsed.warnings.iter().map(|w| (w.position, w.message.as_str())).collect();
    assert_eq!(
        messages,
        [
            (0, "column `Color` is not read"),
            (0, "line 2: unknown type `Karaoke`; left out"),
            (0, "line 2: updated `not a date` is not a date; left out"),
        ]
    );
    let first = &parsed.records[0];
    assert_eq!(first.external_key, "martes-noche");
    assert_eq!((first.input.day, first.input.time.as_deref()), (Some(2), Some("20:15")));
    assert_eq!(first.input.types.as_deref().unwrap(), ["O", "SP"]);
    let location = first.input.location.as_ref().unwrap();
    assert_eq!((location.city.as_deref(), location.notes.as_deref()), (Some("Chicago"), Some("Upstairs")));
    let keys: Vec<_> = parsed.records.iter().skip(1).map(|r| r.external_key.as_str()).collect();
    assert_eq!(keys, ["dos-dias-d1", "dos-dias-d4"]);
    assert_no_silent_drops(&parsed, 1);
}

#[test]
fn a_csv_without_the_required_columns_is_a_format_error() {
    let err = tsml_csv::parse(b"Title,When\nx,y\n", &opts("aa", New_York)).unwrap_err();
    assert_eq!(err, FormatError::Csv("missing column(s): name, day, time".into()));
    assert!(matches!(tsml_csv::parse(b"", &opts("aa", New_York)), Err(FormatError::Empty { .. })));
}

#[test]
fn district_and_sub_district_are_the_groups_as_in_tsml() {
    let parsed = parse(
        "Name,Day,Time,Group,Group Notes,District,Sub District\n\
         With Group,Monday,7:00 PM,Noon Group,Since 1990,District 12,3\n\
         Without Group,Tuesday,7:00 PM,,,North Valley,\n",
    );
    assert_eq!(parsed.warnings, [], "District and Sub District are read: {}", dump(&parsed));
    let group = parsed.records[0].input.group.as_ref().unwrap();
    assert_eq!(group.name.as_deref(), Some("Noon Group"));
    assert_eq!(group.notes.as_deref(), Some("Since 1990\nDistrict 12\nSub District: 3"));
    let group = parsed.records[1].input.group.as_ref().unwrap();
    assert_eq!((group.name.as_deref(), group.notes.as_deref()), (None, Some("District: North Valley")));
}
