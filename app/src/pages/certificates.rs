//! "Sertifikalar" in Kurum İşlemleri, for BİDB's e-imza yetkilisi: the newest certificate of each
//! person of the institution, soonest end first, with the last reminder and the renewal's status;
//! the office filters by end (30/60/90 days, expired), renewal started or not and birim, sees the
//! end dates by month (the waves coming), and downloads the filtered list as CSV. The filters are
//! `nes_core::expiry`'s, the same the server's CSV export applies. "İçe Aktar"
//! (`certificate_import.rs`) adds the certificates the server has not seen; the list then reloads.

use leptos::prelude::*;
use nes_core::date::turkish_date;
use nes_core::expiry::{Ending, Filter, Renewal, StaffCertificate, by_month};

use super::certificate_import::ImportCertificates;
use crate::api;
use crate::clock;
use crate::components::loaded::loaded;
use crate::components::table::DataTable;

#[component]
pub fn InstitutionCertificates() -> impl IntoView {
    let certificates = LocalResource::new(api::officer_certificates);
    view! {
        <section class="panel certificates" aria-labelledby="certificates-title">
            <h2 id="certificates-title">"Sertifikalar"</h2>
            <p class="muted">
                "Kurumunuz personelinin kullandığı en yeni nitelikli sertifikalar. Süresi yaklaşanlara 90, 60, 30 ve 7 gün kala hatırlatma gönderilir."
            </p>
            <ImportCertificates imported=Callback::new(move |()| certificates.refetch()) />
            {loaded(certificates, |list: Vec<StaffCertificate>| {
                if list.is_empty() {
                    return view! { <p>"Henüz kurumunuz personeline ait bir sertifika görülmedi (e-imzalı giriş, imza veya İçe Aktar ile kaydedilir)."</p> }.into_any();
                }
                view! { <CertificateList list /> }.into_any()
            })}
        </section>
    }
}

#[component]
fn CertificateList(list: Vec<StaffCertificate>) -> impl IntoView {
    let filter = RwSignal::new(Filter::default());
    let mut birims: Vec<String> = list.iter().map(|row| row.department.clone()).filter(|b| !b.is_empty()).collect();
    birims.sort();
    birims.dedup();
    let list = StoredValue::new(list);
    let shown = Memo::new(move |_| {
        filter.with(|filter| {
            list.with_value(|list| list.iter().filter(|row| filter.matches(row)).cloned().collect::<Vec<_>>())
        })
    });
    let csv = move || filter.with(api::officer_certificates_csv);
    view! {
        <div class="filters">
            <Choice id="field-certificate_ending" label="Bitiş" options=Ending::ALL.iter().map(|o| (o.key(), o.label())).collect()
                on_change=move |key: String| filter.update(|f| f.ending = Ending::from_key(&key).unwrap_or(Ending::All)) />
            <Choice id="field-certificate_renewal" label="Yenileme" options=Renewal::ALL.iter().map(|o| (o.key(), o.label())).collect()
                on_change=move |key: String| filter.update(|f| f.renewal = Renewal::from_key(&key).unwrap_or(Renewal::Any)) />
            <div class="field">
                <label for="field-certificate_birim">"Birim"</label>
                <select id="field-certificate_birim" on:change=move |event| {
                    let birim = event_target_value(&event);
                    filter.update(|f| f.birim = (!birim.is_empty()).then_some(birim));
                }>
                    <option value="">"Tümü"</option>
                    {birims.into_iter().map(|birim| view! { <option value=birim.clone()>{birim.clone()}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <p>
            {move || format!("{} kişi gösteriliyor. ", shown.with(Vec::len))}
            <a class="download" href=csv download="">"Listeyi CSV olarak indir"</a>
        </p>
        <Months rows=shown />
        <DataTable class="certificates" caption="Personelin sertifikaları" headings=&["Personel", "Birim", "Son Geçerlilik", "Son Hatırlatma", "Yenileme"]>
            {move || shown.get().into_iter().map(|row| view! { <CertificateRow row /> }).collect_view()}
        </DataTable>
    }
}

/// A labelled select of `(key, label)` options.
#[component]
fn Choice(
    id: &'static str,
    label: &'static str,
    options: Vec<(&'static str, &'static str)>,
    on_change: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |event| on_change(event_target_value(&event))>
                {options.into_iter().map(|(key, label)| view! { <option value=key>{label}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// The end dates of the shown certificates by month, for the next twelve: bars with their counts,
/// a list for screen readers.
#[component]
fn Months(rows: Memo<Vec<StaffCertificate>>) -> impl IntoView {
    let today = clock::today().iso();
    let months = Memo::new(move |_| rows.with(|rows| by_month(rows, &today)));
    view! {
        <figure class="months">
            <figcaption>"Önümüzdeki 12 ayda süresi dolacak sertifikalar"</figcaption>
            <ol>
                {move || {
                    let months = months.get();
                    let most = months.iter().map(|(_, count)| *count).max().unwrap_or(0).max(1);
                    months
                        .into_iter()
                        .map(|(month, count)| {
                            let height = format!("height: {}%", count * 100 / most);
                            view! {
                                <li>
                                    <span class="bar" style=height></span>
                                    <span class="count">{count}</span>
                                    <span class="month">{month_label(&month)}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </figure>
    }
}

/// `2027-01` as "Oca 2027".
fn month_label(month: &str) -> String {
    const NAMES: [&str; 12] = ["Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"];
    let index = month.get(5..7).and_then(|m| m.parse::<usize>().ok()).unwrap_or(1).clamp(1, 12) - 1;
    format!("{} {}", NAMES[index], month.get(..4).unwrap_or_default())
}

#[component]
fn CertificateRow(row: StaffCertificate) -> impl IntoView {
    let days = if row.days_left < 0 {
        format!("süresi {} gün önce doldu", -row.days_left)
    } else {
        format!("{} gün kaldı", row.days_left)
    };
    let urgent = row.days_left <= 30;
    let renewal = row.renewal.map(|status| status.label().to_owned()).unwrap_or_else(|| "Başlatılmadı".into());
    view! {
        <tr class:urgent=urgent>
            <th scope="row" data-label="Personel">{row.name}<br /><span class="muted">{row.national_id_masked}</span></th>
            <td data-label="Birim">{row.department}</td>
            <td data-label="Son Geçerlilik">{turkish_date(&row.not_after)}<br /><span class="muted">{days}</span></td>
            <td data-label="Son Hatırlatma">{row.last_reminder.as_deref().map(turkish_date).unwrap_or_else(|| "—".into())}</td>
            <td data-label="Yenileme">{renewal}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn months_read_as_people_say_them() {
        assert_eq!(month_label("2027-01"), "Oca 2027");
        assert_eq!(month_label("2026-12"), "Ara 2026");
    }
}
