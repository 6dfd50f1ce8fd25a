//! One talep in Kurum İşlemleri: who, which birim, where it stands (with the note of a send-back or
//! rejection) and, when it is this officer's turn, the steps their role takes (`nes_core::talep`
//! decides which), a note where the step needs one, or the box that selects it for the kurum
//! yetkilisi's signed approval.

use leptos::prelude::*;
use nes_core::api::{MyRole, Talep, TalepDecision, TalepEvent};
use nes_core::date::turkish_date;
use nes_core::institution::Role;
use nes_core::talep::{self, TalepAction, TalepStatus};

use crate::action::action;
use crate::api;
use crate::components::notice::{ActionMessage, Tone};
use crate::session::Session;

/// The roles `roles` hold for `talep`: a birim amiri's for their birim, the others' for the
/// whole institution.
pub fn roles_for(roles: &[MyRole], talep: &Talep) -> Vec<Role> {
    roles
        .iter()
        .filter(|held| {
            held.institution == talep.institution
                && (!held.role.per_department() || held.department == talep.department)
        })
        .map(|held| held.role)
        .collect()
}

#[component]
pub fn TalepRow(talep: Talep, roles: Vec<MyRole>, selected: RwSignal<Vec<i64>>, reload: Callback<()>) -> impl IntoView {
    let held = roles_for(&roles, &talep);
    let turn = talep.status.waiting_for().filter(|role| held.contains(role));
    let id = talep.id;
    let note_id = format!("talep-{id}-note");
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(Tone, String)>);
    let session = Session::get();
    let step = move |chosen: TalepAction| {
        action(move || async move {
            let checked = talep::note(chosen, &note.get_untracked());
            let outcome = match checked {
                Ok(note) => api::decide_talep(id, &TalepDecision { action: chosen, note })
                    .await
                    .map_err(|failure| session.observe(failure).message()),
                Err(problem) => Err(problem),
            };
            match outcome {
                Ok(_) => reload.run(()),
                Err(problem) => message.set(Some((Tone::Error, problem))),
            }
        })
    };
    let buttons = turn.map(|role| {
        TalepAction::ALL
            .iter()
            .copied()
            .filter(|chosen| chosen.performed_by(role))
            .map(|chosen| {
                let act = step(chosen);
                let class = if chosen == TalepAction::Reject { "button-secondary" } else { "button-primary" };
                view! {
                    <button type="button" class=class disabled=move || act.pending().get() on:click=move |_| {
                        act.dispatch(());
                    }>{chosen.label()}</button>
                }
            })
            .collect_view()
    });
    let selectable = turn == Some(Role::Approver) && talep.status == TalepStatus::AwaitingApproval;
    let select_id = format!("talep-select-{id}");
    let toggle = move |on: bool| {
        selected.update(|ids| {
            ids.retain(|other| *other != id);
            if on {
                ids.push(id);
            }
        })
    };
    let who = format!("{} {}", talep.first_name, talep.last_name);
    view! {
        <tr>
            <th scope="row" data-label="Talep No">{id}</th>
            <td data-label="Personel">{who.clone()}<br /><span class="muted">{talep.national_id_masked}</span></td>
            <td data-label="Birim">{talep.department}<br /><span class="muted">{talep.reason.label()}</span></td>
            <td data-label="Durum">
                <strong>{talep.status_label}</strong>
                {(!talep.note.is_empty()).then(|| view! { <p class="status-explanation">{format!("Not: {}", talep.note)}</p> })}
                <History id />
            </td>
            <td data-label="İşlem">
                {selectable.then(|| view! {
                    <label class="check" for=select_id.clone()>
                        <input type="checkbox" id=select_id.clone() on:change=move |event| toggle(event_target_checked(&event)) />
                        {format!("{who} onaya seç")}
                    </label>
                })}
                {buttons.map(|buttons| view! {
                    <label class="visually-hidden" for=note_id.clone()>"Not (geri gönderme ve ret için zorunlu)"</label>
                    <input type="text" id=note_id.clone() maxlength=talep::NOTE_MAX_CHARS.to_string()
                        placeholder="Not (geri gönderme ve ret için zorunlu)"
                        on:input=move |event| note.set(event_target_value(&event)) />
                    <div class="row">{buttons}</div>
                    <ActionMessage message />
                })}
            </td>
        </tr>
    }
}

/// "Geçmiş": who did what when, loaded when opened.
#[component]
fn History(id: i64) -> impl IntoView {
    let events = RwSignal::new(None::<Result<Vec<TalepEvent>, String>>);
    let session = Session::get();
    let load = action(move || async move {
        let loaded = api::talep(id).await.map(|talep| talep.history).map_err(|f| session.observe(f).message());
        events.set(Some(loaded));
    });
    let toggled = move |event: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let open =
            event.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open());
        if open && events.with_untracked(Option::is_none) {
            load.dispatch(());
        }
    };
    view! {
        <details class="history" on:toggle=toggled>
            <summary>"Geçmiş"</summary>
            {move || match events.get() {
                None => view! { <p class="loading" role="status">"Yükleniyor…"</p> }.into_any(),
                Some(Err(problem)) => view! { <p class="notice notice-error">{problem}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ol>
                        {list.into_iter().map(|event| {
                            let note = (!event.note.is_empty()).then(|| format!(" — {}", event.note));
                            view! { <li>{format!("{} · {} · {}", turkish_date_time(&event.at), event.action_label, event.actor)}{note}</li> }
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </details>
    }
}

/// `2026-12-03T06:37:33Z` → `03.12.2026 06:37` (UTC, as the server keeps it).
fn turkish_date_time(at: &str) -> String {
    let (date, time) = at.split_once('T').unwrap_or((at, ""));
    format!("{} {}", turkish_date(date), time.get(..5).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nes_core::form::ApplicationReason;

    fn talep(department: &str) -> Talep {
        Talep {
            id: 1,
            institution: "Kurum A".into(),
            department: department.into(),
            national_id_masked: "100******46".into(),
            first_name: "AYŞE".into(),
            last_name: "YILMAZ".into(),
            reason: ApplicationReason::First,
            status: TalepStatus::AwaitingUnitHead,
            status_label: String::new(),
            note: String::new(),
            filed_at: String::new(),
            history: Vec::new(),
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn history_times_read_as_turkish_dates() {
        assert_eq!(turkish_date_time("2026-12-03T06:37:33Z"), "03.12.2026 06:37");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_birim_amiri_holds_their_role_for_their_birim_only() {
        let role = |role, institution: &str, department: &str| MyRole {
            institution: institution.into(),
            role,
            department: department.into(),
        };
        let roles = [
            role(Role::UnitHead, "Kurum A", "Destek"),
            role(Role::SignatureOfficer, "Kurum A", ""),
            role(Role::Approver, "Kurum B", ""),
        ];
        assert_eq!(roles_for(&roles, &talep("Destek")), [Role::UnitHead, Role::SignatureOfficer]);
        assert_eq!(roles_for(&roles, &talep("Muhasebe")), [Role::SignatureOfficer]);
    }
}
