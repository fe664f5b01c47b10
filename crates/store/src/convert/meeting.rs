//! Meeting rows ⇄ [`Meeting`].
//!
//! Empty `online` and `group` sections are stored as all-NULL columns and read back as absent
//! (validation never produces an empty one); `has_location` keeps "no location" apart from an
//! empty one.

use chrono::{DateTime, Utc};
use recovery_domain::{Contact, Day, Group, Location, Meeting, MeetingData, MeetingId, Online, Status, TimeOfDay};

use super::{from_db_time, from_json, to_db_time};
use crate::error::StoreError;
use crate::rows::meeting::{ContactRow, MeetingContent, MeetingRow, NewMeetingRow};

impl MeetingContent {
    /// The columns for `data`.
    pub(crate) fn from_data(data: &MeetingData) -> MeetingContent {
        let location = data.location.clone();
        let has_location = location.is_some();
        let location = location.unwrap_or_default();
        let online = data.online.clone().unwrap_or_default();
        let group = data.group.clone().unwrap_or_default();
        MeetingContent {
            slug: data.slug.clone(),
            name: data.name.clone(),
            program: data.program.clone(),
            day: i16::from(data.day.index()),
            time: data.time.to_string(),
            end_time: data.end_time.map(|t| t.to_string()),
            timezone: data.timezone.name().to_string(),
            types: json_array(&data.types),
            notes: data.notes.clone(),
            status: data.status.as_str().to_string(),
            has_location,
            location_name: location.name,
            address: location.address,
            city: location.city,
            state: location.state,
            postal_code: location.postal_code,
            country: location.country,
            formatted_address: location.formatted_address,
            latitude: location.latitude,
            longitude: location.longitude,
            approximate: location.approximate,
            location_notes: location.notes,
            regions: json_array(&location.regions),
            conference_url: online.conference_url,
            conference_url_notes: online.conference_url_notes,
            conference_phone: online.conference_phone,
            conference_phone_notes: online.conference_phone_notes,
            temporarily_closed: data.temporarily_closed,
            group_name: group.name,
            group_notes: group.notes,
            group_website: group.website,
            group_email: group.email,
            group_phone: group.phone,
            venmo: group.venmo,
            paypal: group.paypal,
            square: group.square,
        }
    }

    /// The meeting content these columns hold.
    pub(crate) fn into_data(self, contacts: Vec<Contact>) -> Result<MeetingData, StoreError> {
        let c = self;
        let corrupt =
            |what: &str, value: &str| StoreError::Corrupt(format!("meeting `{}`: bad {what} `{value}`", c.slug));
        let day =
            u8::try_from(c.day).ok().and_then(Day::from_index).ok_or_else(|| corrupt("day", &c.day.to_string()))?;
        let time: TimeOfDay = c.time.parse().map_err(|_| corrupt("time", &c.time))?;
        let end_time = match &c.end_time {
            Some(t) => Some(t.parse::<TimeOfDay>().map_err(|_| corrupt("end_time", t))?),
            None => None,
        };
        let timezone = c.timezone.parse().map_err(|_| corrupt("timezone", &c.timezone))?;
        let status = Status::parse(&c.status).ok_or_else(|| corrupt("status", &c.status))?;
        let types = from_json("meetings.types", &c.types)?;
        let location = if c.has_location {
            Some(Location {
                name: c.location_name,
                address: c.address,
                city: c.city,
                state: c.state,
                postal_code: c.postal_code,
                country: c.country,
                formatted_address: c.formatted_address,
                latitude: c.latitude,
                longitude: c.longitude,
                approximate: c.approximate,
                notes: c.location_notes,
                regions: from_json("meetings.regions", &c.regions)?,
            })
        } else {
            None
        };
        let online = Some(Online {
            conference_url: c.conference_url,
            conference_url_notes: c.conference_url_notes,
            conference_phone: c.conference_phone,
            conference_phone_notes: c.conference_phone_notes,
        })
        .filter(|o| *o != Online::default());
        let group = Some(Group {
            name: c.group_name,
            notes: c.group_notes,
            website: c.group_website,
            email: c.group_email,
            phone: c.group_phone,
            venmo: c.venmo,
            paypal: c.paypal,
            square: c.square,
        })
        .filter(|g| *g != Group::default());
        Ok(MeetingData {
            name: c.name,
            slug: c.slug,
            program: c.program,
            day,
            time,
            end_time,
            timezone,
            types,
            notes: c.notes,
            status,
            location,
            online,
            temporarily_closed: c.temporarily_closed,
            group,
            contacts,
        })
    }
}

/// The contact rows of meeting `id`, in order.
pub(crate) fn contact_rows(id: MeetingId, contacts: &[Contact]) -> Vec<ContactRow> {
    let meeting_id = id.to_string();
    (0..)
        .zip(contacts)
        .map(|(position, c)| ContactRow {
            meeting_id: meeting_id.clone(),
            position,
            name: c.name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            public: c.public,
        })
        .collect()
}

/// The meeting stored as `row` with `contacts` (already in position order).
pub(crate) fn meeting_from_rows(row: MeetingRow, contacts: Vec<ContactRow>) -> Result<Meeting, StoreError> {
    let id: MeetingId =
        row.id.parse().map_err(|_| StoreError::Corrupt(format!("meeting id `{}` is not a UUID", row.id)))?;
    let contacts = contacts
        .into_iter()
        .map(|c| Contact { name: c.name, email: c.email, phone: c.phone, public: c.public })
        .collect();
    let verified_by = match row.verified_by {
        Some(user) => Some(
            user.parse()
                .map_err(|_| StoreError::Corrupt(format!("meeting {id}: verified_by `{user}` is not a user id")))?,
        ),
        None => None,
    };
    Ok(Meeting {
        id,
        data: row.content.into_data(contacts)?,
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
        verified_at: row.verified_at.map(from_db_time),
        verified_by,
    })
}

/// The row of meeting `id` as it will be stored, not yet verified (used to answer a write with
/// exactly what a later read returns).
pub(crate) fn meeting_row(
    id: MeetingId,
    content: MeetingContent,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> MeetingRow {
    MeetingRow {
        id: id.to_string(),
        content,
        created_at: to_db_time(created_at),
        updated_at: to_db_time(updated_at),
        verified_at: None,
        verified_by: None,
    }
}

/// The insert form of a whole stored meeting, verification included (restoring a backup).
pub(crate) fn new_meeting_row(meeting: &Meeting) -> NewMeetingRow {
    NewMeetingRow {
        id: meeting.id.to_string(),
        content: MeetingContent::from_data(&meeting.data),
        created_at: to_db_time(meeting.created_at),
        updated_at: to_db_time(meeting.updated_at),
        verified_at: meeting.verified_at.map(to_db_time),
        verified_by: meeting.verified_by.map(|user| user.to_string()),
    }
}

/// A JSON array of strings; serializing strings cannot fail.
fn json_array(items: &[String]) -> String {
    serde_json::Value::from(items.to_vec()).to_string()
}
