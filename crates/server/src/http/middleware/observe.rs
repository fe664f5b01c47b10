//! What happens around every request: a request id, metrics, and one log line that never
//! holds a resident's precise location.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, web};

use recovery_api::metrics::RequestLabels;
use recovery_api::state::AppState;

/// The request-id header, read and echoed.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// True for an incoming request id we are willing to reuse: 1–128 characters of letters,
/// digits and `-_.:`, so it cannot inject anything into logs or headers.
pub fn well_formed_request_id(id: &str) -> bool {
    (1..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

/// A query string with coordinates cut to two decimals (about a kilometre), so logs never hold
/// where a resident is; cursors are elided.
pub fn sanitize_query(query: &str) -> String {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| match k.as_ref() {
            "lat" | "lng" | "latitude" | "longitude" => match v.parse::<f64>() {
                Ok(x) if x.is_finite() => format!("{k}={x:.2}"),
                _ => format!("{k}=?"),
            },
            "cursor" => format!("{k}=…"),
            _ => format!("{k}={v}"),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Assigns or reuses the request id, records metrics, and logs the request.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    let started = Instant::now();
    let request_id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| well_formed_request_id(v))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let method = req.method().to_string();
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".to_string());
    let path = req.path().to_string();
    let query = sanitize_query(req.query_string());
    let state = req.app_data::<web::Data<AppState>>().cloned();

    let mut response = next.call(req).await?;
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    if let Some(state) = state {
        state.metrics.observe_request(RequestLabels { method: method.clone(), route, status }, elapsed.as_secs_f64());
    }
    // The target predates this module's move (see the `http` module docs).
    tracing::info!(
        target: "recovery_server::middleware",
        request_id = %request_id,
        method = %method,
        path = %path,
        query = %query,
        status,
        elapsed_ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_queries_hold_no_precise_location() {
        assert_eq!(sanitize_query("lat=40.712776&lng=-74.005974&day=2"), "lat=40.71&lng=-74.01&day=2");
        assert_eq!(sanitize_query("lat=abc&cursor=xyz"), "lat=?&cursor=…");
    }

    #[test]
    fn only_tame_request_ids_are_reused() {
        assert!(well_formed_request_id("3f1c-abc_DEF.1:2"));
        assert!(!well_formed_request_id(""));
        assert!(!well_formed_request_id("a b"));
        assert!(!well_formed_request_id("x\r\nSet-Cookie: y"));
        assert!(!well_formed_request_id(&"a".repeat(129)));
    }
}
