//! What every format does after reading a record: split it by day, give it its key and slug,
//! apply the source's options, cap long notes, validate it, and file it as a record or a
//! rejection. One place, so the three formats cannot drift apart.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use recovery_domain::slug::{MAX_SLUG_LEN, is_valid_slug, slugify};
use recovery_domain::validation::MAX_NOTES_LEN;
use recovery_domain::{MeetingInput, Programs, ValidationContext, ValidationErrors, validate_meeting};

use crate::text::truncate_chars;
use crate::{FormatError, ImportOptions, ImportedMeeting, Parsed, Rejection, Warning};

/// One source record as a format read it, before it is split by day and validated.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    /// The record's index in the source.
    pub position: usize,
    /// Put before every message about the record ("line 7: " for CSV).
    pub label: String,
    /// The source's own identity for the record (slug or id), when it has one.
    pub key: Option<String>,
    /// True when `key` is the record's slug too; false for ids (BMLT), whose meetings get
    /// their slug from the name.
    pub key_is_slug: bool,
    /// Days 0–6 as the source gave them (out-of-range values are left to validation);
    /// empty when the source gave none.
    pub days: Vec<i64>,
    /// Everything else; `day` and `slug` are set here.
    pub input: MeetingInput,
    /// When the source says the record changed.
    pub updated: Option<DateTime<Utc>>,
    /// Messages about the record so far.
    pub warnings: Vec<String>,
}

/// Collects the records of one source document.
pub(crate) struct Collector<'a> {
    opts: &'a ImportOptions,
    ctx: ValidationContext<'a>,
    parsed: Parsed,
    keys: HashMap<String, usize>,
}

impl<'a> Collector<'a> {
    /// A collector for a source read with `opts`; fails when the program is unknown.
    pub(crate) fn new(opts: &'a ImportOptions) -> Result<Collector<'a>, FormatError> {
        let program = crate::program_checked(opts)?;
        let ctx = ValidationContext {
            programs: Programs::builtin(),
            default_timezone: opts.default_timezone,
            default_program: program.id,
        };
        Ok(Collector { opts, ctx, parsed: Parsed::default(), keys: HashMap::new() })
    }

    /// Files a warning.
    pub(crate) fn warn(&mut self, position: usize, key: Option<&str>, message: String) {
        self.parsed.warnings.push(Warning { position, key: key.map(str::to_string), message });
    }

    /// Files a rejection.
    pub(crate) fn reject(&mut self, position: usize, key: Option<&str>, reason: String) {
        self.parsed.rejected.push(Rejection { position, key: key.map(str::to_string), reason });
    }

    /// Files a draft's warnings, then one record or rejection per day.
    pub(crate) fn add(&mut self, mut draft: Draft) {
        self.prepare(&mut draft);
        let days: Vec<Option<i64>> = match draft.days.len() {
            0 => vec![None],
            _ => {
                let mut days = draft.days.clone();
                days.sort_unstable();
                days.dedup();
                days.into_iter().map(Some).collect()
            }
        };
        let split = days.len() > 1;
        let base_slug = self.base_slug(&mut draft);
        for message in std::mem::take(&mut draft.warnings) {
            self.warn(draft.position, draft.key.as_deref(), format!("{}{message}", draft.label));
        }
        for day in days {
            let mut input = draft.input.clone();
            input.day = day;
            let suffix = match (split, day) {
                (true, Some(day)) => format!("-d{day}"),
                _ => String::new(),
            };
            input.slug = base_slug.as_ref().map(|s| with_suffix(s, &suffix));
            let key = match &draft.key {
                Some(key) => Some(format!("{key}{suffix}")),
                None => fallback_key(&input),
            };
            self.file(&draft, key, input);
        }
    }

    /// The options' program, time zone and region prefix, and notes cut to length.
    fn prepare(&self, draft: &mut Draft) {
        let input = &mut draft.input;
        input.program = Some(self.opts.program.trim().to_string());
        if input.timezone.is_none() {
            input.timezone = Some(self.opts.default_timezone.name().to_string());
        }
        if !self.opts.region_prefix.is_empty() {
            let location = input.location.get_or_insert_with(Default::default);
            let mut regions = self.opts.region_prefix.clone();
            regions.extend(location.regions.take().unwrap_or_default());
            location.regions = Some(regions);
        }
        let warnings = &mut draft.warnings;
        let mut cap = |field: &str, value: &mut Option<String>| {
            if let Some(text) = value.take() {
                let (text, cut) = truncate_chars(text, MAX_NOTES_LEN);
                if cut {
                    warnings.push(format!("{field} cut to {MAX_NOTES_LEN} characters"));
                }
                *value = Some(text);
            }
        };
        cap("notes", &mut input.notes);
        if let Some(location) = input.location.as_mut() {
            cap("location_notes", &mut location.notes);
        }
        if let Some(group) = input.group.as_mut() {
            cap("group_notes", &mut group.notes);
        }
        if let Some(online) = input.online.as_mut() {
            cap("conference_url_notes", &mut online.conference_url_notes);
            cap("conference_phone_notes", &mut online.conference_phone_notes);
        }
    }

    /// The slug the source names, made URL-safe (with a warning when that changed it).
    fn base_slug(&self, draft: &mut Draft) -> Option<String> {
        let key = draft.key.as_deref().filter(|_| draft.key_is_slug)?;
        if is_valid_slug(key) && key.len() + 3 <= MAX_SLUG_LEN {
            return Some(key.to_string());
        }
        let slug = slugify(key);
        let shown: String = key.chars().take(60).collect();
        draft.warnings.push(format!("slug `{shown}` is not URL-safe; its meeting's slug is `{slug}`"));
        Some(slug)
    }

    /// Validates one (per-day) record and files it.
    fn file(&mut self, draft: &Draft, key: Option<String>, mut input: MeetingInput) {
        let position = draft.position;
        let label = &draft.label;
        if let Some(key) = &key {
            if let Some(first) = self.keys.get(key) {
                let reason = format!("{label}duplicate key `{key}`: the record at position {first} has it too");
                self.reject(position, Some(key), reason);
                return;
            }
            self.keys.insert(key.clone(), position);
        }
        let mut result = validate_meeting(input.clone(), &self.ctx);
        if let Err(ValidationErrors(errors)) = &result {
            if errors.iter().all(|e| droppable(&e.field)) {
                for e in errors {
                    drop_field(&mut input, &e.field);
                    self.warn(position, key.as_deref(), format!("{label}{} dropped: {}", e.field, e.message));
                }
                result = validate_meeting(input.clone(), &self.ctx);
            }
        }
        match (result, key) {
            (Ok(_), Some(external_key)) => {
                let approximate = input.location.as_ref().and_then(|l| l.approximate).unwrap_or(false);
                self.parsed.records.push(ImportedMeeting {
                    external_key,
                    position,
                    input,
                    approximate,
                    updated: draft.updated,
                });
            }
            (Ok(_), None) => self.reject(position, None, format!("{label}no slug, id or name to know it by")),
            (Err(errors), key) => {
                let reason =
                    errors.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ");
                self.reject(position, key.as_deref(), format!("{label}{reason}"));
            }
        }
    }

    /// The outcome, for a source of `source_records` records.
    pub(crate) fn finish(mut self, source_records: usize) -> Parsed {
        self.parsed.source_records = source_records;
        self.parsed
    }
}

/// `slug` with `suffix`, cut so the whole stays a valid slug.
fn with_suffix(slug: &str, suffix: &str) -> String {
    let room = MAX_SLUG_LEN.saturating_sub(suffix.len());
    let base = slug.get(..room.min(slug.len())).unwrap_or(slug).trim_end_matches('-');
    format!("{base}{suffix}")
}

/// A key for a record whose source names none: its name, day and time.
fn fallback_key(input: &MeetingInput) -> Option<String> {
    let name = input.name.as_deref().map(str::trim).filter(|n| !n.is_empty())?;
    let day = input.day.map_or_else(|| "x".to_string(), |d| d.to_string());
    let time = input.time.as_deref().unwrap_or_default().replace(':', "");
    Some(format!("{}-d{day}-t{time}", slugify(name)))
}

/// Fields a record can lose, with a warning, instead of being rejected for them: ways to
/// reach the group, contacts, join details and coordinates (the meeting itself stays right).
fn droppable(field: &str) -> bool {
    field.starts_with("group.")
        || field.starts_with("contacts[")
        || field.starts_with("online.")
        || field == "location.latitude"
        || field == "location.longitude"
}

/// Removes the value of a droppable field.
fn drop_field(input: &mut MeetingInput, field: &str) {
    if let Some(g) = input.group.as_mut() {
        match field {
            "group.name" => g.name = None,
            "group.notes" => g.notes = None,
            "group.website" => g.website = None,
            "group.email" => g.email = None,
            "group.phone" => g.phone = None,
            "group.venmo" => g.venmo = None,
            "group.paypal" => g.paypal = None,
            "group.square" => g.square = None,
            _ => {}
        }
    }
    if let Some(o) = input.online.as_mut() {
        match field {
            "online.conference_url" => o.conference_url = None,
            "online.conference_url_notes" => o.conference_url_notes = None,
            "online.conference_phone" => o.conference_phone = None,
            "online.conference_phone_notes" => o.conference_phone_notes = None,
            _ => {}
        }
    }
    if let Some(l) = input.location.as_mut() {
        if field == "location.latitude" || field == "location.longitude" {
            l.latitude = None;
            l.longitude = None;
        }
    }
    if let Some(rest) = field.strip_prefix("contacts[") {
        let index = rest.split(']').next().and_then(|i| i.parse::<usize>().ok());
        if let (Some(i), Some(contacts)) = (index, input.contacts.as_mut()) {
            if let Some(c) = contacts.get_mut(i) {
                match rest.rsplit('.').next() {
                    Some("name") => c.name = None,
                    Some("email") => c.email = None,
                    Some("phone") => c.phone = None,
                    _ => {}
                }
            }
        }
    }
}
