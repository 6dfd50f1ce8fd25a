//! Verifying a CAdES-BES SignedData. Owned by the "Server" issue.
