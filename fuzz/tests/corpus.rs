//! Every fuzz target over its corpus (`corpus/<target>/`: the seeds and every input the fuzzer
//! found that once failed, which keeps each such crash a regression test), then over random bytes.

use std::path::Path;

use nes_fuzz::{TARGETS, target};
use proptest::prelude::*;

#[test]
fn every_target_passes_its_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for target in TARGETS {
        let dir = corpus.join(target.name);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty(), "{} has no seeds", dir.display());
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            if std::panic::catch_unwind(|| (target.run)(&data)).is_err() {
                panic!("{} fails on {}", target.name, input.display());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_target_takes_random_bytes(name in prop::sample::select(TARGETS.iter().map(|t| t.name).collect::<Vec<_>>()),
                                       data in prop::collection::vec(any::<u8>(), 0..1024)) {
        (target(name).unwrap().run)(&data);
    }
}
