//! A server that trusts a test CA, and officers granted roles on it who log in with their cards.

use reqwest::StatusCode;

use super::{Api, Backend, Database, Person, Server, pki};

/// A server that trusts `ca`, and a way to give people certificates of it.
pub struct Setup {
    _database: Database,
    ca: pki::Ca,
    pub server: Server,
}

impl Setup {
    pub async fn new(backend: Backend) -> Option<Setup> {
        Self::with_flags(backend, &[]).await
    }

    /// The same with more flags for the server (say, an e-Devlet provider's).
    pub async fn with_flags(backend: Backend, flags: &[String]) -> Option<Setup> {
        let database = Database::create(backend).await?;
        let ca = pki::Ca::new(database.dir.path(), "NES Test CA");
        let mut args = vec!["--trust-anchors", ca.anchors.to_str().unwrap()];
        args.extend(flags.iter().map(String::as_str));
        let server = Server::start(&database, &args);
        Some(Setup { _database: database, ca, server })
    }

    /// `nes-server officer grant …` for `person`.
    pub fn grant(&self, person: &Person, institution: &str, role: &str, department: Option<&str>) {
        grant(&self.server, person, institution, role, department);
    }

    /// `person`'s card: a certificate of the test CA for their T.C. Kimlik No.
    pub fn card(&self, person: &Person) -> pki::Holder {
        self.ca.issue(&person.national_id, &person.national_id, pki::Issue::default())
    }

    /// Another certificate of the test CA for `national_id`, kept as `file`.
    pub fn certificate(&self, file: &str, national_id: &str, issue: pki::Issue) -> pki::Holder {
        self.ca.issue(file, national_id, issue)
    }

    /// The test CA's own certificate (PEM).
    pub fn ca_certificate(&self) -> std::path::PathBuf {
        self.ca.anchors.join("ca.pem")
    }

    /// A client logged in with `person`'s card.
    pub async fn card_session(&self, person: &Person) -> Api {
        let holder = self.card(person);
        let mut api = self.server.client();
        let (status, me) = api.login_with_card(&holder, &self.server.url).await;
        assert_eq!(status, StatusCode::OK, "{me}");
        api
    }
}

/// `nes-server officer grant …` for `person` on `server`.
pub fn grant(server: &Server, person: &Person, institution: &str, role: &str, department: Option<&str>) {
    let email = officer_email(person);
    let mut args = vec![
        "officer",
        "grant",
        "--institution",
        institution,
        "--role",
        role,
        "--national-id",
        &person.national_id,
        "--first-name",
        &person.first_name,
        "--last-name",
        &person.last_name,
        "--email",
        &email,
    ];
    if let Some(department) = department {
        args.extend(["--department", department]);
    }
    let (ok, stdout, stderr) = server.cli(&args);
    assert!(ok && stdout.contains("rol verildi"), "{stdout}\n{stderr}");
}

/// The e-posta an officer is granted with: their T.C. Kimlik No at example.gov.tr.
pub fn officer_email(person: &Person) -> String {
    format!("{}@example.gov.tr", person.national_id)
}
