//! The closed choices of the form, with their Turkish labels (docs/form.md).

use crate::choice;

choice! {
    /// Başvuru nedeni.
    pub enum ApplicationReason {
        First = "first" => "İlk Başvuru",
        Renewal = "renewal" => "Yenileme",
        LostStolen = "lost_stolen" => "Kayıp/Çalıntı",
        Other = "other" => "Diğer",
    }
}

impl ApplicationReason {
    /// What the choice means, shown under the select.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::First => "Daha önce nitelikli elektronik sertifikanız yoksa ilk sertifikanız için başvuru yapılır.",
            Self::Renewal => {
                "Mevcut sertifikanızın bitiş tarihi, yeni sertifikanızın başlangıç tarihi olacak şekilde yeni başvuru yapılır."
            }
            Self::LostStolen => "Geçerli olan sertifikanız iptal edilerek yeni sertifika başvurusu yapılır.",
            Self::Other => "Mevcut sertifikanıza ek olarak yeni bir sertifika başvurusu yapılır.",
        }
    }

    /// The code used in ön başvuru CSV files: `ilk|yenileme|kayip_calinti|diger`.
    pub fn csv_code(self) -> &'static str {
        match self {
            Self::First => "ilk",
            Self::Renewal => "yenileme",
            Self::LostStolen => "kayip_calinti",
            Self::Other => "diger",
        }
    }

    /// The reason whose CSV code is `code`.
    pub fn from_csv_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|reason| reason.csv_code() == code.trim())
    }
}

choice! {
    /// Sertifika süresi.
    pub enum CertificateValidity {
        OneYear = "1" => "1 Yıl",
        TwoYears = "2" => "2 Yıl",
        ThreeYears = "3" => "3 Yıl",
    }
}

choice! {
    /// Kart okuyucu.
    pub enum CardReader {
        NotRequested = "not_requested" => "İstenmedi",
        Mini = "mini" => "Mini Kart Okuyucu",
        Standard = "standard" => "Standart Kart Okuyucu",
    }
}

choice! {
    /// Mobil operatör: chosen by the person, never derived from the number (numbers are portable).
    pub enum Operator {
        Turkcell = "turkcell" => "Turkcell",
        Vodafone = "vodafone" => "Vodafone",
        TurkTelekom = "turk_telekom" => "Türk Telekom",
    }
}

choice! {
    /// Bilgi kanalı: how the person is told when the certificate is produced.
    pub enum NotificationChannel {
        Email = "email" => "E-posta",
        Sms = "sms" => "SMS",
        Both = "both" => "Her ikisi (E-posta + SMS)",
    }
}

choice! {
    /// Teslimat yöntemi.
    pub enum DeliveryMethod {
        Courier = "courier" => "Kurye ile adrese teslim",
        InPerson = "in_person" => "Kurumda elden teslim",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for reason in ApplicationReason::ALL {
            let json = serde_json::to_string(reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.key()));
            assert_eq!(serde_json::from_str::<ApplicationReason>(&json).unwrap(), *reason);
        }
        assert_eq!(serde_json::to_string(&CertificateValidity::ThreeYears).unwrap(), "\"3\"");
        assert_eq!(Operator::from_key("turk_telekom"), Some(Operator::TurkTelekom));
        assert_eq!(Operator::from_key("avea"), None);
    }

    #[test]
    fn csv_codes_map_to_reasons() {
        assert_eq!(ApplicationReason::from_csv_code("kayip_calinti"), Some(ApplicationReason::LostStolen));
        assert_eq!(ApplicationReason::from_csv_code("yeni"), None);
    }
}
