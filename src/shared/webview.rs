//! Browser features the app uses through the page's JavaScript (`page.js`), the same way in the
//! web build and in the desktop and phone webviews: the network's state, the device's position
//! for "near me", and keeping the screen on while a card is shown.

use aktivitetskortet_core::offer::GeoPoint;
use serde::Deserialize;
use serde_json::Value;

use crate::shared::page::{self, Program};

/// Calls `changed` with the network's state now and each time it changes. Runs until the app
/// closes.
pub async fn watch_online(mut changed: impl FnMut(bool)) {
    let mut program = Program::start("online", Value::Null);
    while let Some(online) = program.recv::<bool>().await {
        changed(online);
    }
}

/// Why there is no position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionError {
    /// The person said no, or the phone's settings do.
    Denied,
    /// The phone could not tell (no GPS fix, no location service, a timeout).
    Unavailable,
}

#[derive(Deserialize)]
struct PositionAnswer {
    lat: Option<f64>,
    lon: Option<f64>,
    denied: Option<bool>,
}

/// The device's position, once, coarse (a city-level fix is enough to sort offers) and accepting
/// a fix up to ten minutes old. It stays on the phone: nothing sends it anywhere.
pub async fn current_position() -> Result<GeoPoint, PositionError> {
    let answer = Program::start("position", Value::Null)
        .join::<PositionAnswer>()
        .await;
    match answer {
        Some(PositionAnswer {
            lat: Some(lat),
            lon: Some(lon),
            ..
        }) => Ok(GeoPoint { lat, lon }),
        Some(PositionAnswer {
            denied: Some(true), ..
        }) => Err(PositionError::Denied),
        _ => Err(PositionError::Unavailable),
    }
}

/// Asks the phone to keep the screen on while the card is shown (staff may take a moment to look),
/// and again when the page becomes visible, as browsers release the lock when it is hidden. Quietly
/// does nothing where the Wake Lock API is missing.
pub fn keep_screen_on() {
    page::run("wakeLock", Value::Null);
}

/// Which map app a link should open, from the user agent.
pub async fn map_platform() -> crate::shared::links::MapPlatform {
    let agent = Program::start("userAgent", Value::Null)
        .join::<String>()
        .await
        .unwrap_or_default();
    crate::shared::links::MapPlatform::from_user_agent(&agent)
}
