//! Tests against the real server on 127.0.0.1:0: sockets, first start, restart, shutdown.

use aktivitetskortet_core::api::Health;
use aktivitetskortet_server::db::FILE_NAME;

use crate::util::{Fixture, INDEX_HTML, LiveServer};

#[tokio::test]
async fn first_start_creates_the_database_in_the_data_directory() {
    let fx = Fixture::new();
    assert!(!fx.data_dir().exists());
    let server = LiveServer::start(&fx.config).await;
    assert!(fx.data_dir().join(FILE_NAME).is_file());
    let health: Health = reqwest::get(server.url("/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health.status, "ok");
    server.shutdown().await;
}

#[tokio::test]
async fn serves_the_app_over_a_real_socket() {
    let fx = Fixture::new();
    let server = LiveServer::start(&fx.config).await;
    let res = reqwest::get(server.url("/innstillinger")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), INDEX_HTML);
    server.shutdown().await;
}

#[tokio::test]
async fn a_restart_on_the_same_data_directory_keeps_the_database() {
    let fx = Fixture::new();
    let server = LiveServer::start(&fx.config).await;
    server.shutdown().await;
    let created_at = |path: std::path::PathBuf| {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row(
                "SELECT value FROM server_meta WHERE key = 'created_at'",
                [],
                |r| r.get::<_, String>(0),
            )
            .unwrap()
    };
    let first = created_at(fx.data_dir().join(FILE_NAME));
    let server = LiveServer::start(&fx.config).await;
    assert!(
        reqwest::get(server.url("/healthz"))
            .await
            .unwrap()
            .status()
            .is_success()
    );
    server.shutdown().await;
    assert_eq!(created_at(fx.data_dir().join(FILE_NAME)), first);
}

#[tokio::test]
async fn shutdown_stops_accepting_connections() {
    let fx = Fixture::new();
    let server = LiveServer::start(&fx.config).await;
    let url = server.url("/healthz");
    server.shutdown().await;
    assert!(reqwest::get(url).await.is_err());
}
