//! Invitations and password-reset links: issued by admins, shown once, used once, revocable,
//! expiring.

use recovery_e2e::{TestApp, both_backends};

use super::{Browser, Page, signed_in, sql};

/// The path of the link a users page shows (`/staff/link/…`).
fn issued_path(page: &Page) -> String {
    let at = page.body.find("/staff/link/").unwrap_or_else(|| panic!("no link shown: {}", page.body));
    let rest = &page.body[at..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// Invites `email` as an editor of `region` through the admin's users page.
async fn invite(admin: &mut Browser, email: &str, region: &str) -> Page {
    let csrf = admin.get("/staff/users").await.csrf();
    admin
        .post(
            "/staff/users/invite",
            &[("csrf", &csrf), ("email", email), ("role", "editor"), ("scope_regions", region)],
        )
        .await
}

both_backends!(an_invitation_link_works_once_and_signs_the_invitee_in, |app: TestApp| async move {
    let (mut admin, _) = signed_in(&app, "admin").await;
    let page = invite(&mut admin, "invitee@example.org", "Bucks County").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let path = issued_path(&page);
    assert!(admin.get("/staff/users").await.body.contains("invitee@example.org"), "listed until used");

    let mut invitee = Browser::new(&app);
    let form = invitee.get(&path).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("invitee@example.org"));
    let csrf = form.csrf();
    let short = invitee.post(&path, &[("csrf", &csrf), ("password", "short")]).await;
    assert_eq!(short.status, 422, "{}", short.body);
    let done = invitee.post(&path, &[("csrf", &csrf), ("password", "my own passphrase")]).await;
    assert_eq!((done.status, done.location.as_deref()), (303, Some("/staff/")), "{}", done.body);
    let home = invitee.get("/staff/").await;
    assert!(home.body.contains("invitee@example.org") && !home.is_sign_in());

    let reuse = Browser::new(&app).get(&path).await;
    assert_eq!(reuse.status, 404);
    let mut again = Browser::new(&app);
    let csrf = again.get("/staff/").await.csrf();
    let reused = again.post(&path, &[("csrf", &csrf), ("password", "a takeover attempt")]).await;
    assert_eq!(reused.status, 404, "a used link sets nothing");
    assert_eq!(Browser::new(&app).sign_in("invitee@example.org", "my own passphrase").await.status, 303);

    let taken = invite(&mut admin, "invitee@example.org", "").await;
    assert_eq!(taken.status, 409);
});

both_backends!(links_expire_and_revoked_links_do_not_work, |app: TestApp| async move {
    let (mut admin, _) = signed_in(&app, "admin").await;
    let first = issued_path(&invite(&mut admin, "late@example.org", "").await);
    sql(&app, "UPDATE staff_links SET expires_at = '2000-01-01 00:00:00'");
    let expired = Browser::new(&app).get(&first).await;
    assert_eq!(expired.status, 404);
    assert!(expired.body.contains("expired"), "{}", expired.body);

    let second = issued_path(&invite(&mut admin, "revoked@example.org", "").await);
    let users = admin.get("/staff/users").await;
    let at = users.body.find("/staff/links/").unwrap();
    let revoke = users.body[at..].split('"').next().unwrap().to_string();
    let csrf = users.csrf();
    assert_eq!(admin.post(&revoke, &[("csrf", &csrf)]).await.status, 303);
    assert_eq!(Browser::new(&app).get(&second).await.status, 404);
});

both_backends!(only_admins_see_users_and_issue_links, |app: TestApp| async move {
    let (mut editor, _) = signed_in(&app, "editor").await;
    let page = editor.get("/staff/users").await;
    assert_eq!(page.status, 403);
    let csrf = editor.get("/staff/").await.csrf();
    let crafted =
        editor.post("/staff/users/invite", &[("csrf", &csrf), ("email", "x@example.org"), ("role", "admin")]).await;
    assert_eq!(crafted.status, 403, "{}", crafted.body);
    assert!(!crafted.body.contains("/staff/link/"));
});
