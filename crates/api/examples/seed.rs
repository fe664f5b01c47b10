//! Fills a database with N generated meetings for load tests (`scripts/load.sh`).
//!
//! `cargo run --release -p recovery-api --example seed -- sqlite://load.db 200000`

use std::process::ExitCode;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use recovery_domain::validation::LocationInput;
use recovery_domain::{Actor, MeetingInput, Programs, ValidationContext, validate_meeting};
use recovery_store::Store;

/// Metro centres (lat, lng, weight, zone): a dense east coast and a spread of others.
const METROS: &[(f64, f64, u32, &str)] = &[
    (40.7128, -74.0060, 30, "America/New_York"),
    (39.9526, -75.1652, 12, "America/New_York"),
    (42.3601, -71.0589, 10, "America/New_York"),
    (41.8781, -87.6298, 18, "America/Chicago"),
    (29.7604, -95.3698, 10, "America/Chicago"),
    (34.0522, -118.2437, 25, "America/Los_Angeles"),
    (37.7749, -122.4194, 10, "America/Los_Angeles"),
    (47.6062, -122.3321, 7, "America/Los_Angeles"),
    (39.7392, -104.9903, 6, "America/Denver"),
    (33.4484, -112.0740, 7, "America/Phoenix"),
    (51.5074, -0.1278, 15, "Europe/London"),
    (-33.8688, 151.2093, 6, "Australia/Sydney"),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(url), Some(count)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: seed DATABASE_URL COUNT");
        return ExitCode::FAILURE;
    };
    match seed(url, count) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn seed(url: &str, count: usize) -> Result<(), String> {
    let store = Store::open(url).map_err(|e| e.to_string())?;
    let ctx = ValidationContext {
        programs: Programs::builtin(),
        default_timezone: chrono_tz::America::New_York,
        default_program: "aa",
    };
    let aa_types = ["O", "C", "D", "ST", "B", "W", "M", "Y", "SP", "BE", "LIT", "S", "X", "LGBTQ"];
    let na_types = ["O", "C", "D", "BT", "JT", "B", "SG", "IP", "W", "M"];
    let total_weight: u32 = METROS.iter().map(|m| m.2).sum();
    let mut rng = StdRng::seed_from_u64(7);
    let mut batch = Vec::with_capacity(10_000);
    for i in 0..count {
        let mut pick = rng.random_range(0..total_weight);
        let metro = METROS.iter().find(|m| {
            if pick < m.2 {
                true
            } else {
                pick -= m.2;
                false
            }
        });
        let (lat0, lng0, _, zone) = metro.copied().unwrap_or(METROS[0]);
        let spread = 0.25 * rng.random::<f64>().sqrt();
        let program = if rng.random_bool(0.75) { "aa" } else { "na" };
        let vocab: &[&str] = if program == "aa" { &aa_types } else { &na_types };
        let types = (0..rng.random_range(1..=4)).map(|_| vocab[rng.random_range(0..vocab.len())].to_string()).collect();
        let online = rng.random_bool(0.1);
        let input = MeetingInput {
            name: Some(format!("Meeting {i}")),
            slug: Some(format!("meeting-{i}")),
            program: Some(program.into()),
            day: Some(rng.random_range(0..7)),
            time: Some(format!("{:02}:{:02}", rng.random_range(6..23), [0, 15, 30, 45][rng.random_range(0..4)])),
            timezone: Some(zone.into()),
            types: Some(types),
            location: Some(LocationInput {
                address: (!online).then(|| format!("{} Main St", rng.random_range(1..9999))),
                latitude: Some(lat0 + rng.random_range(-spread..spread)),
                longitude: Some(lng0 + rng.random_range(-spread..spread)),
                approximate: Some(online),
                ..LocationInput::default()
            }),
            online: online.then(|| recovery_domain::validation::OnlineInput {
                conference_url: Some(format!("https://zoom.us/j/{i}")),
                ..Default::default()
            }),
            ..MeetingInput::default()
        };
        let valid = validate_meeting(input, &ctx).map_err(|e| e.to_string())?;
        batch.push((valid.data, false));
        if batch.len() == 10_000 || i + 1 == count {
            store
                .insert_meetings(std::mem::take(&mut batch), &Actor::System("seed".into()))
                .map_err(|e| e.to_string())?;
        }
    }
    println!("seeded {count} meetings into {url}");
    Ok(())
}
