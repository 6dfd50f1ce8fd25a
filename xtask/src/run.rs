//! `cargo xtask run [-- SERVER ARGS]`: build the app and the server, then start `nes-server` with
//! development defaults. An argument given after `--` replaces the default of the same flag (clap
//! refuses a flag given twice), so `-- --database-url postgres://…` or `-- --dev` just work.

use std::ffi::OsString;
use std::path::Path;

use anyhow::Result;

use crate::{cmd, dev_ca, setup, site};

pub fn run(workspace: &Path, release: bool, server_args: &[String]) -> Result<()> {
    setup::ensure_wasm_toolchain(workspace, true)?;
    let site = site::build(workspace)?;
    let server = cmd::build_bin(workspace, "nes-server", release)?;
    dev_ca::ensure(workspace)?;
    let mut command = std::process::Command::new(server);
    // The packages `cargo xtask package` built, if any, are offered in the setup help.
    let downloads = cmd::target_dir(workspace).join("package");
    command.current_dir(workspace).args(command_line(&site, &downloads, server_args));
    cmd::exec(command)
}

/// xtask's defaults that the person did not give, then the person's arguments as given.
fn command_line(site: &Path, downloads: &Path, server_args: &[String]) -> Vec<OsString> {
    // The dev CA's certificates name no OCSP responder or CRL: their revocation cannot be told, and
    // without the flag every development signature would be refused (the server says so at start).
    // The development CA produces the approved applications' certificates, unless a real one is given.
    let defaults: [(&str, Option<OsString>); 6] = [
        ("--dev", None),
        ("--allow-unverified-revocation", None),
        ("--site-dir", Some(site.as_os_str().to_owned())),
        ("--downloads-dir", Some(downloads.as_os_str().to_owned())),
        ("--database-url", Some("sqlite://data/nes.db".into())),
        ("--dev-ca-dir", Some("data/dev-ca".into())),
    ];
    let given = |flag: &str| server_args.iter().any(|arg| names_flag(arg, flag));
    let mut line = Vec::new();
    for (flag, value) in defaults {
        let replaced = given(flag) || (flag == "--dev-ca-dir" && given("--ca-url"));
        if !replaced {
            line.push(OsString::from(flag));
            line.extend(value);
        }
    }
    line.extend(server_args.iter().map(OsString::from));
    line
}

/// `--flag` or `--flag=value`.
fn names_flag(arg: &str, flag: &str) -> bool {
    arg.strip_prefix(flag).is_some_and(|rest| rest.is_empty() || rest.starts_with('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(args: &[&str]) -> Vec<String> {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        command_line(Path::new("/w/target/site"), Path::new("/w/target/package"), &args)
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn defaults_alone() {
        assert_eq!(
            line(&[]),
            [
                "--dev",
                "--allow-unverified-revocation",
                "--site-dir",
                "/w/target/site",
                "--downloads-dir",
                "/w/target/package",
                "--database-url",
                "sqlite://data/nes.db",
                "--dev-ca-dir",
                "data/dev-ca"
            ]
        );
        assert!(!line(&["--ca-url", "https://ca.example"]).contains(&"--dev-ca-dir".to_string()), "a real CA instead");
    }

    #[test]
    fn given_flags_replace_their_defaults_once() {
        assert_eq!(
            line(&["--database-url", "postgres://nes@db/nes", "--dev"]),
            [
                "--allow-unverified-revocation",
                "--site-dir",
                "/w/target/site",
                "--downloads-dir",
                "/w/target/package",
                "--dev-ca-dir",
                "data/dev-ca",
                "--database-url",
                "postgres://nes@db/nes",
                "--dev"
            ]
        );
        assert_eq!(
            line(&["--site-dir=/srv/site", "--listen", "0.0.0.0:8080"]),
            [
                "--dev",
                "--allow-unverified-revocation",
                "--downloads-dir",
                "/w/target/package",
                "--database-url",
                "sqlite://data/nes.db",
                "--dev-ca-dir",
                "data/dev-ca",
                "--site-dir=/srv/site",
                "--listen",
                "0.0.0.0:8080"
            ]
        );
    }

    #[test]
    fn a_longer_flag_is_not_taken_for_a_default() {
        assert_eq!(line(&["--dev-extra"])[0], "--dev");
    }
}
