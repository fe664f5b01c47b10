//! Staff users.

use recovery_domain::user::{NewUser, UserChanges};
use recovery_domain::{Actor, Role, User, UserId};
use recovery_store::testing::execute_sql;
use recovery_store::{RefreshOutcome, RefreshRefusal, StoreError};

use crate::harness::{assert_recent, staff, system};

on_both_backends! {
    fn users_are_found_by_email_in_any_case(db) {
        let user = db.store.create_user("Ann.Admin@Example.ORG", "$argon2id$hash", Role::Admin, &system()).unwrap();
        assert_eq!(user.email, "ann.admin@example.org");
        assert_eq!(user.role, Role::Admin);
        assert!(user.active);
        assert_recent(user.created_at);
        assert_eq!(db.store.get_user(user.id).unwrap(), user);
        for email in ["ann.admin@example.org", "ANN.ADMIN@EXAMPLE.ORG", "Ann.Admin@Example.ORG"] {
            assert_eq!(db.store.user_credentials(email).unwrap(), Some((user.clone(), "$argon2id$hash".to_string())));
        }
        assert_eq!(db.store.user_credentials("nobody@example.org").unwrap(), None);
        assert_eq!(db.store.get_user(UserId::new()).unwrap_err(), StoreError::NotFound);
    }

    fn a_taken_email_is_a_conflict(db) {
        db.store.create_user("bob@example.org", "h1", Role::Editor, &system()).unwrap();
        let err = db.store.create_user("BOB@example.org", "h2", Role::Viewer, &system()).unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { field, .. } if field == "email"), "{err:?}");
        assert_eq!(db.store.user_credentials("bob@example.org").unwrap().unwrap().1, "h1");
        assert_eq!(db.store.changes_since(0, 10).unwrap().len(), 1);
    }

    fn creating_a_user_is_logged_without_the_hash(db) {
        let user = db.store.create_user("carol@example.org", "secret-hash", Role::Viewer, &system()).unwrap();
        let log = db.store.changes_since(0, 10).unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!((log[0].entity.as_str(), log[0].action.as_str()), ("user", "create"));
        assert_eq!(log[0].entity_id, user.id.to_string());
        assert_eq!(log[0].after, Some(serde_json::to_value(&user).unwrap()));
        assert!(!serde_json::to_string(&log[0]).unwrap_or_default().contains("secret-hash"));
        assert!(!log[0].after.as_ref().unwrap().to_string().contains("secret-hash"));
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn scoped(email: &str, role: Role, regions: &[&str], programs: &[&str]) -> NewUser {
    NewUser { email: email.to_string(), role, scope_regions: strings(regions), scope_programs: strings(programs) }
}

/// The change-log entries about users, oldest first.
fn user_log(db: &crate::harness::TestDb) -> Vec<recovery_store::Change> {
    db.store.changes_since(0, 1000).unwrap().into_iter().filter(|c| c.entity == "user").collect()
}

on_both_backends! {
    fn scopes_are_stored_and_listed(db) {
        let editor = db
            .store
            .add_user(&scoped("Ed@Example.org", Role::Editor, &["Brooklyn", "Queens"], &["aa"]), "h", &system())
            .unwrap();
        assert_eq!(editor.email, "ed@example.org");
        assert_eq!(editor.scope_regions, ["Brooklyn", "Queens"]);
        assert_eq!(editor.scope_programs, ["aa"]);
        assert_eq!(db.store.get_user(editor.id).unwrap(), editor);
        let admin = db.store.create_user("ann@example.org", "h", Role::Admin, &system()).unwrap();
        assert!(admin.scope_regions.is_empty() && admin.scope_programs.is_empty());
        assert_eq!(db.store.list_users().unwrap(), vec![admin.clone(), editor.clone()], "by email");
        let (user, hash) = db.store.user_credentials_by_id(editor.id).unwrap();
        assert_eq!((user, hash.as_str()), (editor, "h"));
        assert_eq!(db.store.user_credentials_by_id(UserId::new()).unwrap_err(), StoreError::NotFound);
    }

    fn users_written_without_scopes_are_unscoped(db) {
        // What a restored backup (or a row from before scopes existed) looks like.
        let id = UserId::new();
        execute_sql(
            &db.store,
            &format!(
                "INSERT INTO users (id, email, password_hash, role, active, created_at, updated_at) \
                 VALUES ('{id}', 'old@example.org', 'h', 'editor', TRUE, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            ),
        )
        .unwrap();
        let user = db.store.get_user(id).unwrap();
        assert!(user.scope_regions.is_empty() && user.scope_programs.is_empty(), "{user:?}");
    }

    fn updates_change_only_what_is_given_and_are_logged_without_hashes(db) {
        let user = db.store.add_user(&scoped("v@example.org", Role::Viewer, &[], &[]), "secret-hash", &system()).unwrap();
        let admin = staff();
        let changes = UserChanges {
            role: Some(Role::Editor),
            scope_regions: Some(strings(&["Brooklyn"])),
            ..UserChanges::default()
        };
        let updated = db.store.update_user(user.id, &changes, &admin).unwrap();
        assert_eq!(updated.role, Role::Editor);
        assert_eq!(updated.scope_regions, ["Brooklyn"]);
        assert!(updated.scope_programs.is_empty());
        assert_eq!((updated.email.as_str(), updated.active, updated.created_at), ("v@example.org", true, user.created_at));
        assert_eq!(db.store.get_user(user.id).unwrap(), updated);
        assert_eq!(db.store.user_credentials("v@example.org").unwrap().unwrap().1, "secret-hash", "the hash is kept");

        let log = user_log(db);
        assert_eq!(log.len(), 2);
        assert_eq!((log[1].action.as_str(), log[1].actor.as_str()), ("update", admin.label().as_str()));
        assert_eq!(log[1].before, Some(serde_json::to_value(&user).unwrap()));
        assert_eq!(log[1].after, Some(serde_json::to_value(&updated).unwrap()));
        assert!(!serde_json::to_string(&log).unwrap().contains("secret-hash"));

        // The same changes again write nothing.
        assert_eq!(db.store.update_user(user.id, &changes, &admin).unwrap(), updated);
        assert_eq!(user_log(db).len(), 2);

        let moved = db
            .store
            .update_user(user.id, &UserChanges { email: Some("New@Example.org".into()), ..UserChanges::default() }, &admin)
            .unwrap();
        assert_eq!(moved.email, "new@example.org");
        assert_eq!(db.store.user_credentials("NEW@example.org").unwrap().unwrap().0, moved);
        assert_eq!(db.store.user_credentials("v@example.org").unwrap(), None);
        assert_eq!(
            db.store.update_user(UserId::new(), &changes, &admin).unwrap_err(),
            StoreError::NotFound
        );
    }

    fn a_taken_email_cannot_be_moved_to(db) {
        db.store.create_user("a@example.org", "h", Role::Admin, &system()).unwrap();
        let b = db.store.create_user("b@example.org", "h", Role::Editor, &system()).unwrap();
        let err = db
            .store
            .update_user(b.id, &UserChanges { email: Some("A@example.org".into()), ..UserChanges::default() }, &staff())
            .unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { field, .. } if field == "email"), "{err:?}");
        assert_eq!(db.store.get_user(b.id).unwrap(), b);
        assert_eq!(user_log(db).len(), 2, "nothing logged");
    }

    fn the_last_active_admin_stays(db) {
        let ann = db.store.create_user("ann@example.org", "h", Role::Admin, &system()).unwrap();
        let demote = UserChanges { role: Some(Role::Editor), ..UserChanges::default() };
        let deactivate = UserChanges { active: Some(false), ..UserChanges::default() };
        let err = db.store.update_user(ann.id, &demote, &staff()).unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { field, .. } if field == "role"), "{err:?}");
        let err = db.store.update_user(ann.id, &deactivate, &staff()).unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { field, .. } if field == "active"), "{err:?}");
        assert_eq!(db.store.get_user(ann.id).unwrap(), ann);

        // With a second active admin, either may go.
        let bob = db.store.create_user("bob@example.org", "h", Role::Admin, &system()).unwrap();
        assert!(!db.store.update_user(ann.id, &deactivate, &staff()).unwrap().active);
        assert!(db.store.update_user(bob.id, &demote, &staff()).is_err(), "bob is the last active admin now");
        let back = db.store.update_user(ann.id, &UserChanges { active: Some(true), ..UserChanges::default() }, &staff());
        assert!(back.unwrap().active);
        assert_eq!(db.store.update_user(bob.id, &demote, &staff()).unwrap().role, Role::Editor);
    }

    fn deactivating_revokes_refresh_tokens(db) {
        db.store.create_user("admin@example.org", "h", Role::Admin, &system()).unwrap();
        let user = db.store.create_user("e@example.org", "h", Role::Editor, &system()).unwrap();
        db.store.issue_refresh_token(user.id, "token-1", in_days(30)).unwrap();
        db.store.update_user(user.id, &UserChanges { active: Some(false), ..UserChanges::default() }, &staff()).unwrap();
        assert_eq!(
            db.store.rotate_refresh_token("token-1", "token-2", in_days(30)).unwrap(),
            RefreshOutcome::Refused(RefreshRefusal::Revoked)
        );
        // Reactivated, the old session stays ended.
        db.store.update_user(user.id, &UserChanges { active: Some(true), ..UserChanges::default() }, &staff()).unwrap();
        assert_eq!(
            db.store.rotate_refresh_token("token-1", "token-2", in_days(30)).unwrap(),
            RefreshOutcome::Refused(RefreshRefusal::Revoked)
        );
    }

    fn a_new_password_is_stored_logged_without_hashes_and_ends_sessions(db) {
        let user = db.store.create_user("p@example.org", "old-hash", Role::Viewer, &system()).unwrap();
        db.store.issue_refresh_token(user.id, "token-1", in_days(30)).unwrap();
        db.store.set_user_password(user.id, "new-hash", &Actor::User(user.id)).unwrap();
        // The token generation rises, so access tokens issued before end too.
        let renewed = User { token_generation: user.token_generation + 1, ..user.clone() };
        assert_eq!(db.store.user_credentials("p@example.org").unwrap().unwrap(), (renewed, "new-hash".to_string()));
        let log = user_log(db);
        assert_eq!(log.len(), 2);
        assert_eq!((log[1].action.as_str(), log[1].actor.clone()), ("password", user.id.to_string()));
        assert_eq!(log[1].after, Some(serde_json::to_value(&user).unwrap()));
        let text = serde_json::to_string(&log).unwrap();
        assert!(!text.contains("old-hash") && !text.contains("new-hash"), "{text}");
        assert_eq!(
            db.store.rotate_refresh_token("token-1", "token-2", in_days(30)).unwrap(),
            RefreshOutcome::Refused(RefreshRefusal::Revoked)
        );
        assert_eq!(db.store.set_user_password(UserId::new(), "h", &system()).unwrap_err(), StoreError::NotFound);
    }
}

fn in_days(days: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() + chrono::TimeDelta::days(days)
}
