//! One database per test, on either backend, and the `on_both_backends!` macro.

use chrono::Utc;
use recovery_domain::{Actor, Contact, Day, Group, Location, MeetingData, Online, Status, TimeOfDay, UserId};

pub use recovery_store::testing::TestDb;

pub fn sqlite() -> TestDb {
    TestDb::sqlite()
}

pub fn postgres() -> Option<TestDb> {
    TestDb::postgres()
}

/// `on_both_backends! { fn name(db) { … } }` makes `name::sqlite` and `name::postgres` tests
/// running the same body against a fresh database of each backend.
macro_rules! on_both_backends {
    ($($(#[$attr:meta])* fn $name:ident($db:ident) $body:block)*) => {$(
        $(#[$attr])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn body($db: &$crate::harness::TestDb) $body

            #[test]
            fn sqlite() {
                body(&$crate::harness::sqlite());
            }

            #[test]
            fn postgres() {
                if let Some(db) = $crate::harness::postgres() {
                    body(&db);
                }
            }
        }
    )*};
}

pub fn staff() -> Actor {
    Actor::User(UserId::new())
}

pub fn system() -> Actor {
    Actor::System("test".to_string())
}

/// A meeting with every field set, contacts included.
pub fn full_meeting(slug: &str) -> MeetingData {
    MeetingData {
        name: "Tuesday Night Step".to_string(),
        slug: slug.to_string(),
        program: "aa".to_string(),
        day: Day::from_index(2).unwrap(),
        time: TimeOfDay::new(23, 30).unwrap(),
        end_time: Some(TimeOfDay::new(0, 45).unwrap()),
        timezone: "America/New_York".parse().unwrap(),
        types: vec!["O".to_string(), "ST".to_string(), "X".to_string()],
        notes: Some("Ring the bell — \"side door\".\nSecond line.".to_string()),
        status: Status::Published,
        location: Some(Location {
            name: Some("St. Mark's Hall".to_string()),
            address: Some("123 Main St".to_string()),
            city: Some("New York".to_string()),
            state: Some("NY".to_string()),
            postal_code: Some("10003".to_string()),
            country: Some("US".to_string()),
            formatted_address: Some("123 Main St, New York, NY 10003, US".to_string()),
            latitude: Some(40.729_515_123_456_79),
            longitude: Some(-73.990_123_987_654_32),
            approximate: false,
            notes: Some("Basement".to_string()),
            regions: vec!["New York".to_string(), "Manhattan".to_string(), "East Village".to_string()],
        }),
        online: Some(Online {
            conference_url: Some("https://zoom.us/j/123456789".to_string()),
            conference_url_notes: Some("Password: serenity".to_string()),
            conference_phone: Some("+16465588656,,123456789#".to_string()),
            conference_phone_notes: Some("Dial in".to_string()),
        }),
        temporarily_closed: true,
        group: Some(Group {
            name: Some("Downtown Group".to_string()),
            notes: Some("Business meeting first Tuesday".to_string()),
            website: Some("https://downtown.example.org".to_string()),
            email: Some("group@example.org".to_string()),
            phone: Some("+12125550100".to_string()),
            venmo: Some("@downtown".to_string()),
            paypal: Some("downtownaa".to_string()),
            square: Some("$downtown".to_string()),
        }),
        contacts: vec![
            Contact {
                name: Some("Ann".to_string()),
                email: Some("ann@example.org".to_string()),
                phone: Some("+12125550101".to_string()),
                public: true,
            },
            Contact {
                name: Some("Bob".to_string()),
                email: None,
                phone: Some("+12125550102".to_string()),
                public: false,
            },
            Contact { name: None, email: Some("c@example.org".to_string()), phone: None, public: false },
        ],
    }
}

/// A meeting with only the required fields: no location, online, group, notes or contacts.
pub fn bare_meeting(slug: &str) -> MeetingData {
    MeetingData {
        name: "Morning Meditation".to_string(),
        slug: slug.to_string(),
        program: "na".to_string(),
        day: Day::from_index(0).unwrap(),
        time: TimeOfDay::new(7, 0).unwrap(),
        end_time: None,
        timezone: "Europe/Paris".parse().unwrap(),
        types: vec![],
        notes: None,
        status: Status::Draft,
        location: None,
        online: None,
        temporarily_closed: false,
        group: None,
        contacts: vec![],
    }
}

/// Asserts that `t` is a recent instant with no sub-microsecond part.
pub fn assert_recent(t: chrono::DateTime<Utc>) {
    let age = Utc::now() - t;
    assert!(age >= chrono::TimeDelta::zero() && age < chrono::TimeDelta::seconds(60), "{t}");
    assert_eq!(t.timestamp_subsec_nanos() % 1_000, 0, "{t} is not whole microseconds");
}
