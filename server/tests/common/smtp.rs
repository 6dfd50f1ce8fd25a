//! A minimal SMTP server (RFC 5321 happy path, no TLS) that records the DATA of every mail, and one
//! that accepts connections and never says a word (a hung mail server).

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

pub struct SmtpServer {
    pub port: u16,
    mails: Arc<Mutex<Vec<String>>>,
}

impl SmtpServer {
    /// On a port of the kernel's choosing.
    pub async fn start() -> SmtpServer {
        Self::serve(TcpListener::bind("127.0.0.1:0").await.unwrap())
    }

    /// On `port`, e.g. one the server under test was told about while nothing listened there.
    pub async fn on(port: u16) -> SmtpServer {
        Self::serve(TcpListener::bind(("127.0.0.1", port)).await.expect("the SMTP port is free again"))
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every mail received so far: headers and body as sent.
    pub fn mails(&self) -> Vec<String> {
        self.mails.lock().unwrap().clone()
    }

    fn serve(listener: TcpListener) -> SmtpServer {
        let port = listener.local_addr().unwrap().port();
        let mails: Arc<Mutex<Vec<String>>> = Arc::default();
        let kept = mails.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(session(socket, kept.clone()));
            }
        });
        SmtpServer { port, mails }
    }
}

async fn session(socket: tokio::net::TcpStream, kept: Arc<Mutex<Vec<String>>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    if write.write_all(b"220 test ESMTP\r\n").await.is_err() {
        return;
    }
    let mut data: Option<String> = None;
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(body) = data.as_mut() {
            if line == "." {
                kept.lock().unwrap().push(data.take().unwrap());
                let _ = write.write_all(b"250 OK\r\n").await;
            } else {
                body.push_str(&line);
                body.push('\n');
            }
            continue;
        }
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-test\r\n250 8BITMIME\r\n"
        } else if command.starts_with("DATA") {
            data = Some(String::new());
            b"354 go on\r\n"
        } else if command.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"250 OK\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// Accepts connections and holds them open without a greeting; returns its port.
pub async fn silent_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    port
}
