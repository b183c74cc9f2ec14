//! Launches all three apps in one window (the desktop and phone builds, and `dx serve` while
//! developing); the web build bundles each app from its own binary in `src/bin/`.

fn main() {
    dioxus::launch(aktivitetskortet::all::App);
}
