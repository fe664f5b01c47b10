//! BMLT root servers' semantic API: the `GetSearchResults` answer (optionally with
//! `get_used_formats`), the `GetFormats` answer and the `GetServerInfo` answer, as NA service
//! bodies publish them.
//!
//! Every value arrives as a string. Weekdays run 1–7 from Sunday; the end time is the start
//! plus `duration_time`, wrapping past midnight; `venue_type` is 1 in person, 2 virtual,
//! 3 hybrid; `published` "0" (in answers to signed-in clients and in saved files) makes the
//! meeting a draft; formats are keys of the server's format list ([`formats`]); the place is
//! BMLT's location hierarchy ([`location`]). The external key is `id_bigint`.

mod formats;
mod location;
mod server_info;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::build::Collector;
use crate::clock::{parse_duration, parse_time};
use crate::json::{Record, coordinates, document, kind};
use crate::record::{Fields, short};
use crate::types::TypeMap;
use crate::{FormatError, ImportOptions, Parsed, program_checked};
use formats::{FormatMeaning, Formats};
use recovery_domain::TimeOfDay;

pub use server_info::{ServerInfo, server_info};

const SEARCH: &str = "BMLT GetSearchResults";
const FORMATS: &str = "BMLT GetFormats";

/// Reads a `GetSearchResults` answer; `formats` is the server's `GetFormats` answer, which
/// says what the format keys mean (formats embedded in the answer are used too).
pub fn parse(search_results: &[u8], formats: Option<&[u8]>, opts: &ImportOptions) -> Result<Parsed, FormatError> {
    let program = program_checked(opts)?;
    let (meetings, embedded) = match document(search_results, SEARCH)? {
        Value::Array(items) => (items, Vec::new()),
        Value::Object(mut map) => match (map.remove("meetings"), map.remove("formats")) {
            (Some(Value::Array(items)), Some(Value::Array(formats))) => (items, formats),
            (Some(Value::Array(items)), _) => (items, Vec::new()),
            _ => return Err(shape(SEARCH, "expected an array of meetings or {\"meetings\": [...]}, found an object")),
        },
        other => return Err(shape(SEARCH, &format!("expected an array of meetings, found {}", kind(&other)))),
    };
    let mut table = Formats::default();
    table.extend(&embedded);
    if let Some(bytes) = formats {
        match document(bytes, FORMATS)? {
            Value::Array(items) => table.extend(&items),
            other => return Err(shape(FORMATS, &format!("expected an array of formats, found {}", kind(&other)))),
        }
    }
    let types = TypeMap::new(&program.vocabulary);
    let mut out = Collector::new(opts)?;
    // Format name → (the position of its first meeting, how many meetings have it): one
    // warning per format, not one per meeting.
    let mut unmapped: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (position, item) in meetings.iter().enumerate() {
        let Some(map) = item.as_object() else {
            out.reject(position, None, format!("expected a meeting object, found {}", kind(item)));
            continue;
        };
        match read(map, &table, &types) {
            Ok((fields, names)) => {
                let key = fields.key.clone();
                match fields.into_draft(position, String::new(), &types) {
                    Ok(draft) => {
                        for name in names {
                            unmapped.entry(name).or_insert((position, 0)).1 += 1;
                        }
                        out.add(draft);
                    }
                    Err(reason) => out.reject(position, key.as_deref(), reason),
                }
            }
            Err((key, reason)) => out.reject(position, key.as_deref(), reason),
        }
    }
    for (name, (position, count)) in unmapped {
        let meetings = if count == 1 { "1 meeting".to_string() } else { format!("{count} meetings") };
        let message = format!("format `{}` has no meeting type here: named in the notes of {meetings}", short(&name));
        out.warn(position, None, message);
    }
    Ok(out.finish(meetings.len()))
}

fn shape(format: &'static str, message: &str) -> FormatError {
    FormatError::Shape { format, message: message.to_string() }
}

/// The fields of one meeting and the names of its formats that have no type here, or (its
/// id, why it cannot be read).
fn read(
    map: &Map<String, Value>,
    table: &Formats,
    types: &TypeMap<'_>,
) -> Result<(Fields, Vec<String>), (Option<String>, String)> {
    let mut r = Record::new(map);
    let key = r.text("id_bigint");
    let fail = |reason: String| (key.clone(), reason);
    if key.is_none() {
        return Err(fail("no id_bigint".into()));
    }
    let weekday = r.text("weekday_tinyint").unwrap_or_default();
    let day = match weekday.trim().parse::<i64>() {
        Ok(n @ 1..=7) => n - 1,
        _ => return Err(fail(format!("weekday_tinyint `{}` is not 1 (Sunday) to 7 (Saturday)", short(&weekday)))),
    };
    let time = r.text("start_time");
    let end = end_time(time.as_deref(), r.text("duration_time").as_deref(), &mut r.warnings);

    let mut tokens: Vec<String> = Vec::new();
    let mut unmapped: Vec<String> = Vec::new();
    for code in r.text("formats").unwrap_or_default().split(',').map(str::trim).filter(|c| !c.is_empty()) {
        match table.meaning(code, types) {
            FormatMeaning::Token(token) => tokens.push(token),
            FormatMeaning::Unmapped(name) if !unmapped.contains(&name) => unmapped.push(name),
            FormatMeaning::Unmapped(_) => {}
        }
    }
    let notes = match (r.text("comments"), unmapped.is_empty()) {
        (comments, true) => comments,
        (None, false) => Some(format!("Formats: {}", unmapped.join(", "))),
        (Some(comments), false) => Some(format!("{}\n\nFormats: {}", comments.trim_end(), unmapped.join(", "))),
    };

    let mut conference_url = r.text("virtual_meeting_link");
    let mut conference_phone = r.text("phone_meeting_number");
    let info = r.text("virtual_meeting_additional_info");
    let mut approximate = None;
    match r.text("venue_type").as_deref().map(str::trim) {
        None | Some("1") if conference_url.is_none() && conference_phone.is_none() => {}
        None => {}
        Some("1") => {
            r.warnings.push("venue_type 1 (in person): its virtual link and phone left out".into());
            conference_url = None;
            conference_phone = None;
        }
        Some("2") => {
            approximate = Some(true);
            tokens.push("ONL".into());
        }
        Some("3") => tokens.push("ONL".into()),
        Some(other) => r.warnings.push(format!("venue_type `{}` is not 1, 2 or 3; ignored", short(other))),
    }
    let (conference_url_notes, conference_phone_notes) =
        if conference_url.is_some() || conference_phone.is_none() { (info, None) } else { (None, info) };
    let (latitude, longitude) = coordinates(r.number("latitude"), r.number("longitude"));
    let draft = unpublished(&mut r);
    let place = location::place(&mut r);

    let fields = Fields {
        key: key.clone(),
        key_is_slug: false,
        name: r.text("meeting_name"),
        days: vec![day],
        time,
        end,
        timezone: r.text("time_zone"),
        types: tokens,
        notes,
        draft,
        location_name: r.text("location_text"),
        location_notes: place.notes,
        address: r.text("location_street"),
        city: place.city,
        state: r.text("location_province"),
        postal_code: r.text("location_postal_code_1"),
        country: r.text("location_nation"),
        latitude,
        longitude,
        approximate,
        regions: place.regions,
        conference_url,
        conference_url_notes,
        conference_phone,
        conference_phone_notes,
        ..Fields::default()
    };
    Ok((Fields { warnings: r.warnings, ..fields }, unmapped))
}

/// True when the record says its server does not publish it (`published` "0" or false).
/// Anonymous answers leave unpublished meetings out and often the field too: absent or empty
/// means published.
fn unpublished(r: &mut Record<'_>) -> bool {
    match r.value("published") {
        None => false,
        Some(Value::String(s)) if s.trim().is_empty() => false,
        Some(_) => r.flag("published") == Some(false),
    }
}

/// The end time: start plus duration, modulo 24 hours (so it may be earlier than the start).
/// No duration, or a zero one, means no end time.
fn end_time(start: Option<&str>, duration: Option<&str>, warnings: &mut Vec<String>) -> Option<TimeOfDay> {
    let duration = duration.map(str::trim).filter(|d| !d.is_empty())?;
    let Some(minutes) = parse_duration(duration) else {
        warnings.push(format!("duration_time `{}` is not HH:MM:SS; no end time", short(duration)));
        return None;
    };
    if minutes >= 24 * 60 {
        warnings.push(format!("duration_time `{}` is a day or longer; no end time", short(duration)));
        return None;
    }
    let start = parse_time(start?)?;
    let end = (u32::from(start.minutes()) + minutes) % (24 * 60);
    (minutes > 0).then(|| u16::try_from(end).ok().and_then(TimeOfDay::from_minutes)).flatten()
}
