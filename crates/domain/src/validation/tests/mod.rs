//! Unit tests of `validate_meeting`: one file per group of rules, each test naming the rule it
//! checks, and properties over generated input in `properties`.
//!
//! Refusals are asserted by the exact field path and message a client gets in the 422 problem's
//! `errors`, since both are part of the API.

mod fields;
mod location;
mod properties;
mod reach;
mod round_trip;
mod schedule;
mod text;
mod vocabulary;

use chrono_tz::Tz;
use serde_json::{Value, json};

use super::*;
use crate::vocabulary::Programs;

/// The time zone the tests' context gives meetings sent without one; not New York, so that a
/// default is told apart from a meeting that names New York.
const DEFAULT_TZ: Tz = chrono_tz::America::Chicago;

/// What a malformed link is told.
const URL_MESSAGE: &str = "must be an http or https URL";
/// What a malformed email address is told.
const EMAIL_MESSAGE: &str = "must be an email address";
/// What a malformed phone number is told.
const PHONE_MESSAGE: &str = "must be a phone number (digits, spaces, + - ( ) , # *)";

/// The context of the tests: the built-in programs, Chicago, AA.
fn ctx() -> ValidationContext<'static> {
    ValidationContext { programs: Programs::builtin(), default_timezone: DEFAULT_TZ, default_program: "aa" }
}

/// A valid in-person meeting as staff send it (the end-to-end tests' fixture).
fn base() -> Value {
    json!({
        "name": "Monday Night Step",
        "day": 1,
        "time": "19:00",
        "end_time": "20:00",
        "types": ["O", "D"],
        "location": {
            "name": "St. Luke's Parish Hall",
            "address": "1500 Walnut St",
            "city": "Philadelphia",
            "state": "PA",
            "postal_code": "19102",
            "country": "US",
            "latitude": 39.9494,
            "longitude": -75.1664,
            "regions": ["Pennsylvania", "Philadelphia", "Center City"]
        }
    })
}

/// `base()` with `patch` applied as a JSON merge patch (`null` removes a member), read as input.
fn with(patch: Value) -> MeetingInput {
    let mut body = base();
    merge(&mut body, patch);
    input(body)
}

/// `body` read as a `MeetingInput`, as the api reads a request body.
fn input(body: Value) -> MeetingInput {
    serde_json::from_value(body).unwrap()
}

fn merge(target: &mut Value, patch: Value) {
    match patch {
        Value::Object(fields) => {
            if !target.is_object() {
                *target = json!({});
            }
            let map = target.as_object_mut().unwrap();
            for (key, value) in fields {
                if value.is_null() {
                    map.remove(&key);
                } else {
                    merge(map.entry(key).or_insert(Value::Null), value);
                }
            }
        }
        other => *target = other,
    }
}

/// The validated meeting, failing the test with the errors when it is refused.
fn accepted(input: MeetingInput) -> MeetingData {
    match validate_meeting(input, &ctx()) {
        Ok(valid) => valid.data,
        Err(e) => panic!("refused: {e}"),
    }
}

/// Every error as (field, message), in order, failing the test when the input is accepted.
fn refusals(input: MeetingInput) -> Vec<(String, String)> {
    match validate_meeting(input, &ctx()) {
        Ok(valid) => panic!("accepted: {:?}", valid.data),
        Err(e) => e.0.into_iter().map(|f| (f.field, f.message)).collect(),
    }
}

/// Asserts that `input` is refused for exactly one reason: `message` at `field`.
#[track_caller]
fn assert_refused(input: MeetingInput, field: &str, message: &str) {
    assert_eq!(refusals(input), [(field.to_string(), message.to_string())]);
}
