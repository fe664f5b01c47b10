//! Staff users.

use recovery_domain::{Role, UserId};
use recovery_store::StoreError;

use crate::harness::{assert_recent, system};

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
