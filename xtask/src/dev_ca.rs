//! The development CA that `nes-server --dev` trusts (it reads the PEM files of `data/dev-ca/`).
//! Made once with OpenSSL; its key stays beside it (as `ca.key`, which the server does not read) so
//! a developer can issue test card certificates with it:
//! `openssl x509 -new -force_pubkey card.pub.pem -CA data/dev-ca/ca.pem -CAkey data/dev-ca/ca.key …`.

use std::path::Path;
use std::process::Command;

use anyhow::Result;

use crate::cmd;

pub fn ensure(workspace: &Path) -> Result<()> {
    let dir = workspace.join("data/dev-ca");
    if dir.join("ca.pem").exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir)?;
    // Captured: openssl's key-generation progress dots say nothing useful.
    cmd::output(
        Command::new("openssl")
            .current_dir(&dir)
            .args(["req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", "ca.key", "-out", "ca.pem"])
            .args(["-days", "3650", "-subj", "/C=TR/O=nes-portal/CN=nes-portal Dev CA", "-utf8"])
            .args(["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]),
    )?;
    eprintln!("created the development CA in {} (trusted by nes-server --dev)", dir.display());
    Ok(())
}
