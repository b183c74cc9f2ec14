//! The HTTP API without a socket (router + `oneshot`): catalogue sync, cards and activation,
//! lists, visits, admin data and statistics — and for each, the bad inputs that must get a clear
//! 4xx in the one error shape and change nothing.

use aktivitetskortet_core::api::*;
use aktivitetskortet_core::offer::Offer;
use aktivitetskortet_core::token::{
    self, DeviceKey, Policy, Presentation, RevocationList, TrustList, Verdict,
};
use aktivitetskortet_server::AppState;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use http_body_util::BodyExt;
use serde_json::{Value, json};

use crate::util::{Fixture, oneshot};

/// 2026-11-25T12:00:00Z.
pub(crate) const NOW: u64 = 1_795_608_000;

pub(crate) struct Api {
    _fixture: Fixture,
    pub(crate) state: AppState,
    admin: String,
}

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: axum::http::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub(crate) fn parse<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// Asserts the one error shape and returns its code.
    pub(crate) fn error_code(&self) -> String {
        let body: ErrorBody = self.parse();
        assert!(!body.message.is_empty());
        body.code
    }
}

impl Api {
    pub(crate) fn new() -> Api {
        Api::with(|_| {})
    }

    /// An API whose server is configured by `change` (a flag's effect).
    pub(crate) fn with(change: impl FnOnce(&mut aktivitetskortet_server::Config)) -> Api {
        let mut fixture = Fixture::new();
        change(&mut fixture.config);
        let state = fixture.state_at(NOW);
        let admin = state.create_admin_key("test").unwrap();
        Api {
            _fixture: fixture,
            state,
            admin,
        }
    }

    pub(crate) async fn send(&self, req: Request<Body>) -> Reply {
        let res = oneshot(self.state.clone(), req).await;
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub(crate) async fn get(&self, uri: &str, key: Option<&str>) -> Reply {
        let mut req = Request::get(uri);
        if let Some(key) = key {
            req = req.header(header::AUTHORIZATION, format!("Bearer {key}"));
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub(crate) async fn admin_get(&self, uri: &str) -> Reply {
        self.get(uri, Some(&self.admin.clone())).await
    }

    pub(crate) async fn send_json(
        &self,
        method: &str,
        uri: &str,
        key: Option<&str>,
        body: &Value,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(key) = key {
            req = req.header(header::AUTHORIZATION, format!("Bearer {key}"));
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    pub(crate) async fn admin(&self, method: &str, uri: &str, body: &Value) -> Reply {
        self.send_json(method, uri, Some(&self.admin.clone()), body)
            .await
    }

    /// A count straight from the database (`SELECT COUNT(*) …`), for what the API does not show.
    pub(crate) fn count(&self, sql: &str) -> i64 {
        self.state
            .db
            .blocking(|c| c.query_one(sql, aktivitetskortet_server::params![], |r| r.get(0)))
            .unwrap()
    }

    pub(crate) fn admin_key(&self) -> String {
        self.admin.clone()
    }

    pub(crate) fn data_dir(&self) -> &std::path::Path {
        self._fixture.data_dir()
    }

    pub(crate) fn at(&self, now: u64) {
        self.state.clock.set(now);
    }

    pub(crate) async fn lists(&self) -> (TrustList, RevocationList) {
        let keys = [self.state.list_public_key()];
        let trust = self.get("/api/v1/trust-list", None).await;
        assert_eq!(trust.status, 200);
        assert_eq!(trust.headers[header::CONTENT_TYPE], "application/cose");
        let revocations = self.get("/api/v1/revocation-list", None).await;
        (
            TrustList::open(&trust.body, &keys, None).unwrap(),
            RevocationList::open(&revocations.body, &keys, None).unwrap(),
        )
    }

    pub(crate) async fn verify(&self, qr_text: &str, now: u64) -> Verdict {
        let (trust, revocations) = self.lists().await;
        token::verify(qr_text, now, &trust, &revocations, &Policy::default())
    }

    /// Issues a card for Amina and returns the issue response.
    pub(crate) async fn issue_card(&self) -> IssuedCard {
        let reply = self
            .admin(
                "POST",
                "/api/v1/admin/cards",
                &json!({
                    "given_name": "Amina",
                    "birth_year": 2015,
                    "valid_from": "2026-11-01",
                    "valid_until": "2027-04-30",
                    "companion": "one_at_public_events",
                    "language": "ar"
                }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
        reply.parse()
    }

    /// Revokes the card `card_id` (everything issued until now).
    pub(crate) async fn revoke(&self, card_id: &str) {
        let reply = self
            .admin(
                "POST",
                &format!("/api/v1/admin/cards/{card_id}/revoke"),
                &json!(null),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    }

    /// `POST /api/v1/refresh` with the presentation `qr` (the phone's QR text).
    pub(crate) async fn refresh(&self, qr: &str) -> Reply {
        self.send_json(
            "POST",
            "/api/v1/refresh",
            None,
            &json!({ "presentation": qr }),
        )
        .await
    }

    pub(crate) async fn activate(&self, code: &str, phone: &DeviceKey) -> Reply {
        let key = BASE64.encode(phone.public_key().to_compressed());
        self.send_json(
            "POST",
            "/api/v1/activate",
            None,
            &json!({ "code": code, "device_key": key }),
        )
        .await
    }
}

pub(crate) fn phone(seed: u8) -> DeviceKey {
    DeviceKey::from_secret(&[seed; 32]).unwrap()
}

pub(crate) fn offer(id: &str) -> Value {
    json!({
        "id": id,
        "title": { "nb": "Familiesøndag på KODE", "en": "Family Sunday at KODE" },
        "summary": { "nb": "Verksted for hele familien." },
        "description": { "nb": "Tegn og mal sammen med kunstnere." },
        "category": "museum",
        "organiser": "KODE",
        "venue": "KODE 4",
        "address": "Rasmus Meyers allé 9, 5015 Bergen",
        "district": "bergenhus",
        "location": { "lat": 60.3887, "lon": 5.3252 },
        "age_min": 4,
        "age_max": 12,
        "schedule": { "kind": "weekly", "slots": [{ "weekday": "sunday", "start": "12:00", "end": "15:00" }] },
        "companion_included": true,
        "booking": { "required": false },
        "accessibility": ["step_free"]
    })
}

async fn catalogue_version(api: &Api) -> u64 {
    api.get("/api/v1/catalogue", None)
        .await
        .parse::<CatalogueResponse>()
        .version
}

#[tokio::test]
async fn catalogue_full_delta_304_and_tombstones() {
    let api = Api::new();
    let empty: CatalogueResponse = api.get("/api/v1/catalogue", None).await.parse();
    assert_eq!(
        (empty.version, empty.full, empty.offers.len()),
        (0, true, 0)
    );

    for id in ["kode-a", "kode-b", "kode-c"] {
        assert_eq!(
            api.admin("POST", "/api/v1/admin/offers", &offer(id))
                .await
                .status,
            StatusCode::CREATED
        );
    }
    let full: CatalogueResponse = api.get("/api/v1/catalogue?since=0", None).await.parse();
    assert_eq!((full.version, full.full, full.offers.len()), (3, true, 3));
    assert!(full.offers.iter().all(|o| o.changed_at == NOW));

    // Nothing changed: 304 with no body, by version or by ETag.
    let same = api.get("/api/v1/catalogue?since=3", None).await;
    assert_eq!(same.status, StatusCode::NOT_MODIFIED);
    assert!(same.body.is_empty());
    let etag = api.get("/api/v1/catalogue", None).await.headers[header::ETAG].clone();
    let req = Request::get("/api/v1/catalogue")
        .header(header::IF_NONE_MATCH, etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(api.send(req).await.status, StatusCode::NOT_MODIFIED);

    // One change and one deletion: the delta has exactly those.
    let mut changed = offer("kode-b");
    changed["age_max"] = json!(14);
    assert_eq!(
        api.admin("PUT", "/api/v1/admin/offers/kode-b", &changed)
            .await
            .status,
        200
    );
    assert_eq!(
        api.admin("DELETE", "/api/v1/admin/offers/kode-c", &json!(null))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let delta: CatalogueResponse = api.get("/api/v1/catalogue?since=3", None).await.parse();
    assert!(!delta.full);
    assert_eq!(delta.version, 5);
    assert_eq!(
        delta
            .offers
            .iter()
            .map(|o| o.id.as_str())
            .collect::<Vec<_>>(),
        ["kode-b"]
    );
    assert_eq!(delta.offers[0].age_max, 14);
    assert_eq!(delta.removed, ["kode-c"]);

    // A version the server never had (its data was replaced): the full catalogue.
    let reset: CatalogueResponse = api.get("/api/v1/catalogue?since=99", None).await.parse();
    assert!(reset.full);
    assert_eq!(reset.offers.len(), 2);

    let bad = api.get("/api/v1/catalogue?since=yesterday", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error_code(), "bad_query");
}

/// The full catalogue in `encoding` (an `Accept-Encoding` value), decoded.
async fn full_catalogue(api: &Api, accept: &str) -> (Option<String>, CatalogueResponse) {
    let req = Request::get("/api/v1/catalogue")
        .header(header::ACCEPT_ENCODING, accept)
        .body(Body::empty())
        .unwrap();
    let reply = api.send(req).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::VARY], "accept-encoding");
    let encoding = reply
        .headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap().to_owned());
    let mut json = Vec::new();
    match encoding.as_deref() {
        Some("br") => brotli::BrotliDecompress(&mut &reply.body[..], &mut json).unwrap(),
        Some("gzip") => {
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(&reply.body[..]),
                &mut json,
            )
            .unwrap();
        }
        _ => json = reply.body,
    }
    (encoding, serde_json::from_slice(&json).unwrap())
}

#[tokio::test]
async fn the_full_catalogue_is_kept_compressed_per_version_and_an_edit_shows_at_once() {
    let api = Api::new();
    for id in ["kode-a", "kode-b"] {
        api.admin("POST", "/api/v1/admin/offers", &offer(id)).await;
    }
    let (br, by_br) = full_catalogue(&api, "gzip, deflate, br").await;
    let (gz, by_gz) = full_catalogue(&api, "gzip").await;
    let (plain, by_plain) = full_catalogue(&api, "identity").await;
    assert_eq!(
        (br.as_deref(), gz.as_deref(), plain),
        (Some("br"), Some("gzip"), None)
    );
    assert_eq!(by_br.version, 2);
    assert_eq!(by_br.offers, by_gz.offers);
    assert_eq!(by_br.offers, by_plain.offers);

    // An admin edit: the very next full request has it, in every encoding.
    let mut changed = offer("kode-a");
    changed["age_max"] = json!(12);
    api.admin("PUT", "/api/v1/admin/offers/kode-a", &changed)
        .await;
    for accept in ["br", "gzip", "identity"] {
        let (_, after) = full_catalogue(&api, accept).await;
        assert_eq!(after.version, 3, "{accept}");
        let a = after.offers.iter().find(|o| o.id == "kode-a").unwrap();
        assert_eq!(a.age_max, 12, "{accept}");
    }
    // A delta of one offer is small: sent as it is.
    let reply = api.get("/api/v1/catalogue?since=2", None).await;
    assert!(reply.headers.get(header::CONTENT_ENCODING).is_none());
    let delta: CatalogueResponse = reply.parse();
    assert_eq!((delta.full, delta.offers.len()), (false, 1));
}

#[tokio::test]
async fn admin_needs_a_valid_key() {
    let api = Api::new();
    for key in [None, Some("ak_admin_wrong")] {
        let reply = api.get("/api/v1/admin/offers", key).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.error_code(), "unauthorized");
        let reply = api
            .send_json("POST", "/api/v1/admin/offers", key, &offer("x"))
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(catalogue_version(&api).await, 0, "nothing changed");
}

#[tokio::test]
async fn bad_offers_are_refused_with_field_errors_and_change_nothing() {
    let api = Api::new();
    let mut bad = offer("kode-a");
    bad["age_max"] = json!(19);
    bad["title"]["nb"] = json!("");
    let reply = api.admin("POST", "/api/v1/admin/offers", &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = reply.parse();
    let fields: Vec<_> = body
        .details
        .iter()
        .filter_map(|d| d.field.as_deref())
        .collect();
    assert!(
        fields.contains(&"age_max") && fields.contains(&"title"),
        "{fields:?}"
    );

    let mut wrong_type = offer("kode-a");
    wrong_type["age_min"] = json!("four");
    let reply = api.admin("POST", "/api/v1/admin/offers", &wrong_type).await;
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_json")
    );

    let req = Request::post("/api/v1/admin/offers")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {}", api.admin))
        .body(Body::from("{\"id\": "))
        .unwrap();
    let reply = api.send(req).await;
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_json")
    );

    let huge = json!({ "id": "x".repeat(3 << 20) });
    let reply = api.admin("POST", "/api/v1/admin/offers", &huge).await;
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
    );

    assert_eq!(
        api.admin("PUT", "/api/v1/admin/offers/nope", &offer("nope"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.admin("PUT", "/api/v1/admin/offers/nope", &offer("other"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        api.admin("DELETE", "/api/v1/admin/offers/nope", &json!(null))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(catalogue_version(&api).await, 0, "nothing changed");

    assert_eq!(
        api.admin("POST", "/api/v1/admin/offers", &offer("kode-a"))
            .await
            .status,
        StatusCode::CREATED
    );
    let again = api
        .admin("POST", "/api/v1/admin/offers", &offer("kode-a"))
        .await;
    assert_eq!(
        (again.status, again.error_code().as_str()),
        (StatusCode::CONFLICT, "conflict")
    );
    assert_eq!(catalogue_version(&api).await, 1);
}

async fn import(api: &Api, content_type: &str, body: &str) -> Reply {
    let req = Request::post("/api/v1/admin/offers/import")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::AUTHORIZATION, format!("Bearer {}", api.admin))
        .body(Body::from(body.to_owned()))
        .unwrap();
    api.send(req).await
}

#[tokio::test]
async fn imports_are_all_or_nothing_with_line_numbers() {
    let api = Api::new();
    let offers: Vec<Offer> = vec![
        serde_json::from_value(offer("kode-a")).unwrap(),
        serde_json::from_value(offer("kode-b")).unwrap(),
    ];
    let csv = aktivitetskortet_core::offer_csv::write(&offers);
    let reply = import(&api, "text/csv", &csv).await;
    assert_eq!(reply.status, 200, "{}", reply.json());
    assert_eq!(
        reply.parse::<ImportReport>(),
        ImportReport {
            created: 2,
            updated: 0
        }
    );
    assert_eq!(
        catalogue_version(&api).await,
        1,
        "one import is one version"
    );

    // A third line with an unknown category: the report names line 3, nothing is imported.
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    lines[2] = lines[2].replacen("museum", "circus", 1);
    let reply = import(&api, "text/csv", &(lines.join("\n") + "\n")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = reply.parse();
    assert!(
        body.details
            .iter()
            .any(|d| d.line == Some(3) && d.field.as_deref() == Some("category")),
        "{body:?}"
    );
    assert_eq!(catalogue_version(&api).await, 1, "nothing was imported");

    let mut bad = offer("kode-z");
    bad["age_min"] = json!(15);
    let reply = import(
        &api,
        "application/json",
        &json!([offer("kode-y"), bad]).to_string(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = reply.parse();
    assert_eq!(body.details[0].line, Some(2));
    assert_eq!(catalogue_version(&api).await, 1, "nothing was imported");

    let reply = import(&api, "text/plain", "hello").await;
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (StatusCode::BAD_REQUEST, "unsupported_type")
    );
}

#[tokio::test]
async fn activation_gives_a_credential_the_venue_accepts() {
    let api = Api::new();
    let card = api.issue_card().await;
    assert_eq!(card.activation_code.len(), 19);
    let holder = phone(7);
    let reply = api
        .activate(&card.activation_code.to_lowercase(), &holder)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.json());
    let response: CredentialResponse = reply.parse();
    assert_eq!(
        (response.given_name.as_str(), response.server_time),
        ("Amina", NOW)
    );
    let credential =
        token::Credential::from_bytes(&BASE64.decode(&response.credential).unwrap()).unwrap();
    assert_eq!(
        credential.validity.issued_at, NOW,
        "the server's time, signed"
    );
    assert_eq!(credential.validity.expires_at, NOW + 31 * 86_400);

    let qr = Presentation::create(&credential, &holder, NOW)
        .unwrap()
        .qr_text;
    match api.verify(&qr, NOW + 5).await {
        Verdict::Valid(admitted) => {
            assert_eq!((admitted.given_name.as_str(), admitted.age), ("Amina", 11))
        }
        other => panic!("{other:?}"),
    }

    // The code works once; a used, wrong or expired code all get the same answer.
    let used = api.activate(&card.activation_code, &phone(8)).await;
    let wrong = api.activate("AAAA-BBBB-CCCC-DDDD", &phone(8)).await;
    for reply in [&used, &wrong] {
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(reply.error_code(), "activation_failed");
    }
    assert_eq!(used.body, wrong.body, "no oracle");
    let fresh = api
        .admin(
            "POST",
            &format!("/api/v1/admin/cards/{}/reissue", card.card_id),
            &json!(null),
        )
        .await;
    let fresh: IssuedCard = fresh.parse();
    api.at(NOW + 61 * 86_400);
    let expired = api.activate(&fresh.activation_code, &phone(8)).await;
    assert_eq!(
        expired.body, wrong.body,
        "an expired code looks like a wrong one"
    );
}

#[tokio::test]
async fn bad_activation_requests_are_clear_and_rate_limited() {
    let api = Api::new();
    let card = api.issue_card().await;
    let bad_key = api
        .send_json(
            "POST",
            "/api/v1/activate",
            None,
            &json!({ "code": card.activation_code, "device_key": "bm90IGEga2V5" }),
        )
        .await;
    assert_eq!(
        (bad_key.status, bad_key.error_code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_device_key")
    );
    let not_base64 = api
        .send_json(
            "POST",
            "/api/v1/activate",
            None,
            &json!({ "code": card.activation_code, "device_key": "%%%" }),
        )
        .await;
    assert_eq!(not_base64.error_code(), "bad_device_key");
    let missing = api
        .send_json("POST", "/api/v1/activate", None, &json!({ "code": "x" }))
        .await;
    assert_eq!(missing.error_code(), "bad_json");

    // Five wrong tries at one code, then the sixth is refused with Retry-After, even the right one.
    for _ in 0..3 {
        let _ = api.activate("ZZZZ-ZZZZ-ZZZZ-ZZZZ", &phone(3)).await;
    }
    for _ in 0..2 {
        let _ = api
            .activate(
                &card.activation_code.replace('-', "").to_lowercase(),
                &phone(4),
            )
            .await;
    }
    // (Two went to the right code: the first activated it; these count for the address.)
    let mut limited = None;
    for _ in 0..6 {
        let reply = api.activate("YYYY-YYYY-YYYY-YYYY", &phone(3)).await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(reply);
            break;
        }
    }
    let limited = limited.expect("the address limit of 10 tries in 15 minutes");
    assert_eq!(limited.error_code(), "too_many_requests");
    assert!(limited.headers.contains_key(header::RETRY_AFTER));

    // Per code: the sixth try at one code is refused even though the address has tries left.
    let api = Api::new();
    let card = api.issue_card().await;
    for _ in 0..5 {
        let reply = api.activate("QQQQ-QQQQ-QQQQ-QQQQ", &phone(3)).await;
        assert_eq!(reply.error_code(), "activation_failed");
    }
    let reply = api.activate("qqqq qqqq qqqq qqqq", &phone(3)).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    // Another code from the same address still works.
    assert_eq!(
        api.activate(&card.activation_code, &phone(3)).await.status,
        200
    );
}

#[tokio::test]
async fn refresh_needs_a_fresh_presentation_and_a_live_card() {
    let api = Api::new();
    let card = api.issue_card().await;
    let phone = phone(9);
    let first: CredentialResponse = api.activate(&card.activation_code, &phone).await.parse();
    let credential =
        token::Credential::from_bytes(&BASE64.decode(&first.credential).unwrap()).unwrap();

    let later = NOW + 20 * 86_400;
    api.at(later);
    let qr = Presentation::create(&credential, &phone, later)
        .unwrap()
        .qr_text;
    let reply = api.refresh(&qr).await;
    assert_eq!(reply.status, 200, "{}", reply.json());
    let refreshed: CredentialResponse = reply.parse();
    let renewed =
        token::Credential::from_bytes(&BASE64.decode(&refreshed.credential).unwrap()).unwrap();
    assert_eq!(renewed.validity.issued_at, later);
    assert_eq!(renewed.device_key, phone.public_key(), "same phone key");

    // An old presentation (a screenshot) does not refresh.
    let stale = Presentation::create(&credential, &phone, later - 600)
        .unwrap()
        .qr_text;
    let reply = api.refresh(&stale).await;
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (StatusCode::BAD_REQUEST, "refresh_refused")
    );
    let garbage = api
        .send_json(
            "POST",
            "/api/v1/refresh",
            None,
            &json!({ "presentation": "KA1:???" }),
        )
        .await;
    assert_eq!(garbage.error_code(), "refresh_refused");

    // After revocation: no refresh, and the venue refuses the card.
    api.revoke(&card.card_id).await;
    let qr = Presentation::create(&renewed, &phone, later)
        .unwrap()
        .qr_text;
    let reply = api.refresh(&qr).await;
    assert_eq!(reply.error_code(), "refresh_refused");
    assert_eq!(
        api.verify(&qr, later).await,
        Verdict::NotValid(token::Reason::Revoked)
    );
}

/// A card that starts in two months gets a credential valid from then, for 31 days. Revoked
/// today, its entry must stay on the list until that credential has expired, not only 31 days.
#[tokio::test]
async fn a_revocation_stays_listed_while_a_credential_it_revokes_can_be_valid() {
    let api = Api::new();
    let card: IssuedCard = api
        .admin(
            "POST",
            "/api/v1/admin/cards",
            &json!({
                "given_name": "Amina",
                "birth_year": 2015,
                "valid_from": "2027-01-25",
                "valid_until": "2027-06-30",
                "companion": "one_at_public_events",
                "language": "nb"
            }),
        )
        .await
        .parse();
    let phone = phone(12);
    let issued: CredentialResponse = api.activate(&card.activation_code, &phone).await.parse();
    let credential =
        token::Credential::from_bytes(&BASE64.decode(&issued.credential).unwrap()).unwrap();
    assert!(credential.validity.not_before > NOW + 50 * 86_400);

    api.at(NOW + 60);
    api.revoke(&card.card_id).await;

    // Long past 31 days after the revocation, while the old credential is valid: still listed.
    let later = credential.validity.not_before + 86_400;
    assert!(later > NOW + 60 + 32 * 86_400);
    api.at(later);
    let (_, revocations) = api.lists().await;
    assert!(revocations.revoked.contains_key(&credential.claims.card_id));
    let qr = Presentation::create(&credential, &phone, later)
        .unwrap()
        .qr_text;
    assert_eq!(
        api.verify(&qr, later).await,
        Verdict::NotValid(token::Reason::Revoked)
    );

    // Once that credential has expired as well (and the slack has passed), the entry goes.
    api.at(credential.validity.expires_at + 301);
    let (_, revocations) = api.lists().await;
    assert!(!revocations.revoked.contains_key(&credential.claims.card_id));
}

#[tokio::test]
async fn reactivation_on_a_new_phone_retires_the_old_one() {
    let api = Api::new();
    let card = api.issue_card().await;
    let old_phone = phone(10);
    let old: CredentialResponse = api
        .activate(&card.activation_code, &old_phone)
        .await
        .parse();
    let old = token::Credential::from_bytes(&BASE64.decode(&old.credential).unwrap()).unwrap();
    let (_, before) = api.lists().await;
    let before_sequence = before.sequence;

    api.at(NOW + 3_600);
    let letter: IssuedCard = api
        .admin(
            "POST",
            &format!("/api/v1/admin/cards/{}/reissue", card.card_id),
            &json!(null),
        )
        .await
        .parse();
    // Until the new code is used, the old phone still works.
    let qr_old = Presentation::create(&old, &old_phone, NOW + 3_600)
        .unwrap()
        .qr_text;
    assert!(matches!(
        api.verify(&qr_old, NOW + 3_600).await,
        Verdict::Valid(_)
    ));

    let new_phone = phone(11);
    let new: CredentialResponse = api
        .activate(&letter.activation_code, &new_phone)
        .await
        .parse();
    let new = token::Credential::from_bytes(&BASE64.decode(&new.credential).unwrap()).unwrap();
    let qr_new = Presentation::create(&new, &new_phone, NOW + 3_600)
        .unwrap()
        .qr_text;
    assert_eq!(
        api.verify(&qr_old, NOW + 3_601).await,
        Verdict::NotValid(token::Reason::Revoked)
    );
    assert!(matches!(
        api.verify(&qr_new, NOW + 3_601).await,
        Verdict::Valid(_)
    ));
    let (_, after) = api.lists().await;
    assert!(after.sequence > before_sequence, "a newer revocation list");
}

#[tokio::test]
async fn a_given_name_carries_a_name_and_nothing_else() {
    let api = Api::new();
    for (name, named) in [
        ("Amina (NAV)", "\u{201c}(\u{201d}"),
        ("Amina\u{202e}", "U+202E"),
    ] {
        let reply = api
            .admin(
                "POST",
                "/api/v1/admin/cards",
                &json!({
                    "given_name": name, "birth_year": 2015, "valid_from": "2026-11-01",
                    "valid_until": "2027-04-30", "companion": "one_at_public_events"
                }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        let body: ErrorBody = reply.parse();
        let detail = &body.details[0];
        assert_eq!(detail.field.as_deref(), Some("given_name"));
        assert!(detail.message.contains(named), "{}", detail.message);
    }
    let cards: Vec<CardSummary> = api.admin_get("/api/v1/admin/cards").await.parse();
    assert!(cards.is_empty(), "nothing was stored");

    // A card stored before the rule existed gets a clear refusal at activation, not a 500.
    let card = api.issue_card().await;
    api.state
        .db
        .blocking(|c| {
            c.execute(
                "UPDATE cards SET given_name = 'Amina (NAV)'",
                aktivitetskortet_server::params![],
            )
        })
        .unwrap();
    let reply = api.activate(&card.activation_code, &phone(3)).await;
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (StatusCode::BAD_REQUEST, "given_name_refused")
    );
}

#[tokio::test]
async fn card_issuing_refuses_bad_data_and_letters_need_the_code() {
    let api = Api::new();
    let reply = api
        .admin(
            "POST",
            "/api/v1/admin/cards",
            &json!({
                "given_name": " ", "birth_year": 1990, "valid_from": "2026-12-01",
                "valid_until": "2026-11-01", "companion": "one_at_public_events", "language": "fr"
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = reply.parse();
    let fields: Vec<_> = body
        .details
        .iter()
        .filter_map(|d| d.field.clone())
        .collect();
    for field in ["given_name", "birth_year", "valid_until", "language"] {
        assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
    }
    let cards: Vec<CardSummary> = api.admin_get("/api/v1/admin/cards").await.parse();
    assert!(cards.is_empty(), "nothing was stored");

    let card = api.issue_card().await;
    let cards: Vec<CardSummary> = api.admin_get("/api/v1/admin/cards").await.parse();
    assert_eq!(cards[0].status, "pending");
    // One card's letter, in the card's language (Arabic here) or another one asked for.
    let letter = |language: Option<&str>, code: &str| json!({ "letters": [{ "card_id": card.card_id, "code": code, "language": language }] });
    let page = api
        .admin(
            "POST",
            "/api/v1/admin/letters",
            &letter(None, &card.activation_code),
        )
        .await;
    assert_eq!(page.status, 200);
    let html = String::from_utf8(page.body).unwrap();
    assert!(
        html.contains("dir=\"rtl\"")
            && html.contains("Amina")
            && html.contains(&card.activation_code)
    );
    for lang in ["nb", "en", "uk"] {
        let body = letter(Some(lang), &card.activation_code);
        let reply = api.admin("POST", "/api/v1/admin/letters", &body).await;
        let html = String::from_utf8(reply.body).unwrap();
        assert!(html.contains(&format!("lang=\"{lang}\"")), "{lang}");
    }
    let other = letter(None, "AAAA-BBBB-CCCC-DDDD");
    let reply = api.admin("POST", "/api/v1/admin/letters", &other).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The endpoint that took the code in its query string is gone (proxies and browser
    // history keep URLs), with or without the admin key.
    let old = format!(
        "/api/v1/admin/cards/{}/letter?code={}",
        card.card_id,
        card.activation_code.replace('-', "")
    );
    assert_eq!(api.admin_get(&old).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.get(&old, None).await.status, StatusCode::NOT_FOUND);
    let missing = api
        .admin(
            "POST",
            "/api/v1/admin/cards/0000000000000000/revoke",
            &json!(null),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_batch_of_letters_prints_as_one_page_each_or_not_at_all() {
    let api = Api::new();
    let first = api.issue_card().await;
    let second = api.issue_card().await;
    let batch = json!({ "letters": [
        { "card_id": first.card_id, "code": first.activation_code },
        { "card_id": second.card_id, "code": second.activation_code, "language": "uk" },
    ]});
    let reply = api.admin("POST", "/api/v1/admin/letters", &batch).await;
    assert_eq!(reply.status, 200);
    let html = String::from_utf8(reply.body).unwrap();
    assert_eq!(html.matches("<main class=\"sheet\"").count(), 2);
    assert!(html.contains(".sheet + .sheet { break-before: page; }"));
    assert!(html.contains(&first.activation_code) && html.contains(&second.activation_code));
    assert!(html.contains("lang=\"ar\" dir=\"rtl\"") && html.contains("lang=\"uk\" dir=\"ltr\""));

    // One code that is not the card's refuses the batch, naming its place.
    let bad = json!({ "letters": [
        { "card_id": first.card_id, "code": first.activation_code },
        { "card_id": second.card_id, "code": "AAAA-BBBB-CCCC-DDDD" },
    ]});
    let reply = api.admin("POST", "/api/v1/admin/letters", &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = reply.parse();
    assert_eq!(body.details.len(), 1);
    assert_eq!(body.details[0].line, Some(2));
    let reply = api
        .admin("POST", "/api/v1/admin/letters", &json!({ "letters": [] }))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let reply = api
        .send_json("POST", "/api/v1/admin/letters", None, &batch)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn images_become_small_thumbnails() {
    let api = Api::new();
    assert_eq!(
        api.admin("POST", "/api/v1/admin/offers", &offer("kode-a"))
            .await
            .status,
        StatusCode::CREATED
    );
    let picture = image::RgbImage::from_fn(1200, 800, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let upload = |body: Vec<u8>| {
        Request::post("/api/v1/admin/offers/kode-a/image")
            .header(header::CONTENT_TYPE, "image/png")
            .header(header::AUTHORIZATION, format!("Bearer {}", api.admin))
            .body(Body::from(body))
            .unwrap()
    };
    let reply = api.send(upload(png)).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let updated: Offer = reply.parse();
    let path = updated.image.expect("the offer points at its image");
    let thumbnail = api.get(&path, None).await;
    assert_eq!(thumbnail.headers[header::CONTENT_TYPE], "image/jpeg");
    let decoded = image::load_from_memory(&thumbnail.body).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (320, 213));
    assert!(
        thumbnail.body.len() < 40_000,
        "{} bytes",
        thumbnail.body.len()
    );
    let delta: CatalogueResponse = api.get("/api/v1/catalogue?since=1", None).await.parse();
    assert_eq!(delta.offers[0].image.as_deref(), Some(path.as_str()));

    let reply = api.send(upload(b"not an image".to_vec())).await;
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_image")
    );
    assert_eq!(
        api.get("/api/v1/images/nope.jpg", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn demo_data_has_a_catalogue_cards_a_venue_and_a_year_of_visits() {
    let api = Api::new();
    let demo = api.state.load_demo().unwrap();
    let catalogue: CatalogueResponse = api.get("/api/v1/catalogue", None).await.parse();
    assert!(catalogue.offers.len() >= 80, "{}", catalogue.offers.len());
    assert!(
        catalogue
            .offers
            .iter()
            .all(|o| o.demo && o.validate().is_empty())
    );
    let districts: std::collections::BTreeSet<_> =
        catalogue.offers.iter().map(|o| o.district).collect();
    assert_eq!(districts.len(), 8);
    let categories: std::collections::BTreeSet<_> =
        catalogue.offers.iter().map(|o| o.category).collect();
    assert!(categories.len() >= 6);
    for age in 0..=17 {
        assert!(
            catalogue
                .offers
                .iter()
                .any(|o| o.age_min <= age && age <= o.age_max),
            "age {age}"
        );
    }

    assert_eq!(demo.codes.len(), 3);
    let reply = api.activate(&demo.codes[0].1, &phone(21)).await;
    assert_eq!(reply.status, 200, "{}", reply.json());
    let venue: VenueInfo = api
        .get("/api/v1/venue", Some(&demo.venue_key))
        .await
        .parse();
    assert_eq!(venue.offer_ids.len(), catalogue.offers.len());
    assert_eq!(
        api.get("/api/v1/admin/cards", Some(&demo.admin_key))
            .await
            .status,
        200
    );
    // A whole closed year of visits (the demo starts on 1 January last year).
    let stats = api
        .admin_get("/api/v1/admin/stats?period=2025")
        .await
        .json();
    assert!(
        stats["visits"].as_u64().unwrap() >= 2_500,
        "{}",
        stats["visits"]
    );
    assert!(stats["holders"].as_u64().unwrap() >= 100);
    let quarter = api
        .admin_get("/api/v1/admin/stats?period=2026-Q3")
        .await
        .json();
    assert!(quarter["visits"].as_u64().unwrap() >= 500, "{quarter}");

    // A second demo start adds no offers and prints fresh codes that work.
    let again = api.state.load_demo().unwrap();
    let after: CatalogueResponse = api.get("/api/v1/catalogue", None).await.parse();
    assert_eq!(after.version, catalogue.version);
    assert_ne!(again.codes[1].1, demo.codes[1].1);
    assert_eq!(
        api.activate(&again.codes[1].1, &phone(22)).await.status,
        200
    );
    assert_eq!(
        api.activate(&demo.codes[2].1, &phone(23)).await.status,
        StatusCode::BAD_REQUEST,
        "replaced"
    );
}
