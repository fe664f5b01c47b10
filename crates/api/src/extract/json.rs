//! A JSON body extractor with our size limit and our error bodies.
//!
//! Only a body declared `application/json` (or a `+json` type such as
//! `application/merge-patch+json`) is read; any other type, or none, is a 415. Reading
//! `text/plain` as JSON would let a cross-site page post to the API without the CORS
//! preflight a JSON content type triggers.
//!
//! Bodies over [`MAX_BODY`] are answered 413, but only after the rest of the body (up to
//! [`MAX_DRAIN`]) has been read and thrown away: a client that is still sending when the
//! server answers would otherwise see a reset connection instead of the answer.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use recovery_domain::FieldError;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The largest accepted JSON body.
pub const MAX_BODY: usize = 1024 * 1024;
/// How much of an oversized body is read and discarded before answering 413.
pub const MAX_DRAIN: usize = 8 * 1024 * 1024;

/// A JSON request body, parsed into `T`.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let media_type = json_media_type(req);
        let mut payload = payload.take();
        Box::pin(async move {
            media_type?;
            if declared.is_some_and(|n| n > MAX_DRAIN) {
                return Err(too_large());
            }
            let bytes = read_limited(&mut payload).await?;
            parse(&bytes).map(JsonBody)
        })
    }
}

/// `Ok` when the request says its body is JSON.
fn json_media_type(req: &HttpRequest) -> Result<(), ApiError> {
    let refuse = |what: &str| {
        ApiError::UnsupportedMediaType(format!(
            "{what}: send the body as `Content-Type: application/json` (or a `+json` type)"
        ))
    };
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return Err(refuse("the request has no Content-Type"));
    };
    let essence = value.to_str().unwrap_or_default().split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let json = essence == "application/json"
        || essence.strip_prefix("application/").is_some_and(|subtype| subtype.ends_with("+json") && subtype.len() > 5);
    if json { Ok(()) } else { Err(refuse(&format!("the body is `{essence}`, not JSON"))) }
}

fn too_large() -> ApiError {
    ApiError::PayloadTooLarge(format!("the request body is larger than {} bytes", MAX_BODY))
}

async fn read_limited(payload: &mut Payload) -> Result<web::BytesMut, ApiError> {
    let mut body = web::BytesMut::new();
    let mut seen = 0usize;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_field("body", format!("could not read the body: {e}")))?;
        seen += chunk.len();
        if seen <= MAX_BODY {
            body.extend_from_slice(&chunk);
        } else if seen > MAX_DRAIN {
            break;
        }
    }
    if seen > MAX_BODY {
        return Err(too_large());
    }
    Ok(body)
}

/// Parses JSON, naming the field at fault when the shape is wrong.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_field("body", "a JSON body is required"));
    }
    let mut document: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest { detail: format!("malformed JSON: {e}"), errors: Vec::new() })?;
    integral_floats_as_integers(&mut document);
    let result: Result<T, _> = serde_path_to_error::deserialize(document);
    let value = match result {
        Ok(value) => value,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            return Err(match inner.classify() {
                serde_json::error::Category::Data => {
                    let field = if path == "." { "body".to_string() } else { path };
                    ApiError::BadRequest {
                        detail: format!("{field}: {inner}"),
                        errors: vec![FieldError { field, message: strip_position(&inner.to_string()) }],
                    }
                }
                _ => ApiError::BadRequest { detail: format!("malformed JSON: {inner}"), errors: Vec::new() },
            });
        }
    };
    Ok(value)
}

/// Writes `3.0` as `3`. JSON (and JSON Schema, by which a generated client checks its
/// requests) has one kind of number, so `3.0` is a valid integer; serde's integer fields
/// would refuse it. Only values a double holds exactly are rewritten.
fn integral_floats_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(number) if number.is_f64() => {
            let Some(float) = number.as_f64() else { return };
            const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
            if float.fract() == 0.0 && float.abs() <= EXACT {
                *value = Value::from(float as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(members) => members.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use recovery_domain::MeetingInput;

    fn field_of(e: ApiError) -> (String, Vec<String>) {
        match e {
            ApiError::BadRequest { detail, errors } => (detail, errors.into_iter().map(|e| e.field).collect()),
            other => panic!("expected 400, got {other:?}"),
        }
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        let (detail, fields) = field_of(parse::<MeetingInput>(b"{\"name\": ").unwrap_err());
        assert!(detail.starts_with("malformed JSON"), "{detail}");
        assert!(fields.is_empty());
        let (detail, _) = field_of(parse::<MeetingInput>(b"{} trailing").unwrap_err());
        assert!(detail.starts_with("malformed JSON"), "{detail}");
    }

    #[test]
    fn unknown_fields_are_named_with_their_path() {
        let (detail, fields) = field_of(parse::<MeetingInput>(br#"{"name":"x","colour":"red"}"#).unwrap_err());
        assert!(detail.contains("colour"), "{detail}");
        assert_eq!(fields, ["colour"]);
        let (detail, fields) = field_of(parse::<MeetingInput>(br#"{"location":{"foo":1}}"#).unwrap_err());
        assert!(detail.contains("foo"), "{detail}");
        assert_eq!(fields, ["location.foo"]);
    }

    #[test]
    fn wrong_types_name_the_field() {
        let (_, fields) = field_of(parse::<MeetingInput>(br#"{"location":{"latitude":"north"}}"#).unwrap_err());
        assert_eq!(fields, ["location.latitude"]);
    }

    #[test]
    fn integral_floats_are_integers() {
        #[derive(serde::Deserialize)]
        struct Day {
            day: i64,
            at: f64,
        }
        let day: Day = parse(br#"{"day": 3.0, "at": 40.0}"#).unwrap();
        assert_eq!((day.day, day.at), (3, 40.0));
        assert!(parse::<Day>(br#"{"day": 3.5, "at": 1}"#).is_err());
    }

    #[test]
    fn empty_body_is_named() {
        let (_, fields) = field_of(parse::<MeetingInput>(b"  ").unwrap_err());
        assert_eq!(fields, ["body"]);
    }
}
