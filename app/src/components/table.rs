//! The screens' lists: a table with a caption for screen readers and column headings, inside a
//! wrapper that scrolls sideways on narrow screens (at phone width `style/app.css` turns each row
//! into a card labelled by `data-label`).

use leptos::prelude::*;

#[component]
pub fn DataTable(
    /// The table's class, which the phone-width card layout keys on.
    class: &'static str,
    caption: &'static str,
    headings: &'static [&'static str],
    children: Children,
) -> impl IntoView {
    let headings = headings.iter().map(|heading| view! { <th scope="col">{*heading}</th> }).collect_view();
    view! {
        <div class="table-wrap">
            <table class=class>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>{headings}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
