//! A real backend in-process on 127.0.0.1:0 with a temporary data directory and an admin key, and
//! a tiny faulty HTTP server for the sync's fault cases.

use aktivitetskortet_core::token::PublicKey;
use aktivitetskortet_server::{AppState, Config};
use serde_json::{Value, json};
use tokio::sync::oneshot;

pub struct Backend {
    _tmp: tempfile::TempDir,
    pub base: String,
    pub admin: String,
    pub list_key: PublicKey,
    /// The running server's state, for what only its operator does (rotating the list key).
    pub state: AppState,
    http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
}

impl Backend {
    pub async fn start() -> Backend {
        let tmp = tempfile::tempdir().unwrap();
        let config = Config::local(tmp.path().join("data"), tmp.path().join("web"));
        let state = AppState::open(&config).unwrap();
        let server = state.clone();
        let admin = state.create_admin_key("test").unwrap();
        let list_key = state.list_public_key();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(aktivitetskortet_server::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Backend {
            _tmp: tmp,
            base,
            admin,
            list_key,
            state: server,
            http: reqwest::Client::new(),
            stop: Some(stop),
        }
    }

    pub fn client(&self) -> aktivitetskortet_client::http::Backend {
        aktivitetskortet_client::http::Backend::new(&self.base).unwrap()
    }

    /// An admin call; panics unless it succeeds.
    pub async fn admin(&self, method: &str, path: &str, body: Value) -> Value {
        let request = match method {
            "POST" => self.http.post(format!("{}{path}", self.base)),
            "PUT" => self.http.put(format!("{}{path}", self.base)),
            "DELETE" => self.http.delete(format!("{}{path}", self.base)),
            _ => self.http.get(format!("{}{path}", self.base)),
        };
        let response = request
            .bearer_auth(&self.admin)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    pub async fn add_offer(&self, offer: Value) {
        self.admin("POST", "/api/v1/admin/offers", offer).await;
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// An offer as the admin API takes it.
pub fn offer(id: &str, title: &str, category: &str, district: &str, ages: (u8, u8)) -> Value {
    json!({
        "id": id,
        "title": { "nb": title },
        "summary": { "nb": format!("{title} for barn og unge.") },
        "description": { "nb": "Gratis med aktivitetskortet." },
        "category": category,
        "organiser": "Bergen kommune",
        "venue": format!("{title} hus"),
        "address": "Strandkaien 1, 5013 Bergen",
        "district": district,
        "location": { "lat": 60.39, "lon": 5.32 },
        "age_min": ages.0,
        "age_max": ages.1,
        "schedule": { "kind": "weekly", "slots": [{ "weekday": "saturday", "start": "12:00" }] },
        "companion_included": true
    })
}

/// A port nothing listens on: the backend "is down".
pub async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// An HTTP server that answers every request with `response` (raw bytes: status line, headers,
/// body) and then closes the connection, for the sync's fault cases.
pub async fn faulty_server(response: Vec<u8>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket.write_all(&response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}
