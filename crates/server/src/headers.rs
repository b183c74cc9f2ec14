//! Security headers on every response: a Content-Security-Policy that allows each app only what
//! it loads, no framing, no MIME sniffing, no referrer, the camera for venue mode alone, and HSTS
//! when the server is reached over HTTPS; and the endpoint browsers report refusals to.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;
use crate::web::App;

/// Where browsers send what a policy refused: in the server's log it shows a page that tries
/// something the policy did not foresee (a bug) or an injected script (an attack).
pub(crate) const REPORT_PATH: &str = aktivitetskortet_core::api::paths::CSP_REPORTS;

/// The headers, made once at start.
#[derive(Clone)]
pub(crate) struct SecurityHeaders {
    holder: HeaderValue,
    venue: HeaderValue,
    admin: HeaderValue,
    api: HeaderValue,
    /// `Strict-Transport-Security`, only when the public URL is https.
    hsts: Option<HeaderValue>,
}

/// What the apps need. Scripts: the build's own files, and wasm compilation
/// (`'wasm-unsafe-eval'` allows that and nothing else: no `eval`, no inline script, which is why
/// the apps' page JavaScript lives in a file, `page.js`). Images: thumbnails are cached on the
/// phone and shown as `data:` URLs. Everything else from this server only.
const APP_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'; report-uri /api/v1/csp-reports";

impl SecurityHeaders {
    /// `letter_css` is the letters' one inline stylesheet: the admin area shows letters in a
    /// sandboxed `srcdoc` frame, which inherits the admin page's policy, so that stylesheet (and
    /// only it) is allowed there by its hash, as it is on the letter endpoints' own pages.
    pub(crate) fn new(public_url: &str, letter_css: &str) -> SecurityHeaders {
        let letter_style = format!(
            "'sha256-{}'",
            BASE64.encode(Sha256::digest(letter_css.as_bytes()))
        );
        let value = |policy: String| HeaderValue::try_from(policy).expect("an ASCII policy");
        SecurityHeaders {
            holder: value(format!("{APP_POLICY}; style-src 'self'")),
            venue: value(format!("{APP_POLICY}; style-src 'self'")),
            admin: value(format!(
                "{APP_POLICY}; style-src 'self' {letter_style}; frame-src 'self'"
            )),
            api: value(format!(
                "default-src 'none'; style-src {letter_style}; frame-ancestors 'none'; report-uri {REPORT_PATH}"
            )),
            hsts: public_url
                .starts_with("https://")
                .then(|| HeaderValue::from_static("max-age=31536000")),
        }
    }

    fn apply(&self, path: &str, headers: &mut HeaderMap) {
        let (policy, permissions) = if is_api(path) {
            (&self.api, NO_FEATURES)
        } else {
            match App::for_path(path) {
                App::Holder => (&self.holder, HOLDER_FEATURES),
                App::Venue => (&self.venue, VENUE_FEATURES),
                App::Admin => (&self.admin, NO_FEATURES),
            }
        };
        headers.insert(header::CONTENT_SECURITY_POLICY, policy.clone());
        headers.insert(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(permissions),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        if let Some(hsts) = &self.hsts {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
        }
    }
}

/// The holder's app asks for the position ("near me") and nothing else.
const HOLDER_FEATURES: &str = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()";
/// Venue mode reads cards with the camera.
const VENUE_FEATURES: &str = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";
const NO_FEATURES: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

fn is_api(path: &str) -> bool {
    use aktivitetskortet_core::api::paths;
    path == "/api"
        || path.starts_with("/api/")
        || [paths::HEALTHZ, paths::READYZ, paths::OPENAPI].contains(&path)
}

/// The middleware: sets the headers on every answer, errors included.
pub(crate) async fn security_headers(
    State(headers): State<SecurityHeaders>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    headers.apply(&path, res.headers_mut());
    res
}

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(REPORT_PATH, post(report))
        // A report is a few hundred bytes.
        .layer(DefaultBodyLimit::max(16 * 1024))
}

/// `POST /api/v1/csp-reports`: logs which rule refused which kind of resource, and nothing
/// else. A report's `document-uri` and `blocked-uri` can carry an activation code in a query
/// string (`/aktiver?kode=…`), so neither is logged; the directive is logged only as the
/// letters, digits and hyphens a directive is made of.
async fn report(body: Bytes) -> Result<StatusCode, ApiError> {
    let refused = || {
        ApiError::bad_request(
            "bad_report",
            "not a CSP violation report (application/csp-report JSON)",
        )
    };
    let report: serde_json::Value = serde_json::from_slice(&body).map_err(|_| refused())?;
    let report = report.get("csp-report").ok_or_else(refused)?;
    let directive = report["effective-directive"]
        .as_str()
        .or(report["violated-directive"].as_str())
        .ok_or_else(refused)?;
    let directive: String = directive
        .split(' ')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    let blocked = report["blocked-uri"]
        .as_str()
        .map(blocked_kind)
        .unwrap_or("none");
    tracing::warn!(directive, blocked, "csp violation");
    Ok(StatusCode::NO_CONTENT)
}

/// What kind of thing was refused, without its address: `inline`, `eval`, `wasm-eval`, `data`,
/// `blob`, `url` or `other`.
fn blocked_kind(uri: &str) -> &'static str {
    match uri {
        "inline" => "inline",
        "eval" => "eval",
        "wasm-eval" => "wasm-eval",
        _ if uri.starts_with("data:") => "data",
        _ if uri.starts_with("blob:") => "blob",
        _ if uri.starts_with("https:") || uri.starts_with("http:") => "url",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_app_gets_its_own_features_and_the_api_nothing() {
        let h = SecurityHeaders::new("http://127.0.0.1:8080", "body{}");
        let mut map = HeaderMap::new();
        h.apply("/sted", &mut map);
        assert!(
            map["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("camera=(self)")
        );
        h.apply("/tilbud/x", &mut map);
        let holder = map["permissions-policy"].to_str().unwrap();
        assert!(holder.contains("camera=()") && holder.contains("geolocation=(self)"));
        h.apply("/api/v1/catalogue", &mut map);
        let api = map[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(api.starts_with("default-src 'none'"), "{api}");
        assert!(!map.contains_key(header::STRICT_TRANSPORT_SECURITY));

        let https = SecurityHeaders::new("https://aktivitetskort.bergen.kommune.no", "body{}");
        https.apply("/", &mut map);
        assert_eq!(map[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
        // The hash of the stylesheet, as a browser computes it over its text.
        assert!(
            map[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("style-src 'self'")
        );
        https.apply("/admin", &mut map);
        let admin = map[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            admin.contains("'sha256-fJgEClQWV1hGkK4qHMO0KotTsVnMYMXTq7/suurGyUo='"),
            "{admin}"
        );
    }
}
