//! Renders the app's screens without a browser (dioxus-ssr) and checks what a holder would see.

use aktivitetskortet::i18n::{Lang, t};
use aktivitetskortet::views::{CardScreen, OffersScreen, SettingsScreen};
use dioxus::prelude::*;

fn render(app: fn() -> Element) -> String {
    let mut dom = VirtualDom::new(app);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn card_screen_shows_the_placeholder_in_bokmal() {
    let html = render(|| rsx! { CardScreen {} });
    assert!(html.contains(&t(Lang::Nb, "card-title")), "{html}");
    assert!(
        html.contains("aria-label=\"Plass for aktivitetskortet\""),
        "{html}"
    );
    assert!(html.contains("aktiveringskoden"), "{html}");
}

#[test]
fn offers_and_settings_screens_have_their_headings() {
    let offers = render(|| rsx! { OffersScreen {} });
    assert!(offers.contains("<h1>Tilbud</h1>"), "{offers}");
    let settings = render(|| rsx! { SettingsScreen {} });
    assert!(settings.contains("<h1>Innstillinger</h1>"), "{settings}");
    // The language choice lists every language in its own name, bokmål chosen.
    for name in ["Norsk bokmål", "English", "Українська", "العربية"] {
        assert!(settings.contains(name), "{name}: {settings}");
    }
    assert!(settings.contains("lang=\"ar\" dir=\"rtl\""), "{settings}");
    assert_eq!(settings.matches("type=\"radio\"").count(), 4, "{settings}");
}

#[test]
fn shell_has_a_labelled_bottom_navigation_with_three_tabs() {
    // The shell's links need a router: render it through the app's router at "/".
    let html = render(|| {
        rsx! {
            Router::<aktivitetskortet::Route> {}
        }
    });
    assert!(html.contains("aria-label=\"Hovedmeny\""), "{html}");
    for label in ["Kort", "Tilbud", "Innstillinger"] {
        assert!(
            html.contains(&format!("<span>{label}</span>")),
            "{label}: {html}"
        );
    }
    assert_eq!(html.matches("class=\"tab\"").count(), 3, "{html}");
    // Icons are decoration: hidden from screen readers.
    assert_eq!(html.matches("aria-hidden=\"true\"").count(), 4, "{html}");
}
