//! `nes-server signature verify FILE [--content FILE] [--json]`: the validation report of any CAdES
//! file, ours or not, made with the same checks as an accepted signature's: CAdES-BES against
//! `--trust-anchors`, OCSP/CRL of the chain now, and the timestamp if it has one. Exit code 1 when
//! the signature is not valid, 2 when the file cannot be read.

use std::path::Path;

use anyhow::Context;
use nes_core::cades::assess;
use nes_core::cades::timestamp::verify_signature_timestamp;
use nes_core::cades::verify::verify_cades;
use nes_core::signature_report::SignatureReport;

use crate::cli::{ServeArgs, SignatureCommand};
use crate::clock;
use crate::config::trust_anchors;
use crate::evidence::{report_revocation, report_timestamp, revocation_checker, revocation_summary, tsa_anchors};

pub async fn run(command: SignatureCommand, args: &ServeArgs) -> anyhow::Result<()> {
    let SignatureCommand::Verify { file, content, json } = command;
    let report = match read_and_verify(args, &file, content.as_deref()).await {
        Ok(report) => report,
        Err(error) => {
            eprintln!("nes-server: {error:#}");
            std::process::exit(2);
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", text(&report));
    }
    if !report.valid {
        std::process::exit(1);
    }
    Ok(())
}

async fn read_and_verify(args: &ServeArgs, file: &Path, content: Option<&Path>) -> anyhow::Result<SignatureReport> {
    let cms = read_cms(file)?;
    let content = content.map(|path| std::fs::read(path).with_context(|| format!("{} okunamadı", path.display())));
    verify(args, &cms, content.transpose()?.as_deref()).await
}

async fn verify(args: &ServeArgs, cms: &[u8], content: Option<&[u8]>) -> anyhow::Result<SignatureReport> {
    let anchors = trust_anchors(args)?;
    anyhow::ensure!(!anchors.is_empty(), "--trust-anchors gerekli: imzanın zincirleneceği kök sertifikalar");
    let now = clock::now();
    let result = verify_cades(cms, content, &anchors, now);
    let mut report = assess::report(cms, &result, false, now);
    // The same answers and words as for a signature the server accepts; undetermined is never allowed.
    let revocation = match &result {
        Ok(verified) => match revocation_checker(&args.evidence, false)?.check(&verified.chain, now).await {
            Ok(evidence) => {
                report.revocation = evidence.iter().map(report_revocation).collect();
                Ok(revocation_summary(&evidence))
            }
            Err(refusal) => Err(format!("{refusal} ({})", refusal.detail())),
        },
        Err(_) => Ok(String::new()),
    };
    let report = assess::with_revocation(report, revocation);
    let timestamp = verify_signature_timestamp(cms, &tsa_anchors(&args.evidence, &anchors)?, now)
        .map(|stamp| stamp.as_ref().map(report_timestamp))
        .map_err(|error| error.to_string());
    Ok(assess::with_timestamp(report, timestamp))
}

/// DER, or PEM under `CMS`/`PKCS7`: what `openssl cms -outform` writes either way.
fn read_cms(path: &Path) -> anyhow::Result<Vec<u8>> {
    let bytes = std::fs::read(path).with_context(|| format!("{} okunamadı", path.display()))?;
    if !bytes.starts_with(b"-----BEGIN") {
        return Ok(bytes);
    }
    let (label, der) = der::pem::decode_vec(&bytes).map_err(|e| anyhow::anyhow!("PEM biçimi bozuk: {e}"))?;
    anyhow::ensure!(label == "CMS" || label == "PKCS7", "PEM içinde CMS/PKCS7 yok ({label})");
    Ok(der)
}

/// The report as the page shows it, for a terminal.
fn text(report: &SignatureReport) -> String {
    let mut out = format!("İmza Doğrulama Raporu: {}\n\n", if report.valid { "GEÇERLİ" } else { "GEÇERSİZ" });
    let signer = &report.signer;
    out += &format!(
        "İmzalayan: {} (T.C. Kimlik No {}), sertifika seri no {}, veren {}\n",
        signer.name,
        signer.national_id_masked.as_deref().unwrap_or("-"),
        signer.certificate_serial,
        signer.issuer
    );
    out += &format!("İçerik özeti: {}\n", report.content_digest);
    if let Some(code) = &report.verification_code {
        out += &format!("Doğrulama kodu: {code}\n");
    }
    if let Some(origin) = &report.origin {
        out += &format!("İsteyen site: {origin}\n");
    }
    if let Some(time) = &report.signing_time {
        out += &format!("İmza zamanı (imzalayanın bilgisayarına göre): {time}\n");
    }
    match &report.timestamp {
        Some(stamp) => out += &format!("Zaman damgası: {} ({}, seri {})\n", stamp.time, stamp.authority, stamp.serial),
        None => out += "Zaman damgası: yok\n",
    }
    out += "\nSertifika zinciri:\n";
    for (n, certificate) in report.chain.iter().enumerate() {
        out += &format!(
            "  {}. {} (veren {}, seri {}, {} – {})\n",
            n + 1,
            certificate.subject,
            certificate.issuer,
            certificate.serial,
            certificate.not_before,
            certificate.not_after
        );
    }
    out += "\nİptal durumu:\n";
    for answer in &report.revocation {
        let window = match (&answer.this_update, &answer.next_update) {
            (Some(this), Some(next)) => format!(", {this} – {next}"),
            _ => String::new(),
        };
        out += &format!(
            "  {} (seri {}): {} — {} {}, {}{window}\n",
            answer.subject,
            answer.serial,
            answer.status_label(),
            answer.source,
            answer.url,
            answer.checked_at
        );
    }
    out += "\nKontroller:\n";
    for line in &report.checks {
        let detail = if line.detail.is_empty() { String::new() } else { format!(": {}", line.detail) };
        out += &format!("  [{}] {}{detail}\n", line.outcome.label(), line.check.label());
    }
    out += &format!("\nRapor zamanı: {}\n", report.validated_at);
    out
}
