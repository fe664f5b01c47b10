//! Collects field errors while normalizing an agency record in place.

use crate::slug::is_valid_slug;
use crate::validation::{FieldError, MAX_SHORT_LEN, MAX_URL_LEN, ValidationErrors, is_http_url, is_plausible_email};

/// `prefix.name`, or `name` at the top level.
pub(super) fn path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") }
}

/// The errors found so far.
#[derive(Default)]
pub(super) struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    /// Records that `field` is wrong.
    pub(super) fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError { field: field.into(), message: message.into() });
    }

    /// Every error at once, or `Ok` when there were none.
    pub(super) fn finish(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() { Ok(()) } else { Err(ValidationErrors(self.errors)) }
    }

    /// Trims required text in place; empty is an error, as is more than `max` characters.
    pub(super) fn required(&mut self, field: &str, value: &mut String, max: usize) {
        trim_in_place(value);
        if value.is_empty() {
            self.fail(field, "is required");
        } else {
            self.check_text(field, value, max);
        }
    }

    /// Trims optional text in place; empty becomes absent.
    pub(super) fn optional(&mut self, field: &str, value: &mut Option<String>, max: usize) {
        if let Some(text) = value {
            trim_in_place(text);
            if text.is_empty() {
                *value = None;
            } else {
                self.check_text(field, text, max);
            }
        }
    }

    /// An optional http or https URL.
    pub(super) fn url(&mut self, field: &str, value: &mut Option<String>) {
        self.optional(field, value, MAX_URL_LEN);
        if value.as_deref().is_some_and(|v| !is_http_url(v)) {
            self.fail(field, "must be an http or https URL");
        }
    }

    /// An optional email address.
    pub(super) fn email(&mut self, field: &str, value: &mut Option<String>) {
        self.optional(field, value, MAX_SHORT_LEN);
        if value.as_deref().is_some_and(|v| !is_plausible_email(v)) {
            self.fail(field, "must be an email address");
        }
    }

    /// A required phone number, by the rule meetings use.
    pub(super) fn phone(&mut self, field: &str, value: &mut String) {
        self.required(field, value, 50);
        let ok = value.chars().any(|c| c.is_ascii_digit())
            && value.chars().all(|c| c.is_ascii_digit() || " +-().,#*/wWpPxX".contains(c));
        if !value.is_empty() && !ok {
            self.fail(field, "must be a phone number (digits, spaces, + - ( ) , # *)");
        }
    }

    /// An ISO 639 language code (2 or 3 letters), lowercased in place.
    pub(super) fn language_code(&mut self, field: &str, value: &mut String) {
        trim_in_place(value);
        value.make_ascii_lowercase();
        if value.is_empty() {
            self.fail(field, "is required");
        } else if !(2..=3).contains(&value.len()) || !value.bytes().all(|b| b.is_ascii_lowercase()) {
            self.fail(field, "must be an ISO 639 language code: 2 or 3 letters (\"en\", \"spa\")");
        }
    }

    /// A required code (lowercase letters and digits joined by single hyphens), at most `max`.
    pub(super) fn code(&mut self, field: &str, value: &mut String, max: usize) {
        trim_in_place(value);
        if value.is_empty() {
            self.fail(field, "is required");
        } else if value.len() > max || !is_valid_slug(value) {
            self.fail(
                field,
                format!("must be lowercase letters and digits joined by single hyphens, at most {max} characters"),
            );
        }
    }

    /// Optional text lowercased in place that must be one of `allowed`.
    pub(super) fn one_of(&mut self, field: &str, value: &mut Option<String>, allowed: &[&str]) {
        self.optional(field, value, MAX_SHORT_LEN);
        if let Some(v) = value {
            v.make_ascii_lowercase();
            if !allowed.contains(&v.as_str()) {
                self.fail(field, format!("must be one of {}", allowed.join(", ")));
            }
        }
    }

    /// Checks the length of a list; true when it is within `max`.
    pub(super) fn at_most(&mut self, field: &str, len: usize, max: usize) -> bool {
        if len > max {
            self.fail(field, format!("at most {max} entries"));
        }
        len <= max
    }

    fn check_text(&mut self, field: &str, text: &str, max: usize) {
        if text.chars().count() > max {
            self.fail(field, format!("must be at most {max} characters"));
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            self.fail(field, "must not contain control characters");
        }
    }
}

/// Trims `s` without reallocating when there is nothing to trim.
fn trim_in_place(s: &mut String) {
    let trimmed = s.trim();
    if trimmed.len() != s.len() {
        *s = trimmed.to_string();
    }
}
