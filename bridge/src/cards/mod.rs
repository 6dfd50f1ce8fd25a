//! Card families the bridge knows: how to recognise them by ATR and which PKCS#11 modules drive
//! them. One file per family; [`FAMILIES`] is the table, searched in order.

mod akis;
mod opensc;

/// A family of cards sharing a PKCS#11 module.
#[derive(Debug, PartialEq, Eq)]
pub struct CardFamily {
    /// Stable id reported as `card_family` (see PROTOCOL.md).
    pub id: &'static str,
    /// Human name for `doctor`.
    pub name: &'static str,
    /// ATR patterns: hex bytes, `..` matches any byte. An ATR matches a pattern of equal length.
    pub atrs: &'static [&'static str],
    /// PKCS#11 module file names or paths for this OS, tried in order.
    pub modules: &'static [&'static str],
}

/// Every known family, most specific first.
pub static FAMILIES: &[&CardFamily] = &[&akis::AKIS, &opensc::OPENSC];

/// `card_family` of a card whose ATR is in no table.
pub const UNKNOWN: &str = "unknown";

/// The family of a card by its ATR, if known.
pub fn family_of(atr: &[u8]) -> Option<&'static CardFamily> {
    FAMILIES.iter().copied().find(|family| family.atrs.iter().any(|pattern| atr_matches(pattern, atr)))
}

/// Whether `atr` matches `pattern` (`"3B BA 11 .."`): same length, `..` any byte. Malformed
/// patterns match nothing.
fn atr_matches(pattern: &str, atr: &[u8]) -> bool {
    let bytes: Vec<&str> = pattern.split_whitespace().collect();
    bytes.len() == atr.len()
        && bytes
            .iter()
            .zip(atr)
            .all(|(expected, actual)| *expected == ".." || u8::from_str_radix(expected, 16) == Ok(*actual))
}

/// Upper-case hex without separators, as the protocol reports ATRs.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(hex: &str) -> Vec<u8> {
        hex.split_whitespace().map(|b| u8::from_str_radix(b, 16).unwrap()).collect()
    }

    #[test]
    fn every_pattern_is_well_formed() {
        for family in FAMILIES {
            for pattern in family.atrs {
                assert!(
                    pattern
                        .split_whitespace()
                        .all(|b| b == ".." || (b.len() == 2 && u8::from_str_radix(b, 16).is_ok())),
                    "{} has a malformed ATR pattern {pattern}",
                    family.id
                );
            }
        }
    }

    #[test]
    fn akis_atr_is_recognised_and_unknown_is_not() {
        let akis = bytes("3B BA 11 00 81 31 FE 4D 55 45 4B 41 45 20 56 31 2E 30 AE");
        assert_eq!(family_of(&akis).map(|f| f.id), Some("akis"));
        assert_eq!(family_of(&bytes("3B 02 14 50")), None);
        let mut shorter = akis.clone();
        shorter.pop();
        assert_eq!(family_of(&shorter), None);
    }

    #[test]
    fn wildcards_match_any_byte() {
        assert!(atr_matches("3B .. 11", &[0x3B, 0x77, 0x11]));
        assert!(!atr_matches("3B .. 11", &[0x3B, 0x77, 0x12]));
        assert!(!atr_matches("3B ZZ", &[0x3B, 0x00]));
        assert_eq!(hex(&[0x3B, 0x0A]), "3B0A");
    }
}
