//! Windows only: the registry values that point each browser at its host manifest, under HKCU for
//! this user or HKLM for everyone (`--system`, needs an administrator). The keys are
//! [`crate::install::registry_key`]; the default value is the manifest's path.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use winreg::RegKey;
use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};

use crate::install::{Browser, Scope, registry_key};

fn hive(scope: Scope) -> RegKey {
    RegKey::predef(match scope {
        Scope::User => HKEY_CURRENT_USER,
        Scope::System => HKEY_LOCAL_MACHINE,
    })
}

pub fn register(browser: Browser, scope: Scope, manifest: &Path) -> Result<()> {
    let path = registry_key(browser);
    let (key, _) = hive(scope).create_subkey(&path).with_context(|| format!("creating {path}"))?;
    key.set_value("", &manifest.to_string_lossy().into_owned()).with_context(|| format!("writing {path}"))
}

pub fn unregister(browser: Browser, scope: Scope) -> Result<bool> {
    let path = registry_key(browser);
    match hive(scope).delete_subkey_all(&path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error).with_context(|| format!("deleting {path}")),
    }
}

pub fn registered(browser: Browser, scope: Scope) -> Option<PathBuf> {
    let key = hive(scope).open_subkey(registry_key(browser)).ok()?;
    key.get_value::<String, _>("").ok().map(PathBuf::from)
}
