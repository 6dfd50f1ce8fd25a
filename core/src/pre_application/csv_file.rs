//! The ön başvuru CSV: UTF-8, header
//! `tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni`. Every bad row is
//! reported with its line number; one bad row rejects the whole file.

use std::collections::HashSet;

use super::{PreApplication, RawPreApplication};
use crate::date::CivilDate;

pub use super::CSV_HEADER as HEADER;

/// All rows, or every problem as `satır N: …`.
pub fn parse(text: &str, today: CivilDate) -> Result<Vec<PreApplication>, Vec<String>> {
    parse_where(text, today, |_| Ok(()))
}

/// The same, where `allowed` may refuse a valid row with a reason (an officer sending a row of
/// an institution that is not theirs); it is reported like any other bad row.
pub fn parse_where(
    text: &str,
    today: CivilDate,
    allowed: impl Fn(&PreApplication) -> Result<(), String>,
) -> Result<Vec<PreApplication>, Vec<String>> {
    let records = crate::csv_table::rows(text, &HEADER).map_err(|problem| vec![problem])?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (line, record) in records {
        let parsed = record.and_then(|record| {
            let raw = RawPreApplication {
                national_id: &record[0],
                first_name: &record[1],
                last_name: &record[2],
                birth_date: &record[3],
                email: &record[4],
                institution: &record[5],
                department: &record[6],
                reason: &record[7],
            };
            PreApplication::parse(&raw, today).and_then(|row| allowed(&row).map(|()| row))
        });
        match parsed {
            Ok(row) if !seen.insert(row.national_id.clone()) => {
                errors.push(format!("satır {line}: {} bu dosyada birden fazla kez var", row.national_id.masked()));
            }
            Ok(row) => rows.push(row),
            Err(reason) => errors.push(format!("satır {line}: {reason}")),
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> CivilDate {
        CivilDate::new(2026, 12, 1).unwrap()
    }

    const HEAD: &str = "tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni\n";

    #[test]
    fn good_rows_in_both_date_spellings() {
        let text = format!(
            "{HEAD}10000000146,ayşe,yılmaz,1985-03-12,ayse@kurum.gov.tr,Demo Kurum,Bilgi İşlem,ilk\n\
             12345678950,İsmail,Işık,23.04.1980,ismail@kurum.gov.tr,Demo Kurum,Mali Hizmetler,yenileme\n"
        );
        let rows = parse(&text, today()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].first_name, "AYŞE");
        assert_eq!(rows[0].last_name, "YILMAZ");
        assert_eq!(rows[1].birth_date, "1980-04-23");
        assert_eq!(rows[1].first_name, "İSMAİL");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = format!(
            "{HEAD}10000000146,Ayşe,Yılmaz,1985-03-12,ayse@kurum.gov.tr,Demo,Birim,ilk\n\
             12345678951,Ali,Veli,1980-01-01,ali@kurum.gov.tr,Demo,Birim,ilk\n\
             12345678950,Ali,Veli,1980-01-01,ali@kurum.gov.tr,Demo,Birim,yeni\n"
        );
        let errors = parse(&text, today()).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("satır 3: T.C. Kimlik No"), "{errors:?}");
        assert!(errors[1].starts_with("satır 4: başvuru nedeni"), "{errors:?}");
    }

    #[test]
    fn wrong_header_and_duplicates() {
        assert!(parse("tc,ad\n", today()).is_err());
        let row = "10000000146,Ayşe,Yılmaz,1985-03-12,ayse@kurum.gov.tr,Demo,Birim,ilk\n";
        let errors = parse(&format!("\u{feff}{HEAD}{row}{row}"), today()).unwrap_err();
        assert_eq!(errors, vec!["satır 3: 100******46 bu dosyada birden fazla kez var".to_string()]);
    }

    #[test]
    fn a_refused_row_is_a_bad_row_of_its_line() {
        let text = format!(
            "{HEAD}10000000146,Ayşe,Yılmaz,1985-03-12,ayse@kurum.gov.tr,Demo,Birim,ilk\n\
             12345678950,Ali,Veli,1980-01-01,ali@kurum.gov.tr,Başka,Birim,ilk\n"
        );
        let only_demo = |row: &PreApplication| {
            if row.institution == "Demo" { Ok(()) } else { Err(format!("{} sizin değil", row.institution)) }
        };
        assert_eq!(parse_where(&text, today(), only_demo).unwrap_err(), vec!["satır 3: Başka sizin değil".to_string()]);
    }
}
