//! Fuzz targets, one function per input path. Each takes arbitrary bytes, must never panic or
//! hang, and asserts what must hold whatever the input. The same functions are driven by libFuzzer
//! (`libfuzzer/`, `cargo xtask fuzz`) and replayed over the corpus in the normal test suite
//! (`tests/corpus.rs`), so a crash the fuzzer finds stays a regression test once its input is saved
//! under `corpus/<target>/`.

mod bridge;
mod cades;
mod csv_import;
mod form;

/// A fuzz target: its name (the corpus directory) and the function.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
}

pub const TARGETS: &[Target] = &[
    Target { name: "request", run: bridge::request },
    Target { name: "framing", run: bridge::framing },
    Target { name: "cades_verify", run: cades::verify },
    Target { name: "form_json", run: form::form_json },
    Target { name: "csv_import", run: csv_import::csv_import },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|target| target.name == name)
}
