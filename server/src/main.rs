//! `nes-server`: serves the API and the app, or manages ön başvurular and officer roles from the
//! command line.

use clap::Parser;
use nes_server::cli::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    nes_server::telemetry::init();
    match cli.command {
        Some(Command::PreApplication(command)) => nes_server::pre_applications::cli::run(command, &cli.serve).await,
        Some(Command::Officer(command)) => nes_server::officers::cli::run(command, &cli.serve).await,
        Some(Command::Signature(command)) => nes_server::signatures::cli::run(command, &cli.serve).await,
        None => nes_server::serve(cli.serve).await,
    }
}
