//! One-time codes that confirm a form: 6 digits, stored as a keyed hash, valid `sms_code_ttl`
//! seconds, 3 wrong tries invalidate it, a resend after `sms_resend_after` seconds, at most
//! `sms_max_per_hour` sends per application, channel and hour. Sent by SMS to the form's cep
//! telefonu ([`Channel::Sms`]) or by e-mail to the address on record ([`Channel::Email`]).

use nes_core::MobilePhone;
use nes_core::api::{ApplicationDetail, ErrorCode};
use nes_core::codes;

use super::record::{self, ApplicationRecord};
use crate::auth::Session;
use crate::code_ledger::{self, HOUR, Issued, MAX_ATTEMPTS, Owner, Spent, Table};
use crate::error::{Error, Result};
use crate::messaging::Email;
use crate::secrets::{random_digits, same};
use crate::{AppState, audit, clock};

/// Where a code goes, and what it confirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// To the cep telefonu typed in the form: confirms that number.
    Sms,
    /// To the e-posta of the ön başvuru, which the institution recorded and the person cannot
    /// change: confirms that the person on record approves this form.
    Email,
}

impl Channel {
    fn key(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }

    /// The column set when a code of this channel is verified.
    fn verified_column(self) -> &'static str {
        match self {
            Channel::Sms => "sms_verified_at",
            Channel::Email => "email_confirmed_at",
        }
    }
}

/// A code that went out: to whom (masked), until when.
pub struct Sent {
    pub masked_to: String,
    pub expires_at: i64,
}

/// Sends a new code on `channel`, retiring earlier ones of that channel.
pub async fn send(state: &AppState, session: &Session, record: &ApplicationRecord, channel: Channel) -> Result<Sent> {
    record.ensure_form_open()?;
    let destination = destination(state, record, channel).await?;
    let windows = &state.config.windows;
    let now = clock::now();
    let code = random_digits(codes::SMS_CODE_DIGITS);
    let expires_at = now + windows.sms_code_ttl;
    let mut tx = state.db.begin().await?;
    code_ledger::take_turn(&mut tx, Owner::Application(record.id)).await?;
    let recent: Vec<i64> = sqlx::query_scalar(
        "SELECT sent_at FROM sms_codes WHERE application_id = $1 AND channel = $2 AND sent_at > $3 ORDER BY sent_at",
    )
    .bind(record.id)
    .bind(channel.key())
    .bind(now - HOUR)
    .fetch_all(&mut *tx)
    .await?;
    code_ledger::throttle(&recent, now, windows)?;
    // Only the newest code counts: a resend retires the earlier ones.
    sqlx::query("UPDATE sms_codes SET used_at = $1 WHERE application_id = $2 AND channel = $3 AND used_at IS NULL")
        .bind(now)
        .bind(record.id)
        .bind(channel.key())
        .execute(&mut *tx)
        .await?;
    let code_id: i64 = sqlx::query_scalar(
        "INSERT INTO sms_codes (application_id, code_hash, sent_at, expires_at, attempts_left, channel) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(record.id)
    .bind(state.keys.code_hash(&purpose(record, channel), &code))
    .bind(now)
    .bind(expires_at)
    .bind(MAX_ATTEMPTS)
    .bind(channel.key())
    .fetch_one(&mut *tx)
    .await?;
    let action = format!("{}_sent", channel.key());
    audit::record(&mut tx, &session.national_id.masked(), &action, &record.no, &destination.masked).await?;
    tx.commit().await?;

    let minutes = (windows.sms_code_ttl + 59) / 60;
    let body = format!(
        "NES başvurunuz {} için onay kodunuz: {code}. Kod {minutes} dakika geçerlidir; kimseyle paylaşmayınız.",
        record.no
    );
    let delivered = match channel {
        Channel::Sms => state.sms.send(&destination.address, &body).await,
        Channel::Email => {
            let email =
                Email { to: &destination.address, subject: "NES başvurusu onay kodu", body: &body, message_id: None };
            state.mail.send(&email).await
        }
    };
    if let Err(error) = delivered {
        tracing::warn!(application = %record.no, channel = channel.key(), "code not delivered: {error:#}");
        // A code that never left counts neither for the resend wait nor for the hourly quota.
        sqlx::query("DELETE FROM sms_codes WHERE id = $1").bind(code_id).execute(&state.db).await?;
        let what = if channel == Channel::Sms { "SMS" } else { "E-posta" };
        return Err(Error::Unavailable(format!("{what} gönderilemedi. Lütfen biraz sonra tekrar deneyiniz.")));
    }
    Ok(Sent { masked_to: destination.masked, expires_at })
}

/// The handler of `…/sms/verify` and `…/email-code/verify`: checks the code, answers the detail.
pub async fn verify_handler(
    state: &AppState,
    session: &Session,
    no: &str,
    channel: Channel,
    typed: &str,
) -> Result<ApplicationDetail> {
    let record = record::load_owned(&state.db, session.person_id, no).await?;
    verify(state, session, &record, channel, typed).await?;
    record::reload_detail(&state.db, session.person_id, no).await
}

/// Checks a typed code of `channel`; on success marks the form confirmed on that channel.
async fn verify(
    state: &AppState,
    session: &Session,
    record: &ApplicationRecord,
    channel: Channel,
    typed: &str,
) -> Result<()> {
    let code = codes::parse_sms_code(typed).map_err(|message| Error::on_field("code", message))?;
    record.ensure_form_open()?;
    let masked = session.national_id.masked();
    let latest: Option<Issued> = sqlx::query_as(
        "SELECT id, code_hash, expires_at, attempts_left, used_at FROM sms_codes \
         WHERE application_id = $1 AND channel = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(record.id)
    .bind(channel.key())
    .fetch_optional(&state.db)
    .await?;
    let now = clock::now();
    let issued = latest.ok_or(Error::CodeNotRequested)?;
    issued.check_open(now)?;

    let mut tx = state.db.begin().await?;
    let right = same(&issued.code_hash, &state.keys.code_hash(&purpose(record, channel), &code));
    if let Spent::Wrong { attempts_left } = code_ledger::spend(&mut tx, Table::SmsCodes, &issued, right, now).await? {
        let action = format!("{}_code_wrong", channel.key());
        audit::record(&mut tx, &masked, &action, &record.no, &format!("attempts_left={attempts_left}")).await?;
        tx.commit().await?;
        return Err(Spent::refusal(attempts_left));
    }
    let column = channel.verified_column();
    sqlx::query(&format!("UPDATE applications SET {column} = $1, updated_at = $1 WHERE id = $2"))
        .bind(now)
        .bind(record.id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, &masked, &format!("{}_verified", channel.key()), &record.no, "").await?;
    tx.commit().await?;
    Ok(())
}

/// Binds a code to its application and channel, so a code can never confirm anything else.
fn purpose(record: &ApplicationRecord, channel: Channel) -> String {
    format!("{}:{}", channel.key(), record.id)
}

struct Destination {
    address: String,
    masked: String,
}

async fn destination(state: &AppState, record: &ApplicationRecord, channel: Channel) -> Result<Destination> {
    let form = record.form().filter(|_| record.form_completed_at.is_some());
    let incomplete = || Error::conflict(ErrorCode::FormIncomplete, "Önce başvuru formunu eksiksiz doldurunuz.");
    match channel {
        Channel::Sms => {
            let phone = form.and_then(|form| MobilePhone::parse(&form.mobile_phone).ok()).ok_or_else(incomplete)?;
            Ok(Destination { address: phone.e164().to_string(), masked: phone.masked() })
        }
        Channel::Email => {
            form.ok_or_else(incomplete)?;
            let email = record::email_on_record(&state.db, record.person_id).await?;
            Ok(Destination { masked: mask_email(&email), address: email })
        }
    }
}

/// `a***@kurum.gov.tr`: enough to recognise one's own address, not to learn someone else's.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn e_mail_addresses_are_masked() {
        assert_eq!(super::mask_email("ayse.yilmaz@kurum.gov.tr"), "a***@kurum.gov.tr");
        assert_eq!(super::mask_email("bozuk"), "***");
    }
}
