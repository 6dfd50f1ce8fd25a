//! Cards OpenSC drives through its generic `opensc-pkcs11` module (PIV, CardOS, PKCS#15, …).
//! No ATRs of its own: the fallback module for cards outside the other tables.

use super::CardFamily;

pub static OPENSC: CardFamily = CardFamily {
    id: "opensc",
    name: "OpenSC ile desteklenen kartlar",
    atrs: &[],
    historical: &[],
    historical_markers: &[],
    modules: if cfg!(windows) {
        &["C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll"]
    } else if cfg!(target_os = "macos") {
        &["/Library/OpenSC/lib/opensc-pkcs11.so"]
    } else {
        &[
            "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
            "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
            "/usr/lib/opensc-pkcs11.so",
            "/usr/lib64/opensc-pkcs11.so",
        ]
    },
};
