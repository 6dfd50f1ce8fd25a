//! The ön başvuru CSV import (`nes-server pre-application import`, the officer API).

use std::collections::HashSet;

/// The server's own parser, compiled here until `nes_server::pre_applications` exports it.
#[path = "../../server/src/pre_applications/csv_file.rs"]
mod csv_file;

use nes_server::pre_applications::{PreApplication, RawPreApplication};

/// Text in, all rows or only errors out: rows are no more than the lines and unique by T.C. Kimlik
/// No; every error names its line (`satır N: …`).
pub fn csv_import(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match csv_file::parse(text) {
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
            assert_eq!(csv_file::parse(&text).map(|imported| imported.len()), Ok(rows), "{seed}");
        }
    }
}
