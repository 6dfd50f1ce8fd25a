//! Finding and loading PKCS#11 modules. Each module is loaded and `C_Initialize`d once per process
//! (a second `C_Initialize` fails with CKR_CRYPTOKI_ALREADY_INITIALIZED) and kept until exit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use nes_core::bridge::ErrorCode;

use crate::cards::{CardFamily, FAMILIES};
use crate::config::Config;
use crate::error::{HostError, HostResult};

/// Colon-separated (`;` on Windows) module paths that replace the built-in search list.
pub const MODULE_ENV: &str = "NES_PKCS11_MODULE";

/// A loaded, initialised module.
#[derive(Clone)]
pub struct Module {
    pub path: PathBuf,
    pub context: Pkcs11,
}

/// The modules to try, in order: `NES_PKCS11_MODULE` if set, else the config file's list, else
/// the modules of the card families present (`preferred`) followed by every known family's.
pub fn candidates(config: &Config, preferred: &[&CardFamily]) -> Vec<PathBuf> {
    if let Some(paths) = std::env::var_os(MODULE_ENV).filter(|value| !value.is_empty()) {
        return std::env::split_paths(&paths).collect();
    }
    if !config.pkcs11_modules.is_empty() {
        return config.pkcs11_modules.iter().map(PathBuf::from).collect();
    }
    let mut paths: Vec<PathBuf> = Vec::new();
    for family in preferred.iter().chain(FAMILIES.iter()) {
        for module in family.modules {
            let path = PathBuf::from(module);
            if !paths.contains(&path) {
                paths.push(path);
            }
        }
    }
    paths
}

/// Whether a candidate can exist here: absolute paths must exist; bare names (Windows DLLs) are
/// left to the loader's search.
pub fn may_exist(path: &Path) -> bool {
    !path.is_absolute() || path.exists()
}

/// Loads every candidate that exists. No loadable module at all is `MODULE_NOT_FOUND`.
pub fn load_all(candidates: &[PathBuf]) -> HostResult<Vec<Module>> {
    let mut modules = Vec::new();
    let mut failures = Vec::new();
    for path in candidates.iter().filter(|path| may_exist(path)) {
        match load(path) {
            Ok(module) => modules.push(module),
            Err(reason) => failures.push(format!("{}: {reason}", path.display())),
        }
    }
    if modules.is_empty() {
        let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        return Err(HostError::new(
            ErrorCode::ModuleNotFound,
            format!("no PKCS#11 module could be loaded (tried {}; {})", tried.join(", "), failures.join("; ")),
        ));
    }
    Ok(modules)
}

/// The module at `path`, loaded and initialised on first use in this process.
pub fn load(path: &Path) -> Result<Module, String> {
    static LOADED: OnceLock<Mutex<HashMap<PathBuf, Result<Pkcs11, String>>>> = OnceLock::new();
    let mut loaded = LOADED.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let context = loaded.entry(path.to_path_buf()).or_insert_with(|| initialise(path)).clone()?;
    Ok(Module { path: path.to_path_buf(), context })
}

fn initialise(path: &Path) -> Result<Pkcs11, String> {
    let context = Pkcs11::new(path).map_err(|error| format!("loading failed: {error}"))?;
    match context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) => Ok(context),
        Err(error) => Err(format!("C_Initialize failed: {error}")),
    }
}
