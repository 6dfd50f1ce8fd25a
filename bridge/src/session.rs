//! The host's main loop: read a frame, answer it, until the browser closes stdin. Works for
//! `sendNativeMessage` (one message) and `connectNative` (many).

use std::io::{Read, Write};

use crate::dispatch;
use crate::framing::{Frame, FramingError, read_frame, write_frame};
use crate::handlers::Host;

/// Serves until the stream ends. A stream that breaks mid-frame ends the session too: there is
/// no way to find the next frame boundary.
pub fn serve(host: &Host, input: &mut impl Read, output: &mut impl Write) -> std::io::Result<()> {
    loop {
        let reply = match read_frame(input) {
            Ok(Frame::Message(message)) => dispatch::handle_message(host, &message),
            Ok(Frame::TooLarge(_)) => dispatch::too_large_reply(),
            Ok(Frame::End) | Err(FramingError::Truncated) => return Ok(()),
            Err(FramingError::Io(error)) => return Err(error),
        };
        write_frame(output, &reply)?;
    }
}

#[cfg(test)]
mod tests {
    use nes_core::bridge::MAX_REQUEST_BYTES;
    use serde_json::Value;

    use super::*;

    fn frame(body: &[u8]) -> Vec<u8> {
        [&(body.len() as u32).to_ne_bytes()[..], body].concat()
    }

    fn replies(mut output: &[u8]) -> Vec<Value> {
        let mut all = Vec::new();
        while let Ok(Frame::Message(message)) = read_frame(&mut output) {
            all.push(serde_json::from_slice(&message).unwrap());
        }
        all
    }

    #[test]
    fn answers_every_frame_and_keeps_serving_after_errors() {
        let input = [
            frame(br#"{"id":"1","command":"version"}"#),
            frame(&vec![b'x'; MAX_REQUEST_BYTES + 10]),
            frame(b"\xff\xfe"),
            frame(br#"{"id":"4","command":"nope"}"#),
            frame(br#"{"id":"5","command":"version"}"#),
        ]
        .concat();
        let mut output = Vec::new();
        serve(&Host::new(Default::default()), &mut input.as_slice(), &mut output).unwrap();
        let replies = replies(&output);
        let codes: Vec<&str> = replies.iter().map(|r| r["error"]["code"].as_str().unwrap_or("ok")).collect();
        assert_eq!(codes, ["ok", "MESSAGE_TOO_LARGE", "BAD_REQUEST", "UNKNOWN_COMMAND", "ok"]);
        assert_eq!(replies[4]["id"], "5");
    }

    #[test]
    fn truncated_stream_ends_the_session_cleanly() {
        let mut input = frame(br#"{"id":"1","command":"version"}"#);
        input.extend_from_slice(&50u32.to_ne_bytes());
        input.extend_from_slice(b"{\"id\"");
        let mut output = Vec::new();
        serve(&Host::new(Default::default()), &mut input.as_slice(), &mut output).unwrap();
        assert_eq!(replies(&output).len(), 1);
    }
}
