//! The backend's HTTP API as the phone uses it: typed calls with timeouts, and errors that say
//! whether the network or the server failed (so the app can say "no network", not "invalid").

use aktivitetskortet_core::api::ErrorBody;
use serde::Serialize;
use serde::de::DeserializeOwned;

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

/// The backend at a base URL (`http://127.0.0.1:8080`, no trailing slash).
#[derive(Clone)]
pub struct Backend {
    base: String,
    client: reqwest::Client,
}

impl Backend {
    pub fn new(base: &str) -> Result<Backend, HttpError> {
        let builder = reqwest::Client::builder();
        // A phone on a bad network must give up rather than hang the sync.
        #[cfg(not(target_arch = "wasm32"))]
        let builder = builder
            .timeout(std::time::Duration::from_secs(30))
            .connect_timeout(std::time::Duration::from_secs(10));
        let client = builder
            .build()
            .map_err(|e| HttpError::Network(e.to_string()))?;
        Ok(Backend {
            base: base.trim_end_matches('/').to_owned(),
            client,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn read<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, HttpError> {
        let status = response.status();
        // The whole body first: a connection cut halfway is a network error, not bad JSON.
        let bytes = response
            .bytes()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        if !status.is_success() {
            return Err(Backend::error(status, &bytes));
        }
        serde_json::from_slice(&bytes).map_err(|e| HttpError::BadResponse(e.to_string()))
    }

    /// Like `read`, but an empty body (`204 No Content`) reads as JSON `null`, so `()` works.
    async fn read_empty_as_null<T: DeserializeOwned>(
        response: reqwest::Response,
    ) -> Result<T, HttpError> {
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        if !status.is_success() {
            return Err(Backend::error(status, &bytes));
        }
        let body: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
        serde_json::from_slice(body).map_err(|e| HttpError::BadResponse(e.to_string()))
    }

    /// The error for an unsuccessful answer: the API's error shape when it has one.
    fn error(status: reqwest::StatusCode, bytes: &[u8]) -> HttpError {
        match serde_json::from_slice::<ErrorBody>(bytes) {
            Ok(body) => HttpError::Api {
                status: status.as_u16(),
                body,
            },
            Err(_) => HttpError::BadResponse(format!("status {status} without an error body")),
        }
    }

    /// GET a JSON body; `Fetched::NotModified` on 304.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&str>,
    ) -> Result<Fetched<T>, HttpError> {
        let mut request = self.client.get(self.url(path));
        if let Some(key) = bearer {
            request = request.bearer_auth(key);
        }
        let response = request
            .send()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        if response.status() == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        Backend::read(response).await.map(Fetched::Body)
    }

    /// GET raw bytes (the signed lists, thumbnails).
    pub async fn get_bytes(&self, path: &str) -> Result<Vec<u8>, HttpError> {
        let response = self
            .client
            .get(self.url(path))
            .send()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        if !status.is_success() {
            return Err(HttpError::BadResponse(format!("status {status}")));
        }
        Ok(bytes.to_vec())
    }

    /// Any request with an optional JSON body, read as a JSON answer (`()` for an empty one).
    pub async fn send_json<B: Serialize, T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<&B>,
    ) -> Result<T, HttpError> {
        let mut request = self.client.request(method, self.url(path));
        if let Some(key) = bearer {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        Backend::read_empty_as_null(response).await
    }

    /// POST raw bytes with a content type (a file: an image, a CSV), read a JSON answer.
    pub async fn post_bytes<T: DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&str>,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<T, HttpError> {
        let mut request = self
            .client
            .post(self.url(path))
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(bytes);
        if let Some(key) = bearer {
            request = request.bearer_auth(key);
        }
        let response = request
            .send()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        Backend::read(response).await
    }

    /// A text answer (HTML, CSV) to a GET, or to a POST of `body` when there is one.
    pub async fn text<B: Serialize>(
        &self,
        path: &str,
        bearer: Option<&str>,
        body: Option<&B>,
    ) -> Result<String, HttpError> {
        let mut request = match body {
            Some(body) => self.client.post(self.url(path)).json(body),
            None => self.client.get(self.url(path)),
        };
        if let Some(key) = bearer {
            request = request.bearer_auth(key);
        }
        let response = request
            .send()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        if !status.is_success() {
            return Err(Backend::error(status, &bytes));
        }
        String::from_utf8(bytes.to_vec()).map_err(|e| HttpError::BadResponse(e.to_string()))
    }

    /// POST a JSON body, read a JSON answer.
    pub async fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&str>,
        body: &B,
    ) -> Result<T, HttpError> {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(key) = bearer {
            request = request.bearer_auth(key);
        }
        let response = request
            .send()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        Backend::read(response).await
    }
}
