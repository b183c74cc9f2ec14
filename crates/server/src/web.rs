//! Serving the web build: three apps, each with its own page (the holder's app at `/`, venue mode
//! at `/sted`, the admin area at `/admin`), their static files with the right types and caching,
//! and each app's page for its own routes (so a reload on `/tilbud` still opens the holder's app).
//! Every file is sent as the build precompressed it (brotli or gzip, by `Accept-Encoding`); nothing
//! is compressed per request.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The folder the web build was written to.
pub(crate) struct WebApp {
    dir: PathBuf,
}

impl WebApp {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    pub(crate) fn is_built(&self) -> bool {
        self.dir.join("index.html").is_file()
    }
}

pub(crate) fn router(web: Arc<WebApp>) -> Router {
    let dir = web.dir.clone();
    let fallback = move |req: Request| app_page(dir.clone(), req);
    let files = ServeDir::new(&web.dir)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(fallback.into_service());
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
}

/// The three apps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum App {
    Holder,
    Venue,
    Admin,
}

impl App {
    /// The app a path belongs to, by its first segment (the apps' own rule, in `shared::apps` of
    /// the app crate): `sted` is venue mode, `admin` the admin area, anything else the holder's
    /// app. Its files (`sted-sw.js`, `admin.html`) belong to it too.
    pub(crate) fn for_path(path: &str) -> App {
        match path.trim_start_matches('/').split('/').next() {
            Some("sted" | "sted.html" | "sted-sw.js") => App::Venue,
            Some("admin" | "admin.html" | "admin-sw.js") => App::Admin,
            _ => App::Holder,
        }
    }

    fn page(self) -> &'static str {
        match self {
            App::Holder => "index.html",
            App::Venue => "sted.html",
            App::Admin => "admin.html",
        }
    }
}

fn page_for(path: &str) -> &'static str {
    App::for_path(path).page()
}

/// What a path that is not a file gets: its app's page when it looks like one of the apps'
/// routes, a 404 when it looks like a missing file (a stale script must fail loudly, not receive
/// HTML).
async fn app_page(dir: PathBuf, req: Request) -> Response {
    let last = req.uri().path().rsplit('/').next().unwrap_or_default();
    if !(req.method() == Method::GET || req.method() == Method::HEAD) || last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let page = dir.join(page_for(req.uri().path()));
    if !page.is_file() {
        tracing::warn!(path = %page.display(), "web app not built");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "Aktivitetskortet: the web app is not built. Run `cargo xtask web` and reload.",
        )
            .into_response();
    }
    let served = ServeFile::new(page)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await;
    match served {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    }
}

/// dx names processed assets `name-dxh<hash>.ext`: those never change and may be cached for good.
/// Everything else (index.html, the service worker, unhashed files) must be revalidated so a new
/// version is picked up on the next start.
async fn cache_control(req: Request, next: Next) -> Response {
    let hashed = is_content_hashed(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() && !res.headers().contains_key(header::CACHE_CONTROL) {
        let value = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.contains("-dxh") && name.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_gets_the_page_of_its_app() {
        assert_eq!(page_for("/"), "index.html");
        assert_eq!(page_for("/tilbud/kode-1"), "index.html");
        assert_eq!(page_for("/sted"), "sted.html");
        assert_eq!(page_for("/sted/"), "sted.html");
        assert_eq!(page_for("/admin/tilbud/ny"), "admin.html");
        assert_eq!(page_for("/stedet"), "index.html");
        assert_eq!(App::for_path("/sted-sw.js"), App::Venue);
        assert_eq!(App::for_path("/admin.html"), App::Admin);
        assert_eq!(App::for_path("/sw.js"), App::Holder);
    }

    #[test]
    fn only_dx_hashed_file_names_count_as_immutable() {
        assert!(is_content_hashed("/assets/main-dxh3f2a9c.css"));
        assert!(is_content_hashed("/wasm/aktivitetskortet_bg-dxh77aa.wasm"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/assets/main.css"));
        assert!(!is_content_hashed("/tilbud"));
    }
}
