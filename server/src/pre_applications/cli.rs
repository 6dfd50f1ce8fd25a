//! `nes-server pre-application add|import`: runs against the same database as the server.

use anyhow::{Context, bail};

use nes_core::pre_application::csv_file;

use super::{PreApplication, RawPreApplication, insert_all, notify};
use crate::cli::{PreApplicationArgs, PreApplicationCommand, ServeArgs};
use crate::{clock, db, messaging};

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
    let mailer = messaging::mailer(args, &db)?;
    let created = insert_all(&db, "cli", items).await?;
    let origin = args.public_origin.clone().unwrap_or_else(|| format!("http://{}", args.listen));
    notify(mailer.as_ref(), origin.trim_end_matches('/'), &created).await?;
    for item in &created {
        let p = &item.pre_application;
        println!("{} {} {} {}", item.no, p.national_id.masked(), p.first_name, p.last_name);
    }
    println!("{} ön başvuru kaydedildi.", created.len());
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
