//! One module per screen (route) of the app.

mod add_card;
pub mod admin;
mod card;
mod favourites;
mod not_found;
mod offer;
pub mod offers;
mod settings;
pub mod venue;

pub use add_card::{AddCardScreen, error_text as activation_error_text};
pub use card::{CardScreen, ROTATE_SECS, companion_text};
pub use favourites::FavouritesScreen;
pub use not_found::NotFound;
pub use offer::OfferScreen;
pub use offers::OffersScreen;
pub use settings::SettingsScreen;
pub use venue::{VenueScreen, VenueShell};
