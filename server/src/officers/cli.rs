//! `nes-server officer grant|revoke|list`: the first e-imza yetkilisi of an institution is granted
//! here, on the server's machine; from then on roles are managed in the console. Runs against
//! the same database as the server.

use anyhow::{Context, bail};
use nes_core::NationalId;
use nes_core::api::RoleGrantRequest;

use super::grants::{self, NotRevoked};
use crate::cli::{OfficerCommand, RoleArgs, ServeArgs};
use crate::db;

/// The audit log's actor for what the command line does.
const ACTOR: &str = "cli";

pub async fn run(command: OfficerCommand, args: &ServeArgs) -> anyhow::Result<()> {
    let db = db::connect(&args.database_url).await?;
    let result = match command {
        OfficerCommand::Grant(grant) => {
            let request = RoleGrantRequest {
                institution: grant.role.institution,
                national_id: grant.role.national_id,
                first_name: grant.first_name,
                last_name: grant.last_name,
                email: grant.email,
                role: grant.role.role,
                department: grant.role.department.unwrap_or_default(),
            };
            // Each problem named by its flag: the request's keys are the flags' names.
            let grant = request.validate().map_err(|errors| {
                let lines: Vec<String> = errors
                    .iter()
                    .flat_map(|(key, messages)| {
                        messages.iter().map(move |m| format!("--{}: {m}", key.replace('_', "-")))
                    })
                    .collect();
                anyhow::anyhow!(lines.join("\n"))
            })?;
            let mut tx = db.begin().await?;
            let (_, new) = grants::grant(&mut tx, &grant, ACTOR).await?;
            tx.commit().await?;
            let what = format!("{} {} {}", grant.national_id.masked(), grant.role.label(), grant.institution);
            println!("{what}: {}", if new { "rol verildi." } else { "bu rol zaten vardı." });
            Ok(())
        }
        OfficerCommand::Revoke(role) => revoke(&db, role).await,
        OfficerCommand::List { institution } => list(&db, institution.as_deref()).await,
    };
    db.close().await;
    result
}

async fn revoke(db: &db::Db, args: RoleArgs) -> anyhow::Result<()> {
    let national_id = NationalId::parse(&args.national_id).map_err(|e| anyhow::anyhow!("--national-id: {e}"))?;
    let department = if args.role.per_department() { args.department.unwrap_or_default() } else { String::new() };
    let mut tx = db.begin().await?;
    let id = grants::find(&mut tx, args.institution.trim(), &national_id, args.role, department.trim()).await?;
    let Some(id) = id else { bail!("{} için bu rol yok: {}", national_id.masked(), args.role.label()) };
    match grants::revoke(&mut tx, id, ACTOR, None).await? {
        Ok(()) => tx.commit().await.context("commit")?,
        Err(NotRevoked::NotHeld | NotRevoked::LastSignatureOfficer) => bail!("rol kaldırılamadı"),
    }
    println!("{} {} {}: rol kaldırıldı.", national_id.masked(), args.role.label(), args.institution.trim());
    Ok(())
}

async fn list(db: &db::Db, institution: Option<&str>) -> anyhow::Result<()> {
    let ids: Vec<i64> = match institution {
        Some(name) => {
            sqlx::query_scalar("SELECT id FROM institutions WHERE name = $1").bind(name.trim()).fetch_all(db).await?
        }
        None => sqlx::query_scalar("SELECT id FROM institutions ORDER BY name").fetch_all(db).await?,
    };
    let roles = grants::in_institutions(db, &ids).await?;
    for role in &roles {
        let masked = NationalId::parse(&role.national_id).map(|id| id.masked()).unwrap_or_default();
        let department = if role.department.is_empty() { String::new() } else { format!(" ({})", role.department) };
        println!(
            "{}\t{}{department}\t{masked}\t{} {}",
            role.institution,
            role.role.label(),
            role.first_name,
            role.last_name
        );
    }
    println!("{} rol.", roles.len());
    Ok(())
}
