//! A private PostgreSQL cluster. Owned by the "Server" issue.
