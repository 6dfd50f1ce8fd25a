//! E-posta addresses: the practical subset of RFC 5321 that mail providers accept.

use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("E-posta adresi zorunludur.")]
    Empty,
    #[error("E-posta adresi en fazla 254 karakter olabilir.")]
    TooLong,
    #[error("E-posta adresi ad@alanadi.com biçiminde olmalıdır.")]
    Shape,
    #[error("E-posta adresinde Türkçe karakter (ç, ğ, ı, ö, ş, ü) ve boşluk kullanılamaz.")]
    NonAscii,
}

/// Checks an address and returns it with the domain lower-cased (the local part is kept as typed:
/// it is case-sensitive in principle).
pub fn normalize_email(input: &str) -> Result<String, EmailError> {
    let address = input.trim();
    if address.is_empty() {
        return Err(EmailError::Empty);
    }
    if address.len() > 254 {
        return Err(EmailError::TooLong);
    }
    if !address.is_ascii() || address.contains(char::is_whitespace) {
        return Err(EmailError::NonAscii);
    }
    let (local, domain) = address.rsplit_once('@').ok_or(EmailError::Shape)?;
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    if !local_ok || !domain_ok {
        return Err(EmailError::Shape);
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        assert_eq!(normalize_email(" ayse.yilmaz@Example.EDU.tr ").unwrap(), "ayse.yilmaz@example.edu.tr");
        assert!(normalize_email("a+nes@meb.gov.tr").is_ok());
    }

    #[test]
    fn rejects_with_a_reason() {
        assert_eq!(normalize_email(""), Err(EmailError::Empty));
        assert_eq!(normalize_email("ayşe@meb.gov.tr"), Err(EmailError::NonAscii));
        assert_eq!(normalize_email("ayse yilmaz@meb.gov.tr"), Err(EmailError::NonAscii));
        for bad in ["ayse", "ayse@", "@meb.gov.tr", "ayse@meb", "ayse..y@meb.gov.tr", "ayse@-meb.gov.tr", "a@b.c1"] {
            assert_eq!(normalize_email(bad), Err(EmailError::Shape), "{bad}");
        }
        assert_eq!(normalize_email(&format!("{}@x.tr", "a".repeat(260))), Err(EmailError::TooLong));
    }
}
