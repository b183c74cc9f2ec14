//! Staff sign-in against a real OpenID Connect provider (npm's oidc-provider, `tests/oidc`),
//! started here on loopback: the code flow with PKCE through its sign-in pages, roles from its
//! claim, sessions with CSRF tokens and timeouts, sign-out, and ID tokens refused for another
//! client or signed by a key the provider does not hold, while its key rotation is followed.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use aktivitetskortet_core::api::{AdminKeyInfo, AuditPage, StaffRole, paths};
use aktivitetskortet_server::oidc::{Oidc, OidcError, Settings};
use aktivitetskortet_server::{AppState, Clock};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use crate::api::offer;

/// The provider script, when its packages are installed (`cargo xtask test` installs them and
/// sets `AK_OIDC_PROVIDER`, which makes these tests required rather than skipped).
pub(crate) fn provider_script() -> Option<PathBuf> {
    if let Ok(script) = std::env::var("AK_OIDC_PROVIDER") {
        return Some(script.into());
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc");
    if dir.join("node_modules/oidc-provider").is_dir() {
        return Some(dir.join("provider.mjs"));
    }
    eprintln!(
        "tests/oidc has no node_modules: the OpenID Connect tests are left to `cargo xtask test`"
    );
    None
}

struct Provider {
    child: Child,
    issuer: String,
    port: u16,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_provider(script: &PathBuf, redirect: &str, port: u16) -> Provider {
    let mut child = Command::new("node")
        .arg(script)
        .env("PORT", port.to_string())
        .env("REDIRECT_URIS", redirect)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node");
    let mut line = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut line).unwrap();
    // Whatever it prints later is read, so it never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let issuer = line
        .strip_prefix("issuer ")
        .unwrap_or_else(|| panic!("the provider said {line:?}"))
        .trim()
        .to_owned();
    let port = issuer.rsplit(':').next().unwrap().parse().unwrap();
    Provider {
        child,
        issuer,
        port,
    }
}

/// Signs `login` in at the provider, from `start` (a URL that redirects there) until the
/// provider sends the browser to `callback`; that URL, with its code and state.
async fn through_provider(start: &str, login: &str, callback: &str) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let form = regex::Regex::new(r#"<form[^>]*action="([^"]+)""#).unwrap();
    let hidden = regex::Regex::new(r#"type="hidden" name="([^"]+)" value="([^"]*)""#).unwrap();
    let mut url = start.to_owned();
    let mut base;
    for _ in 0..20 {
        if url.starts_with(callback) {
            return url;
        }
        let res = browser.get(&url).send().await.unwrap();
        base = url.split('/').take(3).collect::<Vec<_>>().join("/");
        if let Some(next) = res.headers().get(LOCATION) {
            let next = next.to_str().unwrap();
            url = if next.starts_with('/') {
                format!("{base}{next}")
            } else {
                next.to_owned()
            };
            continue;
        }
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        let page = res.text().await.unwrap();
        let action = &form
            .captures(&page)
            .unwrap_or_else(|| panic!("no form in {page}"))[1];
        let target = if action.starts_with('/') {
            format!("{base}{action}")
        } else {
            action.to_owned()
        };
        // The form's hidden fields (which prompt it answers), and the login's where asked.
        let mut fields: Vec<(String, String)> = hidden
            .captures_iter(&page)
            .map(|c| (c[1].to_owned(), c[2].to_owned()))
            .collect();
        if page.contains(r#"name="login""#) {
            fields.push(("login".into(), login.into()));
            fields.push(("password".into(), "any".into()));
        }
        let res = browser.post(&target).form(&fields).send().await.unwrap();
        let Some(next) = res.headers().get(LOCATION).cloned() else {
            panic!(
                "{target}: {} {}\n{page}",
                res.status(),
                res.text().await.unwrap()
            );
        };
        let next = next.to_str().unwrap();
        url = if next.starts_with('/') {
            format!("{base}{next}")
        } else {
            next.to_owned()
        };
    }
    panic!("the provider never sent the browser back");
}

pub(crate) struct Site {
    _tmp: tempfile::TempDir,
    pub(crate) state: AppState,
    pub(crate) url: String,
    pub(crate) http: reqwest::Client,
    _provider: Provider,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Site {
    /// The server on a free port, its provider beside it.
    pub(crate) async fn start(script: &PathBuf) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let provider = start_provider(script, &format!("{url}{}", paths::AUTH_CALLBACK), 0);
        let secret = tmp.path().join("client-secret");
        std::fs::write(&secret, "aktivitetskortet-secret\n").unwrap();
        let mut config = crate::util::local_config(tmp.path().join("data"), tmp.path().join("web"));
        config.public_url = Some(url.clone());
        config.oidc_issuer = Some(provider.issuer.clone());
        config.oidc_client_id = Some("aktivitetskortet".into());
        config.oidc_client_secret_file = Some(secret);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let state =
            AppState::open_with_clock(&config, Clock::Manual(Arc::new(AtomicU64::new(now))))
                .unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(aktivitetskortet_server::serve(
            listener,
            state.clone(),
            async {
                let _ = stopped.await;
            },
        ));
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Site {
            _tmp: tmp,
            state,
            url,
            http,
            _provider: provider,
            _stop: stop,
        }
    }

    /// Signs `login` in through the provider; the session cookie (`name=value`).
    /// Refused: where the browser is sent instead (`/admin?innlogging=…`).
    pub(crate) async fn sign_in(&self, login: &str) -> Result<String, String> {
        let callback = format!("{}{}", self.url, paths::AUTH_CALLBACK);
        let back = through_provider(
            &format!("{}{}", self.url, paths::AUTH_LOGIN),
            login,
            &callback,
        )
        .await;
        let res = self.http.get(&back).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let to = res.headers()[LOCATION].to_str().unwrap().to_owned();
        if to != "/admin/" {
            assert!(
                res.headers().get(SET_COOKIE).is_none(),
                "a refused sign-in set a cookie"
            );
            return Err(to);
        }
        let cookie = res.headers()[SET_COOKIE].to_str().unwrap().to_owned();
        for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(attribute), "{cookie}");
        }
        // A callback is good once: the same code and state again are refused.
        let again = self.http.get(&back).send().await.unwrap();
        assert_eq!(again.headers()[LOCATION], "/admin?innlogging=expired");
        Ok(cookie.split(';').next().unwrap().to_owned())
    }

    pub(crate) async fn me(&self, cookie: &str) -> (StatusCode, Option<AdminKeyInfo>) {
        let res = self
            .http
            .get(format!("{}{}", self.url, paths::ADMIN_ME))
            .header(COOKIE, cookie)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (
            status,
            if status.is_success() {
                res.json().await.ok()
            } else {
                None
            },
        )
    }

    async fn post_offer(&self, cookie: &str, csrf: Option<&str>, id: &str) -> StatusCode {
        let mut req = self
            .http
            .post(format!("{}{}", self.url, paths::ADMIN_OFFERS))
            .header(COOKIE, cookie)
            .json(&offer(id));
        if let Some(csrf) = csrf {
            req = req.header("x-csrf-token", csrf);
        }
        req.send().await.unwrap().status()
    }

    pub(crate) async fn get(&self, cookie: &str, path: &str) -> StatusCode {
        self.http
            .get(format!("{}{path}", self.url))
            .header(COOKIE, cookie)
            .send()
            .await
            .unwrap()
            .status()
    }
}

#[tokio::test]
async fn staff_sign_in_with_roles_csrf_timeouts_and_sign_out() {
    let Some(script) = provider_script() else {
        return;
    };
    let site = Site::start(&script).await;

    // An administrator: everything, with the CSRF token on changes.
    let kari = site.sign_in("kari").await.unwrap();
    let (status, me) = site.me(&kari).await;
    assert_eq!(status, StatusCode::OK);
    let me = me.unwrap();
    assert_eq!(
        (me.label.as_str(), me.role, me.id),
        ("Kari Nordmann", StaffRole::Admin, 0)
    );
    let csrf = me.csrf_token.expect("a CSRF token for a session");
    assert_eq!(
        site.post_offer(&kari, None, "uten-token").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        site.post_offer(&kari, Some("wrong"), "feil-token").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        site.post_offer(&kari, Some(&csrf), "med-token").await,
        StatusCode::CREATED
    );
    assert_eq!(site.get(&kari, paths::ADMIN_CARDS).await, StatusCode::OK);
    // The audit log names her, by subject and name.
    let res = site
        .http
        .get(format!("{}{}", site.url, paths::ADMIN_AUDIT))
        .header(COOKIE, &kari)
        .send()
        .await
        .unwrap();
    let page: AuditPage = res.json().await.unwrap();
    let created = page
        .entries
        .iter()
        .find(|e| e.action == "offer.create")
        .expect("the offer in the audit log");
    assert_eq!(created.by_subject.as_deref(), Some("kari"));
    assert_eq!(created.by_name.as_deref(), Some("Kari Nordmann"));
    assert_eq!(created.admin_key_id, None);
    assert!(page.entries.iter().any(|e| e.action == "staff.sign_in"));

    // A statistician: the statistics only.
    let ola = site.sign_in("ola").await.unwrap();
    let (_, me) = site.me(&ola).await;
    let me = me.unwrap();
    assert_eq!(me.role, StaffRole::Statistics);
    assert_eq!(
        site.get(&ola, paths::ADMIN_STATS_PERIODS).await,
        StatusCode::OK
    );
    assert_eq!(
        site.get(&ola, paths::ADMIN_CARDS).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        site.get(&ola, paths::ADMIN_AUDIT).await,
        StatusCode::FORBIDDEN
    );
    let ola_csrf = me.csrf_token.unwrap();
    assert_eq!(
        site.post_offer(&ola, Some(&ola_csrf), "ola-sitt").await,
        StatusCode::FORBIDDEN
    );

    // Someone without a role here gets no session.
    let refused = site.sign_in("per").await.unwrap_err();
    assert_eq!(refused, "/admin?innlogging=no_role");

    // Signing out needs the token, then ends the session.
    let logout = |cookie: &str, csrf: Option<&str>| {
        let mut req = site
            .http
            .post(format!("{}{}", site.url, paths::AUTH_LOGOUT))
            .header(COOKIE, cookie);
        if let Some(csrf) = csrf {
            req = req.header("x-csrf-token", csrf);
        }
        req.send()
    };
    assert_eq!(
        logout(&kari, None).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let res = logout(&kari, Some(&csrf)).await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(
        res.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(site.me(&kari).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        site.post_offer(&kari, Some(&csrf), "etter").await,
        StatusCode::UNAUTHORIZED
    );

    // Idle for longer than 30 minutes: expired.
    let now = site.state.clock.now();
    site.state.clock.set(now + 31 * 60);
    assert_eq!(site.me(&ola).await.0, StatusCode::UNAUTHORIZED);
    // Busy, but past the 10 hours: expired all the same.
    let busy = site.sign_in("kari").await.unwrap();
    for step in 1..=30 {
        site.state.clock.set(now + 31 * 60 + step * 20 * 60);
        let expected = if step * 20 < 600 {
            StatusCode::OK
        } else {
            StatusCode::UNAUTHORIZED
        };
        assert_eq!(
            site.me(&busy).await.0,
            expected,
            "after {} minutes",
            step * 20
        );
    }
    // A made-up cookie is nobody.
    assert_eq!(
        site.me("ak_staff=made-up").await.0,
        StatusCode::UNAUTHORIZED
    );
}

fn settings(issuer: &str, client: &str, redirect: &str) -> Settings {
    Settings {
        issuer: issuer.into(),
        client_id: client.into(),
        client_secret: format!("{client}-secret"),
        role_claim: "roles".into(),
        admin_role: "aktivitetskortet-admin".into(),
        statistics_role: "aktivitetskortet-statistics".into(),
        provider_role_prefix: "aktivitetskortet-provider-".into(),
        redirect_url: redirect.into(),
    }
}

/// A raw ID token for `login`, issued by the provider at `issuer` to `client`; and its nonce.
async fn id_token(issuer: &str, client: &str, redirect: &str, login: &str) -> (String, String) {
    let oidc = Oidc::new(settings(issuer, client, redirect)).unwrap();
    let (url, pending) = oidc.start().await.unwrap();
    let back = through_provider(&url, login, redirect).await;
    let query: std::collections::HashMap<String, String> = reqwest::Url::parse(&back)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(query["state"], pending.state);
    let raw = oidc
        .exchange(query["code"].clone(), &pending)
        .await
        .unwrap();
    (raw, pending.nonce)
}

#[tokio::test]
async fn id_tokens_for_another_client_or_another_key_are_refused_and_rotation_is_followed() {
    let Some(script) = provider_script() else {
        return;
    };
    let redirect = "http://127.0.0.1:9/callback";
    let first = start_provider(&script, redirect, 0);
    let ours = Oidc::new(settings(&first.issuer, "aktivitetskortet", redirect)).unwrap();

    // Ours: accepted, with the person and role.
    let (raw, nonce) = id_token(&first.issuer, "aktivitetskortet", redirect, "kari").await;
    let kari = ours.verify_id_token(&raw, &nonce).await.unwrap();
    assert_eq!(
        (kari.subject.as_str(), kari.role),
        ("kari", StaffRole::Admin)
    );
    // With another sign-in's nonce: refused.
    let refused = ours
        .verify_id_token(&raw, "another-nonce")
        .await
        .unwrap_err();
    assert!(matches!(refused, OidcError::Refused(_)), "{refused}");

    // Issued to another service at the same provider: the wrong audience.
    let (theirs, nonce) = id_token(&first.issuer, "another-service", redirect, "kari").await;
    let refused = ours.verify_id_token(&theirs, &nonce).await.unwrap_err();
    assert!(
        refused.to_string().to_lowercase().contains("audience"),
        "{refused}"
    );

    // The provider restarts with a new key (a key rotation): its new tokens are verified after
    // fetching its keys again, and a token signed by the old key, which it no longer holds, is
    // refused.
    let (old_key, old_nonce) = (raw, nonce);
    let port = first.port;
    drop(first);
    let second = start_provider(&script, redirect, port);
    let (raw, nonce) = id_token(&second.issuer, "aktivitetskortet", redirect, "ola").await;
    let ola = ours.verify_id_token(&raw, &nonce).await.unwrap();
    assert_eq!(ola.role, StaffRole::Statistics);
    let fresh = Oidc::new(settings(&second.issuer, "aktivitetskortet", redirect)).unwrap();
    let refused = fresh
        .verify_id_token(&old_key, &old_nonce)
        .await
        .unwrap_err();
    assert!(
        refused.to_string().to_lowercase().contains("signature"),
        "{refused}"
    );

    // Not a token at all.
    assert!(matches!(
        ours.verify_id_token("not.a.token", "n").await.unwrap_err(),
        OidcError::Refused(_)
    ));
}

/// A provider that does not answer: signing in says so in the admin area, and nothing else
/// changes (no sign-in is kept).
#[tokio::test]
async fn a_provider_that_does_not_answer_sends_staff_back_saying_so() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = tmp.path().join("client-secret");
    std::fs::write(&secret, "x").unwrap();
    let mut config = crate::util::local_config(tmp.path().join("data"), tmp.path().join("web"));
    // Port 9 (discard): nothing listens there on a test machine.
    config.oidc_issuer = Some("http://127.0.0.1:9".into());
    config.oidc_client_id = Some("aktivitetskortet".into());
    config.oidc_client_secret_file = Some(secret);
    let state = AppState::open(&config).unwrap();
    let res = crate::util::oneshot(state.clone(), crate::util::get(paths::AUTH_LOGIN)).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/admin?innlogging=failed");
    let kept = state
        .db
        .blocking(|c| {
            c.query_one(
                "SELECT COUNT(*) FROM sign_ins",
                aktivitetskortet_server::params![],
                |r| r.get::<i64>(0),
            )
        })
        .unwrap();
    assert_eq!(kept, 0);
    // Without --oidc-issuer there is no such sign-in at all.
    let fx = crate::util::Fixture::new();
    let res = crate::util::oneshot(fx.state(), crate::util::get(paths::AUTH_LOGIN)).await;
    assert_eq!(res.status().as_u16(), 404);
}
