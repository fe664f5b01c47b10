//! Building, upserting and removing, and what the index reports about itself.

use super::*;

fn at_midtown(n: u128, name: &str) -> Meeting {
    placed(meeting(n, name), 40.7549, -73.9840)
}

fn near_midtown() -> MeetingQuery {
    MeetingQuery { near: Some(GeoPoint { lat: 40.7549, lng: -73.9840 }), radius_km: 1.0, ..all() }
}

#[test]
fn build_keeps_only_published_meetings_and_the_last_of_repeats() {
    let mut draft = meeting(2, "Draft");
    draft.data.status = Status::Draft;
    let mut archived = meeting(3, "Archived");
    archived.data.status = Status::Archived;
    let mut renamed = meeting(1, "Renamed");
    renamed.data.slug = "renamed".into();
    let mut withdrawn = meeting(4, "Withdrawn later");
    let first_version = withdrawn.clone();
    withdrawn.data.status = Status::Archived;
    let index = SearchIndex::build([meeting(1, "First"), draft, archived, renamed, first_version, withdrawn]);
    assert_eq!(index.len(), 1);
    assert_eq!(index.get(id(1)).unwrap().data.name, "Renamed");
    assert!(index.get(id(2)).is_none() && index.get(id(3)).is_none() && index.get(id(4)).is_none());
    assert!(index.get_by_slug("first-1").is_none());
    assert_eq!(index.get_by_slug("renamed").unwrap().id, id(1));
    assert!(SearchIndex::new().is_empty() && !index.is_empty());
}

#[test]
fn upsert_of_a_draft_removes_the_meeting() {
    let mut m = at_midtown(1, "Going private");
    let mut index = SearchIndex::build([m.clone(), at_midtown(2, "Stays")]);
    m.data.status = Status::Draft;
    index.upsert(&m);
    assert_eq!(index.len(), 1);
    assert!(index.get(id(1)).is_none());
    assert!(index.get_by_slug(&m.data.slug).is_none());
    assert_eq!(found(&index, &all()), [id(2)]);
    assert_eq!(found(&index, &near_midtown()), [id(2)]);
    assert_eq!(found(&index, &MeetingQuery { text: Some("going".into()), ..all() }), Vec::<MeetingId>::new());
    // Publishing it again brings it back.
    m.data.status = Status::Published;
    index.upsert(&m);
    assert_eq!(found(&index, &near_midtown()), [id(1), id(2)]);
}

#[test]
fn upsert_replaces_every_posting() {
    let mut m = at_midtown(1, "Old name");
    m.data.types = vec!["O".into()];
    let mut index = SearchIndex::build([m.clone()]);
    m.data.name = "New name".into();
    m.data.slug = "new-name".into();
    m.data.types = vec!["C".into()];
    m.data.day = day(3);
    m = placed(m, 51.5, -0.12);
    index.upsert(&m);
    assert_eq!(index.len(), 1);
    let text = |t: &str| found(&index, &MeetingQuery { text: Some(t.into()), ..all() });
    assert!(text("old").is_empty());
    assert_eq!(text("new"), [id(1)]);
    assert!(found(&index, &MeetingQuery { types: vec!["O".into()], ..all() }).is_empty());
    assert_eq!(found(&index, &MeetingQuery { types: vec!["C".into()], ..all() }), [id(1)]);
    assert!(found(&index, &MeetingQuery { days: vec![day(1)], ..all() }).is_empty());
    assert!(found(&index, &near_midtown()).is_empty());
    assert!(index.get_by_slug("old-name-1").is_none());
    assert_eq!(index.get_by_slug("new-name").unwrap().data.name, "New name");
}

#[test]
fn remove_takes_a_meeting_out_of_every_view() {
    let mut index = SearchIndex::build([at_midtown(1, "One"), at_midtown(2, "Two"), at_midtown(3, "Three")]);
    index.remove(id(2));
    index.remove(id(2));
    index.remove(id(99));
    assert_eq!(index.len(), 2);
    assert!(index.get(id(2)).is_none());
    assert_eq!(found(&index, &near_midtown()), [id(1), id(3)]);
    assert_eq!(found(&index, &all()), [id(1), id(3)]);
    assert_eq!(index.meetings().iter().map(|m| m.id).collect::<Vec<_>>(), [id(1), id(3)]);
    // The freed slot is reused without mixing the new meeting up with the old one.
    index.upsert(&meeting(4, "Four"));
    assert_eq!(found(&index, &near_midtown()), [id(1), id(3)]);
    assert_eq!(found(&index, &MeetingQuery { text: Some("four".into()), ..all() }), [id(4)]);
    assert!(found(&index, &MeetingQuery { text: Some("two".into()), ..all() }).is_empty());
}

#[test]
fn meetings_are_listed_by_slug() {
    let index = SearchIndex::build([meeting(1, "Zeta"), meeting(2, "Alpha"), meeting(3, "Mu")]);
    let slugs: Vec<String> = index.meetings().iter().map(|m| m.data.slug.clone()).collect();
    assert_eq!(slugs, ["alpha-2", "mu-3", "zeta-1"]);
    assert_eq!(index.get_by_slug("mu-3").unwrap().id, id(3));
    assert!(index.get_by_slug("mu").is_none());
}

#[test]
fn region_tree_counts_meetings_with_their_subregions() {
    let in_region = |n, path: &[&str]| {
        let mut m = meeting(n, "Regional");
        if let Some(l) = m.data.location.as_mut() {
            l.regions = path.iter().map(|s| s.to_string()).collect();
        }
        m
    };
    let mut index = SearchIndex::build([
        in_region(1, &["New York", "Manhattan", "Midtown"]),
        in_region(2, &["New York", "Manhattan"]),
        in_region(3, &["New York", "Brooklyn"]),
        in_region(4, &["new york", "Brooklyn"]),
        in_region(5, &["New York"]),
        in_region(6, &["Connecticut", "Stamford"]),
        in_region(7, &[]),
    ]);
    let tree = index.regions();
    let summary = |nodes: &[RegionNode]| nodes.iter().map(|n| (n.name.clone(), n.meeting_count)).collect::<Vec<_>>();
    assert_eq!(summary(&tree), [("Connecticut".to_string(), 1), ("New York".to_string(), 5)]);
    let ny = &tree[1];
    assert_eq!(summary(&ny.children), [("Brooklyn".to_string(), 2), ("Manhattan".to_string(), 2)]);
    let manhattan = &ny.children[1];
    assert_eq!(manhattan.path, ["New York", "Manhattan"]);
    assert_eq!(manhattan.children[0].path, ["New York", "Manhattan", "Midtown"]);
    assert_eq!(manhattan.children[0].meeting_count, 1);
    assert!(manhattan.children[0].children.is_empty());
    // Counts follow removals and drafts.
    index.remove(id(1));
    let mut draft = in_region(6, &["Connecticut", "Stamford"]);
    draft.data.status = Status::Draft;
    index.upsert(&draft);
    let tree = index.regions();
    assert_eq!(summary(&tree), [("New York".to_string(), 4)]);
    assert!(tree[0].children[1].children.is_empty());
    let json = serde_json::to_value(&tree[0]).unwrap();
    assert_eq!(json["children"][0]["path"], serde_json::json!(["New York", "Brooklyn"]));
}

#[test]
fn id_order_pages_follow_every_write_and_count_what_they_hand_out() {
    // Ids 0..300 in a scrambled order; then some withdrawn, some removed, some added back.
    let mut index = SearchIndex::build((0..300u128).map(|n| meeting((n * 7) % 300, "Ordered")));
    for n in (0..300u128).step_by(3) {
        let mut m = meeting(n, "Ordered");
        m.data.status = Status::Draft;
        index.upsert(&m);
    }
    for n in (1..300u128).step_by(5) {
        index.remove(id(n));
    }
    for n in (0..300u128).step_by(6) {
        index.upsert(&meeting(n, "Back"));
    }
    let mut expected: Vec<MeetingId> = index.meetings().iter().map(|m| m.id).collect();
    expected.sort();
    assert_eq!(index.meetings_in_id_order().map(|m| m.id).collect::<Vec<_>>(), expected);
    for start in [0, 1, 49, expected.len() - 3, expected.len(), expected.len() + 10] {
        let before = index.visited();
        let page: Vec<MeetingId> = index.page_in_id_order(start, 10).iter().map(|m| m.id).collect();
        assert_eq!(page, expected.iter().skip(start).take(10).copied().collect::<Vec<_>>(), "from {start}");
        assert_eq!(index.visited() - before, page.len() as u64, "a page reads only itself");
        assert_eq!(index.id_at(start), expected.get(start).copied());
    }
    assert_eq!(index.ids_before(id(150)), expected.iter().filter(|i| **i < id(150)).count());
}
