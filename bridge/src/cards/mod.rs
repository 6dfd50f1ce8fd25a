//! Card families the bridge knows: how to recognise them by ATR and which PKCS#11 modules drive
//! them. One file per family; [`FAMILIES`] is the table, searched in order.

mod akis;
mod atr;
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
    /// Patterns, as `atrs`, over the historical bytes alone: new versions of a card change its
    /// version bytes, not its maker's part.
    pub historical: &'static [&'static str],
    /// Byte strings whose presence anywhere in the historical bytes names the family.
    pub historical_markers: &'static [&'static [u8]],
    /// PKCS#11 module file names or paths for this OS, tried in order.
    pub modules: &'static [&'static str],
}

/// Every known family, most specific first.
pub static FAMILIES: &[&CardFamily] = &[&akis::AKIS, &opensc::OPENSC];

/// `card_family` of a card whose ATR is in no table.
pub const UNKNOWN: &str = "unknown";

/// The family of a card by its ATR, if known: an ATR in a table, else historical bytes that a
/// family's patterns or markers recognise.
pub fn family_of(atr: &[u8]) -> Option<&'static CardFamily> {
    let listed =
        FAMILIES.iter().copied().find(|family| family.atrs.iter().any(|pattern| pattern_matches(pattern, atr)));
    listed.or_else(|| {
        let historical = atr::historical_bytes(atr)?;
        FAMILIES.iter().copied().find(|family| family.recognises(historical))
    })
}

impl CardFamily {
    fn recognises(&self, historical: &[u8]) -> bool {
        self.historical.iter().any(|pattern| pattern_matches(pattern, historical))
            || self.historical_markers.iter().any(|marker| historical.windows(marker.len()).any(|w| w == *marker))
    }
}

/// Whether `bytes` match `pattern` (`"3B BA 11 .."`): same length, `..` any byte. Malformed
/// patterns match nothing.
fn pattern_matches(pattern: &str, bytes: &[u8]) -> bool {
    let expected: Vec<&str> = pattern.split_whitespace().collect();
    expected.len() == bytes.len()
        && expected
            .iter()
            .zip(bytes)
            .all(|(expected, actual)| *expected == ".." || u8::from_str_radix(expected, 16) == Ok(*actual))
}

/// Upper-case hex without separators, as the protocol reports ATRs.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Space-separated hex (`"3B 02 14 50"`) as bytes.
    pub(super) fn bytes(hex: &str) -> Vec<u8> {
        hex.split_whitespace().map(|b| u8::from_str_radix(b, 16).unwrap()).collect()
    }

    #[test]
    fn every_pattern_is_well_formed() {
        for family in FAMILIES {
            for pattern in family.atrs.iter().chain(family.historical) {
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
    fn every_listed_atr_is_a_whole_iso_7816_atr() {
        for family in FAMILIES {
            for pattern in family.atrs.iter().filter(|pattern| !pattern.contains("..")) {
                assert!(atr::historical_bytes(&bytes(pattern)).is_some(), "{pattern} is cut short or too long");
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
    fn unlisted_atrs_are_akis_by_their_historical_bytes() {
        // T=0 only: TB1 TC1, then the six historical bytes "UEKAE3"; no table nor pattern has it.
        let marked = bytes("3B 66 00 00 55 45 4B 41 45 33");
        assert!(!akis_atrs().contains(&marked));
        assert!(!akis::AKIS.historical.iter().any(|p| pattern_matches(p, atr::historical_bytes(&marked).unwrap())));
        assert_eq!(family_of(&marked).map(|f| f.id), Some("akis"));
        assert_eq!(family_of(&bytes("3B 66 00 00 75 65 6B 61 65 33")).map(|f| f.id), Some("akis"), "lower case");
        // A later AKİS v1 version: MA3's pattern, with version bytes 14 01 no list has.
        let newer = bytes("3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 14 01 31 80 73 B3 A1 80 00");
        assert!(!akis_atrs().contains(&newer));
        assert_eq!(family_of(&newer).map(|f| f.id), Some("akis"));
        // An AKİS v2 / TCKK version no list has ("TC" pattern).
        let tckk = bytes("3B 9F 97 81 31 FE 45 80 65 54 43 99 99 99 31 C0 73 F6 21 80 81 05 00");
        assert_eq!(family_of(&tckk).map(|f| f.id), Some("akis"));
    }

    #[test]
    fn uekae_outside_the_historical_bytes_is_not_akis() {
        // TA1 TB1 TC1 TD1 = 55 45 4B 41, TC2 = 45: "UEKAE" in the interface bytes; historical "12".
        let atr = bytes("3B F2 55 45 4B 41 45 31 32 00");
        assert!(atr.windows(5).any(|w| w == b"UEKAE"), "the whole ATR does contain it");
        assert_eq!(atr::historical_bytes(&atr), Some(&b"12"[..]));
        assert_eq!(family_of(&atr), None);
    }

    #[test]
    fn malformed_atrs_with_uekae_are_not_akis() {
        let marked = bytes("3B 66 00 00 55 45 4B 41 45 33");
        assert_eq!(family_of(&marked[..marked.len() - 1]), None, "historical bytes cut short");
        assert_eq!(family_of(&[marked.as_slice(), &[0x00]].concat()), None, "a byte too many");
        assert_eq!(family_of(&[]), None);
        assert_eq!(family_of(&[0x3B]), None);
        // T0 = 0x9F announces TA1, TD1 and 15 historical bytes; the ATR ends inside them.
        assert_eq!(family_of(&bytes("3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45")), None);
    }

    #[test]
    fn wildcards_match_any_byte() {
        assert!(pattern_matches("3B .. 11", &[0x3B, 0x77, 0x11]));
        assert!(!pattern_matches("3B .. 11", &[0x3B, 0x77, 0x12]));
        assert!(!pattern_matches("3B ZZ", &[0x3B, 0x00]));
        assert_eq!(hex(&[0x3B, 0x0A]), "3B0A");
    }

    fn akis_atrs() -> Vec<Vec<u8>> {
        akis::AKIS.atrs.iter().map(|pattern| bytes(pattern)).collect()
    }
}
