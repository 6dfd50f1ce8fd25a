//! One spelling per term in what people read: the Turkish texts of nes-core and of the app. Each
//! entry is a spelling that must not appear in a string literal, and the one to use instead.
//!
//! `bridge.rs` is left out: its messages are mirrored word for word by the extension
//! (`bridge/extension/messages.js`) and change together with it.

use std::path::{Path, PathBuf};

const TERMS: &[(&str, &str)] = &[
    ("Ünvan", "Unvan (TDK)"),
    ("E-Posta", "E-posta"),
    ("Eposta", "E-posta"),
    ("E-mail", "E-posta"),
    ("E-imza", "E-İmza (a name, a heading, a button, a sentence's start) or e-imza"),
    ("E-Imza", "E-İmza"),
    ("E-onay", "E-Onay or e-onay"),
    ("Devam Et", "Devam"),
    ("e-onaylı ve e-imzalı", "E-Onay veya e-imza ile"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") && !path.ends_with("bridge.rs") {
            out.push(path);
        }
    }
}

/// The string literals of a line that is not a comment (the odd pieces between quotes).
fn literals(line: &str) -> Vec<&str> {
    if line.trim_start().starts_with("//") {
        return Vec::new();
    }
    line.split('"').skip(1).step_by(2).collect()
}

#[test]
fn every_text_uses_the_glossary_spelling() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    rust_files(&root.join("core/src"), &mut files);
    rust_files(&root.join("app/src"), &mut files);
    assert!(files.len() > 40, "found the sources: {}", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            for literal in literals(line) {
                for (wrong, right) in TERMS {
                    if literal.contains(wrong) {
                        found.push(format!("{}:{}: \"{wrong}\" → {right}", file.display(), number + 1));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "spellings outside the glossary:\n{}", found.join("\n"));
}

#[test]
fn the_check_sees_literals_and_skips_comments() {
    assert_eq!(literals(r#"    view! { <p>"E-imza durumu"</p> }"#), ["E-imza durumu"]);
    assert!(literals("    // \"E-imza\" in a comment").is_empty());
}
