//! The backend's HTTP API as the phone uses it: typed calls with timeouts, and errors that say
//! whether the network or the server failed (so the app can say "no network", not "invalid").
//!
//! One API over two transports: in the browser the browser's own `fetch` (gloo-net), so the web
//! build carries no HTTP stack, URL parser or IDNA tables of its own; on the desktop and phones
//! reqwest (with the TLS the app chooses).

use aktivitetskortet_core::api::ErrorBody;
pub use http::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A phone on a bad network must give up rather than hang the sync (milliseconds).
const TIMEOUT_MS: u32 = 30_000;

/// Why a call to the backend failed.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// No answer: offline, the server down, a timeout, a cut connection.
    #[error("no connection to the server: {0}")]
    Network(String),
    /// The server answered with an error in the API's error shape.
    #[error("the server said {status}: {}", .body.message)]
    Api { status: u16, body: ErrorBody },
    /// The server answered with something that is not what the API promises.
    #[error("the server's answer could not be read: {0}")]
    BadResponse(String),
}

impl HttpError {
    /// The API's error code (`activation_failed`, `too_many_requests` ...), when there is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            HttpError::Api { body, .. } => Some(&body.code),
            _ => None,
        }
    }
}

/// A response that may be "not modified".
pub enum Fetched<T> {
    NotModified,
    Body(T),
}

/// A request as both transports send it.
struct Outgoing<'a> {
    method: Method,
    path: &'a str,
    bearer: Option<&'a str>,
    /// The body and its content type.
    body: Option<(&'a str, Vec<u8>)>,
}

/// An answer: its status and its whole body (a connection cut halfway is a network error, not a
/// short body).
struct Incoming {
    status: u16,
    body: Vec<u8>,
}

/// The backend at a base URL (`http://127.0.0.1:8080`, no trailing slash).
#[derive(Clone)]
pub struct Backend {
    base: String,
    /// A signed-in staff member's CSRF token, sent on every state-changing request (the
    /// session itself is the browser's cookie).
    csrf: Option<String>,
    #[cfg(not(target_arch = "wasm32"))]
    client: reqwest::Client,
}

impl Backend {
    pub fn new(base: &str) -> Result<Backend, HttpError> {
        Ok(Backend {
            base: base.trim_end_matches('/').to_owned(),
            csrf: None,
            #[cfg(not(target_arch = "wasm32"))]
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_millis(u64::from(TIMEOUT_MS)))
                .connect_timeout(std::time::Duration::from_secs(10))
                .build()
                .map_err(|e| HttpError::Network(e.to_string()))?,
        })
    }

    /// The same backend, sending `token` as `X-CSRF-Token` on every request that changes
    /// something.
    pub fn with_csrf(mut self, token: &str) -> Backend {
        self.csrf = Some(token.to_owned());
        self
    }

    /// The CSRF token for `method`, if one is sent.
    fn csrf_for(&self, method: &Method) -> Option<&str> {
        let safe = *method == Method::GET || *method == Method::HEAD;
        self.csrf.as_deref().filter(|_| !safe)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends one request over the browser's `fetch`.
    #[cfg(target_arch = "wasm32")]
    async fn exchange(&self, out: Outgoing<'_>) -> Result<Incoming, HttpError> {
        let network = |e: gloo_net::Error| HttpError::Network(e.to_string());
        let timeout = web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS);
        let csrf = self.csrf_for(&out.method);
        let mut request = gloo_net::http::RequestBuilder::new(&self.url(out.path))
            .method(out.method)
            .abort_signal(Some(&timeout));
        if let Some(key) = out.bearer {
            request = request.header("Authorization", &format!("Bearer {key}"));
        }
        if let Some(token) = csrf {
            request = request.header("X-CSRF-Token", token);
        }
        let request = match out.body {
            Some((content_type, bytes)) => request
                .header("Content-Type", content_type)
                .body(js_sys::Uint8Array::from(&bytes[..])),
            None => request.build(),
        }
        .map_err(network)?;
        let response = request.send().await.map_err(network)?;
        let status = response.status();
        // 304 has no body; reading one would fail for nothing.
        let body = if status == 304 {
            Vec::new()
        } else {
            response.binary().await.map_err(network)?
        };
        Ok(Incoming { status, body })
    }

    /// Sends one request with reqwest.
    #[cfg(not(target_arch = "wasm32"))]
    async fn exchange(&self, out: Outgoing<'_>) -> Result<Incoming, HttpError> {
        let network = |e: reqwest::Error| HttpError::Network(e.to_string());
        let csrf = self.csrf_for(&out.method);
        let mut request = self.client.request(out.method, self.url(out.path));
        if let Some(key) = out.bearer {
            request = request.bearer_auth(key);
        }
        if let Some(token) = csrf {
            request = request.header("X-CSRF-Token", token);
        }
        if let Some((content_type, bytes)) = out.body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(bytes);
        }
        let response = request.send().await.map_err(network)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(network)?.to_vec();
        Ok(Incoming { status, body })
    }

    /// The whole body of a successful answer; an unsuccessful one as the API's error.
    async fn body(&self, out: Outgoing<'_>) -> Result<Vec<u8>, HttpError> {
        let answer = self.exchange(out).await?;
        if !(200..300).contains(&answer.status) {
            return Err(Backend::error(answer.status, &answer.body));
        }
        Ok(answer.body)
    }

    /// The error for an unsuccessful answer: the API's error shape when it has one.
    fn error(status: u16, bytes: &[u8]) -> HttpError {
        match serde_json::from_slice::<ErrorBody>(bytes) {
            Ok(body) => HttpError::Api { status, body },
            Err(_) => HttpError::BadResponse(format!("status {status} without an error body")),
        }
    }

    fn json_body<B: Serialize>(body: &B) -> Result<(&'static str, Vec<u8>), HttpError> {
        let bytes = serde_json::to_vec(body).map_err(|e| HttpError::BadResponse(e.to_string()))?;
        Ok(("application/json", bytes))
    }

    fn read<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, HttpError> {
        // An empty answer (`204 No Content`) reads as `null`, so `()` works.
        let bytes: &[u8] = if bytes.is_empty() { b"null" } else { bytes };
        serde_json::from_slice(bytes).map_err(|e| HttpError::BadResponse(e.to_string()))
    }

    /// GET a JSON body; `Fetched::NotModified` on 304.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&str>,
    ) -> Result<Fetched<T>, HttpError> {
        let answer = self
            .exchange(Outgoing {
                method: Method::GET,
                path,
                bearer,
                body: None,
            })
            .await?;
        match answer.status {
            304 => Ok(Fetched::NotModified),
            200..300 => Backend::read(&answer.body).map(Fetched::Body),
            status => Err(Backend::error(status, &answer.body)),
        }
    }

    /// GET raw bytes (the signed lists, thumbnails).
    pub async fn get_bytes(&self, path: &str) -> Result<Vec<u8>, HttpError> {
        let answer = self
            .exchange(Outgoing {
                method: Method::GET,
                path,
                bearer: None,
                body: None,
            })
            .await?;
        if !(200..300).contains(&answer.status) {
            return Err(HttpError::BadResponse(format!("status {}", answer.status)));
        }
        Ok(answer.body)
    }

    /// GET raw bytes with a key (a venue's limit list); an unsuccessful answer as the API's error.
    pub async fn get_bytes_with(
        &self,
        path: &str,
        bearer: Option<&str>,
    ) -> Result<Vec<u8>, HttpError> {
        self.body(Outgoing {
            method: Method::GET,
            path,
            bearer,
            body: None,
        })
        .await
    }

    /// Any request with an optional JSON body, read as a JSON answer.
    pub async fn send_json<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<&B>,
    ) -> Result<T, HttpError> {
        let body = body.map(Backend::json_body).transpose()?;
        let bytes = self
            .body(Outgoing {
                method,
                path,
                bearer,
                body,
            })
            .await?;
        Backend::read(&bytes)
    }

    /// POST raw bytes with a content type (a file: an image, a CSV), read a JSON answer.
    pub async fn post_bytes<T: DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&str>,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<T, HttpError> {
        let bytes = self
            .body(Outgoing {
                method: Method::POST,
                path,
                bearer,
                body: Some((content_type, bytes)),
            })
            .await?;
        Backend::read(&bytes)
    }

    /// A POST without a body whose answer has none either (204).
    pub async fn post_empty(&self, path: &str, bearer: Option<&str>) -> Result<(), HttpError> {
        self.body(Outgoing {
            method: Method::POST,
            path,
            bearer,
            body: None,
        })
        .await
        .map(drop)
    }

    /// A text answer (HTML, CSV) to a GET, or to a POST of `body` when there is one.
    pub async fn text<B: Serialize>(
        &self,
        path: &str,
        bearer: Option<&str>,
        body: Option<&B>,
    ) -> Result<String, HttpError> {
        let (method, body) = match body {
            Some(body) => (Method::POST, Some(Backend::json_body(body)?)),
            None => (Method::GET, None),
        };
        let bytes = self
            .body(Outgoing {
                method,
                path,
                bearer,
                body,
            })
            .await?;
        String::from_utf8(bytes).map_err(|e| HttpError::BadResponse(e.to_string()))
    }

    /// POST a JSON body, read a JSON answer.
    pub async fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&str>,
        body: &B,
    ) -> Result<T, HttpError> {
        self.send_json(Method::POST, path, bearer, Some(body)).await
    }
}
