//! BMLT root servers' semantic API: the `GetSearchResults` answer (optionally with
//! `get_used_formats`) and the `GetFormats` answer, as NA service bodies publish them.
//!
//! Every value arrives as a string. Weekdays run 1–7 from Sunday; the end time is the start
//! plus `duration_time`, wrapping past midnight; `venue_type` is 1 in person, 2 virtual,
//! 3 hybrid; formats are keys of the server's format list, mapped to the program's vocabulary
//! by key, else by the format's name. The external key is `id_bigint`.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::build::Collector;
use crate::clock::{parse_duration, parse_time};
use crate::json::{Record, coordinates, document, kind};
use crate::record::{Fields, short};
use crate::types::TypeMap;
use crate::{FormatError, ImportOptions, Parsed, program_checked};
use recovery_domain::TimeOfDay;

const SEARCH: &str = "BMLT GetSearchResults";
const FORMATS: &str = "BMLT GetFormats";

/// Format keys (or world ids) that say how to attend, not what the meeting is.
const ONLINE_FORMATS: [&str; 5] = ["VM", "HY", "ONL", "HYBR", "VIRTUAL"];

/// Reads a `GetSearchResults` answer; `formats` is the server's `GetFormats` answer, which
/// helps map keys the program's vocabulary lacks (formats embedded in the answer are used too).
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
    let mut table = format_table(&embedded);
    if let Some(bytes) = formats {
        match document(bytes, FORMATS)? {
            Value::Array(items) => table.extend(format_table(&items)),
            other => return Err(shape(FORMATS, &format!("expected an array of formats, found {}", kind(&other)))),
        }
    }
    let types = TypeMap::new(&program.vocabulary);
    let mut out = Collector::new(opts)?;
    for (position, item) in meetings.iter().enumerate() {
        let Some(map) = item.as_object() else {
            out.reject(position, None, format!("expected a meeting object, found {}", kind(item)));
            continue;
        };
        match read(map, &table, &types) {
            Ok(fields) => {
                let key = fields.key.clone();
                match fields.into_draft(position, String::new(), &types) {
                    Ok(draft) => out.add(draft),
                    Err(reason) => out.reject(position, key.as_deref(), reason),
                }
            }
            Err((key, reason)) => out.reject(position, key.as_deref(), reason),
        }
    }
    Ok(out.finish(meetings.len()))
}

fn shape(format: &'static str, message: &str) -> FormatError {
    FormatError::Shape { format, message: message.to_string() }
}

/// One entry of a server's format list.
#[derive(Debug, Clone)]
struct Format {
    name: String,
    world_id: String,
}

/// Format key → name and world id, from `GetFormats` entries.
fn format_table(items: &[Value]) -> HashMap<String, Format> {
    items
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|f| {
            let text = |k: &str| f.get(k).and_then(Value::as_str).map(str::trim).unwrap_or_default().to_string();
            let key = text("key_string");
            (!key.is_empty()).then(|| (key, Format { name: text("name_string"), world_id: text("world_id") }))
        })
        .collect()
}

/// The fields of one meeting, or (its id, why it cannot be read).
fn read(
    map: &Map<String, Value>,
    table: &HashMap<String, Format>,
    types: &TypeMap<'_>,
) -> Result<Fields, (Option<String>, String)> {
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
    for code in r.text("formats").unwrap_or_default().split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let format = table.get(code);
        let world = format.map(|f| f.world_id.to_uppercase()).unwrap_or_default();
        tokens.push(
            if ONLINE_FORMATS.contains(&code.to_uppercase().as_str()) || ONLINE_FORMATS.contains(&world.as_str()) {
                "ONL".to_string()
            } else if code == "TC" || world == "TC" {
                "TC".to_string()
            } else if types.meaning(code).is_some() {
                code.to_string()
            } else {
                match format.filter(|f| types.meaning(&f.name).is_some()) {
                    Some(f) => f.name.clone(),
                    None => code.to_string(),
                }
            },
        );
    }

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

    let fields = Fields {
        key: key.clone(),
        key_is_slug: false,
        name: r.text("meeting_name"),
        days: vec![day],
        time,
        end,
        timezone: r.text("time_zone"),
        types: tokens,
        notes: r.text("comments"),
        location_name: r.text("location_text"),
        location_notes: r.text("location_info"),
        address: r.text("location_street"),
        city: r.text("location_municipality"),
        state: r.text("location_province"),
        postal_code: r.text("location_postal_code_1"),
        country: r.text("location_nation"),
        latitude,
        longitude,
        approximate,
        regions: [r.text("location_sub_province"), r.text("location_neighborhood")].into_iter().flatten().collect(),
        conference_url,
        conference_url_notes,
        conference_phone,
        conference_phone_notes,
        ..Fields::default()
    };
    Ok(Fields { warnings: r.warnings, ..fields })
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
