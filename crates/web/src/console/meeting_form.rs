//! The meeting form: its fields are named after the API's JSON fields (`name`, `day`, `time`,
//! `location.city`, `contacts[0].email`, …), so what a form sends becomes the same
//! [`MeetingInput`] a `POST /v1/meetings` body does, and the use case's error messages name the
//! form's own fields.

use std::collections::HashMap;

use recovery_domain::validation::{ContactInput, GroupInput, LocationInput, OnlineInput};
use recovery_domain::{FieldError, MeetingInput};
use serde_json::Value;

use super::text::EN;
use super::{Fields, field_id};

/// How many contact rows the form offers (the API's maximum).
pub const CONTACT_ROWS: usize = 3;

/// The form's values, by field name, as shown (what was typed, or what is stored).
#[derive(Debug, Clone, Default)]
pub struct MeetingForm {
    values: HashMap<String, String>,
    types: Vec<String>,
    errors: HashMap<String, String>,
}

impl MeetingForm {
    /// The form showing `input`.
    pub fn of(input: &MeetingInput) -> MeetingForm {
        let mut form = MeetingForm { types: input.types.clone().unwrap_or_default(), ..MeetingForm::default() };
        if let Ok(value) = serde_json::to_value(input) {
            flatten("", &value, &mut form.values);
        }
        if let Some(regions) = input.location.as_ref().and_then(|l| l.regions.as_ref()) {
            form.values.insert("location.regions".into(), regions.join("\n"));
        }
        form
    }

    /// This form with `errors` shown beside their fields.
    pub fn with_errors(mut self, errors: &[FieldError]) -> MeetingForm {
        for error in errors {
            let field = super::base_field(&error.field);
            self.errors.entry(field).or_insert_with(|| error.message.clone());
        }
        self
    }

    /// The value of field `name` ("" when empty).
    pub fn v(&self, name: impl AsRef<str>) -> String {
        self.values.get(name.as_ref()).cloned().unwrap_or_default()
    }

    /// True when checkbox `name` is ticked.
    pub fn on(&self, name: impl AsRef<str>) -> bool {
        self.values.get(name.as_ref()).is_some_and(|v| v == "true")
    }

    /// True when type `code` is ticked.
    pub fn has_type(&self, code: &str) -> bool {
        self.types.iter().any(|t| t == code)
    }

    /// The error beside field `name`, if any.
    pub fn err(&self, name: impl AsRef<str>) -> Option<String> {
        self.errors.get(name.as_ref()).cloned()
    }

    /// The HTML id of field `name`.
    pub fn id(&self, name: impl AsRef<str>) -> String {
        field_id(name.as_ref())
    }

    /// The name of contact row `i`'s field `part` (`contacts[0].email`).
    pub fn contact(&self, i: &usize, part: &str) -> String {
        format!("contacts[{i}].{part}")
    }
}

/// Writes every leaf of `value` under its path (`location.city`, `contacts[0].name`).
fn flatten(prefix: &str, value: &Value, out: &mut HashMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&path, v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        Value::Null => {}
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

/// Reads the posted form as the API's input; the second value holds what could not even be
/// read (a latitude that is not a number), in the use case's error shape.
pub fn input_of(fields: &Fields) -> (MeetingInput, Vec<FieldError>) {
    let mut errors = Vec::new();
    let mut number = |name: &str| -> Option<f64> {
        let raw = fields.get(name)?;
        match raw.replace(',', ".").parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                errors.push(FieldError { field: name.to_string(), message: EN.not_a_number.to_string() });
                None
            }
        }
    };
    let latitude = number("location.latitude");
    let longitude = number("location.longitude");
    let day = match fields.get("day") {
        None => None,
        Some(raw) => match raw.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError { field: "day".into(), message: EN.not_a_number.to_string() });
                None
            }
        },
    };
    let regions: Vec<String> = fields
        .raw("location.regions")
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let location = LocationInput {
        name: fields.get("location.name"),
        address: fields.get("location.address"),
        city: fields.get("location.city"),
        state: fields.get("location.state"),
        postal_code: fields.get("location.postal_code"),
        country: fields.get("location.country"),
        formatted_address: fields.get("location.formatted_address"),
        latitude,
        longitude,
        approximate: fields.ticked("location.approximate").then_some(true),
        notes: fields.get("location.notes"),
        regions: (!regions.is_empty()).then_some(regions),
    };
    let online = OnlineInput {
        conference_url: fields.get("online.conference_url"),
        conference_url_notes: fields.get("online.conference_url_notes"),
        conference_phone: fields.get("online.conference_phone"),
        conference_phone_notes: fields.get("online.conference_phone_notes"),
    };
    let group = GroupInput {
        name: fields.get("group.name"),
        notes: fields.get("group.notes"),
        website: fields.get("group.website"),
        email: fields.get("group.email"),
        phone: fields.get("group.phone"),
        venmo: fields.get("group.venmo"),
        paypal: fields.get("group.paypal"),
        square: fields.get("group.square"),
    };
    let contacts: Vec<ContactInput> = (0..CONTACT_ROWS)
        .map(|i| ContactInput {
            name: fields.get(&format!("contacts[{i}].name")),
            email: fields.get(&format!("contacts[{i}].email")),
            phone: fields.get(&format!("contacts[{i}].phone")),
            public: Some(fields.ticked(&format!("contacts[{i}].public"))),
        })
        .filter(|c| c.name.is_some() || c.email.is_some() || c.phone.is_some())
        .collect();
    let mut types = fields.all("types");
    types.dedup();
    let input = MeetingInput {
        name: fields.get("name"),
        slug: fields.get("slug"),
        program: fields.get("program"),
        day,
        time: fields.get("time"),
        end_time: fields.get("end_time"),
        timezone: fields.get("timezone"),
        types: Some(types),
        notes: fields.get("notes"),
        status: fields.get("status"),
        location: (location != LocationInput::default()).then_some(location),
        online: (online != OnlineInput::default()).then_some(online),
        temporarily_closed: fields.ticked("temporarily_closed").then_some(true),
        group: (group != GroupInput::default()).then_some(group),
        contacts: Some(contacts),
        ..MeetingInput::default()
    };
    (input, errors)
}

/// The label of field `name`, for the error summary.
pub fn label(name: &str) -> &'static str {
    let w = &EN;
    match name {
        "name" => w.name,
        "slug" => w.slug,
        "program" => w.program,
        "day" => w.day,
        "time" => w.time,
        "end_time" => w.end_time,
        "timezone" => w.timezone,
        "types" => w.types,
        "notes" => w.notes,
        "status" => w.status,
        "location.name" => w.venue,
        "location.address" => w.address,
        "location.city" => w.city,
        "location.state" => w.state,
        "location.postal_code" => w.postal_code,
        "location.country" => w.country,
        "location.formatted_address" => w.formatted_address,
        "location.latitude" => w.latitude,
        "location.longitude" => w.longitude,
        "location.notes" => w.location_notes,
        "location.regions" => w.regions,
        "online.conference_url" => w.conference_url,
        "online.conference_url_notes" => w.conference_url_notes,
        "online.conference_phone" => w.conference_phone,
        "online.conference_phone_notes" => w.conference_phone_notes,
        "group.name" => w.group_name,
        "group.notes" => w.group_notes,
        "group.website" => w.website,
        "group.email" => w.email,
        "group.phone" => w.phone,
        "group.venmo" => w.venmo,
        "group.paypal" => w.paypal,
        "group.square" => w.square,
        n if n.ends_with(".email") => w.email,
        n if n.ends_with(".phone") => w.phone,
        n if n.starts_with("contacts") => w.contact,
        _ => w.basics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_reads_back_as_what_it_shows() {
        let fields = Fields::parse(
            b"name=Rise+and+Shine&day=1&time=07%3A00&types=O&types=D&location.city=Springfield\
              &location.latitude=40.1&location.longitude=-73.5&location.regions=County%0D%0ATown\
              &contacts%5B0%5D.email=a%40example.org&contacts%5B0%5D.public=on",
        );
        let (input, errors) = input_of(&fields);
        assert!(errors.is_empty());
        assert_eq!(input.day, Some(1));
        assert_eq!(input.types.as_deref(), Some(&["O".to_string(), "D".to_string()][..]));
        let location = input.location.as_ref().unwrap();
        assert_eq!(location.regions.as_deref(), Some(&["County".to_string(), "Town".to_string()][..]));
        assert_eq!(input.contacts.as_ref().unwrap()[0].public, Some(true));
        let form = MeetingForm::of(&input);
        assert_eq!(form.v("location.city"), "Springfield");
        assert_eq!(form.v("contacts[0].email"), "a@example.org");
        assert!(form.on("contacts[0].public") && form.has_type("D"));
        assert_eq!(form.v("location.regions"), "County\nTown");
    }

    #[test]
    fn unreadable_numbers_are_errors_of_their_field() {
        let (_, errors) = input_of(&Fields::parse(b"location.latitude=north"));
        assert_eq!(errors[0].field, "location.latitude");
    }
}
