//! The server on each database engine, side by side: conditional catalogue GETs, activations,
//! refreshes, check-ins stored and a venue's limit list per second, each as a ratio to `/healthz`
//! on the same instance in the same run, so the machine's speed cancels out and the two engines
//! compare.
//!
//! `cargo xtask bench-server` runs it with a PostgreSQL cluster (durable, as deployed); by hand,
//! `AK_BENCH_POSTGRES='host=… user=… dbname=…' cargo bench -p aktivitetskortet-server --bench
//! engines` (SQLite alone without the variable). The server runs in this process on its own
//! runtime; the load comes from 32 concurrent HTTP/1.1 clients on another.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aktivitetskortet_core::api::{CheckIn, CheckInBatch, CredentialResponse, IssuedCard};
use aktivitetskortet_core::token::{Credential, DeviceKey, Presentation};
use aktivitetskortet_server::{AppState, Config};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::json;

const CLIENTS: usize = 32;
const SECONDS: u64 = 5;

fn main() {
    let mut engines = vec![("SQLite", None)];
    if let Ok(url) = std::env::var("AK_BENCH_POSTGRES") {
        engines.push(("PostgreSQL", Some(url)));
    }
    println!(
        "per second, {CLIENTS} clients, {SECONDS} s each, on loopback; ratio to /healthz on the same instance"
    );
    for (name, url) in engines {
        let figures = run(url);
        println!("{name}:");
        let healthz = figures[0].1;
        for (what, rate) in &figures {
            println!(
                "  {what:<34} {rate:>9.0}/s  {:>6.3} × /healthz",
                rate / healthz
            );
        }
    }
}

/// One engine: a fresh server with the demo data, then each load in turn.
fn run(database_url: Option<String>) -> Vec<(&'static str, f64)> {
    let tmp = tempfile::tempdir().unwrap();
    let mut config = Config::local(tmp.path().join("data"), tmp.path().join("web"));
    config.database_url = database_url;
    // The bench's clients share one address; the limit per address is not what is measured.
    config.activations_per_address = 1_000_000_000;
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let state = AppState::open(&config).unwrap();
    let demo = state.load_demo().unwrap();
    let listener = server
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    server.spawn(aktivitetskortet_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let figures = client.block_on(loads(&base, &demo.admin_key, &demo.venue_key));
    server.shutdown_background();
    figures
}

async fn loads(base: &str, admin: &str, venue: &str) -> Vec<(&'static str, f64)> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let mut figures = Vec::new();

    let url = Arc::new(format!("{base}/healthz"));
    let h = http.clone();
    figures.push((
        "/healthz",
        load(200, move |_| status(h.get(url.as_str()).send())).await,
    ));

    let catalogue = http
        .get(format!("{base}/api/v1/catalogue"))
        .send()
        .await
        .unwrap();
    let etag = Arc::new(catalogue.headers()["etag"].to_str().unwrap().to_owned());
    let url = Arc::new(format!("{base}/api/v1/catalogue"));
    let h = http.clone();
    figures.push((
        "catalogue, conditional (304)",
        load(304, move |_| {
            status(
                h.get(url.as_str())
                    .header("if-none-match", etag.as_str())
                    .send(),
            )
        })
        .await,
    ));

    // Cards to activate, refresh and check in with: issued before the clock starts.
    let cards = Arc::new(issue(&http, base, admin, 50_000).await);
    let phone = DeviceKey::from_secret(&[7; 32]).unwrap();
    let key = Arc::new(BASE64.encode(phone.public_key().to_compressed()));
    let url = Arc::new(format!("{base}/api/v1/activate"));
    let next = Arc::new(AtomicUsize::new(0));
    let credentials = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (h, c, k, kept) = (
        http.clone(),
        cards.clone(),
        key.clone(),
        credentials.clone(),
    );
    figures.push((
        "activations",
        load(200, move |_| {
            let card = &c[next.fetch_add(1, Ordering::Relaxed) % c.len()];
            let request = h
                .post(url.as_str())
                .json(&json!({ "code": card.activation_code, "device_key": k.as_str() }))
                .send();
            let kept = kept.clone();
            async move {
                let response = request.await.ok()?;
                let code = response.status().as_u16();
                if code == 200 {
                    let body: CredentialResponse = response.json().await.ok()?;
                    kept.lock().unwrap().push(body.credential);
                }
                Some(code)
            }
        })
        .await,
    ));

    // Each card refreshes at most 20 times an hour: one fresh presentation per card, used by
    // turns (a refused one is not counted).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let presentations: Arc<Vec<String>> = Arc::new(
        credentials
            .lock()
            .unwrap()
            .iter()
            .map(|c| {
                let credential = Credential::from_bytes(&BASE64.decode(c).unwrap()).unwrap();
                Presentation::create(&credential, &phone, now)
                    .unwrap()
                    .qr_text
            })
            .collect(),
    );
    assert!(!presentations.is_empty(), "no card was activated");
    let url = Arc::new(format!("{base}/api/v1/refresh"));
    let next = Arc::new(AtomicUsize::new(0));
    let h = http.clone();
    figures.push((
        "refreshes",
        load(200, move |_| {
            let qr = &presentations[next.fetch_add(1, Ordering::Relaxed) % presentations.len()];
            status(
                h.post(url.as_str())
                    .json(&json!({ "presentation": qr }))
                    .send(),
            )
        })
        .await,
    ));

    // Check-ins in batches of 50, as a venue device uploads them after a busy hour offline.
    let offers: serde_json::Value = http
        .get(format!("{base}/api/v1/venue"))
        .bearer_auth(venue)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let offer = Arc::new(offers["offer_ids"][0].as_str().unwrap().to_owned());
    let url = Arc::new(format!("{base}/api/v1/visits"));
    let venue = Arc::new(venue.to_owned());
    let venue_key = venue.clone();
    // Twenty cards at the offer's limit (five visits), for the limit list below.
    let at_limit: Vec<CheckIn> = (0..100)
        .map(|i| CheckIn {
            id: format!("limit-{i}"),
            card_id: cards[i % 20].card_id.clone(),
            offer_id: offer.to_string(),
            at: now - 120,
            companion: false,
            limit: None,
        })
        .collect();
    let stored = http
        .post(url.as_str())
        .bearer_auth(venue.as_str())
        .json(&CheckInBatch {
            checkins: at_limit,
            partial: false,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(stored.status(), 200);
    // The venue's signed limit list, as its devices fetch it every few minutes: twenty cards
    // at the offer's limit among the 50,000 cards, the offer's visits this year those 100 and
    // the demo's.
    let list_url = Arc::new(format!("{base}/api/v1/limit-list"));
    let (h, key, u) = (http.clone(), venue_key.clone(), list_url.clone());
    figures.push((
        "limit list GETs, 100 visits at the offer",
        load(200, move |_| {
            status(h.get(u.as_str()).bearer_auth(key.as_str()).send())
        })
        .await,
    ));
    let next = Arc::new(AtomicUsize::new(0));
    let batch = 50;
    let h = http.clone();
    let batches = load(200, move |_| {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let checkins: Vec<CheckIn> = (0..batch)
            .map(|i| CheckIn {
                id: format!("bench-{n}-{i}"),
                card_id: cards[(n * batch + i) % cards.len()].card_id.clone(),
                offer_id: offer.to_string(),
                at: now - 60,
                companion: false,
                limit: None,
            })
            .collect();
        status(
            h.post(url.as_str())
                .bearer_auth(venue.as_str())
                .json(&CheckInBatch {
                    checkins,
                    partial: false,
                })
                .send(),
        )
    })
    .await;
    figures.push(("check-ins stored (50 per upload)", batches * batch as f64));

    // The same list once the load above has put tens of thousands of this year's visits on
    // the offer (a busy venue's years' worth): the database counts them per holder each time.
    let h = http.clone();
    figures.push((
        "limit list GETs, after the check-ins",
        load(200, move |_| {
            status(
                h.get(list_url.as_str())
                    .bearer_auth(venue_key.as_str())
                    .send(),
            )
        })
        .await,
    ));
    figures
}

/// `n` cards issued through the admin API, valid from today.
async fn issue(http: &reqwest::Client, base: &str, admin: &str, n: usize) -> Vec<IssuedCard> {
    let today = aktivitetskortet_core::calendar::bergen_date(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    );
    let url = format!("{base}/api/v1/admin/cards");
    let body = json!({
        "given_name": "Amina",
        "birth_year": 2015,
        "valid_from": today.to_string(),
        "valid_until": today.add_days(150).to_string(),
        "companion": "none",
    });
    let mut cards = Vec::with_capacity(n);
    let mut tasks = tokio::task::JoinSet::new();
    for chunk in 0..CLIENTS {
        let (http, url, admin, body) = (http.clone(), url.clone(), admin.to_owned(), body.clone());
        tasks.spawn(async move {
            let mut mine = Vec::new();
            for _ in (chunk..n).step_by(CLIENTS) {
                let response = http
                    .post(&url)
                    .bearer_auth(&admin)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 201);
                mine.push(response.json::<IssuedCard>().await.unwrap());
            }
            mine
        });
    }
    while let Some(mine) = tasks.join_next().await {
        cards.extend(mine.unwrap());
    }
    cards
}

/// A request's status, or `None` when it failed.
async fn status(
    request: impl std::future::Future<Output = Result<reqwest::Response, reqwest::Error>>,
) -> Option<u16> {
    Some(request.await.ok()?.status().as_u16())
}

/// Requests per second answered with status `want`: `CLIENTS` tasks sending `request` for
/// `SECONDS`, on the client runtime's threads.
async fn load<F, Fut>(want: u16, request: F) -> f64
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Option<u16>> + Send + 'static,
{
    let request = Arc::new(request);
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let done = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..CLIENTS {
        let (request, done) = (request.clone(), done.clone());
        tasks.spawn(async move {
            while Instant::now() < deadline {
                if request(i).await == Some(want) {
                    done.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
    }
    tasks.join_all().await;
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}
