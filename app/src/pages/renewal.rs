//! The Yenileme banner: when the person's certificate expires within the renewal window, Başvurularım
//! says how many days are left and offers "Yenile", which asks the server to start a renewal
//! (prefilled from the last application; an existing renewal under way is answered instead) and
//! opens it.

use crate::action::action;
use crate::router::use_navigate;
use leptos::prelude::*;
use nes_core::date::turkish_date;
use nes_core::form::ApplicationReason;

use crate::api;
use crate::components::notice::{ActionMessage, Tone};
use crate::session::Session;
use crate::wizard::progress::Progress;

#[component]
pub fn RenewalBanner() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let message = RwSignal::new(None::<(Tone, String)>);
    let start = action(move || {
        let navigate = navigate.clone();
        async move {
            message.set(None);
            match api::start_application(ApplicationReason::Renewal).await {
                Ok(detail) => navigate(&Progress::of_detail(&detail).path(&detail.summary.no)),
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
            }
        }
    });
    // A click while the server is answering is ignored; the button stays enabled so that the
    // keyboard focus stays on it.
    let renew = move |_| {
        if !start.pending().get_untracked() {
            start.dispatch(());
        }
    };
    move || {
        let due = session.me().and_then(|me| me.renewal_due)?;
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
