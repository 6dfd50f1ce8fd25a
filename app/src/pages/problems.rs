//! The pages for when something is not there: an unknown address, an unreachable server.

use crate::router::A;
use leptos::prelude::*;

use super::set_title;

#[component]
pub fn NotFound() -> impl IntoView {
    set_title("Sayfa bulunamadı");
    view! {
        <section class="panel problem">
            <h1>"Sayfa bulunamadı"</h1>
            <p>"Aradığınız sayfa bulunamadı ya da bu sayfayı görme yetkiniz yok."</p>
            <p><A href="/basvurularim">"Başvurularım sayfasına dön"</A></p>
        </section>
    }
}

#[component]
pub fn ServerUnreachable(retry: Callback<()>) -> impl IntoView {
    set_title("Sunucuya ulaşılamıyor");
    view! {
        <section class="panel problem" role="alert">
            <h1>"Sunucuya ulaşılamıyor"</h1>
            <p>
                "Başvuru sistemine şu anda ulaşılamıyor. İnternet bağlantınızı kontrol edip birkaç dakika sonra tekrar deneyiniz. Girdiğiniz bilgiler bu tarayıcıda saklanır; kaybolmaz."
            </p>
            <button type="button" class="button-primary" on:click=move |_| retry.run(())>"Tekrar Dene"</button>
        </section>
    }
}
