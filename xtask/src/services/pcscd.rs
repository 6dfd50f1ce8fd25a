//! pcscd with the vsmartcard virtual reader (vpcd). Owned by the "Bridge" issue.

use std::path::Path;

use anyhow::{Result, bail};

use super::Service;

/// Placeholder until the owning issue fills it in.
pub fn start(_workspace: &Path) -> Result<Service> {
    bail!("pcscd service not implemented yet")
}
