//! The settings screen: language, the cards on this phone (remove one), updating the offers, the
//! storage the app uses, what the app stores and sends, in plain words, and removing everything.

use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use crate::holder::Route;
use crate::holder::sync_status::SyncStatus;
use crate::shared::apps::{AppKind, AppLink};
use crate::shared::components::ConfirmButtons;
use crate::shared::format;
use crate::shared::i18n::{self, Lang, use_lang};
use crate::shared::state::{AppState, use_app};

#[component]
pub fn SettingsScreen() -> Element {
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    rsx! {
        h1 { {t("settings-title")} }
        LanguageChoice {}
        CardsOnPhone {}
        section { class: "settings", aria_labelledby: "sync-heading",
            h2 { id: "sync-heading", {t("settings-sync")} }
            SyncStatus {}
            Storage {}
        }
        section { class: "settings", aria_labelledby: "venue-heading",
            h2 { id: "venue-heading", {t("settings-venue")} }
            p { {t("settings-venue-text")} }
            AppLink { to: AppKind::Venue, class: "button secondary", id: "to-venue-mode", {t("settings-venue-open")} }
        }
        section { class: "settings", aria_labelledby: "privacy-heading",
            h2 { id: "privacy-heading", {t("settings-privacy")} }
            h3 { {t("privacy-stores-heading")} }
            p { {t("privacy-stores")} }
            h3 { {t("privacy-sends-heading")} }
            p { {t("privacy-sends")} }
            h3 { {t("privacy-never-heading")} }
            p { {t("privacy-never")} }
        }
        RemoveEverything {}
        section { class: "settings", aria_labelledby: "about-heading",
            h2 { id: "about-heading", {t("settings-about")} }
            p { {t("settings-about-text")} }
            p { class: "help", {format!("{} {}", t("settings-version"), env!("CARGO_PKG_VERSION"))} }
        }
    }
}

/// The four languages as radio buttons, each named in its own language (and marked with its
/// `lang`, so a screen reader reads "Українська" in Ukrainian).
#[component]
fn LanguageChoice() -> Element {
    let mut lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    rsx! {
        fieldset { class: "language-choice",
            legend { {t("settings-language")} }
            p { class: "help", {t("settings-language-help")} }
            for choice in Lang::ALL {
                label { class: "choice",
                    input {
                        r#type: "radio",
                        name: "language",
                        value: choice.code(),
                        checked: lang() == choice,
                        onchange: move |_| {
                            lang.set(choice);
                            i18n::remember_choice(choice);
                        },
                    }
                    // The row follows the page's direction; the name keeps its own language.
                    span { lang: choice.code(), dir: choice.dir(), {choice.native_name()} }
                }
            }
        }
    }
}

/// The cards on this phone, each removable after a confirmation (it comes back only with a new
/// letter, so the question says so).
/// Removes a card and, once the store without it is saved, its phone key: removed before the
/// save, a failed save would bring the card back without a key to show it.
fn remove_card(app: AppState, card_id: String) {
    let keys = app
        .peek(|s| s.wallet().phone_keys_of(&card_id).unwrap_or_default())
        .unwrap_or_default();
    app.write(move |s| s.wallet().remove_card(&card_id));
    spawn(async move {
        if app.saved().await
            && let Err(err) = aktivitetskortet_client::phone_key::forget(&keys).await
        {
            tracing::warn!(%err, "a removed card's key could not be deleted");
        }
    });
}

#[component]
fn CardsOnPhone() -> Element {
    let app = use_app();
    let lang = use_lang();
    let lang_now = lang();
    let t = |id: &str| i18n::t(lang_now, id);
    let mut confirming = use_signal(|| None::<String>);
    let cards = app.cards();
    rsx! {
        section { class: "settings", aria_labelledby: "cards-heading",
            h2 { id: "cards-heading", {t("settings-cards")} }
            if cards.is_empty() {
                p { {t("settings-no-cards")} }
            }
            ul { class: "card-list",
                for card in cards {
                    li { key: "{card.card_id}", class: "card-row",
                        span { class: "card-row-name", {card.given_name.clone()} }
                        if confirming().as_deref() == Some(card.card_id.as_str()) {
                            div { class: "confirm", role: "alert",
                                p {
                                    {i18n::tr(lang_now, "settings-remove-confirm", &[("name", FluentValue::from(card.given_name.clone()))])}
                                }
                                ConfirmButtons {
                                    yes: t("settings-remove-yes"),
                                    yes_id: "confirm-remove",
                                    on_yes: {
                                        let id = card.card_id.clone();
                                        let name = card.given_name.clone();
                                        move |_| {
                                            let id = id.clone();
                                            remove_card(app, id);
                                            confirming.set(None);
                                            app.announce(i18n::tr(lang(), "settings-removed", &[("name", FluentValue::from(name.clone()))]));
                                        }
                                    },
                                    on_no: move |_| confirming.set(None),
                                }
                            }
                        } else {
                            button {
                                r#type: "button",
                                class: "button secondary small",
                                "aria-label": i18n::tr(lang_now, "settings-remove-label", &[("name", FluentValue::from(card.given_name.clone()))]),
                                onclick: {
                                    let id = card.card_id.clone();
                                    move |_| confirming.set(Some(id.clone()))
                                },
                                {t("settings-remove")}
                            }
                        }
                    }
                }
            }
            Link {
                to: Route::AddCardScreen { kode: String::new() },
                class: "button secondary",
                {t("card-add")}
            }
        }
    }
}

/// Deletes everything the app keeps on this phone, at once: the store (cards, favourites,
/// settings, the offers), then, once the emptied store is saved, the cards' WebCrypto keys, any
/// image kept aside and the preferences. The app is then as on its first start.
fn remove_everything(app: AppState, lang: Lang) {
    // The shell would otherwise remember "0 cards" for the next start's first paint.
    let mut expected = app.expected_cards;
    let before = *expected.peek();
    expected.set(0);
    match app.write_catalogue(|s| s.wipe()) {
        // Every key goes below, not only the cards' (an activation left one behind, say).
        Some(Ok(_cards_keys)) => {
            let mut selected = app.selected_card;
            selected.set(None);
            let mut set_aside = app.set_aside;
            set_aside.set(None);
            spawn(async move {
                if !app.saved().await {
                    return;
                }
                let keys = aktivitetskortet_client::phone_key::forget_all().await;
                let images = crate::shared::platform::forget_other_images().await;
                crate::shared::platform::clear_prefs();
                if let Err(err) = keys {
                    tracing::warn!(%err, "a phone key could not be deleted");
                }
                if let Err(err) = images {
                    tracing::warn!(%err, "a kept-aside image could not be deleted");
                }
                app.announce(i18n::t(lang, "settings-everything-removed"));
            });
        }
        Some(Err(aktivitetskortet_client::StoreError::CheckinsWaiting(n))) => {
            expected.set(before);
            app.announce(i18n::tr(
                lang,
                "settings-everything-waiting",
                &[("count", FluentValue::from(n))],
            ));
        }
        Some(Err(err)) => {
            expected.set(before);
            app.announce(err.to_string());
        }
        None => expected.set(before),
    }
}

#[component]
fn RemoveEverything() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    let mut confirming = use_signal(|| false);
    rsx! {
        section { class: "settings", aria_labelledby: "everything-heading",
            h2 { id: "everything-heading", {t("settings-everything")} }
            p { {t("settings-everything-text")} }
            if confirming() {
                div { class: "confirm", role: "alert",
                    p { {t("settings-everything-confirm")} }
                    ConfirmButtons {
                        yes: t("settings-everything-yes"),
                        yes_id: "confirm-remove-everything",
                        on_yes: move |_| {
                            confirming.set(false);
                            remove_everything(app, lang());
                        },
                        on_no: move |_| confirming.set(false),
                    }
                }
            } else {
                button { r#type: "button", class: "button secondary", id: "remove-everything",
                    onclick: move |_| confirming.set(true),
                    {t("settings-everything-button")}
                }
            }
        }
    }
}

/// How much the app keeps on the phone, and how many offers that is.
#[component]
fn Storage() -> Element {
    let app = use_app();
    let lang = use_lang();
    let lang_now = lang();
    let (bytes, offers) = app
        .read(|s| {
            (
                s.size_bytes().unwrap_or(0),
                s.catalogue().offer_count().unwrap_or(0),
            )
        })
        .unwrap_or((0, 0));
    rsx! {
        p { id: "storage-used",
            {i18n::tr(lang_now, "settings-storage", &[
                ("size", FluentValue::from(format::size(lang_now, bytes))),
                ("offers", FluentValue::from(format::count(lang_now, "offers-count", offers))),
            ])}
        }
    }
}
