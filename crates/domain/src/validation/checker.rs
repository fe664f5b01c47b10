//! Reading an input field by field while collecting every error.

use super::{FieldError, MAX_SHORT_LEN, MAX_URL_LEN, is_http_url, is_plausible_email};

/// Collects field errors while reading an input.
pub(super) struct Checker {
    pub(super) errors: Vec<FieldError>,
}

impl Checker {
    pub(super) fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError { field: field.into(), message: message.into() });
    }

    /// Trims; empty becomes absent; longer than `max` characters is an error.
    pub(super) fn text(&mut self, field: &str, value: Option<String>, max: usize) -> Option<String> {
        let trimmed = value?.trim().to_string();
        if trimmed.is_empty() {
            return None;
        }
        if trimmed.chars().count() > max {
            self.fail(field, format!("must be at most {max} characters"));
        }
        if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            self.fail(field, "must not contain control characters");
        }
        Some(trimmed)
    }

    pub(super) fn url(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let value = self.text(field, value, MAX_URL_LEN)?;
        if !is_http_url(&value) {
            self.fail(field, "must be an http or https URL");
        }
        Some(value)
    }

    pub(super) fn email(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let value = self.text(field, value, MAX_SHORT_LEN)?;
        if !is_plausible_email(&value) {
            self.fail(field, "must be an email address");
        }
        Some(value)
    }

    pub(super) fn phone(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let value = self.text(field, value, 50)?;
        let ok = value.chars().any(|c| c.is_ascii_digit())
            && value.chars().all(|c| c.is_ascii_digit() || " +-().,#*/wWpPxX".contains(c));
        if !ok {
            self.fail(field, "must be a phone number (digits, spaces, + - ( ) , # *)");
        }
        Some(value)
    }
}
