//! nes-server: the HTTP API. Filled by the "Server" issue.

fn main() {}
