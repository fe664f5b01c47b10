//! The meetings side of a nearby search: one or more meetings searches (one per program when
//! a language is asked) merged into one ordered page.

use uuid::Uuid;

use crate::index::{Cursor, Hit, MeetingQuery, QueryError, SearchIndex};
use crate::schedule::week_minute;

/// The order the meetings searches return (they all share one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    /// With `near`.
    Distance,
    /// A window without `near`: by next start.
    Start,
    /// Neither: by weekday and local start time.
    Schedule,
}

/// The first `limit` meetings after the cursor, over every search.
pub(super) struct Part {
    /// In order.
    pub(super) items: Vec<Hit>,
    /// True when more meetings follow the last item.
    pub(super) more: bool,
    /// How many meetings match in all (a lower bound when `total_exact` is false).
    pub(super) total: usize,
    /// False when some search only counted up to its threshold.
    pub(super) total_exact: bool,
}

/// Runs every search in `queries` (each limited to `limit`) and merges their pages in `order`.
pub(super) fn search(
    index: &SearchIndex,
    queries: &[MeetingQuery],
    order: Order,
    limit: usize,
) -> Result<Part, QueryError> {
    let mut part = Part { items: Vec::new(), more: false, total: 0, total_exact: true };
    for q in queries {
        let page = index.search(q)?;
        part.total += page.total;
        part.total_exact &= page.total_exact;
        part.more |= page.next.is_some();
        part.items.extend(page.items);
    }
    if queries.len() > 1 {
        part.items.sort_by(|a, b| {
            let (a, b) = (key(a, order), key(b, order));
            a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
        });
    }
    if limit > 0 && part.items.len() > limit {
        part.items.truncate(limit);
        part.more = true;
    }
    Ok(part)
}

/// A hit's position in `order`: its primary key (as an exact f64: week minutes and unix
/// seconds are far below 2^53) and its id.
pub(super) fn key(hit: &Hit, order: Order) -> (f64, Uuid) {
    let data = &hit.meeting.data;
    let primary = match order {
        Order::Distance => hit.distance_km.unwrap_or(f64::INFINITY),
        Order::Start => hit.next_start.map_or(f64::INFINITY, |t| t.timestamp() as f64),
        Order::Schedule => f64::from(week_minute(data.day, data.time)),
    };
    (primary, hit.meeting.id.0)
}

/// The meetings cursor that continues after `hit` in `order` (`Start` or `Schedule`).
pub(super) fn cursor_after(hit: &Hit, order: Order) -> Cursor {
    let id = hit.meeting.id;
    match (order, hit.next_start) {
        (Order::Start, Some(start)) => Cursor::Start { at: start.timestamp(), id },
        (Order::Distance, _) => Cursor::Distance { km: hit.distance_km.unwrap_or(f64::INFINITY), id },
        _ => Cursor::Schedule { week_minute: week_minute(hit.meeting.data.day, hit.meeting.data.time), id },
    }
}
