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
    move || {
        let body = match detail.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Ok(detail)) => content.run((no.clone(), detail)),
            Some(Err(failure)) => {
                let failure = session.observe(failure);
                let alone = has_own_page(&failure);
                let problem = failure_view(failure, move || detail.refetch());
                // Not found, or the server is gone: the problem page has its own heading.
                if alone {
                    return problem;
                }
                problem
            }
        };
        view! { <StepHeading step /> {body} }.into_any()
    }
}
