//! `GET /openapi.json`: a valid OpenAPI 3.1 document that lists every route the server has, with
//! schemas that admit what the server really sends.

use aktivitetskortet_core::api::{CatalogueResponse, ErrorBody, ErrorDetail, paths};
use aktivitetskortet_core::offer::Offer;
use aktivitetskortet_core::stats::{Cell, Row};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};

use crate::util::{Fixture, body_text, get, oneshot};

/// Every route of the server, as (method, path). A route added to the router belongs here and in
/// `src/openapi.rs`, its path in `core::api::paths` (which a test below checks this list against).
const ROUTES: &[(&str, &str)] = &[
    ("get", paths::HEALTHZ),
    ("get", paths::READYZ),
    ("get", paths::OPENAPI),
    ("get", paths::CATALOGUE),
    ("get", paths::IMAGE),
    ("post", paths::ACTIVATE),
    ("post", paths::REFRESH),
    ("get", paths::TRUST_LIST),
    ("get", paths::REVOCATION_LIST),
    ("get", paths::LIST_KEYS),
    ("get", paths::LIST_KEY_ANNOUNCEMENTS),
    ("post", paths::CSP_REPORTS),
    ("get", paths::VENUE),
    ("post", paths::VISITS),
    ("post", paths::ADMIN_CARDS),
    ("get", paths::ADMIN_CARDS),
    ("post", paths::ADMIN_CARD_REISSUE),
    ("post", paths::ADMIN_CARD_REVOKE),
    ("post", paths::ADMIN_LETTERS),
    ("get", paths::ADMIN_OFFERS),
    ("post", paths::ADMIN_OFFERS),
    ("post", paths::ADMIN_OFFERS_IMPORT),
    ("put", paths::ADMIN_OFFER),
    ("delete", paths::ADMIN_OFFER),
    ("post", paths::ADMIN_OFFER_IMAGE),
    ("post", paths::ADMIN_VENUE_KEYS),
    ("get", paths::ADMIN_VENUE_KEYS),
    ("delete", paths::ADMIN_VENUE_KEY),
    ("get", paths::ADMIN_STATS),
    ("get", paths::ADMIN_STATS_CSV),
    ("get", paths::ADMIN_STATS_PERIODS),
    ("get", paths::ADMIN_ME),
    ("get", paths::AUTH),
    ("get", paths::AUTH_LOGIN),
    ("get", paths::AUTH_CALLBACK),
    ("post", paths::AUTH_LOGOUT),
    ("get", paths::ADMIN_AUDIT),
    ("get", paths::ADMIN_CARD_DATA),
    ("delete", paths::ADMIN_CARD),
    ("get", paths::LIMIT_LIST),
    ("get", paths::ADMIN_CATEGORY_RULES),
    ("put", paths::ADMIN_CATEGORY_RULES),
    ("get", paths::ADMIN_OFFER_TERMS),
    ("put", paths::ADMIN_OFFER_SET_TERMS),
    ("post", paths::ADMIN_OFFER_APPROVE),
    ("post", paths::ADMIN_PROVIDERS),
    ("get", paths::ADMIN_PROVIDERS),
    ("delete", paths::ADMIN_PROVIDER),
    ("post", paths::ADMIN_PROVIDER_KEY),
    ("get", paths::ADMIN_PROVIDER_SETTLEMENT),
    ("get", paths::PROVIDER_ME),
    ("get", paths::PROVIDER_OFFERS),
    ("post", paths::PROVIDER_OFFERS),
    ("put", paths::PROVIDER_OFFER),
    ("get", paths::PROVIDER_VISITS),
    ("get", paths::PROVIDER_SETTLEMENT),
    ("get", paths::PROVIDER_SETTLEMENT_CSV),
];

pub(crate) async fn document() -> Value {
    let fixture = Fixture::new();
    let res = oneshot(fixture.state(), get("/openapi.json")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
    let text = body_text(res).await;
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

pub(crate) fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["components"]["schemas"]
        .get(name)
        .unwrap_or_else(|| panic!("no schema {name}"))
}

/// Whether `value` fits `schema`, for the JSON Schema keywords the document uses (`$ref`,
/// `oneOf`, `type`, `enum`, `properties`, `required`, `items`, `minimum`, `maximum`,
/// `minLength`, `maxLength` in characters, `pattern`, `minItems`, `maxItems`). Formats are not
/// checked.
pub(crate) fn admits(doc: &Value, schema: &Value, value: &Value) -> Result<(), String> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| format!("unexpected $ref {reference}"))?;
        return admits(doc, self::schema(doc, name), value);
    }
    if let Some(options) = schema["oneOf"].as_array() {
        let fits = options
            .iter()
            .filter(|s| admits(doc, s, value).is_ok())
            .count();
        if fits != 1 {
            return Err(format!("{value} fits {fits} of oneOf {schema}"));
        }
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            other => return Err(format!("bad type {other}")),
        };
        let fits = types.iter().any(|t| match *t {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => false,
        });
        if !fits {
            return Err(format!("{value} is not of type {types:?}"));
        }
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        return Err(format!("{value} is not one of {allowed:?}"));
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), value.as_f64())
        && n < min
    {
        return Err(format!("{value} is below {min}"));
    }
    if let (Some(max), Some(n)) = (schema["maximum"].as_f64(), value.as_f64())
        && n > max
    {
        return Err(format!("{value} is above {max}"));
    }
    if let Some(text) = value.as_str() {
        let chars = text.chars().count() as u64;
        if schema["minLength"].as_u64().is_some_and(|min| chars < min) {
            return Err(format!("{value} is shorter than {}", schema["minLength"]));
        }
        if schema["maxLength"].as_u64().is_some_and(|max| chars > max) {
            return Err(format!("{value} is longer than {}", schema["maxLength"]));
        }
        if let Some(pattern) = schema["pattern"].as_str() {
            let re =
                regex::Regex::new(pattern).map_err(|e| format!("bad pattern {pattern}: {e}"))?;
            if !re.is_match(text) {
                return Err(format!("{value} does not match {pattern}"));
            }
        }
    }
    if let Some(array) = value.as_array() {
        let n = array.len() as u64;
        if schema["minItems"].as_u64().is_some_and(|min| n < min) {
            return Err(format!("{} items, fewer than {}", n, schema["minItems"]));
        }
        if schema["maxItems"].as_u64().is_some_and(|max| n > max) {
            return Err(format!("{} items, more than {}", n, schema["maxItems"]));
        }
    }
    if let Some(object) = value.as_object()
        && schema.get("properties").is_some()
    {
        for key in schema["required"].as_array().into_iter().flatten() {
            let key = key.as_str().unwrap();
            if !object.contains_key(key) {
                return Err(format!("{value} lacks the required {key}"));
            }
        }
        for (key, v) in object {
            let property = schema["properties"]
                .get(key)
                .ok_or_else(|| format!("{key} is not a property of {schema}"))?;
            admits(doc, property, v).map_err(|e| format!("{key}: {e}"))?;
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for v in array {
            admits(doc, items, v)?;
        }
    }
    Ok(())
}

/// A complete offer: every optional field set, so every key the server can send is checked.
fn full_offer() -> Offer {
    serde_json::from_value(json!({
        "id": "kode-familiesondag",
        "title": { "nb": "Familiesøndag på KODE", "en": "Family Sunday at KODE", "uk": "Сімейна неділя", "ar": "يوم الأحد العائلي" },
        "summary": { "nb": "Verksted for hele familien." },
        "description": { "nb": "Tegn og mal sammen med kunstnere." },
        "category": "culture_activity",
        "organiser": "KODE",
        "venue": "KODE 4",
        "address": "Rasmus Meyers allé 9, 5015 Bergen",
        "district": "bergenhus",
        "location": { "lat": 60.3887, "lon": 5.3252 },
        "age_min": 4,
        "age_max": 12,
        "schedule": { "kind": "weekly", "slots": [{ "weekday": "sunday", "start": "12:00", "end": "15:00" }] },
        "season": { "from": "2026-09-01", "to": "2026-12-20" },
        "companion_included": true,
        "booking": { "required": true, "how": { "nb": "Ring oss" }, "url": "https://kodebergen.no", "phone": "55 55 55 55" },
        "accessibility": ["step_free", "hearing_loop"],
        "image": "/api/v1/images/kode-familiesondag.jpg?v=abc",
        "demo": true,
        "changed_at": 1_795_608_000u64
    }))
    .unwrap()
}

#[tokio::test]
async fn openapi_document_lists_every_route_with_its_keys_and_schemas() {
    let doc = document().await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "Aktivitetskortet API");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(!doc["info"]["description"].as_str().unwrap().is_empty());

    // Exactly the routes above, no more and no fewer.
    let mut documented: Vec<(String, String)> = vec![];
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch", "head", "options"] {
            if item.get(method).is_some() {
                documented.push((method.to_owned(), path.clone()));
            }
        }
    }
    let mut expected: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    documented.sort();
    expected.sort();
    assert_eq!(documented, expected);
    // And every path core declares is one of them: no path constant without its route.
    let mut declared: Vec<&str> = paths::ALL.to_vec();
    let mut routed: Vec<&str> = ROUTES.iter().map(|(_, p)| *p).collect();
    declared.sort();
    routed.sort();
    routed.dedup();
    assert_eq!(declared, routed);

    for (method, path) in ROUTES {
        let op = &doc["paths"][path][method];
        let at = format!("{method} {path}");
        assert!(
            op["responses"].as_object().is_some_and(|r| !r.is_empty()),
            "{at}"
        );
        // Path parameters are declared.
        for name in path
            .split('{')
            .skip(1)
            .map(|s| s.split('}').next().unwrap())
        {
            let declared = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["name"] == name && p["in"] == "path" && p["required"] == true);
            assert!(declared, "{at}: path parameter {name}");
        }
        // The keys: admin for /api/v1/admin, venue for the venue's two, none for the rest.
        // An admin key or a staff member's session for /api/v1/admin, the session for signing
        // out, a venue key for the venue's two, none for the rest.
        let keys: Option<&[&str]> = if path.starts_with("/api/v1/admin/") {
            Some(&["admin_key", "staff_session"])
        } else if *path == paths::AUTH_LOGOUT {
            Some(&["staff_session"])
        } else if [paths::VENUE, paths::VISITS, paths::LIMIT_LIST].contains(path) {
            Some(&["venue_key"])
        } else if path.starts_with("/api/v1/provider/") {
            Some(&["provider_key"])
        } else {
            None
        };
        match keys {
            Some(keys) => {
                let any_of: Vec<Value> = keys.iter().map(|k| json!({ *k: [] })).collect();
                assert_eq!(op["security"], json!(any_of), "{at}");
                let unauthorized = &op["responses"]["401"]["content"]["application/json"];
                assert_eq!(
                    unauthorized["schema"]["$ref"], "#/components/schemas/ErrorBody",
                    "{at}"
                );
            }
            None => assert!(op.get("security").is_none(), "{at}"),
        }
        // Every error answer of the API is an ErrorBody (or the shared 500).
        for (status, response) in op["responses"].as_object().unwrap() {
            if status.starts_with('4')
                && !(*path == "/api/v1/admin/venue-keys/{id}" && status == "400")
            {
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{at} {status}"
                );
            }
        }
        assert_eq!(
            op["responses"]["500"]["$ref"], "#/components/responses/Internal",
            "{at}"
        );
        if let Some(body) = op.get("requestBody") {
            assert_eq!(body["required"], true, "{at}");
        }
    }
    for key in ["admin_key", "venue_key", "provider_key"] {
        let scheme = &doc["components"]["securitySchemes"][key];
        assert_eq!(
            (&scheme["type"], &scheme["scheme"]),
            (&json!("http"), &json!("bearer"))
        );
    }

    for name in [
        "Offer",
        "CatalogueResponse",
        "ErrorBody",
        "CredentialResponse",
    ] {
        assert_eq!(schema(&doc, name)["type"], "object", "{name}");
    }

    // The details that differ between endpoints.
    let catalogue = &doc["paths"]["/api/v1/catalogue"]["get"];
    assert!(catalogue["responses"].get("304").is_some());
    assert!(catalogue["responses"]["304"].get("content").is_none());
    assert_eq!(catalogue["parameters"][0]["name"], "since");
    assert_eq!(catalogue["parameters"][0]["in"], "query");
    let stats = &doc["paths"]["/api/v1/admin/stats"]["get"]["parameters"];
    let names: Vec<&Value> = stats
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["name"])
        .collect();
    assert_eq!(names, [&json!("period")]);
    // No operation takes an activation code (or anything else secret) in its URL: proxies,
    // access logs and browser history keep URLs.
    for (path, item) in doc["paths"].as_object().unwrap() {
        assert!(!path.contains("code"), "{path}");
        for (method, op) in item.as_object().unwrap() {
            for param in op["parameters"].as_array().into_iter().flatten() {
                let name = param["name"].as_str().unwrap();
                // Except OpenID Connect's callback, whose protocol puts the provider's one-time
                // code there: it is bound to this server's PKCE verifier and used within minutes.
                if *path == paths::AUTH_CALLBACK && name == "code" {
                    continue;
                }
                assert!(
                    !["code", "kode", "key", "token", "presentation"].contains(&name),
                    "{method} {path} takes {name} in its {}",
                    param["in"]
                );
            }
        }
    }
    let import = &doc["paths"]["/api/v1/admin/offers/import"]["post"]["requestBody"]["content"];
    assert_eq!(
        import["application/json"]["schema"]["items"]["$ref"],
        "#/components/schemas/Offer"
    );
    assert!(import.get("text/csv").is_some());
    let image = &doc["paths"]["/api/v1/admin/offers/{id}/image"]["post"];
    let types: Vec<&String> = image["requestBody"]["content"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(types, ["image/jpeg", "image/png"]);
    assert!(image["responses"].get("413").is_some());
    for list in ["/api/v1/trust-list", "/api/v1/revocation-list"] {
        let content = &doc["paths"][list]["get"]["responses"]["200"]["content"];
        assert!(content.get("application/cose").is_some(), "{list}");
    }
    let activate = &doc["paths"]["/api/v1/activate"]["post"]["responses"];
    assert!(activate["429"]["headers"].get("Retry-After").is_some());
    assert!(
        doc["paths"]["/api/v1/admin/offers"]["post"]["responses"]
            .get("409")
            .is_some()
    );
}

/// Each documented route is one the router has: none answers "no API endpoint" or 405.
#[tokio::test]
async fn openapi_routes_exist_in_the_router() {
    let fixture = Fixture::new();
    let state = fixture.state();
    for (method, path) in ROUTES {
        let uri = path
            .replace("{file}", "x.jpg")
            .replace("{id}/", "0123456789abcdef/")
            .replace("venue-keys/{id}", "venue-keys/1")
            .replace("{id}", "x");
        let req = Request::builder()
            .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
            .uri(&uri)
            .body(Body::empty())
            .unwrap();
        let res = oneshot(state.clone(), req).await;
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes);
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        assert!(!text.contains("no API endpoint"), "{method} {uri}: {text}");
    }
}

/// The schemas admit what the server really serialises.
#[tokio::test]
async fn openapi_schemas_match_the_wire_form() {
    let doc = document().await;
    let offer_schema = schema(&doc, "Offer");

    let offer = serde_json::to_value(full_offer()).unwrap();
    let properties = offer_schema["properties"].as_object().unwrap();
    for key in offer.as_object().unwrap().keys() {
        assert!(properties.contains_key(key), "Offer's schema lacks {key}");
    }
    admits(&doc, offer_schema, &offer).unwrap();
    // The minimal offer of the API tests (defaults left out) fits too, and a dated schedule.
    let mut minimal = offer.clone();
    for optional in [
        "location",
        "season",
        "image",
        "demo",
        "changed_at",
        "booking",
        "accessibility",
    ] {
        minimal.as_object_mut().unwrap().remove(optional);
    }
    minimal["schedule"] =
        json!({ "kind": "dates", "dates": [{ "date": "2026-12-05", "start": "17:30" }] });
    let minimal_offer: Offer = serde_json::from_value(minimal.clone()).unwrap();
    admits(&doc, offer_schema, &minimal).unwrap();
    admits(
        &doc,
        offer_schema,
        &serde_json::to_value(minimal_offer).unwrap(),
    )
    .unwrap();
    // And the schema would catch a wrong wire form.
    let mut wrong = offer.clone();
    wrong["schedule"]["kind"] = json!("monthly");
    assert!(admits(&doc, offer_schema, &wrong).is_err());
    wrong = offer.clone();
    wrong["district"] = json!("Årstad");
    assert!(admits(&doc, offer_schema, &wrong).is_err());

    let catalogue = CatalogueResponse {
        version: 7,
        full: false,
        offers: vec![full_offer()],
        removed: vec!["gone".into()],
        category_rules: vec![aktivitetskortet_core::visit_rule::CategoryRule {
            category: aktivitetskortet_core::Category::Swimming,
            rule: "10/month+companion".parse().unwrap(),
        }],
    };
    admits(
        &doc,
        schema(&doc, "CatalogueResponse"),
        &serde_json::to_value(catalogue).unwrap(),
    )
    .unwrap();
    let error = ErrorBody {
        code: "invalid".into(),
        message: "the offer has errors".into(),
        details: vec![ErrorDetail {
            line: Some(2),
            field: Some("title".into()),
            message: "the bokmål text is required".into(),
        }],
    };
    admits(
        &doc,
        schema(&doc, "ErrorBody"),
        &serde_json::to_value(error).unwrap(),
    )
    .unwrap();

    // A hidden cell is the string "<5", a shown one a number; nothing else.
    let cell = schema(&doc, "Cell");
    for c in [Cell::Suppressed, Cell::Count(0), Cell::Count(12)] {
        admits(&doc, cell, &serde_json::to_value(c).unwrap()).unwrap();
    }
    assert_eq!(serde_json::to_value(Cell::Suppressed).unwrap(), json!("<5"));
    admits(&doc, cell, &json!("<5")).unwrap();
    assert!(admits(&doc, cell, &json!("5")).is_err());
    assert!(admits(&doc, cell, &json!(-1)).is_err());
    let row = Row {
        key: "museum".into(),
        label: "Museum".into(),
        visits: Cell::Count(40),
        holders: Cell::Suppressed,
    };
    admits(
        &doc,
        schema(&doc, "Row"),
        &serde_json::to_value(row).unwrap(),
    )
    .unwrap();

    // Dates and times are strings with a pattern.
    for (name, example) in [("Date", "2026-12-05"), ("Time", "17:30")] {
        let s = schema(&doc, name);
        assert_eq!(s["type"], "string", "{name}");
        assert!(s["pattern"].is_string(), "{name}");
        admits(&doc, s, &json!(example)).unwrap();
    }
}

/// 2026-11-25T12:00:00Z.
const NOW: u64 = 1_795_608_000;

/// Answers of the real server, each checked against the response the document gives for its
/// route and status: the status must be documented, and a JSON body must fit its schema.
pub(crate) struct Contract {
    _fixture: Fixture,
    pub(crate) state: aktivitetskortet_server::AppState,
    doc: Value,
    pub(crate) admin: String,
}

impl Contract {
    /// A server at [`NOW`] with an admin key, and its document.
    pub(crate) async fn new() -> Contract {
        let fixture = Fixture::new();
        let state = fixture.state_at(NOW);
        let admin = state.create_admin_key("test").unwrap();
        let doc = document().await;
        Contract {
            _fixture: fixture,
            state,
            doc,
            admin,
        }
    }

    /// Sends `method uri` (matched to the documented `path`) and checks the answer; returns
    /// its status and JSON body (Null when not JSON).
    pub(crate) async fn call(
        &self,
        (method, path, uri): (&str, &str, &str),
        key: Option<&str>,
        body: Option<(&str, Vec<u8>)>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder()
            .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
            .uri(uri);
        if let Some(key) = key {
            req = req.header(header::AUTHORIZATION, format!("Bearer {key}"));
        }
        let req = match body {
            Some((content_type, bytes)) => req
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(bytes)),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let res = oneshot(self.state.clone(), req).await;
        let status = res.status();
        let content_type = res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned());
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let at = format!("{method} {uri} -> {status}");
        let op = &self.doc["paths"][path][method];
        assert!(op.is_object(), "{at}: {method} {path} is not documented");
        let mut response = &op["responses"][status.as_str()];
        if let Some(reference) = response["$ref"].as_str() {
            let name = reference.strip_prefix("#/components/responses/").unwrap();
            response = &self.doc["components"]["responses"][name];
        }
        assert!(response.is_object(), "{at}: status not documented");
        let Some(content_type) = content_type else {
            assert!(
                response.get("content").is_none(),
                "{at}: documented with a body"
            );
            return (status, Value::Null);
        };
        let documented = response["content"]
            .as_object()
            .unwrap_or_else(|| panic!("{at}: a {content_type} body, documented without one"));
        let (_, media) = documented
            .iter()
            .find(|(t, _)| content_type.starts_with(t.split(';').next().unwrap()))
            .unwrap_or_else(|| panic!("{at}: {content_type} is not documented"));
        if content_type.starts_with("application/json") {
            let value: Value = serde_json::from_slice(&bytes).unwrap();
            admits(&self.doc, &media["schema"], &value).unwrap_or_else(|e| panic!("{at}: {e}"));
            (status, value)
        } else {
            (status, Value::Null)
        }
    }

    pub(crate) async fn admin(
        &self,
        route: (&str, &str, &str),
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let body = body.map(|b| ("application/json", b.to_string().into_bytes()));
        self.call(route, Some(&self.admin.clone()), body).await
    }
}

#[tokio::test]
async fn openapi_real_answers_fit_their_documented_responses() {
    use base64::Engine;
    let api = Contract::new().await;
    let json = |v: Value| Some(("application/json", v.to_string().into_bytes()));

    api.call(("get", "/healthz", "/healthz"), None, None).await;
    let (status, ready) = api.call(("get", "/readyz", "/readyz"), None, None).await;
    assert_eq!(status, StatusCode::OK, "{ready}");
    api.state.lifecycle.start_draining();
    let (status, ready) = api.call(("get", "/readyz", "/readyz"), None, None).await;
    assert_eq!(
        (status, ready["draining"].as_bool()),
        (StatusCode::SERVICE_UNAVAILABLE, Some(true))
    );
    let offers = ("post", "/api/v1/admin/offers", "/api/v1/admin/offers");
    let offer = serde_json::to_value(full_offer()).unwrap();
    assert_eq!(
        api.admin(offers, Some(offer.clone())).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        api.admin(offers, Some(offer.clone())).await.0,
        StatusCode::CONFLICT
    );
    let mut bad = offer.clone();
    bad["title"]["nb"] = json!("");
    assert_eq!(
        api.admin(offers, Some(bad)).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, _) = api.call(offers, None, json(offer.clone())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    api.admin(
        ("get", "/api/v1/admin/offers", "/api/v1/admin/offers"),
        None,
    )
    .await;
    let one = (
        "put",
        "/api/v1/admin/offers/{id}",
        "/api/v1/admin/offers/other",
    );
    assert_eq!(
        api.admin(one, Some(offer.clone())).await.0,
        StatusCode::BAD_REQUEST
    );
    let import = (
        "post",
        "/api/v1/admin/offers/import",
        "/api/v1/admin/offers/import",
    );
    let (status, _) = api
        .call(import, Some(&api.admin.clone()), json(json!([offer])))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api
        .call(
            import,
            Some(&api.admin.clone()),
            Some(("text/plain", b"x".to_vec())),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let image = (
        "post",
        "/api/v1/admin/offers/{id}/image",
        "/api/v1/admin/offers/kode-familiesondag/image",
    );
    let (status, _) = api
        .call(
            image,
            Some(&api.admin.clone()),
            Some(("image/png", b"not a png".to_vec())),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let catalogue = ("get", "/api/v1/catalogue", "/api/v1/catalogue");
    let (_, body) = api.call(catalogue, None, None).await;
    let current = format!("/api/v1/catalogue?since={}", body["version"]);
    let (status, _) = api
        .call(("get", "/api/v1/catalogue", &current), None, None)
        .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    let (status, _) = api
        .call(
            ("get", "/api/v1/catalogue", "/api/v1/catalogue?since=x"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api
        .call(
            ("get", "/api/v1/images/{file}", "/api/v1/images/none.jpg"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for list in [
        "/api/v1/trust-list",
        "/api/v1/revocation-list",
        "/api/v1/list-keys",
    ] {
        assert_eq!(
            api.call(("get", list, list), None, None).await.0,
            StatusCode::OK
        );
    }

    let cards = ("post", "/api/v1/admin/cards", "/api/v1/admin/cards");
    let (status, card) = api
        .admin(
            cards,
            Some(json!({
                "given_name": "Sara", "birth_year": 2015, "valid_from": "2026-11-01",
                "valid_until": "2027-04-30", "companion": "one_at_public_events", "language": "en"
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    api.admin(("get", "/api/v1/admin/cards", "/api/v1/admin/cards"), None)
        .await;
    let id = card["card_id"].as_str().unwrap();
    let letters = ("post", "/api/v1/admin/letters", "/api/v1/admin/letters");
    let one =
        json!({ "letters": [{ "card_id": card["card_id"], "code": card["activation_code"] }] });
    assert_eq!(api.admin(letters, Some(one)).await.0, StatusCode::OK);
    let none = json!({ "letters": [] });
    assert_eq!(
        api.admin(letters, Some(none)).await.0,
        StatusCode::BAD_REQUEST
    );
    let phone = aktivitetskortet_core::token::DeviceKey::from_secret(&[7; 32]).unwrap();
    let device_key =
        base64::engine::general_purpose::STANDARD.encode(phone.public_key().to_compressed());
    let activate = ("post", "/api/v1/activate", "/api/v1/activate");
    let (status, _) = api
        .call(
            activate,
            None,
            json(json!({ "code": card["activation_code"], "device_key": device_key })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api
        .call(
            activate,
            None,
            json(json!({ "code": "AAAA-BBBB-CCCC-DDDD", "device_key": device_key })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let refresh = ("post", "/api/v1/refresh", "/api/v1/refresh");
    let (status, _) = api
        .call(refresh, None, json(json!({ "presentation": "not a QR" })))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let reissue = format!("/api/v1/admin/cards/{id}/reissue");
    let reissue = ("post", "/api/v1/admin/cards/{id}/reissue", reissue.as_str());
    assert_eq!(api.admin(reissue, None).await.0, StatusCode::OK);
    let revoke = format!("/api/v1/admin/cards/{id}/revoke");
    let revoke = ("post", "/api/v1/admin/cards/{id}/revoke", revoke.as_str());
    assert_eq!(api.admin(revoke, None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.admin(reissue, None).await.0, StatusCode::CONFLICT);

    let venue_keys = (
        "post",
        "/api/v1/admin/venue-keys",
        "/api/v1/admin/venue-keys",
    );
    let (status, venue) = api
        .admin(
            venue_keys,
            Some(json!({ "name": "KODE", "offer_ids": ["kode-familiesondag"] })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let key = venue["key"].as_str().unwrap();
    api.admin(
        (
            "get",
            "/api/v1/admin/venue-keys",
            "/api/v1/admin/venue-keys",
        ),
        None,
    )
    .await;
    api.call(("get", "/api/v1/venue", "/api/v1/venue"), Some(key), None)
        .await;
    let visits = ("post", "/api/v1/visits", "/api/v1/visits");
    // A visit a minute before the card was revoked above: one after it would be refused.
    let checkin = json!({ "id": "v1", "card_id": id, "offer_id": "kode-familiesondag", "at": NOW - 60, "companion": true });
    let (status, _) = api
        .call(visits, Some(key), json(json!({ "checkins": [checkin] })))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api
        .call(visits, Some(key), json(json!({ "checkins": [{ "id": "v2", "card_id": "nope", "offer_id": "x", "at": 1, "companion": false }] })))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = api
        .call(visits, None, json(json!({ "checkins": [] })))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Reports are read once their quarter is closed (15 January for the fourth quarter).
    let stats = "/api/v1/admin/stats?period=2026-Q4";
    let (status, _) = api.admin(("get", "/api/v1/admin/stats", stats), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "still open");
    api.state.clock.set(1_799_971_200);
    let (status, report) = api.admin(("get", "/api/v1/admin/stats", stats), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["visits"], "<5", "one visit is a hidden cell");
    let (status, periods) = api
        .admin(
            (
                "get",
                "/api/v1/admin/stats/periods",
                "/api/v1/admin/stats/periods",
            ),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(periods["closed"][0], "2026");
    assert_eq!(periods["next"], "2027-Q1");
    let (status, _) = api
        .admin(
            (
                "get",
                "/api/v1/admin/stats",
                "/api/v1/admin/stats?from=2026-11-01&to=2026-11-30",
            ),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let csv = "/api/v1/admin/stats.csv?period=2026-Q4";
    assert_eq!(
        api.admin(("get", "/api/v1/admin/stats.csv", csv), None)
            .await
            .0,
        StatusCode::OK
    );
    api.state.clock.set(NOW);

    let venue_key = (
        "delete",
        "/api/v1/admin/venue-keys/{id}",
        "/api/v1/admin/venue-keys/",
    );
    let one = format!("{}{}", venue_key.2, venue["id"]);
    assert_eq!(
        api.admin((venue_key.0, venue_key.1, &one), None).await.0,
        StatusCode::NO_CONTENT
    );
    let (status, _) = api
        .admin(
            (venue_key.0, venue_key.1, "/api/v1/admin/venue-keys/abc"),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a non-number id is no venue key"
    );
    let (status, _) = api
        .admin(
            (venue_key.0, venue_key.1, "/api/v1/admin/venue-keys/999"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let one_offer = (
        "delete",
        "/api/v1/admin/offers/{id}",
        "/api/v1/admin/offers/kode-familiesondag",
    );
    assert_eq!(api.admin(one_offer, None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.admin(one_offer, None).await.0, StatusCode::NOT_FOUND);
    let openapi = ("get", "/openapi.json", "/openapi.json");
    assert_eq!(api.call(openapi, None, None).await.0, StatusCode::OK);
}
