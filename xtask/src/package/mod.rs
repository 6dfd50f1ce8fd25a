//! `cargo xtask package`: the bridge packaged for the staff's desktops, in `target/package/`:
//! `deb.rs` the Debian package, `windows.rs` nes-bridge.exe cross-built and its NSIS installer.
//! The `package` test suite installs each where it can be run here — the .deb with dpkg, the
//! installer under Wine (`wine.rs`) — checks what the installed program sees, and removes it.

mod deb;
mod windows;
mod wine;

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::{cmd, setup};

const PACKAGE: &str = "nes-bridge";

/// Release builds of every package; returns their paths.
pub fn build(workspace: &Path) -> Result<Vec<PathBuf>> {
    Ok(vec![deb::deb(workspace, true)?, windows::installer(workspace, true)?])
}

/// The `package` suite: debug builds (the same packaging, a faster build) installed, checked,
/// removed. Returns the checks that passed.
pub fn check(workspace: &Path) -> Result<u64> {
    let deb = deb::check(&deb::deb(workspace, false)?)?;
    let windows = wine::check(workspace, &windows::installer(workspace, false)?)?;
    Ok(deb + windows)
}

fn version(workspace: &Path) -> Result<String> {
    setup::locked_version(workspace, PACKAGE)
}

fn out_dir(workspace: &Path) -> PathBuf {
    cmd::target_dir(workspace).join("package")
}
