//! What the resident's pages are configured with (the server reads it from flags, the
//! environment or the configuration file).

/// The crisis line the resident's pages show, by default (the US Suicide & Crisis Lifeline).
pub const DEFAULT_CRISIS_LINE: &str = "988";
/// What the crisis line is called on the pages, by default.
pub const DEFAULT_CRISIS_LABEL: &str = "988 Suicide & Crisis Lifeline";

/// What the resident's pages show besides the listings: the crisis line and the directory's
/// own help contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSettings {
    /// The crisis line's number, dialled by its tap-to-call link ("988").
    pub crisis_line: String,
    /// What the crisis line is called ("988 Suicide & Crisis Lifeline").
    pub crisis_label: String,
    /// The directory's help contact: an email address or a phone number.
    pub help_contact: Option<String>,
}

impl Default for PageSettings {
    fn default() -> Self {
        PageSettings {
            crisis_line: DEFAULT_CRISIS_LINE.to_string(),
            crisis_label: DEFAULT_CRISIS_LABEL.to_string(),
            help_contact: None,
        }
    }
}

/// True for a number a `tel:` link can dial: 2 to 32 characters of digits, `+`, spaces,
/// hyphens, dots and parentheses, with at least two digits.
pub fn is_phone_number(number: &str) -> bool {
    (2..=32).contains(&number.len())
        && number.chars().all(|c| c.is_ascii_digit() || " +-.()".contains(c))
        && number.chars().filter(char::is_ascii_digit).count() >= 2
}
