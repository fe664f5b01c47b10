//! Published 12-step meetings as HSDS services, so a 211 system that reads only HSDS still
//! finds them: category "recovery support → 12-step and mutual-aid groups", a weekly schedule,
//! and a physical and/or virtual location. Every nested id is derived from the meeting's id, so
//! it is the same on every call. Meetings have no organization; private contacts never appear
//! (the index holds public views).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use recovery_domain::{Meeting, Programs};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::render::Form;
use super::term::TermRef;
use super::value::{derived_id, last_modified, offset_hours, strip_nulls, words};

/// The code of the seeded term meetings are filed under.
pub const MEETING_TERM_CODE: &str = "mutual-aid-groups";

/// Where a meeting can be attended, as a service-at-location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Its venue.
    Physical,
    /// Online or by phone.
    Virtual,
}

/// A published meeting and its category term.
#[derive(Debug, Clone)]
pub struct MeetingBundle {
    /// The meeting (public view).
    pub meeting: Arc<Meeting>,
    /// The mutual-aid-groups term, when seeded.
    pub term: Option<Arc<TermRef>>,
}

/// The bits flipped in a meeting's id to make its service-at-location ids (none in the
/// version nibble, byte 6, or the variant bits, byte 8).
const SAL_MASKS: [u128; 2] = [0x5a1c_0f3e_9d27_0b64_0e71_c2a9_84f6_1d3b, 0x3b6e_d150_47a8_0c19_1f24_8e6d_07c3_a592];

fn flip(id: Uuid, place: Place) -> Uuid {
    let mask = SAL_MASKS[usize::from(place == Place::Virtual)];
    Uuid::from_u128(id.as_u128() ^ mask)
}

/// The meeting id and place a meeting's service-at-location id stands for (the meeting may not
/// exist: the caller looks it up).
pub fn unflip(sal_id: Uuid) -> [(Uuid, Place); 2] {
    [(flip(sal_id, Place::Physical), Place::Physical), (flip(sal_id, Place::Virtual), Place::Virtual)]
}

fn is_web(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

impl MeetingBundle {
    /// Its places: the venue when it has an address or coordinates, and the online option when
    /// it has a link or a dial-in.
    pub fn places(&self) -> Vec<Place> {
        let data = &self.meeting.data;
        let mut out = Vec::new();
        if data.location.as_ref().is_some_and(|l| l.coordinates().is_some() || l.is_usable()) {
            out.push(Place::Physical);
        }
        if data.online.as_ref().is_some_and(|o| o.is_joinable()) {
            out.push(Place::Virtual);
        }
        out
    }

    /// The service-at-location id of `place`: the meeting's id with fixed bits flipped, so
    /// `/hsds/service_at_locations/{id}` finds the meeting again without a table (the UUID's
    /// version and variant bits are kept).
    pub fn sal_id(&self, place: Place) -> Uuid {
        flip(self.meeting.id.0, place)
    }

    fn location_id(&self, place: Place) -> Uuid {
        derived_id(self.meeting.id.0, if place == Place::Physical { "location:physical" } else { "location:virtual" })
    }

    /// The venue's coordinates and postal code.
    pub fn physical_place(&self) -> (Option<(f64, f64)>, Vec<String>) {
        match &self.meeting.data.location {
            Some(l) => (l.coordinates(), l.postal_code.iter().cloned().collect()),
            None => (None, Vec::new()),
        }
    }

    /// The description: the program, the types in words, then the notes.
    pub fn description(&self) -> String {
        let data = &self.meeting.data;
        let program = Programs::builtin().get(&data.program);
        let mut parts =
            vec![format!("{} meeting.", program.map_or(data.program.to_uppercase(), |p| p.name.to_string()))];
        let types: Vec<&str> = data
            .types
            .iter()
            .filter_map(|code| program.and_then(|p| p.vocabulary.get(code)).map(|t| t.name("en")))
            .collect();
        if !types.is_empty() {
            parts.push(format!("{}.", types.join(", ")));
        }
        parts.extend(data.notes.clone());
        parts.join(" ")
    }

    /// The words the `search` filter finds it by.
    pub fn words(&self) -> Vec<String> {
        let data = &self.meeting.data;
        let mut text = vec![data.name.clone(), self.description()];
        if let Some(l) = &data.location {
            text.extend([&l.name, &l.address, &l.city, &l.formatted_address].into_iter().flatten().cloned());
        }
        text.iter().flat_map(|t| words(t)).collect()
    }

    fn schedule(&self, now: DateTime<Utc>) -> Value {
        let data = &self.meeting.data;
        let day =
            ["SU", "MO", "TU", "WE", "TH", "FR", "SA"].get(usize::from(data.day.index())).copied().unwrap_or("MO");
        let mut row = json!({
            "id": derived_id(self.meeting.id.0, "schedule"),
            "freq": "WEEKLY",
            "interval": 1,
            "byday": day,
            "opens_at": data.time.to_string(),
            "timezone": offset_hours(data.timezone, now),
            "description": format!("Every {} at {}", data.day.name(), data.time),
        });
        if let (Some(end), Value::Object(map)) = (data.end_time, &mut row) {
            map.insert("closes_at".into(), json!(end.to_string()));
        }
        row
    }

    /// The meeting as an HSDS service.
    pub fn render(&self, form: Form, now: DateTime<Utc>) -> Value {
        let meeting = &self.meeting;
        let data = &meeting.data;
        let mut out = Map::new();
        out.insert("id".into(), json!(meeting.id));
        out.insert("last_modified".into(), json!(last_modified(meeting.updated_at)));
        if form == Form::Minimal {
            return Value::Object(out);
        }
        out.insert("name".into(), json!(data.name));
        out.insert("description".into(), json!(self.description()));
        out.insert("status".into(), json!(if data.temporarily_closed { "temporarily closed" } else { "active" }));
        out.insert("fees_description".into(), json!("Free; no dues or fees."));
        if let Some(group) = &data.group {
            if let Some(url) = group.website.as_ref().filter(|u| is_web(u)) {
                out.insert("url".into(), json!(url));
            }
            if let Some(email) = &group.email {
                out.insert("email".into(), json!(email));
            }
        }
        if form == Form::Full {
            out.insert("schedules".into(), json!([self.schedule(now)]));
            if let Some(phone) = data.group.as_ref().and_then(|g| g.phone.as_ref()) {
                out.insert("phones".into(), json!([{"id": derived_id(meeting.id.0, "phone:group"), "number": phone}]));
            }
            let contacts: Vec<Value> = data
                .contacts
                .iter()
                .filter(|c| c.public)
                .enumerate()
                .map(|(i, c)| {
                    let id = derived_id(meeting.id.0, &format!("contact:{i}"));
                    let phones: Vec<Value> =
                        c.phone.iter().map(|p| json!({"id": derived_id(id, "phone"), "number": p})).collect();
                    json!({"id": id, "name": c.name, "email": c.email, "phones": phones})
                })
                .collect();
            out.insert("contacts".into(), Value::Array(contacts));
            let sals: Vec<Value> = self.places().into_iter().map(|p| self.sal(p, Form::Full, now)).collect();
            out.insert("service_at_locations".into(), Value::Array(sals));
            if let Some(term) = &self.term {
                out.insert("attributes".into(), json!([term.attribute(meeting.id.0)]));
            }
        }
        let mut value = Value::Object(out);
        strip_nulls(&mut value);
        value
    }

    /// One of its service-at-locations as HSDS.
    pub fn sal(&self, place: Place, form: Form, now: DateTime<Utc>) -> Value {
        let location_id = self.location_id(place);
        let mut out = json!({"id": self.sal_id(place), "service_id": self.meeting.id, "location_id": location_id});
        if form == Form::Full {
            let (location, phones) = match place {
                Place::Physical => (self.physical(location_id), Value::Null),
                Place::Virtual => self.virtual_place(location_id),
            };
            if let Value::Object(map) = &mut out {
                map.insert("schedules".into(), json!([self.schedule(now)]));
                map.insert("location".into(), location);
                map.insert("phones".into(), phones);
            }
        }
        strip_nulls(&mut out);
        out
    }

    fn physical(&self, id: Uuid) -> Value {
        let Some(l) = &self.meeting.data.location else { return json!({"id": id, "location_type": "physical"}) };
        let street = l.address.clone().or_else(|| l.formatted_address.clone());
        let address = match (street, &l.city, &l.state, &l.postal_code, &l.country) {
            (Some(street), Some(city), Some(state), Some(postal), Some(country)) => json!([{
                "id": derived_id(id, "address"), "address_1": street, "city": city, "state_province": state,
                "postal_code": postal, "country": country, "address_type": "physical",
            }]),
            _ => Value::Null,
        };
        json!({
            "id": id, "location_type": "physical", "name": l.name, "description": l.notes,
            "latitude": l.latitude, "longitude": l.longitude, "addresses": address,
        })
    }

    fn virtual_place(&self, id: Uuid) -> (Value, Value) {
        let online = self.meeting.data.online.clone().unwrap_or_default();
        let url = online.conference_url.filter(|u| is_web(u));
        let location = json!({
            "id": id, "location_type": "virtual", "name": "Online", "url": url,
            "description": online.conference_url_notes,
        });
        let phones = match online.conference_phone {
            Some(number) => json!([{
                "id": derived_id(id, "phone"), "number": number, "description": online.conference_phone_notes,
            }]),
            None => Value::Null,
        };
        (location, phones)
    }
}
