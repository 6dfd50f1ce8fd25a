//! libFuzzer's entry point for every nes-fuzz target; `NES_FUZZ_TARGET` names the one to run.
#![no_main]

use std::sync::OnceLock;

fn target() -> fn(&[u8]) {
    static TARGET: OnceLock<fn(&[u8])> = OnceLock::new();
    *TARGET.get_or_init(|| {
        let name = std::env::var("NES_FUZZ_TARGET").expect("NES_FUZZ_TARGET names the target");
        nes_fuzz::target(&name).unwrap_or_else(|| panic!("no fuzz target {name:?}")).run
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| target()(data));
