//! `readers` → every PC/SC reader, its card and the card's family.

use nes_core::bridge::ReadersResult;

use crate::error::HostResult;

pub fn handle() -> HostResult<ReadersResult> {
    Ok(ReadersResult { readers: crate::readers::list()? })
}
