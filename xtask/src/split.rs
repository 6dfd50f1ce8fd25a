//! Splits the app's wasm at its split points (`app/src/lazy.rs`) before wasm-bindgen sees it: the
//! main module keeps what the login page needs, each later screen becomes a chunk of its own
//! (`split_<screen>.wasm`), code several screens share goes into `chunk_<n>.wasm`, and
//! `__wasm_split.js` fetches them on demand.

use std::path::Path;

use anyhow::{Result, anyhow};

/// The linker flag the splitter needs: it follows every function and data reference through the
/// relocations that wasm-ld otherwise drops.
pub const LINK_ARG: &str = "-Clink-arg=--emit-relocs";

/// The splitter's JavaScript, which the main module imports (beside wasm-bindgen's loader).
pub const LINKER_JS: &str = "__wasm_split.js";

/// Splits `input` (linked with [`LINK_ARG`]): writes the main module to `main_out` and the chunks
/// and [`LINKER_JS`] into `pkg`, where wasm-bindgen's loader `loader_js` will be.
pub fn split(input: &Path, main_out: &Path, pkg: &Path, loader_js: &str) -> Result<()> {
    eprintln!("$ wasm_split_cli_support::transform {}", input.display());
    let wasm = std::fs::read(input)?;
    let link_name = format!("./{LINKER_JS}");
    let main_module = format!("./{loader_js}");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = pkg;
    options.main_out_path = main_out;
    options.link_name = &link_name;
    options.main_module = &main_module;
    options.target.web();
    // eyre's report holds a `dyn Error` that is not `Sync`; its text is what matters here.
    wasm_split_cli_support::transform(options).map_err(|error| anyhow!("splitting the wasm: {error:?}"))?;
    Ok(())
}
