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

/// The page's side: opens the camera, then either decodes in the browser and sends the text, or
/// sends the middle square of each frame in grey (at most 720 px) and waits for "next" before the
/// following one, so frames never pile up. "stop" turns the camera off.
const SCAN_JS: &str = r#"
const video = document.getElementById('scan-video');
let stream;
try {
  stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } }, audio: false,
  });
} catch (e) {
  dioxus.send({ error: e && e.name === 'NotAllowedError' ? 'denied' : 'unavailable' });
  return;
}
video.srcObject = stream;
video.muted = true;
video.setAttribute('playsinline', '');
try { await video.play(); } catch (e) {}
let detector = null;
if ('BarcodeDetector' in window) {
  try {
    const formats = await BarcodeDetector.getSupportedFormats();
    if (formats.includes('qr_code')) detector = new BarcodeDetector({ formats: ['qr_code'] });
  } catch (e) {}
}
dioxus.send({ started: true, native: !!detector });
let running = true;
let resolveNext = null;
(async () => {
  while (true) {
    const message = await dioxus.recv();
    if (message === 'stop') {
      running = false;
      stream.getTracks().forEach((t) => t.stop());
      video.srcObject = null;
      if (resolveNext) resolveNext();
      break;
    }
    if (message === 'next' && resolveNext) {
      const resolve = resolveNext;
      resolveNext = null;
      resolve();
    }
  }
})();
const canvas = document.createElement('canvas');
const context = canvas.getContext('2d', { willReadFrequently: true });
while (running) {
  if (video.readyState >= 2 && video.videoWidth > 0) {
    if (detector) {
      try {
        const codes = await detector.detect(video);
        if (codes.length) dioxus.send({ text: codes[0].rawValue });
      } catch (e) {}
    } else {
      // The middle square, where staff hold the code (the frame on the screen shows it), at
      // up to 720 px: small codes keep enough pixels per module to be read.
      const side = Math.min(video.videoWidth, video.videoHeight);
      const sx = (video.videoWidth - side) / 2;
      const sy = (video.videoHeight - side) / 2;
      const w = Math.min(side, 720);
      const h = w;
      canvas.width = w;
      canvas.height = h;
      context.drawImage(video, sx, sy, side, side, 0, 0, w, h);
      const rgba = context.getImageData(0, 0, w, h).data;
      const grey = new Uint8Array(w * h);
      for (let i = 0, j = 0; j < grey.length; i += 4, j++) {
        grey[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
      }
      let binary = '';
      for (let k = 0; k < grey.length; k += 0x8000) {
        binary += String.fromCharCode.apply(null, grey.subarray(k, k + 0x8000));
      }
      const next = new Promise((resolve) => { resolveNext = resolve; });
      dioxus.send({ w, h, grey: btoa(binary) });
      await next;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 120));
}
"#;

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
    let mut session = use_signal(|| None::<document::Eval>);
    let mut last_text = use_signal(String::new);

    let mut stop = move || {
        if let Some(eval) = session.take() {
            let _ = eval.send("stop");
        }
    };
    use_drop(stop);

    let start = move |_| {
        state.set(ScanState::Starting);
        let eval = document::eval(SCAN_JS);
        session.set(Some(eval));
        spawn(async move {
            let mut eval = eval;
            while let Ok(message) = eval.recv::<ScanMessage>().await {
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
                        let _ = eval.send("next");
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
