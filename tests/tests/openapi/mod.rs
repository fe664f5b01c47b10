//! `/openapi.json`, the `openapi` subcommand and the docs UI.

mod document;
