//! "CSV ile Talep Yükle" in Kurum İşlemleri: the ön başvuru CSV the CLI imports
//! (`tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni`), each row a talep.
//! All or none: the server lists every bad row (`satır N: …`) and files nothing until all are right.

use leptos::prelude::*;
use nes_core::pre_application::CSV_HEADER;
use wasm_bindgen::JsCast;

use crate::action::action;
use crate::api::{self, ApiFailure};
use crate::components::notice::{ActionMessage, Tone};
use crate::session::Session;

const INPUT_ID: &str = "field-talep_csv";

/// The chosen file's text, read in the browser.
async fn chosen_file() -> Result<String, String> {
    let file = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(INPUT_ID))
        .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
        .ok_or_else(|| "Lütfen bir CSV dosyası seçiniz.".to_string())?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
    text.ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| "Dosya okunamadı; UTF-8 bir CSV dosyası seçiniz.".to_string())
}

#[component]
pub fn UploadTaleps(filed: Callback<()>) -> impl IntoView {
    let message = RwSignal::new(None::<(Tone, String)>);
    let rows = RwSignal::new(Vec::<String>::new());
    let session = Session::get();
    let upload = action(move || async move {
        rows.set(Vec::new());
        let outcome = match chosen_file().await {
            Ok(text) => api::upload_taleps(text).await,
            Err(problem) => return message.set(Some((Tone::Error, problem))),
        };
        match outcome {
            Ok(filed_now) => {
                message.set(Some((Tone::Success, format!("{} talep oluşturuldu.", filed_now.len()))));
                filed.run(());
            }
            Err(ApiFailure::Validation(errors)) => {
                message.set(Some((
                    Tone::Error,
                    "Dosyadan hiçbir talep oluşturulmadı; aşağıdaki satırları düzeltip yeniden yükleyiniz.".into(),
                )));
                rows.set(errors.get("csv").to_vec());
            }
            Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
        }
    });
    view! {
        <details class="panel upload-taleps">
            <summary>"CSV ile Talep Yükle"</summary>
            <p class="hint">{format!("Başlık satırı: {}", CSV_HEADER.join(","))}</p>
            <label for=INPUT_ID>"CSV dosyası"</label>
            <input type="file" id=INPUT_ID name="talep_csv" accept=".csv,text/csv" />
            <ActionMessage message />
            <ul class="csv-errors">{move || rows.get().into_iter().map(|row| view! { <li>{row}</li> }).collect_view()}</ul>
            <button type="button" class="button-primary" disabled=move || upload.pending().get() on:click=move |_| {
                upload.dispatch(());
            }>"Yükle"</button>
        </details>
    }
}
