//! A button that, once pressed, gives its place to what it opens; `preview` shows above the button
//! until then. The keyboard focus goes to what opened (the button it was on is gone).

use leptos::html::Div;
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
    let region = NodeRef::<Div>::new();
    let press = move |_| {
        open.set(true);
        request_animation_frame(move || {
            if let Some(region) = region.get_untracked() {
                let _ = region.focus();
            }
        });
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    {preview.run()}
                    <button type="button" class=class on:click=press>
                        {label}
                    </button>
                }
            }
        >
            <div class="revealed" tabindex="-1" node_ref=region>
                {children()}
            </div>
        </Show>
    }
}
