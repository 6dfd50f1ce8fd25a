//! The bridge protocol: native-messaging requests and replies between the extension and the
//! `nes-bridge` host, and the page API between the web page and the extension. Owned by the
//! "Bridge" issue; documented in `bridge/PROTOCOL.md`.
