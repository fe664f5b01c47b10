//! The places a resident can pick instead of sharing a location: the regions of the published
//! meetings, widest first with their subregions indented. A place stands for the mean
//! coordinates of the published meetings and the located services there.

use recovery_domain::index::{GeoPoint, RegionNode};

use recovery_domain::projection::IndexState;

/// One choice of the place select.
#[derive(Debug, Clone)]
pub struct PlaceOption {
    /// The region's name (the value sent).
    pub name: String,
    /// The name as shown, indented by depth.
    pub label: String,
}

/// Every region, depth first, indented by depth.
pub fn options(index: &IndexState) -> Vec<PlaceOption> {
    fn walk(nodes: &[RegionNode], depth: usize, out: &mut Vec<PlaceOption>) {
        for node in nodes {
            let indent = "\u{2003}".repeat(depth);
            out.push(PlaceOption { name: node.name.clone(), label: format!("{indent}{}", node.name) });
            walk(&node.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&index.index.regions(), 0, &mut out);
    out
}

/// The mean point of the published meetings in region `name` and the services located in a
/// city or region of that name (names compared without case); `None` when nothing is there.
pub fn center(index: &IndexState, name: &str) -> Option<GeoPoint> {
    let wanted = name.trim().to_lowercase();
    let same = |s: &str| s.trim().to_lowercase() == wanted;
    let meetings = index.index.meetings();
    let meeting_points = meetings.iter().filter(|m| m.data.is_in_region(name)).filter_map(|m| m.data.coordinates());
    let location_points = index
        .agencies
        .locations()
        .filter(|l| l.data.addresses.iter().any(|a| same(&a.city) || a.region.as_deref().is_some_and(same)))
        .filter_map(|l| l.data.coordinates());
    let (mut lat, mut lng, mut n) = (0.0, 0.0, 0.0);
    for (la, lo) in meeting_points.chain(location_points) {
        lat += la;
        lng += lo;
        n += 1.0;
    }
    (n > 0.0).then(|| GeoPoint { lat: lat / n, lng: lng / n })
}
