//! The services a list selected, paged without sorting or reading every meeting.
//!
//! A services list is agencies' services and published meetings together, in id order. The
//! agencies' side is small and filtered in full; the meetings' side is every published meeting
//! unless a filter reads the meeting itself (`search`, `modified_after`). When it is every
//! meeting, a page is read from the index's id order: where the page starts among the meetings
//! is found by binary search over the agencies' services (each probe one position lookup in the
//! index), then the page is a merge of the two from there. So `/hsds/services?page=N` costs
//! what the page holds plus a few lookups, on the first, a middle and the last page alike.

use std::ops::Range;
use std::sync::Arc;

use recovery_domain::Meeting;
use recovery_domain::projection::IndexState;
use uuid::Uuid;

use super::candidate::Candidate;

/// Which published meetings a list selected.
#[derive(Debug, Clone)]
pub enum MeetingSide {
    /// None (an `organization_id` filter, or a category meetings are not in).
    None,
    /// Every published meeting: read page by page from the index.
    All,
    /// Those a filter kept, in id order.
    Some(Vec<Arc<Meeting>>),
}

/// The services a list selected.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Agencies' services that matched, in id order.
    pub agencies: Vec<Candidate>,
    /// Published meetings that matched.
    pub meetings: MeetingSide,
}

impl Selection {
    /// How many meetings were selected.
    fn meeting_count(&self, state: &IndexState) -> usize {
        match &self.meetings {
            MeetingSide::None => 0,
            MeetingSide::All => state.index.len(),
            MeetingSide::Some(list) => list.len(),
        }
    }

    /// The id of the meeting at `position` among those selected.
    fn meeting_id_at(&self, state: &IndexState, position: usize) -> Option<Uuid> {
        match &self.meetings {
            MeetingSide::None => None,
            MeetingSide::All => state.index.id_at(position).map(|id| id.0),
            MeetingSide::Some(list) => list.get(position).map(|m| m.id.0),
        }
    }

    /// Up to `count` selected meetings from `position` on.
    fn meetings_from(&self, state: &IndexState, position: usize, count: usize) -> Vec<Arc<Meeting>> {
        match &self.meetings {
            MeetingSide::None => Vec::new(),
            MeetingSide::All => state.index.page_in_id_order(position, count),
            MeetingSide::Some(list) => list.iter().skip(position).take(count).cloned().collect(),
        }
    }

    /// How many services were selected.
    pub fn total(&self, state: &IndexState) -> usize {
        self.agencies.len() + self.meeting_count(state)
    }

    /// The selected services in `range` of their id order.
    pub fn page(&self, state: &IndexState, range: Range<usize>) -> Vec<Candidate> {
        let (start, count) = (range.start, range.len());
        let before = agencies_before(
            |i| self.agencies[i].id(),
            self.agencies.len(),
            self.meeting_count(state),
            |j| self.meeting_id_at(state, j),
            start,
        );
        let mut agencies = self.agencies[before..].iter().peekable();
        let mut meetings = self.meetings_from(state, start - before, count).into_iter().peekable();
        let mut page = Vec::with_capacity(count);
        while page.len() < count {
            let take_agency = match (agencies.peek(), meetings.peek()) {
                (Some(a), Some(m)) => a.id() < m.id.0,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_agency {
                page.extend(agencies.next().cloned());
            } else {
                page.extend(meetings.next().map(Candidate::Meeting));
            }
        }
        page
    }

    /// Every selected service in id order (for ndjson and service-at-locations).
    pub fn all(&self, state: &IndexState) -> Vec<Candidate> {
        self.page(state, 0..self.total(state))
    }
}

/// How many of the agencies' services (`agency_id(i)` for `i` below `agencies`, ascending)
/// come before position `start` of their merge with `meetings` meeting ids (`meeting_id_at`,
/// ascending; no id on both sides). Agency `i` does when fewer than `start - i` meetings have a
/// lower id, that is when there are fewer than `start - i` meetings at all or the one at
/// position `start - i - 1` has a higher id: true up to some `i`, then false, so a binary
/// search finds the count with a logarithmic number of position lookups.
fn agencies_before(
    agency_id: impl Fn(usize) -> Uuid,
    agencies: usize,
    meetings: usize,
    meeting_id_at: impl Fn(usize) -> Option<Uuid>,
    start: usize,
) -> usize {
    let precedes = |i: usize| {
        let j = start - i;
        j > meetings || meeting_id_at(j - 1).is_some_and(|id| id > agency_id(i))
    };
    let (mut low, mut high) = (0, agencies.min(start));
    while low < high {
        let middle = low + (high - low) / 2;
        if precedes(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_matches_a_sorted_merge() {
        // Ids 0..60, split between the two sides by a fixed pattern, every start position.
        for pattern in [0b1u64, 0b1011, 0b1_0000_0001, u64::MAX, 0] {
            let (mut agencies, mut meetings) = (Vec::new(), Vec::new());
            for n in 0..60u128 {
                if pattern >> (n % 64) & 1 == 1 {
                    agencies.push(Uuid::from_u128(n))
                } else {
                    meetings.push(Uuid::from_u128(n))
                }
            }
            for start in 0..=62 {
                let expected = agencies.iter().filter(|id| id.as_u128() < start as u128).count();
                let got = agencies_before(
                    |i| agencies[i],
                    agencies.len(),
                    meetings.len(),
                    |j| meetings.get(j).copied(),
                    start,
                );
                assert_eq!(got, expected, "pattern {pattern:b}, start {start}");
            }
        }
    }
}
