//! The desk: the check itself (offline, against the synced lists, in the server's time), its
//! counters, the lists' age and the device clock's offset, the scanner and the paste field, and
//! the full-screen verdict with "let in".

use aktivitetskortet_client::limits::at_the_door;
use aktivitetskortet_client::venue::{CLOCK_WARN_SECS, VenueSetup};
use aktivitetskortet_client::verifier::new_checkin_id;
use aktivitetskortet_core::api::{AtLimit, CheckIn};
use aktivitetskortet_core::calendar::{Time, bergen_local, bergen_to_unix};
use aktivitetskortet_core::token::{self, Policy};
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use crate::shared::background::Wake;
use crate::shared::format;
use crate::shared::i18n::{self, use_lang};
use crate::shared::platform;
use crate::shared::state::use_app;
use crate::venue::check::{CheckView, DeskFacts, LISTS_OLD_SECS, Note, Tone, check_view};
use crate::venue::scanner::QrScanner;
use crate::venue::setup::{ForgetVenue, offer_title};

/// Why a check could not be made at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    /// No lists yet: the device must sync once (online) after setup.
    NoLists,
    NoVenue,
}

/// A list the check needs, held on the device, or that the device has no lists yet.
fn held<T, E>(list: Result<Option<T>, E>) -> Result<T, NotReady> {
    list.ok().flatten().ok_or(NotReady::NoLists)
}

/// The server's time now, by this device's clock and the offset learned at the last list sync:
/// venue mode checks cards, counts today's visits and records visits in it, so a tablet whose
/// clock is a minute fast does not call every genuine card an old code.
fn venue_now(store: &mut aktivitetskortet_client::Store) -> u64 {
    store.desk().corrected_now(platform::now())
}

/// Checks `qr_text` now (the server's time), offline, with the lists held; the screen to show.
pub fn check(
    store: &mut aktivitetskortet_client::Store,
    qr_text: &str,
) -> Result<CheckView, NotReady> {
    let now = venue_now(store);
    let desk = store.desk();
    let setup = desk.venue().ok().flatten().ok_or(NotReady::NoVenue)?;
    let keys = setup.public_list_keys();
    let trust = held(desk.trust_list(&keys))?;
    let revocations = held(desk.revocation_list(&keys))?;
    let issued_at = held(desk.lists_issued_at())?;
    let verdict = token::verify(
        qr_text.trim(),
        now,
        &trust,
        &revocations,
        &Policy::default(),
    );
    let (last, door) = match &verdict {
        token::Verdict::Valid(admitted) => {
            let card = admitted.card_id;
            let door = store.desk().venue_offer().ok().flatten().and_then(|offer| {
                at_the_door(store, card, &offer, now, &keys, setup.id)
                    .ok()
                    .flatten()
            });
            (
                store.desk().last_checkin(&card.to_string()).ok().flatten(),
                door,
            )
        }
        token::Verdict::NotValid(_) => (None, None),
    };
    let takes_companion = store
        .desk()
        .venue_offer()
        .ok()
        .flatten()
        .and_then(|id| store.catalogue().offer(&id).ok().flatten())
        .is_some_and(|o| o.companion_included);
    Ok(check_view(
        &verdict,
        now,
        DeskFacts {
            last_checkin: last,
            lists_issued_at: issued_at,
            offer_takes_companion: takes_companion,
            door,
        },
    ))
}

/// The desk: counters, the lists' age, the scanner and the paste field, and the verdict.
#[component]
pub(super) fn CheckDesk(setup: VenueSetup, offer: String) -> Element {
    let app = use_app();
    let lang = use_lang();
    let lang_now = lang();
    let t = |id: &str| i18n::t(lang_now, id);
    let wake = use_coroutine_handle::<Wake>();
    let mut pasted = use_signal(String::new);
    let mut verdict = use_signal(|| None::<CheckView>);
    let mut not_ready = use_signal(|| None::<NotReady>);
    let paused = use_memo(move || verdict().is_some());

    let mut show = move |text: String| match app.peek(|s| check(s, &text)) {
        Some(Ok(view)) => {
            not_ready.set(None);
            verdict.set(Some(view));
        }
        Some(Err(why)) => not_ready.set(Some(why)),
        None => {}
    };

    let offset = app
        .read(|s| s.desk().clock_offset().unwrap_or(0))
        .unwrap_or(0);
    let now = platform::now().saturating_add_signed(offset);
    let today = bergen_local(now).date;
    let day_start = bergen_to_unix(today, Time { hour: 0, minute: 0 });
    let day_end = bergen_to_unix(today.add_days(1), Time { hour: 0, minute: 0 });
    let (today_count, (waiting, set_aside), lists_at) = app
        .read(|s| {
            (
                s.desk().checkins_today(day_start, day_end).unwrap_or(0),
                s.desk().checkin_backlog().unwrap_or((0, 0)),
                s.desk().lists_issued_at().ok().flatten(),
            )
        })
        .unwrap_or((0, (0, 0), None));
    let clock_line = clock_warning(offset).map(|(id, minutes)| {
        i18n::tr(
            lang_now,
            id,
            &[("n", FluentValue::from(format::number(lang_now, minutes)))],
        )
    });
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
    let lists_old = lists_at.is_some_and(|at| now.saturating_sub(at) > LISTS_OLD_SECS);

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
        if let Some(line) = clock_line {
            p { class: "warning", id: "venue-clock", {line} }
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

/// The full-screen answer: green, amber or red, large enough to read from across a desk.
#[component]
fn VerdictScreen(view: CheckView, offer: String, on_close: EventHandler<()>) -> Element {
    let app = use_app();
    let lang = use_lang();
    let lang_now = lang();
    let t = |id: &str| i18n::t(lang_now, id);
    let wake = use_coroutine_handle::<Wake>();
    // Records what staff decided: let in (with a companion or not; at a limit, an override),
    // or, at a limit, not let in.
    let record = {
        let view = view.clone();
        move |companion: bool, limit: Option<AtLimit>| {
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
                at: app.peek(venue_now).unwrap_or_else(platform::now),
                companion,
                limit,
            };
            app.write(move |s| s.desk().queue_checkin(&checkin));
            wake.send(Wake::Upload);
            let done = if limit == Some(AtLimit::Refused) {
                "venue-refused-done"
            } else {
                "venue-let-in-done"
            };
            app.announce(i18n::tr(
                lang(),
                done,
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
            at_limit,
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
            // At a limit, letting in is an override, and not letting in is recorded too.
            let override_mark = at_limit.then_some(AtLimit::Override);
            let let_in_alone = record.clone();
            let let_in_with = record.clone();
            let refuse = record.clone();
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
                                Note::LimitReached { max, per } => i18n::tr(lang_now, "verdict-limit", &[("max", FluentValue::from(u64::from(max))), ("n", FluentValue::from(format::number(lang_now, u64::from(max)))), ("per", FluentValue::from(per.slug()))]),
                                Note::OneLeft => t("verdict-limit-one-left"),
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
                            onclick: move |_| let_in_alone(false, override_mark),
                            {t(if at_limit { "verdict-let-in-anyway" } else { "verdict-let-in" })}
                        }
                        if companion {
                            button {
                                r#type: "button",
                                class: "button verdict-button",
                                id: "let-in-companion",
                                onclick: move |_| let_in_with(true, override_mark),
                                {t(if at_limit { "verdict-let-in-anyway-companion" } else { "verdict-let-in-companion" })}
                            }
                        }
                        if at_limit {
                            button {
                                r#type: "button",
                                class: "button secondary verdict-button",
                                id: "verdict-refuse",
                                onclick: move |_| refuse(false, Some(AtLimit::Refused)),
                                {t("verdict-refuse")}
                            }
                        } else {
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

/// The warning for a device clock `offset` seconds behind the server's (negative: ahead), and
/// the minutes to show (at least 1); `None` within [`CLOCK_WARN_SECS`].
fn clock_warning(offset: i64) -> Option<(&'static str, u64)> {
    let off = offset.unsigned_abs();
    if off <= CLOCK_WARN_SECS {
        return None;
    }
    let minutes = ((off + 30) / 60).max(1);
    Some((
        if offset < 0 {
            "venue-clock-fast"
        } else {
            "venue-clock-slow"
        },
        minutes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_hear_of_a_clock_more_than_30_seconds_off() {
        assert_eq!(clock_warning(0), None);
        assert_eq!(clock_warning(30), None);
        assert_eq!(clock_warning(-30), None);
        assert_eq!(clock_warning(31), Some(("venue-clock-slow", 1)));
        assert_eq!(clock_warning(-300), Some(("venue-clock-fast", 5)));
        assert_eq!(clock_warning(-329), Some(("venue-clock-fast", 5)));
        assert_eq!(clock_warning(-330), Some(("venue-clock-fast", 6)));
        assert_eq!(clock_warning(7_200), Some(("venue-clock-slow", 120)));
    }
}
