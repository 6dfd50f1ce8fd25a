//! The native host's input path: the frames cut from the browser's stream, and each message through
//! the request parser.

use nes_bridge::dispatch::parse;
use nes_bridge::framing::{Frame, read_frame, write_frame};
use nes_core::bridge::{ErrorCode, MAX_REPLY_BYTES, MAX_REQUEST_BYTES};

/// Any bytes as one message: a typed request, or a `BAD_REQUEST`/`UNKNOWN_COMMAND` error whose
/// echoed id is the request's own.
pub fn request(data: &[u8]) {
    let (id, request) = parse(data);
    if let Err(error) = request {
        assert!(matches!(error.code, ErrorCode::BadRequest | ErrorCode::UnknownCommand), "{:?}", error.code);
    }
    // Checked where serde_json's own reading can tell: the parser skips fields it does not need, so
    // it takes input that `Value` refuses (bytes that are not UTF-8, numbers out of range there).
    let lossy = String::from_utf8_lossy(data);
    if let (Some(id), Ok(json)) = (id, serde_json::from_str::<serde_json::Value>(&lossy)) {
        assert_eq!(json["id"].as_str(), Some(id.as_str()), "the echoed id is the request's own");
    }
}

/// Any bytes as a stream: frames are read until the end or an error, never past the input and never
/// larger than the limit; each message also goes through the parser. A message written back as a
/// frame reads back the same.
pub fn framing(data: &[u8]) {
    let mut stream = data;
    loop {
        let before = stream.len();
        match read_frame(&mut stream) {
            Ok(Frame::Message(message)) => {
                assert!(message.len() <= MAX_REQUEST_BYTES);
                assert_eq!(before - stream.len(), 4 + message.len(), "a frame is its prefix and its body");
                request(&message);
            }
            Ok(Frame::TooLarge(length)) => assert!(length as usize > MAX_REQUEST_BYTES),
            Ok(Frame::End) => {
                assert_eq!(before, 0, "the end is reported only when nothing is left");
                break;
            }
            Err(_) => break,
        }
    }
    if data.len() <= MAX_REPLY_BYTES {
        let mut framed = Vec::new();
        write_frame(&mut framed, data).expect("a message under the limit is written");
        match read_frame(&mut framed.as_slice()) {
            Ok(Frame::Message(message)) if data.len() <= MAX_REQUEST_BYTES => assert_eq!(message.as_slice(), data),
            Ok(Frame::TooLarge(length)) => assert_eq!(length as usize, data.len()),
            other => panic!("a written frame read back as {other:?}"),
        }
    }
}
