//! The OpenAPI 3.1 document, generated from the handlers' and types' doc comments.
//!
//! It holds nothing specific to one running instance (its one server is `/`, the host that
//! served it), so the committed `openapi/openapi.json` equals what every instance serves. Regenerate it with
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
        let modifiers: [&dyn Modify; 10] = [
            &SameHost,
            &BearerAuth,
            &ApiKeyDocs,
            &RateLimitDocs,
            &CommonResponses,
            &Ndjson,
            &MergePatch,
            &FlattenAllOf,
            &UntaggedAnyOf,
            &Unused,
        ];
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

/// Names the server as the host that served the document: a relative URL, so one document
/// fits every deployment, and generated clients take the base URL from their caller.
struct SameHost;

impl Modify for SameHost {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut server = utoipa::openapi::Server::new("/");
        server.description = Some("The host this document was read from".to_string());
        openapi.servers = Some(vec![server]);
    }
}

/// Describes each merge-patch body (RFC 7396) as its full body with nothing required: what a
/// patch leaves out stays as stored, so `MeetingInput`'s required fields are not a patch's.
/// The patch schema is `<Input>Patch`, made once per input schema.
struct MergePatch;

impl Modify for MergePatch {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::Schema;
        use utoipa::openapi::{Ref, RefOr};
        const MEDIA: &str = "application/merge-patch+json";
        let Some(components) = openapi.components.as_mut() else { return };
        for item in openapi.paths.paths.values_mut() {
            let Some(body) = item.patch.as_mut().and_then(|patch| patch.request_body.as_mut()) else { continue };
            let Some(content) = body.content.get_mut(MEDIA) else { continue };
            let Some(RefOr::Ref(reference)) = content.schema.as_ref() else { continue };
            let Some(name) = reference.ref_location.strip_prefix("#/components/schemas/").map(str::to_string) else {
                continue;
            };
            let Some(RefOr::T(Schema::Object(full))) = components.schemas.get(&name) else { continue };
            let mut patch = full.clone();
            patch.required.clear();
            let patch_name = format!("{name}Patch");
            patch.description = Some(format!("A merge patch (RFC 7396) of `{name}`: members left out stay as stored."));
            components.schemas.insert(patch_name.clone(), RefOr::T(Schema::Object(patch)));
            content.schema = Some(RefOr::Ref(Ref::from_schema_name(patch_name)));
        }
    }
}

/// Lists `application/x-ndjson` beside JSON on the answers of operations that take
/// `format=ndjson` (the HSDS lists): every item, one JSON document per line.
struct Ndjson;

impl Modify for Ndjson {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        use utoipa::openapi::{ContentBuilder, ObjectBuilder, RefOr, Type};
        for item in openapi.paths.paths.values_mut() {
            let Some(get) = item.get.as_mut() else { continue };
            let takes_format =
                get.parameters.iter().flatten().any(|p| p.name == "format" && p.parameter_in == ParameterIn::Query);
            if !takes_format {
                continue;
            }
            let Some(RefOr::T(ok)) = get.responses.responses.get_mut("200") else { continue };
            let lines = ContentBuilder::new()
                .schema(Some(ObjectBuilder::new().schema_type(Type::String).description(Some(
                    "With `format=ndjson`: every matching item, one JSON document per line, unpaged",
                ))))
                .build();
            ok.content.insert("application/x-ndjson".to_string(), lines);
        }
    }
}

/// Merges each read model written as `allOf: [Data, {id, created_at, …}]` into one object.
///
/// The request-body halves (`MeetingData`, `OrganizationData`, …) forbid unknown fields, as the
/// server does; under `allOf` that would forbid the read model's own `id` too, so no answer
/// could validate. The merged object has both halves' properties and required names, and
/// leaves unknown fields open, so a client keeps working when an answer gains a field.
struct FlattenAllOf;

impl Modify for FlattenAllOf {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else { return };
        // Read models built on other read models (`MeetingView` on `Meeting`) merge once the
        // one below has: repeat until nothing changes.
        loop {
            let lookup = components.schemas.clone();
            let mut changed = false;
            for schema in components.schemas.values_mut() {
                changed |= flatten(schema, &lookup);
            }
            if !changed {
                break;
            }
        }
    }
}

type Schemas = std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>;

/// Merges the `allOf`s in `schema` and below it (properties, array items, alternatives) that
/// can be merged now; true when any was.
fn flatten(schema: &mut utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>, lookup: &Schemas) -> bool {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Schema};
    let RefOr::T(inner) = schema else { return false };
    if let Schema::AllOf(all) = inner {
        if all.items.len() > 1 {
            if let Some(merged) = merge(all, lookup) {
                *inner = merged;
                return true;
            }
        }
    }
    let mut changed = false;
    match inner {
        Schema::Object(object) => {
            for property in object.properties.values_mut() {
                changed |= flatten(property, lookup);
            }
            if let Some(AdditionalProperties::RefOr(extra)) = object.additional_properties.as_deref_mut() {
                changed |= flatten(extra, lookup);
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                changed |= flatten(items, lookup);
            }
        }
        Schema::AllOf(all) => all.items.iter_mut().for_each(|s| changed |= flatten(s, lookup)),
        Schema::OneOf(one) => one.items.iter_mut().for_each(|s| changed |= flatten(s, lookup)),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(|s| changed |= flatten(s, lookup)),
        _ => {}
    }
    changed
}

/// One object with every part's properties, or `None` while a part is not yet a plain object.
fn merge(all: &utoipa::openapi::schema::AllOf, schemas: &Schemas) -> Option<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{Object, Schema, SchemaType, Type};
    let mut merged = Object::new();
    merged.schema_type = SchemaType::Type(Type::Object);
    merged.description = all.description.clone();
    for part in &all.items {
        let part = match part {
            RefOr::T(Schema::Object(object)) => object,
            RefOr::Ref(reference) => {
                let name = reference.ref_location.strip_prefix("#/components/schemas/")?;
                match schemas.get(name)? {
                    RefOr::T(Schema::Object(object)) => object,
                    _ => return None,
                }
            }
            _ => return None,
        };
        for (name, property) in &part.properties {
            merged.properties.insert(name.clone(), property.clone());
        }
        for name in &part.required {
            if !merged.required.contains(name) {
                merged.required.push(name.clone());
            }
        }
    }
    Some(Schema::Object(merged))
}

/// Writes the untagged enums (`ChangeItem`, `SearchItem`) as `anyOf`: serde sends whichever
/// variant the value is, and variants may overlap (a staff entry whose action is `deleted`
/// also fits a tombstone), which `oneOf` would call invalid.
struct UntaggedAnyOf;

impl Modify for UntaggedAnyOf {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        use utoipa::openapi::schema::{AnyOf, Schema};
        let Some(components) = openapi.components.as_mut() else { return };
        for schema in components.schemas.values_mut() {
            let RefOr::T(Schema::OneOf(one)) = schema else { continue };
            if one.discriminator.is_some() {
                continue;
            }
            let mut any = AnyOf::new();
            any.items = std::mem::take(&mut one.items);
            any.description = one.description.take();
            *schema = RefOr::T(Schema::AnyOf(any));
        }
    }
}

/// Drops the schemas nothing refers to any more: the halves [`FlattenAllOf`] merged away.
struct Unused;

impl Modify for Unused {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        const PREFIX: &str = "#/components/schemas/";
        let refs = |json: &str| -> Vec<String> {
            json.match_indices(PREFIX)
                .filter_map(|(at, _)| json[at + PREFIX.len()..].split('"').next().map(str::to_string))
                .collect()
        };
        let Some(components) = openapi.components.as_mut() else { return };
        let mut reached: std::collections::BTreeSet<String> =
            refs(&serde_json::to_string(&openapi.paths).unwrap_or_default()).into_iter().collect();
        let mut todo: Vec<String> = reached.iter().cloned().collect();
        while let Some(name) = todo.pop() {
            let Some(schema) = components.schemas.get(&name) else { continue };
            for next in refs(&serde_json::to_string(schema).unwrap_or_default()) {
                if reached.insert(next.clone()) {
                    todo.push(next);
                }
            }
        }
        components.schemas.retain(|name, _| reached.contains(name));
    }
}

/// Declares the answers any operation can give besides its own: a malformed or doubled
/// credential (400) and an unknown one (401) on every route that reads credentials, the store
/// being unavailable (503), and for operations with a body, one too large (413) or not JSON
/// (415). Where an operation already describes one of these, its own description stays.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let every = [
            (
                "400",
                "A malformed request: a parameter, or credentials sent two ways at once (`X-API-Key` and `Authorization`)",
            ),
            (
                "401",
                "Credentials were sent but are not valid: an unknown or revoked API key, an expired or revoked token",
            ),
            ("503", "The store cannot be reached or written just now; `Retry-After` says when to try again"),
        ];
        let with_body = [
            ("413", "The request body is larger than 1 MiB"),
            ("415", "The request body is not declared `application/json` (or a `+json` type)"),
        ];
        for (path, item) in openapi.paths.paths.iter_mut() {
            if EXEMPT.contains(&path.as_str()) {
                continue;
            }
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                // Raw uploads (a source's file) take any type; JSON bodies only JSON.
                let body = operation
                    .request_body
                    .as_ref()
                    .is_some_and(|body| body.content.keys().any(|media| media.ends_with("json")));
                let answers = every.iter().chain(with_body.iter().filter(|_| body));
                for (status, description) in answers {
                    if !operation.responses.responses.contains_key(*status) {
                        operation
                            .responses
                            .responses
                            .insert(status.to_string(), problem_response(description).build().into());
                    }
                }
            }
        }
    }
}

/// An answer with a problem document (RFC 9457) as its body.
fn problem_response(description: &str) -> utoipa::openapi::ResponseBuilder {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new().description(description).content(
        "application/problem+json",
        ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
    )
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
        use utoipa::openapi::{ObjectBuilder, Type};
        let seconds = |description: &str| {
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer))
                .description(Some(description))
                .build()
        };
        let response = problem_response(
            "Too many requests for this caller (per API key, staff user, or client address for \
             anonymous callers; limits are per server replica). Every limited answer carries \
             `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.",
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
