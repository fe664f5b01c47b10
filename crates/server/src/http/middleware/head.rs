//! `HEAD` on every `GET` route (RFC 9110 §9.3.2): the same status and headers as `GET`, no body.
//!
//! Routes are registered for `GET` only, so a `HEAD` is routed as the `GET` it stands for. The
//! HTTP layer already knows the request was a `HEAD` (it read the request line) and sends the
//! answer's headers, `Content-Length` included, without its body. Outer middleware (CORS, rate
//! limits, logs) still sees `HEAD`: this one wraps the routes directly.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

/// The middleware.
pub async fn route_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
