//! A button that, once pressed, gives its place to what it opens (the signing steps start polling
//! the card only then, not for everyone who merely visits the screen).

use leptos::prelude::*;

#[component]
pub fn Reveal(
    label: &'static str,
    #[prop(optional)] class: Option<&'static str>,
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let class = class.unwrap_or("button-primary");
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button type="button" class=class on:click=move |_| open.set(true)>
                        {label}
                    </button>
                }
            }
        >
            {children()}
        </Show>
    }
}
