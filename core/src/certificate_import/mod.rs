//! The e-imza yetkilisi's import of the staff's certificates (issue 12): a CSV of
//! `tc_kimlik_no,seri_no,bitis` ([`csv_file`], feature `csv`) or the certificate files themselves,
//! PEM or DER ([`files`], feature `cades`). Every certificate is named by its place in the upload
//! (`satır N`, the file's name) and every problem is reported with that place; the server stores an
//! upload only when it has none (all or nothing).

#[cfg(feature = "csv")]
pub mod csv_file;
#[cfg(feature = "cades")]
pub mod files;

use std::collections::HashSet;

use crate::NationalId;

/// The columns of the certificate CSV, in order (the app shows them; `csv_file` reads them).
pub const CSV_HEADER: [&str; 3] = ["tc_kimlik_no", "seri_no", "bitis"];

/// The most certificates one upload may hold: an institution's staff, a few thousand at most.
pub const MAX_CERTIFICATES: usize = 5_000;

/// A certificate to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The holder.
    pub national_id: NationalId,
    /// As [`serial_key`] writes it.
    pub serial: String,
    /// Unix seconds.
    pub not_after: i64,
    /// The issuer's and the holder's common names, when the certificate itself came (a file).
    pub names: Option<Names>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub issuer_cn: String,
    pub subject_cn: String,
}

/// A certificate and where it stands in the upload (`satır 12`, `ayse.pem`), for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub place: String,
    /// Its position in the upload: the problems found later (at the server) are listed in order.
    pub position: usize,
    pub certificate: Imported,
}

/// A problem and the position in the upload it is of.
pub type Problem = (usize, String);

/// `problems` in the upload's order, as the officer reads them.
pub fn in_order(mut problems: Vec<Problem>) -> Vec<String> {
    problems.sort_by_key(|(position, _)| *position);
    problems.into_iter().map(|(_, message)| message).collect()
}

/// A certificate serial as the server keeps it: upper-case hex without leading zeros, so that the
/// card's DER (`00A1…`), a CA report and a spreadsheet (`a1…`) name the same certificate alike.
pub fn serial_key(hex: &str) -> String {
    hex.trim_start_matches('0').to_ascii_uppercase()
}

/// The longest serial RFC 5280 (4.1.2.2) allows: 20 bytes.
const MAX_SERIAL_DIGITS: usize = 40;

/// A serial as people copy it from a certificate viewer: hex digits, perhaps in pairs separated by
/// colons or spaces, any case, leading zeros or not.
pub fn parse_serial(input: &str) -> Result<String, String> {
    let digits: String = input.chars().filter(|c| !matches!(c, ':' | ' ' | '\t')).collect();
    if digits.is_empty() {
        return Err("seri no boş olamaz".into());
    }
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err("seri no onaltılık rakamlardan (0-9, A-F) oluşmalı".into());
    }
    let key = serial_key(&digits);
    if key.is_empty() {
        Err("seri no sıfır olamaz".into())
    } else if key.len() > MAX_SERIAL_DIGITS {
        Err(format!("seri no en çok {MAX_SERIAL_DIGITS} onaltılık rakam olabilir"))
    } else {
        Ok(key)
    }
}

/// An upload being read: its certificates and its problems, each with its place, in order. The
/// same certificate twice is a problem (a copy-paste slip, or two people given one serial); past
/// [`MAX_CERTIFICATES`] the rest is refused with one message.
#[derive(Debug, Default)]
pub struct Upload {
    items: Vec<Item>,
    problems: Vec<Problem>,
    serials: HashSet<String>,
    count: usize,
}

impl Upload {
    /// Adds the certificate at `place`, or its problem.
    pub fn add(&mut self, place: String, certificate: Result<Imported, String>) {
        let position = self.count;
        self.count += 1;
        if self.count > MAX_CERTIFICATES {
            if self.count == MAX_CERTIFICATES + 1 {
                let reason =
                    format!("bir yüklemede en çok {MAX_CERTIFICATES} sertifika olabilir; kalanını ayrı gönderiniz");
                self.problems.push((position, format!("{place}: {reason}")));
            }
            return;
        }
        match certificate {
            Ok(certificate) if !self.serials.insert(certificate.serial.clone()) => {
                let reason =
                    format!("{} seri numaralı sertifika bu yüklemede birden fazla kez var", certificate.serial);
                self.problems.push((position, format!("{place}: {reason}")));
            }
            Ok(certificate) => self.items.push(Item { place, position, certificate }),
            Err(reason) => self.problems.push((position, format!("{place}: {reason}"))),
        }
    }

    /// The good certificates, and the problems of the rest: the server looks the good ones up
    /// even when there are problems, so that one answer lists them all.
    pub fn into_parts(self) -> (Vec<Item>, Vec<Problem>) {
        (self.items, self.problems)
    }

    /// Every certificate, or every problem.
    pub fn finish(self) -> Result<Vec<Item>, Vec<String>> {
        if self.problems.is_empty() { Ok(self.items) } else { Err(in_order(self.problems)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_are_read_as_viewers_print_them() {
        for typed in ["0a:1b:2c", "0A 1B 2C", "a1b2c", "000A1B2C", " a1:b2:c "] {
            assert_eq!(parse_serial(typed).as_deref(), Ok("A1B2C"), "{typed}");
        }
        assert!(parse_serial("").is_err());
        assert!(parse_serial("00:00").is_err(), "zero");
        assert!(parse_serial("12-34").is_err());
        assert!(parse_serial("0x12").is_err());
        assert!(parse_serial(&"1".repeat(41)).is_err());
        assert_eq!(parse_serial(&format!("00{}", "F".repeat(40))).map(|s| s.len()), Ok(40));
    }

    fn certificate(serial: &str) -> Result<Imported, String> {
        Ok(Imported {
            national_id: NationalId::parse("10000000146").unwrap(),
            serial: serial.into(),
            not_after: 0,
            names: None,
        })
    }

    #[test]
    fn an_upload_refuses_the_same_certificate_twice_and_past_the_limit() {
        let mut upload = Upload::default();
        upload.add("satır 2".into(), certificate("A1"));
        upload.add("satır 3".into(), Err("bitiş tarihi geçersiz".into()));
        upload.add("satır 4".into(), certificate("A1"));
        assert_eq!(
            upload.finish().unwrap_err(),
            ["satır 3: bitiş tarihi geçersiz", "satır 4: A1 seri numaralı sertifika bu yüklemede birden fazla kez var"]
        );
        let mut upload = Upload::default();
        for n in 0..MAX_CERTIFICATES + 3 {
            upload.add(format!("satır {}", n + 2), certificate(&format!("{:X}", n + 1)));
        }
        assert_eq!(
            upload.finish().unwrap_err(),
            ["satır 5002: bir yüklemede en çok 5000 sertifika olabilir; kalanını ayrı gönderiniz"]
        );
    }
}
