//! The `officer_roles` table: who holds which role in which institution. Used by the console
//! (`roles.rs`), the command line (`cli.rs`) and every request of an officer (`officer.rs`).

use nes_core::NationalId;
use nes_core::institution::{Role, RoleGrant};
use sqlx::AnyConnection;

use crate::db::Db;
use crate::{audit, clock, institutions};

/// One role a person holds now.
#[derive(Debug, Clone)]
pub struct Held {
    pub id: i64,
    pub institution_id: i64,
    pub institution: String,
    pub role: Role,
    /// Empty unless the role is held per birim.
    pub department: String,
}

/// The roles `national_id` holds now, by institution.
pub async fn held_by(db: &Db, national_id: &NationalId) -> sqlx::Result<Vec<Held>> {
    let rows: Vec<(i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT r.id, r.institution_id, i.name, r.role, r.department FROM officer_roles r \
         JOIN institutions i ON i.id = r.institution_id WHERE r.national_id = $1 AND r.revoked_at IS NULL \
         ORDER BY i.name, r.role, r.department",
    )
    .bind(national_id.as_str())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        // A role name this build does not know (written by a newer server) grants nothing.
        .filter_map(|(id, institution_id, institution, role, department)| {
            Some(Held { id, institution_id, institution, role: Role::from_key(&role)?, department })
        })
        .collect())
}

/// Grants `grant` in one transaction with its audit entry: the institution is created if it is
/// new, the person if they have no record yet (an officer may never have applied; their own ön
/// başvuru data, if any, is kept). Granting a role already held changes nothing.
/// Returns the role's id and whether it is new.
pub async fn grant(conn: &mut AnyConnection, grant: &RoleGrant, actor: &str) -> sqlx::Result<(i64, bool)> {
    let now = clock::now();
    let (institution_id, _) = institutions::ensure(conn, &grant.institution).await?;
    // birth_date stays empty: it is only ever compared by the identity login, which an officer
    // without an ön başvuru cannot use anyway.
    sqlx::query(
        "INSERT INTO persons (national_id, first_name, last_name, birth_date, email, created_at) \
         VALUES ($1, $2, $3, '', $4, $5) ON CONFLICT (national_id) DO NOTHING",
    )
    .bind(grant.national_id.as_str())
    .bind(&grant.first_name)
    .bind(&grant.last_name)
    .bind(&grant.email)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO officer_roles (institution_id, national_id, role, department, granted_by, granted_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (institution_id, national_id, role, department) WHERE revoked_at IS NULL DO NOTHING RETURNING id",
    )
    .bind(institution_id)
    .bind(grant.national_id.as_str())
    .bind(grant.role.key())
    .bind(&grant.department)
    .bind(actor)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = inserted {
        audit::record(conn, actor, "role_granted", &grant.national_id.masked(), &describe(grant)).await?;
        return Ok((id, true));
    }
    let held = find(conn, &grant.institution, &grant.national_id, grant.role, &grant.department).await?;
    // ON CONFLICT matched a role held now, in this transaction's view.
    Ok((held.expect("the conflicting role is held"), false))
}

/// The id of a role held now.
pub async fn find(
    conn: &mut AnyConnection,
    institution: &str,
    national_id: &NationalId,
    role: Role,
    department: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT r.id FROM officer_roles r JOIN institutions i ON i.id = r.institution_id WHERE i.name = $1 \
         AND r.national_id = $2 AND r.role = $3 AND r.department = $4 AND r.revoked_at IS NULL",
    )
    .bind(institution)
    .bind(national_id.as_str())
    .bind(role.key())
    .bind(department)
    .fetch_optional(conn)
    .await
}

/// Why a role was not revoked.
#[derive(Debug, PartialEq, Eq)]
pub enum NotRevoked {
    /// No such role held now.
    NotHeld,
    /// It is the institution's last e-imza yetkilisi: nobody could grant roles there any more.
    LastSignatureOfficer,
}

/// Revokes role `id`. `within`: the institutions a console officer manages — a role elsewhere is
/// `NotHeld` for them, and the institution's last e-imza
/// yetkilisi stays; `None` for the command line, which may revoke any role (to hand an
/// institution over).
pub async fn revoke(
    conn: &mut AnyConnection,
    id: i64,
    actor: &str,
    within: Option<&[i64]>,
) -> sqlx::Result<Result<(), NotRevoked>> {
    // Written before it is read: SQLite's write lock is taken (waiting its turn) before the read,
    // which a transaction that reads first could not upgrade beside another writer. No change.
    sqlx::query("UPDATE officer_roles SET revoked_at = revoked_at WHERE id = $1").bind(id).execute(&mut *conn).await?;
    let row: Option<(i64, String, String, String)> = sqlx::query_as(
        "SELECT institution_id, national_id, role, department FROM officer_roles WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let row = row.filter(|(institution_id, ..)| within.is_none_or(|ids| ids.contains(institution_id)));
    let Some((institution_id, national_id, role, department)) = row else { return Ok(Err(NotRevoked::NotHeld)) };
    if within.is_some() && role == Role::SignatureOfficer.key() {
        // Two officers revoking each other at once must not both succeed: the first takes the
        // institution's row lock (PostgreSQL; SQLite has one writer anyway), the second then
        // counts after the first has committed.
        sqlx::query("UPDATE institutions SET created_at = created_at WHERE id = $1")
            .bind(institution_id)
            .execute(&mut *conn)
            .await?;
        let others: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM officer_roles WHERE institution_id = $1 AND role = $2 AND revoked_at IS NULL \
             AND id <> $3",
        )
        .bind(institution_id)
        .bind(&role)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        if others == 0 {
            return Ok(Err(NotRevoked::LastSignatureOfficer));
        }
    }
    let revoked = sqlx::query("UPDATE officer_roles SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(clock::now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if revoked.rows_affected() != 1 {
        return Ok(Err(NotRevoked::NotHeld));
    }
    let masked = NationalId::parse(&national_id).map(|id| id.masked()).unwrap_or_default();
    audit::record(conn, actor, "role_revoked", &masked, &format!("{role} {department}")).await?;
    Ok(Ok(()))
}

/// A role as the console lists it.
pub struct Listed {
    pub id: i64,
    pub institution: String,
    pub role: Role,
    pub department: String,
    pub national_id: String,
    pub first_name: String,
    pub last_name: String,
    pub granted_by: String,
    pub granted_at: i64,
}

type ListedRow = (i64, String, String, String, String, String, String, String, i64);

/// Every role held now in the institutions `institution_ids`, by institution, role and name.
pub async fn in_institutions(db: &Db, institution_ids: &[i64]) -> sqlx::Result<Vec<Listed>> {
    let mut listed = Vec::new();
    for institution_id in institution_ids {
        let rows: Vec<ListedRow> = sqlx::query_as(
            "SELECT r.id, i.name, r.role, r.department, r.national_id, p.first_name, p.last_name, r.granted_by, \
             r.granted_at FROM officer_roles r JOIN institutions i ON i.id = r.institution_id \
             JOIN persons p ON p.national_id = r.national_id \
             WHERE r.institution_id = $1 AND r.revoked_at IS NULL ORDER BY r.role, p.last_name, p.first_name, r.id",
        )
        .bind(institution_id)
        .fetch_all(db)
        .await?;
        listed.extend(rows.into_iter().filter_map(
            |(id, institution, role, department, national_id, first_name, last_name, granted_by, granted_at)| {
                Some(Listed {
                    id,
                    institution,
                    role: Role::from_key(&role)?,
                    department,
                    national_id,
                    first_name,
                    last_name,
                    granted_by,
                    granted_at,
                })
            },
        ));
    }
    Ok(listed)
}

fn describe(grant: &RoleGrant) -> String {
    format!("{} {} {}", grant.institution, grant.role.key(), grant.department)
}
