//! A private SoftHSM2 token with the keys a test asks for ([`RSA_AND_P256`], [`P384_AND_P521`]),
//! certificates issued by a test CA made here (subject serialNumber = a valid T.C. Kimlik No).
//! Built with the same tools a person would use: softhsm2-util, pkcs11-tool, openssl. Keys are
//! made by OpenSSL and imported (`softhsm2-util --import`): pkcs11-tool cannot read back the
//! public key of a P-384 or P-521 key it generated ("cannot create EVP_PKEY"), which the
//! certificate needs.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const USER_PIN: &str = "123456";
pub const SO_PIN: &str = "12345678";
pub const LABEL: &str = "nes-test";
/// Valid by the T.C. Kimlik No checksum rules.
pub const NATIONAL_ID: &str = "10000000146";
/// ASCII: `openssl x509 -new -subj` reads the name as Latin-1, not UTF-8.
pub const SUBJECT_CN: &str = "AYSE YILMAZ";

/// A key pair for a token: CKA_ID, `openssl genpkey` arguments, label (also the end of the
/// certificate's CN).
pub type Key = (&'static str, &'static [&'static str], &'static str);
/// What every card does: RSA-2048, and P-256.
pub const RSA_AND_P256: &[Key] = &[
    ("01", &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "rsa"),
    ("02", &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "ec"),
];
/// The larger curves of ETSI TS 119 312, which an elliptic-curve hierarchy may issue.
pub const P384_AND_P521: &[Key] = &[
    ("03", &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], "p384"),
    ("04", &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"], "p521"),
];

pub struct Token {
    /// Kept alive for the token's files.
    _dir: tempfile::TempDir,
    pub conf: PathBuf,
    pub module: PathBuf,
    pub ca_pem: PathBuf,
    pub ca_der: PathBuf,
}

impl Token {
    pub fn env(&self) -> Vec<(&str, &str)> {
        vec![("SOFTHSM2_CONF", self.conf.to_str().unwrap()), ("NES_PKCS11_MODULE", self.module.to_str().unwrap())]
    }
}

pub fn module() -> Option<PathBuf> {
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|path| path.exists())
}

/// Whether the tools are here; the reason when not.
pub fn available() -> Result<PathBuf, String> {
    let module = module().ok_or("SoftHSM2 module not found (apt install softhsm2)")?;
    for tool in ["softhsm2-util", "pkcs11-tool", "openssl"] {
        if !super::has_program(tool) {
            return Err(format!("{tool} not found (apt install softhsm2 opensc openssl)"));
        }
    }
    Ok(module)
}

fn run(command: &mut Command) {
    let output = command.output().unwrap_or_else(|error| panic!("{command:?}: {error}"));
    assert!(output.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&output.stderr));
}

/// An initialised token with `keys` and their certificates (none: an empty token).
pub fn token(module: &Path, keys: &[Key]) -> Token {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("tokens")).unwrap();
    let conf = root.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            root.join("tokens").display()
        ),
    )
    .unwrap();
    let softhsm = |args: &[&str]| {
        let mut command = Command::new("softhsm2-util");
        command.env("SOFTHSM2_CONF", &conf).args(args);
        run(&mut command);
    };
    softhsm(&["--init-token", "--free", "--label", LABEL, "--so-pin", SO_PIN, "--pin", USER_PIN]);

    let ca_key = root.join("ca.key");
    let ca_pem = root.join("ca.pem");
    run(Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=NES Test CA/O=nes-portal test",
        ])
        .arg("-keyout")
        .arg(&ca_key)
        .arg("-out")
        .arg(&ca_pem));

    let ca_der = root.join("ca.der");
    run(Command::new("openssl").args(["x509", "-outform", "DER", "-in"]).arg(&ca_pem).arg("-out").arg(&ca_der));

    for &(id, genpkey, label) in keys {
        let private_pem = root.join(format!("{label}.key.pem"));
        run(Command::new("openssl").arg("genpkey").args(genpkey).arg("-out").arg(&private_pem));
        softhsm(&[
            "--import",
            private_pem.to_str().unwrap(),
            "--token",
            LABEL,
            "--label",
            label,
            "--id",
            id,
            "--pin",
            USER_PIN,
        ]);
        let public_pem = root.join(format!("{label}.pub.pem"));
        run(Command::new("openssl").args(["pkey", "-pubout", "-in"]).arg(&private_pem).arg("-out").arg(&public_pem));
        let extensions = root.join("ext.cnf");
        std::fs::write(
            &extensions,
            "keyUsage = critical, digitalSignature, nonRepudiation\nbasicConstraints = CA:FALSE\n",
        )
        .unwrap();
        let cert_der = root.join(format!("{label}.crt.der"));
        run(Command::new("openssl")
            .args(["x509", "-new", "-days", "2", "-set_serial", &format!("0x{id}42"), "-outform", "DER"])
            .args(["-subj", &format!("/CN={SUBJECT_CN} {label}/serialNumber={NATIONAL_ID}/C=TR")])
            .arg("-force_pubkey")
            .arg(&public_pem)
            .arg("-CA")
            .arg(&ca_pem)
            .arg("-CAkey")
            .arg(&ca_key)
            .arg("-extfile")
            .arg(&extensions)
            .arg("-out")
            .arg(&cert_der));
        run(Command::new("pkcs11-tool")
            .env("SOFTHSM2_CONF", &conf)
            .arg("--module")
            .arg(module)
            .args(["--token-label", LABEL, "--login", "--pin", USER_PIN, "--write-object"])
            .arg(&cert_der)
            .args(["--type", "cert", "--id", id, "--label", label]));
    }
    Token { _dir: dir, conf, module: module.to_path_buf(), ca_pem, ca_der }
}
