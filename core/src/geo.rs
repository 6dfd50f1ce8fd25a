//! İller, ilçeler and posta kodları from the PTT list of 16.11.2021 (see `data/README.md`).
//!
//! The tables are generated at build time by `build.rs`; lookups are plain slices, cheap enough to
//! run on every keystroke in the browser.

use std::cmp::Ordering;

use crate::turkish;

/// An il, identified by its plate code (1–81).
#[derive(Debug, PartialEq, Eq)]
pub struct Province {
    pub plate: u8,
    /// As written in Turkish, e.g. "İstanbul".
    pub name: &'static str,
}

/// An ilçe with its posta kodları.
#[derive(Debug, PartialEq, Eq)]
pub struct District {
    pub plate: u8,
    /// The PTT spelling, upper case, e.g. "ALADAĞ"; this is the ilçe's key in forms.
    pub name: &'static str,
    /// The last three digits of each posta kodu; the first two are the plate.
    code_suffixes: &'static [u16],
}

include!(concat!(env!("OUT_DIR"), "/geo_tables.rs"));

impl Province {
    /// The plate as written on forms and in posta kodları: `"06"`.
    pub fn plate_code(&self) -> String {
        format!("{:02}", self.plate)
    }

    pub fn districts(&self) -> &'static [District] {
        districts_of(self.plate)
    }
}

impl District {
    /// "Aladağ", for display.
    pub fn display_name(&self) -> String {
        turkish::title(self.name)
    }

    /// Every posta kodu of the ilçe as five digits.
    pub fn postal_codes(&self) -> impl Iterator<Item = String> + '_ {
        self.code_suffixes.iter().map(|suffix| format!("{:02}{suffix:03}", self.plate))
    }

    pub fn has_postal_code(&self, code: &str) -> bool {
        split_postal_code(code)
            .is_some_and(|(plate, suffix)| plate == self.plate && self.code_suffixes.contains(&suffix))
    }
}

/// All 81 iller by plate code.
pub fn provinces() -> &'static [Province] {
    &PROVINCES
}

/// All 81 iller in Turkish alphabetical order, for select boxes.
pub fn provinces_by_name() -> Vec<&'static Province> {
    let mut list: Vec<&Province> = PROVINCES.iter().collect();
    list.sort_by(|a, b| turkish::collate(a.name, b.name));
    list
}

pub fn province(plate: u8) -> Option<&'static Province> {
    PROVINCES.get(usize::from(plate).checked_sub(1)?).filter(|p| p.plate == plate)
}

/// Parses `"06"` or `"6"` into the il.
pub fn province_by_code(code: &str) -> Option<&'static Province> {
    province(code.trim().parse().ok()?)
}

/// The ilçeler of an il, in Turkish alphabetical order.
pub fn districts_of(plate: u8) -> &'static [District] {
    let start = DISTRICTS.partition_point(|d| d.plate < plate);
    let end = DISTRICTS.partition_point(|d| d.plate <= plate);
    &DISTRICTS[start..end]
}

/// Finds an ilçe by name within an il; the name is compared in Turkish upper case, so "Aladağ",
/// "aladağ" and "ALADAĞ" all match.
pub fn district(plate: u8, name: &str) -> Option<&'static District> {
    let wanted = turkish::upper(&turkish::squash_spaces(name));
    districts_of(plate).iter().find(|d| d.name == wanted)
}

/// The il and ilçe a posta kodu belongs to, if it is in the PTT list.
pub fn lookup_postal_code(code: &str) -> Option<(&'static Province, &'static District)> {
    let (plate, suffix) = split_postal_code(code)?;
    let district = districts_of(plate).iter().find(|d| d.code_suffixes.contains(&suffix))?;
    Some((province(plate)?, district))
}

fn split_postal_code(code: &str) -> Option<(u8, u16)> {
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((code[..2].parse().ok()?, code[2..].parse().ok()?))
}

/// Sorts ilçe names the Turkish way (the table is in byte order, where "Ç" sorts after "Z").
pub fn districts_by_name(plate: u8) -> Vec<&'static District> {
    let mut list: Vec<&District> = districts_of(plate).iter().collect();
    list.sort_by(|a, b| match turkish::collate(a.name, b.name) {
        Ordering::Equal => a.name.cmp(b.name),
        other => other,
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_hold_the_whole_ptt_list() {
        assert_eq!(provinces().len(), 81);
        assert_eq!(DISTRICTS.len(), 973);
        let codes: usize = DISTRICTS.iter().map(|d| d.code_suffixes.len()).sum();
        assert_eq!(codes, 2771);
        assert!(provinces().iter().enumerate().all(|(i, p)| usize::from(p.plate) == i + 1));
    }

    #[test]
    fn every_ptt_row_matches_the_embedded_table() {
        let csv = include_str!("../data/posta-kodlari.csv");
        for row in csv.lines().skip(1) {
            let cols: Vec<&str> = row.split(',').collect();
            let (province, district) = lookup_postal_code(cols[3]).expect(row);
            assert_eq!((province.plate_code().as_str(), province.name, district.name), (cols[0], cols[1], cols[2]));
        }
    }

    #[test]
    fn lookups_by_name_and_code() {
        let istanbul = province_by_code("34").unwrap();
        assert_eq!(istanbul.name, "İstanbul");
        assert_eq!(province_by_code("6").unwrap().name, "Ankara");
        assert!(province_by_code("82").is_none() && province_by_code("00").is_none());
        assert!(district(1, "aladağ").is_some());
        assert!(district(1, "ALADAG").is_none());
        let (il, ilce) = lookup_postal_code("01720").unwrap();
        assert_eq!((il.name, ilce.name, ilce.display_name().as_str()), ("Adana", "ALADAĞ", "Aladağ"));
        assert!(lookup_postal_code("99999").is_none());
        assert!(lookup_postal_code("0172").is_none());
    }

    #[test]
    fn names_sort_the_turkish_way() {
        let names: Vec<&str> = provinces_by_name().iter().map(|p| p.name).collect();
        let pos = |n: &str| names.iter().position(|x| *x == n).unwrap();
        // Ç comes after C and before D; in byte order it would come after Z.
        assert!(pos("Bursa") < pos("Çanakkale") && pos("Çankırı") < pos("Çorum") && pos("Çorum") < pos("Denizli"));
        assert!(pos("Iğdır") < pos("İstanbul") && pos("Sivas") < pos("Şanlıurfa") && pos("Zonguldak") == 80);
        assert_eq!(names[0], "Adana");
    }
}
