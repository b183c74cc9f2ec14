//! Venue mode's web app, served at `/sted` (`cargo xtask web` bundles it on its own).

fn main() {
    dioxus::launch(aktivitetskortet::venue::App);
}
