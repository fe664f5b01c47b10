//! The staff console's sign-in (sessions, invitation and reset links) and the meeting use
//! cases by a signed-in user (role, scope, and the refused edit of an outdated version).

use recovery_app::accounts::console::Invitation;
use recovery_app::accounts::{Attempt, NewAccount, PasswordChange, SignIn};
use recovery_app::meetings::Expect;
use recovery_app::{AppError, Directory};
use recovery_domain::testing::MeetingBuilder;
use recovery_domain::user::LinkRefusal;
use recovery_domain::{Actor, MeetingInput, Role, User};
use recovery_store::testing::execute_sql;

use crate::harness::*;

const PASSWORD: &str = "correct horse battery";

async fn account(directory: &Directory, email: &str, role: Role, regions: &[&str]) -> User {
    let new = NewAccount {
        email: email.to_string(),
        password: PASSWORD.to_string(),
        role,
        scope_regions: regions.iter().map(|r| r.to_string()).collect(),
        scope_programs: Vec::new(),
    };
    directory.add_user(new, Actor::System("test".into())).await.unwrap()
}

fn attempt(email: &str) -> Attempt {
    Attempt::new(email, None)
}

on_both_backends! {
    async fn a_session_lives_until_signed_out(db) {
        let directory = db.directory();
        let admin = account(&directory, "admin@example.org", Role::Admin, &[]).await;
        let token = directory.start_session(admin.id).await.unwrap();
        assert_eq!(directory.session_user(&token).await.unwrap().map(|u| u.id), Some(admin.id));
        assert!(directory.session_user("not-a-token").await.unwrap().is_none());
        assert!(directory.session_user(&"0".repeat(64)).await.unwrap().is_none());
        directory.end_session(&token).await.unwrap();
        assert!(directory.session_user(&token).await.unwrap().is_none());
    }

    async fn idle_and_expired_sessions_end(db) {
        let directory = db.directory();
        let admin = account(&directory, "admin@example.org", Role::Admin, &[]).await;
        let idle = directory.start_session(admin.id).await.unwrap();
        execute_sql(&db.store, "UPDATE staff_sessions SET last_seen_at = '2000-01-01 00:00:00'").unwrap();
        assert!(directory.session_user(&idle).await.unwrap().is_none(), "idle for longer than 30 minutes");
        let old = directory.start_session(admin.id).await.unwrap();
        execute_sql(&db.store, "UPDATE staff_sessions SET expires_at = '2000-01-01 00:00:00'").unwrap();
        assert!(directory.session_user(&old).await.unwrap().is_none(), "past its absolute end");
        // Ended sessions are gone, not merely refused.
        execute_sql(&db.store, "UPDATE staff_sessions SET expires_at = '2999-01-01 00:00:00', last_seen_at = '2999-01-01 00:00:00'").unwrap();
        assert!(directory.session_user(&idle).await.unwrap().is_none());
        assert!(directory.session_user(&old).await.unwrap().is_none());
    }

    async fn deactivation_and_a_new_password_end_every_session(db) {
        let directory = db.directory();
        let admin = account(&directory, "admin@example.org", Role::Admin, &[]).await;
        let editor = account(&directory, "editor@example.org", Role::Editor, &[]).await;
        let first = directory.start_session(editor.id).await.unwrap();
        let second = directory.start_session(editor.id).await.unwrap();
        let admin_session = directory.start_session(admin.id).await.unwrap();
        let changed = directory
            .change_password(editor.id, &attempt(&editor.email), PASSWORD, "a brand new passphrase")
            .await
            .unwrap();
        assert_eq!(changed, PasswordChange::Changed);
        assert!(directory.session_user(&first).await.unwrap().is_none());
        assert!(directory.session_user(&second).await.unwrap().is_none());
        assert!(directory.session_user(&admin_session).await.unwrap().is_some(), "other users keep theirs");

        let third = directory.start_session(editor.id).await.unwrap();
        let off = recovery_app::accounts::AccountChanges { active: Some(false), ..Default::default() };
        directory.update_user(editor.id, off, Actor::User(admin.id)).await.unwrap();
        assert!(directory.session_user(&third).await.unwrap().is_none());
    }

    async fn an_invitation_is_used_once_and_signs_nobody_in_before(db) {
        let directory = db.directory();
        let admin = account(&directory, "admin@example.org", Role::Admin, &[]).await;
        let invitation = Invitation {
            email: "new.editor@example.org".into(),
            role: Role::Editor,
            scope_regions: vec!["Delaware County".into()],
            scope_programs: Vec::new(),
        };
        let issued = directory.invite_user(invitation, &admin).await.unwrap();
        assert_eq!(issued.link.user.scope_regions, vec!["Delaware County".to_string()]);
        let email = issued.link.user.email.clone();
        for password in ["", "!invited", PASSWORD] {
            let refused = directory.sign_in(&email, password, &attempt(&email)).await.unwrap();
            assert!(matches!(refused, SignIn::Refused), "no password works before the link is used");
        }
        assert_eq!(directory.open_links(&admin).await.unwrap().len(), 1);

        let short = directory.redeem_link(&issued.token, "short").await;
        assert!(matches!(short, Err(AppError::Invalid(_))), "{short:?}");
        assert!(directory.check_link(&issued.token).await.unwrap().is_ok(), "a refused password uses nothing up");

        let user = directory.redeem_link(&issued.token, PASSWORD).await.unwrap().unwrap();
        assert_eq!(user.email, email);
        assert!(matches!(directory.sign_in(&email, PASSWORD, &attempt(&email)).await.unwrap(), SignIn::Signed(_)));
        assert_eq!(directory.redeem_link(&issued.token, "another passphrase").await.unwrap(), Err(LinkRefusal::Used));
        assert!(directory.open_links(&admin).await.unwrap().is_empty());
    }

    async fn links_expire_and_can_be_revoked(db) {
        let directory = db.directory();
        let admin = account(&directory, "admin@example.org", Role::Admin, &[]).await;
        let editor = account(&directory, "editor@example.org", Role::Editor, &[]).await;
        let first = directory.issue_reset_link(editor.id, &admin).await.unwrap();
        let second = directory.issue_reset_link(editor.id, &admin).await.unwrap();
        assert_eq!(directory.check_link(&first.token).await.unwrap().err(), Some(LinkRefusal::Unknown), "only the newest works");
        assert!(directory.check_link(&second.token).await.unwrap().is_ok());

        directory.revoke_link(second.link.id.clone(), &admin).await.unwrap();
        assert_eq!(directory.redeem_link(&second.token, PASSWORD).await.unwrap(), Err(LinkRefusal::Unknown));
        assert!(matches!(directory.revoke_link(second.link.id.clone(), &admin).await, Err(AppError::NotFound(_))));

        let third = directory.issue_reset_link(editor.id, &admin).await.unwrap();
        execute_sql(&db.store, "UPDATE staff_links SET expires_at = '2000-01-01 00:00:00'").unwrap();
        assert_eq!(directory.redeem_link(&third.token, "a brand new passphrase").await.unwrap(), Err(LinkRefusal::Expired));
        assert!(matches!(directory.sign_in(&editor.email, PASSWORD, &attempt(&editor.email)).await.unwrap(), SignIn::Signed(_)));
    }

    async fn only_admins_issue_links(db) {
        let directory = db.directory();
        let editor = account(&directory, "editor@example.org", Role::Editor, &[]).await;
        let invitation =
            Invitation { email: "x@example.org".into(), role: Role::Admin, scope_regions: vec![], scope_programs: vec![] };
        assert!(matches!(directory.invite_user(invitation, &editor).await, Err(AppError::Forbidden(_))));
        assert!(matches!(directory.issue_reset_link(editor.id, &editor).await, Err(AppError::Forbidden(_))));
        assert!(matches!(directory.open_links(&editor).await, Err(AppError::Forbidden(_))));
    }

    async fn meeting_use_cases_check_role_scope_and_version(db) {
        let directory = db.directory();
        let viewer = account(&directory, "viewer@example.org", Role::Viewer, &[]).await;
        let scoped = account(&directory, "scoped@example.org", Role::Editor, &["Montgomery County"]).await;
        let inside = create(&directory, MeetingBuilder::new("Inside").regions(&["Montgomery County"])).await;
        let outside = create(&directory, MeetingBuilder::new("Outside").regions(&["Bucks County"])).await;
        let input = |name: &str, meeting: &recovery_domain::Meeting| {
            MeetingInput { name: Some(name.into()), ..MeetingInput::from(&meeting.data) }
        };

        let by_viewer = directory.create_meeting_as(input("New", &inside), &viewer).await;
        assert!(matches!(by_viewer, Err(AppError::Forbidden(_))), "{by_viewer:?}");
        let out = directory.update_meeting_as(outside.id, input("Renamed", &outside), &scoped, Expect::default()).await;
        assert!(matches!(out, Err(AppError::Forbidden(_))), "{out:?}");
        let moved = directory.update_meeting_as(inside.id, input("Moved", &outside), &scoped, Expect::default()).await;
        assert!(matches!(moved, Err(AppError::Forbidden(_))), "a meeting cannot leave the scope: {moved:?}");
        assert!(matches!(directory.archive_meeting_as(outside.id, &scoped).await, Err(AppError::Forbidden(_))));
        assert_eq!(directory.stored_meeting(outside.id).await.unwrap().data.name, "Outside");

        let expect = Expect { updated_at: Some(inside.updated_at) };
        let saved = directory.update_meeting_as(inside.id, input("First", &inside), &scoped, expect).await.unwrap();
        let stale = directory.update_meeting_as(inside.id, input("Second", &inside), &scoped, expect).await;
        assert!(matches!(stale, Err(AppError::Store(recovery_store::StoreError::Conflict { .. }))), "{stale:?}");
        assert_eq!(directory.stored_meeting(inside.id).await.unwrap().data.name, "First");
        let fresh = Expect { updated_at: Some(saved.updated_at) };
        directory.update_meeting_as(inside.id, input("Third", &inside), &scoped, fresh).await.unwrap();
        assert_eq!(indexed_name(&directory, inside.id).as_deref(), Some("Third"));
    }
}
