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

    /// Sends `request` (with the key, when there is one); no answer at all is a network error.
    async fn send(
        request: reqwest::RequestBuilder,
        bearer: Option<&str>,
    ) -> Result<reqwest::Response, HttpError> {
        let request = match bearer {
            Some(key) => request.bearer_auth(key),
            None => request,
        };
        request
            .send()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))
    }

    /// The whole body of a successful answer; an unsuccessful one as the API's error. The whole
    /// body first: a connection cut halfway is a network error, not bad JSON.
    async fn body(response: reqwest::Response) -> Result<Vec<u8>, HttpError> {
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| HttpError::Network(e.to_string()))?;
        if !status.is_success() {
            return Err(Backend::error(status, &bytes));
        }
        Ok(bytes.to_vec())
    }

    async fn read<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, HttpError> {
        let bytes = Backend::body(response).await?;
        serde_json::from_slice(&bytes).map_err(|e| HttpError::BadResponse(e.to_string()))
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
        let response = Backend::send(self.client.get(self.url(path)), bearer).await?;
        if response.status() == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        Backend::read(response).await.map(Fetched::Body)
    }

    /// GET raw bytes (the signed lists, thumbnails).
    pub async fn get_bytes(&self, path: &str) -> Result<Vec<u8>, HttpError> {
        let response = Backend::send(self.client.get(self.url(path)), None).await?;
        let status = response.status();
        Backend::body(response).await.map_err(|e| match e {
            HttpError::Network(why) => HttpError::Network(why),
            _ => HttpError::BadResponse(format!("status {status}")),
        })
    }

    /// Any request with an optional JSON body, read as a JSON answer (an empty one, `204 No
    /// Content`, reads as `null`, so `()` works).
    pub async fn send_json<B: Serialize, T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<&B>,
    ) -> Result<T, HttpError> {
        let mut request = self.client.request(method, self.url(path));
        if let Some(body) = body {
            request = request.json(body);
        }
        let bytes = Backend::body(Backend::send(request, bearer).await?).await?;
        let bytes: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
        serde_json::from_slice(bytes).map_err(|e| HttpError::BadResponse(e.to_string()))
    }

    /// POST raw bytes with a content type (a file: an image, a CSV), read a JSON answer.
    pub async fn post_bytes<T: DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&str>,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<T, HttpError> {
        let request = self
            .client
            .post(self.url(path))
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(bytes);
        Backend::read(Backend::send(request, bearer).await?).await
    }

    /// A text answer (HTML, CSV) to a GET, or to a POST of `body` when there is one.
    pub async fn text<B: Serialize>(
        &self,
        path: &str,
        bearer: Option<&str>,
        body: Option<&B>,
    ) -> Result<String, HttpError> {
        let request = match body {
            Some(body) => self.client.post(self.url(path)).json(body),
            None => self.client.get(self.url(path)),
        };
        let bytes = Backend::body(Backend::send(request, bearer).await?).await?;
        String::from_utf8(bytes).map_err(|e| HttpError::BadResponse(e.to_string()))
    }

    /// POST a JSON body, read a JSON answer.
    pub async fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&str>,
        body: &B,
    ) -> Result<T, HttpError> {
        let request = self.client.post(self.url(path)).json(body);
        Backend::read(Backend::send(request, bearer).await?).await
    }
}
