//! Small building blocks shared by the screens.

pub mod card_status;
pub mod countdown;
pub mod field;
pub mod loaded;
pub mod notice;
pub mod reveal;
pub mod stepper;
pub mod table;
