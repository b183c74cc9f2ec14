//! Launches the Aktivitetskortet app on the platform chosen by cargo feature (web, desktop, mobile).

fn main() {
    dioxus::launch(aktivitetskortet::App);
}
