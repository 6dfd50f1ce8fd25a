//! "e-Devlet ile Giriş", for staff who have neither a card nor an ön başvuru yet: a plain link to
//! the server, which sends the browser to e-Devlet and back (server/README.md). Shown only when the
//! server offers it (`GET /auth/methods`). A failed login comes back to Giriş as
//! `?giris_hatasi=<code>`, explained here in Turkish.

use leptos::prelude::*;

use crate::api;
use crate::components::notice::{Notice, Tone};

#[component]
pub fn EdevletLogin() -> impl IntoView {
    let methods = LocalResource::new(api::login_methods);
    move || {
        methods.get().and_then(Result::ok).filter(|methods| methods.edevlet).map(|_| {
            view! {
                <section class="panel" aria-labelledby="edevlet-login-title">
                    <h2 id="edevlet-login-title">"e-Devlet ile Giriş"</h2>
                    <p>
                        "Henüz kartınız ve ön başvurunuz yoksa e-Devlet şifrenizle giriş yapıp kurumunuza e-imza talebi gönderebilirsiniz."
                    </p>
                    <a class="button-link" href="/api/v1/auth/edevlet" rel="external">"e-Devlet ile Giriş"</a>
                </section>
            }
        })
    }
}

/// The message for a failed e-Devlet login, from the address's `giris_hatasi`.
#[component]
pub fn EdevletFailure() -> impl IntoView {
    let code = window().location().search().ok().and_then(|search| {
        search
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix("giris_hatasi=").map(str::to_string))
    });
    code.map(|code| view! { <Notice tone=Tone::Error>{failure_text(&code)}</Notice> })
}

/// The server's codes (server/README.md, "E-Devlet ile giriş") in the person's words.
pub fn failure_text(code: &str) -> &'static str {
    match code {
        "iptal" => "e-Devlet girişi iptal edildi. Dilerseniz tekrar deneyebilirsiniz.",
        "edevlet_ulasilamadi" => "e-Devlet'e şu an ulaşılamıyor. Lütfen biraz sonra tekrar deneyiniz.",
        "edevlet_reddetti" => {
            "e-Devlet girişi tamamlanamadı. Lütfen tekrar deneyiniz; sorun sürerse kurumunuzun bilgi işlem birimine bildiriniz."
        }
        "kimlik_bilgisi" => {
            "e-Devlet'ten gelen kimlik bilgileri kullanılamadı. Lütfen kurumunuzun bilgi işlem birimine bildiriniz."
        }
        "cok_fazla_deneme" => "Çok fazla giriş denemesi yapıldı. Lütfen bir süre sonra tekrar deneyiniz.",
        "gecersiz_istek" => {
            "Giriş isteğinin süresi doldu veya başka bir tarayıcıda başlatıldı. Lütfen \"e-Devlet ile Giriş\" ile yeniden başlayınız."
        }
        _ => "e-Devlet ile giriş yapılamadı. Lütfen biraz sonra tekrar deneyiniz.",
    }
}

#[cfg(test)]
mod tests {
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn every_code_the_server_sends_has_its_own_message() {
        let codes = [
            "iptal",
            "edevlet_ulasilamadi",
            "edevlet_reddetti",
            "kimlik_bilgisi",
            "cok_fazla_deneme",
            "gecersiz_istek",
        ];
        let fallback = super::failure_text("sunucu");
        for code in codes {
            assert_ne!(super::failure_text(code), fallback, "{code}");
        }
    }
}
