//! The History API router: a link click shows its screen and marks itself current, Back returns,
//! and a redirect replaces the address instead of adding one.

use leptos::prelude::*;
use nes_app::router::{A, Redirect, Router, use_route};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::dom::*;

/// Shows the current route, as the app's screens switch on it.
#[component]
fn CurrentRoute() -> impl IntoView {
    let route = use_route();
    view! { <p id="route">{move || format!("{:?}", route.get())}</p> }
}

fn path() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}

fn history() -> web_sys::History {
    web_sys::window().unwrap().history().unwrap()
}

/// Puts the runner's own address back for the tests that follow.
fn restore(path: &str) {
    history().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

#[wasm_bindgen_test]
async fn a_link_shows_its_screen_and_back_returns() {
    let start = path();
    mount(|| {
        view! {
            <Router>
                <nav>
                    <A href="/basvurularim">"Başvurularım"</A>
                    <A href="/e-onay">"E-Onay İşlemleri"</A>
                </nav>
                <CurrentRoute />
            </Router>
        }
    });
    settle().await;
    let links = doc().query_selector_all("nav a").unwrap();
    let link = |i| links.item(i).unwrap().dyn_into::<web_sys::HtmlElement>().unwrap();
    assert_eq!(link(0).get_attribute("href").as_deref(), Some("/basvurularim"));
    assert_eq!(link(0).get_attribute("aria-current"), None);

    link(0).click();
    settle().await;
    let after_click =
        (path(), text("route"), link(0).get_attribute("aria-current"), link(1).get_attribute("aria-current"));
    history().back().unwrap();
    nes_app::components::countdown::sleep(100).await;
    let after_back = (path(), text("route"));
    restore(&start);
    assert_eq!(after_click, ("/basvurularim".into(), "Applications".into(), Some("page".into()), None));
    assert_eq!(after_back.0, start);
    assert_ne!(after_back.1, "Applications", "Back shows the previous screen again");
}

#[wasm_bindgen_test]
async fn a_redirect_replaces_the_address() {
    let start = path();
    let entries = history().length().unwrap();
    mount(|| {
        view! {
            <Router>
                <Redirect path="/giris" />
                <CurrentRoute />
            </Router>
        }
    });
    settle().await;
    let shown = (path(), text("route"), history().length().unwrap());
    restore(&start);
    assert_eq!(shown, ("/giris".into(), "Login".into(), entries));
}
