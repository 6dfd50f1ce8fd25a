//! Revocation of a signer's chain against real answers: `openssl ocsp` as the responder, CRLs
//! made by `openssl ca -gencrl` served over HTTP, asked by `RevocationChecker` with the real HTTP
//! fetcher. Each case is accepted or refused as it should be, with the message the person reads.

mod common;

use std::sync::Arc;

use common::ocsp::{Authority, CrlServer, Endpoints, OCSP_VALIDITY_MINUTES, OcspResponder, Purpose, free_port};
use nes_server::evidence::revocation::{
    HttpFetcher, RevocationChecker, RevocationError, RevocationEvidence, RevocationPolicy, RevocationSource,
    RevocationStatus,
};
use time::OffsetDateTime;
use time::macros::{format_description, offset};
use x509_cert::Certificate;

const NATIONAL_ID: &str = "10000000146";
const UNDETERMINED: &str = "Sertifikanızın iptal durumu şu an doğrulanamıyor; lütfen biraz sonra tekrar deneyiniz.";

/// A CA with its CRL server and the port its holders name for OCSP (nothing listens there until
/// a test starts a responder).
struct World {
    dir: tempfile::TempDir,
    crls: CrlServer,
    ocsp_port: u16,
    ca: Authority,
}

impl World {
    async fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let crls = CrlServer::start().await;
        let ca = Authority::root(dir.path(), "ca", "Test ESHS");
        ca.responder("ocsp", Purpose::OcspSigning);
        World { dir, crls, ocsp_port: free_port(), ca }
    }

    fn both(&self) -> Endpoints {
        Endpoints { ocsp: Some(self.ocsp_port), crl: Some(self.crls.port) }
    }

    fn ocsp_only(&self) -> Endpoints {
        Endpoints { ocsp: Some(self.ocsp_port), crl: None }
    }

    fn crl_only(&self) -> Endpoints {
        Endpoints { ocsp: None, crl: Some(self.crls.port) }
    }

    fn responder(&self) -> OcspResponder {
        OcspResponder::start(&self.ca, &self.ca, "ocsp", self.ocsp_port)
    }

    fn chain(&self, holder: Certificate) -> Vec<Certificate> {
        vec![holder, self.ca.certificate.clone()]
    }
}

fn checker(policy: RevocationPolicy) -> RevocationChecker {
    RevocationChecker::new(policy, Arc::new(HttpFetcher::new().unwrap()))
}

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

async fn check(chain: &[Certificate], at: i64) -> Result<Vec<RevocationEvidence>, RevocationError> {
    checker(RevocationPolicy::default()).check(chain, at).await
}

fn good(evidence: &[RevocationEvidence]) -> &RevocationEvidence {
    let [one] = evidence else { panic!("one certificate asked about: {evidence:?}") };
    assert_eq!(one.status, RevocationStatus::Good);
    assert!(!one.response_der.is_empty());
    one
}

/// The detail of an Undetermined refusal, after checking its message.
fn undetermined(result: Result<Vec<RevocationEvidence>, RevocationError>) -> String {
    let error = result.expect_err("refused");
    assert!(matches!(error, RevocationError::Undetermined { .. }), "{error:?}");
    assert_eq!(error.to_string(), UNDETERMINED);
    error.detail()
}

/// The revocation time of a Revoked refusal, checked to be recent, and its message.
fn revoked(result: Result<Vec<RevocationEvidence>, RevocationError>) -> (i64, String) {
    let error = result.expect_err("refused");
    let RevocationError::Revoked { revoked_at, .. } = &error else { panic!("{error:?}") };
    assert!((now() - revoked_at).abs() < 300, "revoked just now: {revoked_at}");
    (*revoked_at, error.to_string())
}

fn istanbul(unix: i64) -> String {
    let format = format_description!("[day].[month].[year] [hour]:[minute]");
    OffsetDateTime::from_unix_timestamp(unix).unwrap().to_offset(offset!(+3)).format(&format).unwrap()
}

#[tokio::test]
async fn a_good_certificate_is_accepted_on_the_responders_word() {
    let world = World::new().await;
    let holder = world.ca.holder("alice", NATIONAL_ID, world.both());
    let _responder = world.responder();
    let at = now();
    let evidence = check(&world.chain(holder), at).await.unwrap();
    let evidence = good(&evidence);
    assert_eq!(evidence.source, RevocationSource::Ocsp { url: format!("http://127.0.0.1:{}/", world.ocsp_port) });
    assert_eq!(evidence.subject_cn, format!("TEST KISI {NATIONAL_ID}"));
    assert_eq!(evidence.certificate_serial, "1001", "after the responder's own 1000");
    assert_eq!(evidence.next_update, Some(evidence.this_update + OCSP_VALIDITY_MINUTES * 60));
    assert!(evidence.produced_at.is_some());
    assert_eq!(evidence.checked_at, at);
    assert!(!evidence.from_cache);
}

#[tokio::test]
async fn a_revoked_certificate_is_refused_with_its_date() {
    let world = World::new().await;
    let holder = world.ca.holder("alice", NATIONAL_ID, world.both());
    world.ca.revoke("alice");
    world.ca.publish_crl(&world.crls);
    let _responder = world.responder();
    let result = check(&world.chain(holder), now()).await;
    let error = result.as_ref().expect_err("refused");
    let RevocationError::Revoked { position: 0, answered_by: RevocationSource::Ocsp { .. }, .. } = error else {
        panic!("the responder's word: {error:?}")
    };
    let (revoked_at, message) = revoked(result);
    assert_eq!(message, format!("Sertifikanız {} tarihinde iptal edilmiş.", istanbul(revoked_at)));
}

#[tokio::test]
async fn a_certificate_the_responder_does_not_know_is_undetermined() {
    let world = World::new().await;
    let holder = world.ca.holder("alice", NATIONAL_ID, world.ocsp_only());
    world.ca.forget(NATIONAL_ID);
    let _responder = world.responder();
    let detail = undetermined(check(&world.chain(holder), now()).await);
    assert!(detail.contains("does not know the certificate") && detail.contains("no CRL"), "{detail}");
}

#[tokio::test]
async fn with_the_responder_down_the_crl_answers() {
    let world = World::new().await;
    let holder = world.ca.holder("alice", NATIONAL_ID, world.both());
    world.ca.publish_crl(&world.crls);
    let evidence = check(&world.chain(holder), now()).await.unwrap();
    let evidence = good(&evidence);
    assert_eq!(evidence.source, RevocationSource::Crl { url: format!("http://127.0.0.1:{}/ca.crl", world.crls.port) });
    assert_eq!(evidence.next_update, Some(evidence.this_update + 86_400));
    assert_eq!(evidence.produced_at, None);
}

#[tokio::test]
async fn with_the_responder_down_and_no_crl_it_is_undetermined() {
    let world = World::new().await;
    let holder = world.ca.holder("alice", NATIONAL_ID, world.ocsp_only());
    let detail = undetermined(check(&world.chain(holder), now()).await);
    assert!(detail.contains(&format!("OCSP http://127.0.0.1:{}/: unreachable", world.ocsp_port)), "{detail}");
}

#[tokio::test]
async fn stale_answers_are_not_relied_on() {
    let world = World::new().await;
    let holder = world.ca.holder("alice", NATIONAL_ID, world.both());
    world.ca.publish_crl(&world.crls);
    let _responder = world.responder();
    // Two days on: the certificates are still valid, the answer (5 minutes) and CRL (1 day) are not.
    let detail = undetermined(check(&world.chain(holder), now() + 2 * 86_400).await);
    let stale = "İptal durumu yanıtı güncel değil.";
    assert!(detail.contains(&format!("OCSP http://127.0.0.1:{}/: {stale}", world.ocsp_port)), "{detail}");
    assert!(detail.contains(&format!("/ca.crl: {stale}")), "{detail}");
}

#[tokio::test]
async fn a_responder_without_ocsp_signing_is_not_believed() {
    let world = World::new().await;
    let holder = world.ca.holder("alice", NATIONAL_ID, world.ocsp_only());
    world.ca.responder("rogue", Purpose::ClientAuth);
    let _responder = OcspResponder::start(&world.ca, &world.ca, "rogue", world.ocsp_port);
    let detail = undetermined(check(&world.chain(holder), now()).await);
    let unauthorised = "OCSP yanıtını imzalayan, sertifikayı veren kuruluş tarafından yetkilendirilmemiş.";
    assert!(detail.contains(unauthorised), "{detail}");
}

#[tokio::test]
async fn a_responder_of_another_ca_is_not_believed_and_the_crl_answers() {
    let world = World::new().await;
    let holder = world.ca.holder("alice", NATIONAL_ID, world.both());
    world.ca.publish_crl(&world.crls);
    let other = Authority::root(world.dir.path(), "other", "Other ESHS");
    other.responder("ocsp", Purpose::OcspSigning);
    let _responder = OcspResponder::start(&world.ca, &other, "ocsp", world.ocsp_port);
    let evidence = check(&world.chain(holder), now()).await.unwrap();
    assert!(matches!(good(&evidence).source, RevocationSource::Crl { .. }));
}

#[tokio::test]
async fn a_revoked_intermediate_refuses_the_chain() {
    let world = World::new().await;
    let sub = world.ca.intermediate("sub", "Test Alt ESHS", world.crl_only());
    sub.responder("ocsp", Purpose::OcspSigning);
    let holder = sub.holder("alice", NATIONAL_ID, world.ocsp_only());
    world.ca.revoke("sub");
    world.ca.publish_crl(&world.crls);
    let _responder = OcspResponder::start(&sub, &sub, "ocsp", world.ocsp_port);
    let chain = vec![holder, sub.certificate.clone(), world.ca.certificate.clone()];
    let result = check(&chain, now()).await;
    let error = result.as_ref().expect_err("refused");
    assert!(matches!(error, RevocationError::Revoked { position: 1, .. }), "{error:?}");
    let (revoked_at, message) = revoked(result);
    assert_eq!(
        message,
        format!("Sertifikanızı veren Test Alt ESHS sertifikası {} tarihinde iptal edilmiş.", istanbul(revoked_at))
    );
}

#[tokio::test]
async fn without_ocsp_the_crl_tells_good_and_revoked() {
    let world = World::new().await;
    let alice = world.ca.holder("alice", NATIONAL_ID, world.crl_only());
    let bob = world.ca.holder("bob", "10000000078", world.crl_only());
    world.ca.revoke("bob");
    world.ca.publish_crl(&world.crls);
    let evidence = check(&world.chain(alice), now()).await.unwrap();
    assert!(matches!(good(&evidence).source, RevocationSource::Crl { .. }));
    let (revoked_at, message) = revoked(check(&world.chain(bob), now()).await);
    assert_eq!(message, format!("Sertifikanız {} tarihinde iptal edilmiş.", istanbul(revoked_at)));
}

#[tokio::test]
async fn answers_are_kept_until_their_next_update() {
    let world = World::new().await;
    let alice = world.chain(world.ca.holder("alice", NATIONAL_ID, world.ocsp_only()));
    let bob = world.chain(world.ca.holder("bob", "10000000078", world.crl_only()));
    world.ca.publish_crl(&world.crls);
    let checker = checker(RevocationPolicy::default());
    let responder = world.responder();
    let at = now();
    assert!(!good(&checker.check(&alice, at).await.unwrap()).from_cache);
    assert!(!good(&checker.check(&bob, at).await.unwrap()).from_cache);
    drop(responder);
    drop(world);

    let later = at + 60;
    let evidence = checker.check(&alice, later).await.unwrap();
    assert!(good(&evidence).from_cache);
    assert_eq!(good(&evidence).checked_at, later);
    assert!(good(&checker.check(&bob, later).await.unwrap()).from_cache);
    // Past nextUpdate the kept answer is dropped, and the responder is gone.
    undetermined(checker.check(&alice, at + OCSP_VALIDITY_MINUTES * 60 + 60).await);
}

#[tokio::test]
async fn a_configured_responder_is_asked_instead_of_the_certificates() {
    let world = World::new().await;
    // The certificate names a port where nothing listens.
    let holder = world.ca.holder("alice", NATIONAL_ID, Endpoints { ocsp: Some(free_port()), crl: None });
    let _responder = world.responder();
    let url = format!("http://127.0.0.1:{}/", world.ocsp_port);
    let policy = RevocationPolicy { ocsp_responder: Some(url.clone()), ..RevocationPolicy::default() };
    let evidence = checker(policy).check(&world.chain(holder), now()).await.unwrap();
    assert_eq!(good(&evidence).source, RevocationSource::Ocsp { url });
}

#[tokio::test]
async fn the_development_policy_accepts_undetermined_and_says_so() {
    let world = World::new().await;
    let holder = world.ca.holder("alice", NATIONAL_ID, world.ocsp_only());
    let policy = RevocationPolicy { allow_undetermined: true, ..RevocationPolicy::default() };
    let evidence = checker(policy).check(&world.chain(holder), now()).await.unwrap();
    let [evidence] = evidence.as_slice() else { panic!("{evidence:?}") };
    let RevocationStatus::Undetermined(why) = &evidence.status else { panic!("{evidence:?}") };
    assert!(why.contains("unreachable") && why.contains("no CRL"), "{why}");
    assert!(evidence.response_der.is_empty());
}
