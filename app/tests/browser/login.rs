//! Giriş: the identity login checks T.C. Kimlik No, ad, soyad and doğum tarihi before asking the
//! server, with the same Turkish messages.

use leptos::prelude::*;
use nes_app::pages::login::LoginPage;
use nes_app::router::Router;
use nes_app::session::{Session, SessionState};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::dom::*;

fn mount_login() {
    mount(|| {
        Session::provide_with(SessionState::LoggedOut);
        view! {
            <Router>
                <LoginPage />
            </Router>
        }
    });
}

#[wasm_bindgen_test]
async fn a_wrong_checksum_is_explained_on_leaving_the_field() {
    mount_login();
    settle().await;
    type_into("field-national_id", "12345678901").await;
    leave("field-national_id").await;
    assert_eq!(text("field-national_id-error"), "T.C. Kimlik No geçersiz; lütfen kontrol ediniz.");
    type_into("field-national_id", "1234567890").await;
    assert_eq!(text("field-national_id-error"), "T.C. Kimlik No 11 haneli olmalıdır.");
    assert_eq!(attr("field-national_id", "inputmode").as_deref(), Some("numeric"));
}

#[wasm_bindgen_test]
async fn giris_with_empty_fields_explains_each_and_focuses_the_first() {
    mount_login();
    settle().await;
    button_by_text("Giriş").click();
    settle().await;
    assert_eq!(text("field-national_id-error"), "T.C. Kimlik No zorunludur.");
    assert_eq!(text("field-first_name-error"), "Ad zorunludur.");
    assert_eq!(text("field-last_name-error"), "Soyad zorunludur.");
    assert_eq!(text("field-birth_date-error"), "Doğum tarihi zorunludur.");
    let focused = doc().active_element().map(|element| element.id());
    assert_eq!(focused.as_deref(), Some("field-national_id"));
}

#[wasm_bindgen_test]
async fn names_with_digits_are_refused() {
    mount_login();
    settle().await;
    type_into("field-first_name", "Ay5e").await;
    leave("field-first_name").await;
    assert_eq!(text("field-first_name-error"), "Ad yalnızca harf içerebilir.");
    type_into("field-first_name", "İlkay Işıl").await;
    assert_eq!(text("field-first_name-error"), "");
}

#[wasm_bindgen_test]
async fn the_birth_date_is_typed_day_first() {
    mount_login();
    settle().await;
    assert_eq!(attr("field-birth_date", "type").as_deref(), Some("text"), "not the browser's date picker");
    assert_eq!(attr("field-birth_date", "inputmode").as_deref(), Some("numeric"));
    assert_eq!(attr("field-birth_date", "placeholder").as_deref(), Some("GG.AA.YYYY"));
    type_into("field-birth_date", "23041980").await;
    assert_eq!(value("field-birth_date"), "23.04.1980", "the dots come by themselves");
    leave("field-birth_date").await;
    assert_eq!(text("field-birth_date-error"), "");
    type_into("field-birth_date", "31.02.1980").await;
    assert!(text("field-birth_date-error").contains("GG.AA.YYYY"));
    type_into("field-birth_date", "01.01.2999").await;
    assert_eq!(text("field-birth_date-error"), "Doğum tarihi bugünden önce olmalıdır.");
    type_into("field-birth_date", "1.4.1980").await;
    assert_eq!(text("field-birth_date-error"), "");
}
