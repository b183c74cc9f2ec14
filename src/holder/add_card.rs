//! Adding a card: the activation code from the letter, typed or carried by the letter's link
//! (`/aktiver?kode=…`). A parent adds each child's card the same way; each card gets its own key
//! made on this phone.

use aktivitetskortet_client::wallet::{PendingActivation, WalletError};
use aktivitetskortet_core::activation::{CODE_CHARS, CodeError};
use dioxus::core::spawn_forever;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use crate::holder::Route;
use crate::shared::i18n::{self, Lang, use_lang};
use crate::shared::platform;
use crate::shared::state::{AppState, use_app};

/// The message for a failed activation, in plain words. Every server refusal of a code is one
/// answer (wrong, used or expired), so the app cannot and does not say which.
pub fn error_text(lang: Lang, error: &WalletError) -> String {
    match error {
        WalletError::BadCode(CodeError::Empty) => i18n::t(lang, "add-error-empty"),
        WalletError::BadCode(CodeError::WrongLength(n)) => i18n::tr(
            lang,
            "add-error-length",
            &[
                ("count", FluentValue::from(*n as u64)),
                ("expected", FluentValue::from(CODE_CHARS as u64)),
            ],
        ),
        WalletError::BadCode(CodeError::BadCharacter(c)) => i18n::tr(
            lang,
            "add-error-character",
            &[("char", FluentValue::from(c.to_string()))],
        ),
        WalletError::WrongCode => i18n::t(lang, "add-error-wrong"),
        WalletError::TooManyAttempts => i18n::t(lang, "add-error-too-many"),
        WalletError::Offline => i18n::t(lang, "add-error-offline"),
        WalletError::BadResponse(_) | WalletError::Server(_) => i18n::t(lang, "add-error-server"),
        WalletError::Store(_)
        | WalletError::NoRandomness(_)
        | WalletError::KeyUnavailable(_)
        | WalletError::UnknownCard => i18n::t(lang, "add-error-phone"),
    }
}

#[component]
pub fn AddCardScreen(kode: String) -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    let mut code = use_signal(|| kode.clone());
    let mut error = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    // Taken here, under the router: the activation's task runs at the app's root, which has none.
    let nav = navigator();

    // A code that came in the letter's link stays out of the address bar and the history.
    let from_link = !kode.is_empty();
    use_effect(move || {
        if from_link {
            nav.replace(Route::AddCardScreen {
                kode: String::new(),
            });
        }
    });

    let submit = move |event: FormEvent| {
        event.prevent_default();
        if busy() {
            return;
        }
        let typed = code();
        error.set(None);
        busy.set(true);
        // Not tied to this screen: once the code is sent, the answer must be stored even if the
        // person leaves the screen, or the used code would be lost.
        spawn_forever(async move {
            let result = activate(app, &typed).await;
            busy.set(false);
            match result {
                Ok((card_id, name)) => {
                    app.select_card(&card_id);
                    app.announce(i18n::tr(
                        lang(),
                        "add-done",
                        &[("name", FluentValue::from(name))],
                    ));
                    code.set(String::new());
                    nav.push(Route::CardScreen {});
                }
                Err(err) => error.set(Some(error_text(lang(), &err))),
            }
        });
    };

    let described_by = if error().is_some() {
        "code-help code-error"
    } else {
        "code-help"
    };
    rsx! {
        h1 { {t("add-title")} }
        p { class: "lead", {t("add-intro")} }
        form { class: "add-card", onsubmit: submit, novalidate: true,
            label { r#for: "activation-code", {t("add-code-label")} }
            p { id: "code-help", class: "help", {t("add-code-help")} }
            input {
                id: "activation-code",
                name: "code",
                r#type: "text",
                // Codes are Latin letters and digits, also in the right-to-left layout.
                dir: "ltr",
                autocomplete: "off",
                autocapitalize: "characters",
                spellcheck: "false",
                inputmode: "text",
                maxlength: "40",
                class: "code-input",
                placeholder: "XXXX-XXXX-XXXX-XXXX",
                value: "{code}",
                "aria-invalid": if error().is_some() { "true" } else { "false" },
                "aria-describedby": described_by,
                oninput: move |e| code.set(e.value()),
            }
            if let Some(message) = error() {
                p { id: "code-error", class: "error", role: "alert", {message} }
            }
            button {
                r#type: "submit",
                class: "button",
                id: "add-submit",
                disabled: busy(),
                "aria-busy": if busy() { "true" } else { "false" },
                if busy() { {t("add-busy")} } else { {t("add-submit")} }
            }
        }
        p { class: "help", {t("add-online-note")} }
        p { class: "help", {t("add-lost-note")} }
    }
}

/// Checks the typed code (nothing goes online for one that cannot be a code), makes the card's
/// phone key, sends the activation and stores the card; the card's id and given name.
async fn activate(app: AppState, typed: &str) -> Result<(String, String), WalletError> {
    let pending = PendingActivation::new(typed).await?;
    let backend = app.backend().ok_or(WalletError::Offline)?;
    // The answer must be stored, or the letter's code is used up for nothing: on a slow phone
    // the form works before the phone's store has opened, so the code waits for the store.
    while !app.ready() {
        platform::sleep_ms(50).await;
    }
    let response = pending.send(&backend).await?;
    let now = platform::now();
    let card = app
        .write(move |s| s.wallet().finish_activation(pending, &response, now))
        .ok_or(WalletError::UnknownCard)??;
    // When the save fails the card is still here, and the holder sees that it is being retried.
    app.saved().await;
    if app.peek(|s| s.wallet().cards().map_or(0, |c| c.len())) == Some(1) {
        // The family's first card: ask the browser not to evict what holds it.
        platform::persist_storage().await;
    }
    Ok((card.card_id, card.given_name))
}
