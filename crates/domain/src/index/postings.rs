//! Posting lists: for every filterable value, the slots of the meetings that have it.
//!
//! Small closed key spaces (days, attendance options, programs, type codes) are dense bitsets;
//! open ones (region names, words) are sorted slot lists, since most of their values are rare
//! and a bitset each would cost 25 KB per 200,000 meetings. A meeting's keys are recomputed
//! from the stored meeting on removal, so nothing per meeting is kept twice.

use std::collections::{BTreeMap, HashMap};

use super::bitset::Bitset;
use super::query::MeetingQuery;
use super::text;
use crate::meeting::{AttendanceOption, Meeting};

/// The filterable values of one meeting.
pub(crate) struct Keys {
    day: usize,
    attendance: usize,
    program: String,
    types: Vec<String>,
    regions: Vec<String>,
    words: Vec<String>,
}

impl Keys {
    /// The keys of `meeting`.
    pub(crate) fn of(meeting: &Meeting) -> Keys {
        let data = &meeting.data;
        let mut types = data.types.clone();
        types.sort_unstable();
        types.dedup();
        let mut regions: Vec<String> = data.regions().iter().map(|r| r.to_lowercase()).collect();
        regions.sort_unstable();
        regions.dedup();
        Keys {
            day: usize::from(data.day.index()),
            attendance: attendance_index(data.attendance_option()),
            program: data.program.clone(),
            types,
            regions,
            words: text::meeting_words(meeting),
        }
    }
}

fn attendance_index(option: AttendanceOption) -> usize {
    AttendanceOption::ALL.iter().position(|&a| a == option).unwrap_or(0)
}

/// Every posting list of the index.
#[derive(Debug, Default)]
pub(crate) struct Postings {
    days: [Bitset; 7],
    attendance: [Bitset; 4],
    programs: HashMap<String, Bitset>,
    types: HashMap<String, Bitset>,
    regions: HashMap<String, Vec<u32>>,
    words: BTreeMap<String, Vec<u32>>,
}

impl Postings {
    /// Files `slot` under every key.
    pub(crate) fn add(&mut self, slot: u32, keys: Keys) {
        self.days[keys.day].insert(slot);
        self.attendance[keys.attendance].insert(slot);
        self.programs.entry(keys.program).or_default().insert(slot);
        for code in keys.types {
            self.types.entry(code).or_default().insert(slot);
        }
        for region in keys.regions {
            sorted_insert(self.regions.entry(region).or_default(), slot);
        }
        for word in keys.words {
            sorted_insert(self.words.entry(word).or_default(), slot);
        }
    }

    /// Takes `slot` out from under every key, dropping keys left empty.
    pub(crate) fn remove(&mut self, slot: u32, keys: &Keys) {
        self.days[keys.day].remove(slot);
        self.attendance[keys.attendance].remove(slot);
        remove_dense(&mut self.programs, &keys.program, slot);
        for code in &keys.types {
            remove_dense(&mut self.types, code, slot);
        }
        for region in &keys.regions {
            if let Some(list) = self.regions.get_mut(region) {
                sorted_remove(list, slot);
                if list.is_empty() {
                    self.regions.remove(region);
                }
            }
        }
        for word in &keys.words {
            if let Some(list) = self.words.get_mut(word) {
                sorted_remove(list, slot);
                if list.is_empty() {
                    self.words.remove(word);
                }
            }
        }
    }

    /// The slots passing every posting-list filter of `q` (days, types, attendance, program,
    /// region, text), or `None` when the query has none of them.
    pub(crate) fn mask(&self, q: &MeetingQuery) -> Option<Bitset> {
        let mut mask = Mask(None);
        let mut days = q.days.iter().map(|d| usize::from(d.index())).collect::<Vec<_>>();
        days.sort_unstable();
        days.dedup();
        if !days.is_empty() && days.len() < 7 {
            mask.and_any(days.iter().map(|&d| &self.days[d]));
        }
        if !q.attendance.is_empty() {
            mask.and_any(q.attendance.iter().map(|&a| &self.attendance[attendance_index(a)]));
        }
        if let Some(program) = &q.program {
            mask.and_any(self.programs.get(program));
        }
        for code in &q.types {
            mask.and_any(self.types.get(code));
        }
        if let Some(region) = &q.region {
            let slots = self.regions.get(&region.to_lowercase()).map(|l| l.iter().copied().collect());
            mask.and(slots.unwrap_or_default());
        }
        for word in q.text.as_deref().map(text::words).unwrap_or_default() {
            let with_prefix = self.words.range(word.clone()..).take_while(|(w, _)| w.starts_with(&word));
            mask.and(with_prefix.flat_map(|(_, slots)| slots.iter().copied()).collect());
        }
        mask.0
    }
}

/// The intersection of the filters seen so far; `None` until the first.
struct Mask(Option<Bitset>);

impl Mask {
    fn and(&mut self, set: Bitset) {
        match &mut self.0 {
            Some(mask) => mask.intersect_with(&set),
            None => self.0 = Some(set),
        }
    }

    /// Intersects with the union of `sets` (an empty union matches nothing).
    fn and_any<'a>(&mut self, sets: impl IntoIterator<Item = &'a Bitset>) {
        let mut sets = sets.into_iter();
        let Some(first) = sets.next() else {
            return self.and(Bitset::default());
        };
        match sets.next() {
            None => match &mut self.0 {
                Some(mask) => mask.intersect_with(first),
                None => self.0 = Some(first.clone()),
            },
            Some(second) => {
                let mut union = first.clone();
                union.union_with(second);
                sets.for_each(|s| union.union_with(s));
                self.and(union);
            }
        }
    }
}

fn remove_dense(map: &mut HashMap<String, Bitset>, key: &str, slot: u32) {
    if let Some(set) = map.get_mut(key) {
        set.remove(slot);
        if set.is_empty() {
            map.remove(key);
        }
    }
}

fn sorted_insert(list: &mut Vec<u32>, slot: u32) {
    // Building appends in slot order, so the common case is a push.
    match list.last() {
        Some(&last) if last >= slot => {
            if let Err(at) = list.binary_search(&slot) {
                list.insert(at, slot);
            }
        }
        _ => list.push(slot),
    }
}

fn sorted_remove(list: &mut Vec<u32>, slot: u32) {
    if let Ok(at) = list.binary_search(&slot) {
        list.remove(at);
    }
}
