use chrono_tz::America::New_York;
use chrono_tz::Europe::London;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::*;

fn parse<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// The field paths of the errors, in order (empty when valid).
fn fields(r: Result<(), ValidationErrors>) -> Vec<String> {
    r.err().map(|e| e.0.into_iter().map(|f| f.field).collect()).unwrap_or_default()
}

fn organization(extra: Value) -> OrganizationData {
    let mut v = json!({"name": "Hope Works", "description": "Job training for people in recovery."});
    merge(&mut v, extra);
    parse(v)
}

fn location(extra: Value) -> LocationData {
    let mut v = json!({"location_type": "physical", "latitude": 39.95, "longitude": -75.16});
    merge(&mut v, extra);
    parse(v)
}

fn service(extra: Value) -> ServiceData {
    let mut v = json!({"organization_id": "0190c0de-0000-7000-8000-000000000001", "name": "Job club"});
    merge(&mut v, extra);
    parse(v)
}

fn term(extra: Value) -> TaxonomyTermData {
    let mut v = json!({"code": "housing-sober-living", "name": "Sober living", "description": "Homes."});
    merge(&mut v, extra);
    parse(v)
}

fn merge(base: &mut Value, extra: Value) {
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
}

fn address() -> Value {
    json!({"address_1": "1 Main St", "city": "Philadelphia", "state_province": "PA", "postal_code": "19103", "country": "us", "address_type": "Physical"})
}

fn id(n: u8) -> String {
    format!("0190c0de-0000-7000-8000-0000000000{n:02}")
}

#[test]
fn valid_records_pass_and_are_normalized() {
    let mut org =
        organization(json!({"name": "  Hope Works ", "alternate_name": "   ", "website": "https://hope.example"}));
    assert_eq!(fields(validate_organization(&mut org)), Vec::<String>::new());
    assert_eq!((org.name.as_str(), org.alternate_name), ("Hope Works", None));

    let mut loc = location(json!({"addresses": [address()], "languages": [{"code": " ES "}]}));
    assert_eq!(fields(validate_location(&mut loc, New_York)), Vec::<String>::new());
    assert_eq!((loc.addresses[0].country.as_str(), loc.addresses[0].address_type.as_str()), ("US", "physical"));
    assert_eq!(loc.languages[0].code, "es");

    let mut svc =
        service(json!({"phones": [{"number": "+1 215-555-0100", "type": "Voice", "languages": [{"code": "EN"}]}]}));
    assert_eq!(fields(validate_service(&mut svc)), Vec::<String>::new());
    assert_eq!((svc.phones[0].kind.as_deref(), svc.phones[0].languages[0].code.as_str()), (Some("voice"), "en"));

    let mut t = term(json!({"language": "EN", "term_uri": ""}));
    assert_eq!(fields(validate_term(&mut t)), Vec::<String>::new());
    assert_eq!((t.language.as_deref(), t.term_uri), (Some("en"), None));
}

#[test]
fn required_fields_all_reported_at_once() {
    let mut org = organization(json!({"name": " ", "description": ""}));
    assert_eq!(fields(validate_organization(&mut org)), ["name", "description"]);
    let mut svc = service(json!({"name": ""}));
    assert_eq!(fields(validate_service(&mut svc)), ["name"]);
    let mut t = term(json!({"code": "", "name": "", "description": " "}));
    assert_eq!(fields(validate_term(&mut t)), ["code", "name", "description"]);
}

#[test]
fn lengths_are_capped() {
    let long = "x".repeat(201);
    let mut org =
        organization(json!({"name": long, "description": "y".repeat(5_001), "tax_id": long, "uri": "z".repeat(2_001)}));
    assert_eq!(fields(validate_organization(&mut org)), ["name", "description", "tax_id", "uri"]);
}

#[test]
fn emails_and_urls_are_checked() {
    let mut org = organization(json!({"email": "nobody", "website": "ftp://x.org", "logo": "javascript:alert(1)"}));
    assert_eq!(fields(validate_organization(&mut org)), ["email", "website", "logo"]);
    let mut svc = service(json!({"url": "hope.example", "email": "a@b", "assurer_email": "staff at example.org"}));
    assert_eq!(fields(validate_service(&mut svc)), ["url", "email", "assurer_email"]);
}

#[test]
fn phones_and_contacts_have_paths() {
    let mut org = organization(json!({
        "phones": [{"number": "215-555-0100"}, {"number": "call us", "type": "telegraph", "languages": [{"code": "english"}]}],
        "contacts": [{"email": "x", "phones": [{"number": ""}]}],
    }));
    assert_eq!(
        fields(validate_organization(&mut org)),
        [
            "phones[1].number",
            "phones[1].type",
            "phones[1].languages[0].code",
            "contacts[0].email",
            "contacts[0].phones[0].number"
        ]
    );
}

#[test]
fn list_counts_are_capped() {
    let phones: Vec<Value> = (0..21).map(|_| json!({"number": "215-555-0100"})).collect();
    let contacts: Vec<Value> = (0..21).map(|_| json!({})).collect();
    let mut org = organization(json!({"phones": phones, "contacts": contacts}));
    assert_eq!(fields(validate_organization(&mut org)), ["phones", "contacts"]);

    let languages: Vec<Value> = (0..31).map(|_| json!({"code": "en"})).collect();
    let schedules: Vec<Value> = (0..51).map(|_| json!({})).collect();
    let categories: Vec<String> = (0..101).map(|n| format!("0190c0de-0000-7000-8000-{n:012}")).collect();
    let mut svc = service(json!({"languages": languages, "schedules": schedules, "categories": categories}));
    assert_eq!(fields(validate_service(&mut svc)), ["categories", "schedules", "languages"]);

    let addresses: Vec<Value> = (0..21).map(|_| address()).collect();
    let mut loc = location(json!({"addresses": addresses}));
    assert_eq!(fields(validate_location(&mut loc, New_York)), ["addresses"]);
}

#[test]
fn address_rules() {
    let bad = json!({"address_1": " ", "city": "", "state_province": "", "postal_code": "", "country": "USA", "address_type": "home"});
    let mut loc = location(json!({"addresses": [address(), bad]}));
    assert_eq!(
        fields(validate_location(&mut loc, New_York)),
        [
            "addresses[1].address_1",
            "addresses[1].city",
            "addresses[1].state_province",
            "addresses[1].postal_code",
            "addresses[1].country",
            "addresses[1].address_type",
        ]
    );
}

#[test]
fn coordinates_are_in_range_and_paired() {
    let mut loc = location(json!({"latitude": 91.0, "longitude": -181.0}));
    assert_eq!(fields(validate_location(&mut loc, New_York)), ["latitude", "longitude"]);
    let mut loc = location(json!({"latitude": null, "addresses": [address()]}));
    assert_eq!(fields(validate_location(&mut loc, New_York)), ["latitude"]);
}

#[test]
fn location_kinds_need_a_way_to_reach_them() {
    let mut virtual_without_url = location(json!({"location_type": "virtual", "latitude": null, "longitude": null}));
    assert_eq!(fields(validate_location(&mut virtual_without_url, New_York)), ["url"]);
    let mut physical_nowhere = location(json!({"latitude": null, "longitude": null}));
    assert_eq!(fields(validate_location(&mut physical_nowhere, New_York)), ["addresses"]);
    let mut postal_without_address = location(json!({"location_type": "postal"}));
    assert_eq!(fields(validate_location(&mut postal_without_address, New_York)), ["addresses"]);
    let mut online = location(json!({"location_type": "virtual", "url": "https://meet.example/intake"}));
    assert_eq!(fields(validate_location(&mut online, New_York)), Vec::<String>::new());
}

#[test]
fn location_gets_the_default_time_zone_only_when_it_has_none() {
    let mut loc = location(json!({}));
    assert_eq!(fields(validate_location(&mut loc, New_York)), Vec::<String>::new());
    assert_eq!(loc.timezone, Some(New_York));
    let mut london = location(json!({"timezone": "Europe/London"}));
    assert_eq!(fields(validate_location(&mut london, New_York)), Vec::<String>::new());
    assert_eq!(london.timezone, Some(London));
}

#[test]
fn language_codes_are_iso_639_shaped() {
    let mut loc = location(json!({"languages": [{"code": "spa"}, {"code": "e"}, {"code": "en-US"}, {"code": ""}]}));
    assert_eq!(
        fields(validate_location(&mut loc, New_York)),
        ["languages[1].code", "languages[2].code", "languages[3].code"]
    );
    let mut t = term(json!({"language": "english"}));
    assert_eq!(fields(validate_term(&mut t)), ["language"]);
}

#[test]
fn ages_are_ordered_and_plausible() {
    let mut svc = service(json!({"minimum_age": 18, "maximum_age": 12}));
    assert_eq!(fields(validate_service(&mut svc)), ["maximum_age"]);
    let mut svc = service(json!({"minimum_age": 131, "maximum_age": 200}));
    assert_eq!(fields(validate_service(&mut svc)), ["minimum_age", "maximum_age"]);
    let mut svc = service(json!({"minimum_age": 18, "maximum_age": 18}));
    assert_eq!(fields(validate_service(&mut svc)), Vec::<String>::new());
}

#[test]
fn schedule_rules() {
    let rows = json!([
        {"byday": "MO", "opens_at": "09:00", "closes_at": "17:00"},
        {"closes_at": "17:00"},
        {"valid_from": "2026-12-26", "valid_to": "2026-12-25"},
        {"interval": 0},
        {"interval": 53, "dtstart": "2026-01-01"},
        {"count": 0, "dtstart": "2026-01-01"},
        {"byday": "2MO"},
        {"freq": "MONTHLY", "byday": "2MO,-1FR", "bymonthday": "1"},
        {"interval": 2, "count": 3},
        {"dtstart": "2026-02-01", "until": "2026-01-01", "schedule_link": "nope"},
    ]);
    let mut svc = service(json!({"schedules": rows}));
    assert_eq!(
        fields(validate_service(&mut svc)),
        [
            "schedules[1].closes_at",
            "schedules[2].valid_to",
            "schedules[3].interval",
            "schedules[4].interval",
            "schedules[5].count",
            "schedules[6].byday",
            "schedules[8].dtstart",
            "schedules[8].dtstart",
            "schedules[9].schedule_link",
            "schedules[9].until",
        ]
    );
}

#[test]
fn duplicate_categories_and_locations_are_refused() {
    let mut svc = service(json!({
        "categories": [id(1), id(2), id(1)],
        "service_at_locations": [
            {"location_id": id(3)},
            {"location_id": id(4), "phones": [{"number": "x"}], "schedules": [{"closes_at": "10:00"}]},
            {"location_id": id(3)},
        ],
    }));
    assert_eq!(
        fields(validate_service(&mut svc)),
        [
            "categories[2]",
            "service_at_locations[1].phones[0].number",
            "service_at_locations[1].schedules[0].closes_at",
            "service_at_locations[2].location_id",
        ]
    );
}

#[test]
fn service_areas_and_accessibility() {
    let mut svc = service(json!({"service_areas": [{"extent_type": "GeoJSON"}, {"extent_type": "shapefile"}]}));
    assert_eq!(fields(validate_service(&mut svc)), ["service_areas[1].extent_type"]);
    assert_eq!(svc.service_areas[0].extent_type.as_deref(), Some("geojson"));
    let mut loc = location(json!({"accessibility": [{"url": "wheelchair"}]}));
    assert_eq!(fields(validate_location(&mut loc, New_York)), ["accessibility[0].url"]);
}

#[test]
fn term_codes_are_lowercase_hyphenated_and_short() {
    for bad in ["Housing", "housing--shelter", "-housing", "housing shelter", &"a".repeat(65)] {
        let mut t = term(json!({"code": bad}));
        assert_eq!(fields(validate_term(&mut t)), ["code"], "{bad}");
    }
    let mut t = term(json!({"code": " employment-2 "}));
    assert_eq!(fields(validate_term(&mut t)), Vec::<String>::new());
    assert_eq!(t.code, "employment-2");
}

#[test]
fn organization_year_and_control_characters() {
    let mut org = organization(json!({"year_incorporated": 99, "tax_status": "501(c)(3)\u{0007}"}));
    assert_eq!(fields(validate_organization(&mut org)), ["tax_status", "year_incorporated"]);
}
