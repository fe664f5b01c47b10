//! The benchmark's generated directory builds, and the nearby benchmark's queries find both
//! kinds in it (a small instance of `benches/search.rs`'s data).

#[allow(dead_code)]
#[path = "../benches/data/mod.rs"]
mod data;

use chrono::{DateTime, Utc};
use recovery_domain::agency::AgencyCatalog;
use recovery_domain::index::SearchIndex;
use recovery_domain::nearby::{NearbyItem, NearbyQuery, TimeWindow, search_nearby};

#[test]
fn the_generated_directory_builds_and_is_searchable() {
    let agencies = data::generate_agencies(4_000);
    assert_eq!(agencies.services.len(), 4_000);
    assert_eq!(agencies.organizations.len(), 1_000);
    let with_hours = agencies.services.iter().filter(|s| !s.data.schedules.is_empty()).count();
    assert!((300..500).contains(&with_hours), "{with_hours} services with hours");
    let links: usize = agencies.services.iter().map(|s| s.data.service_at_locations.len()).sum();
    assert_eq!(links, agencies.locations.len());
    assert_eq!(data::generate_agencies(50).services[7], data::generate_agencies(50).services[7]);

    let taxonomy = data::taxonomy();
    assert_eq!(taxonomy.with_descendants(data::HOUSING).len(), 5);
    let catalog =
        AgencyCatalog::build(agencies.organizations, agencies.locations, agencies.services, taxonomy, chrono_tz::UTC);
    let index = SearchIndex::build(data::generate(8_000));
    let near = NearbyQuery { near: Some(data::DENSE), radius_km: 10.0, limit: 25, ..NearbyQuery::default() };
    let page = search_nearby(&index, &catalog, &near).unwrap();
    assert!(page.total_meetings > 0 && page.total_services > 0, "{} + {}", page.total_meetings, page.total_services);
    assert_eq!(page.items.len(), 25);
    // Wednesday 16:00 in New York: some services are open, some meetings start soon.
    let at = DateTime::<Utc>::from_timestamp(1_781_121_600, 0).unwrap();
    let window = NearbyQuery { window: Some(TimeWindow { at, minutes: 120 }), ..near.clone() };
    let page = search_nearby(&index, &catalog, &window).unwrap();
    assert!(page.total_services > 0 && page.total_meetings > 0);
    let housing = NearbyQuery { categories: vec![data::HOUSING], text: Some("hope".into()), ..near };
    let page = search_nearby(&index, &catalog, &housing).unwrap();
    assert!(page.total_services > 0);
    for item in &page.items {
        if let NearbyItem::Service(hit) = item {
            assert!(hit.service.data.name.starts_with("Hope "), "{}", hit.service.data.name);
        }
    }
}
