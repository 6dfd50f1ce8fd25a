//! Live state of the extension, the bridge, the reader and the card, polled while a signing screen
//! is open, with install help for the person's operating system when something is missing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use leptos::task::spawn_local;
use nes_core::api::{Download, DownloadSystem};
use nes_core::bridge::{ErrorBody, ErrorCode, StatusResult};

use crate::components::countdown::sleep;
use crate::components::notice::{Notice, Tone};
use crate::{api, extension};

const POLL_MS: i32 = 2500;

#[derive(Debug, Clone, PartialEq)]
pub enum CardState {
    Checking,
    ExtensionMissing,
    Failed(ErrorBody),
    Status(StatusResult),
}

impl CardState {
    fn from_status(reply: Result<StatusResult, ErrorBody>) -> CardState {
        match reply {
            Ok(status) => CardState::Status(status),
            Err(error) => CardState::Failed(error),
        }
    }

    /// The extension, the bridge and a card with a signing certificate are all there.
    pub fn ready(&self) -> bool {
        matches!(self, CardState::Status(status) if status.certificates > 0)
    }

    /// The extension answers, so a signing request gets a reply; whatever else is missing (bridge,
    /// card, certificate) the extension's window explains too, and offers "Yenile" there.
    pub fn can_sign(&self) -> bool {
        matches!(self, CardState::Status(_) | CardState::Failed(_))
    }

    fn describe(&self) -> (Tone, String) {
        match self {
            CardState::Checking => (Tone::Info, "E-İmza eklentisi denetleniyor…".into()),
            CardState::ExtensionMissing => (Tone::Warning, "Eklenti yüklü değil.".into()),
            CardState::Failed(error) => (Tone::Warning, extension::describe(error)),
            CardState::Status(status) => describe_status(status),
        }
    }
}

fn describe_status(status: &StatusResult) -> (Tone, String) {
    if status.readers.is_empty() {
        return (Tone::Warning, ErrorCode::NoReader.message().into());
    }
    let Some(reader) = status.readers.iter().find(|reader| reader.card_present) else {
        return (Tone::Warning, ErrorCode::NoCard.message().into());
    };
    if status.certificates == 0 {
        return (Tone::Warning, ErrorCode::NoCertificate.message().into());
    }
    let family = reader.card_family.as_deref().map(|family| format!(" ({family})")).unwrap_or_default();
    (Tone::Success, format!("Kartınız hazır: {}{family}, {} imza sertifikası.", reader.name, status.certificates))
}

/// Starts polling the extension for as long as the calling component is shown.
pub fn watch_card() -> RwSignal<CardState> {
    watch_card_unless(Signal::stored(false))
}

/// The same, but no poll while `paused` (a PIN operation has the card: polls beside it would only
/// compete with it for the card).
pub fn watch_card_unless(paused: Signal<bool>) -> RwSignal<CardState> {
    let state = RwSignal::new(CardState::Checking);
    let alive = Arc::new(AtomicBool::new(true));
    let running = Arc::clone(&alive);
    on_cleanup(move || alive.store(false, Ordering::Relaxed));
    spawn_local(async move {
        while running.load(Ordering::Relaxed) {
            if paused.get_untracked() {
                sleep(POLL_MS).await;
                continue;
            }
            // The content script marks the page before any page script runs: no mark, no extension.
            let next = if extension::announced() {
                CardState::from_status(extension::status().await)
            } else {
                CardState::ExtensionMissing
            };
            if !running.load(Ordering::Relaxed) {
                break;
            }
            if state.get_untracked() != next {
                state.set(next);
            }
            sleep(POLL_MS).await;
        }
    });
    state
}

#[component]
pub fn CardStatus(state: RwSignal<CardState>) -> impl IntoView {
    view! {
        <section class="card-status" aria-labelledby="card-status-title">
            <h3 id="card-status-title">"E-İmza durumu"</h3>
            <div aria-live="polite">
                {move || {
                    let (tone, text) = state.with(CardState::describe);
                    view! { <Notice tone>{text}</Notice> }
                }}
            </div>
            {move || match state.get() {
                CardState::ExtensionMissing => Some(view! { <InstallHelp bridge_only=false /> }),
                CardState::Failed(error) if matches!(error.code, ErrorCode::HostNotFound | ErrorCode::HostForbidden) => {
                    Some(view! { <InstallHelp bridge_only=true /> })
                }
                _ => None,
            }}
        </section>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Os {
    Windows,
    Mac,
    Linux,
}

impl Os {
    fn detect() -> Os {
        let agent = web_sys::window().and_then(|window| window.navigator().user_agent().ok()).unwrap_or_default();
        if agent.contains("Windows") {
            Os::Windows
        } else if agent.contains("Mac OS") {
            Os::Mac
        } else {
            Os::Linux
        }
    }

    fn name(self) -> &'static str {
        match self {
            Os::Windows => "Windows",
            Os::Mac => "macOS",
            Os::Linux => "Linux",
        }
    }

    /// The package built for it; macOS has none yet (the program and `install`).
    fn package_system(self) -> Option<DownloadSystem> {
        match self {
            Os::Windows => Some(DownloadSystem::Windows),
            Os::Linux => Some(DownloadSystem::Debian),
            Os::Mac => None,
        }
    }
}

/// What the person does to get signing working, then, behind "Teknik yardım", the commands for
/// their operating system (for whoever sets the computer up).
#[component]
fn InstallHelp(bridge_only: bool) -> impl IntoView {
    let os = Os::detect();
    let downloads = LocalResource::new(api::downloads);
    let package = move || {
        let system = os.package_system()?;
        // The newest first; of Debian packages the one for x86-64 PCs, what staff desktops are.
        let offered: Vec<Download> =
            downloads.get()?.ok()?.into_iter().filter(|download| download.system == system).collect();
        let pc =
            offered.iter().find(|download| system != DownloadSystem::Debian || download.file.ends_with("_amd64.deb"));
        pc.cloned()
    };
    let driver = match os {
        Os::Windows => "C:\\Windows\\System32\\akisp11.dll",
        Os::Mac => "libakisp11.dylib",
        Os::Linux => "libakisp11.so",
    };
    view! {
        <div class="install-help">
            <h4>"Kurulum"</h4>
            <ol>
                {(!bridge_only)
                    .then(|| {
                        view! {
                            <li>
                                "NES Portal eklentisini tarayıcınıza yükleyiniz (Chrome, Chromium ve Edge için Chrome Web Mağazası, Firefox için Firefox Eklentileri)."
                            </li>
                        }
                    })}
                <li>
                    {move || match package() {
                        Some(download) => view! { <PackageStep os download /> }.into_any(),
                        None => "E-İmza bileşenini (nes-bridge) ve kartınızın sürücüsünü kurunuz.".into_any(),
                    }}
                    " Bilgisayarınızda program kurma yetkiniz yoksa kurumunuzun bilgi işlem birimine başvurunuz."
                </li>
                <li>"Kurulumdan sonra bu sayfayı yenileyiniz."</li>
            </ol>
            <details class="technical-help">
                <summary>"Teknik yardım"</summary>
                <p>{format!("Kurulum komutları ({}):", os.name())}</p>
                <ul>{move || commands(os, package().map(|download| download.file))}</ul>
                <p>
                    "AKİS kartların sürücüsü: " <code>{driver}</code>
                    "; diğer kartlar için opensc. Takıldığınızda " <code>"nes-bridge doctor"</code>
                    " komutu neyin eksik olduğunu gösterir."
                </p>
            </details>
        </div>
    }
}

/// "Download and run" with the package's link and size.
#[component]
fn PackageStep(os: Os, download: Download) -> impl IntoView {
    let size = format!("{:.1} MB", download.bytes as f64 / 1_000_000.0).replace('.', ",");
    let what = match os {
        Os::Windows => " dosyasını indirip çalıştırınız (yönetici yetkisi gerekmez); kartınızın sürücüsünü de kurunuz.",
        _ => " paketini indirip kurunuz (Teknik yardım'daki komutla); kartınızın sürücüsünü de kurunuz.",
    };
    view! {
        "E-İmza bileşeni: "
        <a class="download" href=api::download_url(&download.file) download="">
            {format!("{} ({size})", download.file)}
        </a>
        {what}
    }
}

fn commands(os: Os, package: Option<String>) -> impl IntoView {
    let lines: Vec<String> = match (os, package) {
        (Os::Windows, Some(file)) => vec![format!("{file} /S")],
        (Os::Windows, None) => vec!["nes-bridge.exe install --user".into()],
        (Os::Linux, Some(file)) => vec![format!("sudo apt install ./{file}")],
        (Os::Linux, None) => vec!["sudo apt install pcscd".into(), "nes-bridge install --user".into()],
        (Os::Mac, _) => vec!["nes-bridge install --user".into()],
    };
    lines.into_iter().map(|line| view! { <li><code>{line}</code></li> }).collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nes_core::bridge::ReaderInfo;

    fn status(card_present: bool, certificates: usize) -> CardState {
        let reader = ReaderInfo { name: "Virtual PCD 00 00".into(), card_present, atr: None, card_family: None };
        CardState::Status(StatusResult { readers: vec![reader], certificates })
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn signing_waits_only_for_the_extension() {
        assert!(!CardState::ExtensionMissing.can_sign() && !CardState::Checking.can_sign());
        assert!(CardState::Failed(ErrorBody::new(ErrorCode::HostNotFound)).can_sign(), "its window explains");
        assert!(status(false, 0).can_sign(), "the card can still go in while the window is open");
        assert!(status(true, 1).ready() && !status(true, 0).ready());
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn the_status_line_says_what_is_missing() {
        let empty = CardState::Status(StatusResult { readers: vec![], certificates: 0 });
        assert_eq!(empty.describe().1, ErrorCode::NoReader.message());
        assert_eq!(status(false, 0).describe().1, ErrorCode::NoCard.message());
        assert_eq!(status(true, 0).describe().1, ErrorCode::NoCertificate.message());
        assert!(status(true, 2).describe().1.starts_with("Kartınız hazır: Virtual PCD 00 00"));
    }
}
