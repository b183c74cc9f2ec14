//! A provider's people sign in with the identity provider (a provider's role: the prefix and
//! the provider's number): they keep that provider's offers as its key does and read nothing of
//! the municipality's; a role naming no active provider is no role, and withdrawing the provider
//! ends their access.

use aktivitetskortet_core::api::{
    AuditPage, ProviderCreated, ProviderInfo, ProviderOffers, ProviderSummary, StaffRole, paths,
};
use reqwest::header::COOKIE;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::api::offer;
use crate::oidc::{Site, provider_script};

/// A request with the session `cookie` (and its CSRF token, when given).
async fn send(
    site: &Site,
    cookie: &str,
    csrf: Option<&str>,
    method: Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> reqwest::Response {
    let mut req = site
        .http
        .request(method, format!("{}{path}", site.url))
        .header(COOKIE, cookie);
    if let Some(csrf) = csrf {
        req = req.header("x-csrf-token", csrf);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_providers_person_signs_in_as_that_provider_and_nothing_more() {
    let Some(script) = provider_script() else {
        return;
    };
    let site = Site::start(&script).await;

    // Kaja's role names provider 1, which the municipality has not made yet: no role here.
    assert_eq!(
        site.sign_in("kaja").await.unwrap_err(),
        "/admin?innlogging=no_role"
    );

    let kari = site.sign_in("kari").await.unwrap();
    let admin_csrf = site.me(&kari).await.1.unwrap().csrf_token.unwrap();
    let created: ProviderCreated = send(
        &site,
        &kari,
        Some(&admin_csrf),
        Method::POST,
        paths::ADMIN_PROVIDERS,
        Some(json!({ "name": "KODE" })),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(created.id, 1);
    // The providers page tells the municipality which role to give its people.
    let list: Vec<ProviderSummary> = send(
        &site,
        &kari,
        None,
        Method::GET,
        paths::ADMIN_PROVIDERS,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        list[0].sign_in_role.as_deref(),
        Some("aktivitetskortet-provider-1")
    );

    // Now she signs in as KODE's.
    let kaja = site.sign_in("kaja").await.unwrap();
    let me = site.me(&kaja).await.1.unwrap();
    assert_eq!(
        (me.label.as_str(), me.role),
        ("Kaja Kode", StaffRole::Provider)
    );
    let csrf = me.csrf_token.unwrap();
    let info: ProviderInfo = send(&site, &kaja, None, Method::GET, paths::PROVIDER_ME, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((info.id, info.name.as_str()), (1, "KODE"));

    // Nothing of the municipality's: offers, cards, the statistics, the audit log.
    for path in [
        paths::ADMIN_OFFERS,
        paths::ADMIN_CARDS,
        paths::ADMIN_STATS_PERIODS,
        paths::ADMIN_AUDIT,
    ] {
        assert_eq!(site.get(&kaja, path).await, StatusCode::FORBIDDEN, "{path}");
    }

    // Its own offers, with the session's CSRF token on a change.
    let new_offer = || Some(offer("kode-kaja"));
    let without = send(
        &site,
        &kaja,
        None,
        Method::POST,
        paths::PROVIDER_OFFERS,
        new_offer(),
    )
    .await;
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
    let made = send(
        &site,
        &kaja,
        Some(&csrf),
        Method::POST,
        paths::PROVIDER_OFFERS,
        new_offer(),
    )
    .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let own: ProviderOffers = send(
        &site,
        &kaja,
        None,
        Method::GET,
        paths::PROVIDER_OFFERS,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(own.pending, ["kode-kaja"]);
    // The audit log names her, and whose she is.
    let page: AuditPage = send(&site, &kari, None, Method::GET, paths::ADMIN_AUDIT, None)
        .await
        .json()
        .await
        .unwrap();
    let entry = page
        .entries
        .iter()
        .find(|e| e.action == "offer.create" && e.object == "kode-kaja")
        .expect("her offer in the audit log");
    assert_eq!(entry.by_subject.as_deref(), Some("kaja"));
    assert_eq!(entry.by_name.as_deref(), Some("Kaja Kode (KODE)"));

    // An administrator is no provider: the provider API refuses her session.
    assert_eq!(
        site.get(&kari, paths::PROVIDER_ME).await,
        StatusCode::FORBIDDEN
    );

    // The municipality withdraws KODE: Kaja's session keeps nothing, and she cannot sign in again.
    let revoke = send(
        &site,
        &kari,
        Some(&admin_csrf),
        Method::DELETE,
        &paths::with(paths::ADMIN_PROVIDER, "1"),
        None,
    )
    .await;
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        site.get(&kaja, paths::PROVIDER_ME).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        site.sign_in("kaja").await.unwrap_err(),
        "/admin?innlogging=no_role"
    );
}
