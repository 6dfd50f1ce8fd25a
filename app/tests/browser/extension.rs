//! The page side of the extension protocol: request ids, replies, errors, and what the screen says.
//! A stand-in content script answers here; the real extension is driven by the e2e suite.

use leptos::prelude::*;
use nes_app::components::card_status::{CardStatus, watch_card};
use nes_app::extension;
use nes_core::bridge::ErrorCode;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::MessageEvent;

use crate::dom::*;

/// Answers every page request with `reply(command)` the way the content script does.
fn stand_in_extension(reply: fn(&str) -> &'static str) -> Closure<dyn Fn(MessageEvent)> {
    let window = web_sys::window().unwrap();
    root().dataset().set("nesPortalExtension", "0.1.0").unwrap();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let get = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok().and_then(|v| v.as_string());
        if get("source").as_deref() != Some("nes-portal-page") {
            return;
        }
        let (id, command) = (get("id").unwrap(), get("command").unwrap());
        let body = reply(&command);
        let json = format!(r#"{{"source":"nes-portal-extension","id":"{id}",{body}}}"#);
        let message = js_sys::JSON::parse(&json).unwrap();
        let window = web_sys::window().unwrap();
        window.post_message(&message, &window.location().origin().unwrap()).unwrap();
    });
    window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref()).unwrap();
    on_message
}

fn root() -> web_sys::HtmlElement {
    doc().document_element().unwrap().unchecked_into()
}

fn stop(listener: Closure<dyn Fn(MessageEvent)>) {
    root().dataset().delete("nesPortalExtension");
    web_sys::window()
        .unwrap()
        .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
        .unwrap();
}

#[wasm_bindgen_test]
async fn status_and_sign_replies_are_matched_to_their_requests() {
    let listener = stand_in_extension(|command| match command {
        "status" => {
            r#""result":{"readers":[{"name":"Virtual PCD 00 00","card_present":true,"atr":"3b","card_family":"AKİS v2.5"}],"certificates":1}"#
        }
        _ => r#""error":{"code":"PIN_INCORRECT","message":"PIN hatalı.","retries_left":2}"#,
    });
    let status = extension::status().await.expect("status");
    assert_eq!(status.certificates, 1);
    assert!(status.readers[0].card_present);
    let error = extension::sign("metin".into(), "123456789012345".into()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::PinIncorrect);
    assert_eq!(extension::describe(&error), "PIN hatalı. Kalan deneme hakkı: 2.");
    stop(listener);
}

#[wasm_bindgen_test]
async fn the_card_status_follows_the_extension() {
    let listener = stand_in_extension(
        |_| r#""result":{"readers":[{"name":"Virtual PCD 00 00","card_present":false}],"certificates":0}"#,
    );
    mount(|| {
        let state = watch_card();
        view! { <CardStatus state /> }
    });
    nes_app::components::countdown::sleep(300).await;
    assert!(
        query_text(".card-status").contains("Kart okuyucuda e-imza kartı bulunamadı"),
        "{}",
        query_text(".card-status")
    );
    stop(listener);
}

#[wasm_bindgen_test]
async fn without_the_extension_the_page_says_how_to_install_it() {
    mount(|| {
        let state = watch_card();
        view! { <CardStatus state /> }
    });
    settle().await;
    let shown = query_text(".card-status");
    assert!(shown.contains("Eklenti yüklü değil."), "{shown}");
    assert!(shown.contains("NES Portal eklentisini tarayıcınıza yükleyiniz"), "{shown}");
    // The commands are for whoever sets the computer up: closed, under "Teknik yardım".
    let steps = query_text(".install-help > ol");
    assert!(!steps.contains("nes-bridge install") && !steps.contains("sudo"), "{steps}");
    assert_eq!(query_text(".install-help details:not([open]) summary"), "Teknik yardım");
    assert!(query_text(".install-help details").contains("nes-bridge install --user"));
}

#[wasm_bindgen_test]
async fn without_the_bridge_the_page_says_how_to_install_only_the_bridge() {
    let listener = stand_in_extension(
        |_| r#""error":{"code":"HOST_NOT_FOUND","message":"E-imza bileşeni (nes-bridge) kurulu değil. Kurmak için `nes-bridge install` çalıştırınız."}"#,
    );
    mount(|| {
        let state = watch_card();
        view! { <CardStatus state /> }
    });
    nes_app::components::countdown::sleep(300).await;
    let shown = query_text(".card-status");
    assert!(shown.contains("nes-bridge) kurulu değil") && shown.contains("nes-bridge install --user"), "{shown}");
    assert!(!shown.contains("NES Portal eklentisini"), "the extension is there: {shown}");
    stop(listener);
}
