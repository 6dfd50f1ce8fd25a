//! Property tests over the framing and the request parser (the same code the `request` and
//! `framing` fuzz targets in the repository's `fuzz/` drive): no input makes them panic, lie about
//! ids or read past a frame.

use nes_bridge::dispatch::{Request, parse};
use nes_bridge::framing::{Frame, read_frame, write_frame};
use nes_core::bridge::{ErrorCode, MAX_REQUEST_BYTES};
use proptest::prelude::*;
use serde_json::json;

proptest! {
    #[test]
    fn any_bytes_parse_to_a_request_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let (_, request) = parse(&bytes);
        if let Err(error) = request {
            prop_assert!(matches!(error.code, ErrorCode::BadRequest | ErrorCode::UnknownCommand));
        }
    }

    #[test]
    fn unknown_commands_are_named_as_such_and_keep_the_id(id in "[a-zA-Z0-9-]{1,20}", command in "[a-z_]{1,20}") {
        prop_assume!(!["version", "readers", "certificates", "sign", "authenticate"].contains(&command.as_str()));
        let message = json!({"id": id, "command": command}).to_string();
        let (echoed, request) = parse(message.as_bytes());
        prop_assert_eq!(echoed, Some(id));
        prop_assert_eq!(request.unwrap_err().code, ErrorCode::UnknownCommand);
    }

    #[test]
    fn sign_arguments_survive_any_text(content in any::<String>(), pin in "[0-9]{0,12}") {
        let message = json!({"id": "s", "command": "sign", "arguments": {
            "certificate_id": "c", "content": content, "pin": pin, "origin": "https://x"}}).to_string();
        match parse(message.as_bytes()).1 {
            Ok(Request::Sign(arguments)) => {
                prop_assert_eq!(arguments.content, content);
                prop_assert_eq!(arguments.pin.map(|p| p.expose().to_owned()), Some(pin));
            }
            other => prop_assert!(false, "unexpected {:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn frames_round_trip(messages in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..2048), 0..8)) {
        let mut stream = Vec::new();
        for message in &messages {
            write_frame(&mut stream, message).unwrap();
        }
        let mut reader = stream.as_slice();
        for message in &messages {
            match read_frame(&mut reader).unwrap() {
                Frame::Message(read) => prop_assert_eq!(read.as_slice(), message.as_slice()),
                other => prop_assert!(false, "unexpected {:?}", other),
            }
        }
        prop_assert!(matches!(read_frame(&mut reader).unwrap(), Frame::End));
    }

    #[test]
    fn arbitrary_streams_never_panic_or_overread(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let mut reader = bytes.as_slice();
        for _ in 0..bytes.len() + 1 {
            match read_frame(&mut reader) {
                Ok(Frame::Message(message)) => prop_assert!(message.len() <= MAX_REQUEST_BYTES),
                Ok(Frame::TooLarge(length)) => prop_assert!(length as usize > MAX_REQUEST_BYTES),
                Ok(Frame::End) | Err(_) => break,
            }
        }
    }
}
