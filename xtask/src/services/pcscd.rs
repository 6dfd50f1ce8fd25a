//! pcscd with the vsmartcard virtual reader (vpcd). Owned by the "Bridge" issue.
