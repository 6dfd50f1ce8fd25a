//! Assembling a CAdES-BES SignedData around a signature made elsewhere (the card). Owned by the "Bridge" issue.
