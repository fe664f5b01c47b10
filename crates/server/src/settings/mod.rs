//! The service's settings, from command-line flags, environment variables and an optional TOML
//! file, in that order of precedence (a flag beats its environment variable, which beats the
//! file, which beats the built-in default).
//!
//! One file per group of settings, and each setting declared once, in its group's file: its
//! flag, variable and default (a clap attribute), its file key (its name), its `--help` text
//! (its doc), its check and its `config check` line (`layering::settings_group!` writes the
//! rest). Adding a setting to a group touches that file and the README's table, nothing else.
//! A new group also needs a line in `file.rs` and in the command sets (`common.rs`,
//! `import.rs`, `serve.rs`), which decide where its flags, problems and lines appear.

pub mod layering;

pub mod file;

pub mod common;
pub mod import;
pub mod serve;

pub mod bind;
pub mod cors;
pub mod database;
pub mod defaults;
pub mod fetch;
pub mod geocoder;
pub mod jwt;
pub mod logging;
pub mod pages;
pub mod public_url;
pub mod rate_limits;
pub mod replicas;
pub mod reports;
pub mod sync;
