//! The cards on this phone: activation with the letter's code, refresh, and the rotating QR.
//!
//! One phone may hold several cards (a parent with several children). Each card gets its own P-256
//! key, made on this phone from the OS's randomness: the server only ever sees the public half, so
//! losing one card's key never touches another card. The secret stays in the `cards` table; it is
//! read for a signature and wiped from memory right after, and no type here prints it.

use aktivitetskortet_core::activation::{self, CodeError};
use aktivitetskortet_core::api::{ActivateRequest, CredentialResponse, RefreshRequest};
use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::token::{
    CompanionRule, Credential, DeviceKey, DevicePublicKey, Presentation,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rusqlite::params;
use rusqlite::types::ValueRef;
use zeroize::Zeroizing;

use crate::http::{Backend, HttpError};
use crate::store::{Store, StoreError, Wallet};

/// Refresh when less than this much of the credential's validity is left (seconds): ten days give a
/// phone that is rarely online several chances before the 31-day credential runs out.
pub const REFRESH_WHEN_LEFT: u64 = 10 * 86_400;

/// Refresh at least this often (seconds), even with plenty of validity left, so the clock offset
/// stays fresh and the card's details (a corrected name, a new end date) reach the phone.
pub const REFRESH_EVERY: u64 = 7 * 86_400;

/// How many times to draw new bytes for a phone key. A random 32-byte string fails to be a P-256
/// secret with probability about 2^-32, so a second failure means the randomness is broken.
const KEY_ATTEMPTS: usize = 4;

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

/// A stored phone key, copied straight from SQLite's buffer into memory that is wiped on drop.
fn stored_key(value: ValueRef<'_>) -> Result<DeviceKey, StoreError> {
    let corrupt = || StoreError::Corrupt("a card's phone key is damaged".into());
    let blob = value.as_blob().map_err(|_| corrupt())?;
    if blob.len() != 32 {
        return Err(corrupt());
    }
    let mut secret = Zeroizing::new([0u8; 32]);
    secret.copy_from_slice(blob);
    DeviceKey::from_secret(&secret).map_err(|_| corrupt())
}

/// A new phone key from the OS's randomness. The random bytes are wiped once the key is made
/// (the key wipes its own copy when dropped).
fn new_device_key() -> Result<DeviceKey, WalletError> {
    let mut secret = Zeroizing::new([0u8; 32]);
    for _ in 0..KEY_ATTEMPTS {
        getrandom::fill(secret.as_mut_slice())
            .map_err(|e| WalletError::NoRandomness(e.to_string()))?;
        if let Ok(key) = DeviceKey::from_secret(&secret) {
            return Ok(key);
        }
    }
    Err(WalletError::NoRandomness(
        "the random bytes were not usable".into(),
    ))
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

fn card_row(row: &rusqlite::Row<'_>) -> Result<Card, StoreError> {
    let valid_until: String = row.get(4)?;
    let credential: Vec<u8> = row.get(5)?;
    let credential = Credential::from_bytes(&credential)
        .map_err(|e| StoreError::Corrupt(format!("a stored credential cannot be read: {e}")))?;
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

    /// The QR text for `card_id` now: the phone's key signs `device_now` corrected by the offset
    /// learned from the server, so a phone whose clock is wrong still shows a fresh code.
    pub fn presentation(&self, card_id: &str, device_now: u64) -> Result<String, WalletError> {
        Ok(self.present(card_id, device_now)?.0)
    }

    /// The presentation and the public half of the card's phone key (what a refreshed credential
    /// must name).
    fn present(
        &self,
        card_id: &str,
        device_now: u64,
    ) -> Result<(String, DevicePublicKey), WalletError> {
        let mut stmt = self.conn.prepare(
            "SELECT credential, device_secret, clock_offset FROM cards WHERE card_id = ?1",
        )?;
        let mut rows = stmt.query([card_id])?;
        let row = rows.next()?.ok_or(WalletError::UnknownCard)?;
        let credential: Vec<u8> = row.get(0)?;
        let credential = Credential::from_bytes(&credential)
            .map_err(|e| StoreError::Corrupt(format!("a stored credential cannot be read: {e}")))?;
        let device = stored_key(row.get_ref(1)?)?;
        let offset: i64 = row.get(2)?;
        let at = device_now.saturating_add_signed(offset);
        let presentation = Presentation::create(&credential, &device, at).map_err(|_| {
            StoreError::Corrupt("a card's phone key does not match its credential".into())
        })?;
        Ok((presentation.qr_text, device.public_key()))
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

/// An activation under way: the phone key made for the card and the request that sends its
/// public half. Nothing is stored until [`Store::finish_activation`], so the app can send the
/// request without holding the store (and keep searching offers meanwhile).
pub struct PendingActivation {
    device: DeviceKey,
    request: ActivateRequest,
}

impl PendingActivation {
    /// Reads the typed code (refusing what cannot be a code, with the reason, before anything
    /// goes online) and makes a new phone key for the card.
    pub fn new(typed_code: &str) -> Result<PendingActivation, WalletError> {
        let code = activation::normalize(typed_code).map_err(WalletError::BadCode)?;
        let device = new_device_key()?;
        let request = ActivateRequest {
            code,
            device_key: BASE64.encode(device.public_key().to_compressed()),
        };
        Ok(PendingActivation { device, request })
    }

    /// The public half of the new phone key: what the server's credential must name.
    pub fn device_public_key(&self) -> DevicePublicKey {
        self.device.public_key()
    }

    /// The request as it will be sent (the code normalised, the phone key's public half).
    pub fn request(&self) -> &ActivateRequest {
        &self.request
    }

    /// Sends the activation; the answer goes to [`Store::finish_activation`].
    pub async fn send(&self, backend: &Backend) -> Result<CredentialResponse, WalletError> {
        Ok(backend
            .post_json("/api/v1/activate", None, &self.request)
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
        let credential = check_response(response, &pending.device.public_key(), None)?;
        let secret = Zeroizing::new(pending.device.to_secret());
        self.conn.execute(
            "INSERT OR REPLACE INTO cards (card_id, credential, device_secret, given_name, birth_year,
                 companion, card_valid_until, clock_offset, added_at, refreshed_at, refresh_error)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, NULL)",
            params![
                response.card_id,
                credential.as_bytes(),
                secret.as_slice(),
                response.given_name,
                response.birth_year,
                companion_text(response.companion),
                response.card_valid_until.to_string(),
                clock_offset(response.server_time, device_now),
                device_now as i64,
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
    let pending = PendingActivation::new(code)?;
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

/// A refresh under way: the fresh presentation that proves the phone holds the card's key, and
/// that key's public half (which the new credential must name).
pub struct PendingRefresh {
    card_id: String,
    public: DevicePublicKey,
    request: RefreshRequest,
}

impl PendingRefresh {
    /// Sends the refresh; the answer (or the error) goes to [`Store::finish_refresh`].
    pub async fn send(&self, backend: &Backend) -> Result<CredentialResponse, WalletError> {
        Ok(backend
            .post_json("/api/v1/refresh", None, &self.request)
            .await?)
    }
}

impl Wallet<'_> {
    /// Prepares a refresh of `card_id` at `device_now`.
    pub fn begin_refresh(
        &self,
        card_id: &str,
        device_now: u64,
    ) -> Result<PendingRefresh, WalletError> {
        let (presentation, public) = self.present(card_id, device_now)?;
        Ok(PendingRefresh {
            card_id: card_id.to_owned(),
            public,
            request: RefreshRequest { presentation },
        })
    }

    /// Stores the new credential of a refresh with the new clock offset. On failure (the answer
    /// given, or a bad credential in it) the old credential stays in use and the card's
    /// `refresh_error` says why (if even that cannot be written, the refresh's own error is still
    /// what is returned).
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
        let changed = self.conn.execute(
            "UPDATE cards SET credential = ?2, given_name = ?3, birth_year = ?4, companion = ?5,
                 card_valid_until = ?6, clock_offset = ?7, refreshed_at = ?8, refresh_error = NULL
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
            ],
        )?;
        // The card was removed while the request was under way: do not bring it back.
        if changed == 0 {
            return Err(WalletError::UnknownCard);
        }
        Ok(card_from(&response, &credential, device_now))
    }
}

/// Gets a new credential for a card with a fresh presentation, and stores it with the new clock
/// offset. On failure the old credential stays in use and the card's `refresh_error` says why.
pub async fn refresh(
    store: &mut Store,
    backend: &Backend,
    card_id: &str,
    device_now: u64,
) -> Result<Card, WalletError> {
    let pending = store.wallet().begin_refresh(card_id, device_now)?;
    let answer = pending.send(backend).await;
    store.wallet().finish_refresh(pending, answer, device_now)
}
