//! What differs between the web build, the desktop and phones: the clock, timers, where the phone's
//! store lives, the backend's address and small preferences. Browser features the webview offers
//! on every platform (location, wake lock, online events) go through `page.js` instead, in
//! `webview.rs`.

#[cfg(feature = "store")]
use aktivitetskortet_client::store::Opened;
#[cfg(feature = "store")]
use aktivitetskortet_client::{Store, StoreError};

/// The device's clock, Unix seconds. (The card corrects it with the offset learned from the
/// server; the venue's checks use it as it is.)
pub fn now() -> u64 {
    now_ms() / 1_000
}

/// The device's clock in milliseconds.
pub fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }
}

/// Waits `ms` milliseconds without blocking the UI.
pub async fn sleep_ms(ms: u64) {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_timers::future::TimeoutFuture::new(ms.min(u64::from(u32::MAX)) as u32).await;
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
}

/// Where the backend is. The web build talks to the server it was loaded from; the desktop and
/// phone builds to `AK_BACKEND_URL` as set when the app starts (`cargo xtask desktop` points it at
/// its own server), else as set when it was built, else a local server for development.
pub fn backend_base() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::env::var("AK_BACKEND_URL")
            .ok()
            .filter(|url| !url.is_empty())
            .or_else(|| option_env!("AK_BACKEND_URL").map(str::to_owned))
            .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned())
    }
}

/// The names of the store's images in IndexedDB (web build).
#[cfg(all(feature = "store", target_arch = "wasm32"))]
fn image_names() -> aktivitetskortet_client::web_storage::ImageNames {
    aktivitetskortet_client::web_storage::ImageNames::new("aktivitetskortet")
}

#[cfg(feature = "store")]
/// Opens the phone's store: on the web the phone's image saved in IndexedDB, without the
/// catalogue (see [`load_catalogue_image`]); elsewhere the SQLite files in the app's data folder.
pub async fn open_store() -> Result<Opened, StoreError> {
    #[cfg(target_arch = "wasm32")]
    {
        Store::open_saved(&image_names()).await
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let dir = data_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| StoreError::Corrupt(format!("could not create {}: {e}", dir.display())))?;
        Ok(Opened {
            store: Store::open(&dir.join("aktivitetskortet.sqlite"))?,
            migrated: false,
            set_aside: None,
        })
    }
}

#[cfg(feature = "store")]
/// The web build's saved catalogue image, read after the card is on screen; elsewhere the
/// catalogue's file is attached when the store opens, so there is none to load.
pub async fn load_catalogue_image() -> Result<Option<Vec<u8>>, StoreError> {
    #[cfg(target_arch = "wasm32")]
    {
        aktivitetskortet_client::web_storage::load_image(&image_names().catalogue).await
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Ok(None)
    }
}

#[cfg(feature = "store")]
/// Deletes what "remove everything" leaves outside the store once its emptied images are saved:
/// images kept aside or left by an old release (web build; elsewhere the store is its files).
pub async fn forget_other_images() -> Result<usize, StoreError> {
    #[cfg(target_arch = "wasm32")]
    {
        let names = image_names();
        aktivitetskortet_client::web_storage::forget_other_images(&[
            names.holder.as_str(),
            names.catalogue.as_str(),
        ])
        .await
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Ok(0)
    }
}

#[cfg(feature = "store")]
/// Whether the store must be saved after a change: only the web build, whose databases live in
/// memory; a file-backed store is durable at each commit.
pub const SAVE_AFTER_CHANGES: bool = cfg!(target_arch = "wasm32");

#[cfg(feature = "store")]
/// Saves the web build's images that changed, in one IndexedDB transaction (a tab closed
/// mid-save keeps the previous images), dropping the first release's image once both exist.
/// Elsewhere nothing to do.
pub async fn save_store_images(
    holder: Option<Vec<u8>>,
    catalogue: Option<Vec<u8>>,
    drop_legacy: bool,
) -> Result<(), StoreError> {
    #[cfg(target_arch = "wasm32")]
    {
        let names = image_names();
        let mut images: Vec<(&str, &[u8])> = Vec::new();
        if let Some(holder) = &holder {
            images.push((&names.holder, holder));
        }
        if let Some(catalogue) = &catalogue {
            images.push((&names.catalogue, catalogue));
        }
        let legacy = [names.legacy.as_str()];
        let delete: &[&str] = if drop_legacy { &legacy } else { &[] };
        aktivitetskortet_client::web_storage::save_images(&images, delete).await
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (holder, catalogue, drop_legacy);
        Ok(())
    }
}

/// Asks the browser to keep this site's storage under pressure instead of evicting it (what
/// holds a family's cards must not vanish); best effort, and nothing to ask elsewhere.
pub async fn persist_storage() {
    #[cfg(target_arch = "wasm32")]
    if let Some(window) = web_sys::window()
        && let Ok(promise) = window.navigator().storage().persist()
    {
        let granted = wasm_bindgen_futures::JsFuture::from(promise).await;
        tracing::info!(granted = ?granted.ok().and_then(|g| g.as_bool()), "persistent storage");
    }
}

/// The app's data folder outside the browser: `AK_APP_DATA_DIR` when set; on Android the app's
/// private files folder; on iOS and desktops the platform's folder for application data.
#[cfg(not(target_arch = "wasm32"))]
pub fn data_dir() -> std::path::PathBuf {
    use std::path::PathBuf;
    if let Some(dir) = std::env::var_os("AK_APP_DATA_DIR") {
        return PathBuf::from(dir);
    }
    if cfg!(target_os = "android") {
        return PathBuf::from("/data/data/no.bergen.aktivitetskortet/files");
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if cfg!(any(target_os = "ios", target_os = "macos"))
        && let Some(home) = &home
    {
        return home.join("Library/Application Support/Aktivitetskortet");
    }
    if let Some(data) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(data).join("aktivitetskortet");
    }
    if let Some(appdata) = std::env::var_os("APPDATA") {
        return PathBuf::from(appdata).join("Aktivitetskortet");
    }
    home.map_or_else(
        || PathBuf::from("aktivitetskortet-data"),
        |h| h.join(".local/share/aktivitetskortet"),
    )
}

/// A small preference that must be known before the first screen is drawn (the language), so it
/// cannot wait for the store: localStorage on the web, a file in the data folder elsewhere.
pub fn pref(key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let storage = web_sys::window()?.local_storage().ok()??;
        storage.get_item(&format!("aktivitetskortet.{key}")).ok()?
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let text = std::fs::read_to_string(data_dir().join(format!("{key}.pref"))).ok()?;
        Some(text.trim().to_owned())
    }
}

/// Remembers a preference. Best effort: a browser that refuses storage (private mode) just starts
/// from the defaults again.
pub fn set_pref(key: &str, value: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(&format!("aktivitetskortet.{key}"), value);
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let dir = data_dir();
        if std::fs::create_dir_all(&dir).is_ok() {
            let _ = std::fs::write(dir.join(format!("{key}.pref")), value);
        }
    }
}

/// Forgets every preference ("remove everything"): the app starts from the defaults again.
pub fn clear_prefs() {
    #[cfg(target_arch = "wasm32")]
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let ours: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|key| key.starts_with("aktivitetskortet."))
            .collect();
        for key in ours {
            let _ = storage.remove_item(&key);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    if let Ok(entries) = std::fs::read_dir(data_dir()) {
        for entry in entries.flatten() {
            if entry.path().extension().is_some_and(|e| e == "pref") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The value of `name` in the page address's query (`?name=value`), on the web; `None`
/// elsewhere and when absent.
pub fn query_value(name: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let search = web_sys::window()?.location().search().ok()?;
        search.trim_start_matches('?').split('&').find_map(|pair| {
            pair.strip_prefix(name)?
                .strip_prefix('=')
                .map(str::to_owned)
        })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = name;
        None
    }
}

/// A value kept for this browser session only (the admin key): sessionStorage on the web, which
/// the browser forgets when the tab closes; memory elsewhere. Never the phone's store.
pub fn session_get(key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let storage = web_sys::window()?.session_storage().ok()??;
        storage.get_item(&format!("aktivitetskortet.{key}")).ok()?
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        SESSION.with(|s| s.borrow().get(key).cloned())
    }
}

/// Sets (`Some`) or forgets (`None`) a session value.
pub fn session_set(key: &str, value: Option<&str>) {
    #[cfg(target_arch = "wasm32")]
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.session_storage()) {
        let key = format!("aktivitetskortet.{key}");
        let _ = match value {
            Some(value) => storage.set_item(&key, value),
            None => storage.remove_item(&key),
        };
    }
    #[cfg(not(target_arch = "wasm32"))]
    SESSION.with(|s| {
        let mut s = s.borrow_mut();
        match value {
            Some(value) => s.insert(key.to_owned(), value.to_owned()),
            None => s.remove(key),
        };
    });
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static SESSION: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}
