//! Who may read a stored signature: the person who signed it, and — in a card session — anyone
//! holding a role in the institution it belongs to. Everyone else gets 404, as for a signature that
//! does not exist, so ids reveal nothing.

use super::store::{self, Stored};
use crate::AppState;
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::officers::grants;

pub async fn load_visible(state: &AppState, session: &Session, id: i64) -> Result<Stored> {
    let mut conn = state.db.acquire().await?;
    let stored = store::load(&mut conn, id).await?.ok_or(Error::NotFound)?;
    // Given back before the roles are read: two connections held at once by many officers could
    // take the whole pool.
    drop(conn);
    if stored.person_id == session.person_id {
        return Ok(stored);
    }
    // T.C. Kimlik No, ad, soyad and doğum tarihi never open a role: only the card does.
    let Some(institution_id) = stored.institution_id.filter(|_| session.is_eimza()) else {
        return Err(Error::NotFound);
    };
    let roles = grants::held_by(&state.db, &session.national_id).await?;
    if roles.iter().any(|held| held.institution_id == institution_id) { Ok(stored) } else { Err(Error::NotFound) }
}
