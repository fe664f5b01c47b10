//! The database: `--database`, `DATABASE_URL`, `database_url`. Every command that opens the
//! database takes it.

use super::layering::{Row, settings_group};

/// The database used when none is given.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/recovery-directory.db";

settings_group! {
    /// Database URL: `sqlite://PATH` (created if missing) or `postgres://…`.
    #[arg(long = "database", value_name = "DATABASE", env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    database_url: String,
}

impl Layered {
    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
        let url = &self.database_url.value;
        if !is_postgres(url) && !url.starts_with("sqlite://") {
            problems.push(format!("database: expected sqlite://PATH or postgres://…, got `{}`", mask_url(url)));
        }
    }

    /// True when the database is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        is_postgres(&self.database_url.value)
    }

    /// The `config check` line, the password masked.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        rows.push(self.database_url.row(mask_url(&self.database_url.value)));
    }
}

/// True for a URL that selects PostgreSQL.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Masks a database URL's passwords for display: the one in `user:password@` and any
/// `password`-like query parameter (`?password=…`, `sslpassword=…`).
pub fn mask_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let mut masked = match (base.find("://"), base.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => match base[scheme_end + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{}:***{}", &base[..scheme_end + 3], user, &base[at..]),
            None => base.to_string(),
        },
        _ => base.to_string(),
    };
    if let Some(query) = query {
        let params: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.to_ascii_lowercase().contains("pass") => format!("{key}=***"),
                _ => pair.to_string(),
            })
            .collect();
        masked.push('?');
        masked.push_str(&params.join("&"));
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked() {
        assert_eq!(mask_url("postgres://rd:secret@db:5432/rd"), "postgres://rd:***@db:5432/rd");
        assert_eq!(mask_url("postgres://rd@db/rd"), "postgres://rd@db/rd");
        assert_eq!(mask_url("sqlite://data/x.db"), "sqlite://data/x.db");
        assert_eq!(
            mask_url("postgres://u@h/db?sslmode=require&password=hunter2&sslpassword=x"),
            "postgres://u@h/db?sslmode=require&password=***&sslpassword=***"
        );
        assert_eq!(mask_url("postgres://u:a@b@h/db?PASSWORD=c"), "postgres://u:***@h/db?PASSWORD=***");
    }
}
