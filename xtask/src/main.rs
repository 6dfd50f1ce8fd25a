//! `cargo xtask`: the project's two commands and their helpers.
//!
//! - `cargo xtask run [-- SERVER ARGS]`: build the app and the server, start `nes-server --dev` on an
//!   SQLite file under `./data/`, print the URL and the demo logins.
//! - `cargo xtask test`: install what a fresh Debian machine lacks, then run every test suite.
//! - `cargo xtask bench`: measure and report (sizes, throughput) as ratios.
//! - `cargo xtask fuzz [--seconds N] [TARGET]`: run the fuzz targets under libFuzzer (stable toolchain).
//! - `cargo xtask package`: the bridge's Debian package and Windows installer under target/package/.

mod assets;
mod bench;
mod cmd;
mod dev_ca;
mod fuzz;
mod package;
mod run;
mod services;
mod setup;
mod site;
mod split;
mod test;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Build, run and test nes-portal")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build everything and start the server with demo data.
    Run {
        /// Build the server with the release profile (slower build, faster server).
        #[arg(long)]
        release: bool,
        /// Arguments passed on to `nes-server`, after `--`; each replaces xtask's default for its flag.
        #[arg(last = true)]
        server_args: Vec<String>,
    },
    /// Install what is missing and run every test suite.
    Test {
        /// Do not install anything; fail if something is missing.
        #[arg(long)]
        no_install: bool,
        /// Run only these suites (comma-separated): lint, unit, app, e2e, package.
        #[arg(long, value_delimiter = ',')]
        only: Vec<test::Suite>,
    },
    /// Build the release app and report its transfer size and other measurements.
    Bench,
    /// Run the fuzz targets of fuzz/ under libFuzzer, each for the given time.
    Fuzz {
        /// How long each target runs.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// Only this target (a directory of fuzz/corpus/: request, framing, cades_verify, …).
        target: Option<String>,
    },
    /// Build the app into target/site (what the server serves).
    Site,
    /// Build the bridge's Debian package and Windows installer into target/package/.
    Package,
}

fn main() {
    // One line of cause chain, not a backtrace: the commands' own output says what went wrong.
    if let Err(error) = dispatch(Cli::parse().command) {
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
}

fn dispatch(command: Command) -> Result<()> {
    let workspace = workspace_root();
    match command {
        Command::Run { release, server_args } => run::run(&workspace, release, &server_args),
        Command::Test { no_install, only } => test::run(&workspace, !no_install, &only),
        Command::Bench => bench::run(&workspace),
        Command::Fuzz { seconds, target } => fuzz::run(&workspace, seconds, target.as_deref()),
        Command::Site => site::build(&workspace).map(drop),
        Command::Package => {
            package::build(&workspace).map(|built| built.iter().for_each(|path| println!("{}", path.display())))
        }
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}
