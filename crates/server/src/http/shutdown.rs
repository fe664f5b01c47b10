//! Stopping on a signal. A replica behind a load balancer must stop taking new requests before
//! it stops listening, so the server drains first (see `serve`); this module only says when.

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
pub async fn stop_signal() {
    use actix_web::rt::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = actix_web::rt::signal::ctrl_c() => {}
            }
        }
        Err(e) => {
            // The target predates this module (see the `http` module docs).
            tracing::warn!(
                target: "recovery_server::server",
                error = %e,
                "cannot listen for SIGTERM; stopping on Ctrl-C only"
            );
            let _ = actix_web::rt::signal::ctrl_c().await;
        }
    }
}
