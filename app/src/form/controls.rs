//! Controls bound to one nes-core [`Field`] of the form state: label, required mark and key come
//! from the field itself, the error from `ApplicationForm::check`.

use leptos::prelude::*;
use nes_core::form::{ApplicationReason, Field};
use nes_core::geo;

use super::state::FormState;
use super::values;
use crate::components::field::{InputKind, RadioField, SelectField, TextField};

fn error_of(state: FormState, field: Field) -> Signal<Option<String>> {
    Signal::derive(move || state.error(field))
}

fn value_of(state: FormState, field: Field) -> Signal<String> {
    Signal::derive(move || state.value(field))
}

#[component]
pub fn FormText(
    state: FormState,
    field: Field,
    #[prop(optional)] kind: InputKind,
    #[prop(optional_no_strip)] autocomplete: Option<&'static str>,
    #[prop(optional_no_strip)] hint: Option<&'static str>,
) -> impl IntoView {
    let on_input = move |text: String| {
        let text = if field == Field::MobilePhone { values::mask_mobile(&text) } else { text };
        // A complete posta kodu is checked at once: it is what fills il and ilçe.
        let complete_code = field == Field::PostalCode && text.trim().len() == 5;
        state.set(field, text);
        if complete_code {
            state.touch(field);
        }
    };
    view! {
        <TextField
            key=field.key()
            label=field.label()
            required=state.required(field)
            kind
            autocomplete=autocomplete.or(Some("off"))
            hint
            value=value_of(state, field)
            error=error_of(state, field)
            on_input=on_input
            on_blur=move |()| state.touch(field)
        />
    }
}

/// A closed choice as a select.
#[component]
pub fn FormSelect(state: FormState, field: Field, #[prop(optional)] hint: Option<&'static str>) -> impl IntoView {
    select(state, field, Signal::stored(values::choice_options(field)), hint)
}

/// A closed choice as radio buttons.
#[component]
pub fn FormRadio(state: FormState, field: Field) -> impl IntoView {
    view! {
        <RadioField
            key=field.key()
            label=field.label()
            required=state.required(field)
            options=values::choice_options(field)
            value=value_of(state, field)
            error=error_of(state, field)
            on_change=move |value| state.choose(field, value)
        />
    }
}

fn select(
    state: FormState,
    field: Field,
    options: Signal<Vec<(String, String)>>,
    hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <SelectField
            key=field.key()
            label=field.label()
            required=state.required(field)
            hint
            options
            value=value_of(state, field)
            error=error_of(state, field)
            on_change=move |value| state.choose(field, value)
            on_blur=move |()| state.touch(field)
        />
    }
}

/// İl: the 81 iller in Turkish alphabetical order (Çorum after Çankırı, İstanbul after Iğdır).
#[component]
pub fn ProvinceSelect(state: FormState) -> impl IntoView {
    let options = geo::provinces_by_name()
        .into_iter()
        .map(|province| (province.plate_code(), province.name.to_string()))
        .collect::<Vec<_>>();
    select(state, Field::Province, Signal::stored(options), None)
}

/// İlçe: the ilçeler of the chosen il, empty until an il is chosen.
#[component]
pub fn DistrictSelect(state: FormState) -> impl IntoView {
    let options = Memo::new(move |_| {
        let province = state.form.with(|form| geo::province_by_code(&form.province));
        province
            .map(|province| {
                geo::districts_by_name(province.plate)
                    .into_iter()
                    .map(|district| (district.name.to_string(), district.display_name()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    select(
        state,
        Field::District,
        options.into(),
        Some("Önce il seçiniz; posta kodunu yazarsanız il ve ilçe kendiliğinden seçilir."),
    )
}

/// What the chosen başvuru nedeni means.
#[component]
pub fn ReasonExplanation(state: FormState) -> impl IntoView {
    move || {
        state
            .form
            .with(|form| form.application_reason)
            .map(|reason: ApplicationReason| view! { <p class="explanation">{reason.explanation()}</p> })
    }
}

/// A five-digit posta kodu that is not one of the chosen ilçe's (not in PTT's list, or another
/// ilçe's): that ilçe's codes, to choose one with a press.
#[component]
pub fn PostalCodeChoices(state: FormState) -> impl IntoView {
    let offer = move || {
        state.form.with(|form| {
            let code = form.postal_code.trim();
            let typed_in_full = code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit());
            let district =
                geo::province_by_code(&form.province).and_then(|p| geo::district(p.plate, &form.district))?;
            (typed_in_full && !district.has_postal_code(code))
                .then(|| (district.display_name(), district.postal_codes().collect::<Vec<_>>()))
        })
    };
    move || {
        let (name, codes) = offer()?;
        let buttons = codes
            .into_iter()
            .map(|code| {
                let chosen = code.clone();
                view! {
                    <button type="button" class="button-secondary choice" on:click=move |_| state.choose(Field::PostalCode, chosen.clone())>
                        {code}
                    </button>
                }
            })
            .collect_view();
        Some(view! {
            <div class="postal-choices" id="postal-code-choices">
                <p class="hint">{format!("{name} ilçesinin posta kodları; birini seçebilirsiniz:")}</p>
                <div class="choices">{buttons}</div>
            </div>
        })
    }
}
