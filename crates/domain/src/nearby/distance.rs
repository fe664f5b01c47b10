//! A nearby search with `near`: both kinds interleaved by `(distance, kind, id)`.
//!
//! The cursor is the last item's position. Each index is asked for `limit` items after it,
//! which in its own terms is:
//!
//! | cursor's kind | meetings after | services after |
//! |---|---|---|
//! | meeting at (d, m) | (d, m) | every service at d or farther: (the float just below d, max id) |
//! | service at (d, s) | every meeting farther than d: (d, max id) | (d, s) |
//!
//! At equal distance meetings come first, so a service cursor has passed every meeting at its
//! distance (the max id excludes them all), and a meeting cursor has passed no service at its
//! distance (the float just below d, with the max id, lets through exactly those at d or more).
//! The first `limit` of the merged pages are the page.

use uuid::Uuid;

use super::meetings::{self, Order};
use super::{NearbyCursor, NearbyItem, NearbyKind, NearbyPage, NearbyQuery};
use crate::agency::{AgencyCatalog, ServiceCursor};
use crate::ids::MeetingId;
use crate::index::{Cursor, QueryError, SearchIndex};

pub(super) fn search(index: &SearchIndex, agencies: &AgencyCatalog, q: &NearbyQuery) -> Result<NearbyPage, QueryError> {
    let (meetings_after, services_after) = match &q.after {
        None => (None, None),
        Some(NearbyCursor::Distance { km, kind, id }) => {
            let km: f64 = km.parse().map_err(|_| QueryError::CursorMismatch)?;
            match kind {
                NearbyKind::Meeting => (
                    Some(Cursor::Distance { km, id: MeetingId(*id) }),
                    Some(ServiceCursor::at_distance(just_below(km), Uuid::max())),
                ),
                NearbyKind::Service => (
                    Some(Cursor::Distance { km, id: MeetingId(Uuid::max()) }),
                    Some(ServiceCursor::at_distance(km, *id)),
                ),
            }
        }
        Some(_) => return Err(QueryError::CursorMismatch),
    };
    let part = meetings::search(index, &q.meeting_queries(meetings_after, q.limit), Order::Distance, q.limit)?;
    let services = match q.service_query(services_after, q.limit) {
        Some(sq) => Some(agencies.search(&sq)?),
        None => None,
    };
    let (total_meetings, total_services) = (part.total, services.as_ref().map_or(0, |s| s.total));
    let mut more = part.more || services.as_ref().is_some_and(|s| s.next.is_some());
    let mut items: Vec<NearbyItem> = part.items.into_iter().map(NearbyItem::Meeting).collect();
    items.extend(services.into_iter().flat_map(|s| s.items).map(NearbyItem::Service));
    items.sort_by(|a, b| {
        let (da, db) = (a.distance_km().unwrap_or(f64::INFINITY), b.distance_km().unwrap_or(f64::INFINITY));
        da.total_cmp(&db).then(a.kind().cmp(&b.kind())).then(a.id().cmp(&b.id()))
    });
    if q.limit > 0 && items.len() > q.limit {
        items.truncate(q.limit);
        more = true;
    }
    let next = items.last().filter(|_| more).map(|last| NearbyCursor::Distance {
        km: last.distance_km().unwrap_or(f64::INFINITY).to_string(),
        kind: last.kind(),
        id: last.id(),
    });
    Ok(NearbyPage::new(items, next, total_meetings, total_services, part.total_exact))
}

/// The greatest float below `x` (for finite `x`; `f64::next_down` needs Rust 1.86, above the
/// workspace's minimum).
fn just_below(x: f64) -> f64 {
    if x.is_nan() || x == f64::NEG_INFINITY {
        return x;
    }
    if x == 0.0 {
        return -f64::from_bits(1);
    }
    let bits = x.to_bits();
    f64::from_bits(if x > 0.0 { bits - 1 } else { bits + 1 })
}

#[cfg(test)]
mod tests {
    use super::just_below;

    #[test]
    fn just_below_is_the_previous_float() {
        assert_eq!(just_below(1.0), 0.9999999999999999);
        assert_eq!(just_below(0.0), -5e-324);
        assert_eq!(just_below(-0.0), -5e-324);
        assert_eq!(just_below(-1.0), -1.0000000000000002);
        for x in [0.1, 1e-300, 12.5, f64::MAX, f64::MIN_POSITIVE, 5e-324] {
            assert_eq!(just_below(x).to_bits() + 1, x.to_bits(), "{x}");
        }
    }
}
