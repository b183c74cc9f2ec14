//! The issuer keys seen from outside: a compromised key withdrawn by the command line leaves the
//! trust list at once, its credentials stop working at venues and for refresh, a new key takes
//! over; key files are recorded by absolute path.

use std::process::Command;

use aktivitetskortet_core::api::CredentialResponse;
use aktivitetskortet_core::token::{self, Presentation, Reason, Verdict};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::json;

use crate::api::{Api, NOW, phone};

fn server(args: &[&str], dir: &std::path::Path) -> (bool, String) {
    let dir = dir.to_str().unwrap();
    let args: Vec<&str> = ["--data-dir", dir].iter().chain(args).copied().collect();
    crate::util::run_server(&args, &crate::util::database_env(std::path::Path::new(dir)))
}

#[tokio::test]
async fn a_withdrawn_issuer_key_leaves_the_trust_list_at_once() {
    let api = Api::new();
    let card = api.issue_card().await;
    let amina = phone(31);
    let issued: CredentialResponse = api.activate(&card.activation_code, &amina).await.parse();
    let credential =
        token::Credential::from_bytes(&BASE64.decode(&issued.credential).unwrap()).unwrap();
    let qr = Presentation::create(&credential, &amina, NOW)
        .unwrap()
        .qr_text;
    assert!(matches!(api.verify(&qr, NOW).await, Verdict::Valid(_)));
    let (trust, _) = api.lists().await;
    let kid = trust.keys.last().unwrap().kid.to_string();

    let (ok, out) = server(&["withdraw-issuer-key", &kid], api.data_dir());
    assert!(ok, "{out}");
    assert!(
        out.contains(&format!("Issuer key {kid} is withdrawn")),
        "{out}"
    );
    assert!(
        out.contains("New issuer key"),
        "it was the current key: {out}"
    );
    assert!(out.contains("1 card(s)"), "{out}");

    // The next trust list leaves it out: the card is refused at venues, and cannot refresh.
    let (trust, _) = api.lists().await;
    assert!(trust.keys.iter().all(|k| k.kid.to_string() != kid));
    assert_eq!(trust.keys.len(), 1, "the new key only");
    assert_eq!(
        api.verify(&qr, NOW).await,
        Verdict::NotValid(Reason::UnknownKey)
    );
    let refresh = api.refresh(&qr).await;
    assert_eq!(
        (refresh.status, refresh.error_code().as_str()),
        (StatusCode::BAD_REQUEST, "refresh_refused")
    );
    // A new letter gives a credential from the new key, which venues accept. (The command ran
    // on the system clock, so the new key exists from now on: the test moves there.)
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    api.at(now);
    let again = api
        .admin(
            "POST",
            &format!("/api/v1/admin/cards/{}/reissue", card.card_id),
            &json!(null),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.json());
    let code = again.json()["activation_code"].as_str().unwrap().to_owned();
    let fresh: CredentialResponse = api.activate(&code, &amina).await.parse();
    let fresh = token::Credential::from_bytes(&BASE64.decode(&fresh.credential).unwrap()).unwrap();
    let qr = Presentation::create(&fresh, &amina, now).unwrap().qr_text;
    let verdict = api.verify(&qr, now).await;
    assert!(matches!(verdict, Verdict::Valid(_)), "{verdict:?}");

    // Twice, or a key that does not exist: a clear error, nothing changes.
    for (bad, says) in [
        (kid.as_str(), "already withdrawn"),
        ("0000000000000000", "no issuer key"),
    ] {
        let (ok, out) = server(&["withdraw-issuer-key", bad], api.data_dir());
        assert!(!ok && out.contains(says), "{bad}: {out}");
    }
    assert_eq!(api.lists().await.0.keys.len(), 1);
}

/// Key files are recorded by absolute path, so a server started from another working directory
/// (a systemd unit, a container) finds the keys made by a command run from the data's parent.
#[test]
fn key_files_are_recorded_by_absolute_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_aktivitetskortet-server"))
        .current_dir(tmp.path())
        .envs(crate::util::database_env(&tmp.path().join("data")))
        .args(["--data-dir", "data", "rotate-issuer-key"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = crate::util::local_config(tmp.path().join("data"), tmp.path().join("web"));
    let files = crate::util::query_column(&config, "SELECT file FROM issuer_keys");
    assert_eq!(files.len(), 2, "first start's key and the rotated one");
    for file in files {
        assert!(std::path::Path::new(&file).is_absolute(), "{file}");
        assert!(std::path::Path::new(&file).is_file(), "{file}");
    }
}

/// `rotate-list-key`: the next lists are signed by the new key at once, the old key announces
/// it, and both key files are recorded by absolute path.
#[tokio::test]
async fn rotate_list_key_signs_the_next_lists_and_announces_the_new_key() {
    let api = Api::new();
    let before = api.state.list_public_key();
    let (trust, _) = api.lists().await;
    let (ok, out) = server(&["rotate-list-key"], api.data_dir());
    assert!(ok, "{out}");
    let after = api.state.list_public_key();
    assert_ne!(before, after);
    assert!(out.contains(&after.kid().to_string()), "{out}");
    // Signed anew at once (not at the next hourly re-signing), with a higher sequence number.
    let (trust_now, _) = api.lists().await;
    assert!(trust_now.sequence > trust.sequence);
    let answer = api.get("/api/v1/list-key-announcements", None).await.json();
    let announcements = answer["announcements"].as_array().unwrap();
    assert_eq!(announcements.len(), 1);
    let signed = BASE64.decode(announcements[0].as_str().unwrap()).unwrap();
    let announced = token::ListKeyAnnouncement::open(&signed, &[before]).unwrap();
    assert_eq!(announced.keys, [after]);
    assert_eq!(announced.sequence, 2);
    let files: Vec<String> = api
        .state
        .db
        .blocking(|c| {
            c.query_map(
                "SELECT file FROM list_keys",
                aktivitetskortet_server::params![],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert_eq!(files.len(), 2);
    assert!(files.iter().all(|f| std::path::Path::new(f).is_absolute()));
}
