//! The venue device's setup: the venue key the municipality issued, what the backend says it is
//! for (the venue's name and offers), the list keys that sign the trust and revocation lists, the
//! offer being checked in now, and how far the device's clock is from the server's. Kept in the
//! store so venue mode works offline after setup.
//!
//! The list keys come from the backend at setup (over the same connection that proves the venue
//! key) unless the app was built with them; either way every list is checked against them before
//! it is used.

use std::fmt;

use aktivitetskortet_core::api::VenueInfo;
use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::token::{Alg, ListKeyAnnouncement, PublicKey};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};

use crate::http::{Backend, Fetched};
use crate::store::{Desk, StoreError};
use crate::verifier::VerifierError;

/// A venue device's setup. The key is a secret: `Debug` does not show it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueSetup {
    pub key: String,
    /// The venue key's id at the server, which its limit list names; `None` for a setup made
    /// before limit lists, until the next sync learns it.
    #[serde(default)]
    pub id: Option<u64>,
    pub name: String,
    pub offer_ids: Vec<String>,
    /// The list keys, Ed25519 public keys as Base64.
    pub list_keys: Vec<String>,
}

impl fmt::Debug for VenueSetup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VenueSetup")
            .field("key", &"<redacted>")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("offer_ids", &self.offer_ids)
            .field("list_keys", &self.list_keys)
            .finish()
    }
}

#[derive(Deserialize)]
struct ListKeys {
    list_keys: Vec<ListKeyEntry>,
}

#[derive(Deserialize)]
struct ListKeyEntry {
    alg: String,
    key: String,
}

impl VenueSetup {
    /// Checks `key` with the backend and learns the venue and the list keys (`built_in` list
    /// keys, when the app has them, are used instead of the backend's). A mistyped or revoked key
    /// is [`VerifierError::BadVenueKey`].
    pub async fn fetch(
        backend: &Backend,
        key: &str,
        built_in: &[String],
    ) -> Result<VenueSetup, VerifierError> {
        let key = key.trim();
        if key.is_empty() || key.len() > 200 || key.chars().any(char::is_whitespace) {
            return Err(VerifierError::BadVenueKey);
        }
        let info: VenueInfo = match backend.get_json(paths::VENUE, Some(key)).await? {
            Fetched::Body(info) => info,
            Fetched::NotModified => {
                return Err(VerifierError::BadResponse("an unexpected 304".into()));
            }
        };
        let list_keys = if built_in.is_empty() {
            let answer: ListKeys = match backend.get_json(paths::LIST_KEYS, None).await? {
                Fetched::Body(keys) => keys,
                Fetched::NotModified => {
                    return Err(VerifierError::BadResponse("an unexpected 304".into()));
                }
            };
            answer
                .list_keys
                .into_iter()
                .filter(|k| k.alg == "EdDSA")
                .map(|k| k.key)
                .collect()
        } else {
            built_in.to_vec()
        };
        let setup = VenueSetup {
            key: key.to_owned(),
            id: info.id,
            name: info.name,
            offer_ids: info.offer_ids,
            list_keys,
        };
        if setup.public_list_keys().is_empty() {
            return Err(VerifierError::BadResponse(
                "the backend gave no usable list key".into(),
            ));
        }
        Ok(setup)
    }

    /// Adopts the list keys that a list key this device holds announces (token format §7.3), so
    /// the device follows a list key rotation without being set up again. The keys held stay
    /// (the lists already on the device are signed with them). Returns whether any key was new.
    /// An announcement that does not verify under a held key is ignored: anyone can send one.
    pub fn adopt_list_keys(&mut self, announcements: &[Vec<u8>]) -> bool {
        let mut changed = false;
        // Until nothing changes: a key adopted from one announcement may verify another.
        loop {
            let held = self.public_list_keys();
            let new: Vec<String> = announcements
                .iter()
                .filter_map(|signed| ListKeyAnnouncement::open(signed, &held).ok())
                .flat_map(|a| a.keys)
                .filter(|k| k.alg() == Alg::EdDsa && !held.contains(k))
                .map(|k| BASE64.encode(k.to_bytes()))
                .collect();
            if new.is_empty() {
                return changed;
            }
            for key in new {
                if !self.list_keys.contains(&key) {
                    self.list_keys.push(key);
                }
            }
            changed = true;
        }
    }

    /// The list keys that can be read.
    pub fn public_list_keys(&self) -> Vec<PublicKey> {
        self.list_keys
            .iter()
            .filter_map(|k| BASE64.decode(k).ok())
            .filter_map(|bytes| PublicKey::from_bytes(Alg::EdDsa, &bytes).ok())
            .collect()
    }
}

#[derive(Deserialize)]
struct Announcements {
    announcements: Vec<String>,
}

/// The list-key announcements the backend publishes (`GET /api/v1/list-key-announcements`), for
/// [`VenueSetup::adopt_list_keys`]; none from a backend that has never rotated its list key (or
/// predates rotation).
pub async fn fetch_list_key_announcements(
    backend: &Backend,
) -> Result<Vec<Vec<u8>>, VerifierError> {
    let answer: Announcements = match backend.get_json(paths::LIST_KEY_ANNOUNCEMENTS, None).await {
        Ok(Fetched::Body(answer)) => answer,
        Ok(Fetched::NotModified) => return Ok(Vec::new()),
        // An older backend has no such endpoint.
        Err(crate::http::HttpError::Api { status: 404, .. }) => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    Ok(answer
        .announcements
        .iter()
        .filter_map(|a| BASE64.decode(a).ok())
        .collect())
}

/// Above this offset (seconds, either way) staff are told the device's clock is off: the checks
/// are right anyway (they use the corrected time), but other apps on the device are not.
pub const CLOCK_WARN_SECS: u64 = 30;

/// What a venue device learns from `GET /api/v1/venue` at each list sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VenueTime {
    /// How far the server's clock is ahead of this device's (seconds; negative when the device
    /// is fast); `None` from a server that does not send its time.
    pub offset: Option<i64>,
    /// The venue key's id (which its limit list names); `None` from a server before them.
    pub venue_id: Option<u64>,
}

/// The server's time against this device's clock, learned from `GET /api/v1/venue` against the
/// middle of the round trip: `now_ms` is read just before and just after. The server's time is
/// whole seconds, so it is taken as the middle of its second; the error is at most half the
/// round trip plus half a second.
pub async fn fetch_clock_offset(
    backend: &Backend,
    key: &str,
    now_ms: impl Fn() -> u64,
) -> Result<VenueTime, VerifierError> {
    let sent = now_ms();
    let info: VenueInfo = match backend.get_json(paths::VENUE, Some(key)).await? {
        Fetched::Body(info) => info,
        Fetched::NotModified => return Err(VerifierError::BadResponse("an unexpected 304".into())),
    };
    let received = now_ms();
    Ok(VenueTime {
        offset: info
            .server_time
            .map(|server| clock_offset_ms(server * 1_000 + 500, sent, received).div_euclid(1_000)),
        venue_id: info.id,
    })
}

/// `server_ms` minus the middle of `sent..received`, rounded to whole seconds in milliseconds.
fn clock_offset_ms(server_ms: u64, sent: u64, received: u64) -> i64 {
    let middle = sent / 2 + received / 2 + (sent % 2 + received % 2) / 2;
    let offset = server_ms as i64 - middle as i64;
    (offset + 500).div_euclid(1_000) * 1_000
}

impl Desk<'_> {
    /// The clock offset learned at the last list sync ([`fetch_clock_offset`]); 0 before one.
    pub fn clock_offset(&self) -> Result<i64, StoreError> {
        Ok(self
            .setting("venue_clock_offset")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0))
    }

    pub fn set_clock_offset(&mut self, offset: i64) -> Result<(), StoreError> {
        self.set_setting("venue_clock_offset", Some(&offset.to_string()))
    }

    /// The server's time now by this device's clock (`device_now`, Unix seconds) and the learned
    /// offset: the time cards are checked at and visits are recorded in.
    pub fn corrected_now(&self, device_now: u64) -> u64 {
        device_now.saturating_add_signed(self.clock_offset().unwrap_or(0))
    }

    /// The venue setup held, if this device is a venue device.
    pub fn venue(&self) -> Result<Option<VenueSetup>, StoreError> {
        match self.setting("venue")? {
            Some(json) => Ok(Some(serde_json::from_str(&json)?)),
            None => Ok(None),
        }
    }

    /// Makes this a venue device with `setup`. The offer chosen before stays chosen if the venue
    /// still has it.
    pub fn set_venue(&mut self, setup: &VenueSetup) -> Result<(), StoreError> {
        self.set_setting("venue", Some(&serde_json::to_string(setup)?))?;
        if let Some(offer) = self.venue_offer()?
            && !setup.offer_ids.contains(&offer)
        {
            self.set_setting("venue_offer", None)?;
        }
        Ok(())
    }

    /// Ends venue mode on this device: forgets the key, the chosen offer and the venue's limit
    /// list. Check-ins not yet uploaded stay queued (a new setup uploads them), and the trust and
    /// revocation lists stay (they are everyone's).
    pub fn forget_venue(&mut self) -> Result<(), StoreError> {
        self.set_setting("venue", None)?;
        self.set_setting("venue_offer", None)?;
        self.forget_limit_list()
    }

    /// The offer being checked in.
    pub fn venue_offer(&self) -> Result<Option<String>, StoreError> {
        self.setting("venue_offer")
    }

    pub fn set_venue_offer(&mut self, offer_id: &str) -> Result<(), StoreError> {
        self.set_setting("venue_offer", Some(offer_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn setup() -> VenueSetup {
        VenueSetup {
            key: "ak_venue_secret".into(),
            id: Some(3),
            name: "KODE".into(),
            offer_ids: vec!["kode-familiesondag".into(), "kode-verksted".into()],
            list_keys: vec![
                BASE64.encode(
                    aktivitetskortet_core::token::IssuerKey::from_seed(&[7; 32])
                        .public_key()
                        .to_bytes(),
                ),
            ],
        }
    }

    #[test]
    fn the_setup_is_kept_and_its_key_is_never_printed() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.desk().venue().unwrap(), None);
        store.desk().set_venue(&setup()).unwrap();
        store.desk().set_venue_offer("kode-verksted").unwrap();
        assert_eq!(store.desk().venue().unwrap(), Some(setup()));
        assert!(!format!("{:?}", setup()).contains("secret"));
        assert_eq!(setup().public_list_keys().len(), 1);

        // A new setup without the chosen offer drops the choice.
        let mut other = setup();
        other.offer_ids = vec!["kode-familiesondag".into()];
        store.desk().set_venue(&other).unwrap();
        assert_eq!(store.desk().venue_offer().unwrap(), None);
        store.desk().forget_venue().unwrap();
        assert_eq!(store.desk().venue().unwrap(), None);
    }

    #[test]
    fn the_clock_offset_is_taken_against_the_middle_of_the_round_trip() {
        // A device 5 minutes fast: the server says 1000 s (1000.5 s) while the device says
        // 1300 s before and 1301 s after.
        assert_eq!(clock_offset_ms(1_000_500, 1_300_000, 1_301_000), -300_000);
        // A slow device, an odd round trip, and rounding to the nearest second either way.
        assert_eq!(clock_offset_ms(1_000_500, 900_001, 900_002), 100_000);
        assert_eq!(clock_offset_ms(1_000_500, 1_000_000, 1_000_000), 1_000);
        assert_eq!(clock_offset_ms(1_000_500, 1_000_001, 1_000_001), 0);
        assert_eq!(clock_offset_ms(1_000_500, 1_001_700, 1_001_700), -1_000);

        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.desk().clock_offset().unwrap(), 0);
        assert_eq!(store.desk().corrected_now(1_000), 1_000);
        store.desk().set_clock_offset(-300).unwrap();
        assert_eq!(store.desk().corrected_now(1_300), 1_000);
        assert_eq!(store.desk().corrected_now(100), 0, "never before 1970");
    }

    #[test]
    fn unreadable_list_keys_are_left_out() {
        let mut s = setup();
        s.list_keys.push("not base64!".into());
        s.list_keys.push(BASE64.encode([1u8; 5]));
        assert_eq!(s.public_list_keys().len(), 1);
    }
}
