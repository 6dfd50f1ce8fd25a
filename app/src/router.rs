//! Client-side navigation on the History API. The app has a handful of fixed addresses (see
//! [`Route`]), so this small router replaces `leptos_router`, whose generic route matching cost
//! the wasm more than a tenth of its size. Links are real `<a href>`s: a plain click is handled
//! here, while a middle click or Ctrl/⌘-click still opens a new tab (the server answers every
//! non-API path with the app).

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The screens, by address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`
    Home,
    /// `/giris`
    Login,
    /// `/basvurularim`
    Applications,
    /// `/basvuru/{no}`, `/basvuru/{no}/sms`, `/basvuru/{no}/onay`, `/basvuru/{no}/sonuc`
    Application(String, Step),
    /// `/e-onay`
    EOnay,
    /// `/taleplerim`: the person's own e-imza talepleri.
    OwnTaleps,
    /// `/kurum`: Kurum İşlemleri, for officers in a card session.
    Institution,
    /// `/imzalarim`: the person's own signatures.
    Signatures,
    /// `/imza/{id}`: one signature's validation report.
    SignatureReport(i64),
    /// `/kartim`: e-İmza Kartım, the card and its PIN.
    Card,
    /// `/sertifikalarim`: Sertifikalarım, the person's certificates and their revocation.
    OwnCertificates,
    NotFound,
}

/// The wizard step of an application address, in the order the person goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Form,
    Sms,
    Approval,
    Result,
}

impl Route {
    /// The route of a path (a trailing slash is ignored).
    pub fn of(path: &str) -> Route {
        let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Home,
            ["giris"] => Route::Login,
            ["basvurularim"] => Route::Applications,
            ["e-onay"] => Route::EOnay,
            ["kurum"] => Route::Institution,
            ["taleplerim"] => Route::OwnTaleps,
            ["imzalarim"] => Route::Signatures,
            ["kartim"] => Route::Card,
            ["sertifikalarim"] => Route::OwnCertificates,
            ["imza", id] => id.parse().map_or(Route::NotFound, Route::SignatureReport),
            ["basvuru", no, rest @ ..] => {
                let step = match rest {
                    [] => Step::Form,
                    ["sms"] => Step::Sms,
                    ["onay"] => Step::Approval,
                    ["sonuc"] => Step::Result,
                    _ => return Route::NotFound,
                };
                Route::Application(no.to_string(), step)
            }
            _ => Route::NotFound,
        }
    }
}

impl Route {
    /// The address of an application's step (the inverse of [`Route::of`]).
    pub fn application_path(no: &str, step: Step) -> String {
        let tail = match step {
            Step::Form => "",
            Step::Sms => "/sms",
            Step::Approval => "/onay",
            Step::Result => "/sonuc",
        };
        format!("/basvuru/{no}{tail}")
    }
}

/// The current address, shared through the context.
#[derive(Clone, Copy)]
struct Location {
    path: RwSignal<String>,
}

fn window_path() -> String {
    window().location().pathname().unwrap_or_else(|_| "/".into())
}

/// Provides the current address to its children and follows the browser's Back and Forward.
#[component]
pub fn Router(children: Children) -> impl IntoView {
    let path = RwSignal::new(window_path());
    provide_context(Location { path });
    let popstate = window_event_listener(leptos::ev::popstate, move |_| path.set(window_path()));
    on_cleanup(move || popstate.remove());
    children()
}

/// The route of the current address; changes only when the screen does.
pub fn use_route() -> Memo<Route> {
    let location = expect_context::<Location>();
    Memo::new(move |_| location.path.with(|path| Route::of(path)))
}

/// Goes to `path` as a new history entry, or in place of the current one with `replace` (a
/// redirect, which Back should skip), and starts the new screen at its top.
fn go(location: Location, path: &str, replace: bool) {
    if let Ok(history) = window().history() {
        let _ = if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(path))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(path))
        };
    }
    location.path.set(path.to_string());
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// A function that goes to an address of the app.
pub fn use_navigate() -> impl Fn(&str) + Clone + 'static {
    let location = expect_context::<Location>();
    move |path: &str| go(location, path, false)
}

/// A link within the app; `aria-current="page"` marks the link of the screen being shown.
#[component]
pub fn A(#[prop(into)] href: String, children: Children) -> impl IntoView {
    let location = expect_context::<Location>();
    let current = {
        let href = href.clone();
        move || location.path.with(|path| is_within(path, &href)).then_some("page")
    };
    let target = href.clone();
    let follow = move |event: MouseEvent| {
        let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
        if event.button() == 0 && !modified {
            event.prevent_default();
            go(location, &target, false);
        }
    };
    view! { <a href=href aria-current=current on:click=follow>{children()}</a> }
}

/// Whether `path` is `href` or below it (`/basvurularim` is current on `/basvurularim/`).
fn is_within(path: &str, href: &str) -> bool {
    path.strip_prefix(href).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Replaces the current address with `path` once shown (a redirect).
#[component]
pub fn Redirect(#[prop(into)] path: String) -> impl IntoView {
    let location = expect_context::<Location>();
    // After the current render, so the screen being replaced has finished building.
    leptos::task::spawn_local(async move { go(location, &path, true) });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn every_address_has_its_screen() {
        assert_eq!(Route::of("/"), Route::Home);
        assert_eq!(Route::of(""), Route::Home);
        assert_eq!(Route::of("/giris"), Route::Login);
        assert_eq!(Route::of("/basvurularim/"), Route::Applications);
        assert_eq!(Route::of("/e-onay"), Route::EOnay);
        assert_eq!(Route::of("/kartim"), Route::Card);
        assert_eq!(Route::of("/sertifikalarim/"), Route::OwnCertificates);
        assert_eq!(Route::of("/basvuru/SD-13712"), Route::Application("SD-13712".into(), Step::Form));
        assert_eq!(Route::of("/basvuru/SD-13712/sms"), Route::Application("SD-13712".into(), Step::Sms));
        assert_eq!(Route::of("/basvuru/SD-13712/onay"), Route::Application("SD-13712".into(), Step::Approval));
        assert_eq!(Route::of("/basvuru/SD-13712/sonuc"), Route::Application("SD-13712".into(), Step::Result));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn every_step_has_an_address_that_leads_back_to_it() {
        for step in [Step::Form, Step::Sms, Step::Approval, Step::Result] {
            let path = Route::application_path("SD-1", step);
            assert_eq!(Route::of(&path), Route::Application("SD-1".into(), step), "{path}");
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn unknown_addresses_are_not_found() {
        assert_eq!(Route::of("/basvuru"), Route::NotFound);
        assert_eq!(Route::of("/basvuru/SD-1/odeme"), Route::NotFound);
        assert_eq!(Route::of("/yok"), Route::NotFound);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_link_is_current_on_its_address_and_below() {
        assert!(is_within("/basvurularim", "/basvurularim"));
        assert!(is_within("/e-onay/", "/e-onay"));
        assert!(!is_within("/e-onayx", "/e-onay"));
        assert!(!is_within("/giris", "/basvurularim"));
    }
}
