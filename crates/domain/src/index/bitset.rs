//! Sets of slot numbers as plain bit vectors: the posting lists that filters intersect.
//!
//! A dense bitset of 200,000 slots is 25 KB and intersects in a few microseconds, which is why
//! the small, closed key spaces (days, attendance options, programs, type codes) use it.

/// A set of slot numbers, one bit per slot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Bitset {
    words: Vec<u64>,
}

impl Bitset {
    /// Adds `slot`.
    pub(crate) fn insert(&mut self, slot: u32) {
        let (word, bit) = split(slot);
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        self.words[word] |= bit;
    }

    /// Removes `slot`.
    pub(crate) fn remove(&mut self, slot: u32) {
        let (word, bit) = split(slot);
        if let Some(w) = self.words.get_mut(word) {
            *w &= !bit;
        }
    }

    /// True when `slot` is in the set.
    #[inline]
    pub(crate) fn contains(&self, slot: u32) -> bool {
        let (word, bit) = split(slot);
        self.words.get(word).is_some_and(|w| w & bit != 0)
    }

    /// How many slots are in the set.
    pub(crate) fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// True when no slot is in the set.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Adds every slot of `other`.
    pub(crate) fn union_with(&mut self, other: &Bitset) {
        if other.words.len() > self.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w |= o;
        }
    }

    /// Keeps only the slots also in `other`.
    pub(crate) fn intersect_with(&mut self, other: &Bitset) {
        self.words.truncate(other.words.len());
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w &= o;
        }
    }

    /// The slots in ascending order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let base = (i as u32) << 6;
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros();
                rest &= rest - 1;
                Some(base | bit)
            })
        })
    }
}

impl FromIterator<u32> for Bitset {
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> Bitset {
        let mut set = Bitset::default();
        for slot in iter {
            set.insert(slot);
        }
        set
    }
}

#[inline]
fn split(slot: u32) -> (usize, u64) {
    ((slot >> 6) as usize, 1u64 << (slot & 63))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut a: Bitset = [1, 5, 64, 200].into_iter().collect();
        let b: Bitset = [5, 64, 300].into_iter().collect();
        assert!(a.contains(200) && !a.contains(2) && !a.contains(10_000));
        let mut union = a.clone();
        union.union_with(&b);
        assert_eq!(union.iter().collect::<Vec<_>>(), [1, 5, 64, 200, 300]);
        a.intersect_with(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), [5, 64]);
        a.remove(5);
        a.remove(9_999);
        assert_eq!((a.count(), a.is_empty()), (1, false));
    }
}
