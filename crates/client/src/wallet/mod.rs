//! The cards on this phone: activation with the letter's code, refresh, and the rotating QR.
//!
//! One phone may hold several cards (a parent with several children). Each card gets its own P-256
//! key, made on this phone: the server only ever sees the public half, so losing one card's key
//! never touches another card. In the browser the key is a WebCrypto key no script can export
//! (`phone_key.rs`); elsewhere its secret stays in the `cards` table, read for a signature and
//! wiped from memory right after. No type here prints it.

use aktivitetskortet_core::activation::{self, CodeError};
use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{ActivateRequest, CredentialResponse};
use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::token::{CompanionRule, Credential, DevicePublicKey, Presentation};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rusqlite::params;

use crate::http::{Backend, HttpError};
use crate::phone_key::PhoneKey;
use crate::store::{Store, StoreError, Wallet};

mod refresh;

pub use refresh::{PendingRefresh, RefreshPlan, refresh};

/// Refresh when less than this much of the credential's validity is left (seconds): ten days give a
/// phone that is rarely online several chances before the 31-day credential runs out.
pub const REFRESH_WHEN_LEFT: u64 = 10 * 86_400;

/// Refresh at least this often (seconds), even with plenty of validity left, so the clock offset
/// stays fresh and the card's details (a corrected name, a new end date) reach the phone.
pub const REFRESH_EVERY: u64 = 7 * 86_400;

/// A card as the app shows it. It holds nothing secret, so it may be logged and cloned freely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub card_id: String,
    pub given_name: String,
    pub birth_year: u16,
    pub companion: CompanionRule,
    /// The card's own last day; the credential is shorter and gets refreshed up to this.
    pub card_valid_until: Date,
    /// When the credential held now expires (Unix seconds, server time).
    pub credential_expires_at: u64,
    /// The device time of the last activation or successful refresh.
    pub refreshed_at: u64,
    /// Why the last refresh failed, for a quiet note on the card; `None` after a success.
    pub refresh_error: Option<String>,
}

/// Why a wallet operation failed. The messages are written to be shown to the family as they are.
#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    /// What was typed cannot be a code (checked on the phone, before going online).
    #[error("this is not an activation code: {0}")]
    BadCode(CodeError),
    /// The server's single answer for a wrong, used or expired code (and a revoked card): it tells
    /// a guesser nothing, so the app cannot say more either.
    #[error("wrong, used or expired code: check the letter, or ask for a new one")]
    WrongCode,
    #[error("too many attempts: wait a quarter of an hour and try again")]
    TooManyAttempts,
    #[error("no network: connect to the internet and try again")]
    Offline,
    /// The server answered, but with something this app cannot use (or that does not match what
    /// was asked for). Nothing was stored.
    #[error("the server's answer could not be used: {0}")]
    BadResponse(String),
    /// The server refused for another reason (a revoked or ended card on refresh, for example).
    #[error("the server refused: {0}")]
    Server(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("this card is not on this phone")]
    UnknownCard,
    /// The OS gave no random bytes for a new phone key.
    #[error("this phone could not make a key for the card: {0}")]
    NoRandomness(String),
    /// The card's key could not be made or used (the browser's WebCrypto or its storage failed,
    /// or the key was deleted with the browser's site data).
    #[error("this phone could not use the card's key: {0}")]
    KeyUnavailable(String),
}

impl From<rusqlite::Error> for WalletError {
    fn from(e: rusqlite::Error) -> Self {
        WalletError::Store(e.into())
    }
}

impl From<HttpError> for WalletError {
    fn from(e: HttpError) -> Self {
        match e {
            HttpError::Network(_) => WalletError::Offline,
            HttpError::Api { body, .. } => match body.code.as_str() {
                "activation_failed" => WalletError::WrongCode,
                "too_many_requests" => WalletError::TooManyAttempts,
                _ => WalletError::Server(body.message),
            },
            HttpError::BadResponse(why) => WalletError::BadResponse(why),
        }
    }
}

/// The companion rule as stored: the same names as on the wire.
fn companion_text(rule: CompanionRule) -> &'static str {
    match rule {
        CompanionRule::None => "none",
        CompanionRule::OneAtPublicEvents => "one_at_public_events",
        CompanionRule::OneEverywhere => "one_everywhere",
    }
}

fn companion_from_text(text: &str) -> Result<CompanionRule, StoreError> {
    match text {
        "none" => Ok(CompanionRule::None),
        "one_at_public_events" => Ok(CompanionRule::OneAtPublicEvents),
        "one_everywhere" => Ok(CompanionRule::OneEverywhere),
        other => Err(StoreError::Corrupt(format!(
            "unknown companion rule {other:?}"
        ))),
    }
}

/// The offset that turns this phone's clock into the server's: `server_time - device_now`.
fn clock_offset(server_time: u64, device_now: u64) -> i64 {
    let server = i64::try_from(server_time).unwrap_or(i64::MAX);
    let device = i64::try_from(device_now).unwrap_or(i64::MAX);
    server.saturating_sub(device)
}

/// Checks a credential the server sent before anything is stored: it must be for this phone's key
/// and for the card the answer (and, on refresh, the request) names, and its signed issue time must
/// be the server time the clock offset is taken from.
fn check_response(
    response: &CredentialResponse,
    device: &DevicePublicKey,
    card_id: Option<&str>,
) -> Result<Credential, WalletError> {
    let bad = |why: &str| WalletError::BadResponse(why.to_owned());
    let bytes = BASE64
        .decode(response.credential.trim())
        .map_err(|_| bad("the credential is not Base64"))?;
    let credential = Credential::from_bytes(&bytes)
        .map_err(|e| WalletError::BadResponse(format!("the credential cannot be read: {e}")))?;
    if credential.device_key != *device {
        return Err(bad("the credential is for another phone key"));
    }
    let claims = &credential.claims;
    if claims.card_id.to_string() != response.card_id
        || card_id.is_some_and(|id| id != response.card_id)
    {
        return Err(bad("the credential is for another card"));
    }
    if claims.given_name != response.given_name
        || claims.birth_year != response.birth_year
        || claims.companion != response.companion
    {
        return Err(bad("the credential does not match the card's details"));
    }
    if credential.validity.issued_at != response.server_time {
        return Err(bad("the server time is not the credential's signed time"));
    }
    Ok(credential)
}

fn card_from(response: &CredentialResponse, credential: &Credential, refreshed_at: u64) -> Card {
    Card {
        card_id: response.card_id.clone(),
        given_name: response.given_name.clone(),
        birth_year: response.birth_year,
        companion: response.companion,
        card_valid_until: response.card_valid_until,
        credential_expires_at: credential.validity.expires_at,
        refreshed_at,
        refresh_error: None,
    }
}

const CARD_COLUMNS: &str = "card_id, given_name, birth_year, companion, card_valid_until, credential, refreshed_at, refresh_error";

fn stored_credential(bytes: &[u8]) -> Result<Credential, StoreError> {
    Credential::from_bytes(bytes)
        .map_err(|e| StoreError::Corrupt(format!("a stored credential cannot be read: {e}")))
}

fn card_row(row: &rusqlite::Row<'_>) -> Result<Card, StoreError> {
    let valid_until: String = row.get(4)?;
    let credential = stored_credential(&row.get::<_, Vec<u8>>(5)?)?;
    Ok(Card {
        card_id: row.get(0)?,
        given_name: row.get(1)?,
        birth_year: row.get(2)?,
        companion: companion_from_text(&row.get::<_, String>(3)?)?,
        card_valid_until: valid_until.parse().map_err(|_| {
            StoreError::Corrupt(format!("a card's end date {valid_until:?} is not a date"))
        })?,
        credential_expires_at: credential.validity.expires_at,
        refreshed_at: row.get::<_, i64>(6)? as u64,
        refresh_error: row.get(7)?,
    })
}

impl Wallet<'_> {
    /// The cards on this phone, in the order they were added (a card activated again moves last).
    pub fn cards(&self) -> Result<Vec<Card>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CARD_COLUMNS} FROM cards ORDER BY added_at, rowid"
        ))?;
        let mut rows = stmt.query([])?;
        let mut cards = Vec::new();
        while let Some(row) = rows.next()? {
            cards.push(card_row(row)?);
        }
        Ok(cards)
    }

    /// One card, if it is on this phone.
    pub fn card(&self, card_id: &str) -> Result<Option<Card>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CARD_COLUMNS} FROM cards WHERE card_id = ?1"
        ))?;
        let mut rows = stmt.query([card_id])?;
        match rows.next()? {
            Some(row) => Ok(Some(card_row(row)?)),
            None => Ok(None),
        }
    }

    /// Removes a card and its phone key; `false` when it was not here. The card can only come
    /// back with a new activation letter.
    pub fn remove_card(&mut self, card_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM cards WHERE card_id = ?1", [card_id])?
            > 0)
    }

    /// The presentation of `card_id` at `device_now` corrected by the offset learned from the
    /// server (so a phone whose clock is wrong still shows a fresh code), ready to be signed by
    /// the card's key: [`Unsigned::sign`] makes the QR text without holding the store.
    pub fn prepare_presentation(
        &self,
        card_id: &str,
        device_now: u64,
    ) -> Result<Unsigned, WalletError> {
        let mut stmt = self.conn.prepare(
            "SELECT credential, device_secret, webcrypto_key, clock_offset
             FROM cards WHERE card_id = ?1",
        )?;
        let mut rows = stmt.query([card_id])?;
        let row = rows.next()?.ok_or(WalletError::UnknownCard)?;
        let credential: Vec<u8> = row.get(0)?;
        let public = stored_credential(&credential)?.device_key;
        let key = PhoneKey::from_columns(row.get_ref(1)?, row.get(2)?, public)?;
        let offset: i64 = row.get(3)?;
        Ok(Unsigned {
            credential,
            at: device_now.saturating_add_signed(offset),
            key,
        })
    }

    /// The names of the WebCrypto keys `card_id` uses (or is moving to), to forget once the card
    /// is removed and the store saved.
    pub fn phone_keys_of(&self, card_id: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT webcrypto_key FROM cards WHERE card_id = ?1 AND webcrypto_key IS NOT NULL
             UNION SELECT moving_key FROM cards WHERE card_id = ?1 AND moving_key IS NOT NULL",
        )?;
        let names = stmt.query_map([card_id], |row| row.get(0))?;
        Ok(names.collect::<Result<_, _>>()?)
    }

    /// The names of the WebCrypto keys the cards use (or are moving to): every other phone key
    /// in the browser can go ([`crate::phone_key::forget_unused`]).
    pub fn phone_keys_in_use(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT webcrypto_key FROM cards WHERE webcrypto_key IS NOT NULL
             UNION SELECT moving_key FROM cards WHERE moving_key IS NOT NULL",
        )?;
        let names = stmt.query_map([], |row| row.get(0))?;
        Ok(names.collect::<Result<_, _>>()?)
    }
}

/// A presentation waiting for the card's key to sign it (made by
/// [`Wallet::prepare_presentation`]). Holds the credential and a handle to the key, not the store.
pub struct Unsigned {
    credential: Vec<u8>,
    at: u64,
    key: PhoneKey,
}

impl Unsigned {
    /// Signs with the card's key: the QR code's presentation (token format §6).
    pub async fn sign(&self) -> Result<Presentation, WalletError> {
        let tbs = Presentation::to_be_signed(&self.credential, self.at);
        let signature = self.key.sign(&tbs).await?;
        Ok(Presentation::with_signature(
            &self.credential,
            self.at,
            signature,
        ))
    }

    /// The public half of the key that signs.
    pub fn public_key(&self) -> DevicePublicKey {
        self.key.public_key()
    }
}

/// The QR text for `card_id` now (see [`Wallet::prepare_presentation`]).
pub async fn presentation(
    store: &mut Store,
    card_id: &str,
    device_now: u64,
) -> Result<String, WalletError> {
    let unsigned = store.wallet().prepare_presentation(card_id, device_now)?;
    Ok(unsigned.sign().await?.qr_text)
}

/// An activation under way: the phone key made for the card and the request that sends its
/// public half. Nothing is stored until [`Wallet::finish_activation`], so the app can send the
/// request without holding the store (and keep searching offers meanwhile).
pub struct PendingActivation {
    key: PhoneKey,
    request: ActivateRequest,
}

impl PendingActivation {
    /// Reads the typed code (refusing what cannot be a code, with the reason, before anything
    /// goes online or a key is made) and makes a new phone key for the card, of the best kind
    /// this build has ([`PhoneKey::generate`]).
    pub async fn new(typed_code: &str) -> Result<PendingActivation, WalletError> {
        let code = activation::normalize(typed_code).map_err(WalletError::BadCode)?;
        let key = PhoneKey::generate().await?;
        Ok(PendingActivation::for_code(code, key))
    }

    /// As [`PendingActivation::new`], with the phone key given.
    pub fn with_key(typed_code: &str, key: PhoneKey) -> Result<PendingActivation, WalletError> {
        let code = activation::normalize(typed_code).map_err(WalletError::BadCode)?;
        Ok(PendingActivation::for_code(code, key))
    }

    fn for_code(code: String, key: PhoneKey) -> PendingActivation {
        let request = ActivateRequest {
            code,
            device_key: BASE64.encode(key.public_key().to_compressed()),
        };
        PendingActivation { key, request }
    }

    /// The public half of the new phone key: what the server's credential must name.
    pub fn device_public_key(&self) -> DevicePublicKey {
        self.key.public_key()
    }

    /// The request as it will be sent (the code normalised, the phone key's public half).
    pub fn request(&self) -> &ActivateRequest {
        &self.request
    }

    /// Sends the activation; the answer goes to [`Wallet::finish_activation`].
    pub async fn send(&self, backend: &Backend) -> Result<CredentialResponse, WalletError> {
        Ok(backend
            .post_json(paths::ACTIVATE, None, &self.request)
            .await?)
    }
}

impl Wallet<'_> {
    /// Checks the server's answer to `pending` and stores the card with its phone key. Activating
    /// a card that is already on the phone replaces it (the server has then retired the earlier
    /// credential). On any error nothing is stored.
    pub fn finish_activation(
        &mut self,
        pending: PendingActivation,
        response: &CredentialResponse,
        device_now: u64,
    ) -> Result<Card, WalletError> {
        let credential = check_response(response, &pending.key.public_key(), None)?;
        let (secret, webcrypto) = pending.key.columns();
        self.conn.execute(
            "INSERT OR REPLACE INTO cards (card_id, credential, device_secret, webcrypto_key,
                 given_name, birth_year, companion, card_valid_until, clock_offset, added_at,
                 refreshed_at, refresh_error, visit_counts, counts_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, NULL, ?11, ?10)",
            params![
                response.card_id,
                credential.as_bytes(),
                secret.as_ref().map(|s| s.as_slice()),
                webcrypto,
                response.given_name,
                response.birth_year,
                companion_text(response.companion),
                response.card_valid_until.to_string(),
                clock_offset(response.server_time, device_now),
                device_now as i64,
                serde_json::to_string(&response.visits).map_err(StoreError::from)?,
            ],
        )?;
        Ok(card_from(response, &credential, device_now))
    }
}

/// Activates a card with the code from its letter: makes a new phone key, sends its public half,
/// checks the credential that comes back and stores the card. On any error nothing is stored.
pub async fn activate(
    store: &mut Store,
    backend: &Backend,
    code: &str,
    device_now: u64,
) -> Result<Card, WalletError> {
    let pending = PendingActivation::new(code).await?;
    let response = pending.send(backend).await?;
    store
        .wallet()
        .finish_activation(pending, &response, device_now)
}

/// Whether to refresh `card` at `device_now`: when less than [`REFRESH_WHEN_LEFT`] of the
/// credential is left (unless it already lasts to the card's end, where a refresh cannot extend
/// it), or when the last refresh is older than [`REFRESH_EVERY`].
pub fn refresh_due(card: &Card, device_now: u64) -> bool {
    let card_end = card.card_valid_until.add_days(1).to_unix();
    let running_out = card.credential_expires_at.saturating_sub(device_now) < REFRESH_WHEN_LEFT
        && card.credential_expires_at < card_end;
    let long_ago = device_now.saturating_sub(card.refreshed_at) > REFRESH_EVERY;
    running_out || long_ago
}
