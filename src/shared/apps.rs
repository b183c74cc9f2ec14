//! The three apps and the links between them. On the web each app is its own page (its own wasm,
//! service worker and offline shell), so a link to another app is a plain link that loads it; in
//! the desktop and phone builds the three share one window ([`crate::all`]) and a link swaps the
//! app in place.

use dioxus::prelude::*;

/// One of the apps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppKind {
    Holder,
    Venue,
    Admin,
}

impl AppKind {
    /// Where the app starts.
    pub fn home(self) -> &'static str {
        match self {
            AppKind::Holder => "/",
            AppKind::Venue => "/sted",
            AppKind::Admin => "/admin",
        }
    }

    /// The app a path belongs to: `/sted…` venue mode, `/admin…` the admin area, anything else
    /// the holder's app (the server serves the same split).
    pub fn for_path(path: &str) -> AppKind {
        let first = path.trim_start_matches('/').split(['/', '?', '#']).next();
        match first {
            Some("sted") => AppKind::Venue,
            Some("admin") => AppKind::Admin,
            _ => AppKind::Holder,
        }
    }
}

/// The app on screen, where the apps share one window ([`crate::all`]).
#[derive(Clone, Copy)]
pub struct ActiveApp(pub Signal<AppKind>);

/// A link to another app's start: a page load on the web, a swap where the apps share a window.
#[component]
pub fn AppLink(
    to: AppKind,
    class: &'static str,
    #[props(default)] id: Option<&'static str>,
    children: Element,
) -> Element {
    let href = to.home();
    match try_use_context::<ActiveApp>() {
        Some(ActiveApp(mut active)) => rsx! {
            a {
                href,
                class,
                id,
                onclick: move |e| {
                    e.prevent_default();
                    dioxus::history::history().push(href.to_owned());
                    active.set(to);
                },
                {children}
            }
        },
        None => rsx! {
            a { href, class, id, {children} }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_belong_to_the_app_the_server_serves_them_from() {
        for (path, app) in [
            ("/", AppKind::Holder),
            ("/tilbud/kode-1", AppKind::Holder),
            ("/aktiver?kode=AB", AppKind::Holder),
            ("/sted", AppKind::Venue),
            ("/sted/", AppKind::Venue),
            ("/admin", AppKind::Admin),
            ("/admin/tilbud/ny", AppKind::Admin),
            ("/admin?x=1", AppKind::Admin),
            // Only whole first segments count.
            ("/stedet", AppKind::Holder),
            ("/administrasjon", AppKind::Holder),
        ] {
            assert_eq!(AppKind::for_path(path), app, "{path}");
        }
        for app in [AppKind::Holder, AppKind::Venue, AppKind::Admin] {
            assert_eq!(AppKind::for_path(app.home()), app);
        }
    }
}
