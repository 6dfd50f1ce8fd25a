//! Labelled inputs with their error line. Every control gets `id="field-<key>"` and `name="<key>"`
//! (the nes-core field keys, which the e2e suite relies on); the error line below is always there
//! (so the layout does not jump), linked with `aria-describedby` and announced politely.

use leptos::prelude::*;

/// The ids a field's parts use.
pub fn input_id(key: &str) -> String {
    format!("field-{key}")
}

pub fn error_id(key: &str) -> String {
    format!("field-{key}-error")
}

/// Focuses a field's control (the first radio of a radio group).
pub fn focus_field(key: &str) {
    focus_selector(&format!("#field-{key} input, input#field-{key}, select#field-{key}, textarea#field-{key}"));
}

/// Focuses the element with this id (one with `tabindex="-1"` when it is not a control).
pub fn focus_element(id: &str) {
    focus_selector(&format!("#{id}"));
}

/// Focuses the element with this id once the screen has drawn it (it appears with this change).
pub fn focus_when_drawn(id: &'static str) {
    leptos::prelude::request_animation_frame(move || focus_element(id));
}

fn focus_selector(selector: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector(selector).ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

fn hint_id(key: &str) -> String {
    format!("field-{key}-hint")
}

fn described_by(key: &str, has_hint: bool) -> String {
    if has_hint { format!("{} {}", hint_id(key), error_id(key)) } else { error_id(key) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputKind {
    #[default]
    Text,
    Email,
    Tel,
    Password,
    /// A calendar date typed as `GG.AA.YYYY` (not the browser's date picker, which shows the
    /// browser's own locale's order).
    Date,
    /// Digits only, with a numeric keypad on phones.
    Digits(u32),
    TextArea,
}

/// The "*" of required fields; screen readers get `aria-required` on the control instead.
#[component]
fn RequiredMark(required: bool) -> impl IntoView {
    required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })
}

#[component]
fn Label(key: &'static str, label: &'static str, required: bool) -> impl IntoView {
    view! {
        <label for=input_id(key)>
            {label}
            <RequiredMark required />
        </label>
    }
}

#[component]
fn Hint(key: &'static str, hint: Option<&'static str>) -> impl IntoView {
    hint.map(|hint| view! { <p class="hint" id=hint_id(key)>{hint}</p> })
}

#[component]
pub fn ErrorLine(key: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=error_id(key) aria-live="polite">
            {move || error.get()}
        </p>
    }
}

/// A text-like input (or textarea).
#[component]
pub fn TextField(
    key: &'static str,
    label: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] kind: InputKind,
    #[prop(optional_no_strip)] autocomplete: Option<&'static str>,
    #[prop(optional_no_strip)] hint: Option<&'static str>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into, optional)] on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let blur = move |_| {
        if let Some(on_blur) = on_blur {
            on_blur.run(());
        }
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let control = if kind == InputKind::TextArea {
        view! {
            <textarea
                id=input_id(key)
                name=key
                rows="3"
                aria-required=required.to_string()
                aria-invalid=invalid
                aria-describedby=described_by(key, hint.is_some())
                autocomplete=autocomplete
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur=blur
            ></textarea>
        }
        .into_any()
    } else {
        let (input_type, inputmode, maxlength) = match kind {
            InputKind::Email => ("email", None, None),
            InputKind::Tel => ("tel", Some("tel"), None),
            InputKind::Password => ("password", None, None),
            InputKind::Date => ("text", Some("numeric"), Some(10)),
            InputKind::Digits(length) => ("text", Some("numeric"), Some(length)),
            InputKind::Text | InputKind::TextArea => ("text", None, None),
        };
        view! {
            <input
                id=input_id(key)
                name=key
                type=input_type
                inputmode=inputmode
                maxlength=maxlength
                placeholder=(kind == InputKind::Date).then_some("GG.AA.YYYY")
                autocomplete=autocomplete
                aria-required=required.to_string()
                aria-invalid=invalid
                aria-describedby=described_by(key, hint.is_some())
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur=blur
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <Label key label required />
            <Hint key hint />
            {control}
            <ErrorLine key error />
        </div>
    }
}

/// A select with a "Seçiniz" placeholder; options are `(value, label)`.
#[component]
pub fn SelectField(
    key: &'static str,
    label: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional_no_strip)] hint: Option<&'static str>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into, optional)] on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let blur = move |_| {
        if let Some(on_blur) = on_blur {
            on_blur.run(());
        }
    };
    view! {
        <div class="field">
            <Label key label required />
            <Hint key hint />
            <select
                id=input_id(key)
                name=key
                aria-required=required.to_string()
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by(key, hint.is_some())
                on:change=move |ev| on_change.run(event_target_value(&ev))
                on:blur=blur
                prop:value=move || value.get()
            >
                <option value="">"Seçiniz"</option>
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(option, text)| {
                            let selected = option == current;
                            view! { <option value=option selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <ErrorLine key error />
        </div>
    }
}

/// A group of radio buttons in a fieldset; each radio is `field-<key>-<value>`.
#[component]
pub fn RadioField(
    key: &'static str,
    label: &'static str,
    #[prop(optional)] required: bool,
    options: Vec<(String, String)>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_change: Callback<String>,
) -> impl IntoView {
    let radios = options
        .into_iter()
        .map(|(option, text)| {
            let id = format!("{}-{option}", input_id(key));
            let label_for = id.clone();
            let checked_option = option.clone();
            let chosen = option.clone();
            view! {
                <label class="radio" for=label_for>
                    <input
                        type="radio"
                        id=id
                        name=key
                        value=option
                        prop:checked=move || value.with(|v| *v == checked_option)
                        on:change=move |_| on_change.run(chosen.clone())
                    />
                    {text}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset
            class="field radio-group"
            role="radiogroup"
            id=input_id(key)
            aria-required=required.to_string()
            aria-invalid=move || error.with(Option::is_some).to_string()
            aria-describedby=error_id(key)
        >
            <legend>
                {label}
                <RequiredMark required />
            </legend>
            <div class="radio-options">{radios}</div>
            <ErrorLine key error />
        </fieldset>
    }
}
