//! Venue mode: staff set the device up with the venue key, choose the offer they check in for,
//! then check cards (camera or pasted text) offline against the synced lists, and let holders in.
//! Each visit is stored at once and uploaded when the network allows, never twice.
//!
//! It looks nothing like the holder's card (a dark frame, "Check-in" on top, full-screen verdicts
//! in green, amber and red), so a venue device can never be mistaken for a card.

use aktivitetskortet_client::venue::VenueSetup;
use aktivitetskortet_client::verifier::{VerifierError, new_checkin_id};
use aktivitetskortet_core::api::CheckIn;
use aktivitetskortet_core::calendar::{Time, bergen_local, bergen_to_unix};
use aktivitetskortet_core::token::{self, Policy};
use dioxus::core::spawn_forever;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use crate::Route;
use crate::background::Wake;
use crate::components::{ConfirmButtons, Loading, QrScanner, offer_text};
use crate::format;
use crate::i18n::{self, Lang, use_lang};
use crate::platform;
use crate::state::{AppState, use_app};
use crate::venue_check::{CheckView, Note, Tone, check_view};

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

/// Why a check could not be made at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    /// No lists yet: the device must sync once (online) after setup.
    NoLists,
    NoVenue,
}

/// Checks `qr_text` now, offline, with the lists held; the screen to show.
pub fn check(
    store: &aktivitetskortet_client::Store,
    qr_text: &str,
    now: u64,
) -> Result<CheckView, NotReady> {
    let setup = store.venue().ok().flatten().ok_or(NotReady::NoVenue)?;
    let keys = setup.public_list_keys();
    let trust = store
        .trust_list(&keys)
        .ok()
        .flatten()
        .ok_or(NotReady::NoLists)?;
    let revocations = store
        .revocation_list(&keys)
        .ok()
        .flatten()
        .ok_or(NotReady::NoLists)?;
    let issued_at = store
        .lists_issued_at()
        .ok()
        .flatten()
        .ok_or(NotReady::NoLists)?;
    let verdict = token::verify(
        qr_text.trim(),
        now,
        &trust,
        &revocations,
        &Policy::default(),
    );
    let last = match &verdict {
        token::Verdict::Valid(admitted) => store
            .last_checkin(&admitted.card_id.to_string())
            .ok()
            .flatten(),
        token::Verdict::NotValid(_) => None,
    };
    let takes_companion = store
        .venue_offer()
        .ok()
        .flatten()
        .and_then(|id| store.offer(&id).ok().flatten())
        .is_some_and(|o| o.companion_included);
    Ok(check_view(&verdict, now, last, issued_at, takes_companion))
}

/// The venue mode's frame: a dark bar saying "Check-in" and the venue, a way back to the app.
#[component]
pub fn VenueShell() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    let venue = app.read(|s| s.venue().ok().flatten()).flatten();
    rsx! {
        div {
            class: "shell venue-shell",
            lang: lang().code(),
            dir: lang().dir(),
            "data-store": if (app.saving)() { "saving" } else { "saved" },
            header { class: "venue-bar",
                span { class: "venue-badge", {t("venue-badge")} }
                if let Some(v) = venue {
                    span { class: "venue-name", id: "venue-name", {v.name} }
                }
                if !(app.online)() {
                    span { class: "offline-badge", {t("offline-badge")} }
                }
                Link { to: Route::CardScreen {}, class: "venue-exit", id: "venue-exit", {t("venue-exit")} }
            }
            main { id: "content", class: "screen venue-screen", Outlet::<Route> {} }
            div { class: "toast-area venue-toast", role: "status", "aria-live": "polite",
                if let Some(text) = (app.notice)() {
                    p { class: "toast", {text} }
                }
            }
        }
    }
}

#[component]
pub fn VenueScreen() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    if !app.ready() {
        return rsx! { Loading {} };
    }
    let setup = app.read(|s| s.venue().ok().flatten()).flatten();
    let offer = app.read(|s| s.venue_offer().ok().flatten()).flatten();
    match (setup, offer) {
        (None, _) => rsx! {
            h1 { {t("venue-setup-title")} }
            VenueSetupForm {}
        },
        (Some(setup), None) => rsx! {
            h1 { {t("venue-choose-title")} }
            OfferChoice { setup }
        },
        (Some(setup), Some(offer)) => rsx! {
            CheckDesk { setup, offer }
        },
    }
}

/// Entering the venue key (typed, pasted, or scanned from the key's letter).
#[component]
fn VenueSetupForm() -> Element {
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
                        s.set_venue(&setup)?;
                        match single {
                            Some(offer) => s.set_venue_offer(&offer),
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
fn OfferChoice(setup: VenueSetup) -> Element {
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
                                app.write(move |s| s.set_venue_offer(&id));
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
fn offer_title(app: AppState, id: &str, lang: Lang) -> String {
    app.read(|s| s.offer(id).ok().flatten())
        .flatten()
        .map_or_else(|| id.to_owned(), |o| offer_text(&o.title, lang).0)
}

/// The desk: counters, the lists' age, the scanner and the paste field, and the verdict.
#[component]
fn CheckDesk(setup: VenueSetup, offer: String) -> Element {
    let app = use_app();
    let lang = use_lang();
    let lang_now = lang();
    let t = |id: &str| i18n::t(lang_now, id);
    let wake = use_coroutine_handle::<Wake>();
    let mut pasted = use_signal(String::new);
    let mut verdict = use_signal(|| None::<CheckView>);
    let mut not_ready = use_signal(|| None::<NotReady>);
    let paused = use_memo(move || verdict().is_some());

    let mut show = move |text: String| {
        let now = platform::now();
        match app.peek(|s| check(s, &text, now)) {
            Some(Ok(view)) => {
                not_ready.set(None);
                verdict.set(Some(view));
            }
            Some(Err(why)) => not_ready.set(Some(why)),
            None => {}
        }
    };

    let now = platform::now();
    let today = bergen_local(now).date;
    let day_start = bergen_to_unix(today, Time { hour: 0, minute: 0 });
    let day_end = bergen_to_unix(today.add_days(1), Time { hour: 0, minute: 0 });
    let (today_count, (waiting, set_aside), lists_at) = app
        .read(|s| {
            (
                s.checkins_today(day_start, day_end).unwrap_or(0),
                s.checkin_backlog().unwrap_or((0, 0)),
                s.lists_issued_at().ok().flatten(),
            )
        })
        .unwrap_or((0, (0, 0), None));
    let lists_line = match lists_at {
        Some(at) => {
            let local = bergen_local(at);
            i18n::tr(
                lang_now,
                "venue-lists-from",
                &[(
                    "when",
                    FluentValue::from(format::next_time(lang_now, local.date, local.time, today)),
                )],
            )
        }
        None => t("venue-lists-none"),
    };
    let lists_old =
        lists_at.is_some_and(|at| now.saturating_sub(at) > crate::venue_check::LISTS_OLD_SECS);

    rsx! {
        h1 { class: "visually-hidden", {t("venue-check-title")} }
        p { class: "venue-offer-line",
            span { class: "help", {t("venue-checking-for")} }
            " "
            strong { id: "venue-offer", {offer_title(app, &offer, lang_now)} }
        }
        div { class: "venue-counters", role: "status",
            p { id: "visits-today",
                {format::count(lang_now, "venue-visits-today", u64::from(today_count))}
            }
            p { id: "visits-waiting",
                {format::count(lang_now, "venue-visits-waiting", u64::from(waiting))}
            }
            if set_aside > 0 {
                p { class: "warning", id: "visits-set-aside",
                    {format::count(lang_now, "venue-visits-set-aside", u64::from(set_aside))}
                }
            }
        }
        p { class: if lists_old || lists_at.is_none() { "warning lists-line" } else { "help lists-line" }, id: "lists-line",
            {lists_line}
            " "
            button {
                r#type: "button",
                class: "button secondary small",
                id: "venue-sync",
                onclick: move |_| wake.send(Wake::SyncNow),
                {t("sync-now")}
            }
        }
        if let Some(why) = not_ready() {
            p { class: "warning", role: "alert", id: "not-ready",
                {t(match why { NotReady::NoLists => "venue-not-ready-lists", NotReady::NoVenue => "venue-not-ready-venue" })}
            }
        }
        QrScanner { paused, on_text: show }
        form {
            class: "paste-check",
            novalidate: true,
            onsubmit: move |e: FormEvent| {
                e.prevent_default();
                let text = pasted();
                pasted.set(String::new());
                show(text);
            },
            label { r#for: "qr-text", {t("venue-paste-label")} }
            input {
                id: "qr-text",
                r#type: "text",
                dir: "ltr",
                autocomplete: "off",
                spellcheck: "false",
                value: "{pasted}",
                oninput: move |e| pasted.set(e.value()),
            }
            button { r#type: "submit", class: "button", id: "qr-check", {t("venue-check")} }
        }
        details { class: "more-filters venue-settings",
            summary { {t("venue-settings")} }
            button {
                r#type: "button",
                class: "button secondary",
                id: "change-offer",
                onclick: move |_| {
                    app.write(|s| s.set_setting("venue_offer", None));
                },
                {t("venue-change-offer")}
            }
            ForgetVenue {}
        }
        if let Some(view) = verdict() {
            VerdictScreen {
                view,
                offer: offer.clone(),
                on_close: move |_| verdict.set(None),
            }
        }
    }
}

/// Forgets the venue key on this device (after a confirmation).
#[component]
fn ForgetVenue() -> Element {
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
                        app.write(|s| s.forget_venue());
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

/// The full-screen answer: green, amber or red, large enough to read from across a desk.
#[component]
fn VerdictScreen(view: CheckView, offer: String, on_close: EventHandler<()>) -> Element {
    let app = use_app();
    let lang = use_lang();
    let lang_now = lang();
    let t = |id: &str| i18n::t(lang_now, id);
    let wake = use_coroutine_handle::<Wake>();
    let let_in = {
        let view = view.clone();
        move |companion: bool| {
            let CheckView::Admit {
                card_id,
                given_name,
                ..
            } = &view
            else {
                return;
            };
            let checkin = CheckIn {
                id: new_checkin_id(),
                card_id: card_id.clone(),
                offer_id: offer.clone(),
                at: platform::now(),
                companion,
            };
            app.write(move |s| s.queue_checkin(&checkin));
            wake.send(Wake::Upload);
            app.announce(i18n::tr(
                lang(),
                "venue-let-in-done",
                &[("name", FluentValue::from(given_name.clone()))],
            ));
            on_close.call(());
        }
    };
    match view.clone() {
        CheckView::Admit {
            tone,
            given_name,
            age,
            valid_until,
            companion,
            notes,
            ..
        } => {
            let class = if tone == Tone::Valid {
                "verdict verdict-valid"
            } else {
                "verdict verdict-warn"
            };
            let title = if tone == Tone::Valid {
                t("verdict-valid")
            } else {
                t("verdict-check")
            };
            let let_in_alone = let_in.clone();
            let let_in_with = let_in.clone();
            rsx! {
                div {
                    class: class,
                    id: "verdict",
                    "data-tone": if tone == Tone::Valid { "valid" } else { "warn" },
                    role: "alertdialog",
                    "aria-modal": "true",
                    aria_labelledby: "verdict-title",
                    aria_describedby: "verdict-name",
                    p { class: "verdict-title", id: "verdict-title", {title} }
                    p { class: "verdict-name", id: "verdict-name", {given_name.clone()} }
                    p { class: "verdict-age",
                        {i18n::tr(lang_now, "card-age", &[("age", FluentValue::from(format::digits(lang_now, &age.to_string())))])}
                    }
                    p { class: "verdict-until",
                        {i18n::tr(lang_now, "verdict-valid-until", &[("date", FluentValue::from(format::date_long(lang_now, valid_until)))])}
                    }
                    if companion {
                        p { class: "verdict-companion", id: "verdict-companion", {t("verdict-companion")} }
                    }
                    for note in notes {
                        p { class: "verdict-note",
                            {match note {
                                Note::SeenRecently { minutes } => i18n::tr(lang_now, "verdict-seen-recently", &[("minutes", FluentValue::from(minutes)), ("n", FluentValue::from(format::number(lang_now, minutes)))]),
                                Note::ListsOld { hours } => i18n::tr(lang_now, "verdict-lists-old", &[("hours", FluentValue::from(hours)), ("n", FluentValue::from(format::number(lang_now, hours)))]),
                            }}
                        }
                    }
                    div { class: "verdict-actions",
                        button {
                            r#type: "button",
                            class: "button verdict-button",
                            id: "let-in",
                            onmounted: move |e: MountedEvent| async move {
                                let _ = e.set_focus(true).await;
                            },
                            onclick: move |_| let_in_alone(false),
                            {t("verdict-let-in")}
                        }
                        if companion {
                            button {
                                r#type: "button",
                                class: "button verdict-button",
                                id: "let-in-companion",
                                onclick: move |_| let_in_with(true),
                                {t("verdict-let-in-companion")}
                            }
                        }
                        button {
                            r#type: "button",
                            class: "button secondary verdict-button",
                            id: "verdict-close",
                            onclick: move |_| on_close.call(()),
                            {t("verdict-cancel")}
                        }
                    }
                }
            }
        }
        CheckView::Refuse { reason, hint } => rsx! {
            div {
                class: "verdict verdict-invalid",
                id: "verdict",
                "data-tone": "invalid",
                role: "alertdialog",
                "aria-modal": "true",
                aria_labelledby: "verdict-title",
                aria_describedby: "verdict-reason",
                p { class: "verdict-title", id: "verdict-title", {t("verdict-invalid")} }
                p { class: "verdict-reason", id: "verdict-reason", {t(reason)} }
                p { class: "verdict-hint", {t(hint)} }
                div { class: "verdict-actions",
                    button {
                        r#type: "button",
                        class: "button verdict-button",
                        id: "verdict-close",
                        onmounted: move |e: MountedEvent| async move {
                            let _ = e.set_focus(true).await;
                        },
                        onclick: move |_| on_close.call(()),
                        {t("verdict-next")}
                    }
                }
            }
        },
    }
}
