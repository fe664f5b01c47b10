//! The key that signs staff access tokens: `RD_JWT_SECRET` or `jwt_secret` in the file. There
//! is no flag, so the secret never shows in a process list; that is also why this group is
//! written out rather than declared with `settings_group!`, which gives every setting a flag.

use serde::{Deserialize, Deserializer};

use super::layering::{FileSection, Row, Setting, Source};

/// The environment variable that holds the key.
pub const ENV: &str = "RD_JWT_SECRET";
/// The shortest accepted token signing key.
pub const MIN_JWT_SECRET_LEN: usize = 32;

/// The key in the configuration file (prefer the environment variable).
#[derive(Debug, Clone, Default)]
pub struct FileValues {
    /// Token signing key.
    pub jwt_secret: Option<String>,
}

impl FileSection for FileValues {
    const KEYS: &'static [&'static str] = &["jwt_secret"];

    fn read<'de, D: Deserializer<'de>>(&mut self, _key: &str, value: D) -> Result<(), D::Error> {
        self.jwt_secret = Some(String::deserialize(value)?);
        Ok(())
    }
}

/// The key after layering: the environment, then the file; none by default.
#[derive(Debug, Clone)]
pub struct Layered {
    /// The token signing key, if any.
    pub jwt_secret: Setting<Option<String>>,
}

impl Layered {
    /// Reads the environment variable, then the file.
    pub fn layer(file: &FileValues) -> Layered {
        let (value, source) = match std::env::var(ENV) {
            Ok(secret) => (Some(secret), Source::Env),
            Err(_) => match &file.jwt_secret {
                Some(secret) => (Some(secret.clone()), Source::File),
                None => (None, Source::Default),
            },
        };
        Layered { jwt_secret: Setting { key: "jwt_secret", value, source } }
    }

    /// Names what is wrong, if anything: every replica on PostgreSQL must sign with one key.
    pub fn check(&self, postgres: bool, problems: &mut Vec<String>) {
        match &self.jwt_secret.value {
            Some(secret) if secret.len() < MIN_JWT_SECRET_LEN => {
                problems.push(format!("{ENV}: must be at least {MIN_JWT_SECRET_LEN} bytes"))
            }
            None if postgres => {
                problems.push(format!("{ENV}: required with PostgreSQL, so that every replica accepts the same tokens"))
            }
            _ => {}
        }
    }

    /// The `config check` line, never the secret.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        let shown = match &self.jwt_secret.value {
            Some(_) => "*** (set)",
            None => "(not set: a random key per start)",
        };
        rows.push(self.jwt_secret.row(shown));
    }

    /// The signing key: the secret's bytes, or a random key (with a warning) when none is set.
    pub fn signing_key(&self) -> Vec<u8> {
        match &self.jwt_secret.value {
            Some(secret) => secret.clone().into_bytes(),
            None => {
                // The target predates this module (the warning was the command line's).
                tracing::warn!(
                    target: "recovery_server::cli",
                    "RD_JWT_SECRET is not set: using a random signing key; tokens end with this process"
                );
                rand::random::<[u8; 32]>().to_vec()
            }
        }
    }
}
