//! Signing with the card: the server opens a session with a doğrulama kodu and the exact text;
//! "Kartımla İmzala" asks the extension, which shows the same code and text in its own window and
//! takes the PIN there; the signature goes back to the server. The state is `signing_state.rs`.

use leptos::prelude::*;

use super::signing_state::SigningState;
use crate::api::SigningTarget;
use crate::components::card_status::{CardState, CardStatus, watch_card};
use crate::components::countdown::{minutes_seconds, seconds_until};
use crate::components::notice::ActionMessage;

/// "829994526184196" → "829 994 526 184 196", easier to compare with the extension's window.
pub fn group_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars.chunks(3).map(|chunk| chunk.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// The signing steps with the live state of the card (`card`, watched by the screen).
/// `on_unavailable`: see [`SigningState::new`].
#[component]
pub fn SigningPanel(
    target: SigningTarget,
    card: RwSignal<CardState>,
    on_done: Callback<()>,
    #[prop(optional)] on_unavailable: Option<Callback<()>>,
) -> impl IntoView {
    let state = SigningState::new(target, on_done, on_unavailable);
    let seconds_left = seconds_until(state.deadline());
    let has_session = move || state.opened.with(Option::is_some);
    view! {
        <div class="signing">
            <ol class="steps">
                <li>"E-İmza kartınızı kart okuyucuya takınız."</li>
                <li>"\"Kartımla İmzala\" düğmesine basınız; e-imza eklentisinin penceresi açılır."</li>
                <li>"Penceredeki doğrulama kodunun aşağıdaki kodla aynı olduğunu kontrol ediniz, sertifikanızı seçip PIN'inizi giriniz."</li>
                <li>"Uyarı: İmzalama işlemi sırasında bu sayfayı kapatmayınız."</li>
            </ol>
            {move || {
                state
                    .opened
                    .get()
                    .map(|opened| {
                        view! {
                            <div class="verification">
                                <p class="verification-label">"Doğrulama Kodu"</p>
                                <p class="verification-code" id="verification-code">{group_code(&opened.verification_code)}</p>
                                <p class="countdown">
                                    {move || match seconds_left.get() {
                                        0 => "Doğrulama kodunun süresi doldu.".to_string(),
                                        left => format!("Kalan süre: {}", minutes_seconds(left)),
                                    }}
                                </p>
                            </div>
                            <details class="sign-text">
                                <summary>"İmzalanacak metin"</summary>
                                <pre>{opened.content}</pre>
                            </details>
                        }
                    })
            }}
            <CardStatus state=card />
            <ActionMessage message=state.message />
            <div class="row">
                <button
                    type="button"
                    class="button-primary"
                    on:click=move |_| state.start_signing()
                    disabled=move || {
                        state.busy() || !has_session() || seconds_left.get() == 0 || !card.with(|c| c.can_sign())
                    }
                >
                    "Kartımla İmzala"
                </button>
                <Show when=move || has_session() && seconds_left.get() == 0>
                    <button
                        type="button"
                        class="button-secondary"
                        on:click=move |_| {
                            state.open.dispatch(());
                        }
                    >
                        "Yeni Kod Al"
                    </button>
                </Show>
            </div>
        </div>
    }
}

/// The signing steps, with the card watched from the moment they are shown.
#[component]
pub fn SigningWithCard(
    target: SigningTarget,
    on_done: Callback<()>,
    #[prop(optional)] on_unavailable: Option<Callback<()>>,
) -> impl IntoView {
    let card = watch_card();
    view! { <SigningPanel target card on_done on_unavailable=on_unavailable.unwrap_or_else(|| Callback::new(|()| ())) /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn codes_are_grouped_by_three() {
        assert_eq!(group_code("829994526184196"), "829 994 526 184 196");
        assert_eq!(group_code("1234"), "123 4");
    }
}
