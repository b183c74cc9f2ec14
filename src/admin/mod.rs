//! The municipality's admin area (`/admin`), its own app on the shared components, styles and
//! words: offers (with their visit rules, providers and refunds), cards and their letters, venue
//! keys, providers, the statistics dashboard and the audit log, for a desktop browser. A provider
//! signs in here too, with its provider key, and sees its own offers, visit counts and settlement.
//! It is in bokmål and English (the staff's languages) and always left to right. It opens no
//! store: everything it shows comes from the server.
//!
//! The admin key is kept for the browser session only (sessionStorage), never in the phone's
//! store, and nothing here asks for, shows or keeps why a child has a card.

mod audit;
mod cards;
mod family;
pub mod offers;
mod providers;
mod settlement;
pub mod stats;
mod venues;

use aktivitetskortet_client::admin::{AdminClient, AdminError};
use aktivitetskortet_client::http::Backend;
use aktivitetskortet_core::api::{ErrorDetail, StaffRole};
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

pub use audit::AdminAudit;
pub use cards::AdminCards;
pub use offers::{AdminEditOffer, AdminNewOffer, AdminOffers};
pub use providers::AdminProviders;
pub use settlement::{AdminProviderVisits, AdminSettlement};
pub use stats::AdminStats;
pub use venues::AdminVenues;

use crate::admin::offers::form::localise;
use crate::shared::components::{AppHead, NotFoundPage, announce};
use crate::shared::i18n::{self, Lang, use_lang};
use crate::shared::platform;

/// The admin area's screens.
#[derive(Routable, Clone, Debug, PartialEq)]
#[rustfmt::skip]
pub enum Route {
    #[layout(AdminShell)]
        #[route("/admin")]
        AdminHome {},
        #[route("/admin/statistikk")]
        AdminStats {},
        #[route("/admin/tilbud")]
        AdminOffers {},
        #[route("/admin/tilbud/ny")]
        AdminNewOffer {},
        #[route("/admin/tilbud/:id/endre")]
        AdminEditOffer { id: String },
        #[route("/admin/kort")]
        AdminCards {},
        #[route("/admin/steder")]
        AdminVenues {},
        #[route("/admin/tilbydere")]
        AdminProviders {},
        #[route("/admin/besok")]
        AdminProviderVisits {},
        #[route("/admin/oppgjor")]
        AdminSettlement {},
        #[route("/admin/logg")]
        AdminAudit {},
    #[end_layout]
    #[route("/:..segments")]
    NotFound { segments: Vec<String> },
}

/// The admin area's words, in bokmål and English only: it is for the municipality's staff, who
/// work in Norwegian. Added to the shared words by the admin area alone.
pub const WORDS: i18n::Words = ("admin", words);

pub fn words(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Nb => Some(include_str!("../../i18n/admin.nb.ftl")),
        Lang::En => Some(include_str!("../../i18n/admin.en.ftl")),
        Lang::Uk | Lang::Ar => None,
    }
}

/// The admin area's app: the document head, the languages, the server's address and the router.
#[component]
pub fn App() -> Element {
    i18n::use_lang_provider();
    use_hook(|| i18n::add_words(WORDS));
    use_page_provider();
    rsx! {
        AppHead { title: "admin-title" }
        Router::<Route> {}
    }
}

#[component]
fn NotFound(segments: Vec<String>) -> Element {
    let _ = segments;
    rsx! { NotFoundPage { home: "/admin" } }
}

const SESSION_KEY: &str = "admin_key";

/// What every admin screen shares besides the session: the server and the announcement area.
/// Not the device's store (`shared::state::AppState`): the admin area never opens one, so its build
/// links no SQLite.
#[derive(Clone, Copy)]
pub struct AdminPage {
    backend: Signal<Option<Backend>>,
    pub notice: Signal<Option<String>>,
    /// Why the identity provider's sign-in did not give a session (`?innlogging=no_role`),
    /// read from the address before the router may tidy it.
    refused_sign_in: Signal<Option<String>>,
}

impl AdminPage {
    /// The server (`None` only if the HTTP client could not be made at all).
    pub fn backend(&self) -> Option<Backend> {
        self.backend.peek().clone()
    }

    /// Shows `text` for a few seconds in the polite announcement area.
    pub fn announce(&self, text: String) {
        announce(self.notice, text);
    }
}

/// Provides what the admin screens share, at the admin area's root.
pub fn use_page_provider() -> AdminPage {
    use_context_provider(|| AdminPage {
        backend: Signal::new(Backend::new(&platform::backend_base()).ok()),
        notice: Signal::new(None),
        refused_sign_in: Signal::new(
            platform::query_value("innlogging")
                .filter(|r| ["no_role", "refused", "expired", "failed"].contains(&r.as_str())),
        ),
    })
}

pub fn use_page() -> AdminPage {
    use_context::<AdminPage>()
}

/// The signed-in admin, shared by the admin screens.
#[derive(Clone, Copy)]
pub struct AdminSession {
    pub client: Signal<Option<AdminClient>>,
    /// What the signed-in key or person may do: a statistics role sees the statistics only.
    pub role: Signal<StaffRole>,
    /// Why the last sign-in ended, shown on the sign-in form.
    pub ended: Signal<Option<String>>,
}

impl AdminSession {
    /// The client; `None` when signed out.
    pub fn get(&self) -> Option<AdminClient> {
        self.client.peek().clone()
    }

    /// Ends the session (signing out, or a key the server no longer accepts).
    pub fn sign_out(&self, why: Option<String>) {
        platform::session_set(SESSION_KEY, None);
        let (mut client, mut ended, mut role) = (self.client, self.ended, self.role);
        client.set(None);
        role.set(StaffRole::Admin);
        ended.set(why);
    }

    /// Signs in with `client`, which may do what `role` allows.
    fn signed_in(&self, client: AdminClient, role: StaffRole) {
        let (mut c, mut ended, mut r) = (self.client, self.ended, self.role);
        ended.set(None);
        r.set(role);
        c.set(Some(client));
    }

    /// The words for an admin error; a key no longer accepted ends the session.
    pub fn explain(&self, lang: Lang, error: &AdminError) -> String {
        match error {
            AdminError::Unauthorized => {
                let why = i18n::t(lang, "admin-error-key");
                self.sign_out(Some(why.clone()));
                why
            }
            AdminError::Offline => i18n::t(lang, "admin-error-offline"),
            AdminError::Invalid { message, details } => {
                let mut text = message.clone();
                for d in details {
                    text.push_str("; ");
                    if let Some(line) = d.line {
                        text.push_str(&i18n::tr(
                            lang,
                            "admin-line",
                            &[("line", FluentValue::from(line))],
                        ));
                        text.push_str(": ");
                    }
                    if let Some(field) = &d.field {
                        text.push_str(field);
                        text.push_str(": ");
                    }
                    text.push_str(&d.message);
                }
                text
            }
            other => other.to_string(),
        }
    }
}

/// The admin area's language: English for staff who chose English, otherwise bokmål.
pub fn admin_lang(lang: Lang) -> Lang {
    if lang == Lang::En { Lang::En } else { Lang::Nb }
}

pub fn use_admin() -> AdminSession {
    use_context::<AdminSession>()
}

/// The admin area's frame: its navigation, or the sign-in form when no one is signed in.
#[component]
pub fn AdminShell() -> Element {
    // Here too, for a shell rendered without the app's root (the screen tests).
    use_hook(|| i18n::add_words(WORDS));
    let page = use_page();
    let mut app_lang = use_lang();
    let lang = admin_lang(app_lang());
    let t = |id: &str| i18n::t(lang, id);
    let session = use_context_provider(|| {
        let client = platform::session_get(SESSION_KEY)
            .zip(page.backend())
            .map(|(key, backend)| AdminClient::new(backend, &key));
        let role = role_of_key(client.as_ref());
        AdminSession {
            client: Signal::new(client),
            role: Signal::new(role),
            ended: Signal::new(None),
        }
    });
    // Without a key in this tab: perhaps signed in with the identity provider (its cookie).
    use_future(move || async move {
        // Sessions are the browser's cookie: the web build only (not the desktop, not tests).
        if !cfg!(target_arch = "wasm32") || session.get().is_some() {
            return;
        }
        let Some(backend) = page.backend() else {
            return;
        };
        if let Ok((client, me)) = AdminClient::from_session(backend).await {
            session.signed_in(client, me.role);
        }
    });
    use_effect(move || {
        let lang = admin_lang(app_lang());
        crate::shared::page::run(
            "setLang",
            serde_json::json!({ "lang": lang.code(), "dir": "ltr" }),
        );
    });
    let signed_in = session.client.read().is_some();
    let role = (session.role)();
    let everything = role == StaffRole::Admin;
    let provider = role == StaffRole::Provider;
    rsx! {
        div { class: "admin-shell", lang: lang.code(), dir: "ltr",
            header { class: "admin-bar",
                span { class: "admin-brand", {t("admin-title")} }
                if signed_in {
                    nav { class: "admin-nav", aria_label: t("admin-nav"),
                        if provider {
                            // A provider's own: its offers, its visit counts, its settlement.
                            Link { to: Route::AdminOffers {}, class: "admin-tab", {t("admin-nav-own-offers")} }
                            Link { to: Route::AdminProviderVisits {}, class: "admin-tab", {t("admin-nav-visits")} }
                            Link { to: Route::AdminSettlement {}, class: "admin-tab", {t("admin-nav-settlement")} }
                        } else {
                            Link { to: Route::AdminStats {}, class: "admin-tab", {t("admin-nav-stats")} }
                        }
                        // A statistics role reads the statistics only; the server refuses the
                        // rest to it in any case.
                        if everything {
                            Link { to: Route::AdminOffers {}, class: "admin-tab", {t("admin-nav-offers")} }
                            Link { to: Route::AdminCards {}, class: "admin-tab", {t("admin-nav-cards")} }
                            Link { to: Route::AdminVenues {}, class: "admin-tab", {t("admin-nav-venues")} }
                            Link { to: Route::AdminProviders {}, class: "admin-tab", {t("admin-nav-providers")} }
                            Link { to: Route::AdminAudit {}, class: "admin-tab", {t("admin-nav-audit")} }
                        }
                    }
                }
                button {
                    r#type: "button",
                    class: "button secondary small admin-lang",
                    lang: if lang == Lang::En { "nb" } else { "en" },
                    onclick: move |_| {
                        let next = if admin_lang(app_lang()) == Lang::En { Lang::Nb } else { Lang::En };
                        app_lang.set(next);
                        i18n::remember_choice(next);
                    },
                    if lang == Lang::En { "Norsk" } else { "English" }
                }
                if signed_in {
                    button {
                        r#type: "button",
                        class: "button secondary small",
                        id: "admin-sign-out",
                        onclick: move |_| {
                            // A signed-in person's session ends at the server too.
                            let client = session.get();
                            spawn(async move {
                                if let Some(client) = client {
                                    let _ = client.sign_out().await;
                                }
                                session.sign_out(None);
                            });
                        },
                        {t("admin-sign-out")}
                    }
                }
            }
            main { id: "content", class: "admin-screen",
                if signed_in {
                    audit::KeyExpiry {}
                    Outlet::<Route> {}
                } else {
                    SignIn {}
                }
            }
            div { class: "toast-area", role: "status", "aria-live": "polite",
                if let Some(text) = (page.notice)() {
                    p { class: "toast", {text} }
                }
            }
        }
    }
}

/// Signing in with the admin key.
#[component]
fn SignIn() -> Element {
    let page = use_page();
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = move |id: &str| i18n::t(lang, id);
    let mut key = use_signal(String::new);
    // Back from the identity provider without a session: why (`/admin/?innlogging=no_role`).
    let mut error = use_signal(move || {
        page.refused_sign_in
            .peek()
            .as_ref()
            .map(|reason| t(&format!("admin-sign-in-{}", reason.replace('_', "-"))))
    });
    let mut busy = use_signal(|| false);
    let submit = move |e: FormEvent| {
        e.prevent_default();
        let Some(backend) = page.backend() else {
            return;
        };
        let client = AdminClient::new(backend, &key());
        busy.set(true);
        spawn(async move {
            let result = client.check().await;
            busy.set(false);
            match result {
                Ok(()) => {
                    platform::session_set(SESSION_KEY, Some(client.key()));
                    let role = role_of_key(Some(&client));
                    session.signed_in(client, role);
                    key.set(String::new());
                    // A provider starts on its offers; staff on the statistics (`AdminHome`).
                    if role == StaffRole::Provider {
                        navigator().replace(Route::AdminOffers {});
                    }
                }
                Err(AdminError::Unauthorized) => error.set(Some(t("admin-error-key"))),
                Err(AdminError::Offline) => error.set(Some(t("admin-error-offline"))),
                Err(other) => error.set(Some(other.to_string())),
            }
        });
    };
    let message = error().or_else(|| (session.ended)());
    let has_message = message.is_some();
    // The municipality's identity provider, when the server has one.
    let provider = use_resource(move || async move {
        // The provider's sign-in is a browser's redirect: offered in the web build only.
        if !cfg!(target_arch = "wasm32") {
            return None;
        }
        let backend = page.backend()?;
        AdminClient::sign_in_options(&backend).await.ok()
    });
    let with_provider = provider
        .read()
        .as_ref()
        .and_then(|o| o.as_ref())
        .is_some_and(|o| o.identity_provider);
    rsx! {
        h1 { {t("admin-sign-in-title")} }
        p { class: "lead", {t("admin-sign-in-intro")} }
        if with_provider {
            p {
                a {
                    class: "button",
                    id: "admin-sign-in-provider",
                    href: aktivitetskortet_core::api::paths::AUTH_LOGIN,
                    {t("admin-sign-in-provider")}
                }
            }
            p { {t("admin-sign-in-or-key")} }
        }
        form { class: "add-card", novalidate: true, onsubmit: submit,
            label { r#for: "admin-key", {t("admin-key-label")} }
            p { id: "admin-key-help", class: "help", {t("admin-key-help")} }
            input {
                id: "admin-key",
                r#type: "password",
                autocomplete: "off",
                spellcheck: "false",
                dir: "ltr",
                value: "{key}",
                "aria-invalid": if has_message { "true" } else { "false" },
                "aria-describedby": if has_message { "admin-key-help admin-key-error" } else { "admin-key-help" },
                oninput: move |e| key.set(e.value()),
            }
            if let Some(message) = message {
                p { id: "admin-key-error", class: "error", role: "alert", {message} }
            }
            button { r#type: "submit", class: "button", id: "admin-sign-in", disabled: busy(),
                {t("admin-sign-in")}
            }
        }
    }
}

/// What is wrong with a file (an offer import, a card list), by line and column; nothing is
/// imported while the list is shown.
#[component]
pub fn ProblemList(id: String, problems: Vec<ErrorDetail>) -> Element {
    let lang = admin_lang(use_lang()());
    rsx! {
        div { class: "warning", role: "alert", id: "{id}",
            p { {crate::shared::format::count(lang, "admin-import-problems", problems.len() as u64)} }
            ul {
                for (i, p) in problems.iter().enumerate() {
                    li { key: "{i}",
                        if let Some(line) = p.line {
                            strong { {i18n::tr(lang, "admin-line", &[("line", FluentValue::from(line))])} }
                            ": "
                        }
                        if let Some(field) = &p.field {
                            code { {field.clone()} }
                            ": "
                        }
                        {localise(lang, &p.message)}
                    }
                }
            }
        }
    }
}

/// What a key may do in the admin area: a provider key its own offers, an admin key everything
/// (a signed-in person's role comes from the server instead).
fn role_of_key(client: Option<&AdminClient>) -> StaffRole {
    if client.is_some_and(AdminClient::is_provider) {
        StaffRole::Provider
    } else {
        StaffRole::Admin
    }
}

/// `/admin`: the dashboard is the start; a provider's own offers are its start.
#[component]
pub fn AdminHome() -> Element {
    let nav = navigator();
    let session = use_admin();
    use_effect(move || {
        if (session.role)() == StaffRole::Provider {
            nav.replace(Route::AdminOffers {});
        } else {
            nav.replace(Route::AdminStats {});
        }
    });
    rsx! {}
}
