//! Native-messaging framing: a 4-byte length in native byte order, then that many bytes of UTF-8
//! JSON. The same framing both ways; Chrome and Firefox agree on it.

use std::io::{self, Read, Write};

use nes_core::bridge::{MAX_REPLY_BYTES, MAX_REQUEST_BYTES};
use zeroize::Zeroizing;

/// What reading one frame gave.
#[derive(Debug)]
pub enum Frame {
    /// A whole message. Wiped on drop: it may hold a PIN.
    Message(Zeroizing<Vec<u8>>),
    /// A frame larger than [`MAX_REQUEST_BYTES`]; its body was read and dropped, so the stream
    /// stays in step and the host can answer `MESSAGE_TOO_LARGE` and keep serving.
    TooLarge(u32),
    /// The stream closed cleanly between frames: the browser is done with us.
    End,
}

/// Reading failed in a way that leaves the stream out of step; the host must stop.
#[derive(Debug, thiserror::Error)]
pub enum FramingError {
    #[error("the stream ended inside a frame (length prefix larger than the data)")]
    Truncated,
    #[error("reading the stream failed: {0}")]
    Io(#[from] io::Error),
}

/// Reads the next frame. Never allocates more than [`MAX_REQUEST_BYTES`], whatever the prefix says.
pub fn read_frame(reader: &mut impl Read) -> Result<Frame, FramingError> {
    let mut prefix = [0u8; 4];
    match read_full(reader, &mut prefix)? {
        0 => return Ok(Frame::End),
        4 => {}
        _ => return Err(FramingError::Truncated),
    }
    let length = u32::from_ne_bytes(prefix);
    if length as usize > MAX_REQUEST_BYTES {
        let skipped = io::copy(&mut reader.take(u64::from(length)), &mut io::sink())?;
        return if skipped == u64::from(length) { Ok(Frame::TooLarge(length)) } else { Err(FramingError::Truncated) };
    }
    let mut body = Zeroizing::new(vec![0u8; length as usize]);
    if read_full(reader, &mut body)? != body.len() {
        return Err(FramingError::Truncated);
    }
    Ok(Frame::Message(body))
}

/// Like `read_exact`, but reports how much was read before the end instead of failing.
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// Writes one frame and flushes, so the browser sees it at once.
/// Callers keep `message` under [`MAX_REPLY_BYTES`]; a larger one is refused rather than sent
/// (Chrome would drop it and the connection with it).
pub fn write_frame(writer: &mut impl Write, message: &[u8]) -> io::Result<()> {
    if message.len() > MAX_REPLY_BYTES {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "reply larger than the native-messaging limit"));
    }
    let length = u32::try_from(message.len()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    writer.write_all(&length.to_ne_bytes())?;
    writer.write_all(message)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut bytes = (body.len() as u32).to_ne_bytes().to_vec();
        bytes.extend_from_slice(body);
        bytes
    }

    #[test]
    fn reads_consecutive_frames_then_end() {
        let stream = [frame(b"{\"a\":1}"), frame(b"[]")].concat();
        let mut reader = stream.as_slice();
        assert!(matches!(read_frame(&mut reader).unwrap(), Frame::Message(m) if m.as_slice() == b"{\"a\":1}"));
        assert!(matches!(read_frame(&mut reader).unwrap(), Frame::Message(m) if m.as_slice() == b"[]"));
        assert!(matches!(read_frame(&mut reader).unwrap(), Frame::End));
    }

    #[test]
    fn oversized_frame_is_skipped_and_the_next_one_read() {
        let big = vec![b' '; MAX_REQUEST_BYTES + 1];
        let stream = [frame(&big), frame(b"{}")].concat();
        let mut reader = stream.as_slice();
        assert!(matches!(read_frame(&mut reader).unwrap(), Frame::TooLarge(n) if n as usize == MAX_REQUEST_BYTES + 1));
        assert!(matches!(read_frame(&mut reader).unwrap(), Frame::Message(m) if m.as_slice() == b"{}"));
    }

    #[test]
    fn lying_length_prefix_is_truncation_not_a_hang() {
        let mut stream = 100u32.to_ne_bytes().to_vec();
        stream.extend_from_slice(b"{}");
        assert!(matches!(read_frame(&mut stream.as_slice()), Err(FramingError::Truncated)));
        let huge = u32::MAX.to_ne_bytes();
        assert!(matches!(read_frame(&mut huge.as_slice()), Err(FramingError::Truncated)));
        assert!(matches!(read_frame(&mut [1u8, 0].as_slice()), Err(FramingError::Truncated)));
    }

    #[test]
    fn writes_length_then_body_and_refuses_oversized_replies() {
        let mut out = Vec::new();
        write_frame(&mut out, b"{\"id\":\"1\"}").unwrap();
        assert_eq!(out, frame(b"{\"id\":\"1\"}"));
        assert!(write_frame(&mut Vec::new(), &vec![b'x'; MAX_REPLY_BYTES + 1]).is_err());
    }
}
