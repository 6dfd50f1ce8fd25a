//! `nes-bridge` as a process, started the way Chromium starts it (argv[1] = extension origin),
//! talking native-messaging frames over its stdin/stdout.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::Value;

pub const EXTENSION_ORIGIN: &str = "chrome-extension://mllagpnndnfmaklpmpbbbamabooiaede/";

pub struct HostProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
}

impl HostProcess {
    /// Starts the host with exactly these extra environment variables.
    pub fn start(env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nes-bridge"));
        command.arg(EXTENSION_ORIGIN).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit());
        command.env_remove("NES_PKCS11_MODULE").env_remove("SOFTHSM2_CONF");
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("starting nes-bridge");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        Self { child, stdin, stdout }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.send_raw_prefix(bytes.len() as u32, bytes);
    }

    /// A frame whose length prefix promises `length` bytes but carries only `bytes`.
    pub fn send_raw_prefix(&mut self, length: u32, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(&length.to_ne_bytes()).unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn receive(&mut self) -> Value {
        let mut length = [0u8; 4];
        self.stdout.read_exact(&mut length).expect("a reply frame");
        let mut body = vec![0u8; u32::from_ne_bytes(length) as usize];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).expect("reply is JSON")
    }

    pub fn request(&mut self, request: &Value) -> Value {
        self.send_raw(serde_json::to_string(request).unwrap().as_bytes());
        self.receive()
    }

    /// Closes stdin, as the browser does, and returns the exit status.
    pub fn finish(mut self) -> std::process::ExitStatus {
        drop(self.stdin.take());
        self.child.wait().unwrap()
    }
}

/// One request in a fresh host, as `chrome.runtime.sendNativeMessage` does.
pub fn call(env: &[(&str, &str)], request: Value) -> Value {
    let mut host = HostProcess::start(env);
    let reply = host.request(&request);
    assert!(host.finish().success());
    reply
}

/// The error code of a reply, or `"ok"`.
pub fn code(reply: &Value) -> &str {
    reply["error"]["code"].as_str().unwrap_or("ok")
}
