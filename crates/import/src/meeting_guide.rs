//! The Meeting Guide JSON feed: an array of meetings, as WordPress sites running the 12 Step
//! Meeting List plugin (and many others) publish it.
//!
//! Only `name` and `slug` are required by the specification; everything else is read when
//! present, in whichever JSON type the publisher used. A record whose `day` is an array is
//! split into one meeting per day, keyed and slugged "{slug}-d{day}".

use serde_json::{Map, Value};

use crate::build::Collector;
use crate::json::{Record, coordinates, document, kind};
use crate::record::{Fields, short};
use crate::types::TypeMap;
use crate::{FormatError, ImportOptions, Parsed, program_checked};

const FORMAT: &str = "Meeting Guide JSON";

/// Reads a Meeting Guide feed.
pub fn parse(bytes: &[u8], opts: &ImportOptions) -> Result<Parsed, FormatError> {
    let program = program_checked(opts)?;
    let items = match document(bytes, FORMAT)? {
        Value::Array(items) => items,
        Value::Object(mut map) => match map.remove("meetings") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(FormatError::Shape {
                    format: FORMAT,
                    message: "expected an array of meetings, found an object".into(),
                });
            }
        },
        other => {
            return Err(FormatError::Shape {
                format: FORMAT,
                message: format!("expected an array of meetings, found {}", kind(&other)),
            });
        }
    };
    let types = TypeMap::new(&program.vocabulary);
    let mut out = Collector::new(opts)?;
    for (position, item) in items.iter().enumerate() {
        let Some(map) = item.as_object() else {
            out.reject(position, None, format!("expected a meeting object, found {}", kind(item)));
            continue;
        };
        match read(map) {
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
    Ok(out.finish(items.len()))
}

/// The fields of one feed entry, or (its slug, why it cannot be read).
fn read(map: &Map<String, Value>) -> Result<Fields, (Option<String>, String)> {
    let mut r = Record::new(map);
    let key = r.text("slug");
    let days = days(r.value("day")).map_err(|reason| (key.clone(), reason))?;
    let mut regions = r.list("regions");
    if regions.is_empty() {
        regions = [r.text("region"), r.text("sub_region")].into_iter().flatten().collect();
    }
    let (latitude, longitude) = coordinates(r.number("latitude"), r.number("longitude"));
    let contacts = (1..=3)
        .map(|i| {
            (
                r.text(&format!("contact_{i}_name")),
                r.text(&format!("contact_{i}_email")),
                r.text(&format!("contact_{i}_phone")),
            )
        })
        .collect();
    let mut fields = Fields {
        key_is_slug: true,
        name: r.text("name"),
        days,
        time: r.text("time"),
        end_time: r.text("end_time"),
        timezone: r.text("timezone"),
        types: r.list("types"),
        notes: r.text("notes"),
        location_name: r.text("location"),
        location_notes: r.text("location_notes"),
        formatted_address: r.text("formatted_address"),
        address: r.text("address"),
        city: r.text("city"),
        state: r.text("state"),
        postal_code: r.text("postal_code"),
        country: r.text("country"),
        latitude,
        longitude,
        approximate: r.flag("approximate"),
        regions,
        conference_url: r.text("conference_url"),
        conference_url_notes: r.text("conference_url_notes"),
        conference_phone: r.text("conference_phone"),
        conference_phone_notes: r.text("conference_phone_notes"),
        group: r.text("group"),
        group_notes: r.text("group_notes"),
        district: r.text("district"),
        sub_district: r.text("sub_district"),
        website: r.text("website"),
        email: r.text("email"),
        phone: r.text("phone"),
        venmo: r.text("venmo"),
        paypal: r.text("paypal"),
        square: r.text("square"),
        contacts,
        updated: r.text("updated"),
        ..Fields::default()
    };
    if key.is_none() {
        r.warnings.push("no slug; known by its name, day and time".into());
    }
    fields.key = key;
    fields.warnings = r.warnings;
    Ok(fields)
}

/// The days of `day`: an integer, a digit or day name, or an array of those.
fn days(value: Option<&Value>) -> Result<Vec<i64>, String> {
    let one = |v: &Value| -> Result<i64, String> {
        match v {
            Value::Number(n) => n.as_i64().ok_or_else(|| format!("day {n} is not a day of the week (0–6)")),
            Value::String(s) => crate::clock::parse_day(s)
                .map(i64::from)
                .ok_or_else(|| format!("day `{}` is not a day of the week (0–6)", short(s))),
            other => Err(format!("day is {}, not a day of the week (0–6)", kind(other))),
        }
    };
    match value {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(one).collect(),
        Some(v) => one(v).map(|d| vec![d]),
    }
}
