//! The Yenileme banner: when the person's certificate expires within the renewal window, Başvurularım
//! says how many days are left and offers "Yenile", which asks the server to start a renewal
//! (prefilled from the last application; an existing renewal under way is answered instead) and
//! opens it.

use crate::router::use_navigate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::applications::{action_of, turkish_date};
use crate::api;
use crate::components::notice::{ActionMessage, Tone};
use crate::session::Session;

#[component]
pub fn RenewalBanner() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let message = RwSignal::new(None::<(Tone, String)>);
    let busy = RwSignal::new(false);
    // A click while the server is answering is ignored; the button stays enabled so that the
    // keyboard focus stays on it.
    let renew = move |_| {
        if busy.get_untracked() {
            return;
        }
        let navigate = navigate.clone();
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            match api::start_renewal().await {
                Ok(detail) => navigate(&action_of(&detail.summary).0),
                Err(failure) => {
                    message.set(Some((Tone::Error, session.observe(failure).message())));
                    busy.set(false);
                }
            }
        });
    };
    move || {
        let due = session.me().and_then(|me| me.renewal_due)?;
        let renew = renew.clone();
        Some(view! {
            <section class="notice notice-warning renewal" aria-labelledby="renewal-title">
                <h2 id="renewal-title">"Sertifikanızın süresi doluyor"</h2>
                <p>
                    {format!(
                        "Sertifikanızın süresinin dolmasına {} gün kaldı (son geçerlilik: {}). Kesintisiz kullanım için yenileme başvurusu yapınız.",
                        due.days_left,
                        turkish_date(&due.not_after),
                    )}
                </p>
                <ActionMessage message />
                <button type="button" class="button-primary" on:click=renew>"Yenile"</button>
            </section>
        })
    }
}
