//! Seconds left until an RFC 3339 moment, ticking once a second while the component is shown.

use std::time::Duration;

use leptos::prelude::*;

/// Milliseconds since the epoch of an RFC 3339 time, as the browser parses it.
pub fn epoch_millis(rfc3339: &str) -> f64 {
    js_sys::Date::parse(rfc3339)
}

/// A signal of the whole seconds left until `deadline_ms` (never negative).
pub fn seconds_until(deadline_ms: Signal<Option<f64>>) -> Signal<u32> {
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    Signal::derive(move || {
        let left = deadline_ms.get().map_or(0.0, |deadline| (deadline - now.get()) / 1000.0);
        if left.is_nan() || left <= 0.0 { 0 } else { left.ceil() as u32 }
    })
}

/// "2 dk 05 sn" for screens, "125 saniye" would be harder to read at a glance.
pub fn minutes_seconds(seconds: u32) -> String {
    if seconds >= 60 { format!("{} dk {:02} sn", seconds / 60, seconds % 60) } else { format!("{seconds} sn") }
}

/// Waits `ms` milliseconds (a browser timer; no busy wait).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
