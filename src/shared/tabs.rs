//! One tab holds the phone's store at a time (web build): two tabs that each saved their own
//! image would overwrite each other's cards. The holder takes a Web Lock; a second tab sees that
//! the app is open elsewhere and can ask, over a BroadcastChannel, to take it over: the first tab
//! saves, lets go of the store and the lock, and says so. Elsewhere there is one window, always.

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;

    use js_sys::{Function, Object, Promise, Reflect};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{BroadcastChannel, MessageEvent};

    const LOCK: &str = "aktivitetskortet-store";
    const CHANNEL: &str = "aktivitetskortet-store";
    const TAKE_OVER: &str = "take-over";

    thread_local! {
        /// Resolving it lets go of the lock.
        static RELEASE: RefCell<Option<Function>> = const { RefCell::new(None) };
        /// Kept open while the lock is held, to hear a take-over.
        static LISTENER: RefCell<Option<BroadcastChannel>> = const { RefCell::new(None) };
    }

    /// Takes the lock: at once or not at all when `wait` is false (`false` when another tab has
    /// it), else once the other tab has let go. A browser without Web Locks always gets it.
    pub async fn claim(wait: bool) -> bool {
        let Some(locks) = web_sys::window()
            .and_then(|w| Reflect::get(&w.navigator(), &"locks".into()).ok())
            .filter(|l| !l.is_undefined())
        else {
            return true;
        };
        let Ok(request) =
            Reflect::get(&locks, &"request".into()).and_then(|r| r.dyn_into::<Function>())
        else {
            return true;
        };
        let options = Object::new();
        let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::from_bool(!wait));
        let granted = Promise::new(&mut |resolve: Function, _reject: Function| {
            // Called with the lock, or with null when it is taken; the lock is held until the
            // promise it returns resolves.
            let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
                let got = !lock.is_null();
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_bool(got));
                if !got {
                    return JsValue::UNDEFINED;
                }
                Promise::new(&mut |release: Function, _| {
                    RELEASE.with(|r| *r.borrow_mut() = Some(release));
                })
                .into()
            });
            let _ = request.call3(&locks, &LOCK.into(), &options, &callback);
        });
        JsFuture::from(granted)
            .await
            .ok()
            .and_then(|g| g.as_bool())
            .unwrap_or(true)
    }

    /// Asks the tab that holds the store to let go of it.
    pub fn ask_to_take_over() {
        if let Ok(channel) = BroadcastChannel::new(CHANNEL) {
            let _ = channel.post_message(&TAKE_OVER.into());
            channel.close();
        }
    }

    /// Calls `on_take_over` when another tab asks for the store (while this one holds it).
    pub fn on_take_over(on_take_over: impl FnMut() + 'static) {
        let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
            return;
        };
        let mut on_take_over = on_take_over;
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if event.data().as_string().as_deref() == Some(TAKE_OVER) {
                on_take_over();
            }
        });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        LISTENER.with(|l| *l.borrow_mut() = Some(channel));
    }

    /// Lets go of the lock (after the store's last save), and stops listening.
    pub fn release() {
        if let Some(channel) = LISTENER.with(|l| l.borrow_mut().take()) {
            channel.close();
        }
        if let Some(release) = RELEASE.with(|r| r.borrow_mut().take()) {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use web::{ask_to_take_over, claim, on_take_over, release};

#[cfg(not(target_arch = "wasm32"))]
/// Outside the browser there is one window: the store is always this one's.
pub async fn claim(_wait: bool) -> bool {
    true
}

#[cfg(not(target_arch = "wasm32"))]
pub fn ask_to_take_over() {}

#[cfg(not(target_arch = "wasm32"))]
pub fn on_take_over(_on_take_over: impl FnMut() + 'static) {}

#[cfg(not(target_arch = "wasm32"))]
pub fn release() {}
