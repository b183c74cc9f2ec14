//! Serving the built web app: its static files with the right types and caching, and `index.html`
//! for the app's own routes (so a reload on `/tilbud` still opens the app).

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;

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
    let index = web.dir.join("index.html");
    let fallback = move |method: Method, uri: Uri| app_route(index.clone(), method, uri);
    let files = ServeDir::new(&web.dir)
        .append_index_html_on_directories(true)
        .fallback(fallback.into_service());
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
}

/// What a path that is not a file gets: the app's `index.html` when it looks like one of the app's
/// routes, a 404 when it looks like a missing file (a stale script must fail loudly, not receive
/// HTML).
async fn app_route(index: PathBuf, method: Method, uri: Uri) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or_default();
    if !(method == Method::GET || method == Method::HEAD) || last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match tokio::fs::read(&index).await {
        Ok(html) => Response::builder()
            .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
            .body(Body::from(html))
            .expect("static headers are valid"),
        Err(err) => {
            tracing::warn!(path = %index.display(), %err, "web app not built");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "Aktivitetskortet: the web app is not built. Run `cargo xtask web` and reload.",
            )
                .into_response()
        }
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
    fn only_dx_hashed_file_names_count_as_immutable() {
        assert!(is_content_hashed("/assets/main-dxh3f2a9c.css"));
        assert!(is_content_hashed("/wasm/aktivitetskortet_bg-dxh77aa.wasm"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/assets/main.css"));
        assert!(!is_content_hashed("/tilbud"));
    }
}
