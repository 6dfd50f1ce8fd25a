//! Shows a loading resource: a spinner while it loads, the screen when it arrives, and the right
//! page when it fails (server unreachable with "Tekrar Dene", not found, or the server's message).

use leptos::prelude::*;

use crate::api::{ApiFailure, ApiResult};
use crate::components::notice::{Notice, Tone};
use crate::pages::problems::{NotFound, ServerUnreachable};
use crate::session::Session;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">"Yükleniyor…"</p> }
}

/// `view` renders the loaded value.
pub fn loaded<T, V>(
    resource: LocalResource<ApiResult<T>>,
    view: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(value)) => view(value).into_any(),
        Some(Err(failure)) => failure_view(failure, move || resource.refetch()).into_any(),
    }
}

fn failure_view(failure: ApiFailure, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let failure = Session::get().observe(failure);
    match failure {
        ApiFailure::Unreachable => view! { <ServerUnreachable retry=Callback::new(move |()| retry()) /> }.into_any(),
        ApiFailure::Server(error) if error.code == "NOT_FOUND" => view! { <NotFound /> }.into_any(),
        other => view! { <Notice tone=Tone::Error>{other.message()}</Notice> }.into_any(),
    }
}
