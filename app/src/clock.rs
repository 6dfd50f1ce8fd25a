//! The browser's calendar: what "today" is for the rules that need it (a birth date lies before it).

use nes_core::date::CivilDate;

/// Today in the browser's time zone.
pub fn today() -> CivilDate {
    let now = js_sys::Date::new_0();
    let month = now.get_month() as u8 + 1;
    CivilDate::new(now.get_full_year() as i32, month, now.get_date() as u8).expect("the browser's date exists")
}
