//! `doctor [--json]`: what is installed and found, and why signing would fail, with what to do
//! about each problem in Turkish. For users, support desks and BİDB scripts (the same report as
//! JSON; exit code 1 when a problem was found). It asks for no PIN and reads none.
//!
//! The host cannot see the browser's extensions: when the extension is missing the page says so.

mod problems;
mod text;

use serde::Serialize;

pub use problems::{Problem, ProblemCode};
pub use text::render as text;

use crate::cards::{self, FAMILIES};
use crate::config::{self, Config};
use crate::handlers::{Host, certificates};
use crate::install::{Browser, Scope, browser_key, registered_manifest};
use crate::pkcs11::architecture::{self, Architecture};
use crate::pkcs11::modules::{self, Locking, MODULE_ENV};
use crate::{origin, readers};

#[derive(Debug, Serialize)]
pub struct Report {
    pub version: &'static str,
    pub protocol: u32,
    /// Localhost origins allowed (a development build or setting).
    pub development: bool,
    pub manifests: Vec<ManifestEntry>,
    pub config: ConfigEntry,
    /// Whether the PC/SC service answered.
    pub pcsc_service: bool,
    pub readers: Vec<nes_core::bridge::ReaderInfo>,
    /// Set when `NES_PKCS11_MODULE` replaces the search list.
    pub module_override: bool,
    pub modules: Vec<ModuleEntry>,
    pub card_families: Vec<&'static str>,
    pub certificates: Vec<nes_core::bridge::CertificateInfo>,
    /// Empty when nothing stands in the way of signing.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Serialize)]
pub struct ManifestEntry {
    pub browser: &'static str,
    /// `user` or `system`.
    pub scope: &'static str,
    pub path: String,
    /// The program the manifest names, and whether it is there.
    pub program: String,
    pub program_exists: bool,
}

#[derive(Debug, Serialize)]
pub struct ConfigEntry {
    pub path: Option<String>,
    pub allowed_origins: usize,
    pub modules: usize,
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ModuleEntry {
    pub path: String,
    pub state: ModuleState,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModuleState {
    /// Not on this machine.
    Missing,
    Loaded,
    /// Loaded, but it refused `CKF_OS_LOCKING_OK`: its calls are serialised.
    LoadedSerialised,
    WrongArchitecture,
    Failed,
}

/// Looks at everything; the problems last, in the order a person would fix them.
pub fn collect() -> Report {
    let mut problems = Vec::new();
    let manifests = manifests();
    if manifests.is_empty() {
        problems.push(Problem::new(ProblemCode::NotInstalled, "Hiçbir tarayıcıya kurulmamış."));
    }
    for entry in manifests.iter().filter(|entry| !entry.program_exists) {
        let message =
            format!("{} ({}) kaydı olmayan bir programı gösteriyor: {}", entry.browser, entry.path, entry.program);
        problems.push(Problem::new(ProblemCode::ManifestTargetMissing, message));
    }

    let (config, config_entry) = settings();
    if let Some(error) = &config_entry.error {
        problems.push(Problem::new(ProblemCode::ConfigInvalid, error.clone()));
    }

    let pcsc_service = !matches!(
        pcsc::Context::establish(pcsc::Scope::User),
        Err(pcsc::Error::NoService | pcsc::Error::ServiceStopped)
    );
    let readers = readers::list().unwrap_or_default();
    problems.extend(card_problems(pcsc_service, &readers));

    let modules = module_entries(&config);
    problems.extend(module_problems(&modules));

    let certificates = match certificates::all(&Host::new(config)) {
        Ok(found) => found.into_iter().map(|certificate| certificate.info).collect(),
        Err(error) => {
            // Without a loadable module or a card, the problems above already say why.
            if modules.iter().any(|module| matches!(module.state, ModuleState::Loaded | ModuleState::LoadedSerialised))
                && readers.iter().any(|reader| reader.card_present)
            {
                let message = format!("{} ({})", error.code.message(), error.detail);
                problems.push(Problem::new(ProblemCode::NoCertificate, message));
            }
            Vec::new()
        }
    };

    Report {
        version: env!("CARGO_PKG_VERSION"),
        protocol: nes_core::bridge::PROTOCOL_VERSION,
        development: origin::development(),
        manifests,
        config: config_entry,
        pcsc_service,
        readers,
        module_override: std::env::var_os(MODULE_ENV).is_some_and(|value| !value.is_empty()),
        modules,
        card_families: FAMILIES.iter().map(|family| family.name).collect(),
        certificates,
        problems,
    }
}

fn manifests() -> Vec<ManifestEntry> {
    let mut entries = Vec::new();
    for browser in Browser::ALL {
        for (scope, scope_name) in [(Scope::User, "user"), (Scope::System, "system")] {
            let Some(path) = registered_manifest(browser, scope) else { continue };
            let Ok(text) = std::fs::read_to_string(&path) else {
                // On Windows a registry value may outlive its file: the browser finds nothing.
                if cfg!(windows) {
                    entries.push(ManifestEntry {
                        browser: browser_key(browser),
                        scope: scope_name,
                        path: path.display().to_string(),
                        program: String::new(),
                        program_exists: false,
                    });
                }
                continue;
            };
            let program = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|manifest| manifest["path"].as_str().map(str::to_owned))
                .unwrap_or_default();
            entries.push(ManifestEntry {
                browser: browser_key(browser),
                scope: scope_name,
                path: path.display().to_string(),
                program_exists: !program.is_empty() && std::path::Path::new(&program).is_file(),
                program,
            });
        }
    }
    entries
}

fn settings() -> (Config, ConfigEntry) {
    let path = config::path().map(|path| path.display().to_string());
    match Config::load() {
        Ok(config) => {
            let entry = ConfigEntry {
                path,
                allowed_origins: config.allowed_origins.len(),
                modules: config.pkcs11_modules.len(),
                error: None,
            };
            (config, entry)
        }
        Err(error) => {
            (Config::default(), ConfigEntry { path, allowed_origins: 0, modules: 0, error: Some(error.detail) })
        }
    }
}

fn card_problems(pcsc_service: bool, readers: &[nes_core::bridge::ReaderInfo]) -> Vec<Problem> {
    if !pcsc_service {
        return vec![Problem::new(ProblemCode::PcscUnavailable, "Kart hizmeti (PC/SC) yanıt vermiyor.")];
    }
    if readers.is_empty() {
        return vec![Problem::new(ProblemCode::NoReader, "Bilgisayara bağlı kart okuyucu bulunamadı.")];
    }
    if !readers.iter().any(|reader| reader.card_present) {
        return vec![Problem::new(ProblemCode::NoCard, "Kart okuyucularda kart yok.")];
    }
    readers
        .iter()
        .filter(|reader| reader.card_family.as_deref() == Some(cards::UNKNOWN))
        .map(|reader| {
            let atr = reader.atr.as_deref().unwrap_or_default();
            Problem::new(ProblemCode::UnknownCard, format!("{}: tanınmayan kart (ATR {atr})", reader.name))
        })
        .collect()
}

fn module_entries(config: &Config) -> Vec<ModuleEntry> {
    modules::candidates(config, &[])
        .into_iter()
        .map(|path| {
            let (state, detail) = module_state(&path);
            ModuleEntry { path: path.display().to_string(), state, detail }
        })
        .collect()
}

fn module_state(path: &std::path::Path) -> (ModuleState, Option<String>) {
    if !modules::may_exist(path) {
        return (ModuleState::Missing, None);
    }
    // Checked before loading: the loader's refusal of a foreign library names no architecture.
    if let (Some(module), Some(host)) = (architecture::of_file(path), Architecture::host())
        && module != host
    {
        return (
            ModuleState::WrongArchitecture,
            Some(format!("{} sürücü; bu bilgisayar {}", module.label(), host.label())),
        );
    }
    match modules::load(path) {
        Ok(module) if module.locking == Locking::Serialised => (ModuleState::LoadedSerialised, None),
        Ok(_) => (ModuleState::Loaded, None),
        Err(reason) => (ModuleState::Failed, Some(reason)),
    }
}

fn module_problems(modules: &[ModuleEntry]) -> Vec<Problem> {
    let usable =
        modules.iter().any(|module| matches!(module.state, ModuleState::Loaded | ModuleState::LoadedSerialised));
    let mut problems: Vec<Problem> = modules
        .iter()
        .filter_map(|module| {
            let detail = module.detail.as_deref().unwrap_or_default();
            match module.state {
                ModuleState::WrongArchitecture => {
                    Some(Problem::new(ProblemCode::DriverWrongArchitecture, format!("{}: {detail}", module.path)))
                }
                ModuleState::Failed => {
                    Some(Problem::new(ProblemCode::DriverFailed, format!("{} yüklenemedi: {detail}", module.path)))
                }
                _ => None,
            }
        })
        .collect();
    if !usable && problems.is_empty() {
        let searched: Vec<&str> = modules.iter().map(|module| module.path.as_str()).collect();
        problems.push(Problem::new(
            ProblemCode::DriverMissing,
            format!("Kart sürücüsü (PKCS#11) bulunamadı; arananlar: {}", searched.join(", ")),
        ));
    }
    problems
}
