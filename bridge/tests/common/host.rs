//! `nes-bridge` as a process, started the way Chromium starts it (argv[1] = extension origin),
//! talking native-messaging frames over its stdin/stdout. A reply that does not come within
//! [`HANG_GUARD`] fails the test: every request must be answered, whatever the card or pcscd do.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::Value;

pub const EXTENSION_ORIGIN: &str = "chrome-extension://mllagpnndnfmaklpmpbbbamabooiaede/";

/// Far beyond any answer's time: a hang detector, not a timing requirement.
pub const HANG_GUARD: Duration = Duration::from_secs(30);

pub struct HostProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Reply frames, read by a thread so that waiting for one can time out.
    replies: Receiver<Vec<u8>>,
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
        let mut stdout = child.stdout.take().unwrap();
        let (send, replies) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(frame) = read_frame(&mut stdout) {
                if send.send(frame).is_err() {
                    break;
                }
            }
        });
        Self { child, stdin, replies }
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

    /// The next reply; fails the test when the host hangs or exits without one.
    pub fn receive(&mut self) -> Value {
        match self.replies.recv_timeout(HANG_GUARD) {
            Ok(body) => serde_json::from_slice(&body).expect("reply is JSON"),
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                panic!("no reply within {HANG_GUARD:?}: the host hangs");
            }
            Err(RecvTimeoutError::Disconnected) => panic!("the host closed stdout without a reply"),
        }
    }

    /// Sends a request without waiting for its reply.
    pub fn send(&mut self, request: &Value) {
        self.send_raw(serde_json::to_string(request).unwrap().as_bytes());
    }

    pub fn request(&mut self, request: &Value) -> Value {
        self.send(request);
        self.receive()
    }

    /// Closes stdin, as the browser does, and returns the exit status.
    pub fn finish(mut self) -> std::process::ExitStatus {
        drop(self.stdin.take());
        self.child.wait().unwrap()
    }
}

fn read_frame(stdout: &mut ChildStdout) -> Option<Vec<u8>> {
    let mut length = [0u8; 4];
    stdout.read_exact(&mut length).ok()?;
    let mut body = vec![0u8; u32::from_ne_bytes(length) as usize];
    stdout.read_exact(&mut body).ok()?;
    Some(body)
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
