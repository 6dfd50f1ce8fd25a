//! `install` / `uninstall`: the native-messaging host manifests where each browser looks.
//! Linux and macOS read them from fixed directories; Windows browsers find them through a registry
//! value (HKCU, or HKLM for all users) that `install` writes and `uninstall` deletes
//! (`registry.rs`, as web-eid-app's installer does).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use nes_core::bridge::HOST_NAME;
use serde_json::json;

/// The Chromium extension's id, fixed by the public `key` in `extension/manifest.json`.
pub const CHROMIUM_EXTENSION_ID: &str = "mllagpnndnfmaklpmpbbbamabooiaede";
/// The Firefox add-on id (`browser_specific_settings.gecko.id` in `extension/firefox/manifest.json`).
pub const FIREFOX_EXTENSION_ID: &str = "nes-portal@kamusm.gov.tr";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Browser {
    Chrome,
    Chromium,
    Edge,
    Firefox,
}

impl Browser {
    pub const ALL: [Browser; 4] = [Browser::Chrome, Browser::Chromium, Browser::Edge, Browser::Firefox];

    fn is_firefox(self) -> bool {
        self == Browser::Firefox
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    User,
    System,
}

/// The directory `browser` reads host manifests from, for this OS and scope.
pub fn manifest_dir(browser: Browser, scope: Scope) -> Option<PathBuf> {
    if cfg!(windows) {
        // Windows: the manifests live in our own folder; the registry points at them. For all users
        // under Program Files, which only administrators may write: any user may create a folder
        // in ProgramData first and would then own the manifest every browser trusts.
        let base = match scope {
            Scope::User => std::env::var_os("LOCALAPPDATA"),
            Scope::System => std::env::var_os("ProgramFiles"),
        };
        return base.map(|base| PathBuf::from(base).join("nes-bridge").join(browser_key(browser)));
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let relative = match (cfg!(target_os = "macos"), scope, browser) {
        (false, Scope::User, Browser::Chrome) => ".config/google-chrome/NativeMessagingHosts",
        (false, Scope::User, Browser::Chromium) => ".config/chromium/NativeMessagingHosts",
        (false, Scope::User, Browser::Edge) => ".config/microsoft-edge/NativeMessagingHosts",
        (false, Scope::User, Browser::Firefox) => ".mozilla/native-messaging-hosts",
        (false, Scope::System, Browser::Chrome) => return Some("/etc/opt/chrome/native-messaging-hosts".into()),
        (false, Scope::System, Browser::Chromium) => return Some("/etc/chromium/native-messaging-hosts".into()),
        (false, Scope::System, Browser::Edge) => return Some("/etc/opt/edge/native-messaging-hosts".into()),
        (false, Scope::System, Browser::Firefox) => return Some("/usr/lib/mozilla/native-messaging-hosts".into()),
        (true, Scope::User, Browser::Chrome) => "Library/Application Support/Google/Chrome/NativeMessagingHosts",
        (true, Scope::User, Browser::Chromium) => "Library/Application Support/Chromium/NativeMessagingHosts",
        (true, Scope::User, Browser::Edge) => "Library/Application Support/Microsoft Edge/NativeMessagingHosts",
        (true, Scope::User, Browser::Firefox) => "Library/Application Support/Mozilla/NativeMessagingHosts",
        (true, Scope::System, Browser::Chrome) => return Some("/Library/Google/Chrome/NativeMessagingHosts".into()),
        (true, Scope::System, Browser::Chromium) => {
            return Some("/Library/Application Support/Chromium/NativeMessagingHosts".into());
        }
        (true, Scope::System, Browser::Edge) => return Some("/Library/Microsoft/Edge/NativeMessagingHosts".into()),
        (true, Scope::System, Browser::Firefox) => {
            return Some("/Library/Application Support/Mozilla/NativeMessagingHosts".into());
        }
    };
    home.map(|home| home.join(relative))
}

pub fn browser_key(browser: Browser) -> &'static str {
    match browser {
        Browser::Chrome => "chrome",
        Browser::Chromium => "chromium",
        Browser::Edge => "edge",
        Browser::Firefox => "firefox",
    }
}

/// The manifest JSON for `browser`, pointing at `executable`.
pub fn manifest(browser: Browser, executable: &Path) -> serde_json::Value {
    let mut manifest = json!({
        "name": HOST_NAME,
        "description": "nes-portal e-imza köprüsü (nes-bridge)",
        "path": executable,
        "type": "stdio",
    });
    if browser.is_firefox() {
        manifest["allowed_extensions"] = json!([FIREFOX_EXTENSION_ID]);
    } else {
        manifest["allowed_origins"] = json!([format!("chrome-extension://{CHROMIUM_EXTENSION_ID}/")]);
    }
    manifest
}

/// The manifest's path for `browser` in `dir`.
pub fn manifest_path(dir: &Path) -> PathBuf {
    dir.join(format!("{HOST_NAME}.json"))
}

/// Writes the manifest into `dir` (created if needed). Returns the file written.
pub fn install_into(browser: Browser, dir: &Path, executable: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = manifest_path(dir);
    let text = serde_json::to_string_pretty(&manifest(browser, executable))?;
    std::fs::write(&path, text + "\n").with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// Removes the manifest from `dir`; `Ok(false)` when there was none.
pub fn uninstall_from(dir: &Path) -> Result<bool> {
    let path = manifest_path(dir);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error).with_context(|| format!("removing {}", path.display())),
    }
}

/// The registry key (under HKCU or HKLM) whose default value names `browser`'s manifest on Windows.
/// Chromium reads its own key; Edge reads its own and Chrome's.
pub fn registry_key(browser: Browser) -> String {
    let vendor = match browser {
        Browser::Chrome => "Google\\Chrome",
        Browser::Chromium => "Chromium",
        Browser::Edge => "Microsoft\\Edge",
        Browser::Firefox => "Mozilla",
    };
    format!("Software\\{vendor}\\NativeMessagingHosts\\{HOST_NAME}")
}

/// Points `browser` at `manifest` where the OS needs more than the file (the Windows registry).
pub fn register(browser: Browser, scope: Scope, manifest: &Path) -> Result<()> {
    #[cfg(windows)]
    crate::registry::register(browser, scope, manifest)?;
    #[cfg(not(windows))]
    let _ = (browser, scope, manifest);
    Ok(())
}

/// Undoes [`register`]; `Ok(false)` when there was nothing to undo.
pub fn unregister(browser: Browser, scope: Scope) -> Result<bool> {
    #[cfg(windows)]
    return crate::registry::unregister(browser, scope);
    #[cfg(not(windows))]
    {
        let _ = (browser, scope);
        Ok(false)
    }
}

/// The manifest `browser` would read in `scope`: the registry's value on Windows, the fixed
/// directory's file elsewhere.
pub fn registered_manifest(browser: Browser, scope: Scope) -> Option<PathBuf> {
    #[cfg(windows)]
    return crate::registry::registered(browser, scope);
    #[cfg(not(windows))]
    manifest_dir(browser, scope).map(|dir| manifest_path(&dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chromium_manifest_allows_only_our_extension() {
        let manifest = manifest(Browser::Chromium, Path::new("/opt/nes/nes-bridge"));
        assert_eq!(manifest["name"], HOST_NAME);
        assert_eq!(manifest["type"], "stdio");
        assert_eq!(manifest["path"], "/opt/nes/nes-bridge");
        assert_eq!(manifest["allowed_origins"], json!(["chrome-extension://mllagpnndnfmaklpmpbbbamabooiaede/"]));
        assert!(manifest.get("allowed_extensions").is_none());
    }

    #[test]
    fn firefox_manifest_names_the_addon() {
        let manifest = manifest(Browser::Firefox, Path::new("/opt/nes/nes-bridge"));
        assert_eq!(manifest["allowed_extensions"], json!([FIREFOX_EXTENSION_ID]));
    }

    #[test]
    fn each_browser_has_its_registry_key() {
        assert_eq!(
            registry_key(Browser::Chrome),
            "Software\\Google\\Chrome\\NativeMessagingHosts\\tr.gov.nes_portal.bridge"
        );
        assert_eq!(
            registry_key(Browser::Chromium),
            "Software\\Chromium\\NativeMessagingHosts\\tr.gov.nes_portal.bridge"
        );
        assert_eq!(
            registry_key(Browser::Edge),
            "Software\\Microsoft\\Edge\\NativeMessagingHosts\\tr.gov.nes_portal.bridge"
        );
        assert_eq!(registry_key(Browser::Firefox), "Software\\Mozilla\\NativeMessagingHosts\\tr.gov.nes_portal.bridge");
    }

    #[test]
    fn install_then_uninstall_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("NativeMessagingHosts");
        let path = install_into(Browser::Chromium, &target, Path::new("/usr/bin/nes-bridge")).unwrap();
        let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(written["path"], "/usr/bin/nes-bridge");
        assert!(uninstall_from(&target).unwrap());
        assert!(!uninstall_from(&target).unwrap());
    }
}
