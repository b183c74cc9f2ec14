//! The page's own JavaScript (`page.js`), run without `eval` in the web build so the Content
//! Security Policy can forbid it: there wasm-bindgen imports the file as a module; on the
//! desktop and phones, where the webview has no such policy, Dioxus's eval runs the same text.
//!
//! A program is one of `page.js`'s `programs`: an async function of a channel and its
//! arguments. It sends JSON values to Rust ([`Program::recv`]), receives them
//! ([`Program::send`]), and its return value is [`Program::join`]'s.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/shared/page.js")]
    extern "C" {
        #[derive(Clone)]
        pub type Channel;

        #[wasm_bindgen(constructor)]
        pub fn new(name: &str, args_json: &str) -> Channel;

        #[wasm_bindgen(method)]
        pub fn recv(this: &Channel) -> js_sys::Promise;

        #[wasm_bindgen(method)]
        pub fn send(this: &Channel, json: &str);

        #[wasm_bindgen(method)]
        pub fn join(this: &Channel) -> js_sys::Promise;
    }
}

/// `page.js` as a script for eval: the same programs, without the module's `export`s.
#[cfg(not(target_arch = "wasm32"))]
fn eval_source(name: &str, args: &Value) -> String {
    let source = include_str!("page.js").replace("\nexport ", "\n");
    format!(
        "{source}\nreturn await programs[{}](dioxus, {args});",
        Value::from(name)
    )
}

/// A running program of `page.js`.
#[derive(Clone)]
pub struct Program {
    #[cfg(target_arch = "wasm32")]
    channel: js::Channel,
    #[cfg(not(target_arch = "wasm32"))]
    eval: dioxus::prelude::document::Eval,
}

impl Program {
    /// Starts the program `name` of `page.js` with `args` (`Value::Null` for none).
    pub fn start(name: &str, args: Value) -> Program {
        #[cfg(target_arch = "wasm32")]
        {
            Program {
                channel: js::Channel::new(name, &args.to_string()),
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            Program {
                eval: dioxus::prelude::document::eval(&eval_source(name, &args)),
            }
        }
    }

    /// Sends `message` to the program's `recv`.
    pub fn send(&self, message: impl Serialize) {
        #[cfg(target_arch = "wasm32")]
        if let Ok(json) = serde_json::to_string(&message) {
            self.channel.send(&json);
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = self.eval.send(message);
    }

    /// The next value the program sent; `None` once it has ended (or sent something else).
    pub async fn recv<T: DeserializeOwned>(&mut self) -> Option<T> {
        #[cfg(target_arch = "wasm32")]
        {
            read(self.channel.recv()).await
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.eval.recv().await.ok()
        }
    }

    /// What the program returned; `None` when it failed (or returned something else).
    pub async fn join<T: DeserializeOwned>(self) -> Option<T> {
        #[cfg(target_arch = "wasm32")]
        {
            read(self.channel.join()).await
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.eval.join().await.ok()
        }
    }
}

/// A promise of JSON text (or null) as a value.
#[cfg(target_arch = "wasm32")]
async fn read<T: DeserializeOwned>(promise: js_sys::Promise) -> Option<T> {
    let value = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    serde_json::from_str(&value.as_string()?).ok()
}

/// Runs a program for its effect alone.
pub fn run(name: &str, args: Value) {
    let _ = Program::start(name, args);
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_eval_source_is_the_module_without_its_exports() {
        let source = eval_source("setLang", &serde_json::json!({ "lang": "ar" }));
        assert!(!source.contains("\nexport "));
        assert!(source.contains("\nconst programs = {"));
        assert!(source.contains("\nclass Channel {"));
        assert!(source.ends_with(r#"return await programs["setLang"](dioxus, {"lang":"ar"});"#));
    }

    /// Every program the app runs (with `page::run` or `Program::start`) is one `page.js` has:
    /// a typo would otherwise only show as a feature quietly missing in the browser.
    #[test]
    fn every_program_the_app_calls_is_in_page_js() {
        let js = include_str!("page.js");
        let mut called = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("page.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for call in ["page::run(", "Program::start("] {
                        for (i, _) in text.match_indices(call) {
                            let rest = text[i + call.len()..].trim_start();
                            if let Some(rest) = rest.strip_prefix('"') {
                                called.push(rest[..rest.find('"').unwrap()].to_owned());
                            }
                        }
                    }
                }
            }
        }
        assert!(called.len() >= 10, "{called:?}");
        for name in called {
            assert!(
                js.contains(&format!("\n  async {name}(")),
                "{name} is not a program of page.js"
            );
        }
    }
}
