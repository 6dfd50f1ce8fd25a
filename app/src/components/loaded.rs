//! Shows a loading resource: a spinner while it loads, the screen when it arrives, and the right
//! page when it fails (server unreachable with "Tekrar Dene", not found, or the server's message).

use leptos::prelude::*;
use nes_core::api::ErrorCode;

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
    let session = Session::get();
    move || match resource.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(value)) => view(value).into_any(),
        Some(Err(failure)) => failure_view(session.observe(failure), move || resource.refetch()),
    }
}

/// Whether the failure is shown as a page of its own (with its own heading) rather than a message.
pub fn has_own_page(failure: &ApiFailure) -> bool {
    match failure {
        ApiFailure::Unreachable => true,
        ApiFailure::Server(error) => error.code == ErrorCode::NotFound,
        _ => false,
    }
}

/// What a failed load shows; `retry` loads again.
pub fn failure_view(failure: ApiFailure, retry: impl Fn() + Send + Sync + 'static) -> AnyView {
    match failure {
        ApiFailure::Unreachable => view! { <ServerUnreachable retry=Callback::new(move |()| retry()) /> }.into_any(),
        ApiFailure::Server(error) if error.code == ErrorCode::NotFound => view! { <NotFound /> }.into_any(),
        other => view! { <Notice tone=Tone::Error>{other.message()}</Notice> }.into_any(),
    }
}
