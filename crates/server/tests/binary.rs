//! The `aktivitetskortet-server` binary itself: flags, the address it prints, and a clean stop on
//! Ctrl-C (SIGINT), as a person running it would see.

use std::process::Command;

#[cfg(unix)]
#[tokio::test]
async fn starts_on_the_given_flags_and_stops_cleanly_on_ctrl_c() {
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = tmp.path().join("data");
    // The first line on stdout says where it runs.
    let (child, url) = crate::util::spawn_server(tmp.path(), &[]);
    let health = reqwest::get(format!("{url}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    // A request naming a card: logged by its route, never with the card id.
    let revoke = reqwest::Client::new()
        .post(format!("{url}/api/v1/admin/cards/0123456789abcdef/revoke"))
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 401);
    assert_eq!(
        data_dir.join("aktivitetskortet.sqlite3").is_file(),
        !crate::util::on_postgres()
    );

    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let logs = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {logs}", out.status);
    assert!(logs.contains("stopped cleanly"), "{logs}");
    assert!(logs.contains("/api/v1/admin/cards/{id}/revoke"), "{logs}");
    assert!(!logs.contains("0123456789abcdef"), "{logs}");
    // Retention ran at start, before serving (a fresh database has nothing due).
    assert!(logs.contains("retention: deleted what was due"), "{logs}");
    // The missing web build is reported, not fatal.
    assert!(logs.contains("cargo xtask web"), "{logs}");
}

/// A demo start prints the demo's keys and codes, with one admin key: the demo's (a first start
/// without `--demo` prints its own instead).
#[tokio::test]
async fn a_demo_start_prints_one_admin_key_that_works() {
    use std::io::BufRead;
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, stdout) = crate::util::spawn_server_piped(tmp.path(), &["--demo"]);
    let mut lines = std::io::BufReader::new(stdout).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("Aktivitetskortet is running on ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();
    let mut printed = Vec::new();
    for line in lines {
        let line = line.unwrap();
        let last = line.starts_with("  admin key");
        printed.push(line);
        if last {
            break;
        }
    }
    let admin_keys: Vec<_> = printed
        .iter()
        .filter_map(|l| l.split_whitespace().find(|w| w.starts_with("ak_admin_")))
        .collect();
    assert_eq!(admin_keys.len(), 1, "{printed:#?}");
    assert!(
        printed.iter().any(|l| l.starts_with("  provider key")),
        "{printed:#?}"
    );
    let cards = reqwest::Client::new()
        .get(format!("{url}/api/v1/admin/cards"))
        .bearer_auth(admin_keys[0])
        .send()
        .await
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(cards.status(), 200);
}

#[test]
fn a_bad_flag_is_a_clear_error_and_starts_nothing() {
    for (flag, value, says) in [
        ("--bind", "somewhere", "somewhere"),
        (
            "--trusted-proxy",
            "10.0.0.0/33",
            "is not an address or a network",
        ),
        ("--trusted-proxy", "proxy.example", "proxy.example"),
        ("--close-year-days", "3", "at least 15"),
        ("--keep-visit-years", "11", "between 0 and 10"),
        ("--keep-ended-cards-days", "many", "many"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_aktivitetskortet-server"))
            .args([flag, value])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag) && err.contains(says), "{err}");
    }
}

/// `rotate-issuer-key` on a data directory: afterwards the trust list holds the old and the new
/// key, and `create-admin-key` prints a key that works.
#[tokio::test]
async fn rotate_issuer_key_and_create_admin_key_subcommands() {
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = tmp.path().join("data");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_aktivitetskortet-server"))
            .arg("--data-dir")
            .arg(&data_dir)
            .envs(crate::util::database_env(&data_dir))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first = run(&["rotate-issuer-key"]);
    assert!(first.contains("New issuer key"), "{first}");
    let second = run(&["rotate-issuer-key"]);
    assert_ne!(first, second);
    let admin = run(&["create-admin-key", "--label", "test"]);
    let key = admin.split_whitespace().last().unwrap().to_owned();
    assert!(key.starts_with("ak_admin_"), "{admin}");

    let config = crate::util::local_config(data_dir.clone(), tmp.path().join("web"));
    let state = aktivitetskortet_server::AppState::open(&config).unwrap();
    let res = crate::util::oneshot(state.clone(), crate::util::get("/api/v1/trust-list")).await;
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let trust =
        aktivitetskortet_core::token::TrustList::open(&bytes, &[state.list_public_key()], None)
            .unwrap();
    // The key made at first start and the two rotations: all still trusted (no credential expired).
    assert_eq!(trust.keys.len(), 3);
    let req = axum::http::Request::get("/api/v1/admin/cards")
        .header("authorization", format!("Bearer {key}"))
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(crate::util::oneshot(state, req).await.status(), 200);

    // Named keys with their own life, listed and revoked from the command line.
    let kari = run(&[
        "create-admin-key",
        "--label",
        "Kari Nordmann",
        "--days",
        "10",
    ]);
    assert!(
        kari.contains("Kari Nordmann, working for 10 days"),
        "{kari}"
    );
    let listed = run(&["list-admin-keys"]);
    let line = listed
        .lines()
        .find(|l| l.contains("Kari Nordmann"))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(line.contains("works until"), "{line}");
    let id = line.split_whitespace().next().unwrap().to_owned();
    let revoked = run(&["revoke-admin-key", &id]);
    assert!(revoked.contains("revoked"), "{revoked}");
    let listed = run(&["list-admin-keys"]);
    assert!(
        listed
            .lines()
            .any(|l| l.contains("Kari Nordmann") && l.ends_with("revoked")),
        "{listed}"
    );
    // Bad input: a clear error, nothing changed.
    for args in [
        &["revoke-admin-key", "9999"][..],
        &["create-admin-key", "--days", "0"],
        &["create-admin-key", "--days", "400"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_aktivitetskortet-server"))
            .arg("--data-dir")
            .arg(&data_dir)
            .envs(crate::util::database_env(&data_dir))
            .args(args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("9999") || err.contains("--days"), "{err}");
    }
    assert_eq!(run(&["list-admin-keys"]), listed);
}

/// `show-card` and `erase-card` on a data directory: what the family asked to see, then gone.
#[tokio::test]
async fn show_card_and_erase_card_subcommands() {
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = tmp.path().join("data");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_aktivitetskortet-server"))
            .arg("--data-dir")
            .arg(&data_dir)
            .envs(crate::util::database_env(&data_dir))
            .args(args)
            .output()
            .unwrap()
    };
    let config = crate::util::local_config(data_dir.clone(), tmp.path().join("web"));
    let state = aktivitetskortet_server::AppState::open(&config).unwrap();
    let key = state.create_admin_key("test").unwrap();
    let today = aktivitetskortet_core::calendar::bergen_date(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    );
    let body = serde_json::json!({ "given_name": "Noor", "birth_year": 2016,
        "valid_from": today, "valid_until": today.add_days(180), "companion": "none", "language": "ar" });
    let req = axum::http::Request::post("/api/v1/admin/cards")
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    let res = crate::util::oneshot(state, req).await;
    assert_eq!(res.status(), 201);
    let issued: serde_json::Value =
        serde_json::from_str(&crate::util::body_text(res).await).unwrap();
    let id = issued["card_id"].as_str().unwrap().to_owned();

    let shown = run(&["show-card", &id]);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let data: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(data["card"]["given_name"], "Noor");
    assert_eq!(data["activation_codes"].as_array().unwrap().len(), 1);

    let erased = run(&["erase-card", &id]);
    assert!(
        erased.status.success(),
        "{}",
        String::from_utf8_lossy(&erased.stderr)
    );
    assert!(String::from_utf8_lossy(&erased.stdout).contains("is erased"));
    for args in [["show-card", id.as_str()], ["erase-card", id.as_str()]] {
        let out = run(&args);
        assert!(!out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("no card {id}")));
    }
}
