//! A private PostgreSQL cluster. Owned by the "Server" issue.

use std::path::Path;

use anyhow::{Result, bail};

use super::Service;

/// Placeholder until the owning issue fills it in.
pub fn start(_workspace: &Path) -> Result<Service> {
    bail!("postgres service not implemented yet")
}
