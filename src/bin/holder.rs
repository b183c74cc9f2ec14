//! The holder's web app, served at `/` (`cargo xtask web` bundles it on its own).

fn main() {
    dioxus::launch(aktivitetskortet::holder::App);
}
