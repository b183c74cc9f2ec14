//! What the three apps share: the languages and formats, the platform's differences, the store's
//! state and the background round, the links between the apps, and the small components every
//! screen uses.

pub mod apps;
#[cfg(feature = "store")]
pub mod background;
pub mod components;
pub mod format;
pub mod i18n;
pub mod links;
pub mod page;
pub mod platform;
#[cfg(feature = "store")]
pub mod state;
#[cfg(feature = "store")]
pub mod store_notices;
#[cfg(feature = "store")]
pub mod tabs;
pub mod webview;
pub mod words;
