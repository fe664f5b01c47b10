//! Backups: export, restore into an empty database, export again — the same directory.

mod sources;

use recovery_domain::user::NewUser;
use recovery_domain::{Actor, LocationId, MeetingId, OrganizationId, Role, ServiceId, SourceId, Status, TermId};
use recovery_store::testing::execute_sql;
use recovery_store::{Backend, Backup, BackupCounts, CachedGeocode, StoreError};

use crate::agencies::{self, HOUSING, MUTUAL_AID_GROUPS, SOBER_LIVING, organization, service, term, term_id};
use crate::harness::{self, TestDb, bare_meeting, full_meeting, system};

/// What a fresh database exports: nothing but the seeded taxonomy terms.
fn fresh() -> BackupCounts {
    BackupCounts { taxonomy_terms: 19, ..BackupCounts::default() }
}

/// Another fresh database of the same backend as `db`.
fn another(db: &TestDb) -> TestDb {
    match db.store.backend() {
        Backend::Sqlite => harness::sqlite(),
        Backend::Postgres => harness::postgres().unwrap(),
    }
}

/// A directory with a bit of everything: [`populate_directory`] and [`sources::populate_sources`].
fn populate(db: &TestDb) {
    populate_directory(db);
    sources::populate_sources(db);
}

/// Meetings of every status, with and without their optional parts, private contacts, edits,
/// three users (one deactivated, one a scoped editor) and agencies: what a backup held before
/// it carried import sources.
fn populate_directory(db: &TestDb) {
    let admin = db.store.create_user("admin@example.org", "$argon2id$v=19$admin-hash", Role::Admin, &system()).unwrap();
    db.store.create_user("old@example.org", "$argon2id$v=19$old-hash", Role::Viewer, &system()).unwrap();
    execute_sql(
        &db.store,
        "UPDATE users SET active = FALSE, updated_at = '2031-02-03 04:05:06.789012' WHERE email = 'old@example.org'",
    )
    .unwrap();
    let scoped = NewUser {
        email: "scoped@example.org".into(),
        role: Role::Editor,
        scope_regions: vec!["Brooklyn".into()],
        scope_programs: vec!["na".into()],
    };
    db.store.add_user(&scoped, "$argon2id$v=19$scoped-hash", &system()).unwrap();
    let editor = Actor::User(admin.id);
    let (full, _) = db.store.create_meeting(full_meeting("full"), false, &editor).unwrap();
    let (bare, _) = db.store.create_meeting(bare_meeting("bare"), false, &editor).unwrap();
    let mut renamed = full.data.clone();
    renamed.name = "Renamed".to_string();
    renamed.contacts.reverse();
    db.store.update_meeting(full.id, renamed, &editor).unwrap();
    db.store.archive_meeting(bare.id, &editor).unwrap();
    let mut published = full_meeting("published");
    // Coordinates as computed ones are: 17 significant digits, which JSON parsers may read
    // back one bit off unless they take care (serde_json's `float_roundtrip`).
    let location = published.location.as_mut().unwrap();
    (location.latitude, location.longitude) = (Some(40.013_447_091_777_756), Some(-75.165_2));
    let items = vec![(published, false), (full_meeting("full"), true), (bare_meeting("draft"), false)];
    db.store.insert_meetings(items, &system()).unwrap();

    // Agencies: one of each, an edit, a term added and a seeded one deleted.
    let (org, _) = db.store.create_organization(OrganizationId::new(), organization("Philly Works"), &editor).unwrap();
    let (place, _) = db.store.create_location(LocationId::new(), agencies::location(Some(org.id)), &editor).unwrap();
    let (oxford, _) =
        db.store.create_taxonomy_term(TermId::new(), term("oxford", Some(term_id(SOBER_LIVING))), &editor).unwrap();
    let categories = [oxford.id, term_id(HOUSING)];
    db.store.create_service(ServiceId::new(), service(org.id, &[place.id], &categories), &editor).unwrap();
    let mut renamed = org.data.clone();
    renamed.name = "Philly Works Inc.".to_string();
    db.store.update_organization(org.id, renamed, &editor).unwrap();
    db.store.delete_taxonomy_term(term_id(MUTUAL_AID_GROUPS), &editor).unwrap();
}

/// Damage done to a good backup.
type Spoil = fn(&mut Backup);

/// `backup` as a later export of the same data would be: only the time it was taken differs.
fn taken_at(backup: &Backup, other: &Backup) -> Backup {
    Backup { exported_at: other.exported_at, ..backup.clone() }
}

fn assert_empty(db: &TestDb) {
    let backup = db.store.export_backup().unwrap();
    assert_eq!(backup.counts(), fresh(), "{backup:?}");
    assert_eq!(db.store.latest_change_seq().unwrap(), 0);
}

on_both_backends! {
    fn a_restored_editor_keeps_its_scopes(db) {
        populate(db);
        let restored = another(db);
        restored.store.import_backup(&db.store.export_backup().unwrap()).unwrap();
        let (user, _) = restored.store.user_credentials("scoped@example.org").unwrap().unwrap();
        assert_eq!((user.scope_regions, user.scope_programs), (vec!["Brooklyn".to_string()], vec!["na".to_string()]));
    }

    fn a_restored_database_exports_the_same_backup(db) {
        populate(db);
        let first = db.store.export_backup().unwrap();
        assert_eq!((first.format.as_str(), first.version), (Backup::FORMAT, 2));
        assert_eq!(first.backend, db.store.backend().as_str());
        let agencies = BackupCounts { organizations: 1, locations: 1, services: 1, taxonomy_terms: 19, ..BackupCounts::default() };
        let imports = BackupCounts { sources: 1, provenance: 3, import_runs: 4, geocode_cache: 2, ..agencies };
        assert_eq!(first.counts(), BackupCounts { meetings: 9, users: 3, changes: 26, reports: 0, ..imports });
        assert!(first.taxonomy_terms.iter().any(|t| t.data.code == "oxford"));
        assert!(!first.taxonomy_terms.iter().any(|t| t.id == term_id(MUTUAL_AID_GROUPS)));
        assert!(first.problems().is_empty(), "{:?}", first.problems());
        let statuses: Vec<Status> = first.meetings.iter().map(|m| m.data.status).collect();
        assert!(statuses.contains(&Status::Archived) && statuses.contains(&Status::Draft), "{statuses:?}");

        let restored = another(db);
        assert_eq!(restored.store.import_backup(&first).unwrap(), first.counts());
        let second = restored.store.export_backup().unwrap();
        assert_eq!(taken_at(&first, &second), second);

        // What the repositories answer is the same too.
        for meeting in &first.meetings {
            assert_eq!(restored.store.get_meeting(meeting.id).unwrap(), db.store.get_meeting(meeting.id).unwrap());
        }
        assert_eq!(restored.store.all_meetings(None).unwrap(), db.store.all_meetings(None).unwrap());
        assert_eq!(restored.store.changes_since(0, 100).unwrap(), db.store.changes_since(0, 100).unwrap());
        assert_eq!(restored.store.all_organizations().unwrap(), db.store.all_organizations().unwrap());
        assert_eq!(restored.store.all_locations().unwrap(), db.store.all_locations().unwrap());
        assert_eq!(restored.store.all_services().unwrap(), db.store.all_services().unwrap());
        assert_eq!(restored.store.all_taxonomy_terms().unwrap(), db.store.all_taxonomy_terms().unwrap());
        // The restored links hold too: a used category cannot be deleted.
        let used = first.services[0].data.categories[0];
        assert!(matches!(restored.store.delete_taxonomy_term(used, &system()), Err(StoreError::Conflict { .. })));
        assert_eq!(
            restored.store.user_credentials("ADMIN@example.org").unwrap(),
            db.store.user_credentials("admin@example.org").unwrap()
        );
        let old = second.users.iter().find(|u| u.email == "old@example.org").unwrap();
        assert!(!old.active);
        assert_eq!(old.updated_at.to_rfc3339(), "2031-02-03T04:05:06.789012+00:00");
    }

    fn the_backup_survives_json(db) {
        populate(db);
        let first = db.store.export_backup().unwrap();
        let text = serde_json::to_string_pretty(&first).unwrap();
        assert!(text.contains("\"password_hash\": \"$argon2id$v=19$admin-hash\""));
        assert!(text.contains("\"content_hash\": \"b:2\""));
        let read: Backup = serde_json::from_str(&text).unwrap();
        assert_eq!(read, first);
        let restored = another(db);
        restored.store.import_backup(&read).unwrap();
        let second = restored.store.export_backup().unwrap();
        assert_eq!(serde_json::to_string_pretty(&taken_at(&second, &first)).unwrap(), text);
    }

    fn new_writes_follow_the_restored_log(db) {
        populate(db);
        let mut backup = db.store.export_backup().unwrap();
        // Gaps and large seqs, as a long-lived directory has after failed transactions.
        for (i, change) in backup.change_log.iter_mut().enumerate() {
            change.seq = 1_000 + 10 * i64::try_from(i).unwrap();
        }
        let last = backup.change_log.last().unwrap().seq;
        let restored = another(db);
        restored.store.import_backup(&backup).unwrap();
        assert_eq!(restored.store.latest_change_seq().unwrap(), last);
        let (_, seq) = restored.store.create_meeting(bare_meeting("after-restore"), false, &system()).unwrap();
        assert!(seq > last, "seq {seq} after a restore ending at {last}");
        let user = restored.store.create_user("new@example.org", "h", Role::Editor, &system()).unwrap();
        let log = restored.store.changes_since(last, 10).unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[1].entity_id, user.id.to_string());
        assert!(log[0].seq > last && log[1].seq > log[0].seq);
    }

    fn an_empty_backup_restores_to_an_empty_database(db) {
        let backup = db.store.export_backup().unwrap();
        assert_eq!(backup.counts(), fresh());
        let restored = another(db);
        assert_eq!(restored.store.import_backup(&backup).unwrap(), fresh());
        assert_empty(&restored);
        let (_, seq) = restored.store.create_meeting(bare_meeting("first"), false, &system()).unwrap();
        assert_eq!(seq, 1);
    }

    fn a_database_with_anything_in_it_is_refused_and_left_alone(db) {
        populate(db);
        let backup = db.store.export_backup().unwrap();

        // A user (and the entry logging it).
        let target = another(db);
        target.store.create_user("someone@example.org", "h", Role::Viewer, &system()).unwrap();
        let before = target.store.export_backup().unwrap();
        let err = target.store.import_backup(&backup).unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict { field, message } if field == "database" && message.contains("1 user")),
            "{err:?}"
        );
        let after = target.store.export_backup().unwrap();
        assert_eq!(taken_at(&before, &after), after);

        // Only a change-log entry.
        let target = another(db);
        execute_sql(
            &target.store,
            "INSERT INTO change_log (entity, entity_id, action, actor, at) \
             VALUES ('meeting', 'x', 'delete', 'system:test', '2030-01-01 00:00:00')",
        )
        .unwrap();
        let err = target.store.import_backup(&backup).unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { field, .. } if field == "database"), "{err:?}");
        assert_eq!(target.store.count_meetings().unwrap(), 0);
        assert_eq!(target.store.changes_since(0, 10).unwrap().len(), 1);

        // Only an organization.
        let target = another(db);
        execute_sql(
            &target.store,
            "INSERT INTO organizations (id, name, data, created_at, updated_at) \
             VALUES ('x', 'x', '{}', '2030-01-01 00:00:00', '2030-01-01 00:00:00')",
        )
        .unwrap();
        let err = target.store.import_backup(&backup).unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { message, .. } if message.contains("1 organization")), "{err:?}");

        // Only what imports leave without a change-log entry: a run, a geocoder answer.
        let target = another(db);
        let mut run = backup.import_runs[0].clone();
        run.source_id = None;
        target.store.record_run(&run).unwrap();
        let answer = CachedGeocode { point: None, approximate: false, fetched_at: run.started_at };
        target.store.cache_geocode("somewhere", &answer).unwrap();
        let err = target.store.import_backup(&backup).unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict { message, .. }
                if message.ends_with("1 import run, 1 cached geocoder answer); a backup is restored only into an empty database")),
            "{err:?}"
        );
        assert_eq!(target.store.count_meetings().unwrap(), 0);

        // The source itself, of course.
        let err = db.store.import_backup(&backup).unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { .. }), "{err:?}");
        let again = db.store.export_backup().unwrap();
        assert_eq!(taken_at(&backup, &again), again);
    }

    fn a_backup_with_problems_is_refused_and_nothing_written(db) {
        populate(db);
        let good = db.store.export_backup().unwrap();
        let target = another(db);
        let cases: [(&str, Spoil); 22] = [
            ("format", |b| b.format = "something-else".to_string()),
            ("version", |b| b.version = 3),
            ("version", |b| b.version = 0),
            ("meetings[1].id", |b| b.meetings[1].id = b.meetings[0].id),
            ("meetings[3].slug", |b| b.meetings[3].data.slug = b.meetings[0].data.slug.clone()),
            ("meetings[0].slug", |b| b.meetings[0].data.slug = "Not A Slug".to_string()),
            ("users[1].email", |b| b.users[1].email = b.users[0].email.clone()),
            ("users[0].email", |b| b.users[0].email = "Upper@Example.org".to_string()),
            ("users[1].password_hash", |b| b.users[1].password_hash.clear()),
            ("change_log[7].seq", |b| b.change_log[7].seq = b.change_log[2].seq),
            ("change_log[0].seq", |b| b.change_log[0].seq = 0),
            ("change_log[4].entity", |b| b.change_log[4].entity.clear()),
            ("taxonomy_terms[1].code", |b| b.taxonomy_terms[1].data.code = b.taxonomy_terms[0].data.code.clone()),
            ("organizations[1].id", |b| b.organizations.push(b.organizations[0].clone())),
            ("sources[1].id", |b| b.sources.push(b.sources[0].clone())),
            ("provenance[2].meeting_id", |b| b.provenance[2].meeting_id = MeetingId::new()),
            ("provenance[1].meeting_id", |b| b.provenance[1].meeting_id = b.provenance[0].meeting_id),
            ("provenance[0].source_id", |b| b.provenance[0].source_id = SourceId::new()),
            ("provenance[2].external_key", |b| b.provenance[2].external_key = b.provenance[0].external_key.clone()),
            ("import_runs[3].source_id", |b| b.import_runs[3].source_id = Some(SourceId::new())),
            ("import_runs[1].id", |b| b.import_runs[1].id = b.import_runs[0].id),
            ("geocode_cache[1].query", |b| b.geocode_cache[1].query = b.geocode_cache[0].query.clone()),
        ];
        for (field, spoil) in cases {
            let mut backup = good.clone();
            spoil(&mut backup);
            let problems = backup.problems();
            assert!(problems.iter().any(|p| p.starts_with(field)), "{field}: {problems:?}");
            let err = target.store.import_backup(&backup).unwrap_err();
            assert!(matches!(&err, StoreError::Other(m) if m.contains(field)), "{field}: {err:?}");
            assert_empty(&target);
        }
        // And the good one still goes in afterwards.
        assert_eq!(target.store.import_backup(&good).unwrap(), good.counts());
    }
}

on_both_backends! {
    fn a_backup_from_before_agencies_keeps_the_seeded_terms(db) {
        let mut backup = db.store.export_backup().unwrap();
        backup.taxonomy_terms.clear();
        let restored = another(db);
        restored.store.import_backup(&backup).unwrap();
        assert_eq!(restored.store.all_taxonomy_terms().unwrap(), db.store.all_taxonomy_terms().unwrap());
        assert_eq!(restored.store.all_taxonomy_terms().unwrap().len(), 19);
    }
}

/// A restore the database itself refuses part-way (PostgreSQL rejects NUL in text; the last
/// change-log entry carries one, after meetings and users went in) leaves it empty.
#[test]
fn a_restore_failing_part_way_writes_nothing() {
    let Some(source) = harness::postgres() else { return };
    populate(&source);
    let mut backup = source.store.export_backup().unwrap();
    backup.change_log.last_mut().unwrap().actor = "system:\u{0}".to_string();
    assert!(backup.problems().is_empty());
    let target = harness::postgres().unwrap();
    assert!(target.store.import_backup(&backup).is_err());
    assert_empty(&target);
    let (_, seq) = target.store.create_meeting(bare_meeting("first"), false, &system()).unwrap();
    assert_eq!(seq, 1, "the sequence was not moved either");
}

/// SQLite to PostgreSQL and back: the backend changes, nothing else does.
#[test]
fn backups_move_between_backends() {
    let sqlite = harness::sqlite();
    populate(&sqlite);
    let from_sqlite = sqlite.store.export_backup().unwrap();
    let Some(postgres) = harness::postgres() else { return };
    postgres.store.import_backup(&from_sqlite).unwrap();
    let from_postgres = postgres.store.export_backup().unwrap();
    assert_eq!(from_postgres.backend, "postgres");
    let as_if = Backup { backend: "postgres".to_string(), ..taken_at(&from_sqlite, &from_postgres) };
    assert_eq!(as_if, from_postgres);

    let back = harness::sqlite();
    back.store.import_backup(&from_postgres).unwrap();
    let again = back.store.export_backup().unwrap();
    assert_eq!(Backup { backend: "sqlite".to_string(), ..taken_at(&from_postgres, &again) }, again);
}
