//! Geocoding against a local stand-in speaking Nominatim's `jsonv2`: precise and town-level
//! answers, nothing found, the cache in a real SQLite store, and the one-request-a-second rule.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::Duration;

use recovery_import::geocode::{Geocoded, Geocoder, NominatimSettings};
use recovery_standin::{Reply, StandIn};
use recovery_store::Store;

/// A Nominatim stand-in knowing a house, a town and nothing else.
fn nominatim() -> StandIn {
    StandIn::answering(|target| {
        let query: HashMap<String, String> = target
            .split_once('?')
            .map(|(_, q)| {
                q.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.into(), decode(v))).collect()
            })
            .unwrap_or_default();
        assert_eq!(query.get("format").map(String::as_str), Some("jsonv2"), "{target}");
        assert_eq!(query.get("limit").map(String::as_str), Some("1"), "{target}");
        let body = match query.get("q").map(|q| q.to_lowercase()).as_deref() {
            Some("100 main st, tupelo, ms") => {
                r#"[{"lat":"34.2576","lon":"-88.7034","place_rank":30,"addresstype":"building","type":"house"}]"#
            }
            Some(q) if q.starts_with("springfield") || q.starts_with("town ") => {
                r#"[{"lat":"39.7817","lon":"-89.6501","place_rank":16,"addresstype":"city","type":"administrative"}]"#
            }
            _ => "[]",
        };
        Reply::ok("application/json", body.as_bytes())
    })
}

fn decode(v: &str) -> String {
    let v = v.replace('+', " ");
    let mut out = Vec::new();
    let bytes = v.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&v[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn geocoder(server: &StandIn) -> Geocoder {
    Geocoder::Nominatim(NominatimSettings {
        base_url: server.url("/"),
        user_agent: "recovery-directory-tests (ops@example.org)".into(),
    })
}

fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(&recovery_store::testing::sqlite_url(dir.path())).unwrap()
}

#[tokio::test]
async fn precise_town_level_and_unknown_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let server = nominatim();
    let geocoder = geocoder(&server);

    let house = geocoder.geocode(&store, "100 Main St, Tupelo, MS", true).await.unwrap();
    assert_eq!(house, Some(Geocoded { latitude: 34.2576, longitude: -88.7034, approximate: false }));
    let town = geocoder.geocode(&store, "Springfield, IL", true).await.unwrap().unwrap();
    assert!(town.approximate, "a city-level answer is approximate");
    assert_eq!(geocoder.geocode(&store, "1 Nowhere Lane, Atlantis", true).await.unwrap(), None);
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.requests()[0].user_agent.as_deref(), Some("recovery-directory-tests (ops@example.org)"));

    // Asked again (differently spaced and cased): all from the cache, "not found" included.
    assert_eq!(geocoder.geocode(&store, "  100 MAIN st,   tupelo, ms ", true).await.unwrap(), house);
    assert_eq!(geocoder.geocode(&store, "springfield, il", true).await.unwrap(), Some(town));
    assert_eq!(geocoder.geocode(&store, "1 nowhere lane, atlantis", true).await.unwrap(), None);
    assert_eq!(server.requests().len(), 3, "cached answers make no request");
}

#[tokio::test]
async fn at_most_one_request_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let server = nominatim();
    let geocoder = geocoder(&server);
    geocoder.geocode(&store, "town one", true).await.unwrap();
    geocoder.geocode(&store, "town two", true).await.unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    let gap = seen[1].at.duration_since(seen[0].at);
    assert!(gap >= Duration::from_millis(990), "the stand-in saw the second request {gap:?} after the first");
}

#[tokio::test]
async fn none_never_asks_anyone() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    assert_eq!(Geocoder::None.geocode(&store, "100 Main St, Tupelo, MS", true).await.unwrap(), None);
    assert!(Geocoder::None.is_none());
}

#[tokio::test]
async fn a_failing_geocoder_is_an_error_not_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let server = StandIn::answering(|_| Reply::body(503, "text/html", b"busy"));
    let err = geocoder(&server).geocode(&store, "somewhere, anywhere", true).await.unwrap_err();
    assert!(err.to_string().contains("503"), "{err}");
    // Nothing was cached: the next run asks again.
    assert!(store.cached_geocode("somewhere, anywhere").unwrap().is_none());
}
