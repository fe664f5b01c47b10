//! The HSDS text forms of schedule fields ("MO,2TU,-1FR", "1,15,-1", "09:00", "MO").

use chrono::Weekday;

use super::ByDay;

use crate::schedule::TimeOfDay;

/// At most 20 characters of `s`, for error messages.
pub(super) fn clip(s: &str) -> String {
    s.chars().take(20).collect()
}

/// The iCalendar two-letter code of a weekday.
pub(super) fn weekday_code(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// Reads a two-letter weekday code in any case.
pub(super) fn parse_weekday(s: &str) -> Option<Weekday> {
    let all = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    all.into_iter().find(|w| weekday_code(*w).eq_ignore_ascii_case(s))
}

/// Reads a comma-separated list, each entry with `parse`; blank text is an empty list, an
/// empty entry ("MO,,TU") an error.
fn parse_list<T>(s: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    if s.trim().is_empty() {
        return Ok(Vec::new());
    }
    s.split(',').map(|part| parse(part.trim())).collect()
}

/// Reads one day of the month: 1 to 31, or -1 (the last) to -31.
fn parse_monthday(s: &str) -> Result<i8, String> {
    match s.trim().parse::<i8>() {
        Ok(n) if (1..=31).contains(&n.unsigned_abs()) => Ok(n),
        _ => Err(format!("expected days of the month such as \"1,15,-1\" (1 to 31, -1 to -31), not \"{}\"", clip(s))),
    }
}

/// Reads "HH:MM" or "HH:MM:SS", with an ignored "Z" or "±HH:MM" suffix; "24:00" is midnight
/// (as a closing time: the end of the day); blank is absent.
fn parse_time(s: &str) -> Result<Option<TimeOfDay>, String> {
    let bad = || {
        format!("expected a time \"HH:MM\" or \"HH:MM:SS\", optionally with \"Z\" or \"+HH:MM\", not \"{}\"", clip(s))
    };
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let t = strip_zone(t).ok_or_else(bad)?;
    let b = t.as_bytes();
    let hm = match b.len() {
        5 => t,
        8 if b[5] == b':' && b[6].is_ascii_digit() && b[7].is_ascii_digit() && b[6] < b'6' => &t[..5],
        _ => return Err(bad()),
    };
    if hm == "24:00" && (b.len() == 5 || &t[5..] == ":00") {
        return Ok(Some(TimeOfDay::MIDNIGHT));
    }
    hm.parse::<TimeOfDay>().map(Some).map_err(|_| bad())
}

/// `t` without a "Z" or "±HH:MM" suffix; `None` when a suffix is malformed.
fn strip_zone(t: &str) -> Option<&str> {
    if let Some(rest) = t.strip_suffix(['Z', 'z']) {
        return Some(rest);
    }
    let b = t.as_bytes();
    let n = b.len();
    let has_offset = n > 6 && (b[n - 6] == b'+' || b[n - 6] == b'-');
    if !has_offset {
        return Some(t);
    }
    let tail = &b[n - 5..];
    let well_formed = tail[2] == b':' && [0, 1, 3, 4].iter().all(|&i| tail[i].is_ascii_digit());
    // The byte before the suffix is an ASCII sign, so slicing there is on a char boundary.
    well_formed.then(|| &t[..n - 6])
}

/// Parses and writes `byday` ("MO,2TU,-1FR").
pub mod byday_text {
    use super::ByDay;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the HSDS form.
    pub fn serialize<S: Serializer>(days: &[ByDay], s: S) -> Result<S::Ok, S::Error> {
        let text: Vec<String> = days.iter().map(ByDay::to_string).collect();
        s.serialize_str(&text.join(","))
    }

    /// Reads the HSDS form.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ByDay>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(Vec::new()),
            Some(text) => super::parse_list(&text, str::parse).map_err(serde::de::Error::custom),
        }
    }
}

/// Parses and writes `bymonthday` ("1,15,-1").
pub mod monthday_text {
    use std::fmt;

    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    /// Writes the HSDS form.
    pub fn serialize<S: Serializer>(days: &[i8], s: S) -> Result<S::Ok, S::Error> {
        let text: Vec<String> = days.iter().map(i8::to_string).collect();
        s.serialize_str(&text.join(","))
    }

    /// Reads the HSDS form (a lone day may also come as a JSON number).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i8>, D::Error> {
        d.deserialize_any(MonthDays)
    }

    struct MonthDays;

    impl<'de> Visitor<'de> for MonthDays {
        type Value = Vec<i8>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("days of the month such as \"1,15,-1\"")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<i8>, E> {
            super::parse_list(v, super::parse_monthday).map_err(E::custom)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<i8>, E> {
            self.visit_str(&v.to_string())
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<i8>, E> {
            self.visit_str(&v.to_string())
        }

        fn visit_none<E: de::Error>(self) -> Result<Vec<i8>, E> {
            Ok(Vec::new())
        }

        fn visit_unit<E: de::Error>(self) -> Result<Vec<i8>, E> {
            Ok(Vec::new())
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<i8>, D::Error> {
            d.deserialize_any(MonthDays)
        }
    }
}

/// Parses and writes `opens_at`/`closes_at`: writes "HH:MM"; reads "HH:MM", "HH:MM:SS", and
/// either with a "Z" or "±HH:MM" suffix (the suffix is ignored: the location's zone decides).
pub mod time_text {
    use crate::schedule::TimeOfDay;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes "HH:MM".
    pub fn serialize<S: Serializer>(t: &Option<TimeOfDay>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.collect_str(t),
            None => s.serialize_none(),
        }
    }

    /// Reads the forms above; an empty string is no time, as null is.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<TimeOfDay>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => super::parse_time(&text).map_err(serde::de::Error::custom),
        }
    }
}

/// Parses and writes the schedule's dates ("YYYY-MM-DD"); an empty string is no date, as null
/// is (forms and spreadsheets send empty cells).
pub mod date_text {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes "YYYY-MM-DD".
    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => s.collect_str(&date.format("%Y-%m-%d")),
            None => s.serialize_none(),
        }
    }

    /// Reads "YYYY-MM-DD", null or "".
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map(Some)
                .map_err(|e| serde::de::Error::custom(format!("expected a date \"YYYY-MM-DD\": {e}"))),
        }
    }
}

/// Parses and writes `wkst` ("MO").
pub mod wkst_text {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the two-letter form.
    pub fn serialize<S: Serializer>(w: &Option<Weekday>, s: S) -> Result<S::Ok, S::Error> {
        match w {
            Some(w) => s.serialize_str(super::weekday_code(*w)),
            None => s.serialize_none(),
        }
    }

    /// Reads the two-letter form.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Weekday>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => super::parse_weekday(text.trim()).map(Some).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "expected a weekday MO, TU, WE, TH, FR, SA or SU, not \"{}\"",
                    super::clip(&text)
                ))
            }),
        }
    }
}

/// Schemas of the fields above for the API document, where a plain `string` would let a
/// client send what the server cannot read.
#[cfg(feature = "openapi")]
pub mod schemas {
    use utoipa::openapi::schema::{AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
    use utoipa::openapi::{RefOr, Schema};

    fn null() -> ObjectBuilder {
        ObjectBuilder::new().schema_type(Type::Null)
    }

    /// A date ("YYYY-MM-DD"), an empty string or null: the last two mean no date.
    pub fn optional_date() -> impl Into<RefOr<Schema>> {
        AnyOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
            )
            .item(ObjectBuilder::new().schema_type(Type::String).enum_values(Some([""])))
            .item(null())
            .description(Some("A date, \"YYYY-MM-DD\"; an empty string or null is none"))
    }

    /// The first day of the week, as RFC 5545 writes it, or null.
    pub fn optional_weekday() -> impl Into<RefOr<Schema>> {
        AnyOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["MO", "TU", "WE", "TH", "FR", "SA", "SU"])),
            )
            .item(null())
            .description(Some("A weekday, \"MO\" to \"SU\""))
    }

    /// An IANA time zone name, as the document's `TimeZoneName` schema: the names are listed
    /// once and referred to wherever a zone is sent.
    #[derive(Debug)]
    pub struct TimeZoneName;

    impl utoipa::PartialSchema for TimeZoneName {
        fn schema() -> RefOr<Schema> {
            let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(names))
                .description(Some("An IANA time zone name (\"America/New_York\")"))
                .into()
        }
    }

    impl utoipa::ToSchema for TimeZoneName {}
}
