//! nes-app: the applicant's single-page application. Filled by the "App" issue.

fn main() {}
