//! One screen of the wizard: the tab title, the stepper and the heading, then the application of
//! the address once it has loaded. An application that cannot be shown (not the person's, or the
//! server is gone) gets the problem page alone, without the wizard around it.

use leptos::prelude::*;
use nes_core::api::ApplicationDetail;

use super::load_application;
use crate::components::loaded::{Loading, failure_view, has_own_page};
use crate::components::stepper::Stepper;
use crate::pages::set_title;
use crate::router::Step;
use crate::session::Session;

#[component]
fn StepHeading(step: Step) -> impl IntoView {
    view! {
        <Stepper current=step />
        <h1>{step.title()}</h1>
    }
}

/// `content` gets the sipariş no and the loaded application. A callback rather than a generic
/// closure: the frame is compiled once for the four screens, not once per screen.
#[component]
pub fn WizardStep(step: Step, #[prop(into)] content: Callback<(String, ApplicationDetail), AnyView>) -> impl IntoView {
    set_title(step.title());
    let (no, detail) = load_application();
    let session = Session::get();
    move || match detail.get() {
        None => view! { <StepHeading step /> <Loading /> }.into_any(),
        Some(Ok(detail)) => view! { <StepHeading step /> {content.run((no.clone(), detail))} }.into_any(),
        Some(Err(failure)) => {
            let failure = session.observe(failure);
            let page = failure_view(failure.clone(), move || detail.refetch());
            if has_own_page(&failure) { page } else { view! { <StepHeading step /> {page} }.into_any() }
        }
    }
}
