//! A virtual smart card played over vsmartcard's vpcd socket protocol: the test is the card.
//! Frames both ways are a u16 big-endian length and a payload; a 1-byte payload from vpcd is a
//! control code (0x00 power off, 0x01 power on, 0x02 reset, 0x04 get ATR → reply the ATR), longer
//! ones are APDUs. Closing the connection removes the card.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::host::{call, code};

/// vpcd's first reader, "Virtual PCD 00 00".
pub const READER_0: (&str, u16) = ("Virtual PCD 00 00", 35963);
/// vpcd's second reader, "Virtual PCD 00 01".
pub const READER_1: (&str, u16) = ("Virtual PCD 00 01", 35964);

/// AKİS v1.0 (OpenSC card-akis.c).
pub const AKIS_ATR: [u8; 19] =
    [0x3B, 0xBA, 0x11, 0x00, 0x81, 0x31, 0xFE, 0x4D, 0x55, 0x45, 0x4B, 0x41, 0x45, 0x20, 0x56, 0x31, 0x2E, 0x30, 0xAE];

/// The reader `name` as the host's `readers` reports it.
pub fn reader(name: &str) -> Value {
    let reply = call(&[], json!({"id": "r", "command": "readers"}));
    assert_eq!(code(&reply), "ok", "{reply}");
    let readers = reply["result"]["readers"].as_array().unwrap();
    readers.iter().find(|r| r["name"] == name).cloned().unwrap_or_else(|| panic!("no reader {name} in {readers:?}"))
}

/// Polls until the reader's state satisfies `done` (pcscd sees changes within ~0.5 s).
pub fn wait_for(name: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let state = reader(name);
        if done(&state) {
            return state;
        }
        assert!(Instant::now() < deadline, "reader {name} never reached the expected state: {state}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// What a card does with the APDUs it is sent.
pub trait Card: Send + 'static {
    /// The response (data and status word) to one APDU; `None` leaves it unanswered until the card
    /// is removed, as a card stuck mid-operation.
    fn transmit(&mut self, apdu: &[u8]) -> Option<Vec<u8>>;

    /// Power off, power on or reset: what the card had verified is forgotten.
    fn reset(&mut self) {}
}

/// A card with no application: every APDU is 6D00 (instruction not supported).
struct Blank;

impl Card for Blank {
    fn transmit(&mut self, _apdu: &[u8]) -> Option<Vec<u8>> {
        Some(vec![0x6D, 0x00])
    }
}

/// Whether `cargo xtask test` started its private pcscd with vpcd (`NES_TEST_PCSC=1`); under
/// `CI=true` its absence fails the test.
pub fn pcscd_available() -> bool {
    super::require(
        std::env::var("NES_TEST_PCSC").is_ok_and(|value| value == "1"),
        "NES_TEST_PCSC is not set: no private pcscd with vpcd (run `cargo xtask test`)",
    )
}

pub struct VirtualCard {
    stream: TcpStream,
    player: Option<JoinHandle<()>>,
}

impl VirtualCard {
    /// Inserts a blank card with `atr` into the reader listening on `port`.
    pub fn insert(port: u16, atr: &[u8]) -> io::Result<Self> {
        Self::insert_card(port, atr, Blank)
    }

    /// Inserts `card` with `atr` into the reader listening on `port` (retrying while pcscd's
    /// driver starts).
    pub fn insert_card(port: u16, atr: &[u8], mut card: impl Card) -> io::Result<Self> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let stream = loop {
            match TcpStream::connect(("127.0.0.1", port)) {
                Ok(stream) => break stream,
                Err(error) if Instant::now() > deadline => return Err(error),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        };
        let mut reader = stream.try_clone()?;
        let atr = atr.to_vec();
        let player = std::thread::spawn(move || {
            // Ends when the socket is shut down (card removed) or vpcd goes away.
            while let Ok(request) = read_frame(&mut reader) {
                let reply = match request.as_slice() {
                    [0x04] => Some(atr.clone()),
                    [_] => {
                        card.reset();
                        None
                    }
                    apdu => card.transmit(apdu),
                };
                if let Some(reply) = reply
                    && write_frame(&mut reader, &reply).is_err()
                {
                    break;
                }
            }
        });
        Ok(Self { stream, player: Some(player) })
    }

    /// Pulls the card out.
    pub fn remove(mut self) {
        self.eject();
    }

    fn eject(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
        if let Some(player) = self.player.take() {
            let _ = player.join();
        }
    }
}

impl Drop for VirtualCard {
    fn drop(&mut self) {
        self.eject();
    }
}

fn read_frame(stream: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut length = [0u8; 2];
    stream.read_exact(&mut length)?;
    let mut payload = vec![0u8; usize::from(u16::from_be_bytes(length))];
    stream.read_exact(&mut payload)?;
    Ok(payload)
}

fn write_frame(stream: &mut TcpStream, payload: &[u8]) -> io::Result<()> {
    let length = u16::try_from(payload.len()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    stream.write_all(&length.to_be_bytes())?;
    stream.write_all(payload)
}
