//! `/staff/…`: the staff console over real HTTP, as a browser without JavaScript uses it —
//! cookies kept by hand, forms posted with the token the page carries. The session and CSRF
//! rules, one-time links, and scoping of crafted posts.

mod links;
mod meetings;
mod sessions;

use std::collections::HashMap;

use recovery_e2e::TestApp;
use recovery_e2e::app::STAFF_PASSWORD;
use recovery_store::Store;
use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use reqwest::{Client, Response};

/// One browser: its own cookies, no automatic redirects (tests look at each answer).
pub struct Browser {
    client: Client,
    base: String,
    cookies: HashMap<String, String>,
}

/// An answer, read.
pub struct Page {
    /// The status.
    pub status: u16,
    /// Where a redirect points.
    pub location: Option<String>,
    /// The `Set-Cookie` values.
    pub set_cookies: Vec<String>,
    /// `Cache-Control`.
    pub cache: String,
    /// The body.
    pub body: String,
}

impl Page {
    /// The CSRF token of the page's first form.
    pub fn csrf(&self) -> String {
        let at = self.body.find("name=\"csrf\" value=\"").unwrap_or_else(|| panic!("no csrf field in {}", self.body));
        let rest = &self.body[at + 19..];
        rest[..rest.find('"').unwrap()].to_string()
    }

    /// True for the sign-in form.
    pub fn is_sign_in(&self) -> bool {
        self.body.contains("action=\"/staff/sign-in\"")
    }
}

impl Browser {
    /// A new browser for `app`.
    pub fn new(app: &TestApp) -> Browser {
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .unwrap();
        Browser { client, base: app.base_url().to_string(), cookies: HashMap::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn read(&mut self, response: Response) -> Page {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let set_cookies: Vec<String> =
            headers.get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect();
        for cookie in &set_cookies {
            let pair = cookie.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || cookie.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        Page {
            status,
            location: headers.get(LOCATION).map(|v| v.to_str().unwrap().to_string()),
            set_cookies,
            cache: headers.get("cache-control").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default(),
            body: response.text().await.unwrap(),
        }
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Page {
        let response =
            self.client.get(format!("{}{path}", self.base)).header(COOKIE, self.cookie_header()).send().await.unwrap();
        self.read(response).await
    }

    /// `POST path` with `fields`, from our own origin.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let origin = self.base.clone();
        self.post_from(path, fields, Some(&origin)).await
    }

    /// `POST path` with `fields` and `origin` as the `Origin` header (none when `None`).
    pub async fn post_from(&mut self, path: &str, fields: &[(&str, &str)], origin: Option<&str>) -> Page {
        let mut request =
            self.client.post(format!("{}{path}", self.base)).header(COOKIE, self.cookie_header()).form(fields);
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        let response = request.send().await.unwrap();
        self.read(response).await
    }

    /// Signs in through the form; returns the answer to the form's POST.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        let form = self.get("/staff/").await;
        assert!(form.is_sign_in(), "{}", form.body);
        let csrf = form.csrf();
        self.post("/staff/sign-in", &[("csrf", &csrf), ("email", email), ("password", password)]).await
    }

    /// The session cookie, if any.
    pub fn session(&self) -> Option<&String> {
        self.cookies.get("rd_staff")
    }

    /// Replaces the session cookie (an old or forged one).
    pub fn set_session(&mut self, token: &str) {
        self.cookies.insert("rd_staff".into(), token.into());
    }
}

/// A new staff user with `role` and `regions`, signed in to the console in a new browser.
pub async fn signed_in(app: &TestApp, role: &str) -> (Browser, String) {
    let email = format!("{role}-{}@example.org", recovery_e2e::app::unique());
    app.add_user(&email, role, STAFF_PASSWORD).await;
    let mut browser = Browser::new(app);
    let page = browser.sign_in(&email, STAFF_PASSWORD).await;
    assert_eq!((page.status, page.location.as_deref()), (303, Some("/staff/")), "{}", page.body);
    (browser, email)
}

/// Runs `sql` on the app's database (for what no route does: aging a session or a link).
pub fn sql(app: &TestApp, sql: &str) {
    let store = Store::open(app.database_url()).unwrap();
    recovery_store::testing::execute_sql(&store, sql).unwrap();
}
