//! The 12 Step Meeting List (TSML) CSV import format, as its `template.csv` lays it out.
//!
//! Columns are found by their header, in any order and case ("Location Notes",
//! "location_notes"). Days are names ("Monday", also Spanish), times are 12-hour ("6:30 PM"),
//! types are comma-separated names ("Open, Wheelchair Access") mapped as TSML maps them. A
//! row is rejected only when it lacks a name, a day or a time, or says something that cannot
//! be a meeting; an unknown type name or a malformed `Updated` value is a warning for its row.
//! `District` and `Sub District` describe the group (TSML attaches districts to groups), so
//! they become lines of the group's notes.

use std::collections::HashMap;

use csv::{ByteRecord, ReaderBuilder};

use crate::build::Collector;
use crate::clock::parse_day;
use crate::json::coordinates;
use crate::record::{Fields, short};
use crate::text::{looks_like_html, trim_start};
use crate::types::TypeMap;
use crate::{FormatError, ImportOptions, Parsed, program_checked};

/// Columns read by name (normalized: lowercase, single spaces).
const READ: [&str; 36] = [
    "time",
    "end time",
    "day",
    "name",
    "location",
    "address",
    "formatted address",
    "city",
    "state",
    "postal code",
    "country",
    "latitude",
    "longitude",
    "approximate",
    "region",
    "sub region",
    "types",
    "notes",
    "location notes",
    "timezone",
    "group",
    "group notes",
    "district",
    "sub district",
    "website",
    "email",
    "phone",
    "venmo",
    "paypal",
    "square",
    "conference url",
    "conference url notes",
    "conference phone",
    "conference phone notes",
    "slug",
    "updated",
];

/// Columns the template has that the directory keeps no field for.
const IGNORED: [&str; 5] = ["website 2", "mailing address", "last contact", "author", "id"];

/// Reads a TSML CSV file.
pub fn parse(bytes: &[u8], opts: &ImportOptions) -> Result<Parsed, FormatError> {
    let program = program_checked(opts)?;
    let body = trim_start(bytes);
    if body.is_empty() {
        return Err(FormatError::Empty { format: "TSML CSV" });
    }
    if looks_like_html(body) {
        return Err(FormatError::Html { format: "TSML CSV" });
    }
    let mut reader = ReaderBuilder::new().flexible(true).has_headers(true).from_reader(body);
    let header = reader.byte_headers().map_err(|e| FormatError::Csv(e.to_string()))?.clone();
    let mut columns: HashMap<String, usize> = HashMap::new();
    let mut unread = Vec::new();
    for (i, raw) in header.iter().enumerate() {
        let name = std::str::from_utf8(raw).map_err(|_| FormatError::Csv("the header is not UTF-8 text".into()))?;
        let normalized = normalize(name);
        let known = READ.contains(&normalized.as_str())
            || IGNORED.contains(&normalized.as_str())
            || contact_column(&normalized);
        if !known && !normalized.is_empty() {
            unread.push(short(name));
        }
        columns.entry(normalized).or_insert(i);
    }
    let missing: Vec<&str> = ["name", "day", "time"].into_iter().filter(|c| !columns.contains_key(*c)).collect();
    if !missing.is_empty() {
        return Err(FormatError::Csv(format!("missing column(s): {}", missing.join(", "))));
    }

    let types = TypeMap::new(&program.vocabulary);
    let mut out = Collector::new(opts)?;
    for column in unread {
        out.warn(0, None, format!("column `{column}` is not read"));
    }
    let mut position = 0;
    for result in reader.byte_records() {
        let record = result.map_err(|e| FormatError::Csv(e.to_string()))?;
        let line = record.position().map_or(position as u64 + 2, |p| p.line());
        let label = format!("line {line}: ");
        let row = Row { record: &record, columns: &columns, header: &header };
        match row.fields() {
            Ok(fields) => {
                let key = fields.key.clone();
                match fields.into_draft(position, label.clone(), &types) {
                    Ok(draft) => out.add(draft),
                    Err(reason) => out.reject(position, key.as_deref(), format!("{label}{reason}")),
                }
            }
            Err((key, reason)) => out.reject(position, key.as_deref(), format!("{label}{reason}")),
        }
        position += 1;
    }
    Ok(out.finish(position))
}

/// A header as a lookup name: "Location_Notes " → "location notes".
fn normalize(name: &str) -> String {
    name.replace('_', " ").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// "contact 2 email" and its kin.
fn contact_column(name: &str) -> bool {
    ["1", "2", "3"].iter().any(|i| ["name", "email", "phone"].iter().any(|f| name == format!("contact {i} {f}")))
}

/// One data row with the header's column positions.
struct Row<'a> {
    record: &'a ByteRecord,
    columns: &'a HashMap<String, usize>,
    header: &'a ByteRecord,
}

impl Row<'_> {
    /// The trimmed text of a column; `Err` names a column that is not UTF-8.
    fn get(&self, column: &str) -> Result<Option<String>, String> {
        let Some(&i) = self.columns.get(column) else { return Ok(None) };
        let Some(bytes) = self.record.get(i) else { return Ok(None) };
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Err(_) => {
                let name = String::from_utf8_lossy(self.header.get(i).unwrap_or_default()).into_owned();
                Err(format!("column `{}` is not UTF-8 text", short(&name)))
            }
        }
    }

    /// The row's fields, or (its slug, why it cannot be a meeting).
    fn fields(&self) -> Result<Fields, (Option<String>, String)> {
        let key = self.get("slug").map_err(|reason| (None, reason))?;
        let fail = |reason: String| (key.clone(), reason);
        let text = |column: &str| self.get(column).map_err(fail);
        let name = text("name")?;
        let day = text("day")?;
        let time = text("time")?;
        let mut empty = Vec::new();
        for (column, value) in [("Name", &name), ("Day", &day), ("Time", &time)] {
            if value.is_none() {
                empty.push(column);
            }
        }
        if !empty.is_empty() {
            return Err((key.clone(), format!("{} empty", empty.join(", "))));
        }
        let mut days = Vec::new();
        for d in day.as_deref().unwrap_or_default().split(',').map(str::trim).filter(|d| !d.is_empty()) {
            let n =
                parse_day(d).ok_or_else(|| (key.clone(), format!("Day `{}` is not a day of the week", short(d))))?;
            days.push(i64::from(n));
        }
        let mut warnings = Vec::new();
        let mut number = |column: &str| -> Result<Option<f64>, (Option<String>, String)> {
            let value = self.get(column).map_err(|r| (key.clone(), r))?;
            Ok(value.and_then(|v| {
                let n = v.parse::<f64>().ok();
                if n.is_none() {
                    warnings.push(format!("{column} `{}` is not a number; left out", short(&v)));
                }
                n
            }))
        };
        let (latitude, longitude) = coordinates(number("latitude")?, number("longitude")?);
        let text = |column: &str| self.get(column).map_err(|r| (key.clone(), r));
        let split = [text("city")?, text("state")?, text("postal code")?, text("country")?];
        let has_parts = split.iter().any(Option::is_some);
        let [city, state, postal_code, country] = split;
        let address = text("address")?;
        let (address, formatted_address) = match (has_parts, text("formatted address")?) {
            (_, Some(formatted)) => (address, Some(formatted)),
            (true, None) => (address, None),
            (false, None) => (None, address),
        };
        let approximate = text("approximate")?.map(|a| matches!(a.to_lowercase().as_str(), "yes" | "true" | "1"));
        let mut contacts = Vec::new();
        for i in 1..=3 {
            contacts.push((
                text(&format!("contact {i} name"))?,
                text(&format!("contact {i} email"))?,
                text(&format!("contact {i} phone"))?,
            ));
        }
        Ok(Fields {
            key: key.clone(),
            key_is_slug: true,
            name,
            days,
            time,
            end_time: text("end time")?,
            timezone: text("timezone")?,
            types: text("types")?.map(|t| t.split(',').map(str::to_string).collect()).unwrap_or_default(),
            notes: text("notes")?,
            location_name: text("location")?,
            location_notes: text("location notes")?,
            formatted_address,
            address,
            city,
            state,
            postal_code,
            country,
            latitude,
            longitude,
            approximate,
            regions: [text("region")?, text("sub region")?].into_iter().flatten().collect(),
            conference_url: text("conference url")?,
            conference_url_notes: text("conference url notes")?,
            conference_phone: text("conference phone")?,
            conference_phone_notes: text("conference phone notes")?,
            group: text("group")?,
            group_notes: text("group notes")?,
            district: text("district")?,
            sub_district: text("sub district")?,
            website: text("website")?,
            email: text("email")?,
            phone: text("phone")?,
            venmo: text("venmo")?,
            paypal: text("paypal")?,
            square: text("square")?,
            contacts,
            updated: text("updated")?,
            warnings,
            ..Fields::default()
        })
    }
}
