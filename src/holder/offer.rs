//! One offer's page: everything the catalogue says about it, how to use the card there (before
//! arriving at the door, free visits left included), the companion rule, accessibility, the
//! address with a map link, a calendar file and the favourite mark. All from the phone's copy,
//! so it works offline.

use aktivitetskortet_client::limits::allowance;
use aktivitetskortet_core::calendar::bergen_local;
use aktivitetskortet_core::ics::offer_calendar;
use aktivitetskortet_core::offer::{Offer, Schedule};
use aktivitetskortet_core::visit_rule::Per;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use crate::holder::Route;
use crate::shared::components::{Icon, Loading, STAR_ICON, STAR_OUTLINE_ICON};
use crate::shared::format;
use crate::shared::i18n::{self, use_lang};
use crate::shared::links::{MapPlatform, calendar_data_url, map_link};
use crate::shared::platform;
use crate::shared::state::use_app;
use crate::shared::webview;
use crate::shared::words::offer_text;
use crate::shared::words::{accessibility_name, category_name};

#[component]
pub fn OfferScreen(id: String) -> Element {
    let app = use_app();
    let lang = use_lang();
    let lang_now = lang();
    let t = |id: &str| i18n::t(lang_now, id);
    let map_platform = use_resource(webview::map_platform);
    if !app.ready() || !(app.catalogue_ready)() {
        return rsx! { Loading {} };
    }
    let Some(offer) = app
        .read(|s| s.catalogue().offer(&id).ok())
        .flatten()
        .flatten()
    else {
        return rsx! {
            h1 { {t("offer-missing")} }
            Link { to: Route::OffersScreen {}, class: "button", {t("offer-back")} }
        };
    };
    let favourite = app
        .read(|s| {
            s.wallet()
                .favourites()
                .unwrap_or_default()
                .contains(&offer.id)
        })
        .unwrap_or(false);
    let now = platform::now();
    let today = bergen_local(now).date;
    let (title, title_lang) = offer_text(&offer.title, lang_now);
    let (summary, summary_lang) = offer_text(&offer.summary, lang_now);
    let (description, description_lang) = offer_text(&offer.description, lang_now);
    let platform_now = map_platform.read().unwrap_or(MapPlatform::Web);
    let map = map_link(platform_now, offer.location, &offer.address);
    let calendar = calendar_data_url(&offer_calendar(&offer, lang_now.code(), today, now));
    let next = offer.next_occurrence(today);
    let offer_id = offer.id.clone();
    let toggle_favourite = move |_| {
        let id = offer_id.clone();
        let now = platform::now();
        app.write(move |s| s.wallet().set_favourite(&id, !favourite, now));
    };
    let thumbnail = offer.image.as_ref().and_then(|path| {
        app.read(|s| s.catalogue().thumbnail(path).ok().flatten())
            .flatten()
    });

    rsx! {
        Link { to: Route::OffersScreen {}, class: "back-link", {t("offer-back")} }
        article { class: "offer-page",
            h1 { lang: title_lang.code(), dir: title_lang.dir(), {title} }
            if offer.demo {
                p { class: "demo-badge", {t("offer-demo")} }
            }
            if let Some(jpeg) = thumbnail {
                img {
                    class: "offer-image",
                    alt: "",
                    src: "data:image/jpeg;base64,{BASE64.encode(&jpeg)}",
                }
            }
            p { class: "lead", lang: summary_lang.code(), dir: summary_lang.dir(), {summary} }
            div { class: "offer-actions",
                button {
                    r#type: "button",
                    class: "button secondary",
                    id: "favourite",
                    "aria-pressed": if favourite { "true" } else { "false" },
                    onclick: toggle_favourite,
                    Icon { path: if favourite { STAR_ICON } else { STAR_OUTLINE_ICON } }
                    span { {t("offer-favourite")} }
                }
                a {
                    class: "button secondary",
                    id: "add-to-calendar",
                    href: "{calendar}",
                    download: "{offer.id}.ics",
                    {t("offer-calendar")}
                }
            }
            dl { class: "offer-facts",
                div {
                    dt { {t("offer-category")} }
                    dd { {category_name(lang_now, offer.category)} }
                }
                div {
                    dt { {t("offer-ages")} }
                    dd { {format::age_range(lang_now, offer.age_min, offer.age_max)} }
                }
                div {
                    dt { {t("offer-next")} }
                    dd {
                        match next {
                            Some((date, at)) => format::next_time(lang_now, date, at, today),
                            None => t("offer-no-date"),
                        }
                    }
                }
            }
            section { class: "offer-section", aria_labelledby: "how-heading",
                h2 { id: "how-heading", {t("offer-how")} }
                HowToUse { offer: offer.clone() }
                FreeVisits { offer: offer.clone() }
            }
            section { class: "offer-section", aria_labelledby: "companion-heading",
                h2 { id: "companion-heading", {t("offer-companion")} }
                p {
                    if offer.companion_included {
                        {t("offer-companion-yes")}
                    } else {
                        {t("offer-companion-no")}
                    }
                }
            }
            section { class: "offer-section", aria_labelledby: "when-heading",
                h2 { id: "when-heading", {t("offer-when")} }
                WhenList { offer: offer.clone() }
            }
            section { class: "offer-section", aria_labelledby: "where-heading",
                h2 { id: "where-heading", {t("offer-where")} }
                p { class: "venue", {offer.venue.clone()} }
                p {
                    a { href: "{map}", id: "map-link", rel: "noopener", target: "_blank",
                        {offer.address.clone()}
                        span { class: "visually-hidden", {format!(" – {}", t("offer-open-map"))} }
                    }
                }
                p { {offer.district.name()} }
                p { class: "help",
                    {i18n::tr(lang_now, "offer-organiser", &[("name", FluentValue::from(offer.organiser.clone()))])}
                }
            }
            section { class: "offer-section", aria_labelledby: "access-heading",
                h2 { id: "access-heading", {t("offer-accessibility")} }
                if offer.accessibility.is_empty() {
                    p { {t("offer-accessibility-none")} }
                } else {
                    ul { class: "facts",
                        for fact in offer.accessibility.iter().copied() {
                            li { key: "{fact.slug()}", {accessibility_name(lang_now, fact)} }
                        }
                    }
                }
            }
            section { class: "offer-section", aria_labelledby: "about-heading",
                h2 { id: "about-heading", {t("offer-about")} }
                p { lang: description_lang.code(), dir: description_lang.dir(), {description} }
            }
        }
    }
}

/// "How to use your card here": booking first (and how), or just show the card at the door.
#[component]
fn HowToUse(offer: Offer) -> Element {
    let lang = use_lang();
    let lang_now = lang();
    let t = |id: &str| i18n::t(lang_now, id);
    let booking = &offer.booking;
    let how = booking.how.as_ref().map(|h| offer_text(h, lang_now));
    rsx! {
        if booking.required {
            p { class: "notice", id: "booking-required", {t("offer-booking-required")} }
            if let Some((how, how_lang)) = how {
                p { lang: how_lang.code(), dir: how_lang.dir(), {how} }
            }
            if let Some(url) = booking.url.clone() {
                p {
                    a { href: "{url}", rel: "noopener", target: "_blank", dir: "ltr", {t("offer-booking-web")} }
                }
            }
            if let Some(phone) = booking.phone.clone() {
                p {
                    a { href: "tel:{phone.replace(' ', \"\")}", dir: "ltr", {phone.clone()} }
                }
            }
            p { {t("offer-show-card-after-booking")} }
        } else {
            p { id: "booking-not-needed", {t("offer-show-card")} }
        }
    }
}

/// How many free visits the shown card has left here, when the offer (or its category) has a
/// limit: from the counts the last refresh brought, with when that was, since offline it may be
/// a few visits behind.
#[component]
fn FreeVisits(offer: Offer) -> Element {
    let app = use_app();
    let lang = use_lang();
    let lang_now = lang();
    let now = platform::now();
    let today = bergen_local(now).date;
    let card = app.current_card();
    let (rules, (counts, counted_at)) = app
        .read(|s| {
            let rules = s.catalogue().category_rules().unwrap_or_default();
            let counts = card
                .as_ref()
                .and_then(|c| s.wallet().visit_counts(&c.card_id).ok())
                .unwrap_or_default();
            (rules, counts)
        })
        .unwrap_or_default();
    let Some(allowance) = allowance(&offer, &rules, &counts, counted_at, today) else {
        return rsx! {};
    };
    let limit = allowance.limit;
    let args = |extra: Vec<(&'static str, FluentValue<'static>)>| {
        let mut args = vec![
            ("max", FluentValue::from(u64::from(limit.max))),
            (
                "n",
                FluentValue::from(format::number(lang_now, u64::from(limit.max))),
            ),
            ("per", FluentValue::from(limit.per.slug())),
            (
                "name",
                FluentValue::from(
                    card.as_ref()
                        .map(|c| c.given_name.clone())
                        .unwrap_or_default(),
                ),
            ),
        ];
        args.extend(extra);
        args
    };
    let used_up = allowance.left == Some(0) && card.is_some();
    let line = match (allowance.left, &card) {
        (Some(0), Some(_)) => i18n::tr(lang_now, "offer-visits-used-up", &args(vec![])),
        (Some(left), Some(_)) => i18n::tr(
            lang_now,
            "offer-visits-left",
            &args(vec![
                ("left", FluentValue::from(u64::from(left))),
                (
                    "l",
                    FluentValue::from(format::number(lang_now, u64::from(left))),
                ),
            ]),
        ),
        _ => i18n::tr(lang_now, "offer-visits-limit", &args(vec![])),
    };
    // When the limit starts again (a season does not).
    let again = (used_up && limit.per != Per::Season).then(|| {
        let day = allowance.until.unwrap_or(today).add_days(1);
        i18n::tr(
            lang_now,
            "offer-visits-again",
            &[("date", FluentValue::from(format::date_long(lang_now, day)))],
        )
    });
    let updated = allowance.counted_at.filter(|_| card.is_some()).map(|at| {
        let local = bergen_local(at);
        i18n::tr(
            lang_now,
            "offer-visits-updated",
            &[(
                "when",
                FluentValue::from(format::next_time(lang_now, local.date, local.time, today)),
            )],
        )
    });
    rsx! {
        div { class: "free-visits", id: "free-visits",
            p { id: "free-visits-left", {line} }
            if let Some(again) = again {
                p { {again} }
            }
            if limit.companion_counts {
                p { {i18n::t(lang_now, "offer-visits-companion")} }
            }
            if let Some(updated) = updated {
                p { class: "help", id: "free-visits-updated", {updated} }
            }
        }
    }
}

/// When the offer happens: its coming dates, or its weekly times within the season.
#[component]
fn WhenList(offer: Offer) -> Element {
    let lang = use_lang();
    let lang_now = lang();
    let today = bergen_local(platform::now()).date;
    let span = |start, end: Option<_>| match end {
        Some(end) => format!(
            "{}–{}",
            format::time(lang_now, start),
            format::time(lang_now, end)
        ),
        None => format::time(lang_now, start),
    };
    match &offer.schedule {
        Schedule::Dates { dates } => {
            let mut coming: Vec<_> = dates.iter().filter(|o| o.date >= today).cloned().collect();
            coming.sort_by_key(|o| (o.date, o.start));
            if coming.is_empty() {
                return rsx! { p { {i18n::t(lang_now, "offer-no-date")} } };
            }
            rsx! {
                ul { class: "dates",
                    for o in coming {
                        li { key: "{o.date}-{o.start}",
                            {format::date_short(lang_now, o.date)}
                            ", "
                            {span(o.start, o.end)}
                        }
                    }
                }
            }
        }
        Schedule::Weekly { slots } => rsx! {
            ul { class: "dates",
                for slot in slots.iter().cloned() {
                    li { key: "{slot.weekday:?}-{slot.start}",
                        {i18n::tr(lang_now, "offer-every", &[("weekday", FluentValue::from(format::weekday(lang_now, slot.weekday)))])}
                        ", "
                        {span(slot.start, slot.end)}
                    }
                }
            }
            if let Some(season) = offer.season {
                p {
                    {i18n::tr(lang_now, "offer-season", &[
                        ("from", FluentValue::from(format::date_long(lang_now, season.from))),
                        ("to", FluentValue::from(format::date_long(lang_now, season.to))),
                    ])}
                }
            }
        },
    }
}
