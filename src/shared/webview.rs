//! Browser features the app uses through the page's JavaScript (`document::eval`), the same way in
//! the web build and in the desktop and phone webviews: the network's state, the device's
//! position for "near me", and keeping the screen on while a card is shown.

use aktivitetskortet_core::offer::GeoPoint;
use dioxus::prelude::*;
use serde::Deserialize;

/// Calls `changed` with the network's state now and each time it changes. Runs until the app
/// closes.
pub async fn watch_online(mut changed: impl FnMut(bool)) {
    let mut eval = document::eval(
        r#"
        dioxus.send(navigator.onLine !== false);
        window.addEventListener('online', () => dioxus.send(true));
        window.addEventListener('offline', () => dioxus.send(false));
        await new Promise(() => {});
        "#,
    );
    while let Ok(online) = eval.recv::<bool>().await {
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
    let answer = document::eval(
        r#"
        if (!navigator.geolocation) return { denied: false };
        return await new Promise((resolve) => navigator.geolocation.getCurrentPosition(
            (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
            (e) => resolve({ denied: e.code === 1 }),
            { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 },
        ));
        "#,
    )
    .join::<PositionAnswer>()
    .await;
    match answer {
        Ok(PositionAnswer {
            lat: Some(lat),
            lon: Some(lon),
            ..
        }) => Ok(GeoPoint { lat, lon }),
        Ok(PositionAnswer {
            denied: Some(true), ..
        }) => Err(PositionError::Denied),
        _ => Err(PositionError::Unavailable),
    }
}

/// Asks the phone to keep the screen on while the card is shown (staff may take a moment to look),
/// and again when the page becomes visible, as browsers release the lock when it is hidden. Quietly
/// does nothing where the Wake Lock API is missing.
pub fn keep_screen_on() {
    document::eval(
        r#"
        if ('wakeLock' in navigator) {
            const ask = () => navigator.wakeLock.request('screen').catch(() => {});
            ask();
            if (!window.__akWakeLock) {
                window.__akWakeLock = true;
                document.addEventListener('visibilitychange', () => {
                    if (document.visibilityState === 'visible' && location.pathname === '/') ask();
                });
            }
        }
        "#,
    );
}

/// Which map app a link should open, from the user agent.
pub async fn map_platform() -> crate::shared::links::MapPlatform {
    let agent = document::eval("return navigator.userAgent;")
        .join::<String>()
        .await
        .unwrap_or_default();
    crate::shared::links::MapPlatform::from_user_agent(&agent)
}
