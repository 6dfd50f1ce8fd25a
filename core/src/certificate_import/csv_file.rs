//! The certificate CSV: header `tc_kimlik_no,seri_no,bitis`; the serial in hex as a certificate
//! viewer shows it, the end date as `GG.AA.YYYY` or `YYYY-MM-DD` (the certificate ends at that
//! day's midnight in Türkiye). Every bad row is reported as `satır N: …`, N counting the header as
//! line 1 (the spreadsheet's row).

use super::{CSV_HEADER, Imported, Item, Upload, parse_serial};
use crate::NationalId;
use crate::date::CivilDate;

/// Every row's certificate, or every problem.
pub fn parse(text: &str) -> Result<Vec<Item>, Vec<String>> {
    read(text)?.finish()
}

/// The rows read, good and bad; `Err` when the file is not the certificate CSV at all (its header).
pub fn read(text: &str) -> Result<Upload, Vec<String>> {
    let records = crate::csv_table::rows(text, &CSV_HEADER).map_err(|problem| vec![problem])?;
    let mut upload = Upload::default();
    for (line, record) in records {
        upload.add(format!("satır {line}"), record.and_then(|record| row(&record[0], &record[1], &record[2])));
    }
    Ok(upload)
}

fn row(national_id: &str, serial: &str, not_after: &str) -> Result<Imported, String> {
    let national_id = NationalId::parse(national_id).map_err(|e| e.to_string())?;
    let serial = parse_serial(serial)?;
    let not_after = CivilDate::parse(not_after)
        .ok_or("bitiş tarihi geçersiz (GG.AA.YYYY veya YYYY-AA-GG, takvimde olan bir gün)")?
        .end_of_day_in_turkey();
    Ok(Imported { national_id, serial, not_after, names: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "tc_kimlik_no,seri_no,bitis\n";

    #[test]
    fn good_rows_in_every_spelling() {
        let text = format!("\u{feff}{HEAD}10000000146,0a:1b:2c,01.06.2027\r\n\n12345678950, 00FF EE ,2027-06-01\n");
        let rows = parse(&text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].place, "satır 2");
        assert_eq!(rows[0].certificate.serial, "A1B2C");
        assert_eq!(rows[0].certificate.national_id.as_str(), "10000000146");
        assert_eq!(rows[0].certificate.not_after, CivilDate::new(2027, 6, 1).unwrap().end_of_day_in_turkey());
        assert_eq!(rows[1].place, "satır 4", "the blank line still counts: {rows:?}");
        assert_eq!(rows[1].certificate.serial, "FFEE");
        assert_eq!(rows[1].certificate.not_after, rows[0].certificate.not_after);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = format!(
            "{HEAD}10000000146,A1,01.06.2027\n12345678951,A2,01.06.2027\n12345678950,A3,31.02.2027\n\
             12345678950,XYZ,01.06.2027\n12345678950,a1,01.06.2027\n12345678950,A4\n11111111110,A5,2027-06-01\n"
        );
        let errors = parse(&text).unwrap_err();
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(errors[0].starts_with("satır 3: T.C. Kimlik No geçersiz"), "{errors:?}");
        assert!(errors[1].starts_with("satır 4: bitiş tarihi geçersiz"), "{errors:?}");
        assert!(errors[2].starts_with("satır 5: seri no onaltılık"), "{errors:?}");
        assert!(errors[3].starts_with("satır 6: A1 seri numaralı sertifika bu yüklemede birden fazla"), "{errors:?}");
        assert_eq!(errors[4], "satır 7: 3 sütun olmalı, 2 var");
    }

    #[test]
    fn the_header_must_be_the_certificate_csvs() {
        assert_eq!(parse("tc,seri,bitis\n").unwrap_err(), ["satır 1: başlık 'tc_kimlik_no,seri_no,bitis' olmalı"]);
        assert_eq!(parse(HEAD).unwrap(), []);
    }
}
