//! Feeds arbitrary bytes to the host's input path: frames are cut from the stream as the host
//! does, and every message goes through the request parser. Must never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nes_bridge::dispatch::parse;
use nes_bridge::framing::{Frame, read_frame};

fuzz_target!(|data: &[u8]| {
    // The raw bytes as one message…
    let _ = parse(data);
    // …and as a stream of frames.
    let mut stream = data;
    loop {
        match read_frame(&mut stream) {
            Ok(Frame::Message(message)) => {
                let _ = parse(&message);
            }
            Ok(Frame::TooLarge(_)) => {}
            Ok(Frame::End) | Err(_) => break,
        }
    }
});
