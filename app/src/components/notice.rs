//! Messages in a box: errors are announced at once (`role="alert"`), the rest politely.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Warning,
    Error,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Info => "notice notice-info",
            Tone::Success => "notice notice-success",
            Tone::Warning => "notice notice-warning",
            Tone::Error => "notice notice-error",
        }
    }
}

#[component]
pub fn Notice(tone: Tone, children: Children) -> impl IntoView {
    let role = if tone == Tone::Error { "alert" } else { "status" };
    view! { <div class=tone.class() role=role>{children()}</div> }
}

/// A live region that shows the latest message of an action (or nothing); it is always in the
/// page, so screen readers announce what appears in it.
#[component]
pub fn ActionMessage(#[prop(into)] message: Signal<Option<(Tone, String)>>) -> impl IntoView {
    view! {
        <div class="action-message" aria-live="assertive">
            {move || message.get().map(|(tone, text)| view! { <p class=tone.class()>{text}</p> })}
        </div>
    }
}
