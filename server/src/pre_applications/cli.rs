//! `nes-server pre-application add|import`: runs against the same database as the server.

use anyhow::{Context, bail};

use nes_core::pre_application::csv_file;

use super::{PreApplication, RawPreApplication, insert_all};
use crate::cli::{PreApplicationArgs, PreApplicationCommand, ServeArgs};
use crate::messaging::{self, mail_queue::Delivery};
use crate::{clock, db};

pub async fn run(command: PreApplicationCommand, args: &ServeArgs) -> anyhow::Result<()> {
    let items = match &command {
        PreApplicationCommand::Import { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("{} okunamadı (UTF-8 olmalı)", file.display()))?;
            match csv_file::parse(&text, clock::today()) {
                Ok(rows) => rows,
                Err(errors) => {
                    for error in &errors {
                        eprintln!("{}: {error}", file.display());
                    }
                    bail!("{} hatalı satır; dosyadan hiçbir kayıt alınmadı", errors.len());
                }
            }
        }
        PreApplicationCommand::Add(add) => vec![from_args(add)?],
    };
    let db = db::connect(&args.database_url).await?;
    let writes = db::writes(&args.database_url, &db).await?;
    let mailer = messaging::mailer(args, &writes)?;
    let origin = args.public_origin.clone().unwrap_or_else(|| format!("http://{}", args.listen));
    let origin = origin.trim_end_matches('/');
    let created = insert_all(&db, "cli", origin, items).await?;
    for item in &created {
        let p = &item.pre_application;
        println!("{} {} {} {}", item.no, p.national_id.masked(), p.first_name, p.last_name);
    }
    println!("{} ön başvuru kaydedildi.", created.len());
    // One delivery pass now; what the mail server does not take stays queued for the server.
    let delivery = Delivery::new(writes, mailer, None, &args.windows, origin);
    let pass = delivery.deliver_due().await?;
    if pass.failed > 0 {
        println!("{} e-posta gönderilemedi; sunucu sırada bekleyenleri yeniden deneyecek.", pass.failed);
    }
    db.close().await;
    Ok(())
}

fn from_args(args: &PreApplicationArgs) -> anyhow::Result<PreApplication> {
    let raw = RawPreApplication {
        national_id: &args.national_id,
        first_name: &args.first_name,
        last_name: &args.last_name,
        birth_date: &args.birth_date,
        email: &args.email,
        institution: &args.institution,
        department: &args.department,
        reason: &args.reason,
    };
    PreApplication::parse(&raw, clock::today()).map_err(anyhow::Error::msg)
}
