//! AKİS (TÜBİTAK BİLGEM, formerly UEKAE): the cards Kamu SM issues NES certificates on, and the
//! national identity card (TCKK) and UKİS cards built on the same operating system. Driven by
//! TÜBİTAK's `akisp11` module (installed with the Kamu SM "Kart Sürücüsü"); OpenSC also has an
//! `akis` driver.
//!
//! Sources, named after each ATR (nothing here is guessed; bridge/README.md has the addresses):
//! - MA3: the `AkisTemplate` of TÜBİTAK's MA3 API (ma3api-smartcard 2.3.x), Kamu SM's signing
//!   library: its 29 ATRs (its own remarks in quotes), its historical-byte patterns and the
//!   "UEKAE" rule.
//! - pcsc: pcsc-tools' `smartcard_list.txt` (June 2026), the card named as it says.
//! - OpenSC: `card-akis.c`.

use super::CardFamily;

pub static AKIS: CardFamily = CardFamily {
    id: "akis",
    name: "AKİS (TÜBİTAK BİLGEM)",
    atrs: &[
        // AKİS v1.0 on Infineon (MA3, pcsc, OpenSC): historical bytes "UEKAE V1.0".
        "3B BA 11 00 81 31 FE 4D 55 45 4B 41 45 20 56 31 2E 30 AE",
        // AKİS v1.x, historical bytes 80 67 "UEKAE" <version> 31 80 73 B3 A1 80:
        // unnamed, version bytes 11 12 (MA3).
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 11 12 31 80 73 B3 A1 80 E9",
        // AKİS v1.2 on NXP (MA3, pcsc).
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 12 31 80 73 B3 A1 80 EA",
        // Unnamed, 12 13 (MA3).
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 13 31 80 73 B3 A1 80 EB",
        // AKİS v1.2.1 on Infineon (MA3, pcsc).
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 52 31 80 73 B3 A1 80 AA",
        // AKİS v1.2.1 on NXP (MA3, pcsc).
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 53 31 80 73 B3 A1 80 AB",
        // "AKIS (eID)" (MA3, pcsc).
        "3B 9F 15 81 31 FE 45 80 67 55 45 4B 41 45 12 21 31 80 73 B3 A1 80 5A",
        // Unnamed, 12 21 at TA1 96 and 13 (MA3).
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 21 31 80 73 B3 A1 80 D9",
        "3B 9F 13 81 31 FE 45 80 67 55 45 4B 41 45 12 21 31 80 73 B3 A1 80 5C",
        // UKİS 1.2.1 on YITAL (MA3, pcsc).
        "3B 9F 13 81 31 FE 45 80 67 55 45 4B 41 45 12 61 31 80 73 B3 A1 80 1C",
        // UKİS 1.2.1 on HNEC and on SMIC (pcsc).
        "3B 9F 13 81 31 FE 45 80 67 55 45 4B 41 45 12 64 31 80 73 B3 A1 80 19",
        "3B 9F 13 81 31 FE 45 80 67 55 45 4B 41 45 12 65 31 80 73 B3 A1 80 18",
        // Unnamed, 12 61 at TA1 15 and 96 (MA3).
        "3B 9F 15 81 31 FE 45 80 67 55 45 4B 41 45 12 61 31 80 73 B3 A1 80 1A",
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 61 31 80 73 B3 A1 80 99",
        // AKİS v1.2.2 on Infineon (MA3, pcsc).
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 92 31 80 73 B3 A1 80 6A",
        // AKİS v1.3 on Infineon (MA3, pcsc).
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 93 31 80 73 B3 A1 80 6B",
        // Unnamed, 13 12, 12 A4 and 12 A5 (MA3).
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 13 12 31 80 73 B3 A1 80 EB",
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 A4 31 80 73 B3 A1 80 5C",
        "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 A5 31 80 73 B3 A1 80 5D",
        // AKİS v2 and the TCKK, historical bytes 80 65 "TC" <version> 31 C0 73 F6 21 80 81 ..:
        // unnamed, 20 20 12 (MA3).
        "3B 9F 96 81 31 FE 45 80 65 54 43 20 20 12 31 C0 73 F6 21 80 81 05 B3",
        // Unnamed, 12 21 00 and 12 21 07 (MA3, which lists the latter with two TCKs).
        "3B 9F 97 81 31 FE 45 80 65 54 43 12 21 00 31 C0 73 F6 21 80 81 05 93",
        "3B 9F 97 81 31 FE 45 80 65 54 43 12 21 07 31 C0 73 F6 21 80 81 05 94",
        "3B 9F 97 81 31 FE 45 80 65 54 43 12 21 07 31 C0 73 F6 21 80 81 05 95",
        // "SAHA" and "SAHA Test" (MA3).
        "3B 9F 97 81 31 FE 45 80 65 54 43 D2 21 08 31 C0 73 F6 21 80 81 01 5F",
        "3B 9F 97 81 31 FE 45 80 65 54 43 12 21 08 31 C0 73 F6 21 80 81 01 9F",
        // "2.2.8 INF" (MA3); the TCKK with biometric data and e-signature (pcsc).
        "3B 9F 97 81 31 FE 45 80 65 54 43 D2 21 08 31 C0 73 F6 21 80 81 05 5B",
        // "2.2.8 UKTUM", "2.2.8 NXP", "2.2.8 UDEA" (MA3).
        "3B 9F 97 81 31 FE 45 80 65 54 43 E4 21 08 31 C0 73 F6 21 80 81 05 6D",
        "3B 9F 96 81 31 FE 45 80 65 54 43 D3 21 08 31 C0 73 F6 21 80 81 05 5B",
        "3B 9F 96 81 31 FE 45 80 65 54 43 D2 21 08 31 C0 73 F6 21 80 81 05 5A",
        // "2.2.8 INF Saha Test" (MA3); Türkiye Cumhuriyeti Kimlik Kartı, TCKK (pcsc).
        "3B 9F 97 81 31 FE 45 80 65 54 43 12 21 08 31 C0 73 F6 21 80 81 05 9B",
        // TCKK (pcsc).
        "3B 9F 97 81 31 FE 45 80 65 54 43 12 21 08 31 C0 73 F6 21 80 81 05 90",
        // TÜBİTAK test card, eID (pcsc).
        "3B 9F 96 81 31 FE 45 80 65 54 43 12 21 08 31 C0 73 F6 21 80 81 05 9A",
        // "2.5.2 NXP" (MA3).
        "3B 9F 97 81 31 FE 45 80 65 54 43 53 22 82 31 C0 73 F6 21 80 81 05 53",
        // Turkish eID, TCKK (pcsc).
        "3B 9F 97 81 31 FE 45 80 65 54 43 D3 22 82 31 C0 73 F6 21 80 81 05 D3",
    ],
    // MA3's patterns over the whole historical bytes: AKİS v1 ("UEKAE"), v2/TCKK ("TC"), and
    // its "V3 SAHA" and "V3 SAHA Test".
    historical: &[
        "80 67 55 45 4B 41 45 .. .. 31 80 73 B3 A1 80",
        "80 65 54 43 .. .. .. 31 C0 73 F6 21 80 81 ..",
        "80 66 68 32 09 .. .. .. 31 95 81 05",
        "80 66 68 32 49 .. .. .. 31 95 81 05",
    ],
    // MA3 treats "UEKAE" (or "uekae") anywhere as AKİS; we look only in the historical bytes.
    historical_markers: &[b"UEKAE", b"uekae"],
    // Windows: where Kamu SM's AKİS driver puts it (absolute, so doctor can tell "missing" from
    // "does not load" and read its architecture).
    modules: if cfg!(windows) {
        &["C:\\Windows\\System32\\akisp11.dll"]
    } else if cfg!(target_os = "macos") {
        &["/usr/local/lib/libakisp11.dylib"]
    } else {
        &["/usr/lib/libakisp11.so", "/usr/lib/libpkcs11wrapper.so"]
    },
};
