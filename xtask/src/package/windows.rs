//! nes-bridge.exe, cross-built for x86_64-pc-windows-gnu with MinGW's linker, and its installer
//! made by NSIS from `bridge/packaging/windows/nes-bridge.nsi`: `nes-bridge-setup-<version>.exe`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Result;

use super::{out_dir, version};
use crate::cmd;
use crate::setup::WINDOWS_TARGET;

const LINKER: &str = "x86_64-w64-mingw32-gcc";

/// Builds the exe and the installer; returns the installer's path. A debug build is packed with
/// zlib instead of LZMA: the same installer, made in seconds for the tests.
pub fn installer(workspace: &Path, release: bool) -> Result<PathBuf> {
    let exe = build_exe(workspace, release)?;
    let out = out_dir(workspace);
    std::fs::create_dir_all(&out)?;
    let installer = out.join(format!("nes-bridge-setup-{}.exe", version(workspace)?));
    let mut makensis = Command::new("makensis");
    makensis.args(["-V2", "-INPUTCHARSET", "UTF8"]);
    if !release {
        makensis.arg("-DCOMPRESSOR=zlib");
    }
    makensis
        .arg(format!("-DVERSION={}", version(workspace)?))
        .arg(format!("-DEXE={}", exe.display()))
        .arg(format!("-DOUTFILE={}", installer.display()))
        .arg(workspace.join("bridge/packaging/windows/nes-bridge.nsi"));
    cmd::run(&mut makensis)?;
    Ok(installer)
}

fn build_exe(workspace: &Path, release: bool) -> Result<PathBuf> {
    let mut build = cmd::cargo(workspace);
    build.args(["build", "--package", "nes-bridge", "--bin", "nes-bridge", "--target", WINDOWS_TARGET]);
    if release {
        build.arg("--release");
    }
    build.env("CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER", LINKER);
    cmd::run(&mut build)?;
    let profile = if release { "release" } else { "debug" };
    Ok(cmd::target_dir(workspace).join(WINDOWS_TARGET).join(profile).join("nes-bridge.exe"))
}
