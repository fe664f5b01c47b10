//! `GET /v1/programs` and their type vocabularies.

use actix_web::{HttpRequest, HttpResponse, get, web};
use recovery_domain::Programs;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem};

/// A program (fellowship).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramView {
    /// Lowercase id, as meetings carry it.
    pub id: &'static str,
    /// Full name.
    pub name: &'static str,
    /// The id of its type vocabulary.
    pub vocabulary: &'static str,
    /// How many type codes the vocabulary has.
    pub type_count: usize,
    /// Languages the type names come in.
    pub languages: Vec<String>,
}

/// One meeting type.
#[derive(Debug, Serialize, ToSchema)]
pub struct TypeView {
    /// The code, as meetings carry it (case-sensitive).
    pub code: String,
    /// The name in the requested language (English when it has none).
    pub name: String,
    /// A longer description, where the vocabulary has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A program's type vocabulary in one language.
#[derive(Debug, Serialize, ToSchema)]
pub struct TypeList {
    /// The program id.
    pub program: &'static str,
    /// The language the names are in.
    pub lang: String,
    /// Every type, by code.
    pub types: Vec<TypeView>,
}

/// Language selection.
#[derive(Debug, Deserialize, IntoParams)]
pub struct LangParam {
    /// ISO 639-1 language code ("es"); English when absent or not available.
    pub lang: Option<String>,
}

/// The programs the directory lists.
///
/// Sends `ETag` and `Last-Modified`; answers `If-None-Match` / `If-Modified-Since` with 304.
#[utoipa::path(
    operation_id = "programs_list", get, path = "/v1/programs", tag = "programs", responses(
    (status = 200, description = "Every program", body = [ProgramView], headers(("ETag" = String), ("Last-Modified" = String))),
    (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
))]
#[get("/v1/programs")]
pub async fn list(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let programs: Vec<ProgramView> = Programs::builtin()
        .all()
        .iter()
        .map(|p| ProgramView {
            id: p.id,
            name: p.name,
            vocabulary: p.vocabulary.id,
            type_count: p.vocabulary.types().len(),
            languages: p.vocabulary.languages(),
        })
        .collect();
    conditional::json(&req, &programs, Some(conditional::started_at()), Audience::Everyone)
}

/// A program's meeting types, named in one language.
///
/// Sends `ETag` and `Last-Modified`; answers `If-None-Match` / `If-Modified-Since` with 304.
#[utoipa::path(
    operation_id = "programs_types",
    get, path = "/v1/programs/{program}/types", tag = "programs",
    params(("program" = String, Path, description = "Program id"), LangParam),
    responses(
        (status = 200, description = "The vocabulary", body = TypeList, headers(("ETag" = String), ("Last-Modified" = String))),
        (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
        (status = 404, description = "No such program", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/programs/{program}/types")]
pub async fn types(
    path: web::Path<String>,
    query: web::Query<LangParam>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let program = Programs::builtin()
        .get(&path)
        .ok_or_else(|| ApiError::NotFound(format!("no program `{}`", crate::extract::query::shorten(&path))))?;
    let wanted = query.lang.as_deref().map(str::to_ascii_lowercase).unwrap_or_else(|| "en".into());
    let lang = if program.vocabulary.languages().contains(&wanted) { wanted } else { "en".to_string() };
    let types = program
        .vocabulary
        .types()
        .iter()
        .map(|t| TypeView { code: t.code.clone(), name: t.name(&lang).to_string(), description: t.description.clone() })
        .collect();
    conditional::json(
        &req,
        &TypeList { program: program.id, lang, types },
        Some(conditional::started_at()),
        Audience::Everyone,
    )
}
