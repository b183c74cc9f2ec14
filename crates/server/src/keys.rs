//! The server's signing keys: the list key (signs the trust and revocation lists) and the issuer
//! keys (sign credentials), their files in the data directory, issuer key rotation, and the
//! withdrawal of a compromised issuer key.
//!
//! Secret seeds live in files readable by the server's user only (mode 0600, in a 0700 folder),
//! never in the database, so a database backup carries no key. The database records each issuer
//! key's public half and life: when it was made, when it was retired, and the expiry of the last
//! credential it signed (how long the trust list must keep it).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use aktivitetskortet_core::token::{IssuerKey, Kid, TrustedKey};
use anyhow::{Context, bail};

use crate::secrets::random_bytes;
use crate::store::{self, Conn};

const LIST_KEY_FILE: &str = "list-key.hex";
/// How long an active issuer key is announced as valid in the trust list. A retired key's end is
/// set to its last credential's expiry instead.
const ACTIVE_KEY_HORIZON: u64 = 5 * 365 * 86_400;
/// The slack verifiers allow around validity windows (the token format's default).
const SLACK: u64 = 300;

pub struct KeyStore {
    pub(crate) dir: PathBuf,
    issuers: Mutex<HashMap<Kid, Arc<IssuerKey>>>,
    /// The list keys read so far, current and retired (`list_keys.rs`).
    pub(crate) lists: Mutex<HashMap<Kid, Arc<IssuerKey>>>,
}

impl KeyStore {
    /// Opens the keys folder under `data_dir`, making the list key and a first issuer key if they
    /// do not exist. With `provided`, the issuer key is read from that file (hex seed) and
    /// becomes the current one.
    pub fn open(
        data_dir: &Path,
        conn: &mut Conn,
        provided: Option<&Path>,
        now: u64,
    ) -> anyhow::Result<KeyStore> {
        let dir = data_dir.join("keys");
        create_private_dir(&dir)?;
        let list = match read_seed(&dir.join(LIST_KEY_FILE)) {
            Ok(seed) => IssuerKey::from_seed(&seed),
            Err(_) if !dir.join(LIST_KEY_FILE).exists() => {
                let seed = random_bytes::<32>()?;
                write_secret(&dir.join(LIST_KEY_FILE), &seed)?;
                tracing::info!("created the list-signing key");
                IssuerKey::from_seed(&seed)
            }
            Err(e) => return Err(e),
        };
        let store = KeyStore {
            dir,
            issuers: Mutex::new(HashMap::new()),
            lists: Mutex::new(HashMap::new()),
        };
        store.register_first_list_key(conn, &list, &store.dir.join(LIST_KEY_FILE), now)?;
        if let Some(path) = provided {
            let key = IssuerKey::from_seed(&read_seed(path)?);
            store.install(conn, key, path, now)?;
        } else if store.current_kid(conn)?.is_none() {
            store.rotate(conn, now)?;
        }
        Ok(store)
    }

    fn current_kid(&self, conn: &mut Conn) -> anyhow::Result<Option<(String, String)>> {
        Ok(store::keys::current_issuer(conn)?)
    }

    /// The key that signs new credentials. Read from the database each time, so a rotation by
    /// the command line takes effect in a running server.
    pub fn current_issuer(&self, conn: &mut Conn) -> anyhow::Result<Arc<IssuerKey>> {
        let (kid, file) = self
            .current_kid(conn)?
            .context("no active issuer key; run the server once to create one")?;
        self.cached(&self.issuers, &kid, &file)
    }

    /// Reads the current issuer key's and list key's files afresh (not from the cache) and checks
    /// they hold the keys the database names: for readiness, which must notice a key file that
    /// went missing or unreadable (a volume not mounted) before a request needs it.
    pub fn check_files(&self, conn: &mut Conn) -> anyhow::Result<()> {
        let issuer = self.current_kid(conn)?.context("no active issuer key")?;
        let list = store::keys::current_list_key(conn)?;
        for (kid, file) in [issuer, list] {
            let key = IssuerKey::from_seed(&read_seed(&self.key_file(&file))?);
            if key.kid().to_string() != kid {
                bail!("the key file {file} does not hold key {kid}");
            }
        }
        Ok(())
    }

    /// The key `kid` from `cache`, or read from its recorded `file` (checked to hold that key)
    /// and kept there: each key file is read once per process.
    pub(crate) fn cached(
        &self,
        cache: &Mutex<HashMap<Kid, Arc<IssuerKey>>>,
        kid: &str,
        file: &str,
    ) -> anyhow::Result<Arc<IssuerKey>> {
        let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(key) = cache.values().find(|k| k.kid().to_string() == kid) {
            return Ok(key.clone());
        }
        let key = Arc::new(IssuerKey::from_seed(&read_seed(&self.key_file(file))?));
        if key.kid().to_string() != kid {
            bail!("the key file {file} does not hold key {kid}");
        }
        cache.insert(key.kid(), key.clone());
        Ok(key)
    }

    /// Where a stored key file is. Paths are stored absolute; one stored relative by a server
    /// before that (relative to a working directory nobody knows now) is looked for in the keys
    /// folder by its name.
    pub(crate) fn key_file(&self, stored: &str) -> PathBuf {
        let path = Path::new(stored);
        if path.is_relative()
            && !path.exists()
            && let Some(name) = path.file_name()
        {
            return self.dir.join(name);
        }
        path.to_owned()
    }

    /// Withdraws the issuer key `kid` at once, for a key that may be compromised: it leaves the
    /// trust list now (venues stop accepting its credentials at their next list sync) and never
    /// signs again; if it was the current key, a new one takes over. Returns the new key, if one
    /// was made, and how many cards hold a credential from the withdrawn key that has not
    /// expired: those phones can no longer refresh and need new letters.
    pub fn withdraw(
        &self,
        conn: &mut Conn,
        kid: &str,
        now: u64,
    ) -> anyhow::Result<(Option<Kid>, u64)> {
        let (current, withdrawn) = store::keys::issuer_status(conn, kid)?
            .with_context(|| format!("there is no issuer key {kid}; the trust list names them"))?;
        if withdrawn {
            bail!("issuer key {kid} is already withdrawn");
        }
        let replacement = if current {
            Some(self.rotate(conn, now)?)
        } else {
            None
        };
        store::keys::withdraw_issuer(conn, kid, now)?;
        let cards = store::keys::cards_holding_issuer(conn, kid, now)?;
        tracing::warn!(%kid, cards, "issuer key withdrawn");
        Ok((replacement, cards))
    }

    /// Makes a new issuer key and retires the current one, which stays in the trust list until
    /// the last credential it signed has expired.
    pub fn rotate(&self, conn: &mut Conn, now: u64) -> anyhow::Result<Kid> {
        let key = IssuerKey::from_seed(&random_bytes::<32>()?);
        let path = self.dir.join(format!("issuer-{}.hex", key.kid()));
        write_secret(&path, &key.to_seed())?;
        self.install(conn, key, &path, now)
    }

    fn install(
        &self,
        conn: &mut Conn,
        key: IssuerKey,
        path: &Path,
        now: u64,
    ) -> anyhow::Result<Kid> {
        let kid = key.kid();
        let status = store::keys::issuer_status(conn, &kid.to_string())?;
        if status.is_some_and(|(_, withdrawn)| withdrawn) {
            bail!("issuer key {kid} was withdrawn and cannot be used again; make a new one");
        }
        if status.is_some_and(|(current, _)| current) {
            return Ok(kid);
        }
        store::keys::retire_issuers(conn, now)?;
        // Absolute, so a server started from another working directory finds it.
        let path = std::fs::canonicalize(path)
            .with_context(|| format!("could not resolve the key file {}", path.display()))?;
        store::keys::insert_issuer(
            conn,
            &kid.to_string(),
            &key.public_key().to_bytes(),
            &path.to_string_lossy(),
            now,
        )?;
        tracing::info!(%kid, "new issuer key in use");
        Ok(kid)
    }

    /// The trust list's entries at `now`: the active key, and retired keys whose credentials may
    /// still be valid.
    pub fn trusted_keys(&self, conn: &mut Conn, now: u64) -> anyhow::Result<Vec<TrustedKey>> {
        let mut keys = Vec::new();
        for row in store::keys::issuers(conn)? {
            let key = aktivitetskortet_core::token::PublicKey::from_bytes(
                aktivitetskortet_core::token::Alg::EdDsa,
                &row.public_key,
            )?;
            let created = row.created_at;
            let not_after = match row.retired_at {
                None => created + ACTIVE_KEY_HORIZON,
                Some(retired) => retired.max(row.last_expires_at) + SLACK,
            };
            if not_after >= now {
                keys.push(TrustedKey {
                    kid: key.kid(),
                    key,
                    not_before: created,
                    not_after,
                });
            }
        }
        Ok(keys)
    }
}

pub(crate) fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("could not create the keys folder {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Writes a new key file that only the server's user can read. Never overwrites one.
pub(crate) fn write_secret(path: &Path, seed: &[u8; 32]) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("could not create the key file {}", path.display()))?;
    let hex: String = seed.iter().map(|b| format!("{b:02x}")).collect();
    writeln!(file, "{hex}")?;
    file.sync_all()?;
    Ok(())
}

fn read_seed(path: &Path) -> anyhow::Result<[u8; 32]> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read the key file {}", path.display()))?;
    let text = text.trim();
    let mut seed = [0u8; 32];
    if text.len() != 64 || !text.is_ascii() {
        bail!(
            "{} must hold 64 hexadecimal digits (a 32-byte seed)",
            path.display()
        );
    }
    for (i, byte) in seed.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16)
            .with_context(|| format!("{} must hold hexadecimal digits", path.display()))?;
    }
    Ok(seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params;

    fn db(dir: &Path) -> crate::store::Conn {
        let path = dir.join(crate::store::FILE_NAME);
        drop(crate::store::Database::open(&path).unwrap());
        crate::store::Conn::sqlite_file(&path)
    }

    #[test]
    fn first_start_makes_private_key_files_and_reopening_keeps_them() {
        let tmp = tempfile::tempdir().unwrap();
        let mut conn = db(tmp.path());
        let store = KeyStore::open(tmp.path(), &mut conn, None, 1_000).unwrap();
        let issuer = store.current_issuer(&mut conn).unwrap().kid();
        let list = store.list_key(&mut conn).unwrap().kid();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&tmp.path().join("keys")), 0o700);
            assert_eq!(mode(&tmp.path().join("keys").join(LIST_KEY_FILE)), 0o600);
            assert_eq!(
                mode(&tmp.path().join(format!("keys/issuer-{issuer}.hex"))),
                0o600
            );
        }
        let again = KeyStore::open(tmp.path(), &mut conn, None, 2_000).unwrap();
        assert_eq!(again.current_issuer(&mut conn).unwrap().kid(), issuer);
        assert_eq!(again.list_key(&mut conn).unwrap().kid(), list);
    }

    #[test]
    fn rotation_keeps_the_old_key_until_its_last_credential_expires() {
        let tmp = tempfile::tempdir().unwrap();
        let mut conn = db(tmp.path());
        let store = KeyStore::open(tmp.path(), &mut conn, None, 1_000).unwrap();
        let old = store.current_issuer(&mut conn).unwrap().kid();
        conn.execute("UPDATE issuer_keys SET last_expires_at = 50000", params![])
            .unwrap();
        let new = store.rotate(&mut conn, 10_000).unwrap();
        assert_ne!(old, new);
        assert_eq!(store.current_issuer(&mut conn).unwrap().kid(), new);
        let mut kids = |now| {
            store
                .trusted_keys(&mut conn, now)
                .unwrap()
                .into_iter()
                .map(|k| k.kid)
                .collect::<Vec<_>>()
        };
        assert_eq!(kids(20_000), vec![old, new]);
        assert_eq!(kids(50_000 + SLACK + 1), vec![new]);
    }

    #[test]
    fn a_provided_key_file_becomes_current_and_bad_files_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let mut conn = db(tmp.path());
        let file = tmp.path().join("given.hex");
        std::fs::write(&file, format!("{}\n", "ab".repeat(32))).unwrap();
        let store = KeyStore::open(tmp.path(), &mut conn, Some(&file), 1_000).unwrap();
        assert_eq!(
            store.current_issuer(&mut conn).unwrap().kid(),
            IssuerKey::from_seed(&[0xab; 32]).kid()
        );
        std::fs::write(&file, "not hex").unwrap();
        let err = KeyStore::open(tmp.path(), &mut conn, Some(&file), 1_000)
            .err()
            .unwrap();
        assert!(err.to_string().contains("64 hexadecimal digits"), "{err}");
    }
}
