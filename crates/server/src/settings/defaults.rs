//! What a meeting written without a time zone or a program gets: `--default-timezone` and
//! `--default-program`; and the place the directory serves, `--default-place`. Every command that opens the database takes them, since imports and
//! restores validate meetings too.

use chrono_tz::Tz;
use recovery_domain::Programs;

use super::layering::{Row, settings_group};

settings_group! {
    /// Time zone for meetings written without one (IANA name).
    #[arg(long, env = "RD_DEFAULT_TIMEZONE", default_value = "America/New_York")]
    default_timezone: String,
    /// Program for meetings written without one.
    #[arg(long, env = "RD_DEFAULT_PROGRAM", default_value = "aa")]
    default_program: String,
    /// The place the directory serves ("Philadelphia, PA, USA"): the approximate address the
    /// Meeting Guide feed gives online meetings that have no address or region of their own.
    #[arg(long, env = "RD_DEFAULT_PLACE")]
    default_place: Option<String>,
}

impl Layered {
    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
        if self.default_timezone.value.parse::<Tz>().is_err() {
            problems.push(format!("default_timezone: unknown IANA time zone `{}`", self.default_timezone.value));
        }
        if Programs::builtin().get(&self.default_program.value).is_none() {
            problems.push(format!("default_program: unknown program `{}`", self.default_program.value));
        }
    }

    /// The `config check` lines.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        rows.push(self.default_timezone.plain_row());
        rows.push(self.default_program.plain_row());
        rows.push(self.default_place.row(self.default_place.value.clone().unwrap_or_else(|| "(none)".into())));
    }

    /// The place, if one is set (blank counts as none).
    pub fn place(&self) -> Option<String> {
        self.default_place.value.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string)
    }

    /// The time zone (call once [`Layered::check`] found nothing).
    pub fn timezone(&self) -> Tz {
        self.default_timezone.value.parse().unwrap_or(chrono_tz::America::New_York)
    }

    /// The program's code.
    pub fn program(&self) -> String {
        self.default_program.value.clone()
    }
}
