//! Finding and loading PKCS#11 modules. Each module is loaded and `C_Initialize`d once per process
//! (a second `C_Initialize` fails with CKR_CRYPTOKI_ALREADY_INITIALIZED) and kept until exit.

use std::collections::HashMap;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error, RvError};
use nes_core::bridge::ErrorCode;

use crate::cards::{CardFamily, FAMILIES};
use crate::config::Config;
use crate::error::{HostError, HostResult};

/// Colon-separated (`;` on Windows) module paths that replace the built-in search list.
pub const MODULE_ENV: &str = "NES_PKCS11_MODULE";

/// A loaded, initialised module. Every call goes through [`Module::calls`].
#[derive(Clone)]
pub struct Module {
    pub path: PathBuf,
    pub locking: Locking,
    context: Pkcs11,
    /// Held around the calls of a module that runs without locking of its own.
    serial: Option<Arc<Mutex<()>>>,
}

/// How the module was initialised, and so who keeps its calls apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locking {
    /// `CKF_OS_LOCKING_OK`: the module locks for itself.
    Os,
    /// The module refused `CKF_OS_LOCKING_OK` (some AKİS drivers answer CKR_ARGUMENTS_BAD) and was
    /// initialised without flags, which promises it one call at a time: we serialise them.
    Serialised,
}

/// The module's functions, for as long as this lives; for a [`Locking::Serialised`] module no
/// other thread calls it meanwhile. Sessions opened through it must end before it does.
pub struct Calls<'a> {
    context: &'a Pkcs11,
    _serial: Option<MutexGuard<'a, ()>>,
}

impl Deref for Calls<'_> {
    type Target = Pkcs11;

    fn deref(&self) -> &Pkcs11 {
        self.context
    }
}

impl Module {
    pub fn calls(&self) -> Calls<'_> {
        let serial = self.serial.as_ref().map(|lock| lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        Calls { context: &self.context, _serial: serial }
    }
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
    static LOADED: OnceLock<Mutex<HashMap<PathBuf, Result<Module, String>>>> = OnceLock::new();
    let mut loaded = LOADED.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    loaded.entry(path.to_path_buf()).or_insert_with(|| initialise(path)).clone()
}

fn initialise(path: &Path) -> Result<Module, String> {
    let context = Pkcs11::new(path).map_err(|error| format!("loading failed: {error}"))?;
    let locking = match context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) => Locking::Os,
        Err(Error::Pkcs11(RvError::ArgumentsBad, _)) => {
            // cryptoki 0.12 always passes a CK_C_INITIALIZE_ARGS; with no flags and no mutex
            // functions it is the "no threads" form such drivers take.
            context
                .initialize(CInitializeArgs::new(CInitializeFlags::empty()))
                .map_err(|error| format!("C_Initialize without flags failed: {error}"))?;
            Locking::Serialised
        }
        Err(error) => return Err(format!("C_Initialize failed: {error}")),
    };
    let serial = (locking == Locking::Serialised).then(Default::default);
    Ok(Module { path: path.to_path_buf(), locking, context, serial })
}
