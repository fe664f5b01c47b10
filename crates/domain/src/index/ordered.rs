//! The indexed meeting ids in id order, with positions.
//!
//! HSDS lists page through every published meeting in id order by page number, so a page must
//! find what sits at position k without walking the k ids before it (a `BTreeSet` cannot) and
//! without sorting every id per request. The ids are one sorted run cut into chunks of at most
//! [`MAX_CHUNK`]: finding a position or an id's rank walks the chunks' lengths (n / 512 of them,
//! a few hundred at 200,000 meetings) and an insert or a removal moves at most one chunk's ids.

use crate::ids::MeetingId;

/// A chunk that grows past this many ids is cut in two.
const MAX_CHUNK: usize = 1024;

/// Sorted, distinct meeting ids with rank and select.
#[derive(Debug, Default)]
pub(crate) struct OrderedIds {
    /// Sorted runs, each non-empty, every id of one before every id of the next.
    chunks: Vec<Vec<MeetingId>>,
}

impl OrderedIds {
    /// The ids of `ids` (any order, repeats kept once).
    pub(crate) fn build(mut ids: Vec<MeetingId>) -> OrderedIds {
        ids.sort_unstable();
        ids.dedup();
        let chunks = ids.chunks(MAX_CHUNK / 2).map(<[MeetingId]>::to_vec).collect();
        OrderedIds { chunks }
    }

    /// The chunk where `id` is or would go.
    fn chunk_of(&self, id: MeetingId) -> usize {
        let i = self.chunks.partition_point(|c| c.last().is_some_and(|last| *last < id));
        i.min(self.chunks.len().saturating_sub(1))
    }

    /// Adds `id`; false when it was already there.
    pub(crate) fn insert(&mut self, id: MeetingId) -> bool {
        if self.chunks.is_empty() {
            self.chunks.push(vec![id]);
            return true;
        }
        let c = self.chunk_of(id);
        let chunk = &mut self.chunks[c];
        let Err(at) = chunk.binary_search(&id) else { return false };
        chunk.insert(at, id);
        if chunk.len() > MAX_CHUNK {
            let tail = chunk.split_off(chunk.len() / 2);
            self.chunks.insert(c + 1, tail);
        }
        true
    }

    /// Removes `id`; false when it was not there.
    pub(crate) fn remove(&mut self, id: MeetingId) -> bool {
        if self.chunks.is_empty() {
            return false;
        }
        let c = self.chunk_of(id);
        let chunk = &mut self.chunks[c];
        let Ok(at) = chunk.binary_search(&id) else { return false };
        chunk.remove(at);
        if chunk.is_empty() {
            self.chunks.remove(c);
        } else if chunk.len() < MAX_CHUNK / 4 && c + 1 < self.chunks.len() {
            // Merge small neighbours, so many removals do not leave thousands of tiny chunks.
            if self.chunks[c].len() + self.chunks[c + 1].len() <= MAX_CHUNK {
                let next = self.chunks.remove(c + 1);
                self.chunks[c].extend(next);
            }
        }
        true
    }

    /// How many ids are less than `id`.
    pub(crate) fn rank(&self, id: MeetingId) -> usize {
        if self.chunks.is_empty() {
            return 0;
        }
        let c = self.chunk_of(id);
        let before: usize = self.chunks[..c].iter().map(Vec::len).sum();
        before + self.chunks[c].partition_point(|x| *x < id)
    }

    /// The id at `position` (from 0).
    pub(crate) fn get(&self, position: usize) -> Option<MeetingId> {
        self.from(position).next()
    }

    /// The ids from `position` (from 0) on, in order.
    pub(crate) fn from(&self, mut position: usize) -> impl Iterator<Item = MeetingId> + '_ {
        let mut first = self.chunks.len();
        for (i, chunk) in self.chunks.iter().enumerate() {
            if position < chunk.len() {
                first = i;
                break;
            }
            position -= chunk.len();
        }
        let skip = if first < self.chunks.len() { position } else { 0 };
        self.chunks[first..].iter().flatten().skip(skip).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn id(n: u128) -> MeetingId {
        MeetingId(uuid::Uuid::from_u128(n))
    }

    /// Pseudo-random numbers without a dependency: a 64-bit LCG.
    fn numbers(seed: u64, count: usize, modulo: u128) -> Vec<u128> {
        let mut x = seed;
        (0..count)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                u128::from(x >> 11) % modulo
            })
            .collect()
    }

    #[test]
    fn agrees_with_a_btree_set_through_inserts_and_removals() {
        let mut ordered = OrderedIds::build(numbers(1, 3_000, 20_000).into_iter().map(id).collect());
        let mut model: BTreeSet<MeetingId> = numbers(1, 3_000, 20_000).into_iter().map(id).collect();
        assert_eq!(ordered.from(0).count(), model.len());
        for (step, n) in numbers(2, 12_000, 20_000).into_iter().enumerate() {
            let changed = if step % 3 == 0 { ordered.remove(id(n)) } else { ordered.insert(id(n)) };
            let expected = if step % 3 == 0 { model.remove(&id(n)) } else { model.insert(id(n)) };
            assert_eq!(changed, expected, "step {step}");
        }
        let all: Vec<MeetingId> = model.iter().copied().collect();
        assert_eq!(ordered.from(0).collect::<Vec<_>>(), all);
        for position in [0, 1, 511, 512, 1023, 1024, all.len() / 2, all.len() - 1, all.len(), all.len() + 5] {
            assert_eq!(ordered.get(position), all.get(position).copied(), "position {position}");
            assert_eq!(ordered.from(position).count(), all.len().saturating_sub(position));
        }
        for n in numbers(3, 500, 20_000) {
            assert_eq!(ordered.rank(id(n)), all.partition_point(|x| *x < id(n)));
        }
    }

    #[test]
    fn removing_everything_leaves_it_empty() {
        let ids: Vec<MeetingId> = (0..5_000).map(id).collect();
        let mut ordered = OrderedIds::build(ids.clone());
        for i in ids.iter().rev() {
            assert!(ordered.remove(*i));
        }
        assert_eq!((ordered.from(0).count(), ordered.get(0), ordered.rank(id(7))), (0, None, 0));
        assert!(ordered.insert(id(3)) && !ordered.insert(id(3)));
        assert_eq!(ordered.from(0).collect::<Vec<_>>(), vec![id(3)]);
    }
}
