//! The wizard's stepper, "1 Başvuru Bilgileri — 2 SMS Onayı — 3 Onay — 4 Sonuç": each step's title
//! is also its screen's heading.

use leptos::prelude::*;

use crate::router::Step;

impl Step {
    pub const ALL: [Step; 4] = [Step::Form, Step::Sms, Step::Approval, Step::Result];

    pub fn title(self) -> &'static str {
        match self {
            Step::Form => "Başvuru Bilgileri",
            Step::Sms => "SMS Onayı",
            Step::Approval => "Onay",
            Step::Result => "Sonuç",
        }
    }

    fn number(self) -> usize {
        Step::ALL.iter().position(|&step| step == self).map_or(0, |index| index + 1)
    }
}

#[component]
pub fn Stepper(current: Step) -> impl IntoView {
    let items = Step::ALL
        .into_iter()
        .map(|step| {
            let class = match step.cmp(&current) {
                std::cmp::Ordering::Less => "step step-done",
                std::cmp::Ordering::Equal => "step step-current",
                std::cmp::Ordering::Greater => "step",
            };
            let aria_current = (step == current).then_some("step");
            view! {
                <li class=class aria-current=aria_current>
                    <span class="step-number">{step.number()}</span>
                    <span class="step-title">{step.title()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav aria-label="Başvuru adımları">
            <ol class="stepper">{items}</ol>
        </nav>
    }
}
