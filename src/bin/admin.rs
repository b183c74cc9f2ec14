//! The admin area's web app, served at `/admin` (`cargo xtask web` bundles it on its own).

fn main() {
    dioxus::launch(aktivitetskortet::admin::App);
}
