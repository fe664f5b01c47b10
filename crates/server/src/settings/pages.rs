//! What the resident's pages show besides the listings: the crisis line (`--crisis-line`,
//! `--crisis-label`) and the directory's own help contact (`--help-contact`).

use recovery_web::settings::{DEFAULT_CRISIS_LABEL, DEFAULT_CRISIS_LINE, PageSettings, is_phone_number};

use super::layering::{Row, settings_group, trimmed, trimmed_some};

settings_group! {
    /// The crisis line the resident's pages show with tap-to-call.
    #[arg(long, env = "RD_CRISIS_LINE", default_value = DEFAULT_CRISIS_LINE)]
    #[flag_value(trimmed)]
    crisis_line: String,
    /// What the crisis line is called on the pages.
    #[arg(long, env = "RD_CRISIS_LABEL", default_value = DEFAULT_CRISIS_LABEL)]
    #[flag_value(trimmed)]
    crisis_label: String,
    /// The directory's own help contact on the pages: an email address or a phone number.
    #[arg(long, env = "RD_HELP_CONTACT")]
    #[flag_value(trimmed_some)]
    help_contact: Option<String>,
}

impl Layered {
    /// Names what is wrong, if anything.
    pub fn check(&self, problems: &mut Vec<String>) {
        if !is_phone_number(self.crisis_line.value.trim()) {
            problems.push(format!(
                "crisis_line: not a phone number (digits, +, spaces, hyphens): `{}`",
                self.crisis_line.value
            ));
        }
        if !(1..=100).contains(&self.crisis_label.value.trim().chars().count()) {
            problems.push("crisis_label: must be 1 to 100 characters".to_string());
        }
        if self.help_contact.value.as_ref().is_some_and(|c| c.trim().chars().count() > 200) {
            problems.push("help_contact: must be at most 200 characters".to_string());
        }
    }

    /// The `config check` lines.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        rows.push(self.crisis_line.plain_row());
        rows.push(self.crisis_label.plain_row());
        rows.push(self.help_contact.row(self.help_contact.value.clone().unwrap_or_else(|| "(none)".to_string())));
    }

    /// What the pages show.
    pub fn settings(&self) -> PageSettings {
        PageSettings {
            crisis_line: self.crisis_line.value.trim().to_string(),
            crisis_label: self.crisis_label.value.trim().to_string(),
            help_contact: self.help_contact.value.as_deref().map(str::trim).map(str::to_string),
        }
    }
}
