//! `cargo xtask bench`: measurements reported as ratios, so they compare across machines.
//!
//! - Transfer size of the app (wasm, JS, CSS, HTML): raw, gzip -9 and brotli q11, and the brotli total
//!   as a fraction of the 250 KB budget.
//! - Form validation cost relative to parsing the form's JSON (`core/benches/validation.rs`).

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::{cmd, site};

const BUDGET_BROTLI_BYTES: f64 = 250.0 * 1024.0;

pub fn run(workspace: &Path) -> Result<()> {
    cmd::run(cmd::cargo(workspace).args(["bench", "--package", "nes-core", "--bench", "validation"]))?;
    transfer_size(workspace)
}

fn transfer_size(workspace: &Path) -> Result<()> {
    let site = site::build(workspace)?;
    println!("\nApp transfer size ({})", site.display());
    println!("  {:<24} {:>9} {:>9} {:>9} {:>8}", "file", "raw", "gzip", "brotli", "br/raw");
    let mut totals = (0usize, 0usize, 0usize);
    for file in files(&site)? {
        let bytes = std::fs::read(&file)?;
        let (gzip, brotli) = (gzip_len(&bytes)?, brotli_len(&bytes)?);
        totals = (totals.0 + bytes.len(), totals.1 + gzip, totals.2 + brotli);
        let name = file.strip_prefix(&site)?.display().to_string();
        println!("  {name:<24} {:>9} {gzip:>9} {brotli:>9} {:>8.3}", bytes.len(), brotli as f64 / bytes.len() as f64);
    }
    println!(
        "  {:<24} {:>9} {:>9} {:>9} {:>8.3}",
        "total",
        totals.0,
        totals.1,
        totals.2,
        totals.2 as f64 / totals.0 as f64
    );
    println!("  brotli total / 250 KB budget = {:.3}", totals.2 as f64 / BUDGET_BROTLI_BYTES);
    Ok(())
}

fn files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}
