//! The permission matrix: every write endpoint × every kind of caller, and the editor scopes
//! behind the "in scope" and "out of scope" columns.
//!
//! To cover a new write endpoint, add one [`Row`] to [`rows`]: its method, path (`{id}` is
//! replaced by the id of a fresh subject made for each caller), body and expected answers.

mod matrix;
mod scopes;

use recovery_e2e::agencies;
use recovery_e2e::app::{STAFF_PASSWORD, unique};
use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::expect_json;
use recovery_e2e::{Staff, TestApp};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

/// The region an in-scope editor is scoped to, and one outside it.
const IN_SCOPE: [&str; 3] = ["New York", "Brooklyn", "Park Slope"];
const OUT_OF_SCOPE: [&str; 2] = ["New York", "Queens"];

/// Who sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    /// No credentials.
    Anonymous,
    /// An API key issued by an admin (a read-only credential), sent as `X-API-Key`.
    ApiKey,
    /// A signed-in viewer.
    Viewer,
    /// An editor scoped to Brooklyn and AA, on a subject in Queens.
    EditorOutOfScope,
    /// The same editor, on a subject in Brooklyn.
    EditorInScope,
    /// A signed-in admin.
    Admin,
}

/// Every column of the matrix.
const CALLERS: [Caller; 6] =
    [Caller::Anonymous, Caller::ApiKey, Caller::Viewer, Caller::EditorOutOfScope, Caller::EditorInScope, Caller::Admin];

/// What a caller must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Exactly this status.
    Status(u16),
    /// Any 2xx.
    Success,
}

use Expect::{Status, Success};

/// The expected answer of one row, per caller.
#[derive(Debug, Clone, Copy)]
struct Expected {
    anonymous: Expect,
    api_key: Expect,
    viewer: Expect,
    editor_out_of_scope: Expect,
    editor_in_scope: Expect,
    admin: Expect,
}

impl Expected {
    fn of(&self, caller: Caller) -> Expect {
        match caller {
            Caller::Anonymous => self.anonymous,
            Caller::ApiKey => self.api_key,
            Caller::Viewer => self.viewer,
            Caller::EditorOutOfScope => self.editor_out_of_scope,
            Caller::EditorInScope => self.editor_in_scope,
            Caller::Admin => self.admin,
        }
    }
}

/// Writes to listings: editors within their scope, and admins.
const LISTING_WRITE: Expected = Expected {
    anonymous: Status(401),
    api_key: Status(403),
    viewer: Status(403),
    editor_out_of_scope: Status(403),
    editor_in_scope: Success,
    admin: Success,
};

/// Admin-only writes.
const ADMIN_ONLY: Expected = Expected { editor_in_scope: Status(403), ..LISTING_WRITE };

/// Writes any signed-in user may make about themselves.
const ANY_STAFF: Expected =
    Expected { viewer: Success, editor_out_of_scope: Success, editor_in_scope: Success, ..LISTING_WRITE };

/// Writes anyone may make, with or without an API key.
const PUBLIC_WRITE: Expected = Expected { anonymous: Success, api_key: Success, ..ANY_STAFF };

/// A new password: any staff user, once. The two editor callers are one user, so the second
/// cell finds its access token ended by the first (a new password ends them all).
const OWN_PASSWORD: Expected = Expected { editor_in_scope: Status(401), ..ANY_STAFF };

/// Writes to agency listings: every editor (scopes are regions and programs of meetings) and
/// admins.
const AGENCY_WRITE: Expected = Expected { editor_out_of_scope: Success, ..LISTING_WRITE };

/// What `{id}` in a row's path names; a fresh one is made (by an admin) for every caller.
#[derive(Debug, Clone, Copy)]
enum Subject {
    /// Nothing.
    None,
    /// A published meeting, in Queens for [`Caller::EditorOutOfScope`], else in Brooklyn.
    Meeting,
    /// A viewer account.
    User,
    /// An open problem report about a meeting made as for [`Subject::Meeting`].
    Report,
    /// An API key (not the caller's).
    ApiKey,
    /// A meeting made as for [`Subject::Meeting`] whose contact [`FORMER_CONTACT`] was removed
    /// (it stays in the meeting's history).
    FormerContact,
    /// An organization with nothing referring to it.
    Organization,
    /// A location of a fresh organization.
    Location,
    /// A service of a fresh organization, at a location of it.
    Service,
    /// A taxonomy term with nothing filed under it.
    Term,
}

/// The email of the contact a [`Subject::FormerContact`] meeting had.
const FORMER_CONTACT: &str = "former.contact@example.org";

/// A row's request body.
#[derive(Debug, Clone, Copy)]
enum Body {
    /// No body.
    None,
    /// A whole meeting, in the caller's column's region (as for the subject).
    Meeting,
    /// Any JSON, made from the subject's id (if the row has a subject).
    Json(fn(Option<&str>) -> Value),
    /// The subject as an admin reads it at the row's path, without its read-only fields.
    Readback,
}

/// One write endpoint.
struct Row {
    method: Method,
    path: &'static str,
    subject: Subject,
    body: Body,
    expected: Expected,
}

/// Every write endpoint.
fn rows() -> Vec<Row> {
    let row = |method, path, subject, body, expected| Row { method, path, subject, body, expected };
    vec![
        row(Method::POST, "/v1/meetings", Subject::None, Body::Meeting, LISTING_WRITE),
        row(Method::PUT, "/v1/meetings/{id}", Subject::Meeting, Body::Meeting, LISTING_WRITE),
        row(
            Method::PATCH,
            "/v1/meetings/{id}",
            Subject::Meeting,
            Body::Json(|_| json!({"notes": "Use the side door."})),
            LISTING_WRITE,
        ),
        row(Method::DELETE, "/v1/meetings/{id}", Subject::Meeting, Body::None, LISTING_WRITE),
        row(Method::POST, "/v1/meetings/{id}/verify", Subject::Meeting, Body::None, LISTING_WRITE),
        row(
            Method::POST,
            "/v1/meetings/{id}/contacts/scrub",
            Subject::FormerContact,
            Body::Json(|_| json!({"email": FORMER_CONTACT})),
            ADMIN_ONLY,
        ),
        row(
            Method::POST,
            "/v1/reports",
            Subject::Meeting,
            Body::Json(
                |meeting| json!({"listing_kind": "meeting", "listing_id": meeting, "reason": "closed", "message": "Closed for good."}),
            ),
            PUBLIC_WRITE,
        ),
        row(
            Method::PATCH,
            "/v1/reports/{id}",
            Subject::Report,
            Body::Json(|_| json!({"status": "dismissed", "note": "It meets as listed."})),
            LISTING_WRITE,
        ),
        row(
            Method::POST,
            "/v1/users",
            Subject::None,
            Body::Json(
                |_| json!({"email": format!("new-{}@example.org", unique()), "password": "long enough password", "role": "viewer"}),
            ),
            ADMIN_ONLY,
        ),
        row(
            Method::PATCH,
            "/v1/users/{id}",
            Subject::User,
            Body::Json(|_| json!({"role": "editor", "scope_regions": ["Bronx"]})),
            ADMIN_ONLY,
        ),
        row(
            Method::POST,
            "/v1/api-keys",
            Subject::None,
            Body::Json(|_| json!({"name": "Matrix app", "owner_email": "apps@example.org"})),
            ADMIN_ONLY,
        ),
        row(
            Method::POST,
            "/v1/organizations",
            Subject::None,
            Body::Json(|_| agencies::organization("Matrix agency")),
            AGENCY_WRITE,
        ),
        row(Method::PUT, "/v1/organizations/{id}", Subject::Organization, Body::Readback, AGENCY_WRITE),
        row(Method::DELETE, "/v1/organizations/{id}", Subject::Organization, Body::None, AGENCY_WRITE),
        row(
            Method::POST,
            "/v1/locations",
            Subject::Organization,
            Body::Json(|org| agencies::location(org.unwrap_or_default(), "Matrix office", 1.0)),
            AGENCY_WRITE,
        ),
        row(Method::PUT, "/v1/locations/{id}", Subject::Location, Body::Readback, AGENCY_WRITE),
        row(Method::DELETE, "/v1/locations/{id}", Subject::Location, Body::None, AGENCY_WRITE),
        row(
            Method::POST,
            "/v1/services",
            Subject::Organization,
            Body::Json(|org| agencies::service(org.unwrap_or_default(), "Matrix service", &[], &[])),
            AGENCY_WRITE,
        ),
        row(Method::PUT, "/v1/services/{id}", Subject::Service, Body::Readback, AGENCY_WRITE),
        row(Method::DELETE, "/v1/services/{id}", Subject::Service, Body::None, AGENCY_WRITE),
        row(
            Method::POST,
            "/v1/taxonomy_terms",
            Subject::None,
            Body::Json(|_| json!({"code": format!("matrix-{}", unique()), "name": "Matrix", "description": "A term."})),
            AGENCY_WRITE,
        ),
        row(Method::PUT, "/v1/taxonomy_terms/{id}", Subject::Term, Body::Readback, AGENCY_WRITE),
        row(Method::DELETE, "/v1/taxonomy_terms/{id}", Subject::Term, Body::None, AGENCY_WRITE),
        row(Method::DELETE, "/v1/api-keys/{id}", Subject::ApiKey, Body::None, ADMIN_ONLY),
        // Last: a new password (the same one again) ends the caller's access tokens, so no row
        // may come after it.
        row(
            Method::PUT,
            "/v1/users/me/password",
            Subject::None,
            Body::Json(|_| json!({"current_password": STAFF_PASSWORD, "new_password": STAFF_PASSWORD})),
            OWN_PASSWORD,
        ),
    ]
}

/// The people (and credentials) of one server.
struct World {
    admin: Staff,
    viewer: Staff,
    editor: Staff,
    api_key: String,
}

impl World {
    async fn new(app: &TestApp) -> World {
        let admin = app.staff("admin").await;
        let viewer = app.staff("viewer").await;
        let editor = app.staff("editor").await;
        let id = user_id(&admin, &editor.email).await;
        let scopes = json!({"scope_regions": ["Brooklyn"], "scope_programs": ["aa"]});
        expect_json(admin.patch(&format!("/v1/users/{id}"), &scopes).send().await.unwrap(), 200).await;
        let api_key = new_api_key(&admin).await["key"].as_str().unwrap().to_string();
        World { admin, viewer, editor, api_key }
    }

    /// A request from `caller`.
    fn request(&self, app: &TestApp, caller: Caller, method: Method, path: &str) -> RequestBuilder {
        match caller {
            Caller::Anonymous => app.request(method, path),
            Caller::ApiKey => app.request(method, path).header("X-API-Key", &self.api_key),
            Caller::Viewer => self.viewer.request(method, path),
            Caller::EditorOutOfScope | Caller::EditorInScope => self.editor.request(method, path),
            Caller::Admin => self.admin.request(method, path),
        }
    }

    /// A fresh subject for `caller`; its id.
    async fn subject(&self, subject: Subject, caller: Caller) -> Option<String> {
        match subject {
            Subject::None => None,
            Subject::Meeting => Some(self.meeting_for(caller).await),
            Subject::User => {
                let body = json!({"email": format!("subject-{}@example.org", unique()), "password": "long enough password",
                                  "role": "viewer"});
                let user = expect_json(self.admin.post("/v1/users", &body).send().await.unwrap(), 201).await;
                Some(user["id"].as_str().unwrap().to_string())
            }
            Subject::FormerContact => {
                let contact = json!({"contacts": [{"name": "Former", "email": FORMER_CONTACT, "public": false}]});
                let with = merged(&meeting_in(regions_for(caller), &format!("Subject {}", unique())), contact);
                let id = self.admin.create(&with).await["id"].as_str().unwrap().to_string();
                let removed = self.admin.patch(&format!("/v1/meetings/{id}"), &json!({"contacts": []}));
                expect_json(removed.send().await.unwrap(), 200).await;
                Some(id)
            }
            Subject::ApiKey => Some(new_api_key(&self.admin).await["id"].as_str().unwrap().to_string()),
            Subject::Organization => Some(self.organization().await),
            Subject::Location => {
                let org = self.organization().await;
                let body = agencies::location(&org, "Subject office", 1.0);
                Some(agencies::id(&agencies::create(&self.admin, "/v1/locations", &body).await))
            }
            Subject::Service => {
                let org = self.organization().await;
                let body = agencies::location(&org, "Subject office", 1.0);
                let place = agencies::id(&agencies::create(&self.admin, "/v1/locations", &body).await);
                let body = agencies::service(&org, "Subject service", &[&place], &[]);
                Some(agencies::id(&agencies::create(&self.admin, "/v1/services", &body).await))
            }
            Subject::Term => {
                let body =
                    json!({"code": format!("subject-{}", unique()), "name": "Subject", "description": "A term."});
                Some(agencies::id(&agencies::create(&self.admin, "/v1/taxonomy_terms", &body).await))
            }
            Subject::Report => {
                let meeting = self.meeting_for(caller).await;
                let body = json!({"listing_kind": "meeting", "listing_id": meeting, "reason": "wrong_time",
                                  "message": "It starts later now."});
                let report = expect_json(self.admin.post("/v1/reports", &body).send().await.unwrap(), 201).await;
                Some(report["id"].as_str().unwrap().to_string())
            }
        }
    }

    /// A new published meeting in `caller`'s column's region; its id.
    async fn meeting_for(&self, caller: Caller) -> String {
        let created = self.admin.create(&meeting_in(regions_for(caller), &format!("Subject {}", unique()))).await;
        created["id"].as_str().unwrap().to_string()
    }
}

fn regions_for(caller: Caller) -> &'static [&'static str] {
    if caller == Caller::EditorOutOfScope { &OUT_OF_SCOPE } else { &IN_SCOPE }
}

/// A valid AA meeting in `regions`.
fn meeting_in(regions: &[&str], name: &str) -> Value {
    merged(&meeting(name), json!({"location": {"regions": regions}}))
}

impl World {
    /// A new organization with nothing referring to it; its id.
    async fn organization(&self) -> String {
        let body = agencies::organization(&format!("Subject {}", unique()));
        agencies::id(&agencies::create(&self.admin, "/v1/organizations", &body).await)
    }

    /// The record at `path` as the admin reads it, without `id`, `created_at`, `updated_at`.
    async fn readback(&self, path: &str) -> Value {
        let mut record = expect_json(self.admin.get(path).send().await.unwrap(), 200).await;
        let fields = record.as_object_mut().unwrap();
        for read_only in ["id", "created_at", "updated_at"] {
            fields.remove(read_only);
        }
        record
    }
}

/// `POST /v1/api-keys` as `admin`: the new key's record, with `key` itself.
async fn new_api_key(admin: &Staff) -> Value {
    let body = json!({"name": format!("Key {}", unique()), "owner_email": "apps@example.org"});
    expect_json(admin.post("/v1/api-keys", &body).send().await.unwrap(), 201).await
}

/// The id of the user with `email`, as `admin` lists them.
async fn user_id(admin: &Staff, email: &str) -> String {
    let list = expect_json(admin.get("/v1/users").send().await.unwrap(), 200).await;
    let user = list["items"].as_array().unwrap().iter().find(|u| u["email"] == email);
    user.and_then(|u| u["id"].as_str()).unwrap_or_else(|| panic!("no user {email} in {list}")).to_string()
}
