//! The OpenAPI 3.1 document, generated from the handlers' and types' doc comments.
//!
//! It holds nothing specific to one running instance (no server URL), so the committed
//! `openapi/openapi.json` equals what every instance serves. Regenerate it with
//! `cargo run -- openapi > openapi/openapi.json`.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::auth::api_key::ApiKeyDocs;
use crate::error::Problem;
use crate::routes;

/// What the document says besides its operations: about the API, its tags, the problem body.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "recovery-directory",
        description = "12-step meetings and recovery agencies in one directory, in the formats that apps, \
            211 systems and meeting finders already speak. Public reads need no credentials; staff writes \
            need a bearer token from `POST /v1/auth/token`. Errors are RFC 9457 problem documents.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    components(schemas(Problem)),
    tags(
        (name = "meetings", description = "12-step meetings: search, read, and staff writes"),
        (name = "programs", description = "Fellowships and their meeting-type vocabularies"),
        (name = "feeds", description = "Whole-directory feeds in standard formats"),
        (name = "changes", description = "The change log: the staff audit trail, and a public feed for keeping a copy in sync"),
        (name = "reports", description = "Problem reports from the public, the staff queue, and meetings due for verification"),
        (name = "auth", description = "Staff sign-in"),
        (name = "api-keys", description = "Keys third-party apps read with (admins only)"),
        (name = "users", description = "Staff accounts, roles and scopes (admins), and changing one's own password"),
        (name = "operations", description = "Probes for operators"),
        (name = "agencies", description = "Agencies on the HSDS 3.0 model: organizations, their services and locations, \
            service categories; the public services search, and staff writes"),
        (name = "search", description = "One nearby search over meetings and agency services"),
        (name = "hsds", description = "Open Referral HSDS 3.0: agencies' services and published meetings, for 211 systems and referral tools"),
        (name = "imports", description = "Bringing listings in from other systems (staff)"),
        (name = "sources", description = "Feeds the directory follows (Meeting Guide JSON, TSML CSV, BMLT, HSDS): \
            registering them, syncing one now, and the reports their runs leave (staff)"),
        (name = "review", description = "What imports leave for staff to look at: flagged listings and probable duplicates"),
    )
)]
struct Front;

/// The API description: the front matter, then every operation as [`routes::register`] mounts
/// it, then what applies to many operations at once (security schemes, rate-limit answers).
pub struct ApiDoc;

impl OpenApi for ApiDoc {
    fn openapi() -> utoipa::openapi::OpenApi {
        // The routes are registered on a throwaway app only to collect their entries: the
        // server mounts the same list with `routes::configure`, so the two cannot differ.
        let (_, mut doc) = actix_web::App::new()
            .into_utoipa_app()
            .openapi(Front::openapi())
            .configure(routes::register)
            .split_for_parts();
        // After the paths are in: these walk them.
        let modifiers: [&dyn Modify; 3] = [&BearerAuth, &ApiKeyDocs, &RateLimitDocs];
        for modifier in modifiers {
            modifier.modify(&mut doc);
        }
        doc
    }
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".to_string());
        scheme.description = Some("An access token from `POST /v1/auth/token`.".to_string());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The document as pretty-printed JSON with a trailing newline (the committed file's form).
pub fn document() -> String {
    let mut json = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

/// Routes never limited: probes must answer whatever the traffic.
pub const EXEMPT: [&str; 3] = ["/healthz", "/readyz", "/metrics"];

/// Documents the 429 answer, and the `RateLimit-*` headers, on every operation but the probes.
#[derive(Debug)]
pub struct RateLimitDocs;

impl utoipa::Modify for RateLimitDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::header::HeaderBuilder;
        use utoipa::openapi::{ContentBuilder, ObjectBuilder, Ref, ResponseBuilder, Type};
        let seconds = |description: &str| {
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer))
                .description(Some(description))
                .build()
        };
        let response = ResponseBuilder::new()
            .description(
                "Too many requests for this caller (per API key, staff user, or client address for \
                 anonymous callers; limits are per server replica). Every limited answer carries \
                 `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.",
            )
            .content(
                "application/problem+json",
                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
            )
            .header("Retry-After", seconds("Seconds until a request is let through again"))
            .header("RateLimit-Limit", seconds("Requests the caller's bucket holds (its per-minute limit)"))
            .header("RateLimit-Remaining", seconds("Requests left in the bucket"))
            .header("RateLimit-Reset", seconds("Seconds until the bucket is full again"))
            .build();
        for (path, item) in openapi.paths.paths.iter_mut() {
            if EXEMPT.contains(&path.as_str()) {
                continue;
            }
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            for operation in operations.into_iter().flatten() {
                operation.responses.responses.insert("429".to_string(), response.clone().into());
            }
        }
    }
}
