//! Calendar dates as Turkish users write them (`GG.AA.YYYY`) and as the API sends them
//! (`YYYY-MM-DD`). No clock here: the caller says what "today" is, so the browser and the server
//! apply the same rule with their own clocks.

use std::fmt;

/// A valid Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    year: i32,
    month: u8,
    day: u8,
}

impl CivilDate {
    /// `None` unless the day exists in that month (31.02 and 29.02 of a common year do not).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// Reads `GG.AA.YYYY` (also `G.A.YYYY`, and `/` or `-` between the parts, as people type) or
    /// ISO `YYYY-MM-DD` (what a date picker and the API send).
    pub fn parse(input: &str) -> Option<Self> {
        let input = input.trim();
        let parts: Vec<&str> = input.split(['.', '/', '-']).collect();
        let [a, b, c] = parts.as_slice() else { return None };
        if ![a, b, c].iter().all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit())) {
            return None;
        }
        let (year, month, day) = if a.len() == 4 && input.contains('-') {
            (a, b, c)
        } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
            (c, b, a)
        } else {
            return None;
        };
        Self::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `GG.AA.YYYY`, as dates are printed in Turkey.
    pub fn turkish(self) -> String {
        format!("{:02}.{:02}.{:04}", self.day, self.month, self.year)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// The Unix time of this day's last second in Türkiye (UTC+3 all year since 2016): what a
    /// certificate that ends "on" this date means.
    pub fn end_of_day_in_turkey(self) -> i64 {
        (self.days_since_epoch() + 1) * 86_400 - 3 * 3_600 - 1
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`, for the years 1–9999 this type has).
    fn days_since_epoch(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let (era, year_of_era) = (year / 400, year % 400);
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.turkish())
    }
}

/// The Unix time of a UTC RFC 3339 time as the certificate authority writes them,
/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (the fraction is dropped); `None` for anything else, an hour
/// past 23 or a minute past 59 included (a leap second, :60, is taken as :59).
pub fn utc_seconds(text: &str) -> Option<i64> {
    let date = CivilDate::parse(text.get(..10)?)?;
    let rest = text.get(10..)?.strip_prefix('T')?.strip_suffix('Z')?;
    let (clock, fraction) = rest.split_once('.').unwrap_or((rest, "0"));
    if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let [hour, minute, second] = parts.as_slice() else { return None };
    let field = |text: &str, max: i64| {
        (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<i64>().ok())
            .flatten()
            .filter(|value| *value <= max)
    };
    let (hour, minute, second) = (field(hour, 23)?, field(minute, 59)?, field(second, 60)?.min(59));
    Some(date.days_since_epoch() * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// `YYYY-MM-DD…` (a date or an RFC 3339 time) as `GG.AA.YYYY`; anything else unchanged.
pub fn turkish_date(iso: &str) -> String {
    iso.get(..10).and_then(CivilDate::parse).map_or_else(|| iso.to_string(), CivilDate::turkish)
}

/// An RFC 3339 UTC time (`2026-12-04T21:15:30Z`) as Turkey's clocks showed it: `05.12.2026 00:15:30`.
/// Türkiye Saati is UTC+3 all year since 2016. Anything else is returned as it came.
pub fn turkish_time(rfc3339: &str) -> String {
    let parsed = (|| {
        let date = CivilDate::parse(rfc3339.get(..10)?)?;
        let clock = rfc3339.get(11..19)?;
        let [hour, minute, second]: [u8; 3] =
            clock.split(':').map(|part| part.parse().ok()).collect::<Option<Vec<u8>>>()?.try_into().ok()?;
        let hour = hour + 3;
        let date = if hour < 24 { date } else { date.next_day()? };
        Some(format!("{} {:02}:{minute:02}:{second:02}", date.turkish(), hour % 24))
    })();
    parsed.unwrap_or_else(|| rfc3339.to_string())
}

impl CivilDate {
    fn next_day(self) -> Option<CivilDate> {
        if self.day < days_in(self.year, self.month) {
            CivilDate::new(self.year, self.month, self.day + 1)
        } else if self.month < 12 {
            CivilDate::new(self.year, self.month + 1, 1)
        } else {
            CivilDate::new(self.year + 1, 1, 1)
        }
    }
}

fn days_in(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_time_is_utc_plus_three_across_midnight_and_new_year() {
        assert_eq!(turkish_time("2026-12-04T05:06:07Z"), "04.12.2026 08:06:07");
        assert_eq!(turkish_time("2026-02-28T22:00:00Z"), "01.03.2026 01:00:00");
        assert_eq!(turkish_time("2026-12-31T21:30:00Z"), "01.01.2027 00:30:00");
        assert_eq!(turkish_time("dün"), "dün");
    }

    #[test]
    fn both_spellings_and_what_people_type() {
        let april = CivilDate::new(1980, 4, 23).unwrap();
        for typed in ["23.04.1980", "1980-04-23", " 23.4.1980 ", "23/04/1980", "23-04-1980"] {
            assert_eq!(CivilDate::parse(typed), Some(april), "{typed}");
        }
        assert_eq!(april.iso(), "1980-04-23");
        assert_eq!(april.turkish(), "23.04.1980");
    }

    #[test]
    fn utc_times_are_read_strictly() {
        assert_eq!(utc_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(utc_seconds("2026-12-04T00:00:00Z"), Some(1_796_342_400));
        assert_eq!(utc_seconds("2026-12-04T10:20:30.250Z"), Some(1_796_342_400 + 37_230));
        for bad in [
            "2026-12-04T99:99:99Z",
            "2026-12-04T24:00:00Z",
            "2026-12-04T10:60:00Z",
            "2026-12-04T10:00:00+03:00",
            "2026-12-04T10:00:00garbageZ",
            "2026-12-04T10:00:00.Z",
            "2026-02-30T10:00:00Z",
            "2026-12-04 10:00:00Z",
            "",
        ] {
            assert_eq!(utc_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_that_do_not_exist_are_refused() {
        for typed in ["31.02.1980", "29.02.1981", "00.01.1980", "01.13.1980", "1980/04/23", "23.04.80", "", "a.b.c"] {
            assert_eq!(CivilDate::parse(typed), None, "{typed}");
        }
        assert!(CivilDate::parse("29.02.2000").is_some());
        assert!(CivilDate::parse("29.02.1900").is_none());
    }

    #[test]
    fn a_day_ends_at_midnight_in_turkey() {
        let end = |y, m, d| CivilDate::new(y, m, d).unwrap().end_of_day_in_turkey();
        assert_eq!(end(1970, 1, 1), 86_400 - 10_800 - 1);
        // 2000-02-29 is day 11,016; 2027-06-01 day 20,970 (`date -d 2027-06-01 +%s` / 86400).
        assert_eq!(end(2000, 2, 29), 11_017 * 86_400 - 10_801);
        assert_eq!(end(2027, 6, 1), 20_971 * 86_400 - 10_801);
        assert_eq!(end(2027, 1, 1) - end(2026, 12, 31), 86_400);
    }

    #[test]
    fn api_dates_print_the_turkish_way() {
        assert_eq!(turkish_date("2026-12-01"), "01.12.2026");
        assert_eq!(turkish_date("2026-12-01T10:00:00Z"), "01.12.2026");
        assert_eq!(turkish_date("yarın"), "yarın");
    }
}
