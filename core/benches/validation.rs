//! How expensive is validating the whole form, which the app does on every keystroke? Reported as a
//! ratio to parsing the same form from JSON (work every request does anyway), so the number means
//! the same on any machine. Run with `cargo xtask bench`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use nes_core::form::{ApplicationForm, Field};
use nes_core::geo;

fn form_json() -> String {
    serde_json::json!({
        "application_reason": "renewal", "validity": "3", "card_reader": "not_requested",
        "publish_certificate": false, "national_id": "12345678950", "first_name": "Ayşe Nur",
        "last_name": "Işık", "email": "ayse.isik@example.edu.tr", "mobile_phone": "0532 123 45 67",
        "operator": "vodafone", "home_phone": "", "notification_channel": "both",
        "institution_name": "ZONGULDAK İL MİLLİ EĞİTİM MÜDÜRLÜĞÜ", "department": "Bilgi İşlem",
        "title": "Öğretmen", "work_phone": "0372 123 45 67", "extension": "1234", "province": "67",
        "district": "ALAPLI", "postal_code": "67850", "address": "Kurtuluş Mah. Atatürk Cad. No: 12",
        "delivery_method": "courier", "security_word": "kırmızı elma", "security_word_repeat": "kırmızı elma"
    })
    .to_string()
}

/// Median time per call over several rounds of `iterations` calls.
fn measure(iterations: u32, mut work: impl FnMut()) -> Duration {
    let mut rounds: Vec<Duration> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                work();
            }
            start.elapsed() / iterations
        })
        .collect();
    rounds.sort();
    rounds[rounds.len() / 2]
}

fn main() {
    let json = form_json();
    let form: ApplicationForm = serde_json::from_str(&json).unwrap();
    assert!(form.validate().is_ok(), "the benchmark form must be valid");
    let parse = measure(20_000, || {
        black_box(serde_json::from_str::<ApplicationForm>(black_box(&json)).unwrap());
    });
    let validate = measure(20_000, || {
        let _ = black_box(black_box(&form).validate());
    });
    let one_field = measure(20_000, || {
        black_box(black_box(&form).check(Field::PostalCode));
    });
    let lookup = measure(20_000, || {
        black_box(geo::lookup_postal_code(black_box("67850")));
    });
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    for (figure, took) in
        [("validate() whole form", validate), ("check(postal_code)", one_field), ("lookup_postal_code()", lookup)]
    {
        // One line per figure for `cargo xtask bench`'s table.
        let row = serde_json::json!({
            "figure": format!("form validation: {figure}"), "value": micros(took), "unit": "µs",
            "anchor": "parsing the form's JSON", "anchor_value": micros(parse),
        });
        println!("bench-row: {row}");
    }
}
