//! A button that, once pressed, gives its place to what it opens; `preview` shows above the button
//! until then.

use leptos::prelude::*;

#[component]
pub fn Reveal(
    label: &'static str,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional, into)] preview: ViewFn,
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let class = class.unwrap_or("button-primary");
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    {preview.run()}
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
