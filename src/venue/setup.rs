//! Setting a venue device up: the venue key (typed, pasted or scanned from its letter), the
//! offer the desk checks in for, and forgetting the key again.

use aktivitetskortet_client::venue::VenueSetup;
use aktivitetskortet_client::verifier::VerifierError;
use dioxus::core::spawn_forever;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use crate::shared::background::Wake;
use crate::shared::components::ConfirmButtons;
use crate::shared::i18n::{self, Lang, use_lang};
use crate::shared::state::{AppState, use_app};
use crate::shared::words::offer_text;
use crate::venue::scanner::QrScanner;

/// List keys the app was built with (`AK_LIST_KEYS`, Base64, comma-separated); without them a
/// venue device takes the keys from the backend it is set up with.
fn built_in_list_keys() -> Vec<String> {
    option_env!("AK_LIST_KEYS")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Entering the venue key (typed, pasted, or scanned from the key's letter).
#[component]
pub(super) fn VenueSetupForm() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    let mut key = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let wake = use_coroutine_handle::<Wake>();
    let paused = use_signal(|| false);

    let mut set_up = move || {
        let typed = key();
        if busy() {
            return;
        }
        busy.set(true);
        error.set(None);
        // At the root: the setup must be kept even if the person leaves the screen meanwhile.
        spawn_forever(async move {
            let result = match app.backend() {
                Some(backend) => VenueSetup::fetch(&backend, &typed, &built_in_list_keys()).await,
                None => Err(VerifierError::Offline),
            };
            busy.set(false);
            match result {
                Ok(setup) => {
                    let single = (setup.offer_ids.len() == 1).then(|| setup.offer_ids[0].clone());
                    app.write(move |s| {
                        s.desk().set_venue(&setup)?;
                        match single {
                            Some(offer) => s.desk().set_venue_offer(&offer),
                            None => Ok(()),
                        }
                    });
                    // The lists and the catalogue, at once.
                    wake.send(Wake::SyncNow);
                }
                Err(err) => error.set(Some(setup_error_text(lang(), &err))),
            }
        });
    };

    rsx! {
        p { class: "lead", {t("venue-setup-intro")} }
        form {
            class: "add-card",
            novalidate: true,
            onsubmit: move |e: FormEvent| {
                e.prevent_default();
                set_up();
            },
            label { r#for: "venue-key", {t("venue-key-label")} }
            p { id: "venue-key-help", class: "help", {t("venue-key-help")} }
            input {
                id: "venue-key",
                r#type: "text",
                dir: "ltr",
                autocomplete: "off",
                autocapitalize: "none",
                spellcheck: "false",
                class: "code-input",
                value: "{key}",
                "aria-invalid": if error().is_some() { "true" } else { "false" },
                "aria-describedby": if error().is_some() { "venue-key-help venue-key-error" } else { "venue-key-help" },
                oninput: move |e| key.set(e.value()),
            }
            if let Some(message) = error() {
                p { id: "venue-key-error", class: "error", role: "alert", {message} }
            }
            button {
                r#type: "submit",
                class: "button",
                id: "venue-setup-submit",
                disabled: busy(),
                if busy() { {t("venue-setup-busy")} } else { {t("venue-setup-submit")} }
            }
        }
        h2 { {t("venue-key-scan")} }
        QrScanner {
            paused,
            on_text: move |text: String| {
                key.set(text);
                set_up();
            },
        }
    }
}

fn setup_error_text(lang: Lang, error: &VerifierError) -> String {
    i18n::t(
        lang,
        match error {
            VerifierError::BadVenueKey => "venue-error-key",
            VerifierError::Offline => "venue-error-offline",
            _ => "venue-error-server",
        },
    )
}

/// The offers this venue checks in for, by title (from the catalogue on the device).
#[component]
pub(super) fn OfferChoice(setup: VenueSetup) -> Element {
    let app = use_app();
    let lang = use_lang();
    let lang_now = lang();
    rsx! {
        p { class: "lead", {i18n::tr(lang_now, "venue-choose-intro", &[("venue", FluentValue::from(setup.name.clone()))])} }
        ul { class: "venue-offers", id: "venue-offers",
            for id in setup.offer_ids.iter().cloned() {
                li { key: "{id}",
                    button {
                        r#type: "button",
                        class: "button secondary venue-offer",
                        onclick: {
                            let id = id.clone();
                            move |_| {
                                let id = id.clone();
                                app.write(move |s| s.desk().set_venue_offer(&id));
                            }
                        },
                        {offer_title(app, &id, lang_now)}
                    }
                }
            }
        }
        ForgetVenue {}
    }
}

/// An offer's title in `lang` if the device has it, otherwise its id.
pub(super) fn offer_title(app: AppState, id: &str, lang: Lang) -> String {
    app.read(|s| s.catalogue().offer(id).ok().flatten())
        .flatten()
        .map_or_else(|| id.to_owned(), |o| offer_text(&o.title, lang).0)
}

/// Forgets the venue key on this device (after a confirmation).
#[component]
pub(super) fn ForgetVenue() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    let mut confirming = use_signal(|| false);
    rsx! {
        if confirming() {
            div { class: "confirm", role: "alert",
                p { {t("venue-forget-confirm")} }
                ConfirmButtons {
                    yes: t("venue-forget-yes"),
                    yes_id: "venue-forget-yes",
                    on_yes: move |_| {
                        app.write(|s| s.desk().forget_venue());
                        confirming.set(false);
                    },
                    on_no: move |_| confirming.set(false),
                }
            }
        } else {
            button {
                r#type: "button",
                class: "button secondary",
                id: "venue-forget",
                onclick: move |_| confirming.set(true),
                {t("venue-forget")}
            }
        }
    }
}
