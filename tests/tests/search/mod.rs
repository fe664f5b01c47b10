//! `GET /v1/search`: meetings and services in one nearby search.

mod nearby;
