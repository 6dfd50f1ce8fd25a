//! `POST /officer/certificates/csv` and `POST /officer/certificates/files`: BİDB's e-imza
//! yetkilisi tells the server the staff's certificates it has not seen (issue 12), as a CSV of
//! `tc_kimlik_no,seri_no,bitis` or as the certificate files (PEM or DER). The rules of both are
//! `nes_core::certificate_import`'s. All or nothing: every bad row or file, a person who is not of
//! the office's staff (an application not cancelled in the officer's institutions) and a serial
//! on record for someone else are each reported, and then nothing is stored. Each certificate is
//! recorded by `observe` as an import: never the card in use, never renaming one on record.

use std::collections::HashMap;

use axum::extract::State;
use base64::Engine as _;
use nes_core::api::{CertificateFiles, CertificateImport};
use nes_core::certificate_import::{Item, Upload, csv_file, files as certificate_files, in_order};
use nes_core::institution::Role;
use sqlx::AnyConnection;

use super::{Observed, Seen, observe};
use crate::error::{Error, Result};
use crate::extract::{Json, Text};
use crate::officers::Officer;
use crate::{AppState, audit};

/// A CSV of 5,000 rows is about 150 KB; the files come base64 in JSON (a certificate is 1–2 KB, a
/// third more as base64), so 4 MB holds a couple of thousand of them.
pub(super) const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// A file's name as messages repeat it: no control characters, at most this many characters.
const NAME_MAX_CHARS: usize = 80;

#[utoipa::path(post, path = "/officer/certificates/csv", tag = "officer",
    request_body(content = String, content_type = "text/csv",
        description = "UTF-8 (a BOM allowed), header `tc_kimlik_no,seri_no,bitis`: the holder, the certificate's serial in hex (colons, spaces, leading zeros and case as a viewer shows it), the end date as GG.AA.YYYY or YYYY-MM-DD. At most 5,000 rows."),
    responses((status = 200, description = "Every row recorded, or on record already", body = nes_core::api::CertificateImport),
        (status = 413, description = "PAYLOAD_TOO_LARGE: more than 4 MB", body = nes_core::api::ErrorBody),
        (status = 422, description = "`csv` → `satır N: …` for every bad row (N counts the header as line 1); nothing stored", body = nes_core::api::ValidationErrorBody),
        crate::openapi::OfficerOnly))]
pub(crate) async fn csv(
    State(state): State<AppState>,
    officer: Officer,
    Text(body): Text,
) -> Result<Json<CertificateImport>> {
    officer.require(Role::SignatureOfficer)?;
    let upload = csv_file::read(&body).map_err(Error::csv_rows)?;
    store(&state, &officer, "csv", upload).await.map(Json)
}

#[utoipa::path(post, path = "/officer/certificates/files", tag = "officer",
    request_body(content = nes_core::api::CertificateFiles,
        description = "Certificate files, base64: PEM (one or more CERTIFICATE blocks; a chain's CA certificates are passed over) or DER. The holder is the subject's serialNumber (the T.C. Kimlik No, bare or `PNOTR-…`). At most 5,000 certificates, 4 MB."),
    responses((status = 200, description = "Every certificate recorded, or on record already", body = nes_core::api::CertificateImport),
        (status = 422, description = "`files` → `<dosya adı>: …` for every bad file or certificate; nothing stored", body = nes_core::api::ValidationErrorBody),
        crate::openapi::BadBody, crate::openapi::OfficerOnly))]
pub(crate) async fn files(
    State(state): State<AppState>,
    officer: Officer,
    Json(request): Json<CertificateFiles>,
) -> Result<Json<CertificateImport>> {
    officer.require(Role::SignatureOfficer)?;
    if request.files.is_empty() {
        return Err(Error::on_field("files", "En az bir sertifika dosyası seçiniz."));
    }
    let mut upload = Upload::default();
    for file in &request.files {
        let name = shown_name(&file.name);
        match base64::engine::general_purpose::STANDARD.decode(&file.content_base64) {
            Ok(bytes) => certificate_files::add(&mut upload, &name, &bytes),
            Err(_) => upload.add(name, Err("dosyanın içeriği base64 olarak çözülemedi".into())),
        }
    }
    store(&state, &officer, "files", upload).await.map(Json)
}

/// `name` without control characters and cut short, so a message repeats nothing unbounded.
fn shown_name(name: &str) -> String {
    let name: String = name.chars().filter(|c| !c.is_control()).take(NAME_MAX_CHARS).collect();
    if name.trim().is_empty() { "(adsız dosya)".into() } else { name }
}

#[derive(sqlx::FromRow)]
struct Staff {
    id: i64,
    national_id: String,
    first_name: String,
    last_name: String,
}

/// Records the upload's certificates in one transaction. Its problems, and those found here, are
/// all reported (`field` keys them) and then nothing is kept.
async fn store(state: &AppState, officer: &Officer, field: &'static str, upload: Upload) -> Result<CertificateImport> {
    let within = super::institutions_of(officer);
    let staff_sql = format!(
        "SELECT p.id, p.national_id, p.first_name, p.last_name FROM persons p WHERE {}",
        super::is_staff(&within)
    );
    // Written before anything is read: SQLite's write lock is taken (waiting its turn) first, as a
    // transaction that reads first could not upgrade beside another writer (the mail worker). No
    // change; on PostgreSQL it makes two imports of one institution take turns.
    let lock = format!("UPDATE institutions SET name = name WHERE id IN ({within})");
    let actor = officer.actor();
    let (items, mut problems) = upload.into_parts();
    state
        .writes
        .transaction(move |conn| {
            Box::pin(async move {
                sqlx::query(&lock).execute(&mut *conn).await?;
                let staff: HashMap<String, Staff> = sqlx::query_as::<_, Staff>(&staff_sql)
                    .fetch_all(&mut *conn)
                    .await?
                    .into_iter()
                    .map(|person| (person.national_id.clone(), person))
                    .collect();
                let mut summary = CertificateImport { imported: 0, known: 0 };
                for item in &items {
                    let person = match holder(conn, &staff, item).await? {
                        Ok(person) => person,
                        Err(problem) => {
                            problems.push((item.position, format!("{}: {problem}", item.place)));
                            continue;
                        }
                    };
                    // With a problem anywhere nothing is kept: the rest is only checked.
                    if problems.is_empty() {
                        match record(conn, person, item).await? {
                            true => summary.imported += 1,
                            false => summary.known += 1,
                        }
                    }
                }
                // An error undoes this whole import (its transaction), so nothing of it stays.
                if !problems.is_empty() {
                    return Err(Error::on_field_all(field, in_order(problems)));
                }
                let detail = format!("{field}: {} yeni, {} zaten kayıtlı", summary.imported, summary.known);
                audit::record(conn, &actor, "certificates_imported", "sertifikalar", &detail).await?;
                Ok(summary)
            })
        })
        .await
}

/// The staff member `item` is of, or why it may not be recorded for them.
async fn holder<'s>(
    conn: &mut AnyConnection,
    staff: &'s HashMap<String, Staff>,
    item: &Item,
) -> sqlx::Result<std::result::Result<&'s Staff, String>> {
    let certificate = &item.certificate;
    let Some(person) = staff.get(certificate.national_id.as_str()) else {
        return Ok(Err(format!("{} kurumunuzda başvurusu olan bir personel değil", certificate.national_id.masked())));
    };
    // Serials are long random numbers, unique in practice across CAs too; one recorded for another
    // person means a wrong row (a CSV row has no issuer to tell two CAs apart).
    let elsewhere: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM certificates WHERE serial = $1 AND person_id <> $2")
        .bind(&certificate.serial)
        .bind(person.id)
        .fetch_one(&mut *conn)
        .await?;
    if elsewhere > 0 {
        return Ok(Err(format!("{} seri numaralı sertifika başka bir kişi adına kayıtlı", certificate.serial)));
    }
    Ok(Ok(person))
}

/// Records `item` for `person`: whether it was new.
async fn record(conn: &mut AnyConnection, person: &Staff, item: &Item) -> sqlx::Result<bool> {
    let certificate = &item.certificate;
    let name = format!("{} {}", person.first_name, person.last_name);
    // A CSV row names no issuer: it is kept under the CA's name, as a CA report without the
    // certificate is (`ca::events`). `observe` finds a certificate by its person and serial before
    // its issuer, so the card's e-imzalı giriş later renames this row instead of adding a second.
    let (issuer_cn, subject_cn) = match &certificate.names {
        Some(names) => (names.issuer_cn.as_str(), names.subject_cn.as_str()),
        None => (crate::ca::ACTOR, name.as_str()),
    };
    let observed = Observed { subject_cn, issuer_cn, serial: &certificate.serial, not_after: certificate.not_after };
    observe(conn, person.id, observed, Seen::Import).await
}
