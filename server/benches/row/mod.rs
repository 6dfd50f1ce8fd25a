//! The line a benchmark prints for each of its figures, which `cargo xtask bench` gathers into its
//! table (`Row` in xtask/src/bench/mod.rs).

use serde_json::json;

/// One figure beside its floor or anchor; `anchor_value` 0 for a figure that has none.
pub fn print(figure: &str, value: f64, unit: &str, anchor: &str, anchor_value: f64) {
    let row = json!({"figure": figure, "value": value, "unit": unit, "anchor": anchor, "anchor_value": anchor_value});
    println!("bench-row: {row}");
}
