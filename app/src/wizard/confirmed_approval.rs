//! Approving without the card, on Onay: by **E-Onay** or with the **ıslak imzalı form**. Both take
//! the taahhütname ticked, and both may first need the code sent to the e-posta on record: in a
//! session opened with identity data, with a cep telefonu not confirmed before, the server answers
//! `CONFIRMATION_REQUIRED` (see ARCHITECTURE.md, "Who may approve"), `email_confirmation.rs` asks for
//! the code, and the approval is made again once it is accepted.

use leptos::prelude::*;
use nes_core::api::ErrorCode;
use nes_core::texts::COMMITMENT_TITLE;

use super::email_confirmation::EmailConfirmation;
use crate::action::action;
use crate::api::{self, ApiResult};
use crate::components::field::input_id;
use crate::components::notice::{ActionMessage, Tone};
use crate::session::Session;

/// Which approval a panel makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalKind {
    EOnay,
    WetForm,
}

impl ApprovalKind {
    /// The taahhütname box's key (`field-<key>`): one per panel on the page.
    fn commitment_key(self) -> &'static str {
        match self {
            ApprovalKind::EOnay => "commitment_accepted",
            ApprovalKind::WetForm => "wet_commitment_accepted",
        }
    }

    fn button(self) -> &'static str {
        match self {
            ApprovalKind::EOnay => "E-Onay",
            ApprovalKind::WetForm => "Islak İmzalı Formu Oluştur",
        }
    }

    fn button_class(self) -> &'static str {
        match self {
            ApprovalKind::EOnay => "button-primary",
            ApprovalKind::WetForm => "button-secondary",
        }
    }

    async fn submit(self, no: &str) -> ApiResult<()> {
        match self {
            ApprovalKind::EOnay => api::approve_with_e_onay(no).await,
            ApprovalKind::WetForm => api::choose_wet_form(no).await,
        }
    }
}

/// The taahhütname box, the approval's button and, when the server asks for it, the e-posta code.
#[component]
pub fn ConfirmedApproval(no: String, kind: ApprovalKind, done: Callback<()>) -> impl IntoView {
    let accepted = RwSignal::new(false);
    let message = RwSignal::new(None::<(Tone, String)>);
    // Why the e-posta code is needed, while it is.
    let confirmation = RwSignal::new(None::<String>);
    let session = Session::get();
    let approve_no = no.clone();
    let approve = action(move || {
        let no = approve_no.clone();
        async move {
            let failure = match kind.submit(&no).await {
                Ok(()) => {
                    // An approved renewal ends the Yenileme banner: `/me` says so now.
                    session.reload();
                    return done.run(());
                }
                Err(failure) => session.observe(failure),
            };
            if failure.code() == Some(ErrorCode::ConfirmationRequired) {
                message.set(None);
                confirmation.set(Some(failure.message()));
            } else {
                message.set(Some((Tone::Error, failure.message())));
            }
        }
    });
    // With the e-posta code accepted, the approval that asked for it is made again.
    let confirmed = Callback::new(move |()| {
        confirmation.set(None);
        if accepted.get_untracked() {
            approve.dispatch(());
        }
    });
    let step = move || match confirmation.get() {
        Some(reason) => view! { <EmailConfirmation no=no.clone() reason on_verified=confirmed /> }.into_any(),
        None => view! {
            <button
                type="button"
                class=kind.button_class()
                on:click=move |_| {
                    approve.dispatch(());
                }
                disabled=move || approve.pending().get() || !accepted.get()
            >
                {kind.button()}
            </button>
        }
        .into_any(),
    };
    let key = kind.commitment_key();
    view! {
        <label class="checkbox" for=input_id(key)>
            <input
                type="checkbox"
                id=input_id(key)
                name=key
                prop:checked=move || accepted.get()
                on:change=move |ev| accepted.set(event_target_checked(&ev))
            />
            {format!("{COMMITMENT_TITLE}'ni okudum, kabul ediyorum.")}
        </label>
        <ActionMessage message />
        {step}
    }
}
