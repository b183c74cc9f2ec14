//! `backup` and `restore`: one file with the database and the key files, optionally encrypted.
//!
//! A backup is a gzipped tar of `manifest.json` (first), the SQLite database and `keys/`, made
//! while the server runs: SQLite's `VACUUM INTO` writes a consistent snapshot (every committed
//! transaction before it, none after), through a read-only connection, so a backup tool never
//! migrates or locks out the live server. With `--encrypt-to` the whole file is encrypted to an
//! age X25519 recipient (the `age` crate, the format's reference implementation in Rust): the
//! key files are the card scheme's secrets, and a backup usually ends up somewhere else.
//!
//! On PostgreSQL the database is backed up by the database's own tools (`pg_dump`; see
//! docs/deployment.md); `backup` then holds the key files and the manifest only.
//!
//! `restore` writes only into an empty data directory, checks every entry's name, refuses a
//! backup made by a newer schema, and moves the files into place only when all of them were read
//! and the database passed SQLite's integrity check: a cut or tampered file restores nothing.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail, ensure};
use serde::{Deserialize, Serialize};

use crate::store::{self, FILE_NAME};

const MANIFEST: &str = "manifest.json";
const FORMAT: &str = "aktivitetskortet-backup";
/// The layout of the archive itself; a later layout gets a new number.
const LAYOUT: u32 = 1;
/// The age format's first bytes: an encrypted backup is recognised without a flag.
const AGE_MAGIC: &[u8] = b"age-encryption.org/";

/// What a backup says about itself, read before anything else is restored.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    layout: u32,
    /// The server version that made it.
    server_version: String,
    /// The database's migration count; absent when the database is not in the backup.
    schema_version: Option<usize>,
    /// Unix seconds.
    created_at: u64,
    /// Whether the SQLite database is in the backup (not on PostgreSQL).
    database: bool,
    /// The key files' names under `keys/`.
    keys: Vec<String>,
}

/// What `backup` wrote.
pub struct Made {
    pub database: bool,
    pub keys: usize,
    pub bytes: u64,
    pub encrypted: bool,
}

/// Writes a backup of `data_dir` (and its SQLite database, when `sqlite` is given) to `out`,
/// encrypted to `recipient` if given. `out` must not exist; it appears only when complete.
pub fn backup(
    data_dir: &Path,
    sqlite: Option<&Path>,
    out: &Path,
    recipient: Option<&str>,
    now: u64,
) -> anyhow::Result<Made> {
    let recipient = recipient.map(parse_recipient).transpose()?;
    ensure!(
        !out.exists(),
        "{} already exists; a backup never overwrites a file",
        out.display()
    );
    let keys_dir = data_dir.join("keys");
    let keys = key_files(&keys_dir)?;
    ensure!(
        !keys.is_empty(),
        "there are no key files in {}: is --data-dir the server's?",
        keys_dir.display()
    );
    let partial = with_suffix(out, ".partial");
    let snapshot = with_suffix(out, ".sqlite-partial");
    let _ = std::fs::remove_file(&snapshot);
    let result = (|| {
        let schema_version = match sqlite {
            Some(db) => Some(snapshot_sqlite(db, &snapshot)?),
            None => None,
        };
        let manifest = Manifest {
            format: FORMAT.into(),
            layout: LAYOUT,
            server_version: env!("CARGO_PKG_VERSION").into(),
            schema_version,
            created_at: now,
            database: sqlite.is_some(),
            keys: keys.clone(),
        };
        let database = sqlite.is_some().then_some(snapshot.as_path());
        // It holds the keys: readable by this user only, like the key files themselves.
        let _ = std::fs::remove_file(&partial);
        let file = private_file(&partial)?;
        let file = match &recipient {
            Some(r) => {
                let encrypted =
                    age::Encryptor::with_recipients(std::iter::once(r as &dyn age::Recipient))?
                        .wrap_output(file)?;
                // The age stream's last chunk is written by `finish`, not by dropping it.
                write_archive(encrypted, &manifest, database, &keys_dir)?.finish()?
            }
            None => write_archive(file, &manifest, database, &keys_dir)?,
        };
        file.sync_all()?;
        Ok::<_, anyhow::Error>(())
    })();
    let _ = std::fs::remove_file(&snapshot);
    if let Err(err) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(err);
    }
    std::fs::rename(&partial, out)?;
    Ok(Made {
        database: sqlite.is_some(),
        keys: keys.len(),
        bytes: std::fs::metadata(out)?.len(),
        encrypted: recipient.is_some(),
    })
}

/// The gzipped tar into `sink`: the manifest first, then the database, then the key files.
fn write_archive<W: Write>(
    sink: W,
    manifest: &Manifest,
    database: Option<&Path>,
    keys_dir: &Path,
) -> anyhow::Result<W> {
    let gz = flate2::write::GzEncoder::new(sink, flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    let text = serde_json::to_vec_pretty(manifest)?;
    let mut header = tar::Header::new_gnu();
    header.set_size(text.len() as u64);
    header.set_mode(0o600);
    header.set_mtime(manifest.created_at);
    header.set_cksum();
    tar.append_data(&mut header, MANIFEST, text.as_slice())?;
    if let Some(db) = database {
        tar.append_path_with_name(db, FILE_NAME)?;
    }
    for key in &manifest.keys {
        tar.append_path_with_name(keys_dir.join(key), format!("keys/{key}"))?;
    }
    Ok(tar.into_inner()?.finish()?)
}

/// A consistent copy of the live database at `to`, through a read-only connection; its schema
/// version.
fn snapshot_sqlite(db: &Path, to: &Path) -> anyhow::Result<usize> {
    ensure!(db.is_file(), "there is no database at {}", db.display());
    let conn = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("could not open {}", db.display()))?;
    // The live server may be writing: wait for it rather than fail.
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let target = to.to_str().context("the backup's path is not UTF-8")?;
    // An empty file of this user's only, which VACUUM INTO fills.
    drop(private_file(to)?);
    conn.execute("VACUUM INTO ?1", [target])
        .with_context(|| format!("could not copy {} (VACUUM INTO)", db.display()))?;
    let version: i64 =
        rusqlite::Connection::open(to)?.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(version as usize)
}

/// The names of the key files (plain files directly in `keys/`), sorted.
fn key_files(dir: &Path) -> anyhow::Result<Vec<String>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("could not read the key files in {}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_file()
            && let Some(name) = entry.file_name().to_str()
            && is_plain_name(name)
        {
            names.push(name.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// A file name without a directory, `..` or anything a shell or a tar would read otherwise.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn parse_recipient(text: &str) -> anyhow::Result<age::x25519::Recipient> {
    text.trim().parse().map_err(|e| {
        anyhow::anyhow!("--encrypt-to: {text:?} is not an age public key (age1…): {e}")
    })
}

/// What `restore` put in place.
pub struct Restored {
    pub database: bool,
    pub keys: usize,
    pub server_version: String,
    pub created_at: u64,
}

/// Restores `backup` into the empty data directory `data_dir`, decrypting with the age
/// identities in `identity` when the backup is encrypted.
pub fn restore(
    backup: &Path,
    data_dir: &Path,
    identity: Option<&Path>,
) -> anyhow::Result<Restored> {
    let mut file = BufReader::new(
        File::open(backup).with_context(|| format!("could not open {}", backup.display()))?,
    );
    ensure_empty(data_dir)?;
    let mut head = [0u8; AGE_MAGIC.len()];
    let n = read_up_to(&mut file, &mut head)?;
    let encrypted = n == head.len() && head == AGE_MAGIC;
    let file = std::io::Cursor::new(head[..n].to_vec()).chain(file);
    let plain: Box<dyn Read> = if encrypted {
        let Some(identity) = identity else {
            bail!(
                "{} is encrypted: give --identity with the age key it was encrypted to",
                backup.display()
            );
        };
        let identities = age::IdentityFile::from_file(identity.to_string_lossy().into_owned())
            .with_context(|| format!("could not read the age identity {}", identity.display()))?
            .into_identities()?;
        let decryptor = age::Decryptor::new(BufReader::new(file))
            .context("the backup's encryption header is damaged")?;
        Box::new(
            decryptor
                .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
                .context("this identity cannot decrypt the backup (another key?)")?,
        )
    } else {
        Box::new(file)
    };
    // Staged inside the data directory (a service may write nowhere else), moved into place
    // when complete.
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("could not create {}", data_dir.display()))?;
    let staging = data_dir.join(".restoring");
    let _ = std::fs::remove_dir_all(&staging);
    let result = unpack(plain, &staging);
    let manifest = match result {
        Ok(manifest) => manifest,
        Err(err) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(err.context(format!("{} was not restored", backup.display())));
        }
    };
    // Everything was read and checked: move it into place.
    if manifest.database {
        std::fs::rename(staging.join(FILE_NAME), data_dir.join(FILE_NAME))?;
    }
    std::fs::rename(staging.join("keys"), data_dir.join("keys"))?;
    let _ = std::fs::remove_dir_all(&staging);
    Ok(Restored {
        database: manifest.database,
        keys: manifest.keys.len(),
        server_version: manifest.server_version,
        created_at: manifest.created_at,
    })
}

/// Reads the archive into `staging`, checking the manifest first and every entry against it.
fn unpack(plain: impl Read, staging: &Path) -> anyhow::Result<Manifest> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(plain));
    let mut entries = archive
        .entries()
        .context("this is not an Aktivitetskortet backup")?;
    let mut first = entries
        .next()
        .context("the backup is empty")?
        .context("this is not an Aktivitetskortet backup")?;
    ensure!(
        first.path()?.to_str() == Some(MANIFEST),
        "this is not an Aktivitetskortet backup (no manifest first)"
    );
    let mut text = Vec::new();
    first.by_ref().take(64 * 1024).read_to_end(&mut text)?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .context("this is not an Aktivitetskortet backup (its manifest does not read)")?;
    ensure!(
        manifest.format == FORMAT,
        "this is not an Aktivitetskortet backup"
    );
    ensure!(
        manifest.layout <= LAYOUT,
        "this backup was made by a newer server ({}) in a layout this one cannot read: restore it with that version or a newer one",
        manifest.server_version
    );
    if let Some(version) = manifest.schema_version
        && version > store::SCHEMA_VERSION
    {
        bail!(
            "this backup's database is at schema {version}, newer than this server's {} (it was made by server {}): restore it with that version or a newer one",
            store::SCHEMA_VERSION,
            manifest.server_version
        );
    }
    let keys_dir = staging.join("keys");
    crate::keys::create_private_dir(&keys_dir)?;
    let mut seen = Vec::new();
    for entry in entries {
        let mut entry = entry.context("the backup is cut short or damaged")?;
        ensure!(
            entry.header().entry_type().is_file(),
            "the backup holds something that is not a file"
        );
        let name = entry.path()?.to_str().unwrap_or_default().to_owned();
        let target = if name == FILE_NAME && manifest.database {
            staging.join(FILE_NAME)
        } else if let Some(key) = name.strip_prefix("keys/")
            && is_plain_name(key)
            && manifest.keys.iter().any(|k| k == key)
        {
            keys_dir.join(key)
        } else {
            bail!("the backup holds {name:?}, which its manifest does not list");
        };
        let mut out = private_file(&target)?;
        std::io::copy(&mut entry, &mut out).context("the backup is cut short or damaged")?;
        out.sync_all()?;
        seen.push(name);
    }
    let expected = manifest.keys.len() + usize::from(manifest.database);
    ensure!(
        seen.len() == expected,
        "the backup is cut short: {} of its {expected} files are there",
        seen.len()
    );
    if manifest.database {
        let conn = rusqlite::Connection::open(staging.join(FILE_NAME))?;
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        ensure!(check == "ok", "the backup's database is damaged: {check}");
    }
    Ok(manifest)
}

fn private_file(path: &Path) -> anyhow::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .with_context(|| format!("could not create {}", path.display()))
}

/// A restore never mixes with what a data directory holds.
fn ensure_empty(data_dir: &Path) -> anyhow::Result<()> {
    if !data_dir.exists() {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(data_dir)
        .with_context(|| format!("could not read {}", data_dir.display()))?
        .filter_map(Result::ok)
        // What a restore cut short left behind is no one's data.
        .filter(|e| e.file_name() != ".restoring");
    ensure!(
        entries.next().is_none(),
        "{} is not empty: restore into a new, empty data directory (and point the server there)",
        data_dir.display()
    );
    Ok(())
}

fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// A new age key pair for backups: the identity (secret) into `out`, readable only by its user;
/// the public key (the `--encrypt-to` value) returned.
pub fn keygen(out: &Path) -> anyhow::Result<String> {
    use age::secrecy::ExposeSecret;
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let mut file = private_file(out)?;
    writeln!(file, "# Aktivitetskortet backup key; public key: {public}")?;
    writeln!(file, "{}", identity.to_string().expose_secret())?;
    file.sync_all()?;
    Ok(public)
}
