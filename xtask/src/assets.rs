//! What the site build does so the browser downloads as little as possible, once: content-hashed
//! file names (the server lets browsers keep such a file for a year, `server/src/site.rs`) and
//! brotli and gzip copies beside every file (the server sends the one `Accept-Encoding` allows).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// The app's assets, each after the assets whose names it contains (those are rewritten to their
/// hashed names before it is hashed itself, so a change anywhere changes every name that leads to
/// it). `index.html` names them all and keeps its own name: it is the one file always revalidated.
const ASSETS: &[(&str, &[&str])] = &[
    ("pkg/nes_app_bg.wasm", &[]),
    // wasm-bindgen's loader: `new URL('nes_app_bg.wasm', import.meta.url)`.
    ("pkg/nes_app.js", &["nes_app_bg.wasm"]),
    ("boot.js", &["nes_app.js"]),
    ("style/app.css", &[]),
];
const INDEX: &str = "index.html";

/// Hex digits of the SHA-256 in a hashed name (`nes_app-0123456789abcdef.js`).
pub const HASH_LEN: usize = 16;

/// Renames every asset to `stem-HASH.ext` and rewrites the references to it.
pub fn fingerprint(site: &Path) -> Result<()> {
    let mut renamed: Vec<(String, String)> = Vec::new();
    for (asset, references) in ASSETS {
        let path = site.join(asset);
        let content = rewrite(&path, references, &renamed)?;
        let name = hashed_name(&path, &content)?;
        std::fs::write(path.with_file_name(&name), &content)?;
        std::fs::remove_file(&path)?;
        renamed.push((file_name(&path)?, name));
    }
    let all: Vec<&str> = ASSETS.iter().map(|(asset, _)| asset.rsplit('/').next().unwrap_or(asset)).collect();
    let index = site.join(INDEX);
    std::fs::write(&index, rewrite(&index, &all, &renamed)?)?;
    Ok(())
}

/// `path`'s content with each of `references` (a file name it must contain) replaced by its
/// hashed name. A reference that is not there means the build tools changed their output: an
/// error, not a site that loads stale files.
fn rewrite(path: &Path, references: &[&str], renamed: &[(String, String)]) -> Result<Vec<u8>> {
    let mut content = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    for reference in references {
        let (_, hashed) = renamed
            .iter()
            .find(|(original, _)| original == reference)
            .with_context(|| format!("{reference} is hashed after {}", path.display()))?;
        let text = String::from_utf8(content).with_context(|| format!("{} is not text", path.display()))?;
        if !text.contains(reference) {
            bail!("{} does not name {reference} any more", path.display());
        }
        content = text.replace(reference, hashed).into_bytes();
    }
    Ok(content)
}

fn hashed_name(path: &Path, content: &[u8]) -> Result<String> {
    let stem = path.file_stem().and_then(|s| s.to_str()).context("asset name")?;
    let extension = path.extension().and_then(|s| s.to_str()).context("asset extension")?;
    let digest = Sha256::digest(content);
    let hash: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!("{stem}-{}.{extension}", &hash[..HASH_LEN]))
}

fn file_name(path: &Path) -> Result<String> {
    Ok(path.file_name().and_then(|s| s.to_str()).context("asset name")?.to_string())
}

/// Writes `file.br` (quality 11) and `file.gz` (level 9) beside every file under `site`.
pub fn precompress(site: &Path) -> Result<()> {
    for file in files(site)? {
        let bytes = std::fs::read(&file)?;
        std::fs::write(with_suffix(&file, "br"), brotli(&bytes)?)?;
        std::fs::write(with_suffix(&file, "gz"), gzip(&bytes)?)?;
    }
    Ok(())
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Every file under `dir`, sorted.
pub fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
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

pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A miniature site: every asset gets a hashed name, the names inside the files follow, and
    /// a change in the wasm changes the loader's and boot.js's names too.
    #[test]
    fn names_follow_the_content_down_the_chain() {
        let build = |wasm: &[u8]| {
            let site = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(site.path().join("pkg")).unwrap();
            std::fs::create_dir_all(site.path().join("style")).unwrap();
            std::fs::write(site.path().join("pkg/nes_app_bg.wasm"), wasm).unwrap();
            std::fs::write(site.path().join("pkg/nes_app.js"), "new URL('nes_app_bg.wasm', import.meta.url)").unwrap();
            std::fs::write(site.path().join("boot.js"), "import init from '/pkg/nes_app.js';").unwrap();
            std::fs::write(site.path().join("style/app.css"), "body{}").unwrap();
            let index = "<link href=\"/style/app.css\"><link href=\"/pkg/nes_app.js\"><link href=\"/pkg/nes_app_bg.wasm\"><script src=\"/boot.js\">";
            std::fs::write(site.path().join("index.html"), index).unwrap();
            fingerprint(site.path()).unwrap();
            let index = std::fs::read_to_string(site.path().join("index.html")).unwrap();
            let names: Vec<String> = files(site.path())
                .unwrap()
                .iter()
                .map(|file| file.strip_prefix(site.path()).unwrap().display().to_string())
                .collect();
            (site, index, names)
        };
        let (site, index, names) = build(b"\0asm one");
        assert_eq!(names.len(), 5, "{names:?}");
        for name in names.iter().filter(|name| *name != "index.html") {
            let (stem, _) = name.rsplit_once('.').unwrap();
            let (_, hash) = stem.rsplit_once('-').unwrap();
            assert!(hash.len() == HASH_LEN && hash.chars().all(|c| c.is_ascii_hexdigit()), "{name}");
            assert!(index.contains(&format!("/{name}")), "index.html names {name}: {index}");
        }
        let loader = names.iter().find(|name| name.starts_with("pkg/nes_app-")).unwrap();
        let wasm = names.iter().find(|name| name.starts_with("pkg/nes_app_bg-")).unwrap();
        let loader_text = std::fs::read_to_string(site.path().join(loader)).unwrap();
        assert!(loader_text.contains(wasm.trim_start_matches("pkg/")), "{loader_text}");

        let (_, _, changed) = build(b"\0asm two");
        for prefix in ["pkg/nes_app_bg-", "pkg/nes_app-", "boot-"] {
            let name = |names: &[String]| names.iter().find(|name| name.starts_with(prefix)).unwrap().clone();
            assert_ne!(name(&names), name(&changed), "{prefix} follows the wasm");
        }
        let css = |names: &[String]| names.iter().find(|name| name.starts_with("style/")).unwrap().clone();
        assert_eq!(css(&names), css(&changed), "the stylesheet did not change");
    }

    #[test]
    fn a_reference_the_tools_no_longer_write_is_an_error() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("pkg")).unwrap();
        std::fs::write(site.path().join("pkg/nes_app_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(site.path().join("pkg/nes_app.js"), "fetch('app.wasm')").unwrap();
        let error = fingerprint(site.path()).unwrap_err();
        assert!(error.to_string().contains("does not name nes_app_bg.wasm"), "{error}");
    }

    #[test]
    fn precompressed_copies_decompress_to_the_file() {
        let site = tempfile::tempdir().unwrap();
        let text = "NES Başvuru ".repeat(200);
        std::fs::write(site.path().join("boot.js"), &text).unwrap();
        precompress(site.path()).unwrap();
        let br = std::fs::read(site.path().join("boot.js.br")).unwrap();
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut plain).unwrap();
        assert_eq!(plain, text.as_bytes());
        let gz = std::fs::read(site.path().join("boot.js.gz")).unwrap();
        let mut plain = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain).unwrap();
        assert_eq!(plain, text);
        assert!(br.len() < text.len() / 10, "brotli shrinks repetitive text");
    }
}
