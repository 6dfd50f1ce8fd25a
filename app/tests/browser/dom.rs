//! Driving the DOM the way a person does: type, leave, choose; then wait for Leptos to update.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

pub fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a view into a fresh container, removing the previous test's (the runner keeps its own
/// output in the body, so only our container goes).
pub fn mount<N: IntoView + 'static>(view: impl FnOnce() -> N + 'static) {
    if let Some(previous) = doc().get_element_by_id("test-root") {
        previous.remove();
    }
    let container: HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    container.set_id("test-root");
    doc().body().unwrap().append_child(&container).unwrap();
    leptos::mount::mount_to(container, view).forget();
}

/// Lets the reactive system and the DOM catch up.
pub async fn settle() {
    nes_app::components::countdown::sleep(20).await;
}

/// Waits until `done()` holds, checking every 20 ms, for at most 5 s (the assertion after it says
/// what did not happen).
pub async fn until(done: impl Fn() -> bool) {
    for _ in 0..250 {
        if done() {
            return;
        }
        settle().await;
    }
}

pub fn by_id(id: &str) -> Element {
    doc().get_element_by_id(id).unwrap_or_else(|| panic!("no element #{id}"))
}

fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Types `text` into an input or textarea (replacing its content), as one input event.
pub async fn type_into(id: &str, text: &str) {
    let element = by_id(id);
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(text);
    } else {
        element.unchecked_ref::<web_sys::HtmlTextAreaElement>().set_value(text);
    }
    fire(&element, "input");
    settle().await;
}

/// Leaves the field (blur).
pub async fn leave(id: &str) {
    fire(&by_id(id), "blur");
    settle().await;
}

pub async fn choose(id: &str, value: &str) {
    let element = by_id(id);
    element.unchecked_ref::<HtmlSelectElement>().set_value(value);
    fire(&element, "change");
    settle().await;
}

pub async fn click(id: &str) {
    by_id(id).unchecked_into::<HtmlElement>().click();
    settle().await;
}

pub fn value(id: &str) -> String {
    let element = by_id(id);
    if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else {
        element.unchecked_ref::<web_sys::HtmlTextAreaElement>().value()
    }
}

pub fn text(id: &str) -> String {
    by_id(id).text_content().unwrap_or_default()
}

pub fn attr(id: &str, name: &str) -> Option<String> {
    by_id(id).get_attribute(name)
}

/// The visible texts of a select's options.
pub fn option_texts(id: &str) -> Vec<String> {
    let select: HtmlSelectElement = by_id(id).unchecked_into();
    let options = select.options();
    (0..options.length()).filter_map(|i| options.item(i)).map(|o| o.text_content().unwrap_or_default()).collect()
}

pub fn query_text(selector: &str) -> String {
    doc().query_selector(selector).unwrap().map(|e| e.text_content().unwrap_or_default()).unwrap_or_default()
}

/// The button whose text is `label`, if the page shows one.
pub fn find_button(label: &str) -> Option<HtmlElement> {
    let buttons = doc().query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|node| node.unchecked_into::<HtmlElement>())
        .find(|button| button.text_content().unwrap_or_default().trim() == label)
}

pub fn button_by_text(label: &str) -> HtmlElement {
    find_button(label).unwrap_or_else(|| panic!("no button {label:?}"))
}

pub fn disabled(button: &HtmlElement) -> bool {
    button.has_attribute("disabled")
}

/// The id of the element that has the keyboard focus.
pub fn focused_id() -> Option<String> {
    doc().active_element().map(|element| element.id())
}

/// Whether the button's class list has `class`.
pub fn has_class(element: &Element, class: &str) -> bool {
    element.class_list().contains(class)
}

/// Sets the address the app reads its route from; returns the one before, for [`set_path`] again.
pub fn set_path(path: &str) -> String {
    let window = web_sys::window().unwrap();
    let before = window.location().pathname().unwrap();
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path)).unwrap();
    before
}
