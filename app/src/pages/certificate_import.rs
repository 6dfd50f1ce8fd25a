//! "İçe Aktar" on Sertifikalar: the e-imza yetkilisi sends the staff's certificates the server has
//! not seen, as one CSV (`tc_kimlik_no,seri_no,bitis`) or as certificate files (PEM or DER, several
//! at once). All or none: the server lists every bad row (`satır N: …`) or file and stores nothing
//! until all are right.

use leptos::prelude::*;
use nes_core::api::{CertificateFile, CertificateFiles, CertificateImport};
use nes_core::certificate_import::CSV_HEADER;
use wasm_bindgen::JsCast;

use crate::action::action;
use crate::api::{self, ApiFailure};
use crate::components::notice::{ActionMessage, Tone};
use crate::session::Session;

const INPUT_ID: &str = "field-certificate_import";

/// What the chosen files are sent as.
#[derive(Debug, PartialEq, Eq)]
enum Chosen {
    Csv,
    Certificates,
}

/// One CSV on its own, or certificate files: the two go to different endpoints.
fn chosen(names: &[String]) -> Result<Chosen, &'static str> {
    let csv = names.iter().filter(|name| name.to_lowercase().ends_with(".csv")).count();
    match (names.len(), csv) {
        (0, _) => Err("Lütfen bir CSV dosyası ya da sertifika dosyaları seçiniz."),
        (1, 1) => Ok(Chosen::Csv),
        (_, 0) => Ok(Chosen::Certificates),
        _ => Err("CSV dosyasını tek başına gönderiniz; sertifika dosyalarını ayrıca seçiniz."),
    }
}

/// The files chosen in the input.
fn files() -> Vec<web_sys::File> {
    let list = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(INPUT_ID))
        .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files());
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|index| list.get(index)).collect()
}

/// The file's bytes as base64 (the browser's `btoa` over its bytes as Latin-1 characters).
async fn base64_of(file: &web_sys::File) -> Option<String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.ok()?;
    let binary: String = js_sys::Uint8Array::new(&buffer).to_vec().into_iter().map(char::from).collect();
    web_sys::window()?.btoa(&binary).ok()
}

/// Sends the chosen files; the problem before sending, or the server's answer.
async fn send(files: Vec<web_sys::File>) -> Result<api::ApiResult<CertificateImport>, String> {
    let names: Vec<String> = files.iter().map(web_sys::File::name).collect();
    match chosen(&names)? {
        Chosen::Csv => {
            let text = wasm_bindgen_futures::JsFuture::from(files[0].text()).await;
            let text = text.ok().and_then(|text| text.as_string()).ok_or("Dosya okunamadı; UTF-8 bir CSV seçiniz.")?;
            Ok(api::import_certificates_csv(text).await)
        }
        Chosen::Certificates => {
            let mut request = CertificateFiles { files: Vec::with_capacity(files.len()) };
            for (file, name) in files.iter().zip(names) {
                let content_base64 = base64_of(file).await.ok_or("Dosya okunamadı.")?;
                request.files.push(CertificateFile { name, content_base64 });
            }
            Ok(api::import_certificate_files(&request).await)
        }
    }
}

#[component]
pub fn ImportCertificates(imported: Callback<()>) -> impl IntoView {
    let message = RwSignal::new(None::<(Tone, String)>);
    let problems = RwSignal::new(Vec::<String>::new());
    let session = Session::get();
    let upload = action(move || async move {
        problems.set(Vec::new());
        message.set(None);
        let outcome = match send(files()).await {
            Ok(outcome) => outcome,
            Err(problem) => return message.set(Some((Tone::Error, problem.to_owned()))),
        };
        match outcome {
            Ok(CertificateImport { imported: new, known }) => {
                let text = format!("{new} sertifika içe aktarıldı, {known} zaten kayıtlıydı.");
                message.set(Some((Tone::Success, text)));
                imported.run(());
            }
            Err(ApiFailure::Validation(errors)) => {
                message.set(Some((
                    Tone::Error,
                    "Hiçbir sertifika kaydedilmedi; aşağıdakileri düzeltip yeniden gönderiniz.".into(),
                )));
                problems.set(errors.iter().flat_map(|(_, messages)| messages.iter().cloned()).collect());
            }
            Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
        }
    });
    view! {
        <details class="panel certificate-import">
            <summary>"İçe Aktar"</summary>
            <ImportHelp />
            <label for=INPUT_ID>"CSV veya sertifika dosyaları"</label>
            <input type="file" id=INPUT_ID name="certificate_import" multiple=true
                accept=".csv,.pem,.crt,.cer,.der,text/csv" />
            <ActionMessage message />
            <ul class="csv-errors">{move || problems.get().into_iter().map(|row| view! { <li>{row}</li> }).collect_view()}</ul>
            <button type="button" class="button-primary" disabled=move || upload.pending().get() on:click=move |_| {
                upload.dispatch(());
            }>{move || if upload.pending().get() { "Gönderiliyor…" } else { "İçe Aktar" }}</button>
        </details>
    }
}

#[component]
fn ImportHelp() -> impl IntoView {
    view! {
        <p class="hint">
            {format!("CSV: başlık satırı {}; ör. ", CSV_HEADER.join(","))}
            <code>"12345678950,0A:1B:2C:3D,31.12.2027"</code>
            ". Seri no onaltılık (iki nokta veya boşluklu olabilir), bitiş GG.AA.YYYY ya da YYYY-AA-GG."
        </p>
        <p class="hint">
            "Sertifika dosyaları (.pem, .crt, .cer, .der): birden çok seçilebilir; kişi, sertifikadaki T.C. Kimlik No'dan bulunur."
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn one_csv_alone_or_certificate_files() {
        assert_eq!(chosen(&names(&["Sertifikalar.CSV"])), Ok(Chosen::Csv));
        assert_eq!(chosen(&names(&["a.pem", "b.cer", "c.der"])), Ok(Chosen::Certificates));
        assert!(chosen(&names(&["a.csv", "b.pem"])).is_err());
        assert!(chosen(&names(&["a.csv", "b.csv"])).is_err());
        assert!(chosen(&[]).is_err());
    }
}
