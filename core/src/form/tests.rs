use proptest::prelude::*;

use super::*;
use crate::geo;

/// A complete, valid form as a person would type it.
pub(crate) fn valid_form() -> ApplicationForm {
    ApplicationForm {
        application_reason: Some(ApplicationReason::Renewal),
        validity: Some(CertificateValidity::ThreeYears),
        card_reader: Some(CardReader::NotRequested),
        publish_certificate: Some(false),
        national_id: "12345678950".into(),
        first_name: "ayşe  nur".into(),
        last_name: "Işık".into(),
        email: "ayse.isik@example.edu.tr".into(),
        mobile_phone: "0532 123 45 67".into(),
        operator: Some(Operator::Vodafone),
        home_phone: String::new(),
        notification_channel: Some(NotificationChannel::Both),
        institution_name: "ZONGULDAK İL MİLLİ EĞİTİM MÜDÜRLÜĞÜ".into(),
        department: "Bilgi İşlem".into(),
        title: "Öğretmen".into(),
        work_phone: "(0372) 123 45 67".into(),
        extension: "1234".into(),
        province: "67".into(),
        district: "ALAPLI".into(),
        postal_code: "67850".into(),
        address: "Kurtuluş Mah. Atatürk Cad. No: 12".into(),
        delivery_method: Some(DeliveryMethod::Courier),
        security_word: "kırmızı elma".into(),
        security_word_repeat: "kırmızı elma".into(),
    }
}

fn errors_of(form: &ApplicationForm) -> FieldErrors {
    form.validate().err().unwrap_or_default()
}

#[test]
fn a_complete_form_is_valid() {
    assert_eq!(valid_form().validate(), Ok(()));
}

#[test]
fn an_empty_form_reports_every_required_field_and_nothing_else() {
    let errors = errors_of(&ApplicationForm::default());
    for &field in Field::ALL {
        assert_eq!(!errors.field(field).is_empty(), field.is_required(), "{field:?}: {:?}", errors.field(field));
    }
    assert_eq!(errors.field(Field::Operator), ["Operatör seçiniz."]);
    assert_eq!(errors.field(Field::Department), ["Çalıştığı Birim zorunludur."]);
}

#[test]
fn normalisation_stores_canonical_values() {
    let form = valid_form().normalized().unwrap();
    assert_eq!(form.first_name, "AYŞE NUR");
    assert_eq!(form.last_name, "IŞIK");
    assert_eq!(form.mobile_phone, "+905321234567");
    assert_eq!(form.work_phone, "+903721234567");
    assert_eq!(form.province, "67");
    let lower_case_district = ApplicationForm { district: "alaplı".into(), ..valid_form() };
    assert_eq!(lower_case_district.normalized().unwrap().district, "ALAPLI");
}

#[test]
fn postal_code_rules() {
    let with_code = |code: &str| ApplicationForm { postal_code: code.into(), ..valid_form() };
    let message = |code: &str| with_code(code).check(Field::PostalCode);
    assert_eq!(message("6785"), Some("Posta kodu 5 haneli bir sayı olmalıdır.".into()));
    assert_eq!(message("6785a"), Some("Posta kodu 5 haneli bir sayı olmalıdır.".into()));
    assert_eq!(
        message("06100"),
        Some("Posta kodunun ilk iki hanesi Zonguldak ilinin plaka kodu (67) olmalıdır.".into())
    );
    assert_eq!(message("67999"), Some("67999 PTT posta kodu listesinde bulunmuyor.".into()));
    let wrong_district = message("67100").unwrap();
    assert!(wrong_district.starts_with("67100 posta kodu Alaplı ilçesine ait değil."), "{wrong_district}");
    assert!(wrong_district.contains("67850"), "suggests valid codes: {wrong_district}");
    assert_eq!(message(" 67850 "), None);
}

#[test]
fn district_must_belong_to_the_province() {
    let form = ApplicationForm { district: "ÇANKAYA".into(), ..valid_form() };
    assert_eq!(form.check(Field::District), Some("Seçilen ilçe Zonguldak iline ait değil.".into()));
    let no_province = ApplicationForm { province: String::new(), ..valid_form() };
    assert_eq!(no_province.check(Field::Province), Some("İl seçiniz.".into()));
    assert_eq!(no_province.check(Field::District), None, "the il's error is enough");
}

#[test]
fn phones_names_and_words() {
    let form = ApplicationForm { mobile_phone: "0312 123 45 67".into(), ..valid_form() };
    assert_eq!(form.check(Field::MobilePhone), Some("Cep telefonu 5 ile başlamalıdır (ör. 0532 123 45 67).".into()));
    let form = ApplicationForm { extension: "12a".into(), ..valid_form() };
    assert_eq!(form.check(Field::Extension), Some("Dahili yalnızca rakamlardan oluşmalıdır.".into()));
    let form = ApplicationForm { first_name: "Ayşe2".into(), ..valid_form() };
    assert_eq!(form.check(Field::FirstName), Some("Ad yalnızca harf içerebilir.".into()));
    let form = ApplicationForm { security_word_repeat: "kirmizi elma".into(), ..valid_form() };
    assert_eq!(form.check(Field::SecurityWordRepeat), Some("Güvenlik sözcükleri aynı değil.".into()));
    let form = ApplicationForm { security_word: "abc".into(), security_word_repeat: "abc".into(), ..valid_form() };
    assert!(form.check(Field::SecurityWord).unwrap().contains("en az 4"));
    let form = ApplicationForm { national_id: "12345678951".into(), ..valid_form() };
    assert_eq!(form.check(Field::NationalId), Some("T.C. Kimlik No geçersiz; lütfen kontrol ediniz.".into()));
}

#[test]
fn the_operator_is_not_cross_checked_against_the_prefix() {
    // 0532 was Turkcell's prefix, but the number may have been ported to another operator.
    for &operator in Operator::ALL {
        let form = ApplicationForm { operator: Some(operator), ..valid_form() };
        assert_eq!(form.validate(), Ok(()));
    }
}

#[test]
fn the_security_word_never_appears_in_debug_or_canonical_text() {
    let form = valid_form();
    assert!(!format!("{form:?}").contains("elma"));
    assert!(!form.normalized().unwrap().canonical_text().contains("elma"));
}

#[test]
fn canonical_text_lists_the_fields_with_labels() {
    let text = valid_form().normalized().unwrap().canonical_text();
    assert!(text.starts_with("Başvuru Nedeni: Yenileme\nSertifika Süresi: 3 Yıl\n"), "{text}");
    assert!(text.contains("\nAd: AYŞE NUR\n") && text.contains("\nİl: Zonguldak\nİlçe: Alaplı\nPosta Kodu: 67850\n"));
}

#[test]
fn a_draft_with_mistakes_round_trips_through_json() {
    let draft = ApplicationForm { postal_code: "6785x".into(), operator: None, ..valid_form() };
    let json = serde_json::to_string(&draft).unwrap();
    assert_eq!(serde_json::from_str::<ApplicationForm>(&json).unwrap(), draft);
    // A body without the form's keys, or with others, is not a form: it must not replace a draft.
    assert!(serde_json::from_str::<ApplicationForm>("{}").is_err());
    let mut extra: serde_json::Value = serde_json::to_value(&draft).unwrap();
    extra["surprise"] = serde_json::json!(1);
    assert!(serde_json::from_value::<ApplicationForm>(extra).is_err());
}

#[test]
fn field_errors_serialise_keyed_by_field() {
    let errors = errors_of(&ApplicationForm { email: "ayşe@x".into(), ..valid_form() });
    let json = serde_json::to_value(&errors).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"email": ["E-posta adresinde Türkçe karakter (ç, ğ, ı, ö, ş, ü) ve boşluk kullanılamaz."]})
    );
}

/// Every (il, ilçe, posta kodu) of the PTT table.
fn ptt_rows() -> Vec<(String, &'static str, String)> {
    geo::provinces()
        .iter()
        .flat_map(|p| {
            p.districts().iter().flat_map(move |d| d.postal_codes().map(move |c| (p.plate_code(), d.name, c)))
        })
        .collect()
}

#[test]
fn every_ptt_code_validates_with_its_own_district() {
    let rows = ptt_rows();
    assert_eq!(rows.len(), 2771);
    for (plate, district, code) in rows {
        let form =
            ApplicationForm { province: plate, district: district.into(), postal_code: code.clone(), ..valid_form() };
        assert_eq!(form.check(Field::PostalCode), None, "{code} {district}");
        assert_eq!(form.check(Field::District), None);
    }
}

proptest! {
    #[test]
    fn every_ptt_code_fails_with_any_other_province(row in 0usize..2771, other in 1u8..=81) {
        let (plate, district, code) = ptt_rows().swap_remove(row);
        prop_assume!(format!("{other:02}") != plate);
        let form = ApplicationForm { province: format!("{other:02}"), district: district.into(), postal_code: code, ..valid_form() };
        prop_assert!(form.check(Field::PostalCode).is_some());
        prop_assert!(form.validate().is_err());
    }

    #[test]
    fn every_ptt_code_fails_with_another_district_of_its_province(row in 0usize..2771, pick in any::<prop::sample::Index>()) {
        let (plate, district, code) = ptt_rows().swap_remove(row);
        let others: Vec<_> = geo::districts_of(plate.parse().unwrap()).iter().filter(|d| d.name != district).collect();
        prop_assume!(!others.is_empty());
        let other = others[pick.index(others.len())];
        let form = ApplicationForm { province: plate, district: other.name.into(), postal_code: code, ..valid_form() };
        prop_assert!(form.check(Field::PostalCode).is_some());
    }

    #[test]
    fn validation_never_panics_on_arbitrary_input(
        national_id in ".{0,20}", name in ".{0,60}", phone in ".{0,25}", postal in ".{0,8}", province in ".{0,3}", district in ".{0,30}"
    ) {
        let form = ApplicationForm {
            national_id, first_name: name.clone(), last_name: name, mobile_phone: phone.clone(), work_phone: phone,
            postal_code: postal, province, district, ..valid_form()
        };
        if form.validate().is_ok() {
            prop_assert!(form.normalized().is_ok());
        }
    }
}
