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

/// Parses `YYYY-MM-DD` or `GG.AA.YYYY` into `YYYY-MM-DD`.
pub fn parse_birth_date(input: &str) -> Option<String> {
    let input = input.trim();
    let iso = time::macros::format_description!("[year]-[month]-[day]");
    let turkish = time::macros::format_description!("[day].[month].[year]");
    let date = time::Date::parse(input, &iso).or_else(|_| time::Date::parse(input, &turkish)).ok()?;
    (date < OffsetDateTime::now_utc().date()).then(|| date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates_in_both_spellings() {
        assert_eq!(parse_birth_date("1980-04-23").as_deref(), Some("1980-04-23"));
        assert_eq!(parse_birth_date("23.04.1980").as_deref(), Some("1980-04-23"));
        assert_eq!(parse_birth_date("31.02.1980"), None);
        assert_eq!(parse_birth_date("2999-01-01"), None);
        assert_eq!(parse_birth_date("1980/04/23"), None);
    }

    #[test]
    fn formats() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(date(86_400 * 365), "1971-01-01");
    }
}
