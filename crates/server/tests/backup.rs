//! `backup` while check-ins are being uploaded, `restore` into a new data directory, and a server
//! started there that has every card and every check-in acknowledged before the backup began;
//! and the backups `restore` refuses, restoring nothing.

use std::path::Path;
use std::sync::{Arc, Mutex};

use aktivitetskortet_core::api::{CardSummary, CheckInReceipt, IssuedCard, VenueKeyCreated, paths};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::api::offer;
use crate::util::{Served, database_env, on_postgres, run_server};

/// `fresh`: a first start on this data directory, which prints an admin key.
fn serve(tmp: &Path, args: &[&str], fresh: bool) -> Served {
    Served::start(tmp, args, fresh)
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn data(tmp: &Path) -> String {
    tmp.join("data").to_str().unwrap().to_owned()
}

/// Issues `n` cards, an offer and a venue key; the card ids and the venue key.
async fn set_up(http: &reqwest::Client, served: &Served, n: usize) -> (Vec<String>, String) {
    let admin = |path: &str, body: Value| {
        http.post(format!("{}{path}", served.url))
            .bearer_auth(&served.admin)
            .json(&body)
            .send()
    };
    let res = admin(paths::ADMIN_OFFERS, offer("svomming-fana"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let today = aktivitetskortet_core::calendar::bergen_date(now());
    let mut cards = Vec::new();
    for name in ["Ada", "Bo", "Cleo", "Dina", "Eli", "Frida", "Gina", "Hugo"]
        .iter()
        .take(n)
    {
        let res = admin(
            paths::ADMIN_CARDS,
            json!({ "given_name": name, "birth_year": 2012, "valid_from": today.to_string(),
                    "valid_until": today.add_days(150).to_string(), "companion": "none",
                    "language": "nb" }),
        )
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        cards.push(res.json::<IssuedCard>().await.unwrap().card_id);
    }
    let res = admin(
        paths::ADMIN_VENUE_KEYS,
        json!({ "name": "Fana bad", "offer_ids": ["svomming-fana"] }),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    (cards, res.json::<VenueKeyCreated>().await.unwrap().key)
}

async fn upload(
    http: &reqwest::Client,
    url: &str,
    venue: &str,
    checkins: &[Value],
) -> CheckInReceipt {
    let res = http
        .post(format!("{url}{}", paths::VISITS))
        .bearer_auth(venue)
        .json(&json!({ "checkins": checkins, "partial": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_backup_under_load_restores_every_card_and_acknowledged_checkin() {
    if on_postgres() {
        // PostgreSQL's database is backed up with pg_dump: `pg_dump_restores_the_database`.
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let served = serve(tmp.path(), &[], true);
    let http = reqwest::Client::new();
    let (cards, venue) = set_up(&http, &served, 8).await;

    // The backup key: its secret half apart from the backups.
    let identity = tmp.path().join("backup-identity.txt");
    let (ok, out) = run_server(&["backup-keygen", "--out", identity.to_str().unwrap()], &[]);
    assert!(ok, "{out}");
    let recipient = out
        .split_whitespace()
        .find(|w| w.starts_with("age1"))
        .expect("a public key")
        .to_owned();

    // Check-ins uploaded without pause, in batches of 10, while the backup runs. Each batch's
    // ids are recorded once the server acknowledged it.
    let acked: Arc<Mutex<Vec<Value>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let loader = {
        let (acked, stop, http) = (acked.clone(), stop.clone(), http.clone());
        let (url, venue, cards) = (served.url.clone(), venue.clone(), cards.clone());
        tokio::spawn(async move {
            let mut n = 0u32;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let batch: Vec<Value> = (0..10)
                    .map(|i| {
                        n += 1;
                        json!({ "id": format!("v-{n}"), "card_id": cards[(n as usize + i) % cards.len()],
                                "offer_id": "svomming-fana", "at": now() - 60, "companion": false })
                    })
                    .collect();
                let receipt = upload(&http, &url, &venue, &batch).await;
                assert_eq!(receipt.accepted, 10, "{receipt:?}");
                acked.lock().unwrap().extend(batch);
            }
        })
    };
    while acked.lock().unwrap().len() < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before_backup = acked.lock().unwrap().clone();
    let file = tmp.path().join("backup.tar.gz.age");
    let (ok, out) = {
        let (data, file, recipient) = (data(tmp.path()), file.clone(), recipient.clone());
        tokio::task::spawn_blocking(move || {
            run_server(
                &[
                    "--data-dir",
                    &data,
                    "backup",
                    file.to_str().unwrap(),
                    "--encrypt-to",
                    &recipient,
                ],
                &[],
            )
        })
        .await
        .unwrap()
    };
    assert!(ok, "{out}");
    assert!(out.contains("encrypted"), "{out}");
    // Uploads went on during the backup.
    let during = acked.lock().unwrap().len();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    loader.await.unwrap();
    assert!(
        acked.lock().unwrap().len() > during,
        "the load stopped during the backup"
    );
    let admin = served.admin.clone();
    drop(served);

    // Encrypted: nothing of the database or the keys can be read from it.
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));

    let restored = tmp.path().join("restored");
    std::fs::create_dir(&restored).unwrap();
    let (ok, out) = run_server(
        &[
            "--data-dir",
            &data(&restored),
            "restore",
            file.to_str().unwrap(),
            "--identity",
            identity.to_str().unwrap(),
        ],
        &[],
    );
    assert!(ok, "{out}");
    let served = serve(&restored, &[], false);
    // The keys came along: the restored server is ready and signs with them.
    let ready = http
        .get(format!("{}{}", served.url, paths::READYZ))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let res = http
        .get(format!("{}{}", served.url, paths::ADMIN_CARDS))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let listed: Vec<CardSummary> = res.json().await.unwrap();
    for card in &cards {
        assert!(
            listed.iter().any(|c| &c.card_id == card),
            "card {card} is missing"
        );
    }
    // Every check-in acknowledged before the backup began is there: sent again, each is a
    // duplicate, none is stored anew.
    for batch in before_backup.chunks(500) {
        let receipt = upload(&http, &served.url, &venue, batch).await;
        assert_eq!(
            receipt.accepted, 0,
            "a check-in acknowledged before the backup is missing"
        );
        assert_eq!(receipt.duplicates as usize, batch.len());
    }
}

/// On PostgreSQL: `pg_dump` and `pg_restore` (as docs/deployment.md has them) for the database,
/// `backup` and `restore` for the key files, and a server on the restored pair has it all.
#[tokio::test]
async fn pg_dump_restores_the_database() {
    if !on_postgres() {
        return;
    }
    let pg_bin = |tool: &str| match std::env::var("AK_PG_BIN") {
        Ok(dir) => Path::new(&dir).join(tool),
        Err(_) => tool.into(),
    };
    let tmp = tempfile::tempdir().unwrap();
    let served = serve(tmp.path(), &[], true);
    let http = reqwest::Client::new();
    let (cards, venue) = set_up(&http, &served, 5).await;
    let checkins: Vec<Value> = (0..50)
        .map(|n| {
            json!({ "id": format!("p-{n}"), "card_id": cards[n % cards.len()],
                    "offer_id": "svomming-fana", "at": now() - 60, "companion": false })
        })
        .collect();
    assert_eq!(
        upload(&http, &served.url, &venue, &checkins).await.accepted,
        50
    );

    let env = database_env(&tmp.path().join("data"));
    let url = env[0].1.clone();
    let keys = tmp.path().join("keys.tar.gz");
    let (ok, out) = run_server(
        &[
            "--data-dir",
            &data(tmp.path()),
            "backup",
            keys.to_str().unwrap(),
        ],
        &env,
    );
    assert!(ok, "{out}");
    assert!(out.contains("back it up with pg_dump"), "{out}");
    let dump = tmp.path().join("aktivitetskortet.dump");
    let status = std::process::Command::new(pg_bin("pg_dump"))
        .arg("--format=custom")
        .arg(format!("--dbname={url}"))
        .arg(format!("--file={}", dump.display()))
        .status()
        .unwrap();
    assert!(status.success());
    let admin = served.admin.clone();
    drop(served);

    let restored = tmp.path().join("restored");
    let new_env = database_env(&restored.join("data"));
    let status = std::process::Command::new(pg_bin("pg_restore"))
        .args(["--no-owner", "--exit-on-error"])
        .arg(format!("--dbname={}", new_env[0].1))
        .arg(&dump)
        .status()
        .unwrap();
    assert!(status.success());
    let (ok, out) = run_server(
        &[
            "--data-dir",
            &data(&restored),
            "restore",
            keys.to_str().unwrap(),
        ],
        &new_env,
    );
    assert!(ok, "{out}");
    assert!(out.contains("pg_restore"), "{out}");
    let served = serve(&restored, &[], false);
    let ready = http
        .get(format!("{}{}", served.url, paths::READYZ))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let res = http
        .get(format!("{}{}", served.url, paths::ADMIN_CARDS))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let listed: Vec<CardSummary> = res.json().await.unwrap();
    assert_eq!(listed.len(), cards.len());
    let receipt = upload(&http, &served.url, &venue, &checkins).await;
    assert_eq!((receipt.accepted, receipt.duplicates), (0, 50));
}

/// What `restore` refuses, each time writing nothing into the data directory.
#[test]
fn restore_refuses_what_it_cannot_trust_and_writes_nothing() {
    if on_postgres() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    // A data directory with a database and keys, made by a start of the server.
    let served = serve(&source, &[], true);
    drop(served);
    let good = tmp.path().join("good.tar.gz");
    let (ok, out) = run_server(
        &[
            "--data-dir",
            &data(&source),
            "backup",
            good.to_str().unwrap(),
        ],
        &[],
    );
    assert!(ok, "{out}");
    // A backup never overwrites.
    let (ok, out) = run_server(
        &[
            "--data-dir",
            &data(&source),
            "backup",
            good.to_str().unwrap(),
        ],
        &[],
    );
    assert!(!ok && out.contains("already exists"), "{out}");

    let restore = |file: &Path, extra: &[&str]| {
        let dir = tempfile::tempdir_in(tmp.path()).unwrap().keep();
        let mut args = vec![
            "--data-dir",
            dir.to_str().unwrap(),
            "restore",
            file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let (ok, out) = run_server(&args, &[]);
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        (ok, out, left.len())
    };

    // Cut short: the first half of a good backup.
    let bytes = std::fs::read(&good).unwrap();
    let cut = tmp.path().join("cut.tar.gz");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let (ok, out, left) = restore(&cut, &[]);
    assert!(!ok && out.contains("was not restored"), "{out}");
    assert_eq!(left, 0, "a cut backup left files behind");

    // Not a backup at all.
    let junk = tmp.path().join("junk.tar.gz");
    std::fs::write(&junk, b"hello").unwrap();
    let (ok, out, left) = restore(&junk, &[]);
    assert!(
        !ok && out.contains("not an Aktivitetskortet backup"),
        "{out}"
    );
    assert_eq!(left, 0);

    // From a newer server: its schema is past this one's.
    let newer = tmp.path().join("newer.tar.gz");
    write_backup(
        &newer,
        json!({ "format": "aktivitetskortet-backup", "layout": 1,
        "server_version": "9.0.0", "schema_version": 999, "created_at": 0,
        "database": false, "keys": [] }),
    );
    let (ok, out, left) = restore(&newer, &[]);
    assert!(!ok && out.contains("newer than this server's"), "{out}");
    assert_eq!(left, 0);

    // A file the manifest does not list (a path that would climb out, say).
    let sneaky = tmp.path().join("sneaky.tar.gz");
    write_backup_with(
        &sneaky,
        json!({ "format": "aktivitetskortet-backup", "layout": 1,
        "server_version": "0.1.0", "schema_version": 1, "created_at": 0,
        "database": false, "keys": [] }),
        &[("keys/../../evil", b"x")],
    );
    let (ok, out, left) = restore(&sneaky, &[]);
    assert!(!ok && out.contains("does not list"), "{out}");
    assert_eq!(left, 0);

    // Encrypted to someone else's key.
    let mine = tmp.path().join("mine.txt");
    let theirs = tmp.path().join("theirs.txt");
    let recipient = |out: &str| {
        out.split_whitespace()
            .find(|w| w.starts_with("age1"))
            .unwrap()
            .to_owned()
    };
    let (_, out) = run_server(&["backup-keygen", "--out", mine.to_str().unwrap()], &[]);
    let mine_public = recipient(&out);
    let (ok, _) = run_server(&["backup-keygen", "--out", theirs.to_str().unwrap()], &[]);
    assert!(ok);
    let sealed = tmp.path().join("sealed.tar.gz.age");
    let (ok, out) = run_server(
        &[
            "--data-dir",
            &data(&source),
            "backup",
            sealed.to_str().unwrap(),
            "--encrypt-to",
            &mine_public,
        ],
        &[],
    );
    assert!(ok, "{out}");
    let (ok, out, left) = restore(&sealed, &[]);
    assert!(
        !ok && out.contains("is encrypted: give --identity"),
        "{out}"
    );
    assert_eq!(left, 0);
    let (ok, out, left) = restore(&sealed, &["--identity", theirs.to_str().unwrap()]);
    assert!(!ok && out.contains("cannot decrypt"), "{out}");
    assert_eq!(left, 0);
    // A bad public key is refused before anything is written.
    let (ok, out) = run_server(
        &[
            "--data-dir",
            &data(&source),
            "backup",
            tmp.path().join("x").to_str().unwrap(),
            "--encrypt-to",
            "age1nope",
        ],
        &[],
    );
    assert!(!ok && out.contains("is not an age public key"), "{out}");
    assert!(!tmp.path().join("x").exists());

    // Not into a data directory that holds something.
    let (ok, out) = run_server(
        &[
            "--data-dir",
            &data(&source),
            "restore",
            good.to_str().unwrap(),
        ],
        &[],
    );
    assert!(!ok && out.contains("is not empty"), "{out}");
    // And the good one restores.
    let (ok, out, left) = restore(&good, &[]);
    assert!(ok, "{out}");
    assert_eq!(left, 2, "the database and keys/");
}

fn write_backup(path: &Path, manifest: Value) {
    write_backup_with(path, manifest, &[]);
}

/// A backup written by hand: `manifest` first, then `files`.
fn write_backup_with(path: &Path, manifest: Value, files: &[(&str, &[u8])]) {
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(path).unwrap(),
        flate2::Compression::default(),
    );
    let mut tar = tar::Builder::new(gz);
    let text = serde_json::to_vec(&manifest).unwrap();
    let mut entries = vec![("manifest.json", text.as_slice())];
    entries.extend_from_slice(files);
    for (name, bytes) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        // The raw name, as a hostile archive would carry it (`append_data` would refuse `..`).
        header.as_gnu_mut().unwrap().name[..name.len()].copy_from_slice(name.as_bytes());
        header.set_cksum();
        tar.append(&header, bytes).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}
