//! What the site build does so the browser downloads as little as possible, once: content-hashed
//! file names (the server lets browsers keep such a file for a year, `server/src/site.rs`) and
//! brotli and gzip copies beside every file (the server sends the one `Accept-Encoding` allows).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::split;

/// The main module, named by wasm-bindgen's loader; every other `.wasm` in `pkg/` is a chunk of the
/// splitter (`split.rs`), named by its JavaScript.
const MAIN_WASM: &str = "nes_app_bg.wasm";
const LOADER_JS: &str = "nes_app.js";
const INDEX: &str = "index.html";
/// How wasm-bindgen's loader imports the splitter's JavaScript.
const LINKER_IMPORT: &str = "from \"./__wasm_split.js\"";

/// Hex digits of the SHA-256 in a hashed name (`nes_app-0123456789abcdef.js`).
pub const HASH_LEN: usize = 16;

/// Renames every asset to `stem-HASH.ext` and rewrites the references to it. Each file is renamed
/// after the files whose names it contains (those are rewritten to their hashed names before it is
/// hashed itself, so a change anywhere changes every name that leads to it). `index.html` names
/// the entry points and keeps its own name: it is the one file always revalidated.
pub fn fingerprint(site: &Path) -> Result<()> {
    let pkg = site.join("pkg");
    let names: Vec<String> = files(&pkg)?.iter().map(|path| file_name(path)).collect::<Result<_>>()?;
    let chunks: Vec<&String> = names.iter().filter(|name| name.ends_with(".wasm") && *name != MAIN_WASM).collect();
    let mut renamed: Vec<(String, String)> = Vec::new();
    for wasm in chunks.iter().map(|name| name.as_str()).chain([MAIN_WASM]) {
        rename(&mut renamed, &[(pkg.join(wasm), vec![])])?;
    }
    // wasm-bindgen's loader imports the splitter's JavaScript, which imports the loader back: the
    // two get one hash of both, so neither name can stay while the other's content changes. The
    // splitter writes every name as `"./name"`, which keeps `chunk_1.wasm` out of `chunk_11.wasm`.
    let linker_references: Vec<String> =
        chunks.iter().map(|name| name.as_str()).chain([LOADER_JS]).map(|name| format!("./{name}")).collect();
    rename(
        &mut renamed,
        &[
            // `new URL('nes_app_bg.wasm', import.meta.url)` and the import of the splitter's
            // functions; the object that hands them to the wasm keeps the module name the wasm
            // was linked with (`"./__wasm_split.js": import1`).
            (pkg.join(LOADER_JS), vec![MAIN_WASM, LINKER_IMPORT]),
            // `fetch(new URL("./split_….wasm", import.meta.url))` and `import { initSync } from "./nes_app.js"`.
            (pkg.join(split::LINKER_JS), linker_references.iter().map(String::as_str).collect()),
        ],
    )?;
    rename(&mut renamed, &[(site.join("boot.js"), vec![LOADER_JS])])?;
    rename(&mut renamed, &[(site.join("style/app.css"), vec![])])?;
    let index = site.join(INDEX);
    std::fs::write(
        &index,
        rewrite(&index, &[LOADER_JS, MAIN_WASM, split::LINKER_JS, "boot.js", "app.css"], &renamed)?,
    )?;
    Ok(())
}

/// Gives `group` (files, each with the file names it contains) names hashed from all their
/// content: names of files renamed before are rewritten first, then the group's names of each
/// other. One file is a group of its own.
fn rename(renamed: &mut Vec<(String, String)>, group: &[(PathBuf, Vec<&str>)]) -> Result<()> {
    let members: Vec<String> = group.iter().map(|(path, _)| file_name(path)).collect::<Result<_>>()?;
    let within = |reference: &&str| members.iter().any(|member| reference.contains(member.as_str()));
    let mut hasher = Sha256::new();
    let mut contents = Vec::new();
    for (path, references) in group {
        let earlier: Vec<&str> = references.iter().copied().filter(|reference| !within(reference)).collect();
        let content = rewrite(path, &earlier, renamed)?;
        hasher.update(&content);
        contents.push(content);
    }
    let hash: String = hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect();
    let names: Vec<(String, String)> =
        group.iter().map(|(path, _)| Ok((file_name(path)?, hashed_name(path, &hash)?))).collect::<Result<_>>()?;
    for (((path, references), content), (_, name)) in group.iter().zip(contents).zip(&names) {
        let among: Vec<&str> = references.iter().copied().filter(within).collect();
        let content = replace(path, content, &among, &names)?;
        std::fs::write(path.with_file_name(name), &content)?;
        std::fs::remove_file(path)?;
    }
    renamed.extend(names);
    Ok(())
}

/// `path`'s content with the file name in each of `references` replaced by its hashed name. A
/// reference is text `path` must contain: a file name, or a file name in its context where only
/// some of the name's occurrences are references.
fn rewrite(path: &Path, references: &[&str], renamed: &[(String, String)]) -> Result<Vec<u8>> {
    let content = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    replace(path, content, references, renamed)
}

/// A reference that is not there means the build tools changed their output: an error, not a site
/// that loads stale files.
fn replace(path: &Path, mut content: Vec<u8>, references: &[&str], renamed: &[(String, String)]) -> Result<Vec<u8>> {
    for reference in references {
        let (original, hashed) = renamed
            .iter()
            .filter(|(original, _)| reference.contains(original.as_str()))
            .max_by_key(|(original, _)| original.len())
            .with_context(|| format!("{reference} is hashed after {}", path.display()))?;
        let text = String::from_utf8(content).with_context(|| format!("{} is not text", path.display()))?;
        if !text.contains(reference) {
            bail!("{} does not name {reference} any more", path.display());
        }
        content = text.replace(reference, &reference.replace(original.as_str(), hashed)).into_bytes();
    }
    Ok(content)
}

fn hashed_name(path: &Path, hash: &str) -> Result<String> {
    let stem = path.file_stem().and_then(|s| s.to_str()).context("asset name")?;
    let extension = path.extension().and_then(|s| s.to_str()).context("asset extension")?;
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
    /// a change in a chunk changes the names of the two scripts that lead to it and of boot.js.
    #[test]
    fn names_follow_the_content_down_the_chain() {
        let build = |chunk: &[u8]| {
            let site = tempfile::tempdir().unwrap();
            let write = |path: &str, content: &[u8]| {
                let path = site.path().join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, content).unwrap();
            };
            write("pkg/nes_app_bg.wasm", b"\0asm main");
            write("pkg/split_card.wasm", chunk);
            write("pkg/chunk_1.wasm", b"\0asm shared by two");
            write("pkg/chunk_11.wasm", b"\0asm shared by three");
            write("pkg/nes_app.js", b"import * as import1 from \"./__wasm_split.js\"; new URL('nes_app_bg.wasm', import.meta.url); ({ \"./__wasm_split.js\": import1 })");
            write(
                "pkg/__wasm_split.js",
                b"import { initSync } from './nes_app.js'; [new URL('./split_card.wasm'), new URL('./chunk_1.wasm'), new URL('./chunk_11.wasm')]",
            );
            write("boot.js", b"import init from '/pkg/nes_app.js';");
            write("style/app.css", b"body{}");
            let index = "<link href=\"/style/app.css\"><link href=\"/pkg/nes_app.js\"><link href=\"/pkg/__wasm_split.js\"><link href=\"/pkg/nes_app_bg.wasm\"><script src=\"/boot.js\">";
            write("index.html", index.as_bytes());
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
        assert_eq!(names.len(), 9, "{names:?}");
        for name in names.iter().filter(|name| *name != "index.html") {
            let (stem, _) = name.rsplit_once('.').unwrap();
            let (_, hash) = stem.rsplit_once('-').unwrap();
            assert!(hash.len() == HASH_LEN && hash.chars().all(|c| c.is_ascii_hexdigit()), "{name}");
            assert!(
                index.contains(&format!("/{name}")) || name.contains("split_card") || name.contains("chunk_"),
                "index.html names {name}: {index}"
            );
        }
        let name = |names: &[String], prefix: &str| names.iter().find(|name| name.starts_with(prefix)).unwrap().clone();
        let read = |prefix: &str| std::fs::read_to_string(site.path().join(name(&names, prefix))).unwrap();
        let short = |prefix: &str| name(&names, prefix).trim_start_matches("pkg/").to_string();
        let loader = read("pkg/nes_app-");
        assert!(loader.contains(&short("pkg/nes_app_bg-")) && loader.contains(&short("pkg/__wasm_split-")), "{loader}");
        assert!(loader.contains("\"./__wasm_split.js\": import1"), "the wasm's module name stays: {loader}");
        let linker = read("pkg/__wasm_split-");
        for prefix in ["pkg/nes_app-", "pkg/split_card-", "pkg/chunk_1-", "pkg/chunk_11-"] {
            assert!(linker.contains(&format!("./{}", short(prefix))), "{prefix}: {linker}");
        }

        let (_, _, changed) = build(b"\0asm two");
        for prefix in ["pkg/split_card-", "pkg/__wasm_split-", "pkg/nes_app-", "boot-"] {
            assert_ne!(name(&names, prefix), name(&changed, prefix), "{prefix} follows the chunk");
        }
        for prefix in ["pkg/nes_app_bg-", "style/"] {
            assert_eq!(name(&names, prefix), name(&changed, prefix), "{prefix} did not change");
        }
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
