//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner and
//! chromedriver): the validation-bearing screens, driven through the DOM.
//!
//! Run: see app/README.md. wasm32 only: on the host this crate is empty.

#![cfg(target_arch = "wasm32")]

mod applications;
mod dom;
mod email_confirmation;
mod extension;
mod fetch;
mod form;
mod login;
mod renewal;
mod router;
mod samples;
mod sms;
mod wizard;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
