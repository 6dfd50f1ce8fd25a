//! The wasm entry point: xtask runs wasm-bindgen on the `nes_app` binary, whose `main` mounts the app.

fn main() {
    nes_app::start();
}
