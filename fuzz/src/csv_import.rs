//! The ön başvuru CSV import (`nes-server pre-application import`, the officer API).

use std::collections::HashSet;

use nes_core::date::CivilDate;
use nes_core::pre_application::csv_file;

/// A fixed "today", so that a run is the same whatever day it is.
fn today() -> CivilDate {
    CivilDate::new(2026, 12, 1).expect("a real date")
}

/// Text in, all rows or only errors out: rows are no more than the lines and unique by T.C. Kimlik
/// No; every error names its line (`satır N: …`).
pub fn csv_import(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match csv_file::parse(text, today()) {
        Ok(rows) => {
            assert!(rows.len() <= text.lines().count(), "more rows than lines");
            let ids: HashSet<_> = rows.iter().map(|row| row.national_id.as_str()).collect();
            assert_eq!(ids.len(), rows.len(), "a T.C. Kimlik No twice");
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "rejected without a reason");
            for error in &errors {
                assert!(error.starts_with("satır "), "error without its line: {error}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_good_seeds_import_so_mutations_reach_the_row_rules() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/csv_import");
        for (seed, rows) in [("good.csv", 2), ("bom-crlf-quoted.csv", 1)] {
            let text = std::fs::read_to_string(dir.join(seed)).unwrap();
            assert_eq!(csv_file::parse(&text, today()).map(|imported| imported.len()), Ok(rows), "{seed}");
        }
    }
}
