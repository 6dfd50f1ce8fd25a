//! nes-bridge: the native-messaging host. Filled by the "Bridge" issue.

fn main() {}
