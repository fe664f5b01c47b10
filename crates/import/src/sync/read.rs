//! Getting a source's document and reading it into records: the URL fetched (a BMLT server's
//! two semantic-API calls) or the uploaded file, then the format's parser. Every way this can
//! fail becomes the one sentence the failed run reports.

use recovery_domain::source::{Source, SourceKind};

use super::Payload;
use crate::fetch::Fetcher;
use crate::{ImportOptions, Parsed, Warning, bmlt, meeting_guide, tsml_csv};

/// The options a source's records are read with.
pub(super) fn options(source: &Source) -> ImportOptions {
    ImportOptions {
        program: source.data.program.clone(),
        default_timezone: source.data.default_timezone,
        region_prefix: source.data.region_prefix.clone(),
    }
}

/// Where the run's data comes from, for the report: the URL or the file's name.
pub(super) fn origin(source: &Source, payload: &Payload) -> String {
    match payload {
        Payload::File { name, .. } => name.clone(),
        Payload::Fetch => source.data.url.clone().unwrap_or_default(),
    }
}

/// The source's records, or why they cannot be had.
pub(super) async fn read(source: &Source, payload: Payload, fetcher: &Fetcher) -> Result<Parsed, String> {
    let opts = options(source);
    let kind = source.data.kind;
    match payload {
        Payload::File { body, .. } => parse(kind, &body, None, &opts),
        Payload::Fetch => {
            let Some(url) = source.data.url.as_deref() else {
                return Err("the source has no URL: send its file instead".into());
            };
            match kind {
                SourceKind::Bmlt => {
                    let base = if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
                    let api = format!("{base}client_interface/json/?switcher=");
                    let search = fetcher.get(&format!("{api}GetSearchResults&get_used_formats=1")).await;
                    let search = search.map_err(|e| e.to_string())?;
                    // Without its formats every meeting would lose its types and look changed.
                    let formats = fetcher.get(&format!("{api}GetFormats")).await.map_err(|e| e.to_string())?;
                    let mut parsed = parse(kind, &search.body, Some(&formats.body), &opts)?;
                    server_info(source, &format!("{api}GetServerInfo"), fetcher, &mut parsed).await;
                    Ok(parsed)
                }
                _ => {
                    let fetched = fetcher.get(url).await.map_err(|e| e.to_string())?;
                    parse(kind, &fetched.body, None, &opts)
                }
            }
        }
    }
}

/// Asks a BMLT server which version it runs, for the log: staff reading a source's odd
/// answers want to know the server software. A server that does not say is still read; the
/// run report tells why it did not. (The answer names no time zone: meetings without their
/// own `time_zone` take the source's default zone.)
async fn server_info(source: &Source, url: &str, fetcher: &Fetcher, parsed: &mut Parsed) {
    let answer = match fetcher.get(url).await {
        Ok(fetched) => bmlt::server_info(&fetched.body).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match answer {
        Ok(info) => {
            let version = info.version.as_deref().unwrap_or("not given");
            tracing::info!(source = %source.id, bmlt_version = version, "BMLT server");
        }
        Err(e) => parsed.warnings.push(Warning {
            position: 0,
            key: None,
            message: format!("GetServerInfo could not be read ({e}); the server's version is unknown"),
        }),
    }
}

/// Reads one document (with a BMLT server's formats).
fn parse(kind: SourceKind, body: &[u8], formats: Option<&[u8]>, opts: &ImportOptions) -> Result<Parsed, String> {
    if matches!(kind, SourceKind::MeetingGuide | SourceKind::Bmlt) {
        utf8(body)?;
        if let Some(formats) = formats {
            utf8(formats)?;
        }
    }
    let parsed = match kind {
        SourceKind::MeetingGuide => meeting_guide::parse(body, opts),
        // The CSV reader repairs bytes that are not UTF-8 and reports them, as TSML does.
        SourceKind::TsmlCsv => tsml_csv::parse(body, opts),
        SourceKind::Bmlt => bmlt::parse(body, formats, opts),
        SourceKind::Hsds => return Err("an HSDS source is read by the HSDS reader, not as a meeting feed".into()),
    };
    parsed.map_err(|e| e.to_string())
}

/// JSON must be UTF-8: a feed that is not is broken, not to be guessed at.
fn utf8(body: &[u8]) -> Result<(), String> {
    std::str::from_utf8(body)
        .map(|_| ())
        .map_err(|e| format!("the body is not valid UTF-8 (at byte {})", e.valid_up_to()))
}
