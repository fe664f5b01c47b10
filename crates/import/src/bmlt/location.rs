//! Where a BMLT meeting is, the way residents look for it.
//!
//! BMLT describes a place as a hierarchy: `location_province` (state), `location_sub_province`
//! (county), `location_municipality` (town or postal city), `location_city_subsection`
//! (labelled "Borough" on New York servers) and `location_neighborhood`. New Yorkers say they
//! are in Brooklyn, not in Kings County or in "New York", so:
//!
//! - the city is the municipality, or the borough when the municipality is missing or is the
//!   city that holds the boroughs ("New York");
//! - the region path, widest first, is state, county, borough, municipality, neighbourhood:
//!   each level only when it reads as a place name, a level equal to a wider one only once,
//!   and the city that holds the boroughs left out where a borough is given (it is wider than
//!   the county). The state stays, so that Erie County, NY and Erie County, PA stay apart;
//! - a "neighbourhood" that is directions ("at Meeting House Rd.") goes to the location notes
//!   instead, with `location_info` and the `bus_lines` and `train_lines` that reach the place.

use crate::json::Record;
use crate::record::short;

/// Municipality names that stand for the city holding the boroughs, not for a place in it.
const CITY_OF_BOROUGHS: [&str; 4] = ["new york", "new york city", "nyc", "city of new york"];

/// First words of directions, not of place names.
const DIRECTION_WORDS: [&str; 24] = [
    "at",
    "on",
    "near",
    "behind",
    "off",
    "by",
    "across",
    "between",
    "next",
    "corner",
    "in",
    "inside",
    "enter",
    "entrance",
    "use",
    "rear",
    "back",
    "upstairs",
    "downstairs",
    "opposite",
    "from",
    "via",
    "take",
    "turn",
];

/// Street words that end an address or directions, not a place name ("Meeting House Rd.").
const STREET_WORDS: [&str; 23] = [
    "rd",
    "road",
    "st",
    "street",
    "ave",
    "av",
    "avenue",
    "blvd",
    "boulevard",
    "ln",
    "lane",
    "dr",
    "drive",
    "hwy",
    "highway",
    "pkwy",
    "parkway",
    "rte",
    "route",
    "tpke",
    "turnpike",
    "expy",
    "expressway",
];

/// Values that say there is no place.
const NO_PLACE: [&str; 8] = ["online", "virtual", "none", "n/a", "na", "tbd", "unknown", "various"];

/// A meeting's city, region path and location notes.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Place {
    /// The town residents name it by.
    pub city: Option<String>,
    /// The region path, widest first.
    pub regions: Vec<String>,
    /// Directions: `location_info`, a neighbourhood that is no place name, bus and train lines.
    pub notes: Option<String>,
}

/// Reads the place of a meeting record; levels that are no place name are reported in
/// `r.warnings` (a neighbourhood, which goes to the notes instead, is not).
pub(super) fn place(r: &mut Record<'_>) -> Place {
    let province = r.text("location_province");
    let county = r.text("location_sub_province");
    let municipality = r.text("location_municipality");
    let borough = r.text("location_city_subsection");
    let neighborhood = r.text("location_neighborhood");

    let holds_boroughs = municipality.as_deref().is_some_and(|m| CITY_OF_BOROUGHS.contains(&folded(m).as_str()));
    let municipality = municipality.filter(|_| !(holds_boroughs && borough.is_some()));
    let city = municipality.clone().or_else(|| borough.clone());

    let mut regions: Vec<String> = Vec::new();
    let levels = [
        ("location_province", province),
        ("location_sub_province", county),
        ("location_city_subsection", borough),
        ("location_municipality", municipality),
    ];
    for (field, value) in levels {
        let Some(value) = value else { continue };
        if is_place_name(&value) {
            push_once(&mut regions, &value);
        } else {
            r.warnings.push(format!("{field} `{}` is not a place name; not a region", short(&value)));
        }
    }

    let info = r.text("location_info");
    let mut notes: Vec<String> = info.iter().cloned().collect();
    if let Some(n) = neighborhood {
        if is_place_name(&n) {
            push_once(&mut regions, &n);
        } else if !info.as_deref().is_some_and(|i| folded(i).contains(&folded(&n))) {
            notes.push(n.trim().to_string());
        }
    }
    if let Some(bus) = r.text("bus_lines") {
        notes.push(format!("Bus: {}", bus.trim()));
    }
    if let Some(train) = r.text("train_lines") {
        notes.push(format!("Train: {}", train.trim()));
    }
    Place { city, regions, notes: Some(notes.join("\n")).filter(|n| !n.is_empty()) }
}

/// Adds `name` to the region path unless a wider level has that name already (Queens is the
/// borough and the county).
fn push_once(regions: &mut Vec<String>, name: &str) {
    if !regions.iter().any(|level| folded(level) == folded(name)) {
        regions.push(name.trim().to_string());
    }
}

/// Lowercase, single-spaced text, for comparing names.
fn folded(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// True when `s` reads as the name of a place ("Brooklyn", "Bedford-Stuyvesant", "St. Albans",
/// "NY"), not as directions or an address ("at Meeting House Rd.", "2nd floor", "Online"):
/// capitalized, without digits or punctuation beyond `.`, `'` and `-`, at most five words, not
/// opening with a direction word nor closing with a street word.
pub(super) fn is_place_name(s: &str) -> bool {
    let s = s.trim();
    let words: Vec<&str> = s.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else { return false };
    let bare = |w: &str| w.trim_end_matches(['.', ',']).to_lowercase();
    s.chars().count() <= 50
        && words.len() <= 5
        && s.chars().next().is_some_and(|c| c.is_uppercase())
        && s.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '.' || c == '\'' || c == '-' || c == '’')
        && !NO_PLACE.contains(&folded(s).as_str())
        && !DIRECTION_WORDS.contains(&bare(first).as_str())
        && !STREET_WORDS.contains(&bare(last).as_str())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::{Value, json};

    use super::*;

    fn read(fields: Value) -> (Place, Vec<String>) {
        let map = fields.as_object().unwrap();
        let mut r = Record::new(map);
        let place = place(&mut r);
        (place, r.warnings)
    }

    #[test]
    fn place_names_and_directions() {
        for name in ["Brooklyn", "Bedford-Stuyvesant", "St. Albans", "NY", "Hell's Kitchen", "Kings", "Québec"] {
            assert!(is_place_name(name), "{name}");
        }
        for text in [
            "at Meeting House Rd.",
            "At Meeting House Rd.",
            "Meeting House Rd.",
            "2nd floor",
            "Online",
            "behind the church",
            "Corner of Main & Elm",
            "",
            "near",
            "Use The Side Door Please Thank You",
        ] {
            assert!(!is_place_name(text), "{text}");
        }
    }

    #[test]
    fn a_borough_is_the_city_where_the_municipality_is_new_york_or_missing() {
        let (brooklyn, warnings) = read(json!({
            "location_province": "NY", "location_sub_province": "Kings",
            "location_municipality": "New York", "location_city_subsection": "Brooklyn"
        }));
        assert_eq!(brooklyn.city.as_deref(), Some("Brooklyn"));
        assert_eq!(brooklyn.regions, ["NY", "Kings", "Brooklyn"]);
        assert_eq!(warnings, Vec::<String>::new());

        let (missing, _) = read(json!({
            "location_province": "NY", "location_sub_province": "Kings", "location_city_subsection": "Brooklyn",
            "location_neighborhood": "Park Slope"
        }));
        assert_eq!(missing.city.as_deref(), Some("Brooklyn"));
        assert_eq!(missing.regions, ["NY", "Kings", "Brooklyn", "Park Slope"]);

        let (queens, _) = read(json!({
            "location_province": "NY", "location_sub_province": "Queens",
            "location_municipality": "Flushing", "location_city_subsection": "Queens"
        }));
        assert_eq!(queens.city.as_deref(), Some("Flushing"), "the postal town stays the city");
        assert_eq!(queens.regions, ["NY", "Queens", "Flushing"], "the borough is the county: once");

        let (manhattan, _) = read(json!({ "location_municipality": "New York", "location_province": "NY" }));
        assert_eq!(manhattan.city.as_deref(), Some("New York"), "no borough: the municipality as it is");
        assert_eq!(manhattan.regions, ["NY", "New York"]);
    }

    #[test]
    fn directions_go_to_the_notes_with_bus_and_train_lines() {
        let (place, warnings) = read(json!({
            "location_municipality": "Setauket", "location_province": "NY", "location_sub_province": "Suffolk",
            "location_neighborhood": "at Meeting House Rd.", "location_info": "Basement, side door",
            "bus_lines": "S60", "train_lines": "Port Jefferson Branch"
        }));
        assert_eq!(place.regions, ["NY", "Suffolk", "Setauket"]);
        assert_eq!(
            place.notes.as_deref(),
            Some("Basement, side door\nat Meeting House Rd.\nBus: S60\nTrain: Port Jefferson Branch")
        );
        assert_eq!(warnings, Vec::<String>::new(), "directions are kept, not refused");

        let (odd, warnings) = read(json!({ "location_sub_province": "see notes 2", "location_municipality": "Utica" }));
        assert_eq!(odd.regions, ["Utica"]);
        assert_eq!(warnings, ["location_sub_province `see notes 2` is not a place name; not a region"]);
    }
}
