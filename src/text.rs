//! The app's words, in Norwegian bokmål, the first language. One place for every string so that
//! the move to translation files (bokmål, English, Ukrainian, Arabic) replaces this module only.

pub const APP_NAME: &str = "Aktivitetskortet";

pub const NAV_LABEL: &str = "Hovedmeny";
pub const NAV_CARD: &str = "Kort";
pub const NAV_OFFERS: &str = "Tilbud";
pub const NAV_SETTINGS: &str = "Innstillinger";

pub const CARD_TITLE: &str = "Mitt kort";
pub const CARD_EMPTY: &str = "Her vises kortet ditt.";
pub const CARD_EMPTY_HELP: &str =
    "Du legger til kortet med aktiveringskoden i brevet du fikk fra Bergen kommune.";
pub const CARD_PLACEHOLDER_LABEL: &str = "Plass for aktivitetskortet";

pub const OFFERS_TITLE: &str = "Tilbud";
pub const OFFERS_INTRO: &str =
    "Gratis kultur- og idrettstilbud i Bergen for deg som har aktivitetskort.";
pub const OFFERS_EMPTY: &str =
    "Tilbudene lastes ned når du er på nett, og kan brukes uten nett etterpå.";

pub const SETTINGS_TITLE: &str = "Innstillinger";
pub const SETTINGS_LANGUAGE: &str = "Språk";
pub const SETTINGS_LANGUAGE_VALUE: &str = "Norsk bokmål";
pub const SETTINGS_ABOUT: &str = "Om appen";
pub const SETTINGS_ABOUT_TEXT: &str =
    "Aktivitetskortet gir barn og unge i Bergen gratis inngang til kultur- og idrettstilbud.";

pub const NOT_FOUND_TITLE: &str = "Fant ikke siden";
pub const NOT_FOUND_BACK: &str = "Til kortet";
