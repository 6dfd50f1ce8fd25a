//! The Yenileme banner: when the person's certificate expires within the renewal window, Başvurularım
//! says how many days are left and offers "Yenile", which opens the open renewal application or
//! asks the server for a new one prefilled from the last application.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use nes_core::api::ApplicationSummary;
use nes_core::form::ApplicationReason;

use super::applications::turkish_date;
use crate::api;
use crate::components::notice::{ActionMessage, Tone};
use crate::session::Session;

fn open_renewal(applications: &[ApplicationSummary]) -> Option<String> {
    applications.iter().find(|a| a.reason == ApplicationReason::Renewal && a.status.form_open()).map(|a| a.no.clone())
}

#[component]
pub fn RenewalBanner(applications: Vec<ApplicationSummary>) -> impl IntoView {
    let session = Session::get();
    let existing = open_renewal(&applications);
    let navigate = use_navigate();
    let message = RwSignal::new(None::<(Tone, String)>);
    let renew = move |_| {
        let navigate = navigate.clone();
        let existing = existing.clone();
        spawn_local(async move {
            let no = match existing {
                Some(no) => Ok(no),
                None => api::create_application(ApplicationReason::Renewal).await.map(|summary| summary.no),
            };
            match no {
                Ok(no) => navigate(&format!("/basvuru/{no}"), Default::default()),
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
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
