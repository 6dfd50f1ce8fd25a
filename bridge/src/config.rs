//! The optional config file: extra allowed origins and an explicit PKCS#11 module list.
//! `$NES_BRIDGE_CONFIG`, else `<config dir>/nes-bridge/config.json` (Linux `~/.config`, macOS
//! `~/Library/Application Support`, Windows `%APPDATA%`). A missing file is an empty config.

use std::path::PathBuf;

use serde::Deserialize;

use crate::error::{HostError, HostResult};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Origins allowed besides the built-in ones; `http://host:*` allows any port.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// Replaces the built-in module search list when not empty.
    #[serde(default)]
    pub pkcs11_modules: Vec<String>,
}

impl Config {
    pub fn load() -> HostResult<Self> {
        let Some(path) = path() else { return Ok(Self::default()) };
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|error| HostError::internal(format!("config {} is not valid: {error}", path.display()))),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(error) => Err(HostError::internal(format!("reading config {}: {error}", path.display()))),
        }
    }
}

/// Where the config file is looked for.
pub fn path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NES_BRIDGE_CONFIG") {
        return Some(PathBuf::from(path));
    }
    let base = if cfg!(windows) {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|home| PathBuf::from(home).join("Library/Application Support"))
    } else {
        std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))
    };
    base.map(|base| base.join("nes-bridge").join("config.json"))
}
