//! The screens fetched on demand (`lazy.rs`): what a person opens after Giriş. The shell, Giriş and
//! the problem pages stay in the main module, which is all the login page downloads.
//!
//! Screens are grouped into three chunks by who goes through them together: the applicant's
//! journey (Başvurularım, where Giriş leads, and the wizard it opens), the officers' Kurum
//! İşlemleri, and the person's other pages. Code two chunks share goes into a shared chunk for each
//! combination, so a chunk per screen (measured: 133 files, up to dozens per screen) would cost a
//! slow link more round trips than the bytes it saves.

use leptos::prelude::*;

use crate::lazy::{Screen, screen};
use crate::pages::applications::ApplicationsPage;
use crate::pages::card::CardPage;
use crate::pages::e_onay::EOnayPage;
use crate::pages::institution::InstitutionPage;
use crate::pages::own_certificates::OwnCertificatesPage;
use crate::pages::own_taleps::OwnTaleps;
use crate::pages::signature_report::SignatureReportPage;
use crate::pages::signatures::SignaturesPage;
use crate::wizard::approval::ApprovalPage;
use crate::wizard::form_page::FormPage;
use crate::wizard::result::ResultPage;
use crate::wizard::sms::SmsPage;

screen!(applications() in applicant => view! { <ApplicationsPage /> });
screen!(form() in applicant => view! { <FormPage /> });
screen!(sms() in applicant => view! { <SmsPage /> });
screen!(approval() in applicant => view! { <ApprovalPage /> });
screen!(result() in applicant => view! { <ResultPage /> });
screen!(e_onay() in account => view! { <EOnayPage /> });
screen!(institution() in institution => view! { <InstitutionPage /> });
screen!(own_taleps() in account => view! { <OwnTaleps /> });
screen!(signatures() in account => view! { <SignaturesPage /> });
screen!(signature_report(id: i64) in account => view! { <SignatureReportPage id /> });
screen!(card() in account => view! { <CardPage /> });
screen!(own_certificates() in account => view! { <OwnCertificatesPage /> });

/// Starts fetching the chunk of Başvurularım, where a login leads, while the server checks the
/// login: measured at 4 Mbps / 150 ms, fetched only after it, the chunk added ~0.5 s to Giriş.
pub fn prefetch_applications() {
    leptos::task::spawn_local(async {
        // A failure is shown, and the fetch tried again, when the screen asks for the chunk.
        let _ = applications().await;
    });
}
