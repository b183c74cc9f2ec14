//! The offers screen: the catalogue of free activities, searched and filtered on the phone, so it
//! works the same with no network. The age filter starts at the shown card's holder's age.

pub mod filters;
mod item;

pub use item::OfferItem;

use aktivitetskortet_core::calendar::{Date, Weekday, bergen_local};
use aktivitetskortet_core::district::District;
use aktivitetskortet_core::offer::{Accessibility, Category, GeoPoint, MAX_AGE};
use aktivitetskortet_core::token::age_in_year;
use dioxus::prelude::*;

use crate::holder::offers::filters::{AgeChoice, DayChoice, Filters, SortChoice, toggle};
use crate::holder::sync_status::SyncStatus;
use crate::shared::format;
use crate::shared::i18n::{self, use_lang};
use crate::shared::platform;
use crate::shared::state::use_app;
use crate::shared::webview::{self, PositionError};
use crate::shared::words::{accessibility_name, category_name};

/// The offers screen's choices, kept at the root so they survive a look at an offer's page.
#[derive(Clone, Copy)]
pub struct OffersState {
    pub filters: Signal<Filters>,
    /// The device's position, once the person asked for "near me".
    pub position: Signal<Option<GeoPoint>>,
}

pub fn use_offers_state_provider() {
    use_context_provider(|| OffersState {
        filters: Signal::new(Filters::default()),
        position: Signal::new(None),
    });
}

#[component]
pub fn OffersScreen() -> Element {
    let app = use_app();
    let lang = use_lang();
    let state = use_context::<OffersState>();
    let mut filters = state.filters;
    let position = state.position;
    let position_error = use_signal(|| None::<String>);
    let lang_now = lang();
    let t = |id: &str| i18n::t(lang_now, id);

    let today = bergen_local(platform::now()).date;
    let holder_age = use_memo(move || {
        app.current_card()
            .map(|c| age_in_year(c.birth_year, platform::now()))
    });
    let results = use_memo(move || {
        let query = filters.read().query(holder_age(), today, position());
        app.read(|s| s.catalogue().search(&query, today).ok())
            .flatten()
    });

    if !app.ready() || !(app.catalogue_ready)() {
        return rsx! {
            h1 { {t("offers-title")} }
            // The card opens first; the catalogue follows a moment later.
            p { class: "loading", role: "status", id: "offers-loading", {t("offers-loading")} }
        };
    }
    let f = filters();
    let page = results();
    let total = page.as_ref().map_or(0, |p| p.total);
    let hits = page.map(|p| p.hits).unwrap_or_default();
    let catalogue_empty = app
        .read(|s| s.catalogue().offer_count().unwrap_or(0) == 0)
        .unwrap_or(true);
    let active = f.active(holder_age());
    let shown_age = f.age(holder_age());
    // The filters inside the disclosure that are on (the age and the text are outside it).
    let chosen = f.categories.len()
        + f.districts.len()
        + f.accessibility.len()
        + usize::from(f.companion)
        + usize::from(f.day != DayChoice::Any);

    let choose_sort = move |choice: SortChoice| {
        let (mut filters, mut position, mut position_error) = (filters, position, position_error);
        filters.write().sort = choice;
        if choice == SortChoice::Nearest && position.peek().is_none() {
            spawn(async move {
                match webview::current_position().await {
                    Ok(point) => {
                        position.set(Some(point));
                        position_error.set(None);
                    }
                    Err(err) => {
                        filters.write().sort = SortChoice::Soonest;
                        let id = match err {
                            PositionError::Denied => "offers-near-denied",
                            PositionError::Unavailable => "offers-near-unavailable",
                        };
                        position_error.set(Some(i18n::t(lang(), id)));
                    }
                }
            });
        }
    };

    rsx! {
        h1 { {t("offers-title")} }
        SyncStatus {}
        if catalogue_empty {
            p { class: "lead", {t("offers-intro")} }
            p { {t("offers-empty")} }
        }
        form {
            class: "offer-search",
            role: "search",
            onsubmit: move |e: FormEvent| e.prevent_default(),
            label { r#for: "offer-search", {t("offers-search-label")} }
            input {
                id: "offer-search",
                r#type: "search",
                value: "{f.text}",
                placeholder: t("offers-search-placeholder"),
                autocomplete: "off",
                oninput: move |e| {
                    let mut f = filters.write();
                    f.text = e.value();
                    f.pages = 1;
                },
            }
        }
        div { class: "filters",
            div { class: "filter-bar",
                div { class: "filter-row",
                    label { r#for: "age-filter", {t("filter-age")} }
                    select {
                        id: "age-filter",
                        onchange: move |e| {
                            let value = e.value();
                            filters.write().age = match value.parse::<u8>() {
                                Ok(age) => AgeChoice::Age(age),
                                Err(_) => AgeChoice::Any,
                            };
                        },
                        option { value: "any", selected: shown_age.is_none(), {t("age-all")} }
                        for age in 0..=MAX_AGE {
                            option {
                                key: "{age}",
                                value: "{age}",
                                selected: shown_age == Some(age),
                                {i18n::tr(lang_now, "card-age", &[("age", format::digits(lang_now, &age.to_string()).into())])}
                            }
                        }
                    }
                }
                div { class: "filter-row",
                    label { r#for: "sort-choice", {t("sort-label")} }
                    select {
                        id: "sort-choice",
                        onchange: move |e| {
                            let choice = match e.value().as_str() {
                                "nearest" => SortChoice::Nearest,
                                "name" => SortChoice::Name,
                                _ => SortChoice::Soonest,
                            };
                            choose_sort(choice);
                        },
                        for (choice, value, id) in [(SortChoice::Soonest, "soonest", "sort-soonest"), (SortChoice::Nearest, "nearest", "sort-nearest"), (SortChoice::Name, "name", "sort-name")] {
                            option { key: "{value}", value: "{value}", selected: f.sort == choice, {t(id)} }
                        }
                    }
                }
            }
            if let Some(message) = position_error() {
                p { class: "notice", role: "alert", {message} }
            }
            details {
                class: "more-filters",
                id: "more-filters",
                summary {
                    {t("filter-more")}
                    if chosen > 0 {
                        span { class: "filter-count", {format!(" ({})", format::number(lang_now, chosen as u64))} }
                    }
                }
                ChipGroup { label: t("filter-category"), id: "filter-category",
                    for category in Category::ALL {
                        Chip {
                            key: "{category.slug()}",
                            pressed: f.categories.contains(&category),
                            onpress: move |_| toggle(&mut filters.write().categories, category),
                            {category_name(lang_now, category)}
                        }
                    }
                }
                ChipGroup { label: t("filter-district"), id: "filter-district",
                    for district in District::ALL {
                        Chip {
                            key: "{district.slug()}",
                            pressed: f.districts.contains(&district),
                            onpress: move |_| toggle(&mut filters.write().districts, district),
                            {district.name()}
                        }
                    }
                }
                DayFilter { day: f.day, today }
                ChipGroup { label: t("filter-companion"), id: "filter-companion",
                    Chip {
                        pressed: f.companion,
                        onpress: move |_| {
                            let mut f = filters.write();
                            f.companion = !f.companion;
                        },
                        {t("filter-companion-included")}
                    }
                }
                ChipGroup { label: t("filter-accessibility"), id: "filter-accessibility",
                    for fact in Accessibility::ALL {
                        Chip {
                            key: "{fact.slug()}",
                            pressed: f.accessibility.contains(&fact),
                            onpress: move |_| toggle(&mut filters.write().accessibility, fact),
                            {accessibility_name(lang_now, fact)}
                        }
                    }
                }
            }
        }
        div { class: "result-bar",
            p { class: "result-count", id: "result-count", role: "status", "aria-live": "polite",
                {format::count(lang_now, "offers-count", u64::from(total))}
            }
            if active > 0 {
                button {
                    r#type: "button",
                    class: "button secondary small",
                    id: "clear-filters",
                    onclick: move |_| {
                        let cleared = filters.peek().cleared();
                        filters.set(cleared);
                    },
                    {t("filter-clear")}
                }
            }
        }
        if total == 0 && !catalogue_empty {
            p { class: "empty", {t("offers-none-found")} }
        }
        ul { class: "offer-list", id: "offer-list",
            for hit in hits.iter().cloned() {
                OfferItem { key: "{hit.offer.id}", hit, today }
            }
        }
        if (hits.len() as u32) < total {
            button {
                r#type: "button",
                class: "button secondary",
                id: "show-more",
                onclick: move |_| filters.write().pages += 1,
                {t("offers-show-more")}
            }
        }
    }
}

/// Today, tomorrow, the coming weekend, or a date.
#[component]
fn DayFilter(day: DayChoice, today: Date) -> Element {
    let state = use_context::<OffersState>();
    let mut filters = state.filters;
    let lang = use_lang();
    let lang_now = lang();
    let t = |id: &str| i18n::t(lang_now, id);
    let choices = [
        (DayChoice::Today, t("day-today-chip")),
        (DayChoice::Tomorrow, t("day-tomorrow-chip")),
        (
            DayChoice::Next(Weekday::Saturday),
            format::weekday(lang_now, Weekday::Saturday),
        ),
        (
            DayChoice::Next(Weekday::Sunday),
            format::weekday(lang_now, Weekday::Sunday),
        ),
    ];
    let picked = match day {
        DayChoice::On(date) => date.to_string(),
        _ => String::new(),
    };
    rsx! {
        ChipGroup { label: t("filter-day"), id: "filter-day",
            for (i, (choice, label)) in choices.into_iter().enumerate() {
                Chip {
                    key: "{i}",
                    pressed: day == choice,
                    onpress: move |_| {
                        let mut f = filters.write();
                        f.day = if f.day == choice { DayChoice::Any } else { choice };
                    },
                    {label}
                }
            }
        }
        div { class: "filter-row",
            label { r#for: "date-filter", {t("filter-date")} }
            input {
                id: "date-filter",
                r#type: "date",
                min: "{today}",
                value: "{picked}",
                onchange: move |e| {
                    filters.write().day = match e.value().parse::<Date>() {
                        Ok(date) => DayChoice::On(date),
                        Err(_) => DayChoice::Any,
                    };
                },
            }
        }
    }
}

/// A labelled group of chips.
#[component]
fn ChipGroup(label: String, id: String, children: Element) -> Element {
    rsx! {
        div { class: "chip-group", role: "group", aria_labelledby: "{id}-label",
            span { class: "chip-group-label", id: "{id}-label", {label} }
            div { class: "chips", {children} }
        }
    }
}

/// A filter chip: a toggle button, pressed when its filter is on.
#[component]
fn Chip(pressed: bool, onpress: EventHandler<MouseEvent>, children: Element) -> Element {
    rsx! {
        button {
            r#type: "button",
            class: "chip",
            "aria-pressed": if pressed { "true" } else { "false" },
            onclick: move |e| onpress.call(e),
            {children}
        }
    }
}
