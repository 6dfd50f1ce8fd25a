//! `doctor`: what is installed and found, and why signing would fail. For users and support;
//! prints Turkish explanations, never a PIN (it asks for none).

use std::fmt::Write as _;

use crate::cards::FAMILIES;
use crate::config::{self, Config};
use crate::handlers::{Host, certificates};
use crate::install::{Browser, Scope, manifest_dir, manifest_path};
use crate::pkcs11::modules::{self, Locking, MODULE_ENV};
use crate::{origin, readers};

/// The report as text.
pub fn report() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "nes-bridge {} (protokol {})", env!("CARGO_PKG_VERSION"), nes_core::bridge::PROTOCOL_VERSION);
    let _ = writeln!(out, "Geliştirme kipi (localhost izinli): {}", yes_no(origin::development()));

    let _ = writeln!(out, "\n== Tarayıcı kayıtları ({}) ==", nes_core::bridge::HOST_NAME);
    let mut any_manifest = false;
    for browser in Browser::ALL {
        for scope in [Scope::User, Scope::System] {
            let Some(dir) = manifest_dir(browser, scope) else { continue };
            let path = manifest_path(&dir);
            if let Ok(text) = std::fs::read_to_string(&path) {
                any_manifest = true;
                let target = serde_json::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|m| m["path"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                let exists = std::path::Path::new(&target).exists();
                let _ = writeln!(
                    out,
                    "  {browser:?} ({scope:?}): {} → {target} {}",
                    path.display(),
                    ok_or(exists, "(program YOK)")
                );
            }
        }
    }
    if !any_manifest {
        let _ = writeln!(out, "  Hiçbir tarayıcıya kurulmamış. Çözüm: `nes-bridge install`.");
    }

    let config = match Config::load() {
        Ok(config) => {
            let where_ = config::path().map(|p| p.display().to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "\n== Ayarlar ==\n  {where_} ({} ek köken, {} modül)",
                config.allowed_origins.len(),
                config.pkcs11_modules.len()
            );
            config
        }
        Err(error) => {
            let _ = writeln!(out, "\n== Ayarlar ==\n  HATA: {}", error.detail);
            Config::default()
        }
    };

    let _ = writeln!(out, "\n== Kart okuyucular (PC/SC) ==");
    match readers::list() {
        Ok(list) if list.is_empty() => {
            let _ = writeln!(out, "  Okuyucu yok (ya da PC/SC hizmeti çalışmıyor: Linux'ta `pcscd`).");
        }
        Ok(list) => {
            for reader in list {
                let card = match (&reader.atr, &reader.card_family) {
                    (Some(atr), Some(family)) => format!("kart var, ATR {atr}, aile {family}"),
                    _ => "kart yok".to_owned(),
                };
                let _ = writeln!(out, "  {}: {card}", reader.name);
            }
        }
        Err(error) => {
            let _ = writeln!(out, "  HATA: {}", error.detail);
        }
    }

    let _ = writeln!(out, "\n== PKCS#11 modülleri ==");
    if std::env::var_os(MODULE_ENV).is_some() {
        let _ = writeln!(out, "  {MODULE_ENV} ayarlı: yalnız onda yazanlar denenir.");
    }
    for path in modules::candidates(&config, &[]) {
        let state = if !modules::may_exist(&path) {
            "yok".to_owned()
        } else {
            match modules::load(&path) {
                Ok(module) if module.locking == Locking::Serialised => {
                    "yüklendi (CKF_OS_LOCKING_OK'i kabul etmedi: çağrıları sırayla yapılıyor)".to_owned()
                }
                Ok(_) => "yüklendi".to_owned(),
                Err(reason) => format!("yüklenemedi: {reason}"),
            }
        };
        let _ = writeln!(out, "  {}: {state}", path.display());
    }
    let known: Vec<&str> = FAMILIES.iter().map(|f| f.name).collect();
    let _ = writeln!(out, "  Tanınan kart aileleri: {}", known.join(", "));

    let _ = writeln!(out, "\n== Sertifikalar ==");
    match certificates::all(&Host::new(config)) {
        Ok(found) => {
            for certificate in found {
                let info = certificate.info;
                let _ = writeln!(
                    out,
                    "  {} — {} ({} / {}), geçerlilik sonu {}",
                    info.id, info.subject_cn, info.issuer_cn, info.token, info.not_after
                );
            }
        }
        Err(error) => {
            let _ = writeln!(out, "  {} ({})", error.code.message(), error.detail);
        }
    }
    out
}

fn yes_no(value: bool) -> &'static str {
    if value { "evet" } else { "hayır" }
}

fn ok_or(ok: bool, problem: &str) -> String {
    if ok { "(tamam)".to_owned() } else { problem.to_owned() }
}
