//! AKİS (TÜBİTAK BİLGEM): the cards Kamu SM issues NES certificates on. Driven by TÜBİTAK's
//! `akisp11` module (installed with the Kamu SM "Kart Sürücüsü"); OpenSC also has an `akis` driver.

use super::CardFamily;

pub static AKIS: CardFamily = CardFamily {
    id: "akis",
    name: "AKİS (TÜBİTAK BİLGEM)",
    atrs: &[
        // AKİS v1.0, historical bytes "MUEKAE V1.0" (OpenSC card-akis.c).
        "3B BA 11 00 81 31 FE 4D 55 45 4B 41 45 20 56 31 2E 30 AE",
        // Later AKİS versions: add their ATRs here from the pcsc-tools list (smartcard_list.txt)
        // as they are confirmed on real cards; until then they report `unknown` and use the
        // default module list.
    ],
    modules: if cfg!(windows) {
        &["akisp11.dll"]
    } else if cfg!(target_os = "macos") {
        &["/usr/local/lib/libakisp11.dylib"]
    } else {
        &["/usr/lib/libakisp11.so", "/usr/lib/libpkcs11wrapper.so"]
    },
};
