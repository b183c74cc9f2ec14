//! A card's refresh: a fresh presentation buys a new credential, and a card whose key is still
//! raw bytes moves to a new, non-extractable key on the way (token format §6.3).

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{CredentialResponse, RefreshRequest};
use aktivitetskortet_core::token::DevicePublicKey;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rusqlite::params;

use super::{Card, Unsigned, WalletError, card_from, check_response, clock_offset, companion_text};
use crate::http::Backend;
use crate::phone_key::PhoneKey;
use crate::store::{Store, StoreError, Wallet};

/// A refresh to sign: the presentation by the card's current key, and the key the card moves
/// to, if it is moving.
pub struct RefreshPlan {
    card_id: String,
    presentation: Unsigned,
    moving_to: Option<DevicePublicKey>,
}

impl RefreshPlan {
    /// Signs the presentation with the card's current key (without holding the store).
    pub async fn sign(self) -> Result<PendingRefresh, WalletError> {
        let presentation = self.presentation.sign().await?.qr_text;
        let public = self
            .moving_to
            .unwrap_or_else(|| self.presentation.public_key());
        Ok(PendingRefresh {
            card_id: self.card_id,
            public,
            moving: self.moving_to.is_some(),
            request: RefreshRequest {
                presentation,
                device_key: self.moving_to.map(|key| BASE64.encode(key.to_compressed())),
            },
        })
    }
}

/// A refresh under way: the fresh presentation that proves the phone holds the card's key, and
/// the public half of the key the new credential must name (the new key, on a move).
pub struct PendingRefresh {
    card_id: String,
    public: DevicePublicKey,
    moving: bool,
    request: RefreshRequest,
}

impl PendingRefresh {
    /// Sends the refresh; the answer (or the error) goes to [`Wallet::finish_refresh`].
    pub async fn send(&self, backend: &Backend) -> Result<CredentialResponse, WalletError> {
        Ok(backend
            .post_json(paths::REFRESH, None, &self.request)
            .await?)
    }

    /// The request as it will be sent.
    pub fn request(&self) -> &RefreshRequest {
        &self.request
    }
}

impl Wallet<'_> {
    /// Prepares a refresh of `card_id` at `device_now`; a move begun by
    /// [`Wallet::start_key_move`] and not yet answered goes with it (again, after a lost answer).
    pub fn begin_refresh(
        &self,
        card_id: &str,
        device_now: u64,
    ) -> Result<RefreshPlan, WalletError> {
        let presentation = self.prepare_presentation(card_id, device_now)?;
        let moving: Option<Vec<u8>> = self.conn.query_row(
            "SELECT moving_public FROM cards WHERE card_id = ?1",
            [card_id],
            |row| row.get(0),
        )?;
        let moving_to = moving
            .map(|bytes| {
                DevicePublicKey::from_compressed(&bytes)
                    .map_err(|_| StoreError::Corrupt("a card's new phone key is damaged".into()))
            })
            .transpose()?;
        Ok(RefreshPlan {
            card_id: card_id.to_owned(),
            presentation,
            moving_to,
        })
    }

    /// Whether `card_id` should move to a new key before its next refresh: in the browser, a
    /// card whose key is raw bytes in the store (made before WebCrypto keys) and is not moving yet.
    pub fn needs_key_move(&self, card_id: &str) -> Result<bool, StoreError> {
        if !cfg!(target_arch = "wasm32") {
            return Ok(false);
        }
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM cards
             WHERE card_id = ?1 AND device_secret IS NOT NULL AND moving_public IS NULL",
            [card_id],
            |row| row.get::<_, i64>(0),
        )? > 0)
    }

    /// Records that `card_id` moves to `key` at its next refresh. Save the store before that
    /// refresh is sent: if its answer is lost, the next try must name the same key. A card
    /// already moving keeps the key it is moving to.
    pub fn start_key_move(&mut self, card_id: &str, key: &PhoneKey) -> Result<(), WalletError> {
        let (secret, webcrypto) = key.columns();
        let changed = self.conn.execute(
            "UPDATE cards SET moving_secret = ?2, moving_key = ?3, moving_public = ?4
             WHERE card_id = ?1 AND moving_public IS NULL",
            params![
                card_id,
                secret.as_ref().map(|s| s.as_slice()),
                webcrypto,
                key.public_key().to_compressed().to_vec(),
            ],
        )?;
        if changed == 0 && self.card(card_id)?.is_none() {
            return Err(WalletError::UnknownCard);
        }
        Ok(())
    }

    /// Forgets a move that was started but could not be saved: sent unsaved, a move the server
    /// made could not be retried after a restart (the phone would ask for yet another key, which
    /// the server refuses), so the card refreshes on its old key instead and moves next time.
    pub fn cancel_key_move(&mut self, card_id: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE cards SET moving_secret = NULL, moving_key = NULL, moving_public = NULL
             WHERE card_id = ?1",
            [card_id],
        )?;
        Ok(())
    }

    /// Stores the new credential of a refresh with the new clock offset (and, on a move, the new
    /// key in place of the old, whose secret is deleted). On failure (the answer given, or a bad
    /// credential in it) the old credential stays in use and the card's `refresh_error` says why
    /// (if even that cannot be written, the refresh's own error is still what is returned).
    pub fn finish_refresh(
        &mut self,
        pending: PendingRefresh,
        answer: Result<CredentialResponse, WalletError>,
        device_now: u64,
    ) -> Result<Card, WalletError> {
        let card_id = pending.card_id.as_str();
        let checked = answer.and_then(|response| {
            check_response(&response, &pending.public, Some(card_id)).map(|c| (response, c))
        });
        let (response, credential) = match checked {
            Ok(checked) => checked,
            Err(error) => {
                let _ = self.note_refresh_error(card_id, &error.to_string());
                return Err(error);
            }
        };
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE cards SET credential = ?2, given_name = ?3, birth_year = ?4, companion = ?5,
                 card_valid_until = ?6, clock_offset = ?7, refreshed_at = ?8, refresh_error = NULL,
                 visit_counts = ?9, counts_at = ?8
             WHERE card_id = ?1",
            params![
                card_id,
                credential.as_bytes(),
                response.given_name,
                response.birth_year,
                companion_text(response.companion),
                response.card_valid_until.to_string(),
                clock_offset(response.server_time, device_now),
                device_now as i64,
                serde_json::to_string(&response.visits).map_err(StoreError::from)?,
            ],
        )?;
        // The card was removed while the request was under way: do not bring it back.
        if changed == 0 {
            return Err(WalletError::UnknownCard);
        }
        if pending.moving {
            tx.execute(
                "UPDATE cards SET device_secret = moving_secret, webcrypto_key = moving_key,
                     moving_secret = NULL, moving_key = NULL, moving_public = NULL
                 WHERE card_id = ?1 AND moving_public = ?2",
                params![card_id, pending.public.to_compressed().to_vec()],
            )?;
        }
        // The stored key must be the one the new credential names, or the card could not be
        // shown: then nothing is stored and the old credential and key stay as they were.
        tx.query_row(
            "SELECT device_secret, webcrypto_key FROM cards WHERE card_id = ?1",
            [card_id],
            |row| {
                Ok(
                    PhoneKey::from_columns(row.get_ref(0)?, row.get(1)?, credential.device_key)
                        .map(drop),
                )
            },
        )??;
        tx.commit()?;
        Ok(card_from(&response, &credential, device_now))
    }

    /// Notes why a refresh failed, keeping the credential held.
    fn note_refresh_error(&mut self, card_id: &str, error: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE cards SET refresh_error = ?2 WHERE card_id = ?1",
            params![card_id, error],
        )?;
        Ok(())
    }
}

/// Gets a new credential for a card with a fresh presentation, and stores it with the new clock
/// offset; a card that should move to a new key ([`Wallet::needs_key_move`]) moves on the way.
/// On failure the old credential stays in use and the card's `refresh_error` says why.
pub async fn refresh(
    store: &mut Store,
    backend: &Backend,
    card_id: &str,
    device_now: u64,
) -> Result<Card, WalletError> {
    if store.wallet().needs_key_move(card_id)? {
        // Without a new key the card refreshes on its old one and tries again next time.
        if let Ok(key) = PhoneKey::generate().await {
            store.wallet().start_key_move(card_id, &key)?;
        }
    }
    let plan = store.wallet().begin_refresh(card_id, device_now)?;
    let pending = plan.sign().await?;
    let answer = pending.send(backend).await;
    store.wallet().finish_refresh(pending, answer, device_now)
}
