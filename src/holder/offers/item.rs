//! One offer in a list: its title, where, for which ages and when it happens next.

use aktivitetskortet_client::search::OfferHit;
use aktivitetskortet_core::calendar::Date;
use dioxus::prelude::*;

use crate::holder::Route;
use crate::shared::components::{Icon, STAR_ICON};
use crate::shared::format;
use crate::shared::i18n::{self, use_lang};
use crate::shared::words::offer_text;

#[component]
pub fn OfferItem(hit: OfferHit, today: Date) -> Element {
    let lang = use_lang();
    let lang_now = lang();
    let offer = &hit.offer;
    let (title, title_lang) = offer_text(&offer.title, lang_now);
    let when = match hit.next {
        Some((date, at)) => format::next_time(lang_now, date, at, today),
        None => i18n::t(lang_now, "offer-no-date"),
    };
    rsx! {
        li { class: "offer-item",
            Link {
                to: Route::OfferScreen { id: offer.id.clone() },
                class: "offer-link",
                h2 { class: "offer-title", lang: title_lang.code(), dir: title_lang.dir(),
                    {title}
                    if hit.favourite {
                        span { class: "favourite-mark",
                            Icon { path: STAR_ICON }
                            span { class: "visually-hidden", {format!(" {}", i18n::t(lang_now, "offer-is-favourite"))} }
                        }
                    }
                }
                p { class: "offer-meta",
                    span { {offer.venue.clone()} }
                    " · "
                    span { {offer.district.name()} }
                }
                p { class: "offer-meta",
                    span { class: "offer-ages", {format::age_range(lang_now, offer.age_min, offer.age_max)} }
                    " · "
                    span { class: "offer-next", {when} }
                    if let Some(m) = hit.distance_m {
                        " · "
                        span { class: "offer-distance", {format::distance(lang_now, m)} }
                    }
                }
            }
        }
    }
}
