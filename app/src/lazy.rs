//! The screens the login page does not need, compiled into wasm chunks (`screens.rs` says which)
//! that the browser fetches when their address is first entered (issue 14: the login page's
//! download budget).
//!
//! With the `split` feature (the site build, `xtask/src/site.rs`) every screen function is a split
//! point of `wasm_split_helpers` (re-exported by Leptos): calling it fetches its chunk first. Without
//! the feature (tests, clippy, a plain `cargo build`) the same functions run in place: the split
//! points' imports only resolve after the splitter has run.

use leptos::prelude::*;

use crate::components::loaded::Loading;
use crate::components::notice::{Notice, Tone};

/// A screen's chunk could not be fetched (offline, or a new release replaced the files).
#[derive(Debug, Clone, Copy)]
pub struct ChunkFailed;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkFailed
    }
}

/// What a screen function returns: how to build the screen, once its code is there.
pub type Screen = Result<ViewFn, ChunkFailed>;

/// Declares `async fn $name($args) -> Screen` whose body builds the view, in the chunk `$chunk`.
macro_rules! screen {
    ($name:ident($($arg:ident: $ty:ty),*) in $chunk:ident => $view:expr) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name($($arg: $ty),*) -> Screen {
            Ok(ViewFn::from(move || $view))
        }

        #[cfg(not(feature = "split"))]
        pub async fn $name($($arg: $ty),*) -> Screen {
            Ok(ViewFn::from(move || $view))
        }
    };
}
pub(crate) use screen;

/// Shows a screen from its chunk: "Yükleniyor…" while the chunk loads, a Turkish message if it
/// cannot. The load starts at once, so it runs beside the session check of `Protected`.
pub fn lazy<F>(load: impl Fn() -> F + Send + Sync + 'static) -> impl Fn() -> AnyView + Send + Sync + Clone
where
    F: Future<Output = Screen> + 'static,
{
    let screen = LocalResource::new(load);
    move || match screen.get() {
        None => view! { <Loading /> }.into_any(),
        // Untracked: what the screen reads while it is built must not rebuild it.
        Some(Ok(view)) => untrack(|| view.run()),
        Some(Err(ChunkFailed)) => view! {
            <Notice tone=Tone::Error>"Sayfa yüklenemedi. Bağlantınızı kontrol edip sayfayı yenileyiniz."</Notice>
        }
        .into_any(),
    }
}
