//! Socket-less tests of the router: health, the web app's files and routes, API errors.

use aktivitetskortet_core::api::{ErrorBody, Health};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::util::{
    ADMIN_HTML, Fixture, INDEX_HTML, VENUE_HTML, body_bytes, body_text, get, oneshot, wasm_bytes,
};

#[tokio::test]
async fn healthz_answers_ok_with_the_version() {
    let fx = Fixture::new();
    let res = oneshot(fx.state(), get("/healthz")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
    let health: Health = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn root_serves_the_app_and_is_revalidated() {
    let fx = Fixture::new();
    let res = oneshot(fx.state(), get("/")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(body_text(res).await, INDEX_HTML);
}

#[tokio::test]
async fn client_routes_fall_back_to_index_html() {
    let fx = Fixture::new();
    for path in [
        "/tilbud",
        "/innstillinger",
        "/tilbud/42",
        "/some/deep/route",
    ] {
        let res = oneshot(fx.state(), get(path)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(
            res.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert_eq!(body_text(res).await, INDEX_HTML, "{path}");
    }
}

#[tokio::test]
async fn missing_files_are_404_not_the_app_page() {
    let fx = Fixture::new();
    for path in ["/wasm/gone.wasm", "/assets/old-dxh999.css", "/favicon.png"] {
        let res = oneshot(fx.state(), get(path)).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_ne!(body_text(res).await, INDEX_HTML, "{path}");
    }
}

#[tokio::test]
async fn static_files_have_correct_mime_types() {
    let fx = Fixture::new();
    let cases = [
        ("/wasm/app_bg.wasm", "application/wasm"),
        ("/wasm/app.js", "text/javascript"),
        ("/assets/main-dxh0123abcd.css", "text/css"),
        ("/index.html", "text/html"),
    ];
    for (path, mime) in cases {
        let res = oneshot(fx.state(), get(path)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let ct = res.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(ct.starts_with(mime), "{path}: {ct}");
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_others_are_not() {
    let fx = Fixture::new();
    let res = oneshot(fx.state(), get("/assets/main-dxh0123abcd.css")).await;
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let res = oneshot(fx.state(), get("/wasm/app.js")).await;
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
}

/// The body of a response, decoded as its `Content-Encoding` says.
async fn decoded(res: axum::response::Response) -> Vec<u8> {
    let encoding = res
        .headers()
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = body_bytes(res).await;
    let mut out = Vec::new();
    match encoding.as_deref() {
        Some("br") => brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap(),
        Some("gzip") => {
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out)
                .unwrap();
        }
        None => out = bytes,
        Some(other) => panic!("unexpected encoding {other}"),
    }
    out
}

#[tokio::test]
async fn precompressed_files_are_sent_as_asked_and_decode_to_the_same_bytes() {
    let fx = Fixture::new();
    for (accept, encoding) in [
        (Some("gzip, deflate, br"), Some("br")),
        (Some("gzip"), Some("gzip")),
        (Some("identity"), None),
        (None, None),
    ] {
        let mut req = Request::get("/wasm/app_bg.wasm");
        if let Some(accept) = accept {
            req = req.header(header::ACCEPT_ENCODING, accept);
        }
        let res = oneshot(fx.state(), req.body(Body::empty()).unwrap()).await;
        assert_eq!(res.status(), StatusCode::OK, "{accept:?}");
        assert_eq!(
            res.headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        assert_eq!(res.headers()[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(res.headers()[header::VARY], "accept-encoding");
        assert_eq!(decoded(res).await, wasm_bytes(), "{accept:?}");
    }
}

#[tokio::test]
async fn a_static_file_without_a_precompressed_copy_is_never_compressed_per_request() {
    let fx = Fixture::new();
    let req = Request::get("/wasm/app.js")
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::empty())
        .unwrap();
    let res = oneshot(fx.state(), req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
}

#[tokio::test]
async fn each_app_has_its_own_page_for_its_own_paths() {
    let fx = Fixture::new();
    for (path, page) in [
        ("/sted", VENUE_HTML),
        ("/sted/", VENUE_HTML),
        ("/admin", ADMIN_HTML),
        ("/admin/tilbud/ny", ADMIN_HTML),
        ("/stedet", INDEX_HTML),
        ("/aktiver", INDEX_HTML),
    ] {
        let res = oneshot(fx.state(), get(path)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        assert_eq!(body_text(res).await, page, "{path}");
    }
}

#[tokio::test]
async fn unknown_api_paths_get_the_json_error_shape() {
    let fx = Fixture::new();
    let res = oneshot(fx.state(), get("/api/nope")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let err: ErrorBody = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(err.code, "not_found");
    assert!(err.message.contains("/api/nope"), "{}", err.message);
}

#[tokio::test]
async fn non_get_requests_to_app_routes_are_refused() {
    let fx = Fixture::new();
    let req = Request::post("/tilbud").body(Body::empty()).unwrap();
    let res = oneshot(fx.state(), req).await;
    assert!(res.status().is_client_error(), "{}", res.status());
    assert_ne!(body_text(res).await, INDEX_HTML);
}

#[tokio::test]
async fn an_unbuilt_web_app_says_how_to_build_it() {
    let fx = Fixture::new();
    std::fs::remove_file(fx.web_dir().join("index.html")).unwrap();
    let res = oneshot(fx.state(), get("/tilbud")).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(body_text(res).await.contains("cargo xtask web"));
    // The API keeps working without the web app.
    let res = oneshot(fx.state(), get("/healthz")).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// Every answer carries the security headers: the apps' pages, their files, the API's JSON, its
/// errors and the letters; each app gets its own features, and the letters' stylesheet is
/// allowed by the hash of the text a letter really has.
#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    use base64::Engine;
    use sha2::Digest;

    let fx = Fixture::new();
    let state = fx.state();
    for (path, camera, geolocation) in [
        ("/", "camera=()", "geolocation=(self)"),
        ("/tilbud/42", "camera=()", "geolocation=(self)"),
        ("/sted", "camera=(self)", "geolocation=()"),
        ("/admin", "camera=()", "geolocation=()"),
        ("/healthz", "camera=()", "geolocation=()"),
        ("/api/v1/catalogue", "camera=()", "geolocation=()"),
        ("/api/v1/nope", "camera=()", "geolocation=()"),
        ("/missing.js", "camera=()", "geolocation=(self)"),
    ] {
        let res = oneshot(state.clone(), get(path)).await;
        let h = res.headers();
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"),
            "{path}"
        );
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer", "{path}");
        let features = h["permissions-policy"].to_str().unwrap();
        assert!(
            features.contains(camera) && features.contains(geolocation),
            "{path}: {features}"
        );
        assert!(
            !h.contains_key(header::STRICT_TRANSPORT_SECURITY),
            "plain http: no HSTS"
        );
        if !path.starts_with("/api") && path != "/healthz" && path != "/missing.js" {
            assert!(
                csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
                "{path}: {csp}"
            );
        }
    }

    // A letter's own inline stylesheet is the one the policy allows, by its hash.
    let css = aktivitetskortet_server::letter::STYLESHEET;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(css));
    for path in ["/admin", "/api/v1/admin/letters"] {
        let res = oneshot(state.clone(), get(path)).await;
        let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{path}: {csp}");
    }

    // Behind https, browsers are told to come back over https only.
    let mut config = fx.config.clone();
    config.public_url = Some("https://aktivitetskort.example.no".into());
    let https = aktivitetskortet_server::AppState::open(&config).unwrap();
    for path in ["/", "/api/v1/catalogue"] {
        let res = oneshot(https.clone(), get(path)).await;
        assert_eq!(
            res.headers()[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000",
            "{path}"
        );
    }
}

/// Browsers report refusals to the server: a report is taken (and logged without its
/// addresses); anything else is a clear 400, and a large body a 413.
#[tokio::test]
async fn csp_reports_are_taken_and_anything_else_refused() {
    let fx = Fixture::new();
    let post = |body: Vec<u8>| {
        Request::post("/api/v1/csp-reports")
            .header(header::CONTENT_TYPE, "application/csp-report")
            .body(Body::from(body))
            .unwrap()
    };
    let report = serde_json::json!({ "csp-report": {
        "document-uri": "http://127.0.0.1/aktiver?kode=K7QF9M2XHT4PWJ3R",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
    }});
    let res = oneshot(fx.state(), post(report.to_string().into_bytes())).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for bad in [
        &b"not json"[..],
        br#"{"other": 1}"#,
        br#"{"csp-report": {}}"#,
    ] {
        let res = oneshot(fx.state(), post(bad.to_vec())).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad:?}");
        let body: ErrorBody = serde_json::from_str(&body_text(res).await).unwrap();
        assert_eq!(body.code, "bad_report");
    }
    let res = oneshot(fx.state(), post(vec![b' '; 17 * 1024])).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
