//! One module per screen (route) of the app.

mod card;
mod not_found;
mod offers;
mod settings;

pub use card::CardScreen;
pub use not_found::NotFound;
pub use offers::OffersScreen;
pub use settings::SettingsScreen;
