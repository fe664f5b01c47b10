//! The rules of a valid meeting.

use super::checker::Checker;
use super::*;

/// Validates a meeting sent by staff.
pub fn validate_meeting(input: MeetingInput, ctx: &ValidationContext<'_>) -> Result<ValidMeeting, ValidationErrors> {
    let mut c = Checker { errors: Vec::new() };

    let name = c.text("name", input.name, MAX_NAME_LEN);
    if name.is_none() {
        c.fail("name", "is required");
    }
    let name = name.unwrap_or_default();

    let slug_generated = input.slug.as_deref().map(str::trim).is_none_or(str::is_empty);
    let slug = match input.slug.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
        Some(slug) => {
            if !is_valid_slug(&slug) {
                c.fail(
                    "slug",
                    format!("must be lowercase letters and digits joined by single hyphens, at most {MAX_SLUG_LEN} characters"),
                );
            }
            slug
        }
        None => slugify(&name),
    };

    let program_id = input.program.map(|p| p.trim().to_string()).unwrap_or_else(|| ctx.default_program.to_string());
    let program = ctx.programs.get(&program_id);
    if program.is_none() {
        let known: Vec<&str> = ctx.programs.all().iter().map(|p| p.id).collect();
        c.fail("program", format!("unknown program `{program_id}`; known: {}", known.join(", ")));
    }

    let day = match input.day {
        None => {
            c.fail("day", "is required (0 = Sunday … 6 = Saturday)");
            Day::ALL[0]
        }
        Some(n) => match u8::try_from(n).ok().and_then(Day::from_index) {
            Some(day) => day,
            None => {
                c.fail("day", format!("must be 0 (Sunday) to 6 (Saturday), not {n}"));
                Day::ALL[0]
            }
        },
    };

    let mut time_of = |field: &str, value: Option<String>, required: bool| -> Option<TimeOfDay> {
        match value {
            None if required => {
                c.fail(field, "is required (\"HH:MM\", 24-hour)");
                None
            }
            None => None,
            Some(s) => match s.trim().parse::<TimeOfDay>() {
                Ok(t) => Some(t),
                Err(e) => {
                    c.fail(field, format!("{e}, not \"{}\"", s.chars().take(20).collect::<String>()));
                    None
                }
            },
        }
    };
    let time = time_of("time", input.time, true).unwrap_or(TimeOfDay::MIDNIGHT);
    let end_time = time_of("end_time", input.end_time, false);

    let timezone = match input.timezone.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        None => ctx.default_timezone,
        Some(name) => parse_time_zone(&name).unwrap_or_else(|| {
            c.fail("timezone", format!("unknown IANA time zone `{}`", name.chars().take(60).collect::<String>()));
            ctx.default_timezone
        }),
    };

    let mut types: Vec<String> = Vec::new();
    let raw_types = input.types.unwrap_or_default();
    if raw_types.len() > MAX_TYPES {
        c.fail("types", format!("at most {MAX_TYPES} type codes"));
    }
    for (i, code) in raw_types.into_iter().take(MAX_TYPES).enumerate() {
        let code = code.trim().to_string();
        if let Some(program) = program {
            if program.vocabulary.get(&code).is_none() {
                c.fail(
                    format!("types[{i}]"),
                    format!(
                        "unknown type code `{}` for program `{}`",
                        code.chars().take(20).collect::<String>(),
                        program.id
                    ),
                );
                continue;
            }
        }
        if !types.contains(&code) {
            types.push(code);
        }
    }

    let notes = c.text("notes", input.notes, MAX_NOTES_LEN);

    let status = match input.status {
        None => Status::Published,
        Some(s) => Status::parse(s.trim()).unwrap_or_else(|| {
            c.fail("status", "must be one of draft, published, archived");
            Status::Published
        }),
    };

    let location = input.location.and_then(|l| validate_location(&mut c, l));
    let online = input.online.and_then(|o| {
        let online = Online {
            conference_url: c.url("online.conference_url", o.conference_url),
            conference_url_notes: c.text("online.conference_url_notes", o.conference_url_notes, MAX_NOTES_LEN),
            conference_phone: c.phone("online.conference_phone", o.conference_phone),
            conference_phone_notes: c.text("online.conference_phone_notes", o.conference_phone_notes, MAX_NOTES_LEN),
        };
        (online != Online::default()).then_some(online)
    });
    let group = input.group.and_then(|g| {
        let group = Group {
            name: c.text("group.name", g.name, MAX_NAME_LEN),
            notes: c.text("group.notes", g.notes, MAX_NOTES_LEN),
            website: c.url("group.website", g.website),
            email: c.email("group.email", g.email),
            phone: c.phone("group.phone", g.phone),
            venmo: c.text("group.venmo", g.venmo, MAX_SHORT_LEN),
            paypal: c.text("group.paypal", g.paypal, MAX_SHORT_LEN),
            square: c.text("group.square", g.square, MAX_SHORT_LEN),
        };
        (group != Group::default()).then_some(group)
    });

    let raw_contacts = input.contacts.unwrap_or_default();
    if raw_contacts.len() > MAX_CONTACTS {
        c.fail("contacts", format!("at most {MAX_CONTACTS} contacts"));
    }
    let contacts = raw_contacts
        .into_iter()
        .take(MAX_CONTACTS)
        .enumerate()
        .filter_map(|(i, k)| {
            let contact = Contact {
                name: c.text(&format!("contacts[{i}].name"), k.name, MAX_NAME_LEN),
                email: c.email(&format!("contacts[{i}].email"), k.email),
                phone: c.phone(&format!("contacts[{i}].phone"), k.phone),
                public: k.public.unwrap_or(false),
            };
            (contact.name.is_some() || contact.email.is_some() || contact.phone.is_some()).then_some(contact)
        })
        .collect();

    if !c.errors.is_empty() {
        return Err(ValidationErrors(c.errors));
    }
    Ok(ValidMeeting {
        data: MeetingData {
            name,
            slug,
            program: program_id,
            day,
            time,
            end_time,
            timezone,
            types,
            notes,
            status,
            location,
            online,
            temporarily_closed: input.temporarily_closed.unwrap_or(false),
            group,
            contacts,
        },
        slug_generated,
    })
}

fn validate_location(c: &mut Checker, l: LocationInput) -> Option<Location> {
    let mut location = Location {
        name: c.text("location.name", l.name, MAX_NAME_LEN),
        address: c.text("location.address", l.address, MAX_SHORT_LEN),
        city: c.text("location.city", l.city, MAX_SHORT_LEN),
        state: c.text("location.state", l.state, MAX_SHORT_LEN),
        postal_code: c.text("location.postal_code", l.postal_code, 20),
        country: c.text("location.country", l.country, MAX_SHORT_LEN),
        formatted_address: c.text("location.formatted_address", l.formatted_address, MAX_FORMATTED_ADDRESS_LEN),
        latitude: l.latitude,
        longitude: l.longitude,
        approximate: l.approximate.unwrap_or(false),
        notes: c.text("location.notes", l.notes, MAX_NOTES_LEN),
        regions: Vec::new(),
    };
    match (l.latitude, l.longitude) {
        (Some(lat), Some(lng)) => {
            if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
                c.fail("location.latitude", format!("must be between -90 and 90, not {lat}"));
            }
            if !(lng.is_finite() && (-180.0..=180.0).contains(&lng)) {
                c.fail("location.longitude", format!("must be between -180 and 180, not {lng}"));
            }
        }
        (Some(_), None) => c.fail("location.longitude", "is required when latitude is given"),
        (None, Some(_)) => c.fail("location.latitude", "is required when longitude is given"),
        (None, None) => {}
    }
    let raw_regions = l.regions.unwrap_or_default();
    if raw_regions.len() > MAX_REGION_DEPTH {
        c.fail("location.regions", format!("at most {MAX_REGION_DEPTH} levels"));
    }
    for (i, region) in raw_regions.into_iter().take(MAX_REGION_DEPTH).enumerate() {
        match c.text(&format!("location.regions[{i}]"), Some(region), 100) {
            Some(r) => location.regions.push(r),
            None => c.fail(format!("location.regions[{i}]"), "must not be empty"),
        }
    }
    if location.formatted_address.is_none() {
        location.formatted_address = compose_address(&location);
        // Long parts can make a line the limit refuses: the meeting would be accepted now and
        // refused when read back as the base of its next PATCH.
        if location.formatted_address.as_ref().is_some_and(|a| a.chars().count() > MAX_FORMATTED_ADDRESS_LEN) {
            c.fail(
                "location.formatted_address",
                format!(
                    "made from the address parts it would be over {MAX_FORMATTED_ADDRESS_LEN} characters: send one, or shorter parts"
                ),
            );
        }
    }
    (location != Location::default()).then_some(location)
}

/// "123 Main St, New York, NY 10001, US" from the parts that are present.
fn compose_address(l: &Location) -> Option<String> {
    let state_zip = [l.state.as_deref(), l.postal_code.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let parts: Vec<&str> = [l.address.as_deref(), l.city.as_deref(), Some(state_zip.as_str()), l.country.as_deref()]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}
