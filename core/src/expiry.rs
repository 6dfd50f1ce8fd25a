//! The institution's view of its staff's certificates (Kurum İşlemleri → Sertifikalar): each
//! person's newest certificate with its end date, the last reminder and the renewal's status; the
//! filters the office uses (ending within 30/60/90 days, expired, renewal started or not, by birim),
//! the end dates by month (the waves coming), and the CSV export. The app filters with [`Filter`]
//! as the officer clicks; the server's CSV export applies the same [`Filter`] to the same rows.

use serde::{Deserialize, Serialize};

use crate::api::ApplicationStatus;

/// One person's newest certificate, as the office sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffCertificate {
    pub national_id_masked: String,
    pub name: String,
    /// The birim of the person's latest application in the institution.
    pub department: String,
    /// RFC 3339.
    pub not_after: String,
    /// Whole days until the end; negative once it ended.
    pub days_left: i64,
    /// RFC 3339 of the last reminder sent about this certificate.
    pub last_reminder: Option<String>,
    /// The status of the renewal started since this certificate was seen, if any.
    pub renewal: Option<ApplicationStatus>,
}

crate::choice! {
    /// Which end dates the office looks at.
    pub enum Ending {
        All = "all" => "Tümü",
        Within30 = "30" => "30 gün içinde bitenler",
        Within60 = "60" => "60 gün içinde bitenler",
        Within90 = "90" => "90 gün içinde bitenler",
        Expired = "expired" => "Süresi dolmuş",
    }
}

crate::choice! {
    /// Whether the person has started the renewal.
    pub enum Renewal {
        Any = "any" => "Tümü",
        Started = "started" => "Yenileme başlatılmış",
        NotStarted = "not_started" => "Yenileme başlatılmamış",
    }
}

/// The office's filter; the default shows everything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct Filter {
    #[serde(default = "all")]
    pub ending: Ending,
    #[serde(default = "any")]
    pub renewal: Renewal,
    /// Only this birim; none or empty: every birim.
    #[serde(default)]
    pub birim: Option<String>,
}

fn all() -> Ending {
    Ending::All
}

fn any() -> Renewal {
    Renewal::Any
}

impl Default for Filter {
    fn default() -> Self {
        Self { ending: Ending::All, renewal: Renewal::Any, birim: None }
    }
}

impl Filter {
    pub fn matches(&self, row: &StaffCertificate) -> bool {
        let ending = match self.ending {
            Ending::All => true,
            Ending::Expired => row.days_left < 0,
            Ending::Within30 => (0..=30).contains(&row.days_left),
            Ending::Within60 => (0..=60).contains(&row.days_left),
            Ending::Within90 => (0..=90).contains(&row.days_left),
        };
        let started = row.renewal.is_some_and(|status| status != ApplicationStatus::Cancelled);
        let renewal = match self.renewal {
            Renewal::Any => true,
            Renewal::Started => started,
            Renewal::NotStarted => !started,
        };
        let birim = self.birim.as_deref().filter(|birim| !birim.is_empty()).is_none_or(|birim| row.department == birim);
        ending && renewal && birim
    }

    /// The query string of the CSV export with this filter (percent-encoded).
    pub fn query(&self) -> String {
        let mut query = format!("ending={}&renewal={}", self.ending.key(), self.renewal.key());
        if let Some(birim) = self.birim.as_deref().filter(|birim| !birim.is_empty()) {
            query.push_str("&birim=");
            for byte in birim.bytes() {
                match byte {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => query.push(byte as char),
                    _ => query.push_str(&format!("%{byte:02X}")),
                }
            }
        }
        query
    }
}

/// How many of `rows` end in each of the 12 months from `today`'s (`YYYY-MM-DD`), as
/// (`YYYY-MM`, count); earlier ends count in the first month, so nothing expired goes unseen.
pub fn by_month(rows: &[StaffCertificate], today: &str) -> Vec<(String, usize)> {
    let (Some(year), Some(month)) =
        (today.get(..4).and_then(|y| y.parse::<i32>().ok()), today.get(5..7).and_then(|m| m.parse::<i32>().ok()))
    else {
        return Vec::new();
    };
    let months: Vec<String> = (0..12)
        .map(|i| {
            let index = year * 12 + (month - 1) + i;
            format!("{:04}-{:02}", index / 12, index % 12 + 1)
        })
        .collect();
    let mut counts = vec![0; 12];
    for row in rows {
        let Some(month) = row.not_after.get(..7) else { continue };
        match months.iter().position(|m| m.as_str() == month) {
            Some(i) => counts[i] += 1,
            None if month < months[0].as_str() => counts[0] += 1,
            None => {}
        }
    }
    months.into_iter().zip(counts).collect()
}

/// The rows as CSV (RFC 4180, UTF-8 with a BOM so that spreadsheet programs read the Turkish
/// letters), in the office's words.
pub fn csv(rows: &[StaffCertificate]) -> String {
    let mut out = String::from("\u{feff}tc_kimlik_no,ad_soyad,birim,bitis,kalan_gun,son_hatirlatma,yenileme\r\n");
    for row in rows {
        let fields = [
            row.national_id_masked.clone(),
            row.name.clone(),
            row.department.clone(),
            row.not_after.get(..10).unwrap_or_default().to_owned(),
            row.days_left.to_string(),
            row.last_reminder.as_deref().and_then(|at| at.get(..10)).unwrap_or_default().to_owned(),
            row.renewal.map(|status| status.label().to_owned()).unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|field| quoted(field)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A CSV field, quoted when it must be; a leading `=`, `+`, `-`, `@`, tab or carriage return is
/// prefixed with `'` so a spreadsheet never runs a name as a formula.
fn quoted(field: &str) -> String {
    let safe = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<i64>().is_err() {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if safe.contains([',', '"', '\r', '\n']) { format!("\"{}\"", safe.replace('"', "\"\"")) } else { safe }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(department: &str, days_left: i64, not_after: &str, renewal: Option<ApplicationStatus>) -> StaffCertificate {
        StaffCertificate {
            national_id_masked: "1******146".into(),
            name: "AYŞE YILMAZ".into(),
            department: department.into(),
            not_after: not_after.into(),
            days_left,
            last_reminder: None,
            renewal,
        }
    }

    #[test]
    fn filters_by_end_renewal_and_birim() {
        let soon = row("Bilgi İşlem", 20, "2027-01-01T00:00:00Z", None);
        let later = row("Hukuk", 75, "2027-03-01T00:00:00Z", Some(ApplicationStatus::ProductionPending));
        let gone = row("Hukuk", -3, "2026-12-01T00:00:00Z", Some(ApplicationStatus::Cancelled));
        let filter = |ending, renewal, birim: Option<&str>| Filter { ending, renewal, birim: birim.map(Into::into) };
        let shown = |f: Filter| [&soon, &later, &gone].iter().filter(|r| f.matches(r)).count();
        assert_eq!(shown(Filter::default()), 3);
        assert_eq!(shown(filter(Ending::Within30, Renewal::Any, None)), 1);
        assert_eq!(shown(filter(Ending::Within90, Renewal::Any, None)), 2);
        assert_eq!(shown(filter(Ending::Expired, Renewal::Any, None)), 1);
        assert_eq!(shown(filter(Ending::All, Renewal::Started, None)), 1, "a cancelled renewal is none");
        assert_eq!(shown(filter(Ending::All, Renewal::NotStarted, Some("Hukuk"))), 1);
        assert_eq!(shown(filter(Ending::All, Renewal::Any, Some(""))), 3);
    }

    #[test]
    fn the_query_names_the_filter_and_round_trips() {
        let filter =
            Filter {
                ending: Ending::Within60, renewal: Renewal::NotStarted, birim: Some("Bilgi İşlem & Ağ".into())
            };
        assert_eq!(filter.query(), "ending=60&renewal=not_started&birim=Bilgi%20%C4%B0%C5%9Flem%20%26%20A%C4%9F");
    }

    #[test]
    fn end_dates_by_month_count_the_waves_and_what_already_ended() {
        let rows = [
            row("A", -3, "2026-11-20T00:00:00Z", None),
            row("A", 20, "2026-12-24T00:00:00Z", None),
            row("A", 50, "2027-01-23T00:00:00Z", None),
            row("A", 40, "2027-01-13T00:00:00Z", None),
            row("A", 900, "2029-06-01T00:00:00Z", None),
        ];
        let months = by_month(&rows, "2026-12-04");
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], ("2026-12".into(), 2));
        assert_eq!(months[1], ("2027-01".into(), 2));
        assert_eq!(months[11].0, "2027-11");
        assert_eq!(months.iter().map(|(_, n)| n).sum::<usize>(), 4, "beyond a year is not drawn");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let mut evil = row("Hukuk, Müşavirlik", 10, "2027-01-01T00:00:00Z", Some(ApplicationStatus::Shipped));
        evil.name = "=HYPERLINK(\"x\")".into();
        let text = csv(&[evil]);
        assert!(text.starts_with("\u{feff}tc_kimlik_no,"));
        let line = text.lines().nth(1).unwrap();
        assert_eq!(line, "1******146,\"'=HYPERLINK(\"\"x\"\")\",\"Hukuk, Müşavirlik\",2027-01-01,10,,Kargoda");
    }
}
