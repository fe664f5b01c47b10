//! A nearby search without `near`: every matching meeting (in the meetings search's own order)
//! and then every matching service (by name).
//!
//! The cursor says which part the next page starts in: `Meetings(c)` continues the meetings
//! after `c` (a page that uses them up goes on into the services), `Services(c)` continues the
//! services. A page that ends exactly at the last meeting points at the first service.

use super::meetings::{self, Order};
use super::{NearbyCursor, NearbyItem, NearbyPage, NearbyQuery};
use crate::agency::{AgencyCatalog, ServicePage};
use crate::index::{QueryError, SearchIndex};

pub(super) fn search(index: &SearchIndex, agencies: &AgencyCatalog, q: &NearbyQuery) -> Result<NearbyPage, QueryError> {
    let order = if q.window.is_some() { Order::Start } else { Order::Schedule };
    let in_meetings = match &q.after {
        None => Some(None),
        Some(NearbyCursor::Meetings(c)) if q.kinds.meetings => Some(Some(c.clone())),
        Some(NearbyCursor::Services(_)) if q.kinds.services => None,
        Some(_) => return Err(QueryError::CursorMismatch),
    };
    let mut items = Vec::new();
    let (next, total_meetings, total_services) = match in_meetings {
        Some(after) => {
            let part = meetings::search(index, &q.meeting_queries(after, q.limit), order, q.limit)?;
            let full = part.more || (q.limit > 0 && part.items.len() == q.limit);
            let services = if full {
                // No room left on this page: only the count is needed, and whether any follow.
                services(agencies, q, None, 1)?.map(|s| ServicePage { items: Vec::new(), next: None, ..s })
            } else {
                // With `limit` 0 the room is 0 too, which asks for every service.
                services(agencies, q, None, q.limit.saturating_sub(part.items.len()))?
            };
            let total_services = services.as_ref().map_or(0, |s| s.total);
            let next = match (part.more, full) {
                (true, _) => part.items.last().map(|hit| NearbyCursor::Meetings(meetings::cursor_after(hit, order))),
                (false, true) => (total_services > 0).then_some(NearbyCursor::Services(None)),
                (false, false) => {
                    services.as_ref().and_then(|s| s.next.clone()).map(|c| NearbyCursor::Services(Some(c)))
                }
            };
            items.extend(part.items.into_iter().map(NearbyItem::Meeting));
            items.extend(services.into_iter().flat_map(|s| s.items).map(NearbyItem::Service));
            (next, part.total, total_services)
        }
        None => {
            let after = match &q.after {
                Some(NearbyCursor::Services(c)) => c.clone(),
                _ => None,
            };
            let part = meetings::search(index, &q.meeting_queries(None, 1), order, 1)?;
            let page = services(agencies, q, after, q.limit)?;
            let next = page.as_ref().and_then(|s| s.next.clone()).map(|c| NearbyCursor::Services(Some(c)));
            let total_services = page.as_ref().map_or(0, |s| s.total);
            items.extend(page.into_iter().flat_map(|s| s.items).map(NearbyItem::Service));
            (next, part.total, total_services)
        }
    };
    // Without `near` no search stops counting early.
    Ok(NearbyPage::new(items, next, total_meetings, total_services, true))
}

/// The services page of `q` after `after` (`limit` 0: all), or `None` when services are off.
fn services(
    agencies: &AgencyCatalog,
    q: &NearbyQuery,
    after: Option<crate::agency::ServiceCursor>,
    limit: usize,
) -> Result<Option<ServicePage>, QueryError> {
    q.service_query(after, limit).map(|sq| agencies.search(&sq)).transpose()
}
