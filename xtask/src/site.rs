//! Builds the web app into `target/site/`, the directory `nes-server --site-dir` serves:
//! `index.html`, `boot-HASH.js`, `style/app-HASH.css`, and in `pkg/` wasm-bindgen's loader
//! `nes_app-HASH.js` with the main module `nes_app_bg-HASH.wasm` (what the login page needs), the
//! splitter's `__wasm_split-HASH.js` and the later screens' chunks (`split.rs`), each with `.br`
//! and `.gz` copies (`assets.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::{assets, cmd, split};

pub const PROFILE: &str = "wasm-release";

/// Builds the release app and returns the site directory.
pub fn build(workspace: &Path) -> Result<PathBuf> {
    // `cargo rustc` gives the linker flag to the binary alone: the libraries keep the same build
    // as the app's tests and clippy.
    cmd::run(cmd::cargo(workspace).args([
        "rustc",
        "--package",
        "nes-app",
        "--bin",
        "nes_app",
        "--features",
        "split",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        PROFILE,
        "--",
        split::LINK_ARG,
    ]))?;
    let site = workspace.join("target/site");
    let pkg = site.join("pkg");
    if site.exists() {
        std::fs::remove_dir_all(&site)?;
    }
    std::fs::create_dir_all(&pkg)?;
    let out = cmd::target_dir(workspace).join("wasm32-unknown-unknown").join(PROFILE);
    let main = out.join("nes_app_main.wasm");
    split::split(&out.join("nes_app.wasm"), &main, &pkg, "nes_app.js")?;
    cmd::run(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--remove-name-section", "--remove-producers-section"])
            // The chunks import the main module's table, memory and stack pointer by these names.
            .arg("--keep-lld-exports")
            .args(["--out-name", "nes_app", "--out-dir"])
            .arg(&pkg)
            .arg(&main),
    )?;
    for wasm in assets::files(&pkg)?.iter().filter(|file| file.extension().is_some_and(|ext| ext == "wasm")) {
        optimize(workspace, wasm)?;
    }
    std::fs::copy(workspace.join("index.html"), site.join("index.html")).context("copying index.html")?;
    std::fs::copy(workspace.join("app/boot.js"), site.join("boot.js")).context("copying app/boot.js")?;
    copy_dir(&workspace.join("style"), &site.join("style"))?;
    assets::fingerprint(&site)?;
    assets::precompress(&site)?;
    eprintln!("site built in {}", site.display());
    Ok(site)
}

/// Shrinks the wasm with npm's binaryen when `tests/node_modules` has it. Debian's binaryen (108)
/// is never used: its output validates but fails at page load (docs/toolchain.md).
fn optimize(workspace: &Path, wasm: &Path) -> Result<()> {
    let wasm_opt = workspace.join("tests/node_modules/.bin/wasm-opt");
    if !wasm_opt.exists() {
        eprintln!("note: tests/node_modules/.bin/wasm-opt not installed (cd tests && npm ci); wasm left unoptimised");
        return Ok(());
    }
    cmd::run(Command::new(wasm_opt).arg("-Oz").arg(wasm).arg("-o").arg(wasm))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
