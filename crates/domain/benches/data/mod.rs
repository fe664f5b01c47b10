//! The generated directory that the search benchmark and the HTTP load test share
//! (`benches/search.rs`, and `crates/api/examples/seed.rs` through `#[path]`), so their
//! figures describe the same data: meetings around 50 metro areas weighted by population, with
//! gaussian spread, seeded and so always the same.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use recovery_domain::index::GeoPoint;
use recovery_domain::meeting::{Contact, Group, Location, MeetingData, Online, Status};
use recovery_domain::schedule::{Day, TimeOfDay};
use recovery_domain::{Meeting, MeetingId, Programs};

/// The seed of every generated directory.
pub const SEED: u64 = 20_260_610;

/// Central New York: the densest point of the generated directory.
pub const DENSE: GeoPoint = GeoPoint { lat: 40.7128, lng: -74.0060 };

/// A metro area: name, state or country, centre, population in millions, time zone.
struct Metro(&'static str, &'static str, f64, f64, f64, Tz);

use chrono_tz::America::{Chicago, Denver, Los_Angeles, New_York, Phoenix};
use chrono_tz::Australia::{Perth, Sydney};
use chrono_tz::Europe::London;

const METROS: [Metro; 50] = [
    Metro("New York", "NY", 40.7128, -74.0060, 19.5, New_York),
    Metro("Los Angeles", "CA", 34.0522, -118.2437, 13.0, Los_Angeles),
    Metro("Chicago", "IL", 41.8781, -87.6298, 9.4, Chicago),
    Metro("Dallas", "TX", 32.7767, -96.7970, 7.6, Chicago),
    Metro("Houston", "TX", 29.7604, -95.3698, 7.1, Chicago),
    Metro("Washington", "DC", 38.9072, -77.0369, 6.3, New_York),
    Metro("Philadelphia", "PA", 39.9526, -75.1652, 6.2, New_York),
    Metro("Miami", "FL", 25.7617, -80.1918, 6.1, New_York),
    Metro("Atlanta", "GA", 33.7490, -84.3880, 6.1, New_York),
    Metro("Boston", "MA", 42.3601, -71.0589, 4.9, New_York),
    Metro("Phoenix", "AZ", 33.4484, -112.0740, 4.9, Phoenix),
    Metro("San Francisco", "CA", 37.7749, -122.4194, 4.7, Los_Angeles),
    Metro("Riverside", "CA", 33.9533, -117.3962, 4.6, Los_Angeles),
    Metro("Detroit", "MI", 42.3314, -83.0458, 4.4, New_York),
    Metro("Seattle", "WA", 47.6062, -122.3321, 4.0, Los_Angeles),
    Metro("Minneapolis", "MN", 44.9778, -93.2650, 3.7, Chicago),
    Metro("San Diego", "CA", 32.7157, -117.1611, 3.3, Los_Angeles),
    Metro("Tampa", "FL", 27.9506, -82.4572, 3.2, New_York),
    Metro("Denver", "CO", 39.7392, -104.9903, 3.0, Denver),
    Metro("St. Louis", "MO", 38.6270, -90.1994, 2.8, Chicago),
    Metro("Baltimore", "MD", 39.2904, -76.6122, 2.8, New_York),
    Metro("Charlotte", "NC", 35.2271, -80.8431, 2.7, New_York),
    Metro("Orlando", "FL", 28.5383, -81.3792, 2.7, New_York),
    Metro("San Antonio", "TX", 29.4241, -98.4936, 2.6, Chicago),
    Metro("Portland", "OR", 45.5152, -122.6784, 2.5, Los_Angeles),
    Metro("Sacramento", "CA", 38.5816, -121.4944, 2.4, Los_Angeles),
    Metro("Pittsburgh", "PA", 40.4406, -79.9959, 2.4, New_York),
    Metro("Austin", "TX", 30.2672, -97.7431, 2.3, Chicago),
    Metro("Las Vegas", "NV", 36.1699, -115.1398, 2.3, Los_Angeles),
    Metro("Cincinnati", "OH", 39.1031, -84.5120, 2.3, New_York),
    Metro("Kansas City", "MO", 39.0997, -94.5786, 2.2, Chicago),
    Metro("Columbus", "OH", 39.9612, -82.9988, 2.1, New_York),
    Metro("Indianapolis", "IN", 39.7684, -86.1581, 2.1, New_York),
    Metro("Cleveland", "OH", 41.4993, -81.6944, 2.1, New_York),
    Metro("Nashville", "TN", 36.1627, -86.7816, 2.0, Chicago),
    Metro("Toronto", "ON", 43.6532, -79.3832, 6.2, New_York),
    Metro("Montréal", "QC", 45.5017, -73.5673, 4.3, New_York),
    Metro("Vancouver", "BC", 49.2827, -123.1207, 2.6, Los_Angeles),
    Metro("London", "England", 51.5074, -0.1278, 14.0, London),
    Metro("Birmingham", "England", 52.4862, -1.8904, 2.9, London),
    Metro("Manchester", "England", 53.4808, -2.2426, 2.8, London),
    Metro("Leeds", "England", 53.8008, -1.5491, 1.9, London),
    Metro("Glasgow", "Scotland", 55.8642, -4.2518, 1.8, London),
    Metro("Liverpool", "England", 53.4084, -2.9916, 1.4, London),
    Metro("Dublin", "Ireland", 53.3498, -6.2603, 2.0, London),
    Metro("Sydney", "NSW", -33.8688, 151.2093, 5.3, Sydney),
    Metro("Melbourne", "VIC", -37.8136, 144.9631, 5.1, Sydney),
    Metro("Brisbane", "QLD", -27.4698, 153.0251, 2.6, Sydney),
    Metro("Canberra", "ACT", -35.2809, 149.1300, 0.5, Sydney),
    Metro("Perth", "WA", -31.9505, 115.8605, 2.1, Perth),
];

const NAMES: [&str; 24] = [
    "Serenity",
    "Early Bird",
    "Happy Hour",
    "Keep It Simple",
    "Big Book",
    "Attitude Adjustment",
    "Daily Reflections",
    "Back to Basics",
    "Freedom",
    "New Beginnings",
    "Sunrise",
    "Lunch Bunch",
    "Candlelight",
    "Women's",
    "Men's",
    "Young People's",
    "Café",
    "Niños de Luz",
    "Déjà Vu",
    "Unity",
    "Came to Believe",
    "Living Sober",
    "Language of the Heart",
    "Night Owls",
];
const SUFFIXES: [&str; 6] = ["Group", "Meeting", "Discussion", "Step Study", "Speaker Meeting", "Fellowship"];
const STREETS: [&str; 12] =
    ["Main", "Oak", "Church", "Park", "Maple", "Broadway", "Market", "Elm", "King", "High", "Queen", "Union"];
const VENUES: [&str; 8] = [
    "St. Mark's Church",
    "Community Center",
    "Alano Club",
    "Public Library",
    "First Presbyterian",
    "YMCA",
    "Union Hall",
    "Recovery Clubhouse",
];
const NOTES: [&str; 5] = [
    "Use the side door.",
    "Wheelchair accessible.",
    "Parking behind the building.",
    "Basement, room 3.",
    "Coffee from 6:30.",
];
/// Common start times; one meeting in ten starts at another quarter hour.
const TIMES: [u16; 12] = [420, 450, 720, 735, 1050, 1080, 1110, 1140, 1170, 1200, 1230, 1260];
/// Codes most meetings carry, per program; the rest are drawn from the whole vocabulary.
const COMMON_AA: [&str; 12] = ["O", "C", "D", "SP", "B", "ST", "W", "M", "BE", "LGBTQ", "X", "11"];
const COMMON_NA: [&str; 8] = ["O", "C", "D", "B", "St", "BT", "W", "M"];

/// A standard normal draw (Box–Muller).
fn gaussian(rng: &mut StdRng) -> f64 {
    let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let v: f64 = rng.random();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// The generated meetings, streamed, always the same for the same seed.
pub fn generate(count: usize) -> impl Iterator<Item = Meeting> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let total: f64 = METROS.iter().map(|m| m.4).sum();
    let programs = Programs::builtin();
    let created = DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    (0..count).map(move |n| {
        let mut pick = rng.random::<f64>() * total;
        let metro = METROS.iter().find(|m| {
            pick -= m.4;
            pick <= 0.0
        });
        let metro = metro.unwrap_or(&METROS[0]);
        // Spread grows with the metro: about 19 km for New York, 8 km for the smallest.
        let sigma_km = 6.0 + 3.0 * metro.4.sqrt();
        let (dy, dx) = (gaussian(&mut rng) * sigma_km, gaussian(&mut rng) * sigma_km);
        let lat = metro.2 + dy / 111.2;
        let lng = metro.3 + dx / (111.2 * metro.2.to_radians().cos());
        let district =
            format!("{} {}", if dy >= 0.0 { "North" } else { "South" }, if dx >= 0.0 { "East" } else { "West" });
        let program = match rng.random_range(0..20) {
            0..15 => "aa",
            15..19 => "na",
            _ => "al-anon",
        };
        let vocabulary = &programs.get(program).map(|p| p.vocabulary.types()).unwrap_or_default();
        let common: &[&str] = if program == "na" { &COMMON_NA } else { &COMMON_AA };
        let mut types: Vec<String> = (0..rng.random_range(1..=4))
            .map(|_| {
                if rng.random_bool(0.8) || vocabulary.is_empty() {
                    common[rng.random_range(0..common.len())].to_string()
                } else {
                    vocabulary[rng.random_range(0..vocabulary.len())].code.clone()
                }
            })
            .collect();
        types.sort();
        types.dedup();
        let minutes =
            if rng.random_bool(0.9) { TIMES[rng.random_range(0..TIMES.len())] } else { rng.random_range(0..96) * 15 };
        let online_only = rng.random_bool(0.10);
        let located = !rng.random_bool(0.05);
        let name =
            format!("{} {}", NAMES[rng.random_range(0..NAMES.len())], SUFFIXES[rng.random_range(0..SUFFIXES.len())]);
        let street = format!("{} {} St", rng.random_range(1..2000), STREETS[rng.random_range(0..STREETS.len())]);
        let location = Location {
            name: (!online_only).then(|| VENUES[rng.random_range(0..VENUES.len())].to_string()),
            address: (!online_only).then(|| street.clone()),
            city: Some(metro.0.to_string()),
            state: Some(metro.1.to_string()),
            formatted_address: Some(if online_only {
                format!("{}, {}", metro.0, metro.1)
            } else {
                format!("{street}, {}, {}", metro.0, metro.1)
            }),
            latitude: located.then_some(lat),
            longitude: located.then_some(lng),
            approximate: online_only,
            notes: rng.random_bool(0.3).then(|| NOTES[rng.random_range(0..NOTES.len())].to_string()),
            regions: vec![metro.1.to_string(), metro.0.to_string(), district],
            ..Location::default()
        };
        let hybrid = !online_only && rng.random_bool(0.15);
        let online = (online_only || hybrid)
            .then(|| Online { conference_url: Some(format!("https://zoom.example/j/{n}")), ..Online::default() });
        Meeting {
            id: MeetingId(uuid::Uuid::from_u128(rng.random())),
            data: MeetingData {
                slug: format!("{}-{n}", name.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-")),
                name,
                program: program.to_string(),
                day: Day::ALL[rng.random_range(0..7)],
                time: TimeOfDay::from_minutes(minutes).unwrap_or(TimeOfDay::MIDNIGHT),
                end_time: TimeOfDay::from_minutes((minutes + 60) % 1440),
                timezone: metro.5,
                types,
                notes: rng.random_bool(0.2).then(|| "Literature available. All are welcome.".to_string()),
                status: Status::Published,
                location: Some(location),
                online,
                temporarily_closed: rng.random_bool(0.03),
                group: rng
                    .random_bool(0.5)
                    .then(|| Group { name: Some(format!("Group {}", n % 9973)), ..Group::default() }),
                contacts: vec![Contact {
                    name: Some("Pat".into()),
                    email: Some(format!("pat{n}@example.org")),
                    phone: None,
                    public: rng.random_bool(0.3),
                }],
            },
            created_at: created,
            updated_at: created,
            verified_at: None,
            verified_by: None,
        }
    })
}

/// The generated agencies: organizations, their locations and services.
pub struct Agencies {
    /// The organizations (one per four services or so).
    pub organizations: Vec<recovery_domain::agency::Organization>,
    /// Their locations, around the same metro areas as the meetings.
    pub locations: Vec<recovery_domain::agency::Location>,
    /// The services, each at one location (one in ten at two).
    pub services: Vec<recovery_domain::agency::Service>,
}

/// The generated category taxonomy: (id, code, parent) of each term.
const TERMS: [(u128, &str, Option<u128>); 16] = [
    (0x1000, "employment", None),
    (0x1001, "employment-job-training", Some(0x1000)),
    (0x1002, "employment-job-search", Some(0x1000)),
    (0x2000, "education", None),
    (0x2001, "education-ged", Some(0x2000)),
    (0x2002, "education-esl", Some(0x2000)),
    (0x3000, "family-counseling", None),
    (0x3001, "family-counseling-parenting", Some(0x3000)),
    (0x4000, "housing", None),
    (0x4001, "housing-emergency-shelter", Some(0x4000)),
    (0x4002, "housing-sober-living", Some(0x4000)),
    (0x4003, "housing-rental-assistance", Some(0x4000)),
    (0x4101, "housing-shelter-youth", Some(0x4001)),
    (0x5000, "recovery-support", None),
    (0x5001, "recovery-support-peer-groups", Some(0x5000)),
    (0x5002, "recovery-support-coaching", Some(0x5000)),
];

/// The housing term (its descendants include emergency shelter and sober living).
pub const HOUSING: recovery_domain::TermId = recovery_domain::TermId(uuid::Uuid::from_u128(0x4000));

const SERVICE_WORDS: [(&str, &str); 5] = [
    ("Employment", "Job readiness, training and placement for people in recovery."),
    ("Learning", "Adult education, GED preparation and English classes."),
    ("Family", "Counseling for families, couples and parents affected by addiction."),
    ("Housing", "Shelter, sober living and help with rent for people in recovery."),
    ("Peer Recovery", "Peer support, recovery coaching and mutual-aid groups."),
];
const SERVICE_SUFFIXES: [&str; 6] = ["Program", "Center", "Services", "Project", "Network", "Clinic"];
const AGENCY_NAMES: [&str; 10] = [
    "Harbor",
    "Bridge",
    "New Day",
    "Open Door",
    "Cornerstone",
    "Lighthouse",
    "Pathways",
    "Hope",
    "Crossroads",
    "Unity",
];

/// The generated taxonomy (one vocabulary, terms with parents).
pub fn taxonomy() -> recovery_domain::agency::Taxonomies {
    use recovery_domain::agency::{Taxonomies, TaxonomyTerm, TaxonomyTermData};
    let created = DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    let terms = TERMS.iter().map(|&(id, code, parent)| TaxonomyTerm {
        id: recovery_domain::TermId(uuid::Uuid::from_u128(id)),
        data: TaxonomyTermData {
            code: code.into(),
            name: code.replace('-', " "),
            description: code.replace('-', " "),
            parent_id: parent.map(|p| recovery_domain::TermId(uuid::Uuid::from_u128(p))),
            taxonomy_id: None,
            language: None,
            term_uri: None,
        },
        created_at: created,
        updated_at: created,
    });
    Taxonomies::new([], terms)
}

/// Weekdays 9:00–17:00, local time.
fn weekdays_nine_to_five(id: uuid::Uuid) -> recovery_domain::agency::Schedule {
    use chrono::Weekday::{Fri, Mon, Thu, Tue, Wed};
    use recovery_domain::agency::{ByDay, Freq, Schedule};
    Schedule {
        id,
        freq: Freq::Weekly,
        interval: 1,
        byday: [Mon, Tue, Wed, Thu, Fri].into_iter().map(|weekday| ByDay { ordinal: None, weekday }).collect(),
        bymonthday: Vec::new(),
        opens_at: TimeOfDay::new(9, 0),
        closes_at: TimeOfDay::new(17, 0),
        valid_from: None,
        valid_to: None,
        dtstart: None,
        until: None,
        count: None,
        wkst: None,
        description: Some("Weekdays 9 to 5".into()),
        schedule_link: None,
        attending_type: None,
        notes: None,
    }
}

/// `count` generated active services around the meetings' metro areas (seeded, always the
/// same): ~10 % with weekday 9–17 hours, each filed under a leaf or top term of [`taxonomy`].
pub fn generate_agencies(count: usize) -> Agencies {
    use recovery_domain::agency::{
        Language, LocationData, LocationType, Organization, OrganizationData, Service, ServiceAtLocation, ServiceData,
        ServiceStatus,
    };
    use recovery_domain::{LocationId, OrganizationId, ServiceId, TermId};
    let mut rng = StdRng::seed_from_u64(SEED + 1);
    let total: f64 = METROS.iter().map(|m| m.4).sum();
    let created = DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    // Distinct ids in no particular order: a counter times an odd constant is a bijection.
    let mut counter: u128 = 0;
    let mut id = move || {
        counter += 1;
        uuid::Uuid::from_u128(counter.wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835))
    };
    let mut agencies =
        Agencies { organizations: Vec::new(), locations: Vec::new(), services: Vec::with_capacity(count) };
    let place = |rng: &mut StdRng, metro: &Metro, id: uuid::Uuid| {
        let sigma_km = 6.0 + 3.0 * metro.4.sqrt();
        let (dy, dx) = (gaussian(rng) * sigma_km, gaussian(rng) * sigma_km);
        let street = format!("{} {} St", rng.random_range(1..2000), STREETS[rng.random_range(0..STREETS.len())]);
        recovery_domain::agency::Location {
            id: LocationId(id),
            data: LocationData {
                location_type: LocationType::Physical,
                organization_id: None,
                name: Some(format!("{} office", metro.0)),
                alternate_name: None,
                description: None,
                transportation: None,
                url: None,
                latitude: Some(metro.2 + dy / 111.2),
                longitude: Some(metro.3 + dx / (111.2 * metro.2.to_radians().cos())),
                timezone: Some(metro.5),
                external_identifier: None,
                external_identifier_type: None,
                addresses: vec![recovery_domain::agency::Address {
                    id: uuid::Uuid::nil(),
                    attention: None,
                    address_1: street,
                    address_2: None,
                    city: metro.0.to_string(),
                    region: None,
                    state_province: metro.1.to_string(),
                    postal_code: "00000".into(),
                    country: "US".into(),
                    address_type: "physical".into(),
                }],
                phones: Vec::new(),
                contacts: Vec::new(),
                languages: Vec::new(),
                accessibility: Vec::new(),
                schedules: Vec::new(),
            },
            created_at: created,
            updated_at: created,
        }
    };
    let mut organization = OrganizationId(uuid::Uuid::nil());
    for n in 0..count {
        let mut pick = rng.random::<f64>() * total;
        let metro = METROS.iter().find(|m| {
            pick -= m.4;
            pick <= 0.0
        });
        let metro = metro.unwrap_or(&METROS[0]);
        if n % 4 == 0 {
            organization = OrganizationId(id());
            agencies.organizations.push(Organization {
                id: organization,
                data: OrganizationData {
                    name: format!("{} {} Services", AGENCY_NAMES[rng.random_range(0..AGENCY_NAMES.len())], metro.0),
                    alternate_name: None,
                    description: "A community agency.".into(),
                    email: None,
                    website: None,
                    tax_status: None,
                    tax_id: None,
                    year_incorporated: None,
                    legal_status: None,
                    logo: None,
                    uri: None,
                    parent_organization_id: None,
                    phones: Vec::new(),
                    contacts: Vec::new(),
                },
                created_at: created,
                updated_at: created,
            });
        }
        let top = rng.random_range(0..SERVICE_WORDS.len());
        let under: Vec<&(u128, &str, Option<u128>)> = TERMS.iter().filter(|t| t.0 >> 12 == (top as u128 + 1)).collect();
        let term = under[rng.random_range(0..under.len())].0;
        let sites = if rng.random_bool(0.1) { 2 } else { 1 };
        let mut links = Vec::new();
        for _ in 0..sites {
            let location = place(&mut rng, metro, id());
            links.push(ServiceAtLocation {
                id: id(),
                location_id: location.id,
                description: None,
                phones: Vec::new(),
                contacts: Vec::new(),
                schedules: Vec::new(),
            });
            agencies.locations.push(location);
        }
        let (word, description) = SERVICE_WORDS[top];
        let mut languages = vec![Language { id: uuid::Uuid::nil(), name: None, code: "en".into(), note: None }];
        if rng.random_bool(0.15) {
            languages.push(Language { id: uuid::Uuid::nil(), name: None, code: "es".into(), note: None });
        }
        let youth = rng.random_bool(0.1);
        agencies.services.push(Service {
            id: ServiceId(id()),
            data: ServiceData {
                organization_id: organization,
                name: format!(
                    "{} {word} {}",
                    AGENCY_NAMES[rng.random_range(0..AGENCY_NAMES.len())],
                    SERVICE_SUFFIXES[n % 6]
                ),
                alternate_name: None,
                description: Some(description.into()),
                url: None,
                email: None,
                status: ServiceStatus::Active,
                interpretation_services: None,
                application_process: None,
                fees_description: None,
                wait_time: None,
                fees: None,
                accreditations: None,
                eligibility_description: None,
                minimum_age: youth.then_some(16),
                maximum_age: youth.then_some(24),
                assured_date: None,
                assurer_email: None,
                licenses: None,
                alert: None,
                categories: vec![TermId(uuid::Uuid::from_u128(term))],
                phones: Vec::new(),
                contacts: Vec::new(),
                schedules: if rng.random_bool(0.1) { vec![weekdays_nine_to_five(id())] } else { Vec::new() },
                languages,
                service_areas: Vec::new(),
                service_at_locations: links,
            },
            created_at: created,
            updated_at: created,
        });
    }
    agencies
}
