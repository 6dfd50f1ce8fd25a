//! The Yenileme banner: when the person's certificate expires within the renewal window, Başvurularım
//! says how many days are left and offers "Yenile", which opens the renewal application (the server
//! prefills it from the last application). Renewal applications are opened by the institution's
//! e-imza sorumlusu as ön başvurular; without one the banner says whom to ask.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use nes_core::api::ApplicationSummary;
use nes_core::form::ApplicationReason;

use super::applications::turkish_date;
use crate::components::notice::{ActionMessage, Tone};
use crate::session::Session;

/// The renewal application whose form is still open, if any.
pub fn open_renewal(applications: &[ApplicationSummary]) -> Option<String> {
    applications.iter().find(|a| a.reason == ApplicationReason::Renewal && a.status.form_open()).map(|a| a.no.clone())
}

#[component]
pub fn RenewalBanner(applications: Vec<ApplicationSummary>) -> impl IntoView {
    let session = Session::get();
    let renewal = open_renewal(&applications);
    let navigate = use_navigate();
    let message = RwSignal::new(None::<(Tone, String)>);
    let renew = move |_| {
        match &renewal {
        Some(no) => navigate(&format!("/basvuru/{no}"), Default::default()),
        None => message.set(Some((
            Tone::Info,
            "Yenileme için açık bir ön başvurunuz bulunmuyor. Kurumunuzun e-imza sorumlusundan yenileme ön başvurusu oluşturmasını isteyiniz; ön başvurunuz oluşturulduğunda burada görünür.".into(),
        ))),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use nes_core::api::ApplicationStatus;

    fn summary(no: &str, reason: ApplicationReason, status: ApplicationStatus) -> ApplicationSummary {
        ApplicationSummary { no: no.into(), created_on: "2026-11-20".into(), reason, status }
    }

    #[test]
    fn yenile_opens_only_a_renewal_whose_form_is_open() {
        let list = vec![
            summary("SD-1", ApplicationReason::Renewal, ApplicationStatus::Completed),
            summary("SD-2", ApplicationReason::First, ApplicationStatus::FormPending),
        ];
        assert_eq!(open_renewal(&list), None);
        let mut list = list;
        list.push(summary("SD-3", ApplicationReason::Renewal, ApplicationStatus::FormAndPaymentPending));
        assert_eq!(open_renewal(&list).as_deref(), Some("SD-3"));
    }
}
