//! A brute-force reference search straight from the written semantics, and a property test
//! holding the index to it: same total, same order, same pages.

use chrono::TimeDelta;
use proptest::prelude::*;

use super::*;
use crate::index::text::words;
use crate::schedule::{next_occurrence, week_minute};

/// What the reference expects of one hit.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::index) struct Expected {
    pub id: MeetingId,
    pub km: Option<f64>,
    pub start: Option<DateTime<Tz>>,
}

/// Every match of `q` among `meetings` (the last of each id wins; unpublished never match),
/// in the query's order, by filtering and sorting everything.
pub(in crate::index) fn reference(meetings: &[Meeting], q: &MeetingQuery) -> Vec<Expected> {
    let mut latest: Vec<&Meeting> = Vec::new();
    for m in meetings {
        latest.retain(|l| l.id != m.id);
        latest.push(m);
    }
    let mut hits: Vec<(Expected, u32)> = latest
        .into_iter()
        .filter(|m| m.data.status == Status::Published)
        .filter_map(|m| matches(m, q).map(|e| (e, week_minute(m.data.day, m.data.time))))
        .collect();
    hits.sort_by(|(a, a_minute), (b, b_minute)| match (q.near, q.starts_within) {
        (Some(_), _) => a.km.unwrap_or(0.0).total_cmp(&b.km.unwrap_or(0.0)).then(a.id.cmp(&b.id)),
        (None, Some(_)) => (a.start, a.id).cmp(&(b.start, b.id)),
        (None, None) => (a_minute, a.id).cmp(&(b_minute, b.id)),
    });
    hits.into_iter().map(|(e, _)| e).collect()
}

fn matches(m: &Meeting, q: &MeetingQuery) -> Option<Expected> {
    let d = &m.data;
    let km = match q.near {
        Some(near) => {
            let (lat, lng) = d.coordinates()?;
            let km = near.distance_km(GeoPoint { lat, lng });
            (km <= q.radius_km).then_some(Some(km))?
        }
        None => None,
    };
    let minutes = d.time.minutes();
    let time_ok = match (q.time_from, q.time_to) {
        (Some(from), Some(to)) if from > to => minutes >= from.minutes() || minutes <= to.minutes(),
        (from, to) => from.is_none_or(|f| minutes >= f.minutes()) && to.is_none_or(|t| minutes <= t.minutes()),
    };
    let name_words: Vec<String> = [
        Some(&d.name),
        d.notes.as_ref(),
        d.location.as_ref().and_then(|l| l.name.as_ref()),
        d.location.as_ref().and_then(|l| l.address.as_ref()),
        d.location.as_ref().and_then(|l| l.city.as_ref()),
        d.location.as_ref().and_then(|l| l.formatted_address.as_ref()),
        d.location.as_ref().and_then(|l| l.notes.as_ref()),
        d.group.as_ref().and_then(|g| g.name.as_ref()),
    ]
    .into_iter()
    .flatten()
    .flat_map(|f| words(f))
    .collect();
    let ok = (q.days.is_empty() || q.days.contains(&d.day))
        && time_ok
        && q.types.iter().all(|t| d.types.contains(t))
        && (q.attendance.is_empty() || q.attendance.contains(&d.attendance_option()))
        && q.program.as_ref().is_none_or(|p| *p == d.program)
        && q.region.as_ref().is_none_or(|r| d.regions().iter().any(|x| x.to_lowercase() == r.to_lowercase()))
        && q.text.as_deref().map(words).unwrap_or_default().iter().all(|w| name_words.iter().any(|n| n.starts_with(w)));
    if !ok {
        return None;
    }
    let start = match q.starts_within {
        Some(s) => {
            let after = s.at - TimeDelta::minutes(10) + TimeDelta::nanoseconds(1);
            let start = next_occurrence(d.day, d.time, d.timezone, after);
            (start.with_timezone(&Utc) <= s.at + TimeDelta::minutes(i64::from(s.minutes))).then_some(Some(start))?
        }
        None => None,
    };
    Some(Expected { id: m.id, km, start })
}

/// Walks `q` through the index in pages of `limit` and checks every page against the reference.
pub(in crate::index) fn assert_pages_match(index: &SearchIndex, meetings: &[Meeting], q: &MeetingQuery, limit: usize) {
    let expected = reference(meetings, q);
    let pages = walk(index, q, limit);
    let chunks: Vec<&[Expected]> = expected.chunks(limit.max(1)).collect();
    assert_eq!(pages.len(), chunks.len().max(1), "page count for {q:?}");
    for (page, chunk) in pages.iter().zip(chunks.iter().copied().chain(std::iter::once(&[][..]))) {
        assert_eq!(page.total, expected.len(), "total for {q:?}");
        let got: Vec<Expected> =
            page.items.iter().map(|h| Expected { id: h.meeting.id, km: h.distance_km, start: h.next_start }).collect();
        assert_eq!(got, chunk, "page of {q:?}");
    }
}

const CENTRES: [(f64, f64); 4] = [(40.75, -73.99), (40.70, -73.95), (51.5, -0.12), (-0.01, 179.99)];
const ZONES: [Tz; 4] = [
    chrono_tz::America::New_York,
    chrono_tz::Europe::London,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
];
const NAMES: [&str; 6] = ["Café Serenity", "Step Study", "Women's Noon", "Élan Vital", "Big Book", "Noon Group"];
const TYPES: [&str; 4] = ["O", "C", "D", "B"];

prop_compose! {
    fn arb_meeting(n: u128)(
        tag in 0u128..1000,
        place in prop::option::weighted(0.9, (0usize..4, -10i32..10, -10i32..10)),
        d in 0u8..7,
        half_hour in 0u16..48,
        zone in 0usize..4,
        types in prop::sample::subsequence(TYPES.to_vec(), 0..=3),
        how in 0u8..4,
        program in prop::sample::select(vec!["aa", "na"]),
        regions in 0usize..4,
        name in 0usize..NAMES.len(),
        status in prop::sample::select(vec![Status::Published, Status::Published, Status::Published, Status::Draft, Status::Archived]),
    ) -> Meeting {
        let time = TimeOfDay::from_minutes(half_hour * 30).unwrap().to_string();
        let mut m = MeetingBuilder::from_meeting(meeting(tag << 16 | n, NAMES[name]))
            .day(d)
            .time(&time)
            .timezone(ZONES[zone])
            .types(&types)
            .program(program)
            .status(status);
        if how >= 2 {
            m = m.online_only(JOIN_URL);
        }
        let regions: &[&str] = match regions {
            0 => &["New York", "Manhattan"],
            1 => &["new york", "Brooklyn"],
            2 => &["London"],
            _ => &[],
        };
        let mut m = m.temporarily_closed(how == 1 || how == 3).regions(regions).build();
        if let Some((c, dlat, dlng)) = place {
            let (lat, lng) = CENTRES[c];
            m = placed(m, lat + f64::from(dlat) * 0.01, lng + f64::from(dlng) * 0.01);
        }
        m
    }
}

fn arb_meetings() -> impl Strategy<Value = Vec<Meeting>> {
    (0usize..80).prop_flat_map(|n| (0..n).map(|i| arb_meeting(i as u128)).collect::<Vec<_>>())
}

/// Each filter is set in about one query in four, so that most queries match something.
fn sometimes<T: std::fmt::Debug + Clone>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.25, s)
}

prop_compose! {
    fn arb_query()(
        near in prop::option::weighted(0.5, (0usize..4, -5i32..5, -5i32..5)),
        radius in prop::sample::select(vec![0.0, 2.0, 10.0, 30.0, 30.0, 500.0]),
        days in sometimes(prop::sample::subsequence((0u8..7).collect::<Vec<_>>(), 1..=4)),
        time_from in sometimes(0u16..48),
        time_to in sometimes(0u16..48),
        types in sometimes(prop::sample::subsequence(TYPES.to_vec(), 1..=2)),
        attendance in sometimes(prop::sample::subsequence(AttendanceOption::ALL.to_vec(), 1..=3)),
        program in sometimes(prop::sample::select(vec!["aa", "na"])),
        region in sometimes(prop::sample::select(vec!["new york", "MANHATTAN", "London", "Paris"])),
        text in sometimes(prop::sample::select(vec!["caf", "CAFÉ ser", "womens", "noon", "elan", "zzz", " "])),
        starts in prop::option::weighted(0.5, (1_760_000_000i64..1_800_000_000, prop::sample::select(vec![0u32, 30, 120, 1440, 4000, 10080]))),
    ) -> MeetingQuery {
        MeetingQuery {
            near: near.map(|(c, dlat, dlng)| GeoPoint { lat: CENTRES[c].0 + f64::from(dlat) * 0.013, lng: CENTRES[c].1 + f64::from(dlng) * 0.013 }),
            radius_km: radius,
            days: days.unwrap_or_default().into_iter().map(day).collect(),
            time_from: time_from.and_then(|h| TimeOfDay::from_minutes(h * 30)),
            time_to: time_to.and_then(|h| TimeOfDay::from_minutes(h * 30)),
            types: types.unwrap_or_default().into_iter().map(String::from).collect(),
            attendance: attendance.unwrap_or_default(),
            program: program.map(String::from),
            region: region.map(String::from),
            text: text.map(String::from),
            starts_within: starts.map(|(secs, minutes)| StartsWithin {
                // Whole minutes and odd seconds alike.
                at: DateTime::from_timestamp(secs - secs % 7, 0).unwrap(),
                minutes,
            }),
            limit: 0,
            after: None,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn search_agrees_with_brute_force(meetings in arb_meetings(), q in arb_query(), limit in 1usize..5, split in 0usize..80) {
        // Build from some, upsert the rest: both paths must index the same way.
        let split = split.min(meetings.len());
        let mut index = SearchIndex::build(meetings[..split].to_vec());
        for m in &meetings[split..] {
            index.upsert(m);
        }
        assert_pages_match(&index, &meetings, &q, limit);
        let everything = reference(&meetings, &all());
        prop_assert_eq!(index.len(), everything.len());
    }
}
