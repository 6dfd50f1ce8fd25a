//! PC/SC readers and the cards in them, through the system's PC/SC service (pcscd, WinSCard).

use std::time::Duration;

use nes_core::bridge::{ErrorCode, ReaderInfo};
use pcsc::{Context, ReaderState, Scope, State};

use crate::cards;
use crate::error::{HostError, HostResult};

/// Every reader with its card state. No PC/SC service, or no readers, is an empty list: to the
/// user both mean "no reader".
pub fn list() -> HostResult<Vec<ReaderInfo>> {
    let context = match Context::establish(Scope::User) {
        Ok(context) => context,
        Err(pcsc::Error::NoService | pcsc::Error::ServiceStopped | pcsc::Error::NoReadersAvailable) => {
            return Ok(Vec::new());
        }
        Err(error) => return Err(pcsc_error(error)),
    };
    let names = match context.list_readers_owned() {
        Ok(names) => names,
        Err(pcsc::Error::NoReadersAvailable) => return Ok(Vec::new()),
        Err(error) => return Err(pcsc_error(error)),
    };
    let mut states: Vec<ReaderState> = names.into_iter().map(|name| ReaderState::new(name, State::UNAWARE)).collect();
    if !states.is_empty() {
        // Timeout zero: report the current state, do not wait for a change.
        match context.get_status_change(Duration::ZERO, &mut states) {
            Ok(()) | Err(pcsc::Error::Timeout) => {}
            Err(error) => return Err(pcsc_error(error)),
        }
    }
    Ok(states.iter().map(describe).collect())
}

fn describe(state: &ReaderState) -> ReaderInfo {
    let card_present = state.event_state().contains(State::PRESENT);
    let atr = card_present.then(|| state.atr()).filter(|atr| !atr.is_empty());
    ReaderInfo {
        name: state.name().to_string_lossy().into_owned(),
        card_present,
        atr: atr.map(cards::hex),
        card_family: atr.map(|atr| cards::family_of(atr).map_or(cards::UNKNOWN, |family| family.id).to_owned()),
    }
}

fn pcsc_error(error: pcsc::Error) -> HostError {
    HostError::new(ErrorCode::Internal, format!("PC/SC: {error}"))
}
