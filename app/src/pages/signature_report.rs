//! İmza Doğrulama Raporu: one stored signature's report, for the person who signed it and for the
//! officers of its institution — who signed, with which certificate and chain, what OCSP or the
//! CRL said and when, the timestamp, what was signed (digest, doğrulama kodu, site), and each
//! check's outcome. Printable as it is ("Yazdır"); the CAdES-T itself can be downloaded.

use leptos::prelude::*;
use nes_core::date::turkish_time;
use nes_core::signature_report::{Outcome, SignatureReport};

use super::set_title;
use super::signatures::purpose_label;
use crate::api;
use crate::components::loaded::loaded;
use crate::components::table::DataTable;

#[component]
pub fn SignatureReportPage(id: i64) -> impl IntoView {
    set_title("İmza Doğrulama Raporu");
    let report = LocalResource::new(move || api::signature_report(id));
    view! {
        <h1>"İmza Doğrulama Raporu"</h1>
        {loaded(report, move |report: SignatureReport| view! { <Report report id /> })}
    }
}

fn time(value: &Option<String>) -> String {
    value.as_deref().map(turkish_time).unwrap_or_else(|| "-".into())
}

#[component]
fn Report(report: SignatureReport, id: i64) -> impl IntoView {
    let (verdict, tone) = if report.valid { ("GEÇERLİ", "valid") } else { ("GEÇERSİZ", "invalid") };
    let purpose = report.purpose.as_deref().map(|p| purpose_label(p, report.application_no.as_deref()));
    let signer = report.signer.clone();
    let timestamp = report.timestamp.clone().map_or_else(
        || "Yok".to_string(),
        |stamp| format!("{} — {} (seri {})", turkish_time(&stamp.time), stamp.authority, stamp.serial),
    );
    let chain = report
        .chain
        .iter()
        .map(|certificate| {
            view! {
                <tr>
                    <th scope="row" data-label="Sertifika">{certificate.subject.clone()}</th>
                    <td data-label="Veren">{certificate.issuer.clone()}</td>
                    <td data-label="Seri No" class="mono">{certificate.serial.clone()}</td>
                    <td data-label="Geçerlilik">
                        {format!("{} – {}", turkish_time(&certificate.not_before), turkish_time(&certificate.not_after))}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let revocation = report
        .revocation
        .iter()
        .map(|answer| {
            let status = answer.status_label();
            view! {
                <tr>
                    <th scope="row" data-label="Sertifika">{answer.subject.clone()}</th>
                    <td data-label="Durum">{status}</td>
                    <td data-label="Kaynak">{format!("{} {}", answer.source, answer.url)}</td>
                    <td data-label="Yanıt Zamanı">{time(&answer.this_update)}</td>
                    <td data-label="Sonraki Güncelleme">{time(&answer.next_update)}</td>
                </tr>
            }
        })
        .collect_view();
    let checks = report
        .checks
        .iter()
        .map(|line| {
            let class = match line.outcome {
                Outcome::Passed => "outcome passed",
                Outcome::Failed => "outcome failed",
                Outcome::NotChecked => "outcome not-checked",
            };
            view! {
                <tr>
                    <th scope="row" data-label="Kontrol">{line.check.label()}</th>
                    <td data-label="Sonuç" class=class>{line.outcome.label()}</td>
                    <td data-label="Açıklama">{line.detail.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel report" aria-labelledby="verdict">
            <p id="verdict" class=format!("verdict {tone}")>{format!("İmza {verdict}")}</p>
            <dl class="summary">
                {purpose.map(|purpose| view! { <dt>"İşlem"</dt><dd>{purpose}</dd> })}
                <dt>"İmzalayan"</dt>
                <dd>{format!("{} (T.C. Kimlik No {})", signer.name, signer.national_id_masked.unwrap_or_else(|| "-".into()))}</dd>
                <dt>"Sertifika"</dt>
                <dd>{format!("{}, seri no {}", signer.issuer, signer.certificate_serial)}</dd>
                <dt>"Zaman damgası"</dt>
                <dd>{timestamp}</dd>
                <dt>"İmza zamanı (imzalayanın bilgisayarı)"</dt>
                <dd>{time(&report.signing_time)}</dd>
                <dt>"Doğrulama kodu"</dt>
                <dd class="mono">{report.verification_code.clone().unwrap_or_else(|| "-".into())}</dd>
                <dt>"İmzayı isteyen site"</dt>
                <dd>{report.origin.clone().unwrap_or_else(|| "-".into())}</dd>
                <dt>"İçerik özeti"</dt>
                <dd class="mono digest">{report.content_digest.clone()}</dd>
                <dt>"Doğrulama zamanı"</dt>
                <dd>{turkish_time(&report.validated_at)}</dd>
            </dl>
            <p class="note">"Saatler Türkiye saatiyle (UTC+3) gösterilir."</p>
        </section>
        <h2>"Kontroller"</h2>
        <DataTable class="checks" caption="Yapılan kontroller" headings=&["Kontrol", "Sonuç", "Açıklama"]>
            {checks}
        </DataTable>
        <h2>"Sertifika Zinciri"</h2>
        <DataTable class="chain" caption="İmzalayan sertifikadan köke" headings=&["Sertifika", "Veren", "Seri No", "Geçerlilik"]>
            {chain}
        </DataTable>
        <h2>"İptal Durumu"</h2>
        <DataTable
            class="revocation"
            caption="OCSP ve SİL yanıtları"
            headings=&["Sertifika", "Durum", "Kaynak", "Yanıt Zamanı", "Sonraki Güncelleme"]
        >
            {revocation}
        </DataTable>
        <p class="actions no-print">
            <button type="button" class="button-primary" on:click=move |_| { let _ = window().print(); }>"Yazdır"</button>
            <a class="button-link" href=api::signature_file_url(id) download="">"İmza Dosyasını İndir (.p7s)"</a>
        </p>
    }
}
