//! The offer form: every field labelled, its messages next to it, the texts in four languages,
//! the schedule, the picture, and deleting.

use aktivitetskortet_client::admin::AdminError;
use aktivitetskortet_core::district::District;
use aktivitetskortet_core::offer::{Accessibility, Category, FieldError, Offer};
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::{admin_lang, use_admin, use_page};
use crate::admin::Route;
use crate::admin::offers::form::{DateForm, OfferForm, SlotForm, localise, messages_for};
use crate::admin::offers::rules::{TermsEditor, VisitRuleFields};
use crate::shared::format;
use crate::shared::i18n::{self, use_lang};
use crate::shared::words::{accessibility_name, category_name};

const LANGS: [(&str, &str); 4] = [
    ("nb", "Bokmål"),
    ("en", "English"),
    ("uk", "Українська"),
    ("ar", "العربية"),
];

/// The offer form: every field labelled, messages next to their fields.
#[component]
pub(super) fn OfferEditor(existing: Option<Offer>) -> Element {
    let page = use_page();
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = move |id: &str| i18n::t(lang, id);
    let nav = navigator();
    let editing = existing.is_some();
    // A provider's own offer: its texts and times; the rule, picture and terms are the
    // municipality's.
    let provider = session.get().is_some_and(|c| c.is_provider());
    let mut form = use_signal(|| {
        existing
            .as_ref()
            .map(OfferForm::from_offer)
            .unwrap_or_default()
    });
    let mut errors = use_signal(Vec::<FieldError>::new);
    let mut failure = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let mut image = use_signal(|| existing.as_ref().and_then(|o| o.image.clone()));

    let save = move |e: FormEvent| {
        e.prevent_default();
        let offer = match form.read().to_offer() {
            Ok(offer) => offer,
            Err(problems) => {
                errors.set(problems);
                failure.set(Some(t("admin-form-has-errors")));
                return;
            }
        };
        errors.set(vec![]);
        failure.set(None);
        busy.set(true);
        spawn(async move {
            let Some(admin) = session.get() else { return };
            let result = if editing {
                admin.update_offer(&offer).await
            } else {
                admin.create_offer(&offer).await
            };
            busy.set(false);
            match result {
                Ok(saved) => {
                    page.announce(i18n::tr(
                        lang,
                        "admin-offer-saved",
                        &[("title", FluentValue::from(saved.title.nb))],
                    ));
                    nav.push(Route::AdminOffers {});
                }
                Err(AdminError::Invalid { details, .. }) => {
                    errors.set(
                        details
                            .into_iter()
                            .map(|d| FieldError {
                                field: d.field.unwrap_or_default(),
                                message: d.message,
                            })
                            .collect(),
                    );
                    failure.set(Some(i18n::t(lang, "admin-form-has-errors")));
                }
                Err(e) => failure.set(Some(session.explain(lang, &e))),
            }
        });
    };

    let upload = move |e: FormEvent| async move {
        let Some(file) = e.files().into_iter().next() else {
            return;
        };
        let content_type = file.content_type().unwrap_or_else(|| "image/jpeg".into());
        let Ok(bytes) = file.read_bytes().await else {
            return;
        };
        let Some(admin) = session.get() else { return };
        let id = form.peek().id.clone();
        match admin.upload_image(&id, bytes.to_vec(), &content_type).await {
            Ok(offer) => {
                image.set(offer.image.clone());
                form.write().image = offer.image;
                page.announce(i18n::t(lang, "admin-image-saved"));
            }
            Err(e) => failure.set(Some(session.explain(lang, &e))),
        }
    };

    let errs = errors();
    let f = form();
    rsx! {
        h1 { if editing { {t("admin-offer-edit")} } else { {t("admin-offer-new")} } }
        Link { to: Route::AdminOffers {}, class: "back-link", {t("admin-back-to-offers")} }
        if let Some(text) = failure() {
            p { class: "error", role: "alert", id: "admin-form-error", {text} }
        }
        form { class: "admin-form", novalidate: true, onsubmit: save,
            Field { id: "id", label: t("admin-field-id"), help: t("admin-field-id-help"), errors: errs.clone(),
                input {
                    id: "offer-id", r#type: "text", dir: "ltr", value: "{f.id}", disabled: editing,
                    "aria-invalid": invalid(&errs, "id"), "aria-describedby": "offer-id-help offer-id-error",
                    oninput: move |e| form.write().id = e.value(),
                }
            }
            for (field, label_id, rows) in [("title", "admin-field-title", 1), ("summary", "admin-field-summary", 2), ("description", "admin-field-description", 5)] {
                fieldset { key: "{field}", class: "admin-texts",
                    legend { {t(label_id)} }
                    for (i, (code, name)) in LANGS.iter().enumerate() {
                        div { key: "{code}", class: "filter-row",
                            label { r#for: "offer-{field}-{code}", {format!("{name}{}", if i == 0 { " *" } else { "" })} }
                            if rows == 1 {
                                input {
                                    id: "offer-{field}-{code}", r#type: "text", lang: "{code}",
                                    dir: if *code == "ar" { "rtl" } else { "ltr" },
                                    value: "{text_at(&f, field, i)}",
                                    "aria-invalid": if i == 0 { invalid(&errs, field) } else { "false" },
                                    "aria-describedby": if i == 0 { format!("offer-{field}-error") } else { String::new() },
                                    oninput: move |e| set_text(&mut form.write(), field, i, e.value()),
                                }
                            } else {
                                textarea {
                                    id: "offer-{field}-{code}", rows: "{rows}", lang: "{code}",
                                    dir: if *code == "ar" { "rtl" } else { "ltr" },
                                    value: "{text_at(&f, field, i)}",
                                    "aria-invalid": if i == 0 { invalid(&errs, field) } else { "false" },
                                    "aria-describedby": if i == 0 { format!("offer-{field}-error") } else { String::new() },
                                    oninput: move |e| set_text(&mut form.write(), field, i, e.value()),
                                }
                            }
                        }
                    }
                    FieldErrors { id: field, errors: errs.clone() }
                }
            }
            div { class: "admin-grid",
                Field { id: "category", label: t("offer-category"), errors: errs.clone(),
                    select { id: "offer-category", onchange: move |e| form.write().category = e.value(),
                        for c in Category::ALL {
                            option { key: "{c.slug()}", value: c.slug(), selected: f.category == c.slug(), {category_name(lang, c)} }
                        }
                    }
                }
                Field { id: "district", label: t("filter-district"), errors: errs.clone(),
                    select { id: "offer-district", onchange: move |e| form.write().district = e.value(),
                        for d in District::ALL {
                            option { key: "{d.slug()}", value: d.slug(), selected: f.district == d.slug(), {d.name()} }
                        }
                    }
                }
                Field { id: "age_min", label: t("admin-field-age-min"), errors: errs.clone(),
                    input { id: "offer-age_min", r#type: "number", min: "0", max: "17", value: "{f.age_min}",
                        "aria-invalid": invalid(&errs, "age_min"), "aria-describedby": "offer-age_min-error",
                        oninput: move |e| form.write().age_min = e.value() }
                }
                Field { id: "age_max", label: t("admin-field-age-max"), errors: errs.clone(),
                    input { id: "offer-age_max", r#type: "number", min: "0", max: "17", value: "{f.age_max}",
                        "aria-invalid": invalid(&errs, "age_max"), "aria-describedby": "offer-age_max-error",
                        oninput: move |e| form.write().age_max = e.value() }
                }
            }
            for (field, label_id) in [("organiser", "admin-field-organiser"), ("venue", "admin-field-venue"), ("address", "admin-field-address")] {
                Field { key: "{field}", id: field, label: t(label_id), errors: errs.clone(),
                    input { id: "offer-{field}", r#type: "text", value: "{plain_at(&f, field)}",
                        "aria-invalid": invalid(&errs, field), "aria-describedby": format!("offer-{field}-error"),
                        oninput: move |e| set_plain(&mut form.write(), field, e.value()) }
                }
            }
            fieldset { class: "admin-texts",
                legend { {t("admin-field-location")} }
                p { class: "help", {t("admin-field-location-help")} }
                div { class: "admin-grid",
                    div { class: "filter-row",
                        label { r#for: "offer-lat", {t("admin-field-lat")} }
                        input { id: "offer-lat", r#type: "text", inputmode: "decimal", dir: "ltr", value: "{f.lat}",
                            "aria-invalid": invalid(&errs, "location"), "aria-describedby": "offer-location-error",
                            oninput: move |e| form.write().lat = e.value() }
                    }
                    div { class: "filter-row",
                        label { r#for: "offer-lon", {t("admin-field-lon")} }
                        input { id: "offer-lon", r#type: "text", inputmode: "decimal", dir: "ltr", value: "{f.lon}",
                            "aria-invalid": invalid(&errs, "location"), "aria-describedby": "offer-location-error",
                            oninput: move |e| form.write().lon = e.value() }
                    }
                }
                FieldErrors { id: "location", errors: errs.clone() }
            }
            ScheduleFields { form, errors: errs.clone() }
            fieldset { class: "admin-texts",
                legend { {t("offer-how")} }
                label { class: "choice",
                    input { r#type: "checkbox", id: "offer-companion", checked: f.companion, onchange: move |e| form.write().companion = e.checked() }
                    span { {t("offer-companion-yes")} }
                }
                label { class: "choice",
                    input { r#type: "checkbox", id: "offer-booking-required", checked: f.booking_required, onchange: move |e| form.write().booking_required = e.checked() }
                    span { {t("offer-booking-required")} }
                }
                for (field, label_id) in [("booking_how", "admin-field-booking-how"), ("booking_url", "admin-field-booking-url"), ("booking_phone", "admin-field-booking-phone")] {
                    div { key: "{field}", class: "filter-row",
                        label { r#for: "offer-{field}", {t(label_id)} }
                        input { id: "offer-{field}", r#type: "text", value: "{plain_at(&f, field)}",
                            "aria-describedby": "offer-booking-error",
                            oninput: move |e| set_plain(&mut form.write(), field, e.value()) }
                    }
                }
                FieldErrors { id: "booking", errors: errs.clone() }
                FieldErrors { id: "booking.url", errors: errs.clone() }
            }
            if !provider {
                VisitRuleFields { form, errors: errs.clone() }
            }
            fieldset { class: "admin-texts",
                legend { {t("offer-accessibility")} }
                for fact in Accessibility::ALL {
                    label { key: "{fact.slug()}", class: "choice",
                        input { r#type: "checkbox", checked: f.accessibility.contains(&fact),
                            onchange: move |e| {
                                let mut f = form.write();
                                if e.checked() { f.accessibility.insert(fact); } else { f.accessibility.remove(&fact); }
                            } }
                        span { {accessibility_name(lang, fact)} }
                    }
                }
            }
            p { class: "admin-actions",
                button { r#type: "submit", class: "button", id: "admin-offer-save", disabled: busy(), {t("admin-save")} }
            }
        }
        if editing && !provider {
            TermsEditor { offer_id: f.id.clone() }
            section { class: "admin-section", aria_labelledby: "image-heading",
                h2 { id: "image-heading", {t("admin-image")} }
                if let Some(path) = image() {
                    img { class: "offer-image admin-image", src: "{path}", alt: t("admin-image-alt") }
                }
                div { class: "filter-row",
                    label { r#for: "offer-image", {t("admin-image-upload")} }
                    input { id: "offer-image", r#type: "file", accept: "image/png,image/jpeg", onchange: upload }
                }
            }
        }
    }
}

fn invalid(errors: &[FieldError], field: &str) -> &'static str {
    if messages_for(errors, field).is_empty() {
        "false"
    } else {
        "true"
    }
}

fn text_at(form: &OfferForm, field: &str, i: usize) -> String {
    match field {
        "title" => form.title[i].clone(),
        "summary" => form.summary[i].clone(),
        _ => form.description[i].clone(),
    }
}

fn set_text(form: &mut OfferForm, field: &str, i: usize, value: String) {
    match field {
        "title" => form.title[i] = value,
        "summary" => form.summary[i] = value,
        _ => form.description[i] = value,
    }
}

fn plain_at(form: &OfferForm, field: &str) -> String {
    match field {
        "organiser" => form.organiser.clone(),
        "venue" => form.venue.clone(),
        "address" => form.address.clone(),
        "booking_how" => form.booking_how.clone(),
        "booking_url" => form.booking_url.clone(),
        _ => form.booking_phone.clone(),
    }
}

fn set_plain(form: &mut OfferForm, field: &str, value: String) {
    match field {
        "organiser" => form.organiser = value,
        "venue" => form.venue = value,
        "address" => form.address = value,
        "booking_how" => form.booking_how = value,
        "booking_url" => form.booking_url = value,
        _ => form.booking_phone = value,
    }
}

/// A labelled field with its help and its messages.
#[component]
fn Field(
    id: String,
    label: String,
    #[props(default)] help: String,
    errors: Vec<FieldError>,
    children: Element,
) -> Element {
    let for_id = format!("offer-{id}");
    rsx! {
        div { class: "filter-row",
            label { r#for: "{for_id}", {label} }
            if !help.is_empty() {
                p { class: "help", id: "offer-{id}-help", {help} }
            }
            {children}
            FieldErrors { id, errors }
        }
    }
}

/// The messages for one field, where the field's `aria-describedby` points.
#[component]
fn FieldErrors(id: String, errors: Vec<FieldError>) -> Element {
    let lang = admin_lang(use_lang()());
    let messages = messages_for(&errors, &id);
    rsx! {
        if messages.is_empty() {
            span { id: "offer-{id}-error" }
        } else {
            p { class: "error field-error", id: "offer-{id}-error",
                {messages.iter().map(|m| localise(lang, m)).collect::<Vec<_>>().join(" ")}
            }
        }
    }
}

/// Weekly times or dates, with rows to add and remove.
#[component]
fn ScheduleFields(form: Signal<OfferForm>, errors: Vec<FieldError>) -> Element {
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let mut form = form;
    let f = form();
    rsx! {
        fieldset { class: "admin-texts",
            legend { {t("offer-when")} }
            label { class: "choice",
                input { r#type: "radio", name: "schedule-kind", checked: f.weekly, onchange: move |_| form.write().weekly = true }
                span { {t("admin-schedule-weekly")} }
            }
            label { class: "choice",
                input { r#type: "radio", name: "schedule-kind", checked: !f.weekly, onchange: move |_| form.write().weekly = false }
                span { {t("admin-schedule-dates")} }
            }
            if f.weekly {
                for (i, slot) in f.slots.iter().enumerate() {
                    div { key: "{i}", class: "admin-grid schedule-row",
                        div { class: "filter-row",
                            label { r#for: "slot-{i}-weekday", {t("filter-day")} }
                            select { id: "slot-{i}-weekday", onchange: move |e| form.write().slots[i].weekday = e.value(),
                                for day in aktivitetskortet_core::calendar::Weekday::ALL {
                                    option { key: "{day.slug()}", value: day.slug(), selected: slot.weekday == day.slug(), {format::weekday(lang, day)} }
                                }
                            }
                        }
                        TimeInput { id: format!("slot-{i}-start"), label: t("admin-start"), value: slot.start.clone(), on_change: move |v| form.write().slots[i].start = v }
                        TimeInput { id: format!("slot-{i}-end"), label: t("admin-end"), value: slot.end.clone(), on_change: move |v| form.write().slots[i].end = v }
                        button { r#type: "button", class: "button secondary small", onclick: move |_| { form.write().slots.remove(i); }, {t("admin-remove-row")} }
                    }
                }
                button { r#type: "button", class: "button secondary small", id: "add-slot",
                    onclick: move |_| form.write().slots.push(SlotForm { weekday: "saturday".into(), start: "12:00".into(), end: String::new() }),
                    {t("admin-add-time")} }
            } else {
                for (i, date) in f.dates.iter().enumerate() {
                    div { key: "{i}", class: "admin-grid schedule-row",
                        div { class: "filter-row",
                            label { r#for: "date-{i}", {t("admin-date")} }
                            input { id: "date-{i}", r#type: "date", value: "{date.date}", onchange: move |e| form.write().dates[i].date = e.value() }
                        }
                        TimeInput { id: format!("date-{i}-start"), label: t("admin-start"), value: date.start.clone(), on_change: move |v| form.write().dates[i].start = v }
                        TimeInput { id: format!("date-{i}-end"), label: t("admin-end"), value: date.end.clone(), on_change: move |v| form.write().dates[i].end = v }
                        button { r#type: "button", class: "button secondary small", onclick: move |_| { form.write().dates.remove(i); }, {t("admin-remove-row")} }
                    }
                }
                button { r#type: "button", class: "button secondary small", id: "add-date",
                    onclick: move |_| form.write().dates.push(DateForm { date: String::new(), start: "12:00".into(), end: String::new() }),
                    {t("admin-add-date")} }
            }
            div { class: "admin-grid",
                div { class: "filter-row",
                    label { r#for: "offer-season-from", {t("admin-season-from")} }
                    input { id: "offer-season-from", r#type: "date", value: "{f.season_from}", "aria-describedby": "offer-season-error",
                        onchange: move |e| form.write().season_from = e.value() }
                }
                div { class: "filter-row",
                    label { r#for: "offer-season-to", {t("admin-season-to")} }
                    input { id: "offer-season-to", r#type: "date", value: "{f.season_to}", "aria-describedby": "offer-season-error",
                        onchange: move |e| form.write().season_to = e.value() }
                }
            }
            FieldErrors { id: "schedule", errors: errors.clone() }
            FieldErrors { id: "season", errors }
        }
    }
}

#[component]
fn TimeInput(id: String, label: String, value: String, on_change: EventHandler<String>) -> Element {
    rsx! {
        div { class: "filter-row",
            label { r#for: "{id}", {label} }
            input { id: "{id}", r#type: "time", value: "{value}", onchange: move |e| on_change.call(e.value()) }
        }
    }
}
