//! Readers of the parameters that more than one search takes (`GET /v1/meetings`,
//! `/v1/services` and `/v1/search`), so that each is read, bounded and refused alike everywhere.

use chrono::{DateTime, Utc};
use recovery_domain::agency::Taxonomies;
use recovery_domain::index::GeoPoint;
use recovery_domain::{AttendanceOption, TermId};

use super::query::{QueryParams, shorten};
use crate::error::ApiError;

/// The default search radius.
pub const DEFAULT_RADIUS_KM: f64 = 25.0;
/// The largest search radius.
pub const MAX_RADIUS_KM: f64 = 500.0;
/// The oldest `age` asked about.
pub const MAX_AGE: u16 = 150;
/// The longest `q`, in characters.
pub const MAX_TEXT_CHARS: usize = 200;

/// `lat` and `lng`, both or neither, in range.
pub fn near(p: &QueryParams) -> Result<Option<GeoPoint>, ApiError> {
    let lat = p.parsed::<f64>("lat", "a latitude in degrees")?;
    let lng = p.parsed::<f64>("lng", "a longitude in degrees")?;
    match (lat, lng) {
        (Some(lat), Some(lng)) => {
            if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
                return Err(ApiError::bad_field("lat", "must be between -90 and 90"));
            }
            if !(lng.is_finite() && (-180.0..=180.0).contains(&lng)) {
                return Err(ApiError::bad_field("lng", "must be between -180 and 180"));
            }
            Ok(Some(GeoPoint { lat, lng }))
        }
        (Some(_), None) => Err(ApiError::bad_field("lng", "is required with lat")),
        (None, Some(_)) => Err(ApiError::bad_field("lat", "is required with lng")),
        (None, None) => Ok(None),
    }
}

/// `radius_km`, more than 0 and at most [`MAX_RADIUS_KM`] (default [`DEFAULT_RADIUS_KM`]).
pub fn radius(p: &QueryParams) -> Result<f64, ApiError> {
    match p.parsed::<f64>("radius_km", "a distance in kilometres")? {
        Some(r) if !(r.is_finite() && r > 0.0 && r <= MAX_RADIUS_KM) => {
            Err(ApiError::bad_field("radius_km", format!("must be more than 0 and at most {MAX_RADIUS_KM}")))
        }
        Some(r) => Ok(r),
        None => Ok(DEFAULT_RADIUS_KM),
    }
}

/// `q`, at most [`MAX_TEXT_CHARS`] characters.
pub fn text(p: &QueryParams) -> Result<Option<String>, ApiError> {
    match p.get("q") {
        Some(text) if text.chars().count() > MAX_TEXT_CHARS => {
            Err(ApiError::bad_field("q", format!("must be at most {MAX_TEXT_CHARS} characters")))
        }
        other => Ok(other.map(str::to_string)),
    }
}

/// `language`: an ISO 639 code (two or three letters), lowercased.
pub fn language(p: &QueryParams) -> Result<Option<String>, ApiError> {
    match p.get("language") {
        Some(code) if !((2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphabetic())) => Err(
            ApiError::bad_field("language", format!("expected an ISO 639 code such as `es`, got `{}`", shorten(code))),
        ),
        other => Ok(other.map(str::to_ascii_lowercase)),
    }
}

/// `category`: each term by id or code, with every term below it; an unknown one is a 400.
pub fn categories(p: &QueryParams, taxonomies: &Taxonomies) -> Result<Vec<TermId>, ApiError> {
    let mut out: Vec<TermId> = Vec::new();
    for raw in p.list("category") {
        let term = taxonomies
            .resolve(raw)
            .ok_or_else(|| ApiError::bad_field("category", format!("no category `{}`", shorten(raw))))?;
        out.extend(taxonomies.with_descendants(term.id));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// `age`, in whole years, at most [`MAX_AGE`].
pub fn age(p: &QueryParams) -> Result<Option<u16>, ApiError> {
    match p.parsed::<u16>("age", "an age in whole years")? {
        Some(age) if age > MAX_AGE => Err(ApiError::bad_field("age", format!("must be at most {MAX_AGE}"))),
        other => Ok(other),
    }
}

/// The RFC 3339 moment in parameter `key`.
pub fn at(p: &QueryParams, key: &str) -> Result<Option<DateTime<Utc>>, ApiError> {
    p.get(key)
        .map(|raw| {
            DateTime::parse_from_rfc3339(raw)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| ApiError::bad_field(key, format!("expected an RFC 3339 time, got `{}`", shorten(raw))))
        })
        .transpose()
}

/// `types` (sorted, each once) and `attendance` (each once, by name): the meeting filters.
pub fn meeting_filters(p: &QueryParams) -> Result<(Vec<String>, Vec<AttendanceOption>), ApiError> {
    let mut types: Vec<String> = p.list("types").into_iter().map(str::to_string).collect();
    types.sort();
    types.dedup();
    let mut attendance = Vec::new();
    for raw in p.list("attendance") {
        let option = AttendanceOption::parse(raw).ok_or_else(|| {
            ApiError::bad_field(
                "attendance",
                format!("expected in_person, hybrid, online or inactive, got `{}`", shorten(raw)),
            )
        })?;
        if !attendance.contains(&option) {
            attendance.push(option);
        }
    }
    attendance.sort_by_key(|a| a.as_str());
    Ok((types, attendance))
}
