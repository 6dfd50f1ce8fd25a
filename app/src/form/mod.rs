//! The Başvuru Bilgileri form: its state, drafts, and the controls bound to nes-core fields.

pub mod controls;
pub mod draft;
pub mod state;
pub mod values;
