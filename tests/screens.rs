//! Renders the app's screens without a browser (dioxus-ssr), on a phone store filled with the demo
//! catalogue and cards issued by a test key, and checks what a holder would see: the card with a
//! QR code the venue's verifier accepts, the switcher, offers filtered by the holder's age, an
//! offer's page, the settings, and the language and direction of each.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use aktivitetskortet::holder::Route;
use aktivitetskortet::holder::offers::use_offers_state_provider;
use aktivitetskortet::shared::apps::AppKind;
use aktivitetskortet::shared::background::Wake;
use aktivitetskortet::shared::i18n::{Lang, t};
use aktivitetskortet::shared::state::AppState;
use aktivitetskortet_client::Store;
use aktivitetskortet_client::phone_key::PhoneKey;
use aktivitetskortet_client::wallet::PendingActivation;
use aktivitetskortet_core::api::{CatalogueResponse, CredentialResponse, VisitCount};
use aktivitetskortet_core::calendar::bergen_local;
use aktivitetskortet_core::offer::Offer;
use aktivitetskortet_core::token::{
    self, CardClaims, CardId, CompanionRule, Credential, IssuerKey, Policy, RevocationList,
    TrustList, TrustedKey, Validity, Verdict,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use dioxus::history::{History, MemoryHistory};
use dioxus::prelude::*;

const DEMO_OFFERS: &str = include_str!("../crates/server/demo/offers.json");

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn issuer() -> IssuerKey {
    IssuerKey::from_seed(&[7; 32])
}

fn demo_offers() -> Vec<Offer> {
    serde_json::from_str(DEMO_OFFERS).unwrap()
}

/// Adds a card to `store` the way an activation does, with a credential from the test issuer.
fn add_card(store: &mut Store, id: u8, name: &str, birth_year: u16, valid_days: i64) {
    add_card_with(store, id, name, birth_year, valid_days, vec![]);
}

/// As [`add_card`], with what the card has used of its visit limits.
fn add_card_with(
    store: &mut Store,
    id: u8,
    name: &str,
    birth_year: u16,
    valid_days: i64,
    visits: Vec<VisitCount>,
) {
    let now = now();
    let today = bergen_local(now).date;
    let pending =
        PendingActivation::with_key("K7QF-9M2X-HT4P-WJ3R", PhoneKey::raw().unwrap()).unwrap();
    let claims = CardClaims {
        card_id: CardId([id; 8]),
        given_name: name.into(),
        birth_year,
        companion: CompanionRule::OneAtPublicEvents,
    };
    let until = today.add_days(valid_days);
    let validity =
        Validity::for_card(now, now - 86_400, until.add_days(1).to_unix(), 31 * 86_400).unwrap();
    let credential =
        Credential::issue(&claims, validity, &pending.device_public_key(), &issuer()).unwrap();
    let response = CredentialResponse {
        credential: BASE64.encode(credential.as_bytes()),
        card_id: claims.card_id.to_string(),
        given_name: name.into(),
        birth_year,
        companion: claims.companion,
        card_valid_until: until,
        server_time: now,
        visits,
    };
    store
        .wallet()
        .finish_activation(pending, &response, now)
        .unwrap();
}

fn store_with(cards: &[(u8, &str, u16)]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let today = bergen_local(now()).date;
    store
        .catalogue()
        .apply_catalogue(
            &CatalogueResponse {
                version: 1,
                full: true,
                offers: demo_offers(),
                removed: vec![],
                category_rules: vec![],
            },
            today,
        )
        .unwrap();
    for (id, name, year) in cards {
        add_card(&mut store, *id, name, *year, 150);
    }
    store
}

thread_local! {
    static SETUP: RefCell<Option<(Store, Lang, String)>> = const { RefCell::new(None) };
}

/// An app's root for a test: the store, the language and the path, as the real roots provide
/// them (without the background work and the network), and the router of the path's app.
#[component]
fn TestRoot() -> Element {
    let (store, lang, path) = SETUP.with(|s| s.borrow_mut().take()).expect("set up first");
    use_context_provider(|| Signal::new(lang));
    use_context_provider(|| AppState::with_store(store));
    use_offers_state_provider();
    use_coroutine(|_: UnboundedReceiver<Wake>| async {});
    let app = AppKind::for_path(&path);
    if app == AppKind::Admin {
        aktivitetskortet::admin::use_page_provider();
    }
    use_context_provider(|| Rc::new(MemoryHistory::with_initial_path(path)) as Rc<dyn History>);
    // Each app's own router, as each app's page has it.
    match app {
        AppKind::Holder => rsx! { Router::<Route> {} },
        AppKind::Venue => rsx! { Router::<aktivitetskortet::venue::Route> {} },
        AppKind::Admin => rsx! { Router::<aktivitetskortet::admin::Route> {} },
    }
}

/// The whole app at `path` in `lang`, rendered to HTML.
fn render(store: Store, lang: Lang, path: &str) -> String {
    SETUP.with(|s| *s.borrow_mut() = Some((store, lang, path.to_owned())));
    let mut dom = VirtualDom::new(TestRoot);
    dom.rebuild_in_place();
    // Effects and the tasks they start run before the screen is read: the QR code, for one, is
    // signed asynchronously (in the browser by WebCrypto). The clock's endless tick is cut off
    // when nothing else is left to do.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    runtime.block_on(async {
        for _ in 0..10 {
            let idle = Duration::from_millis(50);
            if tokio::time::timeout(idle, dom.wait_for_work())
                .await
                .is_err()
            {
                break;
            }
            dom.render_immediate(&mut dioxus::dioxus_core::NoOpMutations);
        }
    });
    dioxus_ssr::render(&dom)
}

/// The value of the first `attribute="…"` in `html`.
fn attribute<'a>(html: &'a str, attribute: &str) -> Option<&'a str> {
    let start = html.find(&format!("{attribute}=\""))? + attribute.len() + 2;
    let end = html[start..].find('"')? + start;
    Some(&html[start..end])
}

#[test]
fn an_empty_phone_shows_where_the_card_will_be_and_how_to_add_it() {
    let html = render(Store::open_in_memory().unwrap(), Lang::Nb, "/");
    assert!(html.contains("<h1>Mitt kort</h1>"), "{html}");
    assert!(
        html.contains("aria-label=\"Plass for aktivitetskortet\""),
        "{html}"
    );
    assert!(html.contains("href=\"/aktiver?kode=\""), "{html}");
    assert!(html.contains(&t(Lang::Nb, "card-add")), "{html}");
}

#[test]
fn the_card_shows_name_age_and_a_qr_code_the_verifier_accepts() {
    let html = render(store_with(&[(1, "Amina", 2015)]), Lang::Nb, "/");
    assert!(html.contains(">Amina</h2>"), "{html}");
    let age = token::age_in_year(2015, now());
    assert!(html.contains(&format!("{age} år")), "{html}");
    assert!(
        html.contains(&t(Lang::Nb, "companion-public-events")),
        "{html}"
    );
    assert!(html.contains("<svg"), "the QR code is drawn: {html}");
    assert!(
        html.contains("aria-label=\"QR-kode for kortet til Amina."),
        "{html}"
    );
    assert!(html.contains("id=\"liveness-clock\""), "{html}");

    // The code on the screen is a presentation the venue's verifier accepts.
    let qr_text = attribute(&html, "data-qr").expect("the QR text");
    let issuer = issuer();
    let trust = TrustList {
        sequence: 1,
        issued_at: now(),
        keys: vec![TrustedKey {
            kid: issuer.kid(),
            key: issuer.public_key(),
            not_before: 0,
            not_after: u64::MAX,
        }],
    };
    match token::verify(
        qr_text,
        now(),
        &trust,
        &RevocationList::default(),
        &Policy::default(),
    ) {
        Verdict::Valid(admitted) => {
            assert_eq!(admitted.given_name, "Amina");
            assert_eq!(admitted.birth_year, 2015);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_cards_on_one_phone_get_a_switcher_by_name() {
    let html = render(
        store_with(&[(1, "Amina", 2015), (2, "Daria", 2022)]),
        Lang::En,
        "/",
    );
    assert!(
        html.contains("aria-label=\"Choose which card is shown\""),
        "{html}"
    );
    assert!(
        html.contains("aria-pressed=\"true\">Amina</button>"),
        "the first card is shown: {html}"
    );
    assert!(
        html.contains("aria-pressed=\"false\">Daria</button>"),
        "{html}"
    );
    assert!(html.contains(">Amina</h2>"), "{html}");
}

#[test]
fn a_card_ending_soon_warns_and_an_ended_one_shows_no_code() {
    let mut store = Store::open_in_memory().unwrap();
    add_card(&mut store, 1, "Jonas", 2011, 3);
    let html = render(store, Lang::Nb, "/");
    assert!(html.contains("Det er 3 dager igjen."), "{html}");
    assert!(html.contains("<svg"), "{html}");
}

/// What a person sees or hears of `html`: the text between tags and the accessible names.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push(' ');
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        for name in ["aria-label=\"", "alt=\"", "title=\"", "placeholder=\""] {
            if let Some(at) = tag.find(name) {
                let value = &tag[at + name.len()..];
                text.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                text.push(' ');
            }
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    text
}

/// Nothing on any screen in any language may hint at why a child has the card.
#[test]
fn no_screen_says_why_a_child_has_the_card() {
    let forbidden = [
        "sosialhjelp",
        "social assistance",
        "flykt",
        "refugee",
        "introduksjonssenter",
        "krisesenter",
        "crisis",
        "barnevern",
        "child welfare",
        "біжен",
        "لاجئ",
    ];
    for lang in Lang::ALL {
        for path in ["/", "/tilbud", "/favoritter", "/innstillinger", "/aktiver"] {
            let html = render(store_with(&[(1, "Amina", 2015)]), lang, path);
            let text = visible_text(&html);
            assert!(text.contains("Aktivitetskortet"), "{text}");
            let lower = text.to_lowercase();
            for word in forbidden {
                assert!(
                    !lower.contains(word),
                    "{lang:?} {path} mentions {word:?}: {text}"
                );
            }
            // The welfare office's name, as a word in capitals.
            assert!(
                !text
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == "NAV"),
                "{lang:?} {path} mentions NAV: {text}"
            );
        }
    }
}

#[test]
fn offers_start_at_the_holders_age_in_the_language_chosen() {
    let age = token::age_in_year(2015, now()) as u8;
    let fitting = demo_offers()
        .iter()
        .filter(|o| o.age_min <= age && age <= o.age_max)
        .count();
    assert!(fitting > 0 && fitting < demo_offers().len());

    let html = render(store_with(&[(1, "Amina", 2015)]), Lang::En, "/tilbud");
    assert!(html.contains("<h1>Offers</h1>"), "{html}");
    assert!(
        html.contains(&format!(">{fitting} offers</p>")),
        "preset to Amina's age {age}: {html}"
    );
    assert!(
        html.contains(&format!("value=\"{age}\" selected")),
        "{html}"
    );

    // Arabic: right to left, Arabic labels and digits.
    let html = render(store_with(&[(1, "Amina", 2015)]), Lang::Ar, "/tilbud");
    assert!(html.contains("dir=\"rtl\""), "{html}");
    assert!(html.contains(&t(Lang::Ar, "filter-district")), "{html}");
    let arabic_count =
        aktivitetskortet::shared::format::count(Lang::Ar, "offers-count", fitting as u64);
    assert!(html.contains(&arabic_count), "{arabic_count}: {html}");
}

#[test]
fn an_offer_page_says_how_to_use_the_card_and_links_out() {
    let offer = demo_offers()
        .into_iter()
        .find(|o| o.id == "kode-familiesondag")
        .unwrap();
    let html = render(store_with(&[]), Lang::Nb, "/tilbud/kode-familiesondag");
    assert!(html.contains(&offer.title.nb), "{html}");
    assert!(html.contains("Slik bruker du kortet her"), "{html}");
    assert!(html.contains(&t(Lang::Nb, "offer-show-card")), "{html}");
    assert!(html.contains(&t(Lang::Nb, "offer-companion-yes")), "{html}");
    assert!(html.contains("Trinnfri adkomst"), "{html}");
    assert!(
        html.contains("href=\"data:text/calendar;charset=utf-8,BEGIN%3AVCALENDAR"),
        "{html}"
    );
    assert!(
        html.contains("download=\"kode-familiesondag.ics\""),
        "{html}"
    );
    assert!(html.contains("openstreetmap.org/?mlat=60.388700"), "{html}");
    assert!(
        html.contains("aria-pressed=\"false\""),
        "not a favourite yet"
    );

    // An offer the phone does not have.
    let html = render(store_with(&[]), Lang::Nb, "/tilbud/finnes-ikke");
    assert!(html.contains(&t(Lang::Nb, "offer-missing")), "{html}");
}

#[test]
fn an_offer_in_bokmal_only_is_marked_as_bokmal_in_other_languages() {
    // The demo descriptions are in bokmål only: shown as such, marked for screen readers.
    let html = render(store_with(&[]), Lang::Uk, "/tilbud/kode-familiesondag");
    assert!(
        html.contains("lang=\"nb\" dir=\"ltr\">Hver søndag"),
        "{html}"
    );
    assert!(html.contains("Як скористатися карткою тут"), "{html}");
}

#[test]
fn favourites_start_empty_and_list_what_was_marked() {
    let html = render(store_with(&[]), Lang::Nb, "/favoritter");
    assert!(html.contains(&t(Lang::Nb, "favourites-empty")), "{html}");
    let mut store = store_with(&[]);
    store
        .wallet()
        .set_favourite("kode-familiesondag", true, now())
        .unwrap();
    let html = render(store, Lang::Nb, "/favoritter");
    assert!(html.contains("id=\"favourite-list\""), "{html}");
    assert!(html.contains("Familiesøndag på KODE"), "{html}");
    assert_eq!(html.matches("class=\"offer-item\"").count(), 1, "{html}");
}

#[test]
fn settings_list_the_cards_storage_and_languages() {
    let html = render(
        store_with(&[(1, "Amina", 2015), (2, "Daria", 2022)]),
        Lang::Nb,
        "/innstillinger",
    );
    assert!(html.contains("<h1>Innstillinger</h1>"), "{html}");
    for name in ["Norsk bokmål", "English", "Українська", "العربية"] {
        assert!(html.contains(name), "{name}: {html}");
    }
    assert!(html.contains("lang=\"ar\" dir=\"rtl\""), "{html}");
    assert_eq!(html.matches("name=\"language\"").count(), 4, "{html}");
    assert!(
        html.contains("aria-label=\"Fjern kortet til Amina\""),
        "{html}"
    );
    assert!(
        html.contains("aria-label=\"Fjern kortet til Daria\""),
        "{html}"
    );
    assert!(html.contains("108 tilbud"), "{html}");
    assert!(html.contains(&t(Lang::Nb, "privacy-never")), "{html}");
}

#[test]
fn the_letters_link_fills_in_the_code() {
    let html = render(
        Store::open_in_memory().unwrap(),
        Lang::Nb,
        "/aktiver?kode=K7QF-9M2X-HT4P-WJ3R",
    );
    assert!(html.contains("<h1>Legg til kort</h1>"), "{html}");
    assert!(html.contains("value=\"K7QF-9M2X-HT4P-WJ3R\""), "{html}");
    assert!(html.contains("dir=\"ltr\""), "{html}");
}

#[test]
fn the_shell_has_a_labelled_bottom_navigation_with_four_tabs() {
    let html = render(Store::open_in_memory().unwrap(), Lang::Nb, "/");
    assert!(html.contains("aria-label=\"Hovedmeny\""), "{html}");
    for label in ["Kort", "Tilbud", "Favoritter", "Innstillinger"] {
        assert!(
            html.contains(&format!("<span>{label}</span>")),
            "{label}: {html}"
        );
    }
    assert_eq!(html.matches("class=\"tab\"").count(), 4, "{html}");
    assert!(html.contains("aria-current=\"page\""), "{html}");
}

#[test]
fn activation_errors_say_what_to_do() {
    use aktivitetskortet::holder::activation_error_text;
    use aktivitetskortet_client::wallet::WalletError;
    use aktivitetskortet_core::activation::CodeError;
    let cases = [
        (
            WalletError::BadCode(CodeError::WrongLength(15)),
            "Koden skal ha 16 bokstaver og tall. Du har skrevet 15.",
        ),
        (
            WalletError::BadCode(CodeError::BadCharacter('ø')),
            "«ø» finnes ikke i koder. Koder har bare bokstavene A–Z og tall.",
        ),
        (
            WalletError::Offline,
            "Du er ikke på nett. Koble til internett og prøv igjen.",
        ),
    ];
    for (error, text) in cases {
        assert_eq!(activation_error_text(Lang::Nb, &error), text);
    }
    assert!(activation_error_text(Lang::Ar, &WalletError::WrongCode).contains("الرمز لا يعمل"));
}

#[test]
fn the_admin_area_asks_for_the_key_in_bokmal_or_english_and_stays_left_to_right() {
    let html = render(Store::open_in_memory().unwrap(), Lang::Nb, "/admin/kort");
    assert!(html.contains("<h1>Logg inn</h1>"), "{html}");
    assert!(html.contains("type=\"password\""), "{html}");
    assert!(!html.contains("Hovedmeny"), "no holder tabs: {html}");
    let html = render(Store::open_in_memory().unwrap(), Lang::En, "/admin");
    assert!(html.contains("<h1>Sign in</h1>"), "{html}");
    // Staff who chose Arabic for the app get the admin area in bokmål, left to right.
    let html = render(Store::open_in_memory().unwrap(), Lang::Ar, "/admin");
    assert!(
        html.contains("class=\"admin-shell\" lang=\"nb\" dir=\"ltr\""),
        "{html}"
    );
}

#[test]
fn venue_mode_starts_with_the_key_and_looks_nothing_like_a_card() {
    let html = render(store_with(&[(1, "Amina", 2015)]), Lang::Nb, "/sted");
    assert!(html.contains("<h1>Sett opp kortkontroll</h1>"), "{html}");
    assert!(
        html.contains("class=\"venue-badge\">Kortkontroll"),
        "{html}"
    );
    assert!(
        !html.contains("holder-card") && !html.contains("Hovedmeny"),
        "{html}"
    );
    assert!(
        !html.contains(">Amina<"),
        "the holder's card is not shown here: {html}"
    );
}

#[test]
fn an_offer_with_a_limit_says_how_many_free_visits_the_card_has_left() {
    let mut store = store_with(&[]);
    let today = bergen_local(now()).date;
    let used = VisitCount {
        scope: aktivitetskortet_core::visit_rule::Scope::Offer("kode-familiesondag".into()),
        used: 2,
        limit: aktivitetskortet_core::visit_rule::Limit {
            max: 5,
            per: aktivitetskortet_core::visit_rule::Per::Year,
            companion_counts: true,
        },
        until: aktivitetskortet_core::calendar::Date::new(today.year, 12, 31).unwrap(),
    };
    add_card_with(&mut store, 1, "Amina", 2015, 150, vec![used]);
    let html = render(store, Lang::Nb, "/tilbud/kode-familiesondag");
    assert!(
        html.contains("Amina har 3 av 5 gratis besøk igjen i år."),
        "{html}"
    );
    assert!(
        html.contains(&t(Lang::Nb, "offer-visits-companion")),
        "{html}"
    );
    assert!(html.contains("id=\"free-visits-updated\""), "{html}");
    // An offer without a limit says nothing about free visits.
    let html = render(
        store_with(&[(1, "Amina", 2015)]),
        Lang::Nb,
        "/tilbud/kode-ungdomskveld",
    );
    assert!(!html.contains("free-visits"), "{html}");
    // In English, with nothing used yet.
    let html = render(
        store_with(&[(1, "Amina", 2015)]),
        Lang::En,
        "/tilbud/kode-familiesondag",
    );
    assert!(
        html.contains("Amina has 5 of 5 free visits left this year."),
        "{html}"
    );
}
