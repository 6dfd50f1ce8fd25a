//! Turns the PTT posta kodu table and the list of iller (both in `data/`, see `data/README.md`)
//! into static Rust tables, so the app and the server share one copy of the reference data with no
//! parsing at start-up and a small wasm footprint (~1 KB of names per 100 ilçe, 2 bytes per code).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

fn main() {
    let provinces_csv = "data/iller.csv";
    let postal_csv = "data/posta-kodlari.csv";
    println!("cargo::rerun-if-changed={provinces_csv}");
    println!("cargo::rerun-if-changed={postal_csv}");

    let provinces = read_provinces(provinces_csv);
    let districts = read_districts(postal_csv, &provinces);

    let mut out = String::new();
    writeln!(out, "pub(crate) static PROVINCES: [Province; {}] = [", provinces.len()).unwrap();
    for (plate, name) in &provinces {
        writeln!(out, "    Province {{ plate: {plate}, name: {name:?} }},").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "pub(crate) static DISTRICTS: [District; {}] = [", districts.len()).unwrap();
    for ((plate, name), suffixes) in &districts {
        writeln!(out, "    District {{ plate: {plate}, name: {name:?}, code_suffixes: &{suffixes:?} }},").unwrap();
    }
    writeln!(out, "];").unwrap();

    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("geo_tables.rs");
    fs::write(dest, out).unwrap();
}

fn read_provinces(path: &str) -> Vec<(u8, String)> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rows: Vec<(u8, String)> = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split(',').collect();
            assert_eq!(cols.len(), 3, "{path}: bad row {line:?}");
            (cols[0].parse().expect("plate"), cols[2].to_string())
        })
        .collect();
    rows.sort();
    assert_eq!(rows.len(), 81, "{path}: Türkiye has 81 iller");
    rows
}

/// (plate, ilçe name) → sorted last-three-digit suffixes of its posta kodları.
fn read_districts(path: &str, provinces: &[(u8, String)]) -> BTreeMap<(u8, String), Vec<u16>> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut districts: BTreeMap<(u8, String), Vec<u16>> = BTreeMap::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split(',').collect();
        assert_eq!(cols.len(), 4, "{path}: bad row {line:?}");
        let plate: u8 = cols[0].parse().expect("il_kodu");
        assert!(provinces.iter().any(|(p, _)| *p == plate), "{path}: unknown il {plate}");
        let code = cols[3];
        assert!(code.len() == 5 && code.starts_with(cols[0]), "{path}: bad posta kodu {line:?}");
        let suffix: u16 = code[2..].parse().expect("posta kodu digits");
        districts.entry((plate, cols[2].to_string())).or_default().push(suffix);
    }
    for suffixes in districts.values_mut() {
        suffixes.sort_unstable();
    }
    districts
}
