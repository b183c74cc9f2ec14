//! The card screen, the app's start screen: the holder's card with its rotating QR code, the
//! liveness clock staff look at, and a switcher between the cards on this phone.
//!
//! It shows the given name, the age, the valid-until date and the companion rule: what staff need,
//! nothing more. Nothing here may hint at why the child has the card.

pub mod status;

use aktivitetskortet_client::wallet::Card;
use aktivitetskortet_core::calendar::bergen_local;
use aktivitetskortet_core::token::age_in_year;
use aktivitetskortet_core::token::qr::QrMatrix;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use crate::holder::Route;
use crate::holder::card::status::{CardStatus, Warning, status};
use crate::shared::components::Loading;
use crate::shared::format;
use crate::shared::i18n::{self, Lang, use_lang};
use crate::shared::platform;
use crate::shared::state::use_app;
use crate::shared::webview;
use crate::shared::words::companion_text;

/// A new presentation this often (seconds): well inside the verifier's 60-second freshness window,
/// so a screenshot is useless a minute later.
pub const ROTATE_SECS: u64 = 10;

#[component]
pub fn CardScreen() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    // Until the store is open: the card's place when the phone had cards last time (the page's
    // first paint showed the same), otherwise how to add one.
    if !app.ready() && (app.expected_cards)() > 0 {
        return rsx! {
            h1 { {t("card-title")} }
            CardPlace {}
            Loading {}
        };
    }
    let cards = app.cards();
    let Some(card) = app.current_card() else {
        return rsx! {
            h1 { {t("card-title")} }
            CardPlace {}
            p { class: "lead", {t("card-empty")} }
            p { {t("card-empty-help")} }
            Link {
                to: Route::AddCardScreen { kode: String::new() },
                class: "button",
                id: "add-card",
                {t("card-add")}
            }
        };
    };
    rsx! {
        h1 { {t("card-title")} }
        if cards.len() > 1 {
            CardSwitcher { cards: cards.clone(), selected: card.card_id.clone() }
        }
        // Keyed by the card, so switching cards starts its clock and code afresh.
        for card in std::iter::once(card.clone()) {
            HolderCard { key: "{card.card_id}", card }
        }
        p { class: "card-actions",
            Link {
                to: Route::AddCardScreen { kode: String::new() },
                class: "button secondary",
                id: "add-another-card",
                {t("card-add-another")}
            }
        }
    }
}

/// Where the card will be: shown while there is none yet, or while the store opens.
#[component]
fn CardPlace() -> Element {
    let lang = use_lang();
    rsx! {
        section {
            class: "card card-placeholder",
            role: "img",
            aria_label: i18n::t(lang(), "card-placeholder-label"),
            div { class: "card-qr-slot", "aria-hidden": "true" }
        }
    }
}

/// The phone's cards by given name; the chosen one is pressed.
#[component]
fn CardSwitcher(cards: Vec<Card>, selected: String) -> Element {
    let app = use_app();
    let lang = use_lang();
    rsx! {
        div {
            class: "card-switcher",
            role: "group",
            aria_label: i18n::t(lang(), "card-switcher-label"),
            for card in cards {
                button {
                    key: "{card.card_id}",
                    r#type: "button",
                    class: "chip",
                    "aria-pressed": if card.card_id == selected { "true" } else { "false" },
                    onclick: {
                        let id = card.card_id.clone();
                        move |_| app.select_card(&id)
                    },
                    {card.given_name.clone()}
                }
            }
        }
    }
}

/// One holder's card. Keyed by the card, so switching cards starts its clock and code afresh.
#[component]
fn HolderCard(card: Card) -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);

    // The clock ticks on each whole second; the code follows every ROTATE_SECS.
    let mut now_ms = use_signal(platform::now_ms);
    use_future(move || async move {
        loop {
            let ms = platform::now_ms();
            platform::sleep_ms(1_000 - ms % 1_000).await;
            now_ms.set(platform::now_ms());
        }
    });
    use_effect(webview::keep_screen_on);
    let slot = use_memo(move || now_ms() / 1_000 / ROTATE_SECS);
    let card_id = card.card_id.clone();
    let name = card.given_name.clone();
    // The code is signed by the card's key, which in the browser signs asynchronously
    // (WebCrypto): `None` until the first one is made, then `Some(None)` if it failed. The
    // previous code stays on screen while the next is signed.
    let mut code = use_signal(|| None::<Option<(String, String)>>);
    use_effect(move || {
        let _ = slot();
        let at = platform::now();
        // Read, not peeked: a refreshed credential shows at once.
        let unsigned = app.read(|s| s.wallet().prepare_presentation(&card_id, at).ok());
        let label = i18n::tr(
            lang(),
            "card-qr-label",
            &[("name", FluentValue::from(name.clone()))],
        );
        spawn(async move {
            let signed = match unsigned.flatten() {
                Some(unsigned) => unsigned.sign().await.ok(),
                None => None,
            };
            let made = signed.and_then(|presentation| {
                let svg = QrMatrix::new(&presentation.qr_text).ok()?.to_svg(&label);
                Some((presentation.qr_text, svg))
            });
            code.set(Some(made));
        });
    });

    let now = now_ms() / 1_000;
    let local = bergen_local(now);
    let lang_now = lang();
    let age = age_in_year(card.birth_year, now);
    let card_status = status(&card, now);
    let body = match &card_status {
        CardStatus::Showable(_) => {
            let qr = match code() {
                None => rsx! {
                    div { class: "qr-frame", id: "card-qr" }
                },
                Some(Some((text, svg))) => rsx! {
                    div {
                        class: "qr-frame",
                        id: "card-qr",
                        "data-qr": "{text}",
                        dangerous_inner_html: "{svg}",
                    }
                },
                Some(None) => rsx! {
                    p { class: "warning", role: "alert", {t("card-qr-failed")} }
                },
            };
            rsx! {
                {qr}
                Liveness { now_ms: now_ms(), lang: lang_now }
            }
        }
        CardStatus::Ended { last_day } => rsx! {
            p { class: "warning", role: "alert",
                {i18n::tr(lang_now, "card-ended", &[("date", FluentValue::from(format::date_long(lang_now, *last_day)))])}
            }
        },
        CardStatus::NeedsNetwork => rsx! {
            p { class: "warning", role: "alert", {t("card-needs-network")} }
        },
    };
    rsx! {
        section { class: "holder-card", aria_labelledby: "holder-name",
            div { class: "holder-card-top",
                span { class: "holder-card-brand", {t("app-name")} }
                span { {t("card-issuer")} }
            }
            h2 { id: "holder-name", class: "holder-name", {card.given_name.clone()} }
            p { class: "holder-age",
                {i18n::tr(lang_now, "card-age", &[("age", FluentValue::from(format::digits(lang_now, &age.to_string())))])}
            }
            {body}
            dl { class: "holder-facts",
                div {
                    dt { {t("card-valid-until")} }
                    dd { {format::date_long(lang_now, card.card_valid_until)} }
                }
                div {
                    dt { {t("card-companion")} }
                    dd { {companion_text(lang_now, card.companion)} }
                }
            }
        }
        if let CardStatus::Showable(warnings) = card_status {
            for warning in warnings {
                p { class: "warning", role: "status", {warning_text(lang_now, &warning)} }
            }
        }
        p { class: "help card-help", {t("card-show-help")} }
        // For screen readers: the time, once a minute is enough (the seconds would be noise).
        span { class: "visually-hidden", {format::time(lang_now, local.time)} }
    }
}

fn warning_text(lang: Lang, warning: &Warning) -> String {
    match warning {
        Warning::EndsSoon {
            last_day,
            days_left,
        } => i18n::tr(
            lang,
            "card-ends-soon",
            &[
                (
                    "date",
                    FluentValue::from(format::date_long(lang, *last_day)),
                ),
                ("days", FluentValue::from(*days_left)),
                (
                    "n",
                    FluentValue::from(format::number(lang, *days_left as u64)),
                ),
            ],
        ),
        Warning::NotRefreshed { works_until } => i18n::tr(
            lang,
            "card-not-refreshed",
            &[(
                "date",
                FluentValue::from(format::date_long(lang, *works_until)),
            )],
        ),
    }
}

/// The sign of life for staff without a scanner: Bergen's time with seconds, and a dot that steps
/// along a track each second through the code's ten-second cycle. A screenshot or a photo of the
/// card shows neither moving.
#[component]
fn Liveness(now_ms: u64, lang: Lang) -> Element {
    let now = now_ms / 1_000;
    let local = bergen_local(now);
    let step = now % ROTATE_SECS;
    rsx! {
        div { class: "liveness", "aria-hidden": "true",
            span { class: "liveness-clock", id: "liveness-clock", {format::clock(lang, local)} }
            span { class: "liveness-track",
                for i in 0..ROTATE_SECS {
                    span {
                        key: "{i}",
                        class: if i == step { "liveness-dot on" } else { "liveness-dot" },
                    }
                }
            }
        }
    }
}
