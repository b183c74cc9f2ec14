//! The camera scanner of venue mode: the camera's picture in a video element, read by the
//! browser's own QR decoder (`BarcodeDetector`) where there is one, otherwise frame by frame by
//! the core's decoder (here, in Rust: wasm in the web build). The same path runs in the desktop
//! and phone webviews.

use aktivitetskortet_core::token::qr::decode_luma;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use dioxus::prelude::*;
use serde::Deserialize;

use crate::shared::i18n::{self, use_lang};
use crate::shared::page::Program;

/// What the page sends.
#[derive(Deserialize)]
struct ScanMessage {
    error: Option<String>,
    started: Option<bool>,
    native: Option<bool>,
    text: Option<String>,
    w: Option<usize>,
    h: Option<usize>,
    grey: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScanState {
    Off,
    Starting,
    /// Scanning; `native` when the browser decodes.
    On {
        native: bool,
    },
    Denied,
    Unavailable,
}

/// A camera scanner with a start/stop button. Each text read goes to `on_text`, once (the same
/// code in front of the camera is not read again); while `paused` (a verdict is on the screen)
/// frames are skipped.
#[component]
pub fn QrScanner(on_text: EventHandler<String>, paused: ReadSignal<bool>) -> Element {
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    let mut state = use_signal(|| ScanState::Off);
    let mut session = use_signal(|| None::<Program>);
    let mut last_text = use_signal(String::new);

    let mut stop = move || {
        if let Some(program) = session.take() {
            program.send("stop");
        }
    };
    use_drop(stop);

    let start = move |_| {
        state.set(ScanState::Starting);
        // The page's side is `scanner` in page.js.
        let program = Program::start("scanner", serde_json::Value::Null);
        session.set(Some(program.clone()));
        spawn(async move {
            let mut program = program;
            while let Some(message) = program.recv::<ScanMessage>().await {
                if let Some(error) = message.error {
                    state.set(if error == "denied" {
                        ScanState::Denied
                    } else {
                        ScanState::Unavailable
                    });
                    session.set(None);
                    return;
                }
                if message.started == Some(true) {
                    state.set(ScanState::On {
                        native: message.native == Some(true),
                    });
                    continue;
                }
                let text = match (message.text, message.grey) {
                    (Some(text), _) => Some(text),
                    (None, Some(grey)) => {
                        let found = if paused() {
                            None
                        } else {
                            let (w, h) = (message.w.unwrap_or(0), message.h.unwrap_or(0));
                            BASE64
                                .decode(grey)
                                .ok()
                                .and_then(|pixels| decode_luma(w, h, &pixels))
                        };
                        program.send("next");
                        found
                    }
                    _ => None,
                };
                if let Some(text) = text
                    && !paused()
                    && *last_text.peek() != text
                {
                    last_text.set(text.clone());
                    on_text.call(text);
                }
            }
        });
    };

    let on = matches!(state(), ScanState::On { .. } | ScanState::Starting);
    let decoder = match state() {
        ScanState::On { native: true } => "browser",
        ScanState::On { native: false } => "app",
        _ => "none",
    };
    rsx! {
        div { class: "scanner", "data-decoder": decoder,
            div { class: if on { "scan-view on" } else { "scan-view" },
                video {
                    id: "scan-video",
                    class: "scan-video",
                    "aria-label": t("scan-video-label"),
                    autoplay: true,
                    muted: true,
                    "playsinline": "true",
                }
                // Where to hold the code: the square the decoder reads.
                div { class: "scan-box", "aria-hidden": "true" }
            }
            div { class: "scanner-actions",
                if on {
                    button {
                        r#type: "button",
                        class: "button secondary",
                        id: "scan-stop",
                        onclick: move |_| {
                            stop();
                            state.set(ScanState::Off);
                        },
                        {t("scan-stop")}
                    }
                } else {
                    button {
                        r#type: "button",
                        class: "button",
                        id: "scan-start",
                        onclick: start,
                        {t("scan-start")}
                    }
                }
            }
            p { class: "help", role: "status", id: "scan-status",
                match state() {
                    ScanState::Off => t("scan-off"),
                    ScanState::Starting => t("scan-starting"),
                    ScanState::On { .. } => t("scan-on"),
                    ScanState::Denied => t("scan-denied"),
                    ScanState::Unavailable => t("scan-unavailable"),
                }
            }
        }
    }
}
