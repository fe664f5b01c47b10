//! Nominatim's `search` endpoint (`format=jsonv2`), which many self-hosted geocoders speak:
//! the best match's coordinates, and whether it is a door or only a town.

use reqwest::Url;
use serde_json::Value;

use super::{GeocodeError, Geocoded, NominatimSettings, policy};
use crate::fetch::Fetcher;

/// Nominatim's `place_rank` of a major street; anything coarser (a suburb, a town, a county)
/// is approximate.
const STREET_RANK: i64 = 26;

/// Address types coarser than a street, for servers that do not send `place_rank`.
const COARSE: [&str; 20] = [
    "continent",
    "country",
    "state",
    "province",
    "region",
    "state_district",
    "county",
    "district",
    "municipality",
    "city",
    "town",
    "village",
    "hamlet",
    "city_district",
    "borough",
    "suburb",
    "quarter",
    "neighbourhood",
    "postcode",
    "locality",
];

/// The best match for `query`, or `None`.
pub(super) async fn search(settings: &NominatimSettings, query: &str) -> Result<Option<Geocoded>, GeocodeError> {
    let url = search_url(&settings.base_url, query)?;
    let fetcher = Fetcher::with_user_agent(policy(), &settings.user_agent);
    let fetched = fetcher.get(url.as_str()).await.map_err(|e| GeocodeError(e.to_string()))?;
    let answer: Value = serde_json::from_slice(&fetched.body)
        .map_err(|e| GeocodeError(format!("the geocoder's answer is not JSON: {e}")))?;
    read(&answer)
}

/// `{base}search?q=…&format=jsonv2&limit=1`.
fn search_url(base: &str, query: &str) -> Result<Url, GeocodeError> {
    let base = base.trim();
    let base = if base.ends_with('/') { base.to_string() } else { format!("{base}/") };
    let bad = |_| GeocodeError(format!("the geocoder URL `{base}` is not a URL"));
    let search = Url::parse(&base).and_then(|b| b.join("search")).map_err(bad)?;
    let mut url = search;
    url.query_pairs_mut().append_pair("q", query).append_pair("format", "jsonv2").append_pair("limit", "1");
    Ok(url)
}

/// The first result of a `jsonv2` answer.
fn read(answer: &Value) -> Result<Option<Geocoded>, GeocodeError> {
    let Some(results) = answer.as_array() else {
        return Err(GeocodeError("the geocoder's answer is not a list of places".into()));
    };
    let Some(best) = results.first() else { return Ok(None) };
    let number = |field: &str| -> Option<f64> {
        match best.get(field)? {
            Value::String(s) => s.trim().parse().ok(),
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    };
    let (Some(latitude), Some(longitude)) = (number("lat"), number("lon")) else {
        return Err(GeocodeError("the geocoder's answer has no usable lat/lon".into()));
    };
    if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
        return Err(GeocodeError("the geocoder's answer has coordinates out of range".into()));
    }
    let coarse_type = ["addresstype", "type"]
        .iter()
        .filter_map(|f| best.get(*f).and_then(Value::as_str))
        .any(|t| COARSE.contains(&t));
    let approximate = match best.get("place_rank").and_then(Value::as_i64) {
        Some(rank) => rank < STREET_RANK,
        None => coarse_type,
    };
    Ok(Some(Geocoded { latitude, longitude, approximate }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::json;

    use super::*;

    #[test]
    fn the_search_url_encodes_the_query() {
        let url = search_url("http://127.0.0.1:9/nominatim", "12 Main St, Springfield & Co").unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/nominatim/search?q=12+Main+St%2C+Springfield+%26+Co&format=jsonv2&limit=1"
        );
    }

    #[test]
    fn ranks_and_types_decide_approximate() {
        let house = json!([{"lat": "40.1", "lon": "-75.2", "place_rank": 30, "addresstype": "building"}]);
        assert_eq!(read(&house).unwrap(), Some(Geocoded { latitude: 40.1, longitude: -75.2, approximate: false }));
        let city = json!([{"lat": "40.1", "lon": "-75.2", "place_rank": 16, "addresstype": "city"}]);
        assert!(read(&city).unwrap().unwrap().approximate);
        let town_no_rank = json!([{"lat": 40.1, "lon": -75.2, "type": "town"}]);
        assert!(read(&town_no_rank).unwrap().unwrap().approximate);
        assert_eq!(read(&json!([])).unwrap(), None);
        assert!(read(&json!({"error": "x"})).is_err());
        assert!(read(&json!([{"lat": "95", "lon": "0"}])).is_err());
    }
}
