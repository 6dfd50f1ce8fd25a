//! Turkish text handling: case mapping and collation.
//!
//! Rust's `to_uppercase` maps `i` to `I` and `to_lowercase` maps `I` to `i`, which is wrong for
//! Turkish (`i` ↔ `İ`, `ı` ↔ `I`). Names are compared and stored in Turkish upper case, so every
//! comparison of a name goes through [`upper`].

use std::cmp::Ordering;

/// Turkish upper case: `i` → `İ`, `ı` → `I`, everything else as Unicode says.
pub fn upper(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'i' => out.push('İ'),
            'ı' => out.push('I'),
            _ => out.extend(c.to_uppercase()),
        }
    }
    out
}

/// Turkish lower case: `I` → `ı`, `İ` → `i`, everything else as Unicode says.
pub fn lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'I' => out.push('ı'),
            'İ' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Turkish title case of every word: `"19 MAYIS"` → `"19 Mayıs"`, `"İSTANBUL"` → `"İstanbul"`.
pub fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_word_start = true;
    for c in text.chars() {
        let s = c.to_string();
        out.push_str(&if at_word_start { upper(&s) } else { lower(&s) });
        at_word_start = c.is_whitespace() || c == '-' || c == '(' || c == '/';
    }
    out
}

/// Collapses runs of white space into one space and trims both ends.
pub fn squash_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters that change how a text looks without being seen: control characters (NUL, BEL,
/// ESC…), the bidirectional overrides and isolates (U+202E makes a signed text display other than
/// what it says) and zero-width characters. No field of ours takes them.
pub fn contains_hidden_chars(text: &str) -> bool {
    text.chars().any(is_hidden)
}

/// A control character, or one that is invisible or turns the text's direction (bidi overrides).
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

/// The Turkish alphabet in order, with q, w, x placed where they fall in the Latin one.
const ALPHABET: &str = "abcçdefgğhıijklmnoöpqrsştuüvwxyz";

fn sort_key(c: char) -> (u32, char) {
    let lowered = lower(&c.to_string()).chars().next().unwrap_or(c);
    match ALPHABET.chars().position(|a| a == lowered) {
        // Letters sort after spaces, digits and punctuation, in alphabet order.
        Some(index) => (1_000 + index as u32, lowered),
        None => (lowered as u32 % 1_000, lowered),
    }
}

/// Compares two strings in Turkish alphabetical order, ignoring case ("Çorum" after "Côte",
/// "Iğdır" before "İstanbul", "Şanlıurfa" after "Sivas").
pub fn collate(a: &str, b: &str) -> Ordering {
    a.chars().map(sort_key).cmp(b.chars().map(sort_key))
}

/// Whether `c` may appear in a person's name: Turkish and other Latin letters, and the joiners
/// that appear in registered names (space, hyphen, apostrophe).
pub fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || c == ' ' || c == '-' || c == '\''
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_found() {
        for bad in
            ["a\u{0}b", "bell\u{7}", "esc\u{1b}[31m", "Kızılay \u{202E}cod.exe", "a\u{200B}b", "\u{2066}x", "\u{FEFF}"]
        {
            assert!(contains_hidden_chars(bad), "{bad:?}");
        }
        assert!(!contains_hidden_chars("Atatürk Bulvarı No: 1/3 Çankaya – İç Kapı 5"));
    }

    #[test]
    fn dotted_and_dotless_i_map_the_turkish_way() {
        assert_eq!(upper("çiğdem ılgaz"), "ÇİĞDEM ILGAZ");
        assert_eq!(lower("IŞIL İNCE"), "ışıl ince");
        assert_eq!(upper("istanbul"), "İSTANBUL");
        assert_ne!(upper("i"), "i".to_uppercase(), "std upper case is not Turkish");
    }

    #[test]
    fn title_case_handles_each_word() {
        assert_eq!(title("19 MAYIS"), "19 Mayıs");
        assert_eq!(title("İSKENDERUN"), "İskenderun");
        assert_eq!(title("AFYONKARAHİSAR MERKEZ"), "Afyonkarahisar Merkez");
        assert_eq!(title("ILGIN"), "Ilgın");
    }

    #[test]
    fn collation_follows_the_turkish_alphabet() {
        let mut names = vec!["Şanlıurfa", "Sivas", "Çorum", "Iğdır", "İzmir", "Cankırı", "Ordu", "Ödemiş"];
        names.sort_by(|a, b| collate(a, b));
        assert_eq!(names, ["Cankırı", "Çorum", "Iğdır", "İzmir", "Ordu", "Ödemiş", "Sivas", "Şanlıurfa"]);
    }

    #[test]
    fn collation_ignores_case() {
        assert_eq!(collate("ağrı", "AĞRI"), Ordering::Equal);
        assert_eq!(collate("ı", "i"), Ordering::Less);
    }

    #[test]
    fn spaces_are_squashed() {
        assert_eq!(squash_spaces("  Ayşe   Nur \t"), "Ayşe Nur");
    }
}
