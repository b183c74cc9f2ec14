//! Socket-less tests of the router: health, the web app's files and routes, API errors.

use aktivitetskortet_core::api::{ErrorBody, Health};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::util::{Fixture, INDEX_HTML, body_text, get, oneshot};

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

#[tokio::test]
async fn responses_are_gzipped_when_the_client_accepts_it() {
    let fx = Fixture::new();
    let req = Request::get("/wasm/app_bg.wasm")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let res = oneshot(fx.state(), req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
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
