//! Scrubbing a contact out of a meeting's history: the person asked to be forgotten, or was
//! entered by mistake, and the audit trail must not keep their details.
//!
//! Removing a contact from a meeting is an ordinary update, but the change log still holds the
//! contact in every earlier version of the meeting. A scrub rewrites those versions: each
//! contact matching the admin's email and/or phone has its name, email and phone replaced by
//! [`SCRUBBED`], and the matched email and phone texts are also replaced wherever else they
//! appear in the document (notes, the group's email). What was scrubbed is recorded as a
//! [`ScrubReport`]: counts and which keys matched, never the data.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::validation::{FieldError, ValidationErrors, is_plausible_email};

/// What scrubbed values are replaced with.
pub const SCRUBBED: &str = "[scrubbed]";

/// The fewest digits a phone number to match by may have.
pub const MIN_PHONE_DIGITS: usize = 7;

/// A phone written with at least this many digits also matches the same number written with a
/// country code in front ("215-555-0911" matches "+1 215 555 0911").
const NATIONAL_DIGITS: usize = 10;

/// Texts shorter than this are never replaced outside contacts (too likely to be something else).
const MIN_MENTION_LEN: usize = 5;

/// Which contacts to scrub: those with this email (any case) and/or this phone (same digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactMatch {
    email: Option<String>,
    phone: Option<String>,
    phone_digits: Option<String>,
}

/// What a scrub did, without the data it removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScrubReport {
    /// What contacts were matched by: `email`, `phone`, or both.
    pub matched_by: Vec<String>,
    /// How many change-log entries were rewritten.
    pub entries: usize,
    /// How many contact records (across those entries' before and after) were scrubbed.
    pub contacts: usize,
    /// How many other texts (notes, group email …) had the email or phone replaced.
    pub mentions: usize,
}

/// What scrubbing one document changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scrubbed {
    /// Contact records scrubbed.
    pub contacts: usize,
    /// Other texts with the email or phone replaced.
    pub mentions: usize,
}

impl Scrubbed {
    /// True when nothing was changed.
    pub fn is_empty(&self) -> bool {
        self.contacts == 0 && self.mentions == 0
    }
}

impl ContactMatch {
    /// A match by `email` and/or `phone` (blank values count as absent); at least one is needed,
    /// the email must look like one and the phone must have at least [`MIN_PHONE_DIGITS`] digits.
    pub fn new(email: Option<&str>, phone: Option<&str>) -> Result<ContactMatch, ValidationErrors> {
        let email = email.map(str::trim).filter(|e| !e.is_empty()).map(str::to_lowercase);
        let phone = phone.map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
        let mut errors = Vec::new();
        if email.is_none() && phone.is_none() {
            errors
                .push(FieldError { field: "email".into(), message: "give the contact's email, phone or both".into() });
        }
        if email.as_deref().is_some_and(|e| !is_plausible_email(e)) {
            errors.push(FieldError { field: "email".into(), message: "is not an email address".into() });
        }
        let phone_digits = phone.as_deref().map(digits);
        if phone_digits.as_ref().is_some_and(|d| d.len() < MIN_PHONE_DIGITS) {
            errors.push(FieldError {
                field: "phone".into(),
                message: format!("must have at least {MIN_PHONE_DIGITS} digits"),
            });
        }
        if !errors.is_empty() {
            return Err(ValidationErrors(errors));
        }
        Ok(ContactMatch { email, phone, phone_digits })
    }

    /// What this matches by: `email`, `phone`, or both.
    pub fn matched_by(&self) -> Vec<String> {
        let mut by = Vec::new();
        if self.email.is_some() {
            by.push("email".to_string());
        }
        if self.phone.is_some() {
            by.push("phone".to_string());
        }
        by
    }

    /// Scrubs a meeting document (as the change log stores it) in place.
    pub fn scrub(&self, doc: &mut Value) -> Scrubbed {
        let mut done = Scrubbed::default();
        let mut mentions = Mentions {
            emails: self.email.iter().cloned().collect(),
            phones: self.phone_digits.iter().cloned().collect(),
        };
        if let Some(contacts) = doc.get_mut("contacts").and_then(Value::as_array_mut) {
            for contact in contacts.iter_mut().filter_map(Value::as_object_mut) {
                if !self.matches(contact) {
                    continue;
                }
                if let Some(email) = contact.get("email").and_then(Value::as_str) {
                    mentions.emails.push(email.to_lowercase());
                }
                if let Some(phone) = contact.get("phone").and_then(Value::as_str) {
                    mentions.phones.push(digits(phone));
                }
                for field in ["name", "email", "phone"] {
                    if let Some(value) = contact.get_mut(field) {
                        *value = Value::String(SCRUBBED.to_string());
                    }
                }
                done.contacts += 1;
            }
        }
        mentions.emails.retain(|e| e.len() >= MIN_MENTION_LEN && e != SCRUBBED);
        mentions.phones.retain(|p| p.len() >= MIN_PHONE_DIGITS);
        done.mentions = mentions.replace_in(doc);
        done
    }

    fn matches(&self, contact: &Map<String, Value>) -> bool {
        let text = |field: &str| contact.get(field).and_then(Value::as_str).filter(|t| *t != SCRUBBED);
        let email =
            self.email.as_deref().is_some_and(|e| text("email").is_some_and(|c| c.trim().eq_ignore_ascii_case(e)));
        let phone =
            self.phone_digits.as_deref().is_some_and(|p| text("phone").is_some_and(|c| same_phone(&digits(c), p)));
        email || phone
    }
}

/// The digits of a phone number.
fn digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// Same digits, or the longer is the shorter (a national number) with a country code before it.
fn same_phone(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= MIN_PHONE_DIGITS && (short == long || (short.len() >= NATIONAL_DIGITS && long.ends_with(short)))
}

/// The texts to replace outside contact records: emails (any case) and phone numbers (by
/// their digits, however they are written).
struct Mentions {
    emails: Vec<String>,
    phones: Vec<String>,
}

impl Mentions {
    /// Replaces every mention in the string values of `doc`; returns how many strings changed.
    fn replace_in(&self, doc: &mut Value) -> usize {
        match doc {
            Value::String(text) if text != SCRUBBED => {
                let replaced = self.replace(text);
                if replaced == *text {
                    0
                } else {
                    *text = replaced;
                    1
                }
            }
            Value::Array(items) => items.iter_mut().map(|v| self.replace_in(v)).sum(),
            Value::Object(members) => members.values_mut().map(|v| self.replace_in(v)).sum(),
            _ => 0,
        }
    }

    fn replace(&self, text: &str) -> String {
        let text = self.emails.iter().fold(text.to_string(), |t, email| replace_ignoring_case(&t, email));
        if self.phones.is_empty() { text } else { self.replace_phones(&text) }
    }

    /// Replaces each run of digits joined by phone punctuation (`215-555-0911`, `(215) 555 0911`,
    /// `+1 215.555.0911`) that is one of the phones.
    fn replace_phones(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for (start, end) in phone_runs(text) {
            let run = digits(&text[start..end]);
            if self.phones.iter().any(|p| same_phone(&run, p)) {
                out.push_str(&text[copied..start]);
                out.push_str(SCRUBBED);
                copied = end;
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// The byte ranges of runs that start and end with a digit, with only phone punctuation
/// (space, `-`, `.`, `(`, `)`, `+`, `/`) between the digits.
fn phone_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() {
            let start = current.map_or(i, |(start, _)| start);
            // A "(" or "+" right before the first digit belongs to the number.
            let start =
                if current.is_none() && i > 0 && matches!(text.as_bytes()[i - 1], b'(' | b'+') { i - 1 } else { start };
            current = Some((start, i + 1));
        } else if !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+' | '/') {
            runs.extend(current.take());
        }
    }
    runs.extend(current);
    runs
}

fn replace_ignoring_case(text: &str, needle: &str) -> String {
    // ASCII lowercasing keeps byte offsets, so positions found in the copy are valid in `text`.
    let haystack = text.to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, _) in haystack.match_indices(&needle) {
        out.push_str(&text[last..start]);
        out.push_str(SCRUBBED);
        last = start + needle.len();
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "name": "Step", "notes": "Ask Harriet: harriet@example.org or 215-555-0911.",
            "group": {"email": "HARRIET@example.org"},
            "contacts": [
                {"name": "Harriet", "email": "Harriet@Example.org", "phone": "(215) 555-0911", "public": false},
                {"name": "Olive", "email": "olive@example.org", "public": true}
            ]
        })
    }

    #[test]
    fn a_matching_contact_and_its_mentions_are_replaced() {
        let mut d = doc();
        let done = ContactMatch::new(Some(" harriet@example.org "), None).unwrap().scrub(&mut d);
        assert_eq!(done, Scrubbed { contacts: 1, mentions: 2 });
        assert_eq!(d["contacts"][0], json!({"name": SCRUBBED, "email": SCRUBBED, "phone": SCRUBBED, "public": false}));
        assert_eq!(d["contacts"][1]["name"], "Olive");
        assert_eq!(d["notes"], "Ask Harriet: [scrubbed] or [scrubbed].", "the phone was the contact's too");
        assert_eq!(d["group"]["email"], SCRUBBED);
        let again = ContactMatch::new(Some("harriet@example.org"), None).unwrap().scrub(&mut d);
        assert!(again.is_empty(), "scrubbing twice finds nothing: {again:?}");
    }

    #[test]
    fn phones_match_by_digits_with_or_without_a_country_code() {
        for phone in ["215-555-0911", "2155550911", "+1 215 555 0911"] {
            let mut d = doc();
            let done = ContactMatch::new(None, Some(phone)).unwrap().scrub(&mut d);
            assert_eq!(done.contacts, 1, "{phone}");
            assert_eq!(d["contacts"][0]["email"], SCRUBBED);
        }
        let mut d = doc();
        assert!(ContactMatch::new(None, Some("555-0911")).unwrap().scrub(&mut d).is_empty(), "a partial number");
        assert!(ContactMatch::new(Some("nobody@example.org"), None).unwrap().scrub(&mut d).is_empty());
    }

    #[test]
    fn the_match_needs_a_usable_email_or_phone() {
        let fields = |r: Result<ContactMatch, ValidationErrors>| {
            r.err().map(|e| e.0.into_iter().map(|f| f.field).collect::<Vec<_>>()).unwrap_or_default()
        };
        assert_eq!(fields(ContactMatch::new(None, None)), ["email"]);
        assert_eq!(fields(ContactMatch::new(Some("  "), Some(""))), ["email"]);
        assert_eq!(fields(ContactMatch::new(Some("not an email"), Some("12"))), ["email", "phone"]);
        let both = ContactMatch::new(Some("a@example.org"), Some("215 555 0911")).unwrap();
        assert_eq!(both.matched_by(), ["email", "phone"]);
    }

    #[test]
    fn documents_without_contacts_are_left_alone() {
        let mut d = json!({"name": "Step", "types": ["O"]});
        assert!(ContactMatch::new(Some("a@example.org"), None).unwrap().scrub(&mut d).is_empty());
        assert_eq!(d, json!({"name": "Step", "types": ["O"]}));
    }
}
