//! Time as Unix seconds (what the database stores) and its RFC 3339 / date forms (what the API sends).

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

pub fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix).ok().and_then(|t| t.format(&Rfc3339).ok()).unwrap_or_default()
}

/// `YYYY-MM-DD` (UTC).
pub fn date(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix).map(|t| t.date().to_string()).unwrap_or_default()
}

/// `YYYY-MM-DD` in Türkiye (UTC+3 all year since 2016): a date a person reads.
pub fn date_in_turkey(unix: i64) -> String {
    date(unix + 3 * 3_600)
}

/// Today's date (UTC), for rules such as "a birth date lies in the past".
pub fn today() -> nes_core::date::CivilDate {
    let date = OffsetDateTime::now_utc().date();
    nes_core::date::CivilDate::new(date.year(), date.month() as u8, date.day()).expect("a real date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(date(86_400 * 365), "1971-01-01");
    }
}
