//! e-İmza Kartım: the card in the reader as the extension's host sees it (reader, holder, the
//! certificate's end date, what the card tells of its PIN and PUK), with "PIN Değiştir" and "PIN
//! Kilidini Çöz", which open the extension's PIN window. The PIN and the PUK are typed there only:
//! this page never sees them.

use leptos::prelude::*;
use nes_core::bridge::{CardResult, ErrorBody, ErrorCode, PinResult, TokenInfo};
use nes_core::date::turkish_date;

use super::set_title;
use crate::action::action;
use crate::components::card_status::{CardState, CardStatus, watch_card_unless};
use crate::components::notice::{ActionMessage, Notice, Tone};
use crate::extension;

#[component]
pub fn CardPage() -> impl IntoView {
    set_title("e-İmza Kartım");
    let message = RwSignal::new(None::<(Tone, String)>);
    // The token the PIN window is opened for; kept here, not in its panel, so that the outcome
    // is told even if the panel is drawn again meanwhile.
    let target = RwSignal::new(String::new());
    let refresh = RwSignal::new(0u32);
    let change = pin_action(target, message, refresh, Operation::Change);
    let unblock = pin_action(target, message, refresh, Operation::Unblock);
    let busy = Signal::derive(move || change.pending().get() || unblock.pending().get());
    let status = watch_card_unless(busy);
    let present = Memo::new(move |_| status.with(|state| matches!(state, CardState::Status(_))));
    // Read again when the extension comes or goes, a card goes in or out, or an operation ended.
    let card = LocalResource::new(move || {
        let (present, _) = (present.get(), refresh.get());
        async move { if present { Some(extension::card().await) } else { None } }
    });
    // Drawn again only when what the card says changed.
    let shown = Memo::new(move |_| card.get().flatten());
    let open = move |operation: Operation| {
        Callback::new(move |token_id: String| {
            target.set(token_id);
            match operation {
                Operation::Change => change.dispatch(()),
                Operation::Unblock => unblock.dispatch(()),
            };
        })
    };
    let (on_change, on_unblock) = (open(Operation::Change), open(Operation::Unblock));
    view! {
        <h1>"e-İmza Kartım"</h1>
        <p class="lead">
            "Takılı kartınızın durumu. PIN'inizi değiştirebilir, kilitlenen PIN'inizin kilidini PUK ile çözebilirsiniz. PIN ve PUK yalnızca e-İmza eklentisinin kendi penceresine yazılır; bu sayfa onları görmez."
        </p>
        <CardStatus state=status />
        <ActionMessage message />
        {move || match shown.get() {
            Some(Ok(card)) => view! { <Tokens card busy on_change on_unblock /> }.into_any(),
            Some(Err(error)) => view! { <Notice tone=Tone::Warning>{extension::describe(&error)}</Notice> }.into_any(),
            None => ().into_any(),
        }}
        <PinHelp />
    }
}

#[component]
fn Tokens(
    card: CardResult,
    busy: Signal<bool>,
    on_change: Callback<String>,
    on_unblock: Callback<String>,
) -> impl IntoView {
    if card.tokens.is_empty() {
        let text = if card.readers.is_empty() { ErrorCode::NoReader.message() } else { ErrorCode::NoCard.message() };
        return view! { <p class="panel">{text}</p> }.into_any();
    }
    card.tokens
        .into_iter()
        .map(|token| view! { <TokenPanel token busy on_change on_unblock /> })
        .collect_view()
        .into_any()
}

/// One card: what it is, whose certificate it holds, its PIN state, and the PIN operations.
#[component]
fn TokenPanel(
    token: TokenInfo,
    busy: Signal<bool>,
    on_change: Callback<String>,
    on_unblock: Callback<String>,
) -> impl IntoView {
    let (tone, state) = pin_state(&token);
    let certificate = token.certificates.first().cloned();
    let holder = certificate.as_ref().map(|c| c.subject_cn.clone()).unwrap_or_else(|| "—".into());
    let until = certificate.as_ref().map(|c| turkish_date(&c.not_after)).unwrap_or_else(|| "—".into());
    let (pin_locked, puk_locked) = (token.pin.locked, token.puk.locked);
    let title_id = format!("token-{}", token.id);
    let labelled_by = title_id.clone();
    let (change_id, unblock_id) = (token.id.clone(), token.id.clone());
    view! {
        <section class="panel token" aria-labelledby=labelled_by>
            <h2 id=title_id>{token.label}</h2>
            <dl class="summary">
                <div><dt>"Kart okuyucu"</dt><dd>{token.reader.unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>"Sertifika sahibi"</dt><dd>{holder}</dd></div>
                <div><dt>"Sertifikanın son geçerlilik tarihi"</dt><dd>{until}</dd></div>
                <div><dt>"PIN durumu"</dt><dd class="pin-state">{state}</dd></div>
            </dl>
            <Notice tone>{pin_advice(tone)}</Notice>
            <div class="actions">
                <button type="button" class="button-primary" disabled=move || busy.get() || pin_locked on:click=move |_| {
                    on_change.run(change_id.clone());
                }>"PIN Değiştir"</button>
                <button type="button" class="button-secondary" disabled=move || busy.get() || puk_locked on:click=move |_| {
                    on_unblock.run(unblock_id.clone());
                }>"PIN Kilidini Çöz"</button>
            </div>
        </section>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operation {
    Change,
    Unblock,
}

/// Opens the extension's PIN window for the `target` token and says how it ended; the card is
/// read again afterwards.
fn pin_action(
    target: RwSignal<String>,
    message: RwSignal<Option<(Tone, String)>>,
    refresh: RwSignal<u32>,
    operation: Operation,
) -> Action<(), ()> {
    action(move || async move {
        message.set(Some((Tone::Info, "E-İmza eklentisinin açılan penceresinde devam ediniz…".into())));
        let token_id = target.get_untracked();
        let outcome = match operation {
            Operation::Change => extension::change_pin(token_id).await,
            Operation::Unblock => extension::unblock_pin(token_id).await,
        };
        message.set(Some(outcome_message(operation, &outcome)));
        refresh.update(|n| *n += 1);
    })
}

fn outcome_message(operation: Operation, outcome: &Result<PinResult, ErrorBody>) -> (Tone, String) {
    match (operation, outcome) {
        (Operation::Change, Ok(_)) => {
            (Tone::Success, "PIN'iniz değiştirildi. Bundan sonra imza atarken yeni PIN'inizi kullanınız.".into())
        }
        (Operation::Unblock, Ok(_)) => (Tone::Success, "PIN'inizin kilidi çözüldü ve yeni PIN'iniz kaydedildi.".into()),
        (_, Err(error)) if error.code == ErrorCode::UserCancelled => {
            (Tone::Info, "İşlem iptal edildi; PIN'iniz değişmedi.".into())
        }
        (_, Err(error)) => (Tone::Error, extension::describe(error)),
    }
}

/// The card's PIN state in words, and how urgent it is.
fn pin_state(token: &TokenInfo) -> (Tone, &'static str) {
    match (token.pin, token.puk) {
        (_, puk) if puk.locked => (Tone::Error, "PIN ve PUK kilitli"),
        (pin, _) if pin.locked => (Tone::Error, "PIN kilitli"),
        (pin, _) if pin.final_try => (Tone::Warning, "Son deneme hakkınız kaldı"),
        (pin, _) if pin.count_low => (Tone::Warning, "Deneme hakkınız azaldı"),
        (pin, _) if pin.to_be_changed => (Tone::Warning, "PIN'inizi değiştirmeniz gerekiyor"),
        _ => (Tone::Success, "Kullanılabilir"),
    }
}

fn pin_advice(tone: Tone) -> &'static str {
    match tone {
        Tone::Error => {
            "PIN'iniz kilitliyse \"PIN Kilidini Çöz\" ile PUK'unuzu girip yeni bir PIN belirleyiniz. PUK da kilitliyse kartınızın kilidi çözülemez: Kamu SM'den yeni kart isteyiniz."
        }
        Tone::Warning => {
            "Yanlış PIN denemeleri kartınızı kilitler. PIN'inizden emin değilseniz \"PIN Kilidini Çöz\" ile PUK'unuzu kullanarak yeni bir PIN belirleyebilirsiniz."
        }
        _ => "Kartınız imzaya hazır.",
    }
}

/// Kamu SM's first question, answered.
#[component]
fn PinHelp() -> impl IntoView {
    view! {
        <details class="panel pin-help">
            <summary>"PIN'im kilitlendi, ne yapabilirim?"</summary>
            <p>
                "Üst üste yanlış girilen PIN kartı kilitler. Kartınızla birlikte gelen şifre zarfındaki PUK ile \"PIN Kilidini Çöz\" düğmesinden yeni bir PIN belirleyebilirsiniz. PUK'unuzu bilmiyorsanız ya da PUK da kilitlendiyse Kamu SM Çağrı Merkezi'ne (444 5 576) başvurunuz."
            </p>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use nes_core::bridge::PinState;

    use super::*;

    fn token(pin: PinState, puk: PinState) -> TokenInfo {
        TokenInfo {
            id: "t".into(),
            label: "AKİS".into(),
            manufacturer: String::new(),
            model: String::new(),
            serial: String::new(),
            reader: None,
            pin_min_length: 4,
            pin_max_length: 8,
            pin_pad: false,
            pin,
            puk,
            certificates: vec![],
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn the_worst_state_of_pin_and_puk_is_shown() {
        let fine = PinState::default();
        let locked = PinState { locked: true, ..fine };
        assert_eq!(pin_state(&token(fine, fine)), (Tone::Success, "Kullanılabilir"));
        assert_eq!(pin_state(&token(locked, fine)).1, "PIN kilitli");
        assert_eq!(pin_state(&token(locked, locked)).1, "PIN ve PUK kilitli");
        assert_eq!(
            pin_state(&token(PinState { final_try: true, count_low: true, ..fine }, fine)).1,
            "Son deneme hakkınız kaldı"
        );
        assert_eq!(pin_state(&token(PinState { count_low: true, ..fine }, fine)).0, Tone::Warning);
        assert_eq!(
            pin_state(&token(PinState { to_be_changed: true, ..fine }, fine)).1,
            "PIN'inizi değiştirmeniz gerekiyor"
        );
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_cancelled_window_changes_nothing_and_says_so() {
        let cancelled = Err(ErrorBody::new(ErrorCode::UserCancelled));
        assert_eq!(outcome_message(Operation::Change, &cancelled).0, Tone::Info);
        let locked = Err(ErrorBody::new(ErrorCode::PukLocked));
        assert_eq!(outcome_message(Operation::Unblock, &locked), (Tone::Error, ErrorCode::PukLocked.message().into()));
        let done = Ok(PinResult { pin: PinState::default() });
        assert_eq!(outcome_message(Operation::Unblock, &done).0, Tone::Success);
    }
}
