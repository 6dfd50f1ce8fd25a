//! The wizard's stepper, "1 Başvuru Bilgileri — 2 Onay — 3 Sonuç" (seed 001 §4.4).

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Form = 1,
    Approval = 2,
    Result = 3,
}

impl Step {
    const ALL: [Step; 3] = [Step::Form, Step::Approval, Step::Result];

    fn title(self) -> &'static str {
        match self {
            Step::Form => "Başvuru Bilgileri",
            Step::Approval => "Onay",
            Step::Result => "Sonuç",
        }
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
                    <span class="step-number">{step as u8}</span>
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
