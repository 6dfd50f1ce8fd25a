//! The report for a terminal: one section per part, the problems and their remedies last.

use std::fmt::Write as _;

use super::{ModuleState, Report};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "nes-bridge {} (protokol {})", report.version, report.protocol);
    let _ = writeln!(out, "Geliştirme kipi (localhost izinli): {}", if report.development { "evet" } else { "hayır" });

    let _ = writeln!(out, "\n== Tarayıcı kayıtları ({}) ==", nes_core::bridge::HOST_NAME);
    if report.manifests.is_empty() {
        let _ = writeln!(out, "  Hiçbir tarayıcıya kurulmamış.");
    }
    for entry in &report.manifests {
        let state = if entry.program_exists { "(tamam)" } else { "(program YOK)" };
        let _ = writeln!(out, "  {} ({}): {} → {} {state}", entry.browser, entry.scope, entry.path, entry.program);
    }

    let config = &report.config;
    let _ = writeln!(out, "\n== Ayarlar ==");
    let _ = match &config.error {
        Some(error) => writeln!(out, "  HATA: {error}"),
        None => writeln!(
            out,
            "  {} ({} ek köken, {} modül)",
            config.path.as_deref().unwrap_or("-"),
            config.allowed_origins,
            config.modules
        ),
    };

    let _ = writeln!(out, "\n== Kart okuyucular (PC/SC) ==");
    if !report.pcsc_service {
        let _ = writeln!(out, "  Kart hizmeti çalışmıyor.");
    } else if report.readers.is_empty() {
        let _ = writeln!(out, "  Okuyucu yok.");
    }
    for reader in &report.readers {
        let card = match (&reader.atr, &reader.card_family) {
            (Some(atr), Some(family)) => format!("kart var, ATR {atr}, aile {family}"),
            _ => "kart yok".to_owned(),
        };
        let _ = writeln!(out, "  {}: {card}", reader.name);
    }

    let _ = writeln!(out, "\n== PKCS#11 modülleri ==");
    if report.module_override {
        let _ = writeln!(out, "  {} ayarlı: yalnız onda yazanlar denenir.", crate::pkcs11::modules::MODULE_ENV);
    }
    for module in &report.modules {
        let state = match module.state {
            ModuleState::Missing => "yok",
            ModuleState::Loaded => "yüklendi",
            ModuleState::LoadedSerialised => "yüklendi (CKF_OS_LOCKING_OK'i kabul etmedi: çağrıları sırayla yapılıyor)",
            ModuleState::WrongArchitecture => "başka işlemci mimarisi için",
            ModuleState::Failed => "yüklenemedi",
        };
        let detail = module.detail.as_deref().map(|detail| format!(": {detail}")).unwrap_or_default();
        let _ = writeln!(out, "  {}: {state}{detail}", module.path);
    }
    let _ = writeln!(out, "  Tanınan kart aileleri: {}", report.card_families.join(", "));

    let _ = writeln!(out, "\n== Sertifikalar ==");
    if report.certificates.is_empty() {
        let _ = writeln!(out, "  Yok.");
    }
    for info in &report.certificates {
        let _ = writeln!(
            out,
            "  {} — {} ({} / {}), geçerlilik sonu {}",
            info.id, info.subject_cn, info.issuer_cn, info.token, info.not_after
        );
    }

    let _ = writeln!(out, "\n== Sorunlar ve çözümleri ==");
    if report.problems.is_empty() {
        let _ = writeln!(out, "  Sorun bulunmadı: imza atmaya hazır.");
    }
    for (n, problem) in report.problems.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}\n     Çözüm: {}", n + 1, problem.message, problem.advice);
    }
    out
}
