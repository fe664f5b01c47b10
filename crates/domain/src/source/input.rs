//! A source as staff send it, and its validation.

use serde::{Deserialize, Serialize};

use super::{SourceData, SourceKind};
use crate::schedule::parse_time_zone;
use crate::validation::{FieldError, MAX_NAME_LEN, MAX_REGION_DEPTH, MAX_SHORT_LEN, MAX_URL_LEN, ValidationContext};
use crate::validation::{ValidationErrors, is_http_url};

/// The shortest re-sync interval: feeds are other people's servers.
pub const MIN_INTERVAL_MINUTES: u32 = 15;
/// The longest re-sync interval (about a month).
pub const MAX_INTERVAL_MINUTES: u32 = 60 * 24 * 31;

/// A source as staff send it (`POST`/`PUT /v1/sources`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceInput {
    /// A name for staff (required, at most 200 characters).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = String, required = true, max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$")
    )]
    pub name: Option<String>,
    /// `meeting-guide`, `tsml-csv`, `bmlt` or `hsds` (required).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = crate::source::SourceKind, required = true))]
    pub kind: Option<String>,
    /// Where to fetch it, http or https; leave out for a source fed by uploaded files. A BMLT
    /// URL is the root server's base (`https://bmlt.example.org/main_server/`).
    #[serde(default)]
    pub url: Option<String>,
    /// Program of its meetings; the configured default when absent. Not used by `hsds`.
    #[serde(default)]
    pub program: Option<String>,
    /// IANA time zone of records that name none; the configured default when absent.
    #[serde(default)]
    pub default_timezone: Option<String>,
    /// Region levels put in front of every record's regions, widest first.
    #[serde(default)]
    pub region_prefix: Option<Vec<String>>,
    /// Re-sync every this many minutes (15 to 44640); absent or null: only on request.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 15, maximum = 44640))]
    pub interval_minutes: Option<i64>,
    /// False pauses scheduled syncs (default true).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Read-only; accepted and ignored so a client may send back what it read.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(read_only))]
    pub id: Option<serde_json::Value>,
    /// Read-only; accepted and ignored.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(read_only))]
    pub created_at: Option<serde_json::Value>,
    /// Read-only; accepted and ignored.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(read_only))]
    pub updated_at: Option<serde_json::Value>,
    /// Read-only; accepted and ignored.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(read_only))]
    pub next_sync_at: Option<serde_json::Value>,
}

/// Checks a source; every problem is named by its field.
pub fn validate_source(input: SourceInput, ctx: &ValidationContext<'_>) -> Result<SourceData, ValidationErrors> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });

    let name = input.name.as_deref().map(str::trim).unwrap_or_default().to_string();
    if name.is_empty() {
        fail("name", "is required".into());
    } else if name.chars().count() > MAX_NAME_LEN {
        fail("name", format!("must be at most {MAX_NAME_LEN} characters"));
    } else if name.chars().any(char::is_control) {
        fail("name", "must not contain control characters".into());
    }

    let kind = match input.kind.as_deref().map(str::trim) {
        None | Some("") => {
            fail("kind", "is required".into());
            None
        }
        Some(k) => {
            let kind = SourceKind::parse(k);
            if kind.is_none() {
                let known = SourceKind::ALL.map(SourceKind::as_str).join(", ");
                fail("kind", format!("must be one of {known}, not `{}`", short(k)));
            }
            kind
        }
    };

    let url = input.url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    if let Some(u) = &url {
        if u.len() > MAX_URL_LEN {
            fail("url", format!("must be at most {MAX_URL_LEN} characters"));
        } else if !is_http_url(u) {
            fail("url", "must be an absolute http or https URL".into());
        } else if has_userinfo(u) {
            // Sources are listed to every staff role and named in run reports and logs.
            fail("url", "must not carry a user name or password (`user:pass@`)".into());
        }
    }

    let program = input.program.map(|p| p.trim().to_string()).unwrap_or_else(|| ctx.default_program.to_string());
    if ctx.programs.get(&program).is_none() {
        let known: Vec<&str> = ctx.programs.all().iter().map(|p| p.id).collect();
        fail("program", format!("must be one of {}, not `{}`", known.join(", "), short(&program)));
    }

    let default_timezone = match input.default_timezone.as_deref().map(str::trim) {
        None | Some("") => Some(ctx.default_timezone),
        Some(name) => {
            let tz = parse_time_zone(name);
            if tz.is_none() {
                fail("default_timezone", format!("is not an IANA time zone: `{}`", short(name)));
            }
            tz
        }
    };

    let region_prefix: Vec<String> =
        input.region_prefix.unwrap_or_default().into_iter().map(|r| r.trim().to_string()).collect();
    if region_prefix.len() > MAX_REGION_DEPTH {
        fail("region_prefix", format!("must have at most {MAX_REGION_DEPTH} levels"));
    }
    for (i, r) in region_prefix.iter().enumerate() {
        if r.is_empty() || r.chars().count() > MAX_SHORT_LEN || r.chars().any(char::is_control) {
            fail(&format!("region_prefix[{i}]"), format!("must be 1 to {MAX_SHORT_LEN} printable characters"));
        }
    }

    let interval_minutes = match input.interval_minutes {
        None => None,
        Some(n) if (i64::from(MIN_INTERVAL_MINUTES)..=i64::from(MAX_INTERVAL_MINUTES)).contains(&n) => Some(n as u32),
        Some(n) => {
            fail(
                "interval_minutes",
                format!("must be between {MIN_INTERVAL_MINUTES} and {MAX_INTERVAL_MINUTES}, not {n}"),
            );
            None
        }
    };

    match (kind, default_timezone) {
        (Some(kind), Some(default_timezone)) if errors.is_empty() => Ok(SourceData {
            name,
            kind,
            url,
            program,
            default_timezone,
            region_prefix,
            interval_minutes,
            enabled: input.enabled.unwrap_or(true),
        }),
        _ => Err(ValidationErrors(errors)),
    }
}

/// True when the URL's authority has a `user@` or `user:pass@` part.
fn has_userinfo(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().is_some_and(|authority| authority.contains('@'))
}

/// `s` cut to 60 characters for an error message.
fn short(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::Programs;

    fn ctx() -> ValidationContext<'static> {
        ValidationContext {
            programs: Programs::builtin(),
            default_timezone: chrono_tz::America::New_York,
            default_program: "aa",
        }
    }

    #[test]
    fn a_minimal_source_gets_the_defaults() {
        let input = SourceInput {
            name: Some(" Intergroup ".into()),
            kind: Some("meeting-guide".into()),
            url: Some("https://example.org/wp-admin/admin-ajax.php?action=meetings".into()),
            ..SourceInput::default()
        };
        let data = validate_source(input, &ctx()).unwrap();
        assert_eq!(data.name, "Intergroup");
        assert_eq!(data.kind, SourceKind::MeetingGuide);
        assert_eq!(data.program, "aa");
        assert_eq!(data.default_timezone, chrono_tz::America::New_York);
        assert!(data.enabled);
        assert_eq!(data.interval_minutes, None);
    }

    #[test]
    fn credentials_in_the_url_are_refused() {
        for url in ["https://user:secret@example.org/feed", "http://user@example.org/"] {
            let input = SourceInput {
                name: Some("x".into()),
                kind: Some("bmlt".into()),
                url: Some(url.into()),
                ..SourceInput::default()
            };
            let errors = validate_source(input, &ctx()).unwrap_err();
            assert_eq!(errors.0[0].field, "url", "{url}");
        }
    }

    #[test]
    fn every_bad_field_is_named() {
        let input = SourceInput {
            name: Some(String::new()),
            kind: Some("rss".into()),
            url: Some("file:///etc/passwd".into()),
            program: Some("xx".into()),
            default_timezone: Some("Mars/Olympus".into()),
            region_prefix: Some(vec![String::new()]),
            interval_minutes: Some(1),
            ..SourceInput::default()
        };
        let fields: Vec<String> = validate_source(input, &ctx()).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["name", "kind", "url", "program", "default_timezone", "region_prefix[0]", "interval_minutes"]
        );
    }
}
