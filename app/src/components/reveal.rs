//! A button that, once pressed, gives its place to what it opens; `preview` shows above the button
//! until then. The keyboard focus goes to what opened (the button it was on is gone).

use leptos::prelude::*;

use crate::components::field::focus_when_drawn;

/// `id` names what opens (unique on the screen), so that the focus can go there.
#[component]
pub fn Reveal(
    label: &'static str,
    id: &'static str,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional, into)] preview: ViewFn,
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let class = class.unwrap_or("button-primary");
    let press = move |_| {
        open.set(true);
        focus_when_drawn(id);
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
            <div class="revealed" tabindex="-1" id=id>
                {children()}
            </div>
        </Show>
    }
}
