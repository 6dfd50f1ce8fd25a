//! nes-bridge: started by the browser (argv[1] = the calling extension's origin or, for Firefox,
//! the manifest path) it serves native messaging on stdin/stdout; started by a person it installs,
//! uninstalls, diagnoses or answers one request (`call`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use nes_bridge::config::Config;
use nes_bridge::handlers::Host;
use nes_bridge::install::{self, Browser, Scope};
use nes_bridge::{dispatch, doctor, session};

/// Where `install` writes and `uninstall` removes the host manifests.
#[derive(Args)]
struct Targets {
    #[arg(long, value_enum, default_value = "all")]
    browser: BrowserChoice,
    /// For all users (needs administrator rights) instead of the current user.
    #[arg(long, conflicts_with = "user")]
    system: bool,
    /// For the current user (the default).
    #[arg(long)]
    user: bool,
    /// Write into this directory instead (e.g. `<user-data-dir>/NativeMessagingHosts`).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Put the browsers' directories under this one (a package's staging tree, as DESTDIR).
    #[arg(long, conflicts_with = "dir")]
    root: Option<PathBuf>,
}

/// `install`'s own flags.
#[derive(clap::Args)]
struct InstallArgs {
    #[command(flatten)]
    targets: Targets,
    /// The program the manifests name, when it is not this one (a package installs it elsewhere).
    #[arg(long)]
    program: Option<PathBuf>,
}

impl Targets {
    /// Whether the browsers' own lookup (the Windows registry) is changed too: not when writing
    /// into a chosen directory or a package's tree.
    fn registers(&self) -> bool {
        self.dir.is_none() && self.root.is_none()
    }

    /// Each chosen browser with the directory its manifest goes to (browsers with no known
    /// directory on this OS are left out).
    fn directories(&self) -> Vec<(Browser, PathBuf)> {
        self.browser
            .browsers()
            .into_iter()
            .filter_map(|browser| {
                let dir = self.dir.clone().or_else(|| install::manifest_dir(browser, scope(self.system)))?;
                let dir = match &self.root {
                    // An absolute directory joined under the root: strip its leading `/`.
                    Some(root) => root.join(dir.strip_prefix("/").unwrap_or(&dir)),
                    None => dir,
                };
                Some((browser, dir))
            })
            .collect()
    }
}

#[derive(Parser)]
#[command(
    name = "nes-bridge",
    version,
    about = "nes-portal e-imza köprüsü: tarayıcı eklentisi ile akıllı kart arasında"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Registers the host with browsers (writes the native-messaging manifests).
    Install(#[command(flatten)] InstallArgs),
    /// Removes the manifests `install` wrote.
    Uninstall(#[command(flatten)] Targets),
    /// Explains what is installed, which readers, modules and certificates are found, and what to
    /// do about each problem; exits 1 when there is one.
    Doctor {
        /// The same report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Answers one request given as JSON and prints the reply, e.g. `call '{"command":"readers"}'`.
    Call { request: String },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BrowserChoice {
    Chrome,
    Chromium,
    Edge,
    Firefox,
    All,
}

impl BrowserChoice {
    fn browsers(self) -> Vec<Browser> {
        match self {
            Self::Chrome => vec![Browser::Chrome],
            Self::Chromium => vec![Browser::Chromium],
            Self::Edge => vec![Browser::Edge],
            Self::Firefox => vec![Browser::Firefox],
            Self::All => Browser::ALL.to_vec(),
        }
    }
}

/// Browsers start hosts with the caller's origin (Chrome: `chrome-extension://…/`) or the
/// manifest path and add-on id (Firefox); a person uses a subcommand.
fn started_by_browser(first: Option<&str>) -> bool {
    first.is_some_and(|arg| arg.starts_with("chrome-extension://") || arg.ends_with(".json"))
}

fn main() -> ExitCode {
    let first = std::env::args().nth(1);
    let outcome = if started_by_browser(first.as_deref()) { serve() } else { run(Cli::parse()) };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("nes-bridge: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn host() -> Host {
    // A broken config must not stop signing with the built-in defaults; report it on stderr.
    Host::new(Config::load().unwrap_or_else(|error| {
        eprintln!("nes-bridge: {}", error.detail);
        Config::default()
    }))
}

fn serve() -> Result<()> {
    let host = host();
    session::serve(&host, &mut std::io::stdin().lock(), &mut std::io::stdout().lock()).context("native messaging")
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Install(InstallArgs { targets, program }) => {
            let executable = match program {
                Some(program) => program,
                // canonicalize() on Windows gives a `\\?\` path, which browsers do not start.
                None if cfg!(windows) => std::env::current_exe()?,
                None => std::env::current_exe()?.canonicalize()?,
            };
            for (browser, target) in targets.directories() {
                let path = install::install_into(browser, &target, &executable)?;
                if targets.registers() {
                    install::register(browser, scope(targets.system), &path)?;
                }
                println!("{browser:?}: {}", path.display());
            }
            println!("Kurulum tamam. Eklentiyi tarayıcınıza ekleyiniz (bkz. bridge/README.md).");
            Ok(())
        }
        Command::Uninstall(targets) => {
            for (browser, target) in targets.directories() {
                let unregistered = targets.registers() && install::unregister(browser, scope(targets.system))?;
                if install::uninstall_from(&target)? || unregistered {
                    println!("{browser:?}: kaldırıldı ({})", install::manifest_path(&target).display());
                }
            }
            Ok(())
        }
        Command::Doctor { json } => {
            let report = doctor::collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", doctor::text(&report));
            }
            if !report.problems.is_empty() {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Call { request } => {
            let mut reply: serde_json::Value =
                serde_json::from_slice(&dispatch::handle_message(&host(), request.as_bytes()))?;
            if reply["id"].is_null() {
                reply.as_object_mut().map(|object| object.remove("id"));
            }
            let mut stdout = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut stdout, &reply)?;
            writeln!(stdout)?;
            Ok(())
        }
    }
}

fn scope(system: bool) -> Scope {
    if system { Scope::System } else { Scope::User }
}
