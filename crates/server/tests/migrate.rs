//! `migrate-to-postgres`: a SQLite data directory (the demo's cards, offers, a year of visits,
//! keys and audit lines) copied into an empty PostgreSQL database, which a server then serves
//! from with the same keys. The copy runs on the PostgreSQL pass of the suite; the refusals run on
//! both.

use aktivitetskortet_core::api::{CardSummary, CatalogueResponse};
use aktivitetskortet_server::{AppState, Config};

use crate::util::{LiveServer, local_config, on_postgres, run_server as server};

#[test]
fn bad_input_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("none.sqlite3");
    let missing = missing.to_str().unwrap();
    let url = "postgres://ak@127.0.0.1:1/ak".to_owned();
    for (args, env, says) in [
        (
            vec!["migrate-to-postgres", "--from", missing],
            vec![],
            "needs the target",
        ),
        (
            vec!["migrate-to-postgres", "--from", missing],
            vec![("AK_DATABASE_URL", url)],
            "no SQLite database",
        ),
        (
            vec![
                "--database-url",
                "mysql://x/y",
                "migrate-to-postgres",
                "--from",
                missing,
            ],
            vec![],
            "PostgreSQL",
        ),
    ] {
        let (ok, out) = server(&args, &env);
        assert!(!ok && out.contains(says), "{args:?}: {out}");
    }
}

/// A PostgreSQL server that cannot be reached: the server says which database it could not
/// open (without the password) and stops, without a panic.
#[test]
fn an_unreachable_database_is_named_without_its_password() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let url = "postgres://ak:secret-word@127.0.0.1:1/ak".to_owned();
    let (ok, out) = server(
        &["--data-dir", data.to_str().unwrap(), "list-admin-keys"],
        &[("AK_DATABASE_URL", url)],
    );
    assert!(!ok, "{out}");
    assert!(
        out.contains("could not open the database postgres://127.0.0.1/ak"),
        "{out}"
    );
    assert!(
        !out.contains("secret-word") && !out.contains("panicked"),
        "{out}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_data_directory_moves_to_postgres_whole() {
    if !on_postgres() {
        // The SQLite pass has no PostgreSQL to copy into; `cargo xtask test` runs this again there.
        assert!(
            local_config("/x".into(), "/y".into())
                .database_url
                .is_none()
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // The source: SQLite in a data directory, with the demo's data.
    let mut sqlite = Config::local(tmp.path().join("data"), tmp.path().join("web"));
    sqlite.database_url = None;
    let source = AppState::open(&sqlite).unwrap();
    let demo = source.load_demo().unwrap();
    // Signed lists too, as venues would have fetched them.
    for list in ["/api/v1/trust-list", "/api/v1/revocation-list"] {
        let res = crate::util::oneshot(source.clone(), crate::util::get(list)).await;
        assert_eq!(res.status(), 200);
    }
    let file = sqlite
        .data_dir
        .join(aktivitetskortet_server::store::FILE_NAME);
    let tables = [
        "offers",
        "cards",
        "activation_codes",
        "issuer_keys",
        "list_keys",
        "signed_lists",
        "admin_keys",
        "venue_keys",
        "pseudonym_keys",
        "visits",
        "audit_log",
    ];
    let counts = |state: &AppState| -> Vec<i64> {
        tables
            .iter()
            .map(|t| {
                state
                    .db
                    .blocking(|c| {
                        c.query_one(
                            &format!("SELECT COUNT(*) FROM {t}"),
                            aktivitetskortet_server::params![],
                            |r| r.get(0),
                        )
                    })
                    .unwrap()
            })
            .collect()
    };
    let before = counts(&source);
    assert!(before.iter().all(|n| *n > 0), "{before:?}");
    drop(source);

    // The target: an empty PostgreSQL database; the same data directory for the keys.
    let target_url = local_config(tmp.path().join("pg"), tmp.path().join("web"))
        .database_url
        .unwrap();
    let env = [("AK_DATABASE_URL", target_url.clone())];
    let from = file.to_str().unwrap();
    let (ok, out) = server(&["migrate-to-postgres", "--from", from], &env);
    assert!(ok, "{out}");
    assert!(
        out.contains("visits") && out.contains("Copied into"),
        "{out}"
    );

    let mut on_pg = sqlite.clone();
    on_pg.database_url = Some(target_url);
    let target = AppState::open(&on_pg).unwrap();
    assert_eq!(counts(&target), before);
    // New rows number on from the copied ones.
    target.create_admin_key("after the move").unwrap();

    // A second copy into the now full database changes nothing.
    let (ok, out) = server(&["migrate-to-postgres", "--from", from], &env);
    assert!(!ok && out.contains("already holds data"), "{out}");
    assert_eq!(counts(&target)[..6], before[..6]);

    // A server on it serves the same catalogue and cards, signed with the same keys.
    let live = LiveServer::start(&on_pg).await;
    let http = reqwest::Client::new();
    let catalogue: CatalogueResponse = http
        .get(live.url("/api/v1/catalogue"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(catalogue.offers.len() as i64, before[0]);
    let cards: Vec<CardSummary> = http
        .get(live.url("/api/v1/admin/cards"))
        .bearer_auth(&demo.admin_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cards.len() as i64, before[1]);
    let lists = http
        .get(live.url("/api/v1/trust-list"))
        .send()
        .await
        .unwrap();
    assert_eq!(lists.status(), 200);
    let bytes = lists.bytes().await.unwrap();
    let list_key = target.list_public_key();
    aktivitetskortet_core::token::TrustList::open(&bytes, &[list_key], None).unwrap();
}

/// A database that a newer server has migrated is refused, on either engine, and left as it is.
#[test]
fn a_database_newer_than_this_server_is_refused() {
    let fixture = crate::util::Fixture::new();
    let db = fixture.state().db;
    let bump = match db.engine() {
        aktivitetskortet_server::store::Engine::Sqlite => "PRAGMA user_version = 99",
        aktivitetskortet_server::store::Engine::Postgres => {
            "UPDATE schema_version SET version = 99"
        }
    };
    db.blocking(|c| c.batch(bump)).unwrap();
    drop(db);
    let err = AppState::open(&fixture.config).err().expect("refused");
    let text = format!("{err:#}");
    assert!(
        text.contains("schema version 99") && text.contains("upgrade the server"),
        "{text}"
    );
    // Refused again: nothing was changed by the first refusal.
    assert!(AppState::open(&fixture.config).is_err());
}
