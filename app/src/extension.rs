//! The page API of the NES Portal extension (`nes_core::bridge`, `bridge/PROTOCOL.md`): requests go
//! out with `window.postMessage`, replies come back as `message` events with the same `id`. The PIN
//! is typed in the extension's own window; nothing here ever sees it.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use js_sys::{Function, JSON, Promise};
use nes_core::bridge::{
    AuthToken, CardResult, EXTENSION_SOURCE, ErrorBody, ErrorCode, PageAuthenticateArguments, PageCommand,
    PagePinArguments, PageRequest, PageSignArguments, PageSignResult, PinResult, StatusResult,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::MessageEvent;

/// How long a `status` may take before the extension counts as absent: the content script answers
/// at once, but the host it asks may need a moment to start.
const STATUS_TIMEOUT_MS: i32 = 6000;

thread_local! {
    static PENDING: RefCell<HashMap<String, Function>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
    static LISTENING: Cell<bool> = const { Cell::new(false) };
}

/// Whether the content script has announced itself on this page.
pub fn announced() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
        .and_then(|root| root.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|root| root.dataset().get("nesPortalExtension").is_some())
}

fn listen() {
    if LISTENING.with(|listening| listening.replace(true)) {
        return;
    }
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        let Some(window) = web_sys::window() else { return };
        // Only messages this window posted to itself: the content script shares the page's window.
        let from_self = event.source().is_some_and(|source| JsValue::from(source) == JsValue::from(&window));
        if !from_self {
            return;
        }
        let data = event.data();
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok().and_then(|v| v.as_string());
        if field("source").as_deref() != Some(EXTENSION_SOURCE) {
            return;
        }
        let Some(id) = field("id") else { return };
        if let Some(resolve) = PENDING.with(|pending| pending.borrow_mut().remove(&id)) {
            let _ = resolve.call1(&JsValue::NULL, &data);
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    on_message.forget();
}

fn error(code: ErrorCode) -> ErrorBody {
    ErrorBody::new(code)
}

/// Sends one request and waits for its reply (or `TIMEOUT` after `timeout_ms`, when given).
async fn call<T: DeserializeOwned>(command: PageCommand, timeout_ms: Option<i32>) -> Result<T, ErrorBody> {
    listen();
    let window = web_sys::window().ok_or_else(|| error(ErrorCode::Internal))?;
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id + 1);
        format!("nes-app-{id}")
    });
    let request = PageRequest::new(id.clone(), command);
    let json = serde_json::to_string(&request).map_err(|_| error(ErrorCode::Internal))?;
    let message = JSON::parse(&json).map_err(|_| error(ErrorCode::Internal))?;
    let pending_id = id.clone();
    let reply = Promise::new(&mut move |resolve, _reject| {
        PENDING.with(|pending| pending.borrow_mut().insert(pending_id.clone(), resolve));
    });
    if let Some(timeout_ms) = timeout_ms {
        let timeout_id = id.clone();
        let expire = Closure::once_into_js(move || {
            if let Some(resolve) = PENDING.with(|pending| pending.borrow_mut().remove(&timeout_id)) {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
            }
        });
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(expire.unchecked_ref(), timeout_ms);
    }
    let origin = window.location().origin().map_err(|_| error(ErrorCode::Internal))?;
    window.post_message(&message, &origin).map_err(|_| error(ErrorCode::Internal))?;
    let data = JsFuture::from(reply).await.map_err(|_| error(ErrorCode::Internal))?;
    if data.is_null() {
        return Err(error(ErrorCode::Timeout));
    }
    let text = JSON::stringify(&data).ok().and_then(|s| s.as_string()).ok_or_else(|| error(ErrorCode::Internal))?;
    let reply: Reply<T> = serde_json::from_str(&text).map_err(|_| error(ErrorCode::Internal))?;
    match (reply.result, reply.error) {
        (_, Some(error)) => Err(error),
        (Some(result), None) => Ok(result),
        (None, None) => Err(error(ErrorCode::Internal)),
    }
}

/// The part of a [`nes_core::bridge::PageReply`] the page acts on, read straight into the result type: `PageReply`'s
/// own serde bounds want `Default` of the result, and going through `serde_json::Value` instead
/// would cost the wasm the whole `Value` machinery.
#[derive(Deserialize)]
struct Reply<T> {
    result: Option<T>,
    error: Option<ErrorBody>,
}

pub async fn status() -> Result<StatusResult, ErrorBody> {
    call(PageCommand::Status, Some(STATUS_TIMEOUT_MS)).await
}

/// Opens the extension's signing window; resolves when the person signs or gives up there.
pub async fn sign(content: String, verification_code: String) -> Result<PageSignResult, ErrorBody> {
    call(
        PageCommand::Sign(PageSignArguments { content, verification_code, hash_algorithm: None, rsa_padding: None }),
        None,
    )
    .await
}

pub async fn authenticate(challenge_nonce: String) -> Result<AuthToken, ErrorBody> {
    call(PageCommand::Authenticate(PageAuthenticateArguments { challenge_nonce }), None).await
}

/// The readers and the tokens with their PIN states (no PIN is asked for).
pub async fn card() -> Result<CardResult, ErrorBody> {
    call(PageCommand::Card, Some(STATUS_TIMEOUT_MS)).await
}

/// Opens the extension's PIN window to change the PIN of `token_id`'s card (the person may pick
/// another there); resolves when the PIN is changed or the person gives up.
pub async fn change_pin(token_id: String) -> Result<PinResult, ErrorBody> {
    call(PageCommand::ChangePin(PagePinArguments { token_id: Some(token_id) }), None).await
}

/// Likewise, to set a new PIN with the PUK.
pub async fn unblock_pin(token_id: String) -> Result<PinResult, ErrorBody> {
    call(PageCommand::UnblockPin(PagePinArguments { token_id: Some(token_id) }), None).await
}

/// The sentence to show for an extension error (with the tries left after a wrong PIN).
pub fn describe(error: &ErrorBody) -> String {
    let base = if error.message.is_empty() { error.code.message().to_string() } else { error.message.clone() };
    match (error.code, error.retries_left) {
        (ErrorCode::PinIncorrect, Some(left)) => format!("{base} Kalan deneme hakkı: {left}."),
        _ => base,
    }
}
