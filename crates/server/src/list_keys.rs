//! The list key and its rotation: the key that signs the trust and revocation lists is recorded
//! in the database (like the issuer keys, so every instance and every command sees the same
//! one), `rotate-list-key` makes a new one, and each retired list key signs an announcement of
//! the current key, which venue devices that hold the retired key verify and adopt at their next
//! sync (§7.3 of the token format).

use std::path::Path;
use std::sync::Arc;

use aktivitetskortet_core::token::{IssuerKey, Kid, ListKeyAnnouncement};
use anyhow::Context;
use axum::extract::State;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::AppState;
use crate::error::ApiError;
use crate::keys::{KeyStore, write_secret};
use crate::secrets::random_bytes;
use crate::store::{self, Conn};

impl KeyStore {
    /// Records the list key made (or found) at start, the first time there is none recorded.
    pub(crate) fn register_first_list_key(
        &self,
        conn: &mut Conn,
        key: &IssuerKey,
        path: &Path,
        now: u64,
    ) -> anyhow::Result<()> {
        if !store::keys::has_list_key(conn)? {
            insert_list_key(conn, key, path, now)?;
        }
        Ok(())
    }

    /// The list key that signs lists now. Read from the database each time (the key itself is
    /// kept once read), so a rotation by the command line takes effect in a running server.
    pub fn list_key(&self, conn: &mut Conn) -> anyhow::Result<Arc<IssuerKey>> {
        let (kid, file) = store::keys::current_list_key(conn)
            .context("no list key; run the server once to create one")?;
        self.list_key_by(&kid, &file)
    }

    /// The retired list keys, oldest first: each signs an announcement of the current key.
    fn retired_list_keys(&self, conn: &mut Conn) -> anyhow::Result<Vec<Arc<IssuerKey>>> {
        let rows = store::keys::retired_list_keys(conn)?;
        let mut keys = Vec::new();
        for row in rows {
            let (kid, file) = row;
            keys.push(self.list_key_by(&kid, &file)?);
        }
        Ok(keys)
    }

    fn list_key_by(&self, kid: &str, file: &str) -> anyhow::Result<Arc<IssuerKey>> {
        self.cached(&self.lists, kid, file)
    }

    /// Makes a new list key: from now on it signs the lists, and the old one only the
    /// announcement of the new one. Returns (old, new).
    pub fn rotate_list_key(&self, conn: &mut Conn, now: u64) -> anyhow::Result<(Kid, Kid)> {
        let old = self.list_key(conn)?.kid();
        let key = IssuerKey::from_seed(&random_bytes::<32>()?);
        let path = self.dir.join(format!("list-key-{}.hex", key.kid()));
        write_secret(&path, &key.to_seed())?;
        let mut tx = conn.transaction()?;
        store::keys::retire_list_keys(&mut tx, now)?;
        insert_list_key(&mut tx, &key, &path, now)?;
        tx.commit()?;
        tracing::info!(%old, new = %key.kid(), "new list key in use");
        Ok((old, key.kid()))
    }

    /// The announcements of the current list key, one signed by each retired key, oldest first.
    /// The sequence is the number of list keys there have been, so it grows with each rotation.
    pub fn list_key_announcements(
        &self,
        conn: &mut Conn,
        now: u64,
    ) -> anyhow::Result<Vec<Vec<u8>>> {
        let current = self.list_key(conn)?;
        let retired = self.retired_list_keys(conn)?;
        let announcement = ListKeyAnnouncement {
            sequence: retired.len() as u64 + 1,
            issued_at: now,
            keys: vec![current.public_key()],
        };
        Ok(retired.iter().map(|old| announcement.sign(old)).collect())
    }
}

/// Records a list key in use from `now`, its file by absolute path.
fn insert_list_key(conn: &mut Conn, key: &IssuerKey, path: &Path, now: u64) -> anyhow::Result<()> {
    let path = std::fs::canonicalize(path)
        .with_context(|| format!("could not resolve the key file {}", path.display()))?;
    store::keys::insert_list_key(
        conn,
        &key.kid().to_string(),
        &key.public_key().to_bytes(),
        &path.to_string_lossy(),
        now,
    )?;
    Ok(())
}

/// `GET /api/v1/list-key-announcements`: `{"announcements": [Base64 COSE_Sign1, ...]}`, empty
/// until the list key is first rotated.
pub(crate) async fn announcements(
    State(state): State<AppState>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let now = state.clock.now();
    let keys = state.keys.clone();
    let signed = state
        .db
        .call(move |c| Ok::<_, ApiError>(keys.list_key_announcements(c, now)?))
        .await?;
    let encoded: Vec<String> = signed.iter().map(|s| BASE64.encode(s)).collect();
    Ok(axum::Json(serde_json::json!({ "announcements": encoded })))
}
